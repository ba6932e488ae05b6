"""``python -m macros``: the contributor commands (check, new-annotation, new-report)."""

from macros.cli import main

raise SystemExit(main())
