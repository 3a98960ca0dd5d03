"""Every table of the app and the shape of its records: **the one place to add a table**.

The file is shared, so whatever one member's script, an older or newer app, or a hand edit
writes, every other member reads. A record is typed where it enters the domain: a record's
schema is its area's dataclass (the field annotations are the types a stored value must have),
plus, for tables whose field names carry an id (``answer.1.2``), a value type per name prefix.
A record that does not fit is a *damaged record*: the domain reads it with the fields that fit
(``records.from_record``), the section lists it with what is wrong, and the "Damaged records"
screen repairs or removes it. ``compact-tui check`` reports the same problems, and the store
refuses a write that would not fit (``store.tables``).

Checking is done by msgspec: it validates a plain dict against a dataclass's annotations in
C, about twice as fast as building the dataclass by hand did, so typing every record costs
nothing at start (measured in docs/architecture.md). Field types use builtin types only, so
the dataclasses stay plain Python that needs no msgspec to be used.

To add a table: give its area a dataclass whose fields have defaults, add one line to
``TABLE_SCHEMAS`` below, naming the section that lists its records. ``check`` then knows the
table, the store checks writes to it and the damaged-records screen can repair it.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import msgspec

from .actions import ACTIONS, Action
from .annual_report import ANNUAL_REPORTS
from .assessments import ACTION_PLANS, REVIEW_PREFIX, SELF_ASSESSMENTS, AssessmentSummary
from .clock.consultations import CONSULTATIONS, Consultation
from .clock.cycle import COMPACT_CYCLE, CycleEntry
from .clock.funding import FUNDING_CHANGES, FundingChange
from .corrections import CORRECTIONS, Correction
from .disputes import DISPUTE_EVENTS, DISPUTES, Dispute, DisputeEvent
from .mailings import MAILINGS, StoredMailing
from .meetings.model import (
    AGENDA_ITEMS,
    AMENDMENTS,
    ATTENDANCE,
    DECISIONS,
    DECLARATIONS,
    MEETINGS,
    AgendaItem,
    Amendment,
    Attendee,
    Decision,
    Declaration,
    Meeting,
)
from .records import fits
from .register import CHAMPIONS, ORGANISATIONS, Champion, Organisation

CONFLICTS = "_conflicts"
HISTORY = "_history"

# Fields every record has besides its own: the store's people-facing metadata (never checked
# here: the store refuses a file whose bookkeeping is malformed) and the record id.
_NOT_CHECKED = frozenset({"id", "updated_at", "updated_by"})


@dataclass
class SelfAssessmentAnswer:
    """``answer.<question id>`` of a self-assessment."""

    rating: str = ""
    notes: str = ""


@dataclass
class ActionPlanRating:
    """``rating.<practice id>`` of an action plan."""

    rating: str = ""
    note: str = ""
    target: str = ""


@dataclass
class StoredConflict:
    """A ``_conflicts`` row (kept by the store): the value that lost a clash, to settle."""

    id: str = ""
    table: str = ""
    record_id: str = ""
    field: str = ""
    kept_value: Any = None
    kept_by: str = ""
    kept_at: str = ""
    lost_value: Any = None
    lost_by: str = ""
    lost_at: str = ""
    settled: bool = False
    settled_value: Any = None
    settled_by: str = ""


@dataclass
class HistoryEntry:
    """A ``_history`` row (kept by the store): who changed which fields of a record, when."""

    id: str = ""
    table: str = ""
    record_id: str = ""
    fields: list[str] = dataclasses.field(default_factory=list)
    at: str = ""
    by: str = ""


@dataclass
class AnnualReportIntroduction:
    """An ``annual_reports`` row: the group's own introduction to a year's report."""

    id: str = ""
    year: int = 0
    introduction: str = ""


@dataclass(frozen=True)
class TableSchema:
    """A table's record type, where its records are listed, and its id-named fields."""

    record: type
    section: str
    patterns: tuple[tuple[str, Any], ...] = ()
    noun: str = "record"


TABLE_SCHEMAS: dict[str, TableSchema] = {
    ORGANISATIONS: TableSchema(Organisation, "register", noun="organisation"),
    CHAMPIONS: TableSchema(Champion, "register", noun="champion"),
    MEETINGS: TableSchema(Meeting, "meetings", noun="meeting"),
    AGENDA_ITEMS: TableSchema(AgendaItem, "meetings", noun="agenda item"),
    ATTENDANCE: TableSchema(Attendee, "meetings", noun="attendance entry"),
    DECISIONS: TableSchema(Decision, "meetings", noun="decision"),
    ACTIONS: TableSchema(Action, "actions", noun="action"),
    AMENDMENTS: TableSchema(Amendment, "meetings", noun="amendment"),
    DECLARATIONS: TableSchema(Declaration, "meetings", noun="declaration"),
    CORRECTIONS: TableSchema(Correction, "meetings", noun="correction"),
    DISPUTES: TableSchema(Dispute, "disputes", noun="dispute"),
    DISPUTE_EVENTS: TableSchema(DisputeEvent, "disputes", noun="dispute timeline entry"),
    SELF_ASSESSMENTS: TableSchema(
        AssessmentSummary, "assessments", noun="self-assessment",
        patterns=(("answer.", SelfAssessmentAnswer), (REVIEW_PREFIX, str))),
    ACTION_PLANS: TableSchema(
        AssessmentSummary, "assessments", noun="action plan",
        patterns=(("rating.", ActionPlanRating), (REVIEW_PREFIX, str))),
    MAILINGS: TableSchema(StoredMailing, "meetings", noun="mailing"),
    CONSULTATIONS: TableSchema(Consultation, "compact", noun="consultation"),
    FUNDING_CHANGES: TableSchema(FundingChange, "compact", noun="funding change"),
    COMPACT_CYCLE: TableSchema(CycleEntry, "compact", noun="entry of the Compact's cycle"),
    ANNUAL_REPORTS: TableSchema(AnnualReportIntroduction, "compact",
                                noun="annual report introduction"),
    CONFLICTS: TableSchema(StoredConflict, "conflicts", noun="conflict"),
    HISTORY: TableSchema(HistoryEntry, "", noun="history entry"),
}
"""Table name -> schema. The store's own ``_conflicts`` and ``_history`` are here too: the
screens read them, so one bad row must not take the Conflicts or History screen down."""

APP_TABLES = frozenset(name for name in TABLE_SCHEMAS if not name.startswith("_"))


@dataclass(frozen=True)
class FieldProblem:
    """One field of a stored record that does not fit its schema, said in words."""

    field: str
    problem: str

    def describe(self) -> str:
        return f"{self.field}: {self.problem}"


@functools.cache
def field_types(record: type) -> dict[str, Any]:
    """The annotated type of each field a record type stores (resolved once per type)."""
    hints = typing.get_type_hints(record)
    return {f.name: hints[f.name] for f in dataclasses.fields(record)
            if f.name not in _NOT_CHECKED}


def value_type(schema: TableSchema, name: str) -> Any | None:
    """The type a field's value must have; None for a field the schema does not know (a
    newer version's field: kept untouched, never checked)."""
    known = field_types(schema.record).get(name)
    if known is not None:
        return known
    for prefix, kind in schema.patterns:
        if name.startswith(prefix) and len(name) > len(prefix):
            return kind
    return None


def field_problem(schema: TableSchema, name: str, value: Any) -> FieldProblem | None:
    """What is wrong with one value for one field, or None when it fits."""
    kind = value_type(schema, name)
    if kind is None:
        return None
    try:
        msgspec.convert(value, kind, strict=True)
    except msgspec.ValidationError as error:
        return FieldProblem(name, _in_words(kind, value, str(error)))
    except RecursionError:
        return FieldProblem(name, f"should be {type_in_words(kind)}; it is nested too deeply "
                                  "to read")
    return None


def record_problems(table: str, record: Mapping[str, Any]) -> list[FieldProblem]:
    """Every field of a stored record that does not fit its table's schema (none for a
    table the app does not know: other tables are free-form)."""
    schema = TABLE_SCHEMAS.get(table)
    if schema is None:
        return []
    if fits(schema.record, {k: v for k, v in record.items() if k not in _NOT_CHECKED}):
        problems = []
    else:
        problems = [problem for name in field_types(schema.record) if name in record
                    if (problem := field_problem(schema, name, record[name])) is not None]
    if schema.patterns:
        problems += [problem for name, value in record.items()
                     if name not in _NOT_CHECKED and name not in field_types(schema.record)
                     if (problem := field_problem(schema, name, value)) is not None]
    return problems


_TYPE_WORDS: dict[Any, str] = {
    str: "text", int: "a whole number", float: "a number", bool: "yes or no (true or false)",
    type(None): "nothing (null)", Any: "any value",
}


def type_in_words(kind: Any) -> str:
    """``list[str]`` -> "a list of text"; for the damaged-records screen and ``check``."""
    if kind in _TYPE_WORDS:
        return _TYPE_WORDS[kind]
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is list:
        return f"a list of {_plural(type_in_words(args[0]))}" if args else "a list"
    if origin is dict:
        return "a group of named values"
    if args and origin in (typing.Union, _UNION_TYPE):
        return " or ".join(type_in_words(arg) for arg in args)
    if dataclasses.is_dataclass(kind):
        names = ", ".join(f.name for f in dataclasses.fields(kind))
        return f"a group of named values ({names})"
    return getattr(kind, "__name__", str(kind))


_UNION_TYPE = type(int | None)


def _plural(words: str) -> str:
    words = words.removeprefix("a ").removeprefix("an ")
    return words.replace("whole number", "whole numbers").replace("group ", "groups ")


def value_in_words(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (yes or no)"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number with a decimal point"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "a group of named values"
    return type(value).__name__


def _path_in_words(path: str) -> str:
    """``[0].note`` -> "item 1, note"; ``[...]`` (a value of a mapping) -> "a value"."""
    steps = re.findall(r"\[(\d+|\.\.\.)\]|\.?(\w+)", path)
    return ", ".join("a value" if index == "..." else f"item {int(index) + 1}" if index
                     else name for index, name in steps)


_WHERE = re.compile(r"^Expected `(\w+)`, got `(\w+)` - at `\$(.+)`$")
_MSGSPEC_WORDS = {"str": "text", "int": "a whole number", "float": "a number", "bool": "yes or no",
                  "null": "nothing", "object": "a group of named values", "array": "a list"}


def _in_words(kind: Any, value: Any, message: str) -> str:
    """msgspec says ``Expected `str`, got `int` - at `$[1]```: the same said for a person."""
    said = f"should be {type_in_words(kind)}; it is {value_in_words(value)}"
    inner = _WHERE.search(message)
    if inner:
        expected, got = (_MSGSPEC_WORDS.get(inner.group(1), inner.group(1)),
                         _MSGSPEC_WORDS.get(inner.group(2), inner.group(2)))
        said += f" ({_path_in_words(inner.group(3))} should be {expected}, not {got})"
    return said
