"""Store record <-> domain dataclass conversion, shared by every area.

Screens never see raw store dicts: each area's dataclass is built from a record here, and turned
back into fields for the store. Unknown fields (from a newer app version) are simply not mapped,
and the store keeps them untouched.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")

META_FIELDS = ("id", "_rev", "_updated_at", "_updated_by")


@functools.cache
def _field_names(cls: type) -> frozenset[str]:
    """``dataclasses.fields`` costs tens of microseconds a call: once per class, not per
    record (the attendance sheet converts thousands of records at 55 years)."""
    return frozenset(f.name for f in dataclasses.fields(cls))


def from_record(cls: type[T], record: dict[str, Any]) -> T:
    """Build a dataclass from a store record, ignoring fields it does not know."""
    names = _field_names(cls)
    values = {k: v for k, v in record.items() if k in names}
    if "updated_at" in names and "updated_at" not in values:
        values["updated_at"] = record.get("_updated_at", "")
    if "updated_by" in names and "updated_by" not in values:
        values["updated_by"] = record.get("_updated_by", "")
    return cls(**values)


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
