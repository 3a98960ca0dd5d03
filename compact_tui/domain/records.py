"""Store record <-> domain dataclass conversion, shared by every area.

Screens never see raw store dicts: each area's dataclass is built from a record here, and turned
back into fields for the store. Unknown fields (from a newer app version) are simply not mapped,
and the store keeps them untouched.

This is where records are typed: a value that does not fit its field's annotation (a number
for a name, a null date, a list for a year) is not passed on; the field keeps its default, so
no screen or export meets it, and ``schemas.record_problems`` names it for the damaged-records
screen to repair. The stored record itself is never changed here.
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")

META_FIELDS = ("id", "_rev", "_updated_at", "_updated_by")


@functools.cache
def _field_names(cls: type) -> frozenset[str]:
    """``dataclasses.fields`` costs tens of microseconds a call: once per class, not per
    record (the attendance sheet converts thousands of records at 55 years)."""
    return frozenset(f.name for f in dataclasses.fields(cls))


@functools.cache
def _field_types(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def from_record(cls: type[T], record: dict[str, Any]) -> T:
    """Build a dataclass from a store record, ignoring fields it does not know; a field whose
    stored value does not fit its type keeps its default (the record is damaged)."""
    names = _field_names(cls)
    values = {k: v for k, v in record.items() if k in names}
    if "updated_at" in names and "updated_at" not in values:
        values["updated_at"] = record.get("_updated_at", "")
    if "updated_by" in names and "updated_by" not in values:
        values["updated_by"] = record.get("_updated_by", "")
    try:
        return msgspec.convert(values, cls, strict=True)
    except (msgspec.ValidationError, RecursionError):
        types = _field_types(cls)
        return cls(**{name: value for name, value in values.items()
                      if fits(types[name], value)})


def fits(kind: Any, value: Any) -> bool:
    """Does a value have a type (checked as msgspec does, ints are not bools)?"""
    try:
        msgspec.convert(value, kind, strict=True)
    except (msgspec.ValidationError, RecursionError):
        return False
    return True


def to_fields(obj: Any, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The storable fields of a dataclass: everything but its id and metadata."""
    skip = {*META_FIELDS, "updated_at", "updated_by", *exclude}
    out = {}
    for f in dataclasses.fields(obj):
        if f.name in skip:
            continue
        value = getattr(obj, f.name)
        if isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out
