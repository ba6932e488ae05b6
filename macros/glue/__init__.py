"""MkDocs glue: the only modules that know MkDocs; they wire the core in and hold no logic of their own."""
