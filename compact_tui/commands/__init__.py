"""Subcommands of ``compact-tui``: each module here offers ``add_parser(subparsers)``.

Discovered by name, so each area adds its own command without touching the others.
"""
