"""``compact-tui backups [restore NAME]``: the backups beside the file, and undoing to one.

Restoring sets every record back to the backup's values as new edits, which every member's
app then takes in: a bad merge (a practice copy merged by mistake) is undone everywhere.
"""

from __future__ import annotations

import argparse
import sys

from ..domain.dates import format_moment
from ..store import StoreError
from ..store.backups import list_backups, newest_backup_data
from .common import EXIT_OK, CommandError, add_store_argument, open_for_command, store_path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "backups", help="list the backups beside the file; restore one",
        description="List the backups beside the data file, newest first, and say which "
        "holds the newest data. 'backups restore NAME' sets the records back to that "
        "backup's values (as new edits every member's app takes in).")
    add_store_argument(parser)
    parser.set_defaults(run=run_list)
    actions = parser.add_subparsers(title="backups commands", metavar="ACTION")
    listing = actions.add_parser("list", help="list the backups (the default)")
    add_store_argument(listing, keep_earlier=True)
    listing.set_defaults(run=run_list)
    restore = actions.add_parser(
        "restore", help="set the records back to a backup's values",
        description="Set every record back to the named backup's values. The edits made "
        "since are not thrown away: they stay in the record history and the backups.")
    restore.add_argument("name", metavar="NAME", help="the backup's file name, as listed")
    add_store_argument(restore, keep_earlier=True)
    restore.set_defaults(run=run_restore)


def run_list(args: argparse.Namespace) -> int:
    path = store_path(args)
    backups = list_backups(path)
    if not backups:
        print(f"No backups beside {path}.")
        return EXIT_OK
    for backup in backups:
        print(f"{format_moment(backup.taken_at)}  {backup.path.name}")
    newest = newest_backup_data(path)
    if newest is not None:
        text = newest.describe()
        print(text[0].upper() + text[1:] + ".")
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    with open_for_command(args, allow_unreadable=True) as store:
        matches = [b for b in store.backups_available() if b.path.name == args.name]
        if not matches:
            raise CommandError(f'no backup named "{args.name}"; see compact-tui backups')
        try:
            changed = store.restore_backup(matches[0].path)
        except (OSError, StoreError) as error:
            raise CommandError(f"compact-tui backups restore: {error}") from error
    print(f"Restored {args.name}: {changed} record(s) set back to its values.",
          file=sys.stderr)
    return EXIT_OK
