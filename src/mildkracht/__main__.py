from mildkracht.cli import main

raise SystemExit(main())
