"""``python -m compact_tui``: the same as the ``compact-tui`` command."""

from .cli import main

raise SystemExit(main())
