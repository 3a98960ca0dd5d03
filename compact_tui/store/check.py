"""What ``compact-tui check`` reports: is the file a healthy store, and what waits beside it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..domain.tables import DOMAIN_TABLES
from .backups import newest_valid_backup
from .conflict_copies import find_conflict_copies
from .core import HISTORY_TABLE, META_ID, META_TABLE, SCHEMA_VERSION
from .errors import UnreadableStoreError
from .files import is_uuid, parse_store_bytes
from .records import CONFLICTS_TABLE, is_live

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


def check_store_file(path: Path) -> CheckReport:
    report = CheckReport(path)
    try:
        data = parse_store_bytes(path.read_bytes(), path.name)
    except UnreadableStoreError as error:
        report.problems.append(str(error))
        _note_copies(path, report)
        _note_backup(path, report)
        return report
    schema = data.get(META_TABLE, {}).get(META_ID, {}).get("schema_version", SCHEMA_VERSION)
    newer = isinstance(schema, int) and schema > SCHEMA_VERSION
    for table, records in sorted(data.items()):
        if table not in DOMAIN_TABLES | STORE_TABLES:
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
    live = {t: sum(1 for d in r.values() if is_live(d)) for t, r in data.items()}
    counts = ", ".join(f"{t} {n}" for t, n in sorted(live.items()) if not t.startswith("_"))
    report.notes.append(f"records: {counts or 'none'}")
    unsettled = sum(1 for d in data.get(CONFLICTS_TABLE, {}).values()
                    if is_live(d) and not d.get("settled"))
    if unsettled:
        report.notes.append(f"{unsettled} unsettled conflict(s) to settle in the app")
    _note_copies(path, report)
    _note_backup(path, report)
    return report


def _note_copies(path: Path, report: CheckReport) -> None:
    """Conflict copies beside the file; the app merges and archives them when it opens."""
    for copy in find_conflict_copies(path):
        sure = "" if copy.certain else ", merged only if it holds this store"
        report.notes.append(f"conflict copy waiting: {copy.path.name} "
                            f"({copy.description}{sure}); opening the app merges it")


def _note_backup(path: Path, report: CheckReport) -> None:
    found = newest_valid_backup(path)
    if found:
        report.notes.append(f"newest valid backup: {found[0].path}")
    else:
        report.notes.append("no valid backup found")
