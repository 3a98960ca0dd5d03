"""Reading and writing the data file so that no reader ever sees half a file of ours.

Every write goes to a temporary file in the same folder (named so sync clients skip it, see
``TEMP_PREFIX``), is flushed and fsync'd, then renamed over the data file, then the folder is
fsync'd. Nothing keeps
a handle open between operations: a sync client that replaces the file by rename would otherwise
leave us writing into an orphaned copy (the TinyDB ``r+`` trap).
"""

from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import json
import os
import secrets
import stat
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from .errors import NewerFormatError, StoreShapeError, UnreadableStoreError
from .file_format import (
    DELETED_TABLE,
    FORMAT_TABLE,
    encode_record,
    encode_verbatim,
    format_table_bytes,
    to_memory,
)
from .records import is_live

# Temp and lock files are named ``~syncthing~<name>....tmp`` so that no sync service carries
# them to the other members (checked against each service's own rules, November 2026):
# - Syncthing (1.19 installed here; lib/fs/tempname.go ``IsTemporary``) treats any name starting
#   ``~syncthing~`` or ``.syncthing.`` as its own temp file on every platform: the scanner skips
#   it, so it is never announced to other devices (and it removes such files once a day old);
#   tests/test_sync_syncthing_names.py checks it against the installed Syncthing, which does
#   send the old ``~$….part`` names.
# - Dropbox ("Files that won't sync", help.dropbox.com) skips temporary files: names starting
#   ``~$`` or ``.~``, and names starting ``~`` and ending ``.tmp``.
# - OneDrive does not upload ``.tmp`` files nor names starting ``~$`` (Office's temp and lock
#   files); OneDrive for Business also refuses names starting with ``~``.
# - Nextcloud's default exclude list (sync-exclude.lst) has ``~*.tmp`` and ``~$*``.
# The old ``~$...part`` names (skipped by Dropbox and OneDrive, synced by Syncthing) are still
# recognised, so leftovers of an earlier version are cleaned up too.
TEMP_PREFIX = "~syncthing~"
TEMP_SUFFIX = ".tmp"
LEGACY_TEMP_PREFIX = "~$"
LEGACY_TEMP_SUFFIX = ".part"
STALE_TEMP_SECONDS = 600
REPLACE_ATTEMPTS = 12


@dataclass(frozen=True)
class Signature:
    """What we remember of the file we last read or wrote, to notice it changing.

    The content hash is only needed when the stat changed, so it is worked out lazily (a
    blake2b of 3 MB costs more than the rest of a save); ``digest`` may be empty.
    """

    size: int
    mtime_ns: int
    inode: int
    digest: str = ""

    def same_stat(self, other: os.stat_result) -> bool:
        return (self.size, self.mtime_ns, self.inode) == (
            other.st_size, other.st_mtime_ns, other.st_ino)


def digest_of(payload: bytes) -> str:
    return hashlib.blake2b(payload, digest_size=16).hexdigest()


def signature_of(path: Path, payload: bytes | None = None) -> Signature | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return Signature(info.st_size, info.st_mtime_ns, info.st_ino,
                     digest_of(payload) if payload is not None else "")


UTF8_BOM = b"\xef\xbb\xbf"
"""Notepad and some scripts start a UTF-8 file with it; JSON parsers refuse it, we skip it."""


def _loads_without_gc(payload: bytes) -> Any:
    """Parsing a large store makes millions of objects that all live on; letting the garbage
    collector scan them over and over while they are made only costs time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return orjson.loads(payload.removeprefix(UTF8_BOM))
    finally:
        if enabled:
            gc.enable()


def parse_store_bytes(payload: bytes, source: str, *,
                      deep: bool = True) -> dict[str, dict[str, Any]]:
    """Parse and shape-check a store; anything doubtful raises, so we never write over it.

    ``deep=False`` leaves each record's bookkeeping to be checked by the merge, which only
    looks at the records that changed.
    """
    if not payload.strip():
        raise UnreadableStoreError(
            f"{source} is empty (0 bytes): an online-only placeholder, or a download not yet "
            "finished. It was left untouched.")
    try:
        parsed = _loads_without_gc(payload)
    except orjson.JSONDecodeError as error:
        raise UnreadableStoreError(
            f"{source} is not valid JSON ({error}): half-synced or damaged. It was left "
            "untouched.") from error
    data: dict[str, dict[str, Any]] = to_memory(parsed, source)
    problems = shape_problems(data, deep=deep)
    if problems:
        raise StoreShapeError(f"{source} is not a compact-tui store: {problems[0]}. "
                              "It was left untouched.")
    twice = duplicate_keys(payload, parsed)
    if twice:
        raise StoreShapeError(
            f"{source} holds {twice[0]}{f' (and {len(twice) - 1} more)' if len(twice) > 1 else ''}"
            ": written by hand or by another program. Reading it would keep only the last "
            "copy, so the app does not save over it; both copies are still in the file. "
            "Join them by hand, or restore a backup (`compact-tui check` lists every one).")
    return data


def duplicate_keys(payload: bytes, data: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """A table, or a record id within a table, that the file holds twice, said in words.

    A JSON parser keeps the last of two equal keys and drops the first silently, so the next
    save would lose the first copy's records. Every record carries one ``"_vv"``: more of
    them in the bytes than records parsed means something was dropped (one ``bytes.count``,
    a few milliseconds on a 10-year store); only then is the file read again, slowly, to name
    what is twice.
    """
    records = sum(1 for table in data.values() if isinstance(table, Mapping)
                  for doc in table.values() if isinstance(doc, Mapping) and "_vv" in doc)
    if payload.count(b'"_vv"') <= records:
        return []
    try:
        pairs = json.loads(payload.removeprefix(UTF8_BOM), object_pairs_hook=list)
    except ValueError:
        return []
    found: list[str] = []
    seen_tables: set[str] = set()
    for table, records_pairs in pairs:
        if table in seen_tables:
            found.append(f'the table "{table}" twice')
        seen_tables.add(table)
        seen_ids: set[str] = set()
        for record_id, _doc in records_pairs if isinstance(records_pairs, list) else ():
            if record_id in seen_ids:
                found.append(f'the record "{record_id}" of "{table}" twice')
            seen_ids.add(record_id)
    return found


def shape_problems(data: Any, limit: int = 20, *, deep: bool = True) -> list[str]:
    """Every way the parsed JSON fails to be ``{table: {record_id: {field: value}}}``.

    The bookkeeping keys are checked too (``_vv``, ``_dots``, ``_deleted``, ``_rev``): a record
    whose version information is malformed could not be merged, so the file is refused whole
    rather than half-merged.
    """
    if not isinstance(data, dict):
        return [f"the top level is a JSON {type(data).__name__}, not an object of tables"]
    problems: list[str] = []
    for table, records in data.items():
        if len(problems) >= limit:
            break
        if not isinstance(records, dict):
            problems.append(f'table "{table}" is a JSON {type(records).__name__}, not an object')
            continue
        for record_id, doc in records.items():
            if not record_id.strip():
                problems.append(f'table "{table}" has a record missing its id')
            elif not isinstance(doc, dict):
                problems.append(f'record "{record_id}" in table "{table}" is not an object')
            elif deep:
                trouble = bookkeeping_problem(doc)
                if trouble:
                    problems.append(f'record "{record_id}" in table "{table}": {trouble}')
            if len(problems) >= limit:
                break
    return problems


def bookkeeping_problem(doc: Mapping[str, Any]) -> str:
    vv = doc.get("_vv", {})
    if type(vv) is not dict or any(type(n) is not int for n in vv.values()):
        return "_vv is not an object of counters"
    dots = doc.get("_dots", {})
    if type(dots) is not dict:
        return "_dots is not an object"
    for dot in dots.values():
        if (type(dot) is not list or len(dot) < 3 or type(dot[0]) is not str
                or type(dot[1]) is not int or type(dot[2]) is not str):
            return "_dots holds a malformed entry"
    deleted = doc.get("_deleted", False)
    if deleted not in (False, None) and type(deleted) is not dict:
        return "_deleted is neither false nor a version vector"
    if type(doc.get("_rev", 0)) is not int:
        return "_rev is not a number"
    return ""


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def read_file(path: Path, attempts: int = 4, pause: float = 0.05, *, deep: bool = True
              ) -> tuple[dict[str, Any], bytes, Signature | None]:
    """Read and parse the data file, retrying while a sync client swaps it in.

    Syncthing deletes the file and renames the new one in, so for an instant it is missing;
    a half-delivered file may also parse badly for a moment. Raises ``FileNotFoundError`` only
    when the file stays missing, and ``UnreadableStoreError`` when it stays unreadable.
    """
    last_error: Exception | None = None
    for attempt in range(attempts):
        try:
            payload, signature = _read_with_signature(path)
            return parse_store_bytes(payload, path.name, deep=deep), payload, signature
        except FileNotFoundError as error:
            # A sync client's delete-then-rename leaves the file missing for well under a
            # millisecond; a short wait covers it without slowing the start of a new store.
            last_error = error
            if attempt + 1 < min(attempts, 3):
                time.sleep(0.03)
            else:
                break
        except NewerFormatError:
            raise  # waiting will not make it older
        except UnreadableStoreError as error:
            last_error = error
            if attempt + 1 < attempts:
                time.sleep(pause * (attempt + 1))
    assert last_error is not None
    raise last_error


def _read_with_signature(path: Path) -> tuple[bytes, Signature]:
    """The bytes and the stat of the very file read (not whatever is at the path a moment later).

    Taking the stat from the open handle, before and after reading, means a file swapped in
    between our read and our stat can never be mistaken for the one we parsed.
    """
    if not stat.S_ISREG(os.stat(path).st_mode):  # a pipe would hang us, /dev/zero never end
        raise UnreadableStoreError(f"{path} is not an ordinary file: a store is a .json file.")
    for _ in range(5):
        with open(path, "rb") as handle:
            before = os.fstat(handle.fileno())
            payload = handle.read()
            after = os.fstat(handle.fileno())
        if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns):
            return payload, Signature(after.st_size, after.st_mtime_ns, after.st_ino)
        time.sleep(0.02)
    return payload, Signature(after.st_size, after.st_mtime_ns - 1, after.st_ino)


class LinkedFolderError(OSError):
    """A folder the app writes beside the data file (backups, archive, presence) is a link
    to another place: following it would write, and prune, outside the shared folder."""

    def __init__(self, folder: Path) -> None:
        message = (f"{folder.name} is a link to another place, so the app writes nothing "
                   f"there; make {folder} a plain folder")
        super().__init__(errno.ENOTDIR, message, str(folder))

    def __str__(self) -> str:
        return str(self.strerror)


def own_folder(folder: Path) -> Path:
    """The folder beside the data file, made if missing; a link to elsewhere is refused."""
    if folder.is_symlink():
        raise LinkedFolderError(folder)
    folder.mkdir(exist_ok=True)
    return folder


def write_atomically(path: Path, payload: bytes | Payload, *,
                     with_digest: bool = False) -> Signature:
    """Temp file in the same folder, flush, fsync, rename over, fsync the folder. A data file
    that is a symbolic link (to the sync folder, say) is written through: its target is
    replaced, the link stays, so syncing goes on."""
    if path.is_symlink():
        path = path.resolve()
    folder = path.parent
    temp = folder / f"{TEMP_PREFIX}{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    try:
        with open(temp, "wb") as handle:
            if isinstance(payload, Payload):
                handle.writelines(payload.pieces)
            else:
                handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        _replace_with_retry(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_folder(folder)
    signature = signature_of(path, bytes(payload) if with_digest else None)
    assert signature is not None
    return signature


def _replace_with_retry(source: Path, target: Path) -> None:
    """On Windows the rename fails while a sync client has the file open: wait and retry."""
    delay = 0.02
    for attempt in range(REPLACE_ATTEMPTS):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt + 1 == REPLACE_ATTEMPTS:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def remove_stale_temp_files(path: Path, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Our own temp files left by a crash; recent ones may belong to a save in progress."""
    removed = []
    cutoff = time.time() - older_than
    candidates = [*path.parent.glob(f"{TEMP_PREFIX}{path.name}.*{TEMP_SUFFIX}"),
                  *path.parent.glob(f"{LEGACY_TEMP_PREFIX}{path.name}.*{LEGACY_TEMP_SUFFIX}")]
    for candidate in candidates:
        if candidate == lock_path_for(path):
            continue
        try:
            if candidate.stat().st_mtime < cutoff:
                candidate.unlink()
                removed.append(candidate)
        except OSError:
            continue
    return removed


def is_temp_name(name: str) -> bool:
    """A temp or lock file of ours or of a sync service, never a file to read."""
    return name.startswith((TEMP_PREFIX, LEGACY_TEMP_PREFIX, "."))


def lock_path_for(path: Path) -> Path:
    """The file local saves lock on: beside the data file, named so no service syncs it."""
    return path.parent / f"{TEMP_PREFIX}{path.name}.lock{TEMP_SUFFIX}"


def dumps(data: dict[str, Any]) -> bytes:
    """The whole store in the file's layout (``file_format.py``), as a save writes it."""
    return bytes(RecordEncoder().encode({t: dict(r) for t, r in data.items()}))


def load_store_file(path: Path) -> dict[str, dict[str, Any]]:
    """A store file read into the memory layout (what ``Store.raw()`` returns)."""
    return parse_store_bytes(path.read_bytes(), path.name)


class RecordEncoder:
    """Serialises the store for saving, re-encoding only the records that changed.

    A save of one edit on a 3 MB store would otherwise spend most of its time in
    ``orjson.dumps`` of records that did not change. Each table keeps its records' encoded
    bytes (live ones and tombstones apart: the file keeps tombstones in ``_deleted``); the
    store reports every record it replaces (``touch(table, id)``), or a whole table
    (``touch(table)``) when it cannot say which, and only those are encoded again.
    The result parses to exactly the data given; record order inside a table may differ.
    """

    def __init__(self) -> None:
        self._tables: dict[str, _EncodedTable] = {}

    def touch(self, table: str, record_id: str | None = None) -> None:
        encoded = self._tables.get(table)
        if encoded is None:
            return
        if record_id is None:
            del self._tables[table]
        else:
            encoded.stale.add(record_id)

    def reset(self) -> None:
        self._tables.clear()

    def encode(self, data: dict[str, dict[str, Any]]) -> Payload:
        """The whole file as a list of byte pieces (joining 3 MB costs more than writing it).

        The format table comes first (an old version reports the first problem it meets),
        then every table's live records, then ``_deleted`` with every tombstone.
        """
        pieces = [b"{", format_table_bytes()]
        dead: list[bytes] = []
        for table, records in data.items():
            if table == FORMAT_TABLE:
                continue
            encoded = self._tables.get(table)
            if encoded is None or encoded.outgrown(records):
                encoded = self._tables[table] = _EncodedTable(table, records)
            else:
                encoded.refresh(records)
            tombstones = encoded.dead_payload()
            if tombstones:
                dead.append(tombstones)
            if table != DELETED_TABLE:
                pieces.append(b"," + orjson.dumps(table) + b":")
                pieces.append(encoded.live_payload())
        if dead:
            pieces.append(b',"' + DELETED_TABLE.encode() + b'":{' + b",".join(dead) + b"}")
        pieces.append(b"}")
        for table in [t for t in self._tables if t not in data]:
            del self._tables[table]
        return Payload(pieces)


class Payload:
    """File content kept as pieces; joined only when someone needs the bytes (rarely)."""

    def __init__(self, pieces: list[bytes]) -> None:
        self.pieces = pieces
        self._joined: bytes | None = None

    def __bytes__(self) -> bytes:
        if self._joined is None:
            self._joined = b"".join(self.pieces)
            self.pieces = [self._joined]
        return self._joined

    def __len__(self) -> int:
        return sum(len(piece) for piece in self.pieces)


class _EncodedTable:
    """One memory table's records, encoded: live ones for the table, tombstones for
    ``_deleted``. A memory table named ``_deleted`` holds what the file's ``_deleted`` had
    that named no table; it is written back as it was."""

    def __init__(self, table: str, records: dict[str, Any]) -> None:
        self.table = table
        self.live: dict[str, bytes] = {}
        self.dead: dict[str, bytes] = {}
        self.stale: set[str] = set(records)
        self._live_payload: bytes | None = None
        self._dead_payload: bytes | None = None
        self.refresh(records)

    def outgrown(self, records: dict[str, Any]) -> bool:
        """A record left the table (only a whole new table does that): start again."""
        return len(self.live) + len(self.dead) > len(records)

    def refresh(self, records: dict[str, Any]) -> None:
        if len(self.live) + len(self.dead) < len(records):
            self.stale.update(r for r in records if r not in self.live and r not in self.dead)
        if not self.stale:
            return
        verbatim = self.table == DELETED_TABLE
        stale = self.stale
        # in the table's order, so every process writes the same file for the same data
        for record_id in [r for r in records if r in stale]:
            doc = records[record_id]
            live = not verbatim and (not isinstance(doc, dict) or is_live(doc))
            if verbatim:
                encoded = encode_verbatim(record_id, doc)
            elif isinstance(doc, dict):
                encoded = encode_record(self.table, record_id, doc, live=live)
            else:  # kept as it was read, for the shape check to refuse
                encoded = encode_verbatim(record_id, doc)
            keep, drop = (self.live, self.dead) if live else (self.dead, self.live)
            drop.pop(record_id, None)
            keep[record_id] = encoded
        self.stale.clear()
        self._live_payload = self._dead_payload = None

    def live_payload(self) -> bytes:
        if self._live_payload is None:
            self._live_payload = b"{" + b",".join(self.live.values()) + b"}"
        return self._live_payload

    def dead_payload(self) -> bytes:
        if self._dead_payload is None:
            self._dead_payload = b",".join(self.dead.values())
        return self._dead_payload
