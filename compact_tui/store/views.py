"""People-facing views of the store's own tables: conflicts to settle and a record's history.

Screens show these rather than raw ``_conflicts``/``_history`` rows: each names the record the
way a person knows it (its name, title or description), not by its id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..domain.records import from_record
from ..domain.schemas import HistoryEntry as StoredHistoryEntry
from ..domain.schemas import StoredConflict
from .records import MERGE_REPLICA, stamp_to_iso

if TYPE_CHECKING:
    from .core import Store

LABEL_FIELDS = ("name", "title", "description", "ref", "summary", "subject", "question",
                "text", "item")
TABLE_LABELS = {
    "organisations": "Organisation", "champions": "Champion", "meetings": "Meeting",
    "agenda_items": "Agenda item", "attendance": "Attendance", "decisions": "Decision",
    "actions": "Action", "disputes": "Dispute", "dispute_events": "Dispute event",
    "self_assessments": "Self-assessment", "action_plans": "Action plan",
}
LONG_TEXT = 60


def table_label(table: str) -> str:
    return TABLE_LABELS.get(table, table.replace("_", " ").capitalize())


def field_label(field: str) -> str:
    if field == "_deleted":
        return "deleted or kept"
    return field.replace("_", " ").replace(".", " ")


def record_label(doc: dict[str, Any] | None, record_id: str) -> str:
    """The record as a person knows it: its name, title or description, else a short id."""
    if doc:
        for name in LABEL_FIELDS:
            value = doc.get(name)
            if isinstance(value, str) and value.strip():
                text = " ".join(value.split())
                return text if len(text) <= 40 else text[:39] + "…"
    return f"record {record_id[:8]}"


def parse_moment(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None
    except ValueError:
        return None


@dataclass(frozen=True)
class ConflictView:
    id: str
    table: str
    record_id: str
    record: str
    field: str
    kept_value: Any
    kept_by: str
    kept_at: datetime | None
    other_value: Any
    other_by: str
    other_at: datetime | None

    @property
    def what(self) -> str:
        return f"{table_label(self.table)}: {self.record}"

    @property
    def field_name(self) -> str:
        return field_label(self.field)

    @property
    def is_deletion(self) -> bool:
        return self.field == "_deleted"

    @property
    def is_text(self) -> bool:
        return isinstance(self.kept_value, str) and isinstance(self.other_value, str)

    @property
    def is_long(self) -> bool:
        return self.is_text and any(len(v) > LONG_TEXT or "\n" in v
                                    for v in (self.kept_value, self.other_value))


def show_value(value: Any) -> str:
    """A value as a person reads it (no JSON quotes, "(empty)" for nothing)."""
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(show_value(v) for v in value) or "(empty)"
    return str(value)


def conflict_views(store: Store) -> list[ConflictView]:
    return [conflict_view(store, row) for row in store.conflicts()]


def conflict_view(store: Store, row: dict[str, Any]) -> ConflictView:
    """One clash; "kept for now" is what the field holds now (it may have changed since the
    clash), with who wrote it and when, so keeping it can never put back an older value."""
    clash = from_record(StoredConflict, row)  # a damaged row reads with empty fields
    doc = store.raw_record(clash.table, clash.record_id)
    kept, kept_by, kept_at = clash.kept_value, clash.kept_by, clash.kept_at
    field = clash.field
    if doc is not None and field != "_deleted" and field in doc:
        kept = doc[field]
        dot = doc.get("_dots", {}).get(field)
        if isinstance(dot, list) and len(dot) > 3 and dot[0] != MERGE_REPLICA:
            kept_by, kept_at = str(dot[3]), stamp_to_iso(dot[2])
    return ConflictView(
        id=clash.id, table=clash.table, record_id=clash.record_id,
        record=record_label(doc, clash.record_id), field=field,
        kept_value=kept, kept_by=kept_by or "someone", kept_at=parse_moment(kept_at),
        other_value=clash.lost_value, other_by=clash.lost_by or "someone",
        other_at=parse_moment(clash.lost_at))


@dataclass(frozen=True)
class FieldChange:
    """The last write of one field: who, when, and the edit's identity (to compare)."""

    value: Any
    by: str
    at: datetime | None
    dot: list[Any] | None

    @property
    def local_time(self) -> str:
        return self.at.astimezone().strftime("%H:%M") if self.at else "an unknown time"


def field_changes(store: Store, table: str, record_id: str,
                  fields: list[str]) -> dict[str, FieldChange] | None:
    """The last write of each field of a record; None once the record is gone."""
    doc = store.raw_record(table, record_id)
    if doc is None or store.get(table, record_id) is None:
        return None
    dots = doc.get("_dots", {})
    changes = {}
    for name in fields:
        dot = dots.get(name)
        valid = isinstance(dot, list) and len(dot) > 3
        changes[name] = FieldChange(doc.get(name), str(dot[3]) if valid else "",
                                    parse_moment(stamp_to_iso(dot[2])) if valid else None,
                                    dot if valid else None)
    return changes


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime | None
    by: str
    fields: tuple[str, ...]

    @property
    def fields_text(self) -> str:
        return ", ".join(field_label(f) for f in self.fields) or "(no fields)"


def history_entries(store: Store, table: str, record_id: str) -> list[HistoryEntry]:
    typed = (from_record(StoredHistoryEntry, entry) for entry in store.history(table, record_id))
    return [HistoryEntry(parse_moment(entry.at), entry.by or "someone", tuple(entry.fields))
            for entry in typed]


def describe_record(store: Store, table: str, record_id: str) -> str:
    return f"{table_label(table)}: {record_label(store.raw_record(table, record_id), record_id)}"
