"""Damaged records: stored records with a value that does not fit their table's schema.

One member's script, an older app or a hand edit can write a number where a name belongs; the
file is shared, so every member reads it. Such a record is never a crash: the domain reads it
with the fields that fit (``records.from_record``), its section says it is damaged, and the
"Damaged records" screen shows each stored value, takes a repaired value typed as text (or as
JSON for numbers, lists and groups) and writes only what changed, or removes the record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import orjson

from .dates import format_moment
from .ports import RecordPort
from .records import fits
from .schemas import (
    TABLE_SCHEMAS,
    FieldProblem,
    field_problem,
    record_problems,
    type_in_words,
    value_type,
)

_LABEL_FIELDS = ("name", "title", "ref", "person", "text", "note", "field")
_LABEL_WIDTH = 40


class RepairError(ValueError):
    """A repaired value that still does not fit; ``field`` names it for the form."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class DamagedRecord:
    table: str
    record_id: str
    problems: tuple[FieldProblem, ...]
    label: str
    updated_by: str
    updated_at: str
    values: dict[str, Any]

    @property
    def section(self) -> str:
        return TABLE_SCHEMAS[self.table].section

    @property
    def noun(self) -> str:
        return TABLE_SCHEMAS[self.table].noun

    def who(self) -> str:
        """Who last changed it and when, as a person reads it."""
        by = self.updated_by or "an unknown member"
        when = format_moment(self.updated_at) if self.updated_at else ""
        return f"last changed by {by}" + (f", {when}" if when else "")

    def describe(self) -> str:
        """One line for a section: which record, what is wrong, who last changed it."""
        what = "; ".join(problem.describe() for problem in self.problems)
        name = f' "{self.label}"' if self.label else ""
        return f"Damaged {self.noun}{name}: {what} ({self.who()})"


@dataclass(frozen=True)
class RepairField:
    """One stored field as the repair form shows it: the value as text, what it should be."""

    name: str
    text: str
    expected: str
    problem: str


class DamagedRecordsService:
    """Finds damaged records (cached until any record changes) and repairs or removes them."""

    def __init__(self, store: RecordPort) -> None:
        self.store = store
        self._cache: tuple[object, list[DamagedRecord]] | None = None

    def find(self, section: str | None = None) -> list[DamagedRecord]:
        """Every damaged record, or those a section lists; the store says which records do
        not fit (checking each once per change), this says what is wrong with them."""
        generation = getattr(self.store, "generation", None)
        if self._cache is None or generation is None or self._cache[0] != generation:
            found = [damaged for table, record_id in self.store.damaged()
                     if (damaged := self.get(table, record_id)) is not None]
            self._cache = (generation, found)
        return [d for d in self._cache[1] if section is None or d.section == section]

    def get(self, table: str, record_id: str) -> DamagedRecord | None:
        record = self.store.get(table, record_id)
        return _damaged(table, record) if record is not None else None

    def repair_fields(self, damaged: DamagedRecord) -> list[RepairField]:
        """The damaged fields first, then the rest the record holds, as the form shows them."""
        schema = TABLE_SCHEMAS[damaged.table]
        wrong = {problem.field: problem.problem for problem in damaged.problems}
        names = [*wrong, *(name for name in damaged.values
                           if name not in wrong and value_type(schema, name) is not None)]
        return [RepairField(name, value_as_text(damaged.values.get(name)),
                            type_in_words(value_type(schema, name)), wrong.get(name, ""))
                for name in names]

    def repair(self, damaged: DamagedRecord, typed: dict[str, str]) -> list[str]:
        """Write the fields whose text changed, each read for its type; raises
        ``RepairError`` naming the first that still does not fit, and then writes nothing."""
        schema = TABLE_SCHEMAS[damaged.table]
        changes: dict[str, Any] = {}
        for name, text in typed.items():
            if text == value_as_text(damaged.values.get(name)):
                continue
            kind = value_type(schema, name)
            value = _read_value(kind, text)
            problem = field_problem(schema, name, value)
            if problem is not None:
                raise RepairError(name, f"{name} {problem.problem}: {_how_to_type(kind)}")
            changes[name] = value
        return self.store.update(damaged.table, damaged.record_id, changes) if changes else []

    def remove(self, damaged: DamagedRecord) -> None:
        self.store.delete(damaged.table, damaged.record_id)


def _damaged(table: str, record: dict[str, Any]) -> DamagedRecord | None:
    problems = record_problems(table, record)
    if not problems:
        return None
    values = {name: value for name, value in record.items()
              if name != "id" and not name.startswith("_")}
    by, at = record.get("_updated_by"), record.get("_updated_at")
    return DamagedRecord(table, str(record.get("id", "")), tuple(problems), _label(values),
                         by if isinstance(by, str) else "", at if isinstance(at, str) else "",
                         values)


def _label(values: dict[str, Any]) -> str:
    """The record's name as far as it can be read (a damaged name is not one)."""
    for name in _LABEL_FIELDS:
        value = values.get(name)
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            return text if len(text) <= _LABEL_WIDTH else text[:_LABEL_WIDTH - 1] + "…"
    return ""


def value_as_text(value: Any) -> str:
    """Text as it is; anything else (a number, a list, null) as JSON, to be edited so."""
    if isinstance(value, str):
        return value
    try:
        return orjson.dumps(value).decode()
    except (TypeError, orjson.JSONEncodeError):
        return repr(value)


_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false", ""}


def _read_value(kind: Any, text: str) -> Any:
    """What a person typed, read for the field's type: text stays text, yes/no for a
    yes-or-no field, an empty box is nothing where nothing is allowed, the rest as JSON."""
    if kind is str:
        return text
    stripped = text.strip()
    if kind is bool and stripped.lower() in _YES | _NO:
        return stripped.lower() in _YES
    if not stripped:
        return None if fits(kind, None) else text
    try:
        return json.loads(stripped)
    except ValueError:
        return text


def _how_to_type(kind: Any) -> str:
    if kind is bool:
        return "type yes or no"
    if kind is int or kind == int | None:
        return "type a whole number such as 3" + (", or leave it empty" if fits(kind, None)
                                                  else "")
    if kind is str:
        return "type the text"
    return 'type it as JSON, e.g. ["first", "second"] for a list of text'
