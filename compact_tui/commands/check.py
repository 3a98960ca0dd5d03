"""``compact-tui check PATH``: is this file a healthy store? Exit 0 if so, 1 if not."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..store.check import check_store_file
from .common import EXIT_OK, EXIT_PROBLEM, EXIT_USAGE


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check", help="validate a store file",
        description="Check that a store file is valid JSON of the right shape, with known "
        "tables and records that carry their ids; report conflict copies waiting beside it, "
        "unsettled conflicts and the newest valid backup. Exits 1 when something is wrong.")
    parser.add_argument("path", type=Path, help="the store file to check")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not args.path.exists():
        print(f"compact-tui check: {args.path} does not exist", file=sys.stderr)
        return EXIT_USAGE
    if not args.path.is_file():
        kind = "a folder" if args.path.is_dir() else "not an ordinary file"
        print(f"compact-tui check: {args.path} is {kind}: a store is a .json file",
              file=sys.stderr)
        return EXIT_USAGE
    report = check_store_file(args.path)
    for line in report.lines():
        print(line)
    return EXIT_OK if report.ok else EXIT_PROBLEM
