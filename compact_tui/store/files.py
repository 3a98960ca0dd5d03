"""Reading and writing the data file so that no reader ever sees half a file of ours.

Every write goes to a temporary file in the same folder (named so sync clients skip it), is
flushed and fsync'd, then renamed over the data file, then the folder is fsync'd. Nothing keeps
a handle open between operations: a sync client that replaces the file by rename would otherwise
leave us writing into an orphaned copy (the TinyDB ``r+`` trap).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from .errors import StoreShapeError, UnreadableStoreError

TEMP_PREFIX = "~$"
TEMP_SUFFIX = ".part"
STALE_TEMP_SECONDS = 600
REPLACE_ATTEMPTS = 12


@dataclass(frozen=True)
class Signature:
    """What we remember of the file we last read or wrote, to notice it changing."""

    size: int
    mtime_ns: int
    inode: int
    digest: str

    def same_stat(self, other: os.stat_result) -> bool:
        return (self.size, self.mtime_ns, self.inode) == (
            other.st_size, other.st_mtime_ns, other.st_ino)


def digest_of(payload: bytes) -> str:
    return hashlib.blake2b(payload, digest_size=16).hexdigest()


def signature_of(path: Path, payload: bytes) -> Signature | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return Signature(info.st_size, info.st_mtime_ns, info.st_ino, digest_of(payload))


def parse_store_bytes(payload: bytes, source: str) -> dict[str, dict[str, Any]]:
    """Parse and shape-check a store; anything doubtful raises, so we never write over it."""
    if not payload.strip():
        raise UnreadableStoreError(
            f"{source} is empty (0 bytes). It may be an online-only placeholder or a file the "
            "sync service has not finished downloading; it was left untouched.")
    try:
        data = orjson.loads(payload)
    except orjson.JSONDecodeError as error:
        raise UnreadableStoreError(
            f"{source} is not valid JSON ({error}). It may be half-synced or damaged; "
            "it was left untouched.") from error
    problems = shape_problems(data)
    if problems:
        raise StoreShapeError(f"{source} is not a compact-tui store: {problems[0]}")
    return data


def shape_problems(data: Any) -> list[str]:
    """Every way the parsed JSON fails to be ``{table: {record_id: {field: value}}}``."""
    if not isinstance(data, dict):
        return [f"the top level is a JSON {type(data).__name__}, not an object of tables"]
    problems = []
    for table, records in data.items():
        if not isinstance(records, dict):
            problems.append(f'table "{table}" is a JSON {type(records).__name__}, not an object')
            continue
        for record_id, doc in records.items():
            if not record_id.strip():
                problems.append(f'table "{table}" has a record missing its id')
            elif not isinstance(doc, dict):
                problems.append(f'record "{record_id}" in table "{table}" is not an object')
    return problems


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def read_file(path: Path, attempts: int = 5, pause: float = 0.1
              ) -> tuple[dict[str, Any], bytes, Signature | None]:
    """Read and parse the data file, retrying while a sync client swaps it in.

    Syncthing deletes the file and renames the new one in, so for an instant it is missing;
    a half-delivered file may also parse badly for a moment. Raises ``FileNotFoundError`` only
    when the file stays missing, and ``UnreadableStoreError`` when it stays unreadable.
    """
    last_error: Exception | None = None
    for attempt in range(attempts):
        try:
            payload = path.read_bytes()
            return parse_store_bytes(payload, path.name), payload, signature_of(path, payload)
        except FileNotFoundError as error:
            # A sync client's delete-then-rename leaves the file missing for well under a
            # millisecond; a short wait covers it without slowing the start of a new store.
            last_error = error
            if attempt + 1 < min(attempts, 3):
                time.sleep(0.03)
            else:
                break
        except UnreadableStoreError as error:
            last_error = error
            if attempt + 1 < attempts:
                time.sleep(pause * (attempt + 1))
    assert last_error is not None
    raise last_error


def write_atomically(path: Path, payload: bytes) -> Signature:
    """Temp file in the same folder, flush, fsync, rename over, fsync the folder."""
    folder = path.parent
    temp = folder / f"{TEMP_PREFIX}{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    try:
        with open(temp, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        _replace_with_retry(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_folder(folder)
    signature = signature_of(path, payload)
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
    for candidate in path.parent.glob(f"{TEMP_PREFIX}{path.name}.*{TEMP_SUFFIX}"):
        try:
            if candidate.stat().st_mtime < cutoff:
                candidate.unlink()
                removed.append(candidate)
        except OSError:
            continue
    return removed


def dumps(data: dict[str, Any]) -> bytes:
    """Compact orjson: the file is written whole on every save, so size is speed."""
    return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
