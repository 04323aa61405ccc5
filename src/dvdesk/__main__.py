"""``python -m dvdesk``: the same command line as ``dvdesk`` (no arguments: the window)."""

from dvdesk.cli import main

raise SystemExit(main())
