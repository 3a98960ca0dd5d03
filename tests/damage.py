"""Damaged records for tests: values written into the file by hand, as another program, an
older app or a hand edit would (the store itself refuses them through ``open_store``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

HAND_EDITOR = "Mallory Hand"
HAND_EDITED_AT = "2026-11-24T10:15:00Z"


def first_id(path: Path, table: str) -> str:
    """The id (as the store knows it) of the first record the file holds in a table."""
    data = orjson.loads(path.read_bytes())
    key, doc = next(iter(data[table].items()))
    return str(doc.get("id", key))


def _key(records: dict[str, Any], record_id: str) -> str:
    """The file's key of a record: its id, or (file format 2) the id as a number."""
    return next(key for key, doc in records.items()
                if key == record_id or doc.get("id") == record_id)


def damage(path: Path, table: str, record_id: str, fields: dict[str, Any], *,
           by: str = HAND_EDITOR) -> None:
    """Set fields of one record in the file as they are, marking who changed it last, and
    when (fixed, so what the app shows is the same on every run)."""
    data = orjson.loads(path.read_bytes())
    doc = data[table][_key(data[table], record_id)]
    doc.update(fields)
    doc["_updated_by"] = by
    doc["_updated_at"] = HAND_EDITED_AT
    path.write_bytes(orjson.dumps(data))
