"""``compact-tui copies [merge|put-aside NAME]``: copies of the store waiting beside the file.

Conflict copies a sync service really makes are merged by the app without asking; anything
else holding this store (``compact-training.json``, ``compact copy.json``, a OneDrive-shaped
name from a computer the group has never seen) waits for a member to say what it is. Running
``copies merge NAME`` is that confirmation; ``copies put-aside NAME`` moves it to the archive
folder unmerged.
"""

from __future__ import annotations

import argparse
import sys

from ..store import StoreError
from .common import EXIT_OK, CommandError, add_store_argument, open_for_command


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "copies", help="list copies of the store beside the file; merge or put one aside",
        description="List the copies of the store found beside the data file. Copies that "
        "sync services make are merged by the app on its own; any other copy waits until "
        "you merge it ('copies merge NAME') or put it aside ('copies put-aside NAME').")
    add_store_argument(parser)
    parser.set_defaults(run=run_list)
    actions = parser.add_subparsers(title="copies commands", metavar="ACTION")
    listing = actions.add_parser("list", help="list the copies (the default)")
    add_store_argument(listing, keep_earlier=True)
    listing.set_defaults(run=run_list)
    merge = actions.add_parser(
        "merge", help="merge a waiting copy into the store (a backup is kept first)",
        description="Merge the named copy into the store. A backup of the store is kept "
        "first, so 'compact-tui backups restore' can undo the merge.")
    merge.add_argument("name", metavar="NAME", help="the copy's file name, as listed")
    add_store_argument(merge, keep_earlier=True)
    merge.set_defaults(run=run_merge)
    aside = actions.add_parser(
        "put-aside", help="move a waiting copy to the archive folder without merging it")
    aside.add_argument("name", metavar="NAME", help="the copy's file name, as listed")
    add_store_argument(aside, keep_earlier=True)
    aside.set_defaults(run=run_put_aside)


def run_list(args: argparse.Namespace) -> int:
    with open_for_command(args, read_only=True, with_copies=False) as store:
        copies = store.copies_beside()
    if not copies:
        print("No copies of the store beside the file.")
        return EXIT_OK
    for waiting in copies:
        print(waiting.describe())
    return EXIT_OK


def run_merge(args: argparse.Namespace) -> int:
    return _decide(args, merge=True)


def run_put_aside(args: argparse.Namespace) -> int:
    return _decide(args, merge=False)


def _decide(args: argparse.Namespace, *, merge: bool) -> int:
    """The member's word on one copy: merge it, or put it aside unmerged."""
    with open_for_command(args) as store:
        try:
            print(store.merge_copy(args.name) if merge else store.put_copy_aside(args.name),
                  file=sys.stderr)
        except (OSError, StoreError) as error:
            action = "merge" if merge else "put-aside"
            raise CommandError(f"compact-tui copies {action}: {error}") from error
    return EXIT_OK
