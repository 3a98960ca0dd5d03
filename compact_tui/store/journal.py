"""The local edit journal: every edit is on this machine's disk before the shared file is saved.

It lives in the user's data directory, outside the shared folder, so a crash mid-meeting, a
read-only folder or a damaged shared file never costs an edit. Each line holds the whole record
after the edit; replaying is a merge, so replaying an edit that did reach the file is harmless.

Each open store writes its own journal file (``<stem>-<key>.<session>.jsonl``) and holds a lock
on ``….lock`` beside it for as long as it is open. Two windows on one machine therefore never
clear each other's entries, and a journal whose lock nobody holds belongs to a process that
died: the next store to open the same file adopts it, replays it, and removes it once the
shared file holds its edits.

An import (or any ``Store.transaction``) is journalled as one line holding all its records:
a crash while that line is written leaves a line cut short, which is skipped, so a later
start never replays half an import.

Typing is journalled without waiting: ``append_many(..., wait=False)`` queues the entry and a
writer thread appends and fsyncs it a moment later (a few milliseconds; bursts share one
fsync), so a keystroke never waits for the disk. Every other edit waits for its fsync, and
anything queued before it is written first, so the journal keeps the order of the edits.

Beside the journal, ``….place`` says where the member was typing (screen, record, field,
cursor), so after a crash the app can reopen there; a clean close removes it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Callable, Iterator
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
    def __init__(self, path: Path, on_error: Callable[[OSError], None] | None = None) -> None:
        self.path = path
        self.on_error = on_error
        self._lock = threading.Lock()  # the file
        self._queue = threading.Condition()  # what waits to be written
        self._pending: list[bytes] = []
        self._queued = 0  # entries in _pending (a transaction's line holds many)
        self._place: bytes | None = None
        self._writer: threading.Thread | None = None
        self._closed = False
        self._count: int | None = None

    def append(self, table: str, record_id: str, doc: dict[str, Any]) -> None:
        self.append_many([(table, record_id, doc)])

    def append_many(self, entries: list[tuple[str, str, dict[str, Any]]], *,
                    wait: bool = True, together: bool = False) -> None:
        """Several records made by one edit reach the disk together, with one fsync.

        ``wait=False`` returns at once; the writer thread has them on disk a moment later.
        ``together`` writes them as one line: replayed all, or (cut short) not at all.
        """
        if not entries:
            return
        lines = [{"table": table, "id": record_id, "doc": doc}
                 for table, record_id, doc in entries]
        if together:
            payload = orjson.dumps({"batch": lines}) + b"\n"
        else:
            payload = b"".join(orjson.dumps(line) + b"\n" for line in lines)
        with self._queue:
            self._pending.append(payload)
            self._queued += len(entries)
            if self._count is not None:
                self._count += len(entries)
            if not wait:
                self._wake_writer()
                return
        self.flush()

    def note_place(self, place: dict[str, Any] | None) -> None:
        """Where the member is typing (None: nowhere); the writer thread keeps the newest."""
        with self._queue:
            self._place = b"" if place is None else orjson.dumps(place)
            self._wake_writer()

    def _wake_writer(self) -> None:
        if self._writer is None and not self._closed:
            self._writer = threading.Thread(target=self._write_queued, daemon=True,
                                            name="compact-journal")
            self._writer.start()
        self._queue.notify()

    def _write_queued(self) -> None:
        while True:
            with self._queue:
                while not (self._pending or self._place is not None or self._closed):
                    self._queue.wait()
                if self._closed:
                    return
            try:
                self.flush()
            except OSError as error:
                if self.on_error is not None:
                    self.on_error(error)
                with self._queue:
                    self._queue.wait(1.0)  # the disk is refusing: try again in a second

    def flush(self) -> None:
        """Write everything queued now, on this thread; an ``OSError`` keeps it queued."""
        with self._lock:
            with self._queue:
                batch, self._pending = b"".join(self._pending), []
                queued, self._queued = self._queued, 0
                place, self._place = self._place, None
            try:
                if batch:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    with open(self.path, "ab") as handle:
                        handle.write(batch)
                        handle.flush()
                        os.fsync(handle.fileno())
                if place is not None:
                    self._write_place(place)
            except OSError:
                with self._queue:
                    if batch:
                        self._pending.insert(0, batch)
                        self._queued += queued
                    if place is not None and self._place is None:
                        self._place = place
                raise

    def _write_place(self, place: bytes) -> None:
        target = place_path(self.path)
        if not place:
            target.unlink(missing_ok=True)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_suffix(".place-tmp")
        with open(temp, "wb") as handle:
            handle.write(place)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)

    def close(self) -> None:
        """Write what is queued and stop the writer thread."""
        with contextlib.suppress(OSError):
            self.flush()
        with self._queue:
            self._closed = True
            self._queue.notify_all()
        if self._writer is not None:
            self._writer.join(timeout=5)

    def forget_place(self) -> None:
        with self._queue:
            self._place = None
        with self._lock:
            place_path(self.path).unlink(missing_ok=True)

    def entries(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Every complete entry; a line cut short by a crash is skipped."""
        with contextlib.suppress(OSError):
            self.flush()
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        yield from _parse_lines(raw)

    def __len__(self) -> int:
        """Entries not yet known to be in the shared file (counted once, then kept in step)."""
        if self._count is None:
            count = sum(1 for _ in self.entries())
            with self._queue:
                self._count = count + self._queued
        return self._count

    def mark(self) -> int:
        """The journal's length now; edits after it are not in the save about to happen."""
        with contextlib.suppress(OSError):
            self.flush()
        with self._lock:
            try:
                return self.path.stat().st_size
            except FileNotFoundError:
                return 0

    def clear_through(self, mark: int) -> None:
        """Forget entries up to ``mark`` once the shared file holds them; keep later ones."""
        with self._lock:
            with self._queue:
                queued = self._queued
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                self._count = queued
                return
            tail = raw[mark:]
            if not tail:
                self.path.unlink(missing_ok=True)
                self._count = queued
                return
            temp = self.path.with_suffix(".tmp")
            with open(temp, "wb") as handle:
                handle.write(tail)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, self.path)
            self._count = sum(1 for _ in _parse_lines(tail)) + queued

    def remove(self) -> None:
        """The shared file holds every edit: drop the journal and anything still queued."""
        with self._queue:
            self._pending, self._queued = [], 0
        with self._lock:
            self.path.unlink(missing_ok=True)
            self._count = 0


def place_path(journal: Path) -> Path:
    return journal.with_suffix(".place")


def read_place(journal: Path) -> dict[str, Any] | None:
    try:
        place = orjson.loads(place_path(journal).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    return place if isinstance(place, dict) else None


def _parse_lines(raw: bytes) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for line in raw.splitlines():
        try:
            entry = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue
        batch = entry.get("batch") if isinstance(entry, dict) else None
        for part in batch if isinstance(batch, list) else [entry]:
            try:
                table, record_id, doc = part["table"], part["id"], part["doc"]
            except (KeyError, TypeError):
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


def _others_files(journal_folder: Path, pattern: str, own: Path) -> list[Path]:
    """Files of other sessions (not the one whose journal is ``own``) matching ``pattern``."""
    try:
        return [path for path in sorted(journal_folder.glob(pattern))
                if path.with_suffix(".jsonl") != own]
    except OSError:
        return []


def orphan_journals(store_path: Path, journal_folder: Path,
                    own: Path) -> list[tuple[Journal, SessionLock]]:
    """Journals of this store left by processes that are gone, each now locked by us."""
    key = journal_key(store_path)
    found = []
    for candidate in _others_files(journal_folder, f"{key}*.jsonl", own):
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


def orphan_places(store_path: Path, journal_folder: Path, own: Path) -> list[dict[str, Any]]:
    """Where members of sessions that died were typing (newest first); taken, then removed.

    Runs before ``orphan_journals`` adopts the same sessions' journals: each lock is released
    again at once, leaving the journal to be adopted.
    """
    found = []
    for candidate in _others_files(journal_folder, f"{journal_key(store_path)}.*.place", own):
        journal = candidate.with_suffix(".jsonl")
        lock = SessionLock(candidate.with_suffix(".lock"))
        if not lock.acquire():
            continue
        try:
            place = read_place(journal)
            with contextlib.suppress(OSError):
                candidate.unlink()
        finally:
            lock.release(remove=not journal.exists())
        if place is not None:
            found.append(place)
    return sorted(found, key=lambda place: str(place.get("at", "")), reverse=True)
