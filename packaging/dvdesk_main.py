"""Entry point of the built program (PyInstaller needs a script): the same as ``dvdesk``."""

from dvdesk.cli import main

raise SystemExit(main())
