"""``python -m postventa``: the same as the ``postventa`` command."""

from postventa.cli import main

raise SystemExit(main())
