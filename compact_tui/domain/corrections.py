"""Corrections to the record of a meeting before its minutes are approved: each changed field
is written alone (so it merges with others' edits) and kept with its old and new value, so a
person can see what the record said before and what it says now, side by side.

Table ``corrections``: ``table``, ``record_id``, ``meeting_id``, ``field``, ``old``, ``new``,
``at`` (UTC), ``by`` (member). One record per changed field, never edited afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .ports import RecordPort
from .records import from_record

CORRECTIONS = "corrections"
REMOVED = "(removed)"


@dataclass
class Correction:
    id: str = ""
    table: str = ""
    record_id: str = ""
    meeting_id: str = ""
    field: str = ""
    old: Any = None
    new: Any = None
    at: str = ""
    by: str = ""
    updated_at: str = ""
    updated_by: str = ""


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def apply_correction(store: RecordPort, table: str, record_id: str, changes: Mapping[str, Any], *,
                     meeting_id: str = "") -> list[str]:
    """Write the fields that really change and keep each one's old and new value."""
    record = store.get(table, record_id) or {}
    changed = {name: value for name, value in changes.items() if record.get(name) != value}
    if not changed:
        return []
    written = store.update(table, record_id, changed)
    for name, value in changed.items():
        store.insert(CORRECTIONS, {"table": table, "record_id": record_id,
                                   "meeting_id": meeting_id, "field": name,
                                   "old": record.get(name), "new": value, "at": _now(),
                                   "by": getattr(store, "member", "")})
    return written


def remove_with_correction(store: RecordPort, table: str, record_id: str, summary: str, *,
                           meeting_id: str = "") -> None:
    """Remove a record, keeping what it said as a correction."""
    store.delete(table, record_id)
    store.insert(CORRECTIONS, {"table": table, "record_id": record_id,
                               "meeting_id": meeting_id, "field": REMOVED, "old": summary,
                               "new": "", "at": _now(), "by": getattr(store, "member", "")})


def corrections(store: RecordPort, *, table: str = "", record_id: str = "",
                meeting_id: str = "") -> list[Correction]:
    """Corrections of one record, or of everything in one meeting's record; newest first."""
    wanted = {k: v for k, v in (("table", table), ("record_id", record_id),
                                ("meeting_id", meeting_id)) if v}
    found = [from_record(Correction, r) for r in store.all(CORRECTIONS)
             if all(r.get(k) == v for k, v in wanted.items())]
    return sorted(found, key=lambda c: c.at, reverse=True)
