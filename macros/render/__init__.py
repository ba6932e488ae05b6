"""Pure render functions: index and model in, Markup out through macros/templates/. No MkDocs, no other file access."""
