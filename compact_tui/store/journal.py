"""The local edit journal: every edit is on this machine's disk before the shared file is saved.

It lives in the user's data directory, outside the shared folder, so a crash mid-meeting, a
read-only folder or a damaged shared file never costs an edit. Each line holds the whole record
after the edit; replaying is a merge, so replaying an edit that did reach the file is harmless.

Each open store writes its own journal file (``<stem>-<key>.<session>.jsonl``) and holds a lock
on ``….lock`` beside it for as long as it is open. Two windows on one machine therefore never
clear each other's entries, and a journal whose lock nobody holds belongs to a process that
died: the next store to open the same file adopts it, replays it, and removes it once the
shared file holds its edits.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import orjson


def journal_key(store_path: Path) -> str:
    digest = hashlib.sha1(str(store_path.resolve()).encode()).hexdigest()[:16]
    return f"{store_path.stem}-{digest}"


def journal_path_for(store_path: Path, journal_folder: Path, session: str = "") -> Path:
    key = journal_key(store_path)
    if session:
        return journal_folder / f"{key}.{session}.jsonl"
    return journal_folder / f"{key}.jsonl"


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._count: int | None = None

    def append(self, table: str, record_id: str, doc: dict[str, Any]) -> None:
        self.append_many([(table, record_id, doc)])

    def append_many(self, entries: list[tuple[str, str, dict[str, Any]]]) -> None:
        """Several records made by one edit reach the disk together, with one fsync."""
        if not entries:
            return
        payload = b"".join(orjson.dumps({"table": table, "id": record_id, "doc": doc}) + b"\n"
                           for table, record_id, doc in entries)
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "ab") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            if self._count is not None:
                self._count += len(entries)

    def entries(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Every complete entry; a line cut short by a crash is skipped."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        yield from _parse_lines(raw)

    def __len__(self) -> int:
        """Entries not yet known to be in the shared file (counted once, then kept in step)."""
        with self._lock:
            if self._count is None:
                self._count = sum(1 for _ in self.entries())
            return self._count

    def mark(self) -> int:
        """The journal's length now; edits after it are not in the save about to happen."""
        with self._lock:
            try:
                return self.path.stat().st_size
            except FileNotFoundError:
                return 0

    def clear_through(self, mark: int) -> None:
        """Forget entries up to ``mark`` once the shared file holds them; keep later ones."""
        with self._lock:
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                self._count = 0
                return
            tail = raw[mark:]
            if not tail:
                self.path.unlink(missing_ok=True)
                self._count = 0
                return
            temp = self.path.with_suffix(".tmp")
            with open(temp, "wb") as handle:
                handle.write(tail)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, self.path)
            self._count = sum(1 for _ in _parse_lines(tail))

    def remove(self) -> None:
        with self._lock:
            self.path.unlink(missing_ok=True)
            self._count = 0


def _parse_lines(raw: bytes) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for line in raw.splitlines():
        try:
            entry = orjson.loads(line)
            table, record_id, doc = entry["table"], entry["id"], entry["doc"]
        except (orjson.JSONDecodeError, KeyError, TypeError):
            continue
        if isinstance(table, str) and isinstance(record_id, str) and isinstance(doc, dict):
            yield table, record_id, doc


class SessionLock:
    """An exclusive, non-blocking lock on a small file, held while a store is open."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    def acquire(self) -> bool:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path, "a+b")  # noqa: SIM115 - held until release()
        except OSError:
            return False
        if not _try_lock(handle):
            handle.close()
            return False
        self._handle = handle
        return True

    def release(self, remove: bool = True) -> None:
        if self._handle is None:
            return
        if remove:
            with contextlib.suppress(OSError):
                self.path.unlink()
        with contextlib.suppress(OSError):
            self._handle.close()
        self._handle = None


def _try_lock(handle: IO[bytes]) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            handle.seek(0)
            # mypy on Linux sees msvcrt without its Windows-only functions
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def orphan_journals(store_path: Path, journal_folder: Path,
                    own: Path) -> list[tuple[Journal, SessionLock]]:
    """Journals of this store left by processes that are gone, each now locked by us."""
    key = journal_key(store_path)
    found = []
    try:
        candidates = sorted(journal_folder.glob(f"{key}*.jsonl"))
    except OSError:
        return []
    for candidate in candidates:
        if candidate == own:
            continue
        lock = SessionLock(candidate.with_suffix(".lock"))
        if lock.acquire():
            found.append((Journal(candidate), lock))
    for leftover in journal_folder.glob(f"{key}.*.lock"):
        if leftover.with_suffix(".jsonl").exists() or leftover == own.with_suffix(".lock"):
            continue
        lock = SessionLock(leftover)
        if lock.acquire():
            lock.release()
    return found
