from dvdesk.cli import main

raise SystemExit(main())
