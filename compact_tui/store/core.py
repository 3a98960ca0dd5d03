"""The store: one TinyDB JSON file in a synced folder, held in memory, merged on every save.

This is the only code that touches the data file. Callers see plain dicts; edits go to memory
and to the local journal at once, and ``save()`` (or the background loop) writes the file
atomically after merging in whatever another machine wrote since we last read it.

``Store`` is a facade over three parts, each in its own module: the records in memory
(``tables.RecordTables``: the record port's API, history, conflicts, the journal), the shared
file (``sync.FileSync``: open, merge, write-if-unchanged, conflict copies, restore) and the
background loop (``background.BackgroundLoop``, which saves when ``schedule.SaveSchedule``
says so and delivers ``events.StoreEvents``).
"""

from __future__ import annotations

import contextlib
import secrets
import time
import uuid
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb.queries import QueryLike

from .. import locations
from .background import BackgroundLoop
from .backups import Backup, BackupKeeper, list_backups, newest_edit
from .clock import HybridClock, skew_warnings
from .errors import StoreError
from .events import (
    Listener,
    ProblemLog,
    RecordChange,
    StoreEvent,
    StoreEvents,
    describe_changes,
)
from .journal import Journal, SessionLock, journal_path_for
from .presence import Presence
from .records import utc_now_iso
from .schedule import DEBOUNCE_SECONDS, MAX_SAVE_DELAY_SECONDS, SaveSchedule
from .status import StoreHealth, StoreStatus
from .sync import FileSync
from .tables import Data, RecordTables, TextEdit
from .waiting import WaitingCopy

__all__ = ["RecordChange", "Store", "StoreEvent", "StoreStatus", "TextEdit",
           "describe_changes", "device_id", "open_store"]


def device_id(folder: Path | None = None) -> str:
    """This machine's id, kept outside the shared folder and made once."""
    folder = folder or locations.data_dir()
    marker = folder / "device-id"
    try:
        value = marker.read_text().strip()
        if value:
            return value
    except FileNotFoundError:
        pass
    folder.mkdir(parents=True, exist_ok=True)
    value = uuid.uuid4().hex[:12]
    marker.write_text(value)
    return value


class Store:
    """In-memory records over one shared JSON file. Thread-safe; saves merge with the disk."""

    def __init__(self, path: Path | str, member: str = "", *, device: str | None = None,
                 journal_folder: Path | None = None, read_only: bool = False,
                 backups_kept: int = 20, backup_interval: float = 300,
                 clock: HybridClock | None = None, role: str = "",
                 absorb_copies: bool = True, start_empty: bool = False,
                 save_delay: float = DEBOUNCE_SECONDS,
                 max_save_delay: float = MAX_SAVE_DELAY_SECONDS,
                 problem_log: Path | None = None) -> None:
        self.path = Path(path).expanduser().absolute()
        self.role = role
        self.device = device or device_id()
        # Each open store is its own replica in the version vectors: a profile cloned with
        # its device id, or two windows on one machine, can then never reuse a counter.
        self.session = secrets.token_hex(3)
        self.replica = f"{self.device}.{self.session}"
        self.read_only = read_only
        self.clock = clock or HybridClock()
        self.events = StoreEvents(ProblemLog(problem_log or locations.problem_log_file()))
        self.health = StoreHealth(self.events.emit)
        self.schedule = SaveSchedule(save_delay, max_save_delay)
        journal_folder = journal_folder or locations.journal_dir()
        own_journal = journal_path_for(self.path, journal_folder, self.session)
        self._session_lock = SessionLock(own_journal.with_suffix(".lock"))
        if not read_only:
            self._session_lock.acquire()
        self.journal = Journal(own_journal, on_error=self._journal_failed)
        self.records = RecordTables(
            file_name=self.path.name, member=member or "unknown member", replica=self.replica,
            clock=self.clock, journal=self.journal, health=self.health,
            schedule=self.schedule, read_only=read_only)
        self.backups = BackupKeeper(self.path, self.device, backups_kept, backup_interval)
        self.presence = Presence(self.path, self.device, self.session)
        self.sync = FileSync(self.path, self.records, self.health, emit=self.events.emit,
                             backups=self.backups, journal_folder=journal_folder,
                             read_only=read_only, start_empty=start_empty)
        self.loop = BackgroundLoop(self.sync, self.schedule, self.events, self.health,
                                   self.presence, lambda: (self.member, self.role))
        self.sync.load()
        if absorb_copies and not read_only:
            self.notes.extend(self.absorb_conflict_copies())
            self.notes.extend(f"{w.name} waits for you to merge it or put it aside (ctrl+p, "
                              "\"Copies waiting\")." for w in self.sync.copies.waiting)
        elif absorb_copies and not self.health.unreadable:
            self.notes.extend(self.sync.copies.read_into_memory())
        self.notes.extend(self.clock_warnings())

    # ------------------------------------------------------------ who and how

    @property
    def member(self) -> str:
        return self.records.member

    @member.setter
    def member(self, name: str) -> None:
        self.records.member = name

    @property
    def problem(self) -> str | None:
        return self.health.problem

    @property
    def notes(self) -> list[str]:
        return self.sync.notes

    @property
    def last_saved(self) -> datetime | None:
        return self.sync.last_saved

    @property
    def unsaved(self) -> bool:
        return self.records.dirty

    def status(self) -> StoreStatus:
        return StoreStatus(self.path, self.member, self.read_only or self.health.unreadable,
                           self.problem, self.last_saved, self.records.dirty,
                           len(self.journal), list(self.notes))

    # ------------------------------------------------------------------ records

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        return self.records.get(table, record_id)

    def all(self, table: str) -> list[dict[str, Any]]:
        return self.records.all(table)

    def where(self, table: str, **equals: Any) -> list[dict[str, Any]]:
        return self.records.where(table, **equals)

    @property
    def generation(self) -> int:
        """A number that changes whenever any record does (ours, merged in, restored)."""
        return self.records.generation

    def search(self, table: str, condition: QueryLike) -> list[dict[str, Any]]:
        return self.records.search(table, condition)

    def tables(self) -> list[str]:
        return self.records.tables()

    def is_demo(self) -> bool:
        """A store of made-up demo data: marked in the file itself (``_meta``), so the name
        it is given or renamed to does not matter."""
        return self.records.is_demo()

    def mark_demo(self) -> None:
        self.records.mark_demo()

    def raw(self) -> Data:
        return self.records.raw()

    def raw_record(self, table: str, record_id: str) -> dict[str, Any] | None:
        return self.records.raw_record(table, record_id)

    def damaged(self) -> list[tuple[str, str]]:
        return self.records.damaged()

    def raw_where(self, table: str, **equals: Any) -> list[dict[str, Any]]:
        return self.records.raw_where(table, **equals)

    def insert(self, table: str, fields: Mapping[str, Any]) -> str:
        return self.records.insert(table, fields)

    def update(self, table: str, record_id: str, fields: Mapping[str, Any]) -> list[str]:
        return self.records.update(table, record_id, fields)

    def edit_text(self, table: str, record_id: str, field: str, base: str,
                  text: str) -> TextEdit:
        return self.records.edit_text(table, record_id, field, base, text)

    def keep_both(self, table: str, record_id: str, field: str, other_value: Any,
                  other_dot: list[Any] | None) -> None:
        self.records.keep_both(table, record_id, field, other_value, other_dot)

    def delete(self, table: str, record_id: str) -> None:
        self.records.delete(table, record_id)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Many edits (an import, demo data) kept all together or not at all: no save writes
        half of them to the shared file, they reach the journal as one line with one fsync
        at the end, and an exception inside undoes them."""
        with self.sync.save_lock, self.records.transaction():
            yield self

    def history(self, table: str, record_id: str) -> list[dict[str, Any]]:
        return self.records.history(table, record_id)

    def conflicts(self, include_settled: bool = False) -> list[dict[str, Any]]:
        return self.records.conflicts(include_settled)

    def settle_conflict(self, conflict_id: str, value: Any, *,
                        keep_current: bool = False) -> None:
        self.records.settle_conflict(conflict_id, value, keep_current=keep_current)

    # ------------------------------------------------------------- the file

    def save(self) -> bool:
        return self.sync.save()

    def refresh(self) -> tuple[RecordChange, ...]:
        return self.sync.refresh()

    def absorb_conflict_copies(self) -> list[str]:
        """Merge the sync services' copies now and save (the background loop spaces this)."""
        return self.sync.absorb_conflict_copies(save_now=True)

    def _merge_data(self, data: Data) -> tuple[RecordChange, ...]:
        """Merge another copy of the store into memory (tests use it to fake a second machine)."""
        return self.sync.merge_data(data)

    def backups_available(self) -> list[Backup]:
        return list_backups(self.path)

    def restore_backup(self, backup_path: Path) -> int:
        """Set the records back to a backup's values; returns how many records changed."""
        return self.sync.restore_backup(backup_path)

    # ------------------------------------------------------------ copies, clocks

    def copies_beside(self) -> list[WaitingCopy]:
        """Every copy of the store beside the file, read (not merged), with what it adds."""
        return self.sync.copies.look()

    def copies_waiting(self) -> list[WaitingCopy]:
        """Copies that wait for a member's word (found by the last look at the folder)."""
        return list(self.sync.copies.waiting)

    def merge_copy(self, name: str) -> str:
        """A member confirmed this copy belongs in the store: merge it (a backup first)."""
        return self.sync.copies.merge_confirmed(name)

    def put_copy_aside(self, name: str) -> str:
        return self.sync.copies.put_aside(name)

    def clock_warnings(self) -> list[str]:
        """Said to a member whose clock, or whose colleagues' clocks, are a day or more off."""
        with self.records.lock:
            stamp, by = newest_edit(self.records.data)
        return skew_warnings(stamp, by, self.presence.clock_offsets(), time.time())

    def others_present(self) -> list[str]:
        """Names (with role) of other members with this file open, from their presence files."""
        if self.loop.running:
            return self.presence.cached
        return self.presence.scan()

    # ------------------------------------------------------------- background

    def subscribe(self, listener: Listener) -> None:
        self.events.subscribe(listener)

    def start_background(self, poll_interval: float = 1.0) -> None:
        """Save shortly after edits stop, and notice others' edits, off the caller's thread."""
        if not self.read_only:
            self.loop.start(poll_interval)

    def stop_background(self) -> None:
        self.loop.stop()
        self.presence.remove()

    def _journal_failed(self, error: OSError) -> None:
        """The journal's writer thread could not write: say so, as a failed edit would."""
        self.records.journal_failed(error)

    @property
    def recovered_place(self) -> dict[str, Any] | None:
        """Where a member of a session that died was typing (see ``note_place``)."""
        return self.sync.recovered_place

    def note_place(self, place: dict[str, Any] | None) -> None:
        """Where the member is typing (None: nowhere now), kept locally so a crash can reopen
        there."""
        if not self.read_only:
            self.journal.note_place(None if place is None else {**place, "at": utc_now_iso()})

    def close(self) -> None:
        """Stop the background saver and save; raise if edits could not reach the file."""
        self.stop_background()
        if self.read_only:
            return
        try:
            if self.unsaved and not self.save():
                raise StoreError(self.problem or f"could not save {self.path}")
            if self.last_saved is not None:
                # What this member saved must outlive the shared file being emptied later.
                with contextlib.suppress(OSError):
                    self.backups.keep_written(self.sync.last_written, force=True)
        finally:
            if not self.unsaved:
                with contextlib.suppress(OSError):
                    self.journal.remove()
            self.journal.close()
            with contextlib.suppress(OSError):
                self.journal.forget_place()
            self._session_lock.release()
            for _, lock in self.sync.adopted:
                lock.release(remove=False)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(path: Path | str, member: str = "", **options: Any) -> Store:
    """Open (or start) a store; use as ``with open_store(path, member="Jane") as s:``."""
    return Store(path, member, **options)
