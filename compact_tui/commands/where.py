"""``compact-tui where``: every path the app uses on this machine, and why that one.

For whoever helps a member: which data file the app opens (and what chose it), where the
settings, journal and problem log are, the folders kept beside the data file, and where
content, agenda templates and exports come from.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import locations
from ..config import store_path_and_reason
from .common import EXIT_OK, add_store_argument, settings_or_default


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "where", help="print every path the app uses",
        description="Print every file and folder the app uses on this machine: the data "
        "file and what chose it, the settings file, the journal, the problem log, the folders "
        "beside the data file, content, agenda templates and where exports go.")
    add_store_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_or_default()
    store, chosen_by = store_path_and_reason(getattr(args, "store", None), settings)
    content = locations.content_folder(None, settings.content_folder)
    rows = [
        ("Data file", store, chosen_by),
        ("Backups", locations.backups_folder(store), "beside the data file"),
        ("Archive of merged copies", locations.archive_folder(store), "beside the data file"),
        ("Who else is there", locations.presence_folder(store), "beside the data file"),
        ("Exports (default)", locations.export_folder(store), "the data file's folder"),
        ("Register with contacts", locations.private_export_folder(), "your home folder"),
        ("Settings file", locations.config_file(), "this machine"),
        ("Journal of unsaved edits", locations.journal_dir(), "this machine"),
        ("Problem log", locations.problem_log_file(), "this machine"),
        ("This machine's folder", locations.data_dir(), "device id, journal, demo store"),
        ("Content", content or Path("(Brentwood, shipped with the app)"),
         "settings: content_folder" if content else "shipped"),
        ("Agenda templates", locations.agendas_folder(settings.agendas_folder),
         "settings: agendas_folder" if settings.agendas_folder else "shipped"),
    ]
    width = max(len(name) for name, _path, _why in rows)
    for name, path, why in rows:
        exists = "" if Path(path).exists() or str(path).startswith("(") else "  (not there yet)"
        print(f"{name:<{width}}  {path}{exists}  [{why}]")
    return EXIT_OK
