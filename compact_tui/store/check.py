"""What ``compact-tui check`` reports: is the file a healthy store, and what waits beside it.

Damaged records (a value that does not fit its table's schema, ``domain/schemas.py``) are
problems, named by table, record and field with who last changed them; the app still opens
such a file and lists them on its "Damaged records" screen for repair.

Copies waiting beside the file are read into memory (never written) so the record counts
include what is only in them; the backup holding the newest data is named, so after a bad sync
empties the file a member knows what to restore; and a clock far from the file's is said.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.schemas import APP_TABLES, record_problems
from .backups import newest_backup_data, newest_edit
from .clock import SKEW_TOLERANCE_SECONDS, describe_offset, stamp_seconds
from .conflict_copies import archive_size
from .errors import UnreadableStoreError
from .file_format import FILE_FORMAT, is_older_format
from .files import is_uuid, parse_store_bytes
from .records import CONFLICTS_TABLE, is_live
from .tables import HISTORY_TABLE, META_ID, META_TABLE, SCHEMA_VERSION
from .waiting import merged_view, waiting_copies

STORE_TABLES = frozenset({META_TABLE, HISTORY_TABLE, CONFLICTS_TABLE})


@dataclass
class CheckReport:
    path: Path
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        head = (f"{self.path}: OK" if self.ok
                else f"{self.path}: {len(self.problems)} problem(s)")
        return [head, *(f"  problem: {p}" for p in self.problems),
                *(f"  note: {n}" for n in self.notes)]


def check_store_file(path: Path, now: float | None = None) -> CheckReport:
    report = CheckReport(path)
    try:
        payload = path.read_bytes()
        data = parse_store_bytes(payload, path.name)
    except UnreadableStoreError as error:
        report.problems.append(str(error))
        _note_copies(path, {}, report)
        _note_backup(path, report, file_unreadable=True)
        return report
    schema = data.get(META_TABLE, {}).get(META_ID, {}).get("schema_version", SCHEMA_VERSION)
    newer = isinstance(schema, int) and schema > SCHEMA_VERSION
    for table, records in sorted(data.items()):
        if table not in APP_TABLES | STORE_TABLES:
            message = f'unknown table "{table}"'
            if newer:
                report.notes.append(message + " (written by a newer version; it is kept)")
            else:
                report.problems.append(message)
        for record_id, doc in records.items():
            if table != META_TABLE and not is_uuid(record_id):
                report.problems.append(f'record "{record_id}" in "{table}" has no valid id '
                                       "(ids are UUIDs)")
            elif "_vv" not in doc or "_dots" not in doc:
                report.problems.append(f'record "{record_id}" in "{table}" is missing its '
                                       "version information (_vv/_dots)")
            if is_live(doc):
                report.problems.extend(_damage(table, record_id, doc))
    if is_older_format(payload):
        report.notes.append("file format 1 (compact-tui 0.1): opening it in the app converts "
                            f"it to format {FILE_FORMAT}, which plain TinyDB reads, after a "
                            "backup")
    view = _note_copies(path, data, report)
    live = {t: sum(1 for d in r.values() if is_live(d)) for t, r in view.items()}
    counts = ", ".join(f"{t} {n}" for t, n in sorted(live.items()) if not t.startswith("_"))
    including = " (including what waits in conflict copies)" if view is not data else ""
    report.notes.append(f"records: {counts or 'none'}{including}")
    unsettled = sum(1 for d in view.get(CONFLICTS_TABLE, {}).values()
                    if is_live(d) and not d.get("settled"))
    if unsettled:
        report.notes.append(f"{unsettled} unsettled conflict(s) to settle in the app")
    _note_clock(view, report, time.time() if now is None else now)
    _note_backup(path, report)
    return report


def _damage(table: str, record_id: str, doc: Mapping[str, Any]) -> list[str]:
    """One line per field of a record that does not fit its table's schema."""
    problems = record_problems(table, doc)
    if not problems:
        return []
    by = doc.get("_updated_by")
    who = f", last changed by {by}" if isinstance(by, str) and by else ""
    at = doc.get("_updated_at")
    when = f" at {at}" if isinstance(at, str) and at and who else ""
    return [f'damaged record in "{table}": record "{record_id}", field "{problem.field}" '
            f"{problem.problem}{who}{when}" for problem in problems]


def _note_copies(path: Path, data: dict[str, Any], report: CheckReport) -> dict[str, Any]:
    """Copies beside the file, read into memory; returns the data as it will read with the
    copies the app merges by itself (the file is never written)."""
    copies = waiting_copies(path, data)
    for waiting in copies:
        report.notes.append(f"copy waiting: {waiting.describe()}")
    size = archive_size(path)
    if size:
        report.notes.append(f"archive of merged copies: {size / 1e6:.1f} MB")
    return merged_view(data, copies) if data else data


def _note_clock(data: Mapping[str, Any], report: CheckReport, now: float) -> None:
    """Edits stamped far from this computer's clock mean one of two clocks is wrong."""
    stamp, by = newest_edit(data)
    seconds = stamp_seconds(stamp) if stamp else None
    if seconds is None:
        return
    offset = seconds - now
    if offset > SKEW_TOLERANCE_SECONDS:
        who = f" by {by}" if by else ""
        report.problems.append(
            f"clock: the newest edit{who} is stamped {describe_offset(offset)} this "
            "computer's clock: either this computer's clock is behind or that member's is "
            "ahead; check the date and time settings")
    else:
        report.notes.append("clock: no edit is stamped ahead of this computer's clock")


def _note_backup(path: Path, report: CheckReport, *, file_unreadable: bool = False) -> None:
    found = newest_backup_data(path)
    if found is None:
        report.notes.append("no valid backup found")
        return
    report.notes.append(f"newest valid backup: {found.best.path}")
    line = found.describe()
    if file_unreadable:
        line += "; opening the app offers to restore it (key r)"
    report.notes.append(line[0].upper() + line[1:])
