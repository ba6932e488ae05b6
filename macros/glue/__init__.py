"""MkDocs glue: the only modules that know MkDocs. They wire the core in and hold no logic of their own."""
