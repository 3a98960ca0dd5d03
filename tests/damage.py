"""Damaged records for tests: values written into the file by hand, as another program, an
older app or a hand edit would (the store itself refuses them through ``open_store``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

HAND_EDITOR = "Mallory Hand"


def first_id(path: Path, table: str) -> str:
    data = orjson.loads(path.read_bytes())
    return next(record_id for record_id, doc in data[table].items() if not doc.get("_deleted"))


def damage(path: Path, table: str, record_id: str, fields: dict[str, Any], *,
           by: str = HAND_EDITOR) -> None:
    """Set fields of one record in the file as they are, marking who changed it last."""
    data = orjson.loads(path.read_bytes())
    data[table][record_id].update(fields)
    data[table][record_id]["_updated_by"] = by
    path.write_bytes(orjson.dumps(data))
