"""The store: one TinyDB JSON file in a synced folder, held in memory, merged on every save.

This is the only code that touches the data file. Callers see plain dicts; edits go to memory
and to the local journal at once, and ``save()`` (or the background saver) writes the file
atomically after merging in whatever another machine wrote since we last read it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.queries import QueryLike
from tinydb.storages import Storage
from tinydb.table import Table

from .. import locations
from .backups import Backup, BackupKeeper, list_backups, newest_valid_backup
from .clock import HybridClock
from .conflict_copies import (
    ConflictCopy,
    find_conflict_copies,
    looks_like_our_store,
    move_to_archive,
)
from .errors import (
    ReadOnlyStoreError,
    StoreError,
    StoreShapeError,
    UnknownRecordError,
    UnreadableStoreError,
)
from .files import (
    Payload,
    RecordEncoder,
    Signature,
    bookkeeping_problem,
    read_file,
    remove_stale_temp_files,
    shape_problems,
    write_atomically,
)
from .journal import Journal, SessionLock, journal_path_for, orphan_journals
from .presence import HEARTBEAT_SECONDS, Presence
from .records import (
    CONFLICTS_TABLE,
    MERGE_AUTHOR,
    MERGE_REPLICA,
    Clash,
    delete_record,
    edit_record,
    is_live,
    merge_databases,
    merge_records,
    new_record,
    public_view,
    record_clashes,
)
from .text_merge import TextDocs, three_way

SCHEMA_VERSION = 1
META_TABLE = "_meta"
META_ID = "schema"
HISTORY_TABLE = "_history"
HISTORY_COALESCE_SECONDS = 120
DEBOUNCE_SECONDS = 0.4
MAX_SAVE_DELAY_SECONDS = 3.0
MISSING_GRACE_SECONDS = 0.5
RETRY_SECONDS = 5.0
COPY_SCAN_SECONDS = 3.0
PRESENCE_SCAN_SECONDS = 5.0


class StrIdTable(Table):
    """TinyDB table whose document ids are UUID strings, so machines never hand out the same."""

    document_id_class = str


class _MemoryStorage(Storage):
    """TinyDB storage over the store's in-memory data; the store decides when to touch disk."""

    def __init__(self, owner: Store) -> None:
        self._owner = owner

    def read(self) -> dict[str, dict[str, Any]]:
        return self._owner._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        raise ReadOnlyStoreError("write through Store.insert/update/delete, not TinyDB")


class _TinyDB(TinyDB):
    table_class = StrIdTable


@dataclass(frozen=True)
class RecordChange:
    table: str
    record_id: str
    updated_by: str


@dataclass(frozen=True)
class StoreEvent:
    """Something the screen should hear about: others' edits, a save, a problem."""

    kind: str  # "external", "saved", "problem", "recovered", "absorbed"
    message: str = ""
    changes: tuple[RecordChange, ...] = ()


@dataclass(frozen=True)
class TextEdit:
    """What a text field holds after a screen's edit, and whether it met another's edit."""

    text: str
    overlapped: bool


@dataclass
class StoreStatus:
    path: Path
    member: str
    read_only: bool
    problem: str | None
    last_saved: datetime | None
    unsaved: bool
    journal_entries: int
    notes: list[str] = field(default_factory=list)


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
                 absorb_copies: bool = True, start_empty: bool = False) -> None:
        self.path = Path(path).expanduser().absolute()
        self.start_empty = start_empty
        self.member = member or "unknown member"
        self.role = role
        self.device = device or device_id()
        # Each open store is its own replica in the version vectors: a profile cloned with
        # its device id, or two windows on one machine, can then never reuse a counter.
        self.session = secrets.token_hex(3)
        self.replica = f"{self.device}.{self.session}"
        self.read_only = read_only
        self.clock = clock or HybridClock()
        self._texts = TextDocs(self.replica)
        self.problem: str | None = None
        self.notes: list[str] = []
        self.last_saved: datetime | None = None
        self._data: dict[str, dict[str, Any]] = {}
        self._lock = threading.RLock()
        self._save_lock = threading.RLock()
        self._signature: Signature | None = None
        self._last_good_payload: bytes | Payload = b""
        self._encoder = RecordEncoder()
        self._conflicts_cache: list[dict[str, Any]] | None = None
        self._edited_during_merge: list[tuple[str, str]] | None = None
        self._journal_buffer: list[tuple[str, str, dict[str, Any]]] | None = None
        self._dirty = False
        self._unreadable = False
        self._last_edit = 0.0
        self._first_unsaved_edit = 0.0
        self._listeners: list[Callable[[StoreEvent], None]] = []
        self._last_history: tuple[str, str, str, float] | None = None
        self._watcher: threading.Thread | None = None
        self._stop = threading.Event()
        self._db = _TinyDB(storage=_MemoryStorage, owner=self)
        journal_folder = journal_folder or locations.journal_dir()
        self._journal_folder = journal_folder
        own_journal = journal_path_for(self.path, journal_folder, self.session)
        self._session_lock = SessionLock(own_journal.with_suffix(".lock"))
        if not read_only:
            self._session_lock.acquire()
        self.journal = Journal(own_journal)
        self._adopted: list[tuple[Journal, SessionLock]] = []
        self.backups = BackupKeeper(self.path, self.device, backups_kept, backup_interval)
        self.presence = Presence(self.path, self.device, self.session)
        self._load()
        if absorb_copies and not read_only:
            self.notes.extend(self.absorb_conflict_copies())

    # ----------------------------------------------------------------- opening

    def _load(self) -> None:
        if not self.read_only:
            with contextlib.suppress(OSError):
                remove_stale_temp_files(self.path)
        try:
            data, payload, signature = read_file(self.path)
        except FileNotFoundError:
            self._start_new()
        except UnreadableStoreError as error:
            self._open_on_backup(str(error))
        else:
            self._data, self._signature, self._last_good_payload = data, signature, payload
        self._observe_clock(self._data)
        if not self.read_only:
            self._replay_journals()

    def _start_new(self) -> None:
        """Only a path where no file exists at all starts a new store.

        If backups of it lie beside the path, the file was deleted or moved away while no app
        had it open: start from the newest backup rather than from nothing, so the next save
        does not hand the other machines an empty store. ``start_empty`` (a new demo or a
        deliberate fresh start) skips that.
        """
        self._data = {}
        found = None if self.start_empty else newest_valid_backup(self.path)
        if found:
            backup, data = found
            self._data = data
            self.notes.append(f"{self.path.name} was missing; started from the newest backup, "
                              f"{backup.label}.")
        self._ensure_meta()
        if not self.read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._mark_dirty()

    def _open_on_backup(self, message: str) -> None:
        self._unreadable = True
        found = newest_valid_backup(self.path)
        if found:
            backup, data = found
            self._data = data
            self.problem = (f"{message} Showing backup {backup.label}; edits wait in the "
                            "local journal until the file can be read again.")
        else:
            self._data = {}
            self.problem = (f"{message} No backup was found; edits wait in the local "
                            "journal until the file can be read again.")

    def _ensure_meta(self) -> None:
        meta = self._data.setdefault(META_TABLE, {})
        if META_ID not in meta:
            meta[META_ID] = new_record({"schema_version": SCHEMA_VERSION, "app": "compact-tui",
                                        "store_id": str(uuid.uuid4())},
                                       self.replica, 1, self.clock.now(), self.member)
            self._touch(META_TABLE)

    def _observe_clock(self, data: Mapping[str, Mapping[str, Any]]) -> None:
        meta = data.get(META_TABLE, {}).get(META_ID, {})
        high = meta.get("clock_high") if isinstance(meta, Mapping) else None
        if isinstance(high, str):
            self.clock.observe(high)

    def _replay_journals(self) -> None:
        """Edits a crashed or failed session left in its journal come back now."""
        replayed = 0
        journals = [self.journal]
        self._adopted = orphan_journals(self.path, self._journal_folder, self.journal.path)
        journals += [journal for journal, _ in self._adopted]
        with self._lock:
            for journal in journals:
                for table, record_id, doc in journal.entries():
                    if shape_problems({table: {record_id: doc}}):
                        continue
                    current = self._data.get(table, {}).get(record_id)
                    merged = doc if current is None else merge_records(
                        table, record_id, current, doc)[0]
                    if merged != current:
                        self._data.setdefault(table, {})[record_id] = merged
                        self._touch(table, record_id)
                        replayed += 1
                    self._observe_doc(doc)
            if replayed:
                self._mark_dirty()
                self.notes.append(f"Recovered {replayed} unsaved edit(s) from the local journal.")
            elif self._adopted and not self._dirty:
                self._finish_adoption()

    def _finish_adoption(self) -> None:
        """The shared file now holds the adopted journals' edits: let them go."""
        for journal, lock in self._adopted:
            with contextlib.suppress(OSError):
                journal.remove()
            lock.release()
        self._adopted = []

    def _observe_doc(self, doc: Mapping[str, Any]) -> None:
        for dot in doc.get("_dots", {}).values():
            if isinstance(dot, list) and len(dot) > 2 and isinstance(dot[2], str):
                self.clock.observe(dot[2])

    # ------------------------------------------------------------------ reading

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        with self._lock:
            doc = self._data.get(table, {}).get(record_id)
            if doc is None or not is_live(doc):
                return None
            return public_view(record_id, doc)

    def all(self, table: str) -> list[dict[str, Any]]:
        with self._lock:
            return [public_view(record_id, doc)
                    for record_id, doc in self._data.get(table, {}).items() if is_live(doc)]

    def where(self, table: str, **equals: Any) -> list[dict[str, Any]]:
        """Live records whose fields equal the given values, e.g. ``where("agenda_items",
        meeting_id=m)``: filters before copying, so it stays cheap on a large store."""
        with self._lock:
            return [public_view(record_id, doc)
                    for record_id, doc in self._data.get(table, {}).items()
                    if all(doc.get(k) == v for k, v in equals.items()) and is_live(doc)]

    def search(self, table: str, condition: QueryLike) -> list[dict[str, Any]]:
        """TinyDB query over live records: ``s.search("actions", Query().status == "open")``."""
        with self._lock:
            tiny = self._db.table(table)
            tiny.clear_cache()
            return [public_view(str(doc.doc_id), doc) for doc in tiny.search(condition)
                    if is_live(doc)]

    def tables(self) -> list[str]:
        with self._lock:
            return sorted(self._data)

    def raw(self) -> dict[str, dict[str, Any]]:
        """A deep copy of everything, tombstones and clocks included (for check and export)."""
        with self._lock:
            return orjson.loads(orjson.dumps(self._data))

    def raw_record(self, table: str, record_id: str) -> dict[str, Any] | None:
        """One record as stored, deleted or not (for conflicts and history screens)."""
        with self._lock:
            doc = self._data.get(table, {}).get(record_id)
            return None if doc is None else dict(doc)

    # ------------------------------------------------------------------ editing

    def insert(self, table: str, fields: Mapping[str, Any]) -> str:
        self._check_edit(table, fields)
        record_id = str(uuid.uuid4())
        with self._lock:
            doc = new_record(fields, self.replica, 1, self.clock.now(), self.member)
            self._put(table, record_id, doc, list(fields))
        return record_id

    def update(self, table: str, record_id: str, fields: Mapping[str, Any]) -> list[str]:
        """Change some fields; returns the names that really changed."""
        self._check_edit(table, fields)
        with self._lock:
            current = self._data.get(table, {}).get(record_id)
            if current is None or not is_live(current):
                raise UnknownRecordError(f'no record "{record_id}" in "{table}"')
            doc, changed = edit_record(current, fields, self.replica, self.clock.now(),
                                       self.member, table=table, texts=self._texts)
            if changed:
                self._put(table, record_id, doc, changed)
            return changed

    def edit_text(self, table: str, record_id: str, field: str, base: str,
                  text: str) -> TextEdit:
        """Store a screen's text edit made on ``base`` without undoing others' edits since.

        Whatever reached the field after the screen loaded ``base`` (another member's words,
        merged in from the file) stays: the screen's change is merged into it as text.
        """
        self._check_edit(table, {field: text})
        with self._lock:
            current = self._data.get(table, {}).get(record_id)
            if current is None or not is_live(current):
                raise UnknownRecordError(f'no record "{record_id}" in "{table}"')
            stored = current.get(field)
            stored = stored if isinstance(stored, str) else ""
            merged, overlap = three_way(base, text, stored)
            their_dot = current.get("_dots", {}).get(field)
            if merged != stored:
                self.update(table, record_id, {field: merged})
            if overlap:
                our_dot = self._data[table][record_id].get("_dots", {}).get(field)
                self._record_overlap(Clash(table, record_id, field, merged, our_dot, stored,
                                           their_dot))
            return TextEdit(merged, overlap)

    def _record_overlap(self, clash: Clash) -> None:
        """Our typing met another member's edit of the same words: both go to Conflicts."""
        record_clashes(self._data, [clash])
        self._put(CONFLICTS_TABLE, clash.conflict_id, self._data[CONFLICTS_TABLE][
            clash.conflict_id], ["settled"])

    def delete(self, table: str, record_id: str) -> None:
        self._check_edit(table, {})
        with self._lock:
            current = self._data.get(table, {}).get(record_id)
            if current is None or not is_live(current):
                raise UnknownRecordError(f'no record "{record_id}" in "{table}"')
            doc = delete_record(current, self.replica, self.clock.now(), self.member)
            self._put(table, record_id, doc, ["deleted"])

    def _check_edit(self, table: str, fields: Mapping[str, Any]) -> None:
        if self.read_only:
            raise ReadOnlyStoreError(f"{self.path.name} is open read-only")
        if not table or not isinstance(table, str):
            raise StoreError("a table name must be a non-empty string")
        for name in fields:
            if not isinstance(name, str) or not name or name.startswith("_") or name == "id":
                raise StoreError(f'"{name}" cannot be a field name (reserved or empty)')
        try:
            orjson.dumps(dict(fields))
        except TypeError as error:
            raise StoreError(f"a value cannot be stored as JSON: {error}") from error

    def _put(self, table: str, record_id: str, doc: dict[str, Any], changed: list[str]) -> None:
        self._data.setdefault(table, {})[record_id] = doc
        self._touch(table, record_id)
        if self._edited_during_merge is not None:
            self._edited_during_merge.append((table, record_id))
        self._db.table(table).clear_cache()
        self._mark_dirty()
        entries = [(table, record_id, doc)]
        if not table.startswith("_"):
            entries.append(self._note_history(table, record_id, changed))
        self._journal(entries)

    @contextlib.contextmanager
    def bulk(self) -> Iterator[Store]:
        """Many edits (an import, demo data) journalled with one fsync at the end."""
        with self._lock:
            outermost = self._journal_buffer is None
            if outermost:
                self._journal_buffer = []
        try:
            yield self
        finally:
            if outermost:
                with self._lock:
                    pending, self._journal_buffer = self._journal_buffer or [], None
                self._journal(pending)

    def _journal(self, entries: list[tuple[str, str, dict[str, Any]]]) -> None:
        """The edit goes to the local journal at once; if even that fails, say so, keep going."""
        if self._journal_buffer is not None:
            self._journal_buffer.extend(entries)
            return
        try:
            self.journal.append_many(entries)
        except OSError as error:
            self._report_problem(
                f"Could not write the local journal ({error.strerror or error}). Your edit is "
                "held in memory and will be saved with the file; do not close the app until "
                "this message goes.")

    def _mark_dirty(self) -> None:
        now = time.monotonic()
        if not self._dirty:
            self._first_unsaved_edit = now
        self._dirty = True
        self._last_edit = now

    def _touch(self, table: str, record_id: str | None = None) -> None:
        self._encoder.touch(table, record_id)
        if table == CONFLICTS_TABLE:
            self._conflicts_cache = None

    def _note_history(self, table: str, record_id: str,
                      changed: list[str]) -> tuple[str, str, dict[str, Any]]:
        """Who changed which field when; a burst of typing in one record is one entry.

        Returns the history record for the caller to journal together with the edit.
        """
        now = time.monotonic()
        last = self._last_history
        history = self._data.setdefault(HISTORY_TABLE, {})
        stamp = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        if last and last[:2] == (table, record_id) and now - last[3] < HISTORY_COALESCE_SECONDS:
            entry = history.get(last[2])
            if entry is not None:
                fields = sorted({*entry.get("fields", []), *changed})
                doc, _ = edit_record(entry, {"fields": fields, "at": stamp}, self.replica,
                                     self.clock.now(), self.member)
                history[last[2]] = doc
                self._touch(HISTORY_TABLE, last[2])
                if self._edited_during_merge is not None:
                    self._edited_during_merge.append((HISTORY_TABLE, last[2]))
                self._last_history = (table, record_id, last[2], now)
                return HISTORY_TABLE, last[2], doc
        entry_id = str(uuid.uuid4())
        doc = new_record({"table": table, "record_id": record_id, "fields": sorted(changed),
                          "at": stamp, "by": self.member}, self.replica, 1, self.clock.now(),
                         self.member)
        history[entry_id] = doc
        self._touch(HISTORY_TABLE, entry_id)
        if self._edited_during_merge is not None:
            self._edited_during_merge.append((HISTORY_TABLE, entry_id))
        self._last_history = (table, record_id, entry_id, now)
        return HISTORY_TABLE, entry_id, doc

    # ------------------------------------------------------------ history, conflicts

    def history(self, table: str, record_id: str) -> list[dict[str, Any]]:
        """Who changed which fields of a record and when, newest first."""
        with self._lock:
            entries = [public_view(entry_id, doc)
                       for entry_id, doc in self._data.get(HISTORY_TABLE, {}).items()
                       if doc.get("table") == table and doc.get("record_id") == record_id]
        return sorted(entries, key=lambda e: e.get("at", ""), reverse=True)

    def conflicts(self, include_settled: bool = False) -> list[dict[str, Any]]:
        """Clashes between members' edits, newest first; cached until the table changes."""
        if include_settled:
            return sorted(self.all(CONFLICTS_TABLE), key=lambda r: r.get("lost_at", ""),
                          reverse=True)
        with self._lock:
            if self._conflicts_cache is None:
                rows = [row for row in self.all(CONFLICTS_TABLE) if not row.get("settled")]
                self._conflicts_cache = sorted(rows, key=lambda r: r.get("lost_at", ""),
                                               reverse=True)
            return list(self._conflicts_cache)

    def settle_conflict(self, conflict_id: str, value: Any) -> None:
        """Put the chosen (or merged) value in the record and mark the clash settled."""
        with self._lock:
            row = self.get(CONFLICTS_TABLE, conflict_id)
            if row is None:
                raise UnknownRecordError(f'no conflict "{conflict_id}"')
            table, record_id, name = row["table"], row["record_id"], row["field"]
            if name == "_deleted":
                if value == "deleted" and self.get(table, record_id) is not None:
                    self.delete(table, record_id)
            elif self.get(table, record_id) is not None:
                self.update(table, record_id, {name: value})
            self.update(CONFLICTS_TABLE, conflict_id,
                        {"settled": True, "settled_value": value, "settled_by": self.member})

    # ------------------------------------------------------------------- saving

    @property
    def unsaved(self) -> bool:
        return self._dirty

    def status(self) -> StoreStatus:
        return StoreStatus(self.path, self.member, self.read_only or self._unreadable,
                           self.problem, self.last_saved, self._dirty, len(self.journal),
                           list(self.notes))

    def save(self) -> bool:
        """Merge with the disk if it changed, then write atomically. False if it could not."""
        if self.read_only:
            return False
        with self._save_lock:
            for _ in range(8):
                try:
                    self._absorb_disk()
                except UnreadableStoreError as error:
                    self._become_unreadable(str(error))
                    return False
                with self._lock:
                    if not self._dirty and self._signature is not None:
                        self._finish_adoption()
                        return True
                    self._stamp_meta()
                    payload = self._encoder.encode(self._data)
                    mark = self.journal.mark()
                    self._dirty = False
                try:
                    written = self._write_if_unchanged(payload)
                except OSError as error:
                    with self._lock:
                        self._dirty = True
                    self._report_problem(
                        f"Could not save {self.path.name}: {error.strerror or error}. Edits wait "
                        f"in the local journal ({self.journal.path}) and are saved once the "
                        "folder can be written again.")
                    return False
                if not written:
                    with self._lock:
                        self._dirty = True
                    continue
                with contextlib.suppress(OSError):
                    self.journal.clear_through(mark)
                self._finish_adoption()
                self.last_saved = datetime.now(UTC)
                if self.problem and not self._unreadable:
                    self.problem = None
                    self._emit(StoreEvent("recovered", "Saving works again."))
                self._emit(StoreEvent("saved"))
                return True
            return False

    def _stamp_meta(self) -> None:
        """Carry our clock's high-water mark so the next reader starts past it.

        ``clock_high`` is a max-register: written with a merge dot (never bumping the version
        vector), so concurrent saves never clash over it and the larger stamp simply wins.
        """
        self._ensure_meta()
        meta = self._data[META_TABLE][META_ID]
        high = self.clock.now()
        doc = dict(meta)
        doc["clock_high"] = high
        doc["_dots"] = {**meta.get("_dots", {}), "clock_high": [MERGE_REPLICA, 0, high, ""]}
        self._data[META_TABLE][META_ID] = doc
        self._touch(META_TABLE, META_ID)

    def _write_if_unchanged(self, payload: Payload) -> bool:
        """Write unless the disk changed under us since we looked; then the caller merges again."""
        with self._local_lock():
            if not self._disk_matches_signature():
                return False
            if self._last_good_payload:
                with contextlib.suppress(OSError):
                    self.backups.maybe_backup(self._last_good_payload)
            self._signature = write_atomically(self.path, payload)
            self._last_good_payload = payload
            return True

    def _disk_matches_signature(self) -> bool:
        try:
            info = self.path.stat()
        except FileNotFoundError:
            return True
        return self._signature is not None and self._signature.same_stat(info)

    @contextlib.contextmanager
    def _local_lock(self) -> Iterator[None]:
        """Serialise saves of processes on this machine; across machines nothing can lock."""
        try:
            import fcntl
        except ImportError:
            yield
            return
        lock_path = self.path.parent / f"~${self.path.name}.lock"
        try:
            handle = open(lock_path, "a+b")  # noqa: SIM115 - held across the yield
        except OSError:
            yield
            return
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                with contextlib.suppress(OSError):
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def _absorb_disk(self) -> tuple[RecordChange, ...]:
        """If the file changed since we last read or wrote it, merge it into memory."""
        info = self._stat_allowing_swap()
        if info is None:
            return self._handle_missing_file()
        if self._signature is not None and self._signature.same_stat(info):
            return ()
        try:
            data, payload, signature = read_file(self.path, deep=False)
        except FileNotFoundError:
            return self._handle_missing_file()
        if payload == bytes(self._last_good_payload) and not self._unreadable:
            self._signature = signature
            return ()
        try:
            return self._merge_in(data, payload, signature)
        except StoreShapeError as error:
            raise StoreShapeError(f"{self.path.name} is not a compact-tui store: {error}. "
                                  "It was left untouched.") from error

    def _stat_allowing_swap(self) -> os.stat_result | None:
        """The file's stat; a sync client swapping it in gets half a second to finish."""
        grace = MISSING_GRACE_SECONDS if self._signature is not None else 0.0
        deadline = time.monotonic() + grace
        while True:
            try:
                return self.path.stat()
            except FileNotFoundError:
                if time.monotonic() >= deadline:
                    return None
                time.sleep(0.05)

    def _merge_in(self, data: dict[str, Any], payload: bytes | Payload,
                  signature: Signature | None) -> tuple[RecordChange, ...]:
        changes = self._merge_data(data, from_disk=True)
        self._signature = signature
        self._last_good_payload = payload
        if self._unreadable:
            self._unreadable = False
            self.problem = None
            self._emit(StoreEvent("recovered", f"{self.path.name} can be read again."))
        if changes:
            self._emit(StoreEvent("external", describe_changes(changes, self.member), changes))
        return changes

    def _merge_data(self, data: dict[str, Any], *,
                    from_disk: bool = False) -> tuple[RecordChange, ...]:
        """Merge another copy of the store into memory; returns what changed for us.

        The merge itself runs without holding the lock that edits and screens take, on a
        snapshot; records edited meanwhile are merged again, one by one, when the result is
        swapped in. After merging the data file we must save if the file lacks something we
        hold; after merging anything else (a conflict copy, a backup), if it brought us
        something new. Each changed record is checked before it is merged, and one malformed
        record refuses the whole file (``StoreShapeError``), never a half merge.
        """
        with self._lock:
            snapshot = {table: dict(records) for table, records in self._data.items()}
            self._edited_during_merge = []
        try:
            result = merge_databases(snapshot, data, validate=bookkeeping_problem)
        except BaseException:
            with self._lock:
                self._edited_during_merge = None
            raise
        self._observe_clock(data)
        with self._lock:
            edited, self._edited_during_merge = self._edited_during_merge or [], None
            late_clashes = []
            for table, record_id in dict.fromkeys(edited):
                mine = self._data[table][record_id]
                theirs = result.data.setdefault(table, {}).get(record_id)
                if theirs is None or theirs is snapshot.get(table, {}).get(record_id):
                    result.data[table][record_id] = mine
                else:
                    doc, found = merge_records(table, record_id, mine, theirs)
                    result.data[table][record_id] = doc
                    late_clashes.extend(found)
                result.new_to_a.append((table, record_id))
            if late_clashes:
                record_clashes(result.data, late_clashes)
                result.new_to_a.extend((CONFLICTS_TABLE, c.conflict_id) for c in late_clashes)
            self._data = result.data
            self._db.clear_cache()
            for table, record_id in result.new_to_a:
                self._touch(table, record_id)
            if result.new_to_b if from_disk else result.new_to_a:
                self._mark_dirty()
            return tuple(
                RecordChange(table, record_id,
                             result.data[table][record_id].get("_updated_by", ""))
                for table, record_id in dict.fromkeys(result.new_to_a)
                if (not table.startswith("_") or table == CONFLICTS_TABLE)
                and (table, record_id) not in set(edited))

    def _handle_missing_file(self) -> tuple[RecordChange, ...]:
        """Deleted or moved away: we hold everything, so write it back."""
        if self._signature is not None:
            message = (f"{self.path.name} had disappeared; it was written again from this "
                       "machine's copy.")
            self.notes.append(message)
            self._emit(StoreEvent("recovered", message))
            self._signature = None
            with self._lock:
                self._mark_dirty()
        return ()

    def _become_unreadable(self, message: str) -> None:
        if self._unreadable and self.problem:
            return  # already said; saying it again every poll would only add noise
        self._unreadable = True
        self._report_problem(
            f"{message} Working on the last good copy; edits wait in the local journal until "
            "the file can be read again.")

    def _report_problem(self, message: str) -> None:
        if message != self.problem:
            self.problem = message
            self._emit(StoreEvent("problem", message))

    def refresh(self) -> tuple[RecordChange, ...]:
        """Look at the disk now and merge in others' edits (the watcher calls this)."""
        try:
            with self._save_lock:
                return self._absorb_disk()
        except UnreadableStoreError as error:
            self._become_unreadable(str(error))
            return ()

    # ----------------------------------------------------- conflict copies, presence

    def absorb_conflict_copies(self) -> list[str]:
        """Merge in the sync services' conflict copies, then archive them; returns notices.

        A copy is archived only after the merged store is saved, so a crash or a failed save
        in between leaves it where it was, to be merged again (merging twice is harmless).
        """
        if self.read_only or self._unreadable:
            return []
        notices = []
        with self._save_lock:
            merged = []
            for copy in find_conflict_copies(self.path):
                try:
                    data, _, _ = read_file(copy.path, attempts=2)
                except FileNotFoundError:
                    continue
                except UnreadableStoreError as error:
                    if copy.certain:
                        notices.append(self._archive_unreadable_copy(copy, error))
                    continue
                if copy.certain or self._related(data):
                    merged.append((copy, data))
            if not merged:
                return self._announce(notices)
            changes: list[RecordChange] = []
            for _, data in merged:
                changes.extend(self._merge_data(data))
            if not self.save():
                return self._announce(notices)
            if changes:
                unique = tuple(dict.fromkeys(changes))
                self._emit(StoreEvent("external", describe_changes(unique, self.member), unique))
            for copy, _ in merged:
                try:
                    moved = move_to_archive(copy.path, self.path)
                except OSError:
                    continue
                notices.append(f"Merged in {copy.path.name} ({copy.description}); it was "
                               f"moved to {moved.parent.name}/.")
        return self._announce(notices)

    def _archive_unreadable_copy(self, copy: ConflictCopy, error: Exception) -> str:
        try:
            moved = move_to_archive(copy.path, self.path)
        except OSError:
            return f"{copy.path.name} ({copy.description}) could not be read or moved: {error}"
        return (f"{copy.path.name} ({copy.description}) could not be read, so nothing was "
                f"merged from it; it was moved to {moved.parent.name}/. {error}")

    def _announce(self, notices: list[str]) -> list[str]:
        for notice in notices:
            self._emit(StoreEvent("absorbed", notice))
        return notices

    def _related(self, data: Mapping[str, Any]) -> bool:
        """Is this parsed file a copy of our store (not another store that happens to match)?"""
        if not looks_like_our_store(data):
            return False
        theirs = data.get(META_TABLE, {}).get(META_ID, {}).get("store_id")
        with self._lock:
            ours = self._data.get(META_TABLE, {}).get(META_ID, {}).get("store_id")
            if theirs and ours and theirs == ours:
                return True
            for table, records in data.items():
                if table.startswith("_") or not isinstance(records, dict):
                    continue
                mine = self._data.get(table, {})
                if any(record_id in mine for record_id in records):
                    return True
        return False

    def others_present(self) -> list[str]:
        """Names (with role) of other members with this file open, from their presence files."""
        if self._watcher is not None:
            return self.presence.cached
        return self.presence.scan()

    def backups_available(self) -> list[Backup]:
        return list_backups(self.path)

    def restore_backup(self, backup_path: Path) -> None:
        """Bring back a backup: the unreadable file is moved aside, never overwritten."""
        data, _, _ = read_file(Path(backup_path), attempts=1)
        with self._save_lock:
            if self.path.exists():
                move_to_archive(self.path, self.path, label="damaged")
            self._merge_data(data)
            with self._lock:
                self._signature = None
                self._last_good_payload = b""
                self._unreadable = False
                self.problem = None
                self._mark_dirty()
            self.save()

    # ------------------------------------------------------------- background

    def subscribe(self, listener: Callable[[StoreEvent], None]) -> None:
        self._listeners.append(listener)

    def _emit(self, event: StoreEvent) -> None:
        for listener in list(self._listeners):
            with contextlib.suppress(Exception):
                listener(event)

    def start_background(self, poll_interval: float = 1.0) -> None:
        """Save shortly after edits stop, and notice others' edits, off the caller's thread."""
        if self._watcher is not None or self.read_only:
            return
        self._stop.clear()
        self.presence.beat(self.member, self.role)
        self.presence.scan()
        self._watcher = threading.Thread(target=self._background_loop, args=(poll_interval,),
                                         name="compact-store", daemon=True)
        self._watcher.start()

    def _background_loop(self, poll_interval: float) -> None:
        now = time.monotonic()
        last_poll = last_copies = last_beat = last_scan = now
        retry_at = 0.0
        while not self._stop.wait(0.1):
            now = time.monotonic()
            try:
                if (self._dirty and now >= retry_at
                        and (now - self._last_edit >= DEBOUNCE_SECONDS
                             or now - self._first_unsaved_edit >= MAX_SAVE_DELAY_SECONDS)):
                    if not self.save():
                        retry_at = now + RETRY_SECONDS
                    last_poll = now
                elif now - last_poll >= poll_interval:
                    self.refresh()
                    last_poll = now
                if now - last_copies >= COPY_SCAN_SECONDS:
                    self.absorb_conflict_copies()
                    last_copies = now
                if now - last_beat >= HEARTBEAT_SECONDS:
                    self.presence.beat(self.member, self.role)
                    last_beat = now
                if now - last_scan >= PRESENCE_SCAN_SECONDS:
                    self.presence.scan()
                    last_scan = now
            except Exception as error:  # the saver must outlive any one bad moment
                self._report_problem(f"The background saver met a problem: {error!r}. Your "
                                     "edits are kept in the local journal.")
                retry_at = now + RETRY_SECONDS

    def stop_background(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=10)
            self._watcher = None
        self.presence.remove()

    def close(self) -> None:
        """Stop the background saver and save; raise if edits could not reach the file."""
        self.stop_background()
        if self.read_only:
            return
        try:
            if self._dirty and not self.save():
                raise StoreError(self.problem or f"could not save {self.path}")
        finally:
            if not self._dirty:
                with contextlib.suppress(OSError):
                    self.journal.remove()
            self._session_lock.release()
            for _, lock in self._adopted:
                lock.release(remove=False)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def describe_changes(changes: tuple[RecordChange, ...], me: str) -> str:
    """A short notice such as "Priya updated 3 actions; 1 new conflict to settle (key 7)"."""
    by_person: dict[str, dict[str, int]] = {}
    new_conflicts = 0
    for change in changes:
        if change.table == CONFLICTS_TABLE and change.updated_by in ("", MERGE_AUTHOR):
            new_conflicts += 1
            continue
        who = change.updated_by or "someone"
        by_person.setdefault(who, {}).setdefault(change.table, 0)
        by_person[who][change.table] += 1
    parts = []
    for who, tables in by_person.items():
        settled = tables.pop(CONFLICTS_TABLE, 0)
        what = ", ".join(f"{count} {_noun(table, count)}" for table, count in tables.items())
        name = "You (elsewhere)" if who == me else who
        if what:
            parts.append(f"{name} updated {what}")
        if settled:
            parts.append(f"{name} settled {settled} conflict{'s' if settled != 1 else ''}")
    if new_conflicts:
        parts.append(f"{new_conflicts} new conflict{'s' if new_conflicts != 1 else ''} to "
                     "settle (key 7)")
    return "; ".join(parts)


def _noun(table: str, count: int) -> str:
    name = {"_conflicts": "conflicts", "agenda_items": "agenda items"}.get(
        table, table.replace("_", " "))
    return name[:-1] if count == 1 and name.endswith("s") else name


def open_store(path: Path | str, member: str = "", **options: Any) -> Store:
    """Open (or start) a store; use as ``with open_store(path, member="Jane") as s:``."""
    return Store(path, member, **options)

