"""``compact-tui demo PATH``: write a store full of realistic Brentwood demo data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import EXIT_OK, EXIT_USAGE, CommandError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo", help="write a demo store", description="Write a new store with demo data "
        "for Brentwood: the seven Working Group members, meetings, actions, a dispute and "
        "returns. It refuses to overwrite an existing file.")
    parser.add_argument("path", type=Path, help="where to write the demo store")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..demo import write_demo

    try:
        write_demo(args.path)
    except FileExistsError as error:
        raise CommandError(str(error), EXIT_USAGE) from error
    print(f"Demo store written to {args.path}", file=sys.stderr)
    return EXIT_OK
