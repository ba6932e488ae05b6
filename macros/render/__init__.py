"""Pure render functions: index and model in, HTML strings out. No MkDocs, no file access."""
