"""The data file's layout (file format 2): a plain TinyDB database that any script can open.

The store works in memory on ``{table: {record id: record}}`` with UUID strings as ids and each
record's bookkeeping (``_vv``, ``_dots``, ``_rev``, ``_updated_at``, ``_updated_by``,
``_deleted``, ``_text``) inside it, tombstones included. That was also the file's layout up to
format 1, which plain ``TinyDB(path)`` could not read: its default id class is ``int``, and
tombstones came back as live records. Only this module knows the difference; everything else
sees the memory layout. Format 2 on disk:

- Each record's key is a decimal integer: the UUID as a number (``int(uuid.UUID(id))``), so
  ``TinyDB(path).table("actions").all()`` works and ``doc.doc_id`` turns back into the id with
  ``uuid.UUID(int=doc.doc_id)``. The record also carries ``"id"`` (the UUID string), so a
  script joins on ``meeting_id`` and friends without arithmetic. The key is the truth: an
  ``"id"`` that does not match its key (a record a script copied with ``insert``) is ignored.
  An id that is not a UUID (``_meta``'s ``schema``) is keyed by a UUID made from it.
- Live records stay in their table with their bookkeeping inside, under ``_`` keys a script
  ignores (a script that updates a record then keeps them with it). Tombstones move to the
  ``_deleted`` table, each naming its ``_table``, so no reader mistakes one for a record.
- The first table, ``FORMAT_TABLE``, holds the format number. Its one record is written as a
  list of pairs: TinyDB reads that as a document, while compact-tui 0.1 (which knew nothing of
  formats) refuses a record that is not an object, so it opens the file read-only, never
  writes over it, and its message names this table, which says "please upgrade". Versions from
  format 2 on read the number and refuse a newer file with a plain "please upgrade".
- Every character outside ASCII is written as a JSON ``\\u`` escape, so a script on Windows
  whose default code page is not UTF-8 (``TinyDB(path)`` opens the file in the locale's
  encoding) still reads "Café". Only records that changed are escaped again on a save.

Reading accepts format 1, format 2 and a mix of both (a file an old version wrote back), so
what a member saved before upgrading merges in. A record a script inserted with plain TinyDB
(no bookkeeping) becomes a new record of the store, the same on every machine (see ``adopt``).
"""

from __future__ import annotations

import codecs
import re
import uuid
from collections.abc import Mapping
from typing import Any

import orjson

from .clock import format_stamp
from .errors import NewerFormatError
from .records import CONFLICTS_TABLE, DELETED, MERGE_REPLICA, merge_records, record_clashes

FILE_FORMAT = 2
FORMAT_TABLE = "_format (a newer compact-tui wrote this file: please upgrade compact-tui)"
FORMAT_KEY = "1"
DELETED_TABLE = "_deleted"
TABLE_FIELD = "_table"
ID_FIELD = "id"
ADOPTED_BY = "a TinyDB script"
_KEY_NAMESPACE = uuid.UUID("0b7f2a52-6d1e-4c3a-9f0e-5a2b8c7d1e40")
_UUID_LIMIT = 1 << 128
_ESCAPE = "compact_tui.json_ascii"
_FORMAT_TABLE_JSON = orjson.dumps(FORMAT_TABLE)


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: what ASCII cannot hold becomes JSON's ``\\uXXXX`` (pairs above
    U+FFFF), so a whole record is escaped by one C-speed ``encode``."""
    assert isinstance(error, UnicodeEncodeError)
    pieces = []
    for character in error.object[error.start:error.end]:
        code = ord(character)
        if code > 0xFFFF:
            code -= 0x10000
            pieces.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            pieces.append(f"\\u{code:04x}")
    return "".join(pieces), error.end


codecs.register_error(_ESCAPE, _json_escape)


def ascii_json(payload: bytes) -> bytes:
    """JSON bytes with every non-ASCII character escaped (JSON puts them only in strings)."""
    if payload.isascii():
        return payload
    return payload.decode("utf-8").encode("ascii", _ESCAPE)


_UUID_SHAPE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


def _uuid_number(record_id: str) -> int | None:
    """The number of an id written as ``str(uuid.UUID(...))`` does (a check per record on
    every read, so a regular expression rather than ``uuid.UUID``)."""
    if _UUID_SHAPE.match(record_id):
        return int(record_id.replace("-", ""), 16)
    return None


def file_key(table: str, record_id: str) -> str:
    """A record's key in the file: its UUID as a decimal number, or a number made from it."""
    number = _uuid_number(record_id)
    if number is None:
        number = uuid.uuid5(_KEY_NAMESPACE, f"{table}\x1f{record_id}").int
    return str(number)


def tombstone_key(table: str, record_id: str) -> str:
    """A tombstone's key in ``_deleted``: unique across tables (an id may recur in two)."""
    return str(uuid.uuid5(_KEY_NAMESPACE, f"{DELETED_TABLE}\x1f{table}\x1f{record_id}").int)


def _is_decimal(key: str) -> bool:
    return key.isdigit() and key.isascii() and (key == "0" or not key.startswith("0"))


def _memory_id(table: str, key: str, doc: Mapping[str, Any]) -> str:
    """The id a file key stands for: format 1 keys are ids already."""
    if not _is_decimal(key):
        return key
    claimed = doc.get(ID_FIELD)
    if isinstance(claimed, str):
        number = _uuid_number(claimed)
        if (str(number) if number is not None else file_key(table, claimed)) == key:
            return claimed
    number = int(key)
    return str(uuid.UUID(int=number)) if number < _UUID_LIMIT else key


def encode_record(table: str, record_id: str, doc: Mapping[str, Any], *,
                  live: bool = True) -> bytes:
    """One ``"key":{...}`` member of the file, ASCII only, ``id`` (and a tombstone's
    ``_table``) first so a person reading the file sees what the record is."""
    if ID_FIELD in doc or TABLE_FIELD in doc:
        doc = {k: v for k, v in doc.items() if k not in (ID_FIELD, TABLE_FIELD)}
    body = orjson.dumps(doc, option=orjson.OPT_NON_STR_KEYS)
    head = b'{"id":' + orjson.dumps(record_id)
    if live:
        key = file_key(table, record_id)
    else:
        key = tombstone_key(table, record_id)
        head += b',"_table":' + orjson.dumps(table)
    joined = head + (b"," + body[1:] if len(body) > 2 else b"}")
    return ascii_json(b'"' + key.encode() + b'":' + joined)


def encode_verbatim(key: str, doc: Any) -> bytes:
    """A member of ``_deleted`` that named no table we know, written back as it was read."""
    return ascii_json(orjson.dumps(key) + b":" + orjson.dumps(doc,
                                                              option=orjson.OPT_NON_STR_KEYS))


def format_table_bytes() -> bytes:
    pairs = [["file_format", FILE_FORMAT], ["app", "compact-tui"],
             ["note", "compact-tui keeps each record's bookkeeping under _ keys and deleted "
                      "records in _deleted; see docs/sharing-the-store.md"]]
    return orjson.dumps(FORMAT_TABLE) + b":" + orjson.dumps({FORMAT_KEY: pairs})


def is_older_format(payload: bytes) -> bool:
    """Was this file written before file formats (so it needs converting, backup first)?"""
    return _FORMAT_TABLE_JSON not in payload


def format_of(data: Mapping[str, Any]) -> int:
    """The file format a parsed file says it is in (1 when it says nothing)."""
    table = data.get(FORMAT_TABLE)
    record = table.get(FORMAT_KEY) if isinstance(table, Mapping) else None
    if isinstance(record, list):
        pairs = [pair for pair in record if isinstance(pair, list) and len(pair) == 2]
        record = {pair[0]: pair[1] for pair in pairs if isinstance(pair[0], str)}
    value = record.get("file_format") if isinstance(record, Mapping) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else 1


def check_format(data: Any, source: str) -> int:
    """The file's format; a newer one than ours is refused before anything is merged."""
    found = format_of(data) if isinstance(data, dict) else 1
    if found > FILE_FORMAT:
        raise NewerFormatError(
            f"{source} was written by a newer version of compact-tui (file format {found}; "
            f"this version reads up to {FILE_FORMAT}). Please upgrade compact-tui (for "
            "example pipx upgrade compact-tui) to open it. It was left untouched.")
    return found


def adopt(doc: dict[str, Any]) -> dict[str, Any]:
    """A record inserted by plain TinyDB (no version information) becomes a store record.

    Stamped with the merge's own dot, which every version vector counts as seen, at time
    zero: every machine adopting it makes the very same record (no clash, no duplicate), and
    any edit made in the app afterwards wins over it.
    """
    dot = [MERGE_REPLICA, 0, format_stamp(0, 0), ADOPTED_BY]
    adopted = {k: v for k, v in doc.items() if not k.startswith("_")}
    adopted[DELETED] = False
    adopted["_dots"] = {name: dot for name in adopted}
    adopted["_vv"] = {}
    adopted["_rev"] = 1
    adopted["_updated_at"] = ""
    adopted["_updated_by"] = ADOPTED_BY
    return adopted


def to_memory(data: Any, source: str = "the file") -> Any:
    """The memory layout of a parsed file of any format (a newer one raises).

    Anything not shaped like a store is passed on as it is, for the shape check to name.
    """
    check_format(data, source)
    if not isinstance(data, dict):
        return data
    memory: dict[str, Any] = {}
    clashes = []
    tombstones = data.get(DELETED_TABLE)
    for table, records in data.items():
        if table == FORMAT_TABLE or (table == DELETED_TABLE and isinstance(records, dict)):
            continue
        if not isinstance(records, dict):
            memory[table] = records
            continue
        rows = memory.setdefault(table, {})
        plain = not table.startswith("_")
        for key, doc in records.items():
            if not isinstance(doc, dict):
                rows[key] = doc
                continue
            record_id = _memory_id(table, key, doc)
            doc.pop(ID_FIELD, None)
            if plain and "_dots" not in doc and "_vv" not in doc:
                doc = adopt(doc)
            clashes += _place(rows, table, record_id, doc)
    if isinstance(tombstones, dict):
        for key, doc in tombstones.items():
            home = doc.get(TABLE_FIELD) if isinstance(doc, dict) else None
            dead_id = doc.get(ID_FIELD) if isinstance(doc, dict) else None
            if (isinstance(doc, dict) and isinstance(home, str) and isinstance(dead_id, str)
                    and tombstone_key(home, dead_id) == key
                    and isinstance(memory.setdefault(home, {}), dict)):
                del doc[TABLE_FIELD], doc[ID_FIELD]
                clashes += _place(memory[home], home, dead_id, doc)
            else:
                memory.setdefault(DELETED_TABLE, {})[key] = doc
    if clashes:
        record_clashes(memory, clashes)
    return memory


def _place(rows: dict[str, Any], table: str, record_id: str, doc: dict[str, Any]) -> list[Any]:
    """Put a record in; one found twice (a file both an old and a new version wrote) merges."""
    existing = rows.get(record_id)
    if not isinstance(existing, dict):
        rows[record_id] = doc
        return []
    rows[record_id], found = merge_records(table, record_id, existing, doc)
    return [clash for clash in found if table != CONFLICTS_TABLE]

