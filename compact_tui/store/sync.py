"""The sync part of the store: reading the shared file, merging, and writing it back safely.

It opens the file (or a backup when the file cannot be read), replays the local journals,
merges what other machines wrote, writes only if the disk has not changed since it looked,
absorbs the sync services' conflict copies and restores backups. All of it runs under one save
lock, so the background loop, a worker and a command never write at the same time.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .backups import Backup, BackupKeeper, newest_backup_data, read_backup, restore_edits
from .conflict_copies import move_to_archive
from .copies import CopyDesk
from .errors import NewerFormatError, StoreError, StoreShapeError, UnreadableStoreError
from .events import RecordChange, StoreEvent, describe_changes
from .file_format import FILE_FORMAT, is_older_format
from .files import (
    LinkedFolderError,
    Payload,
    Signature,
    bookkeeping_problem,
    lock_path_for,
    read_file,
    remove_stale_temp_files,
    shape_problems,
    write_atomically,
)
from .journal import Journal, SessionLock, orphan_journals, orphan_places
from .records import CONFLICTS_TABLE, merge_databases, merge_records, record_clashes
from .status import StoreHealth
from .tables import Data, RecordTables
from .text_merge import TEXT_KEY

MISSING_GRACE_SECONDS = 0.5
SAVE_ATTEMPTS = 8


class FileSync:
    """Keeps one ``RecordTables`` and one shared file in step, never losing either side."""

    def __init__(self, path: Path, records: RecordTables, health: StoreHealth, *,
                 emit: Callable[[StoreEvent], None], backups: BackupKeeper,
                 journal_folder: Path, read_only: bool, start_empty: bool) -> None:
        self.path = path
        self.records = records
        self.health = health
        self.emit = emit
        self.backups = backups
        self.journal_folder = journal_folder
        self.read_only = read_only
        self.start_empty = start_empty
        self.notes: list[str] = []
        self.recovered_place: dict[str, Any] | None = None
        self.last_saved: datetime | None = None
        self.save_lock = threading.RLock()
        self._warned: set[str] = set()
        self.adopted: list[tuple[Journal, SessionLock]] = []
        self._signature: Signature | None = None
        self._last_good_payload: bytes | Payload = b""
        self._migration_backup: bytes | None = None
        self.copies = CopyDesk(self)

    @property
    def last_written(self) -> bytes | Payload:
        """The content of the shared file as we last read or wrote it (for backups)."""
        return self._last_good_payload

    @property
    def journal(self) -> Journal:
        return self.records.journal

    # ----------------------------------------------------------------- opening

    def load(self) -> None:
        if not self.read_only:
            with contextlib.suppress(OSError):
                remove_stale_temp_files(self.path)
        try:
            data, payload, signature = read_file(self.path)
        except FileNotFoundError:
            self._start_new()
        except NewerFormatError as error:
            self._refuse_newer(str(error))
        except UnreadableStoreError as error:
            self._open_on_backup(str(error))
        else:
            self.records.data, self._signature, self._last_good_payload = (
                data, signature, payload)
            if not self.read_only and is_older_format(payload):
                self._migrate(payload)
        self.records.observe_clock(self.records.data)
        if not self.read_only and not self.health.newer_format:
            places = orphan_places(self.path, self.journal_folder, self.journal.path)
            self.recovered_place = places[0] if places else None
            self._replay_journals()

    def _start_new(self) -> None:
        """Only a path where no file exists at all starts a new store.

        If backups of it lie beside the path, the file was deleted or moved away while no app
        had it open: start from the newest backup rather than from nothing, so the next save
        does not hand the other machines an empty store. ``start_empty`` (a new demo or a
        deliberate fresh start) skips that.
        """
        self.records.data = {}
        found = None if self.start_empty else newest_backup_data(self.path)
        if found:
            self.records.data = found.data
            self.notes.append(f"{self.path.name} was missing; started from the newest backup, "
                              f"{found.best.label}{_and_others(found.also_needed)}.")
        self.records.ensure_meta()
        if not self.read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.records.mark_dirty()

    def _migrate(self, payload: bytes) -> None:
        """A file in an older format is written in today's at the next save, after a backup
        of it as it was (``before-format-N``). Members still on the older version are refused
        by the new file (see ``file_format.py``) and never write over it."""
        self._migration_backup = payload
        self._keep_migration_backup()
        with self.records.lock:
            self.records.mark_dirty()

    def _keep_migration_backup(self) -> bool:
        """True once the old file is safe in a backup; until then no save writes over it."""
        if self._migration_backup is None:
            return True
        try:
            kept = self.backups.keep_written(self._migration_backup, force=True,
                                             label=f"before-format-{FILE_FORMAT}")
        except OSError as error:
            self.health.report(
                f"Could not keep a backup of {self.path.name} before converting it to the new "
                f"file format: {error.strerror or error}. It is left as it is; edits wait in "
                "the local journal.")
            return False
        self._migration_backup = None
        name = f" ({kept.name})" if kept else ""
        self.notes.append(
            f"{self.path.name} is now kept in file format {FILE_FORMAT}, which plain TinyDB "
            f"scripts can read; the file as it was is in a backup{name}. Members still on an "
            "older compact-tui are asked to upgrade before they can open it.")
        return True

    def _refuse_newer(self, message: str) -> None:
        """A newer version's file: show nothing from it, write nothing, offer no restore."""
        self.health.unreadable = True
        self.health.newer_format = True
        self.health.problem = message
        self.records.data = {}

    def _open_on_backup(self, message: str) -> None:
        self.health.unreadable = True
        found = newest_backup_data(self.path)
        if found:
            self.records.data = found.data
            self.health.problem = (f"{message} Showing backup {found.best.label}"
                                   f"{_and_others(found.also_needed)}; edits wait in the local "
                                   "journal until the file can be read again (ctrl+p, \"Restore "
                                   "a backup\", writes it back).")
        else:
            self.records.data = {}
            self.health.problem = (f"{message} No backup was found; edits wait in the local "
                                   "journal until the file can be read again.")

    def _replay_journals(self) -> None:
        """Edits a crashed or failed session left in its journal come back now."""
        records = self.records
        replayed = 0
        journals = [self.journal]
        self.adopted = orphan_journals(self.path, self.journal_folder, self.journal.path)
        journals += [journal for journal, _ in self.adopted]
        with records.lock:
            for journal in journals:
                for table, record_id, doc in journal.entries():
                    if shape_problems({table: {record_id: doc}}):
                        continue
                    current = records.data.get(table, {}).get(record_id)
                    merged = doc if current is None else merge_records(
                        table, record_id, current, doc)[0]
                    if merged != current:
                        records.data.setdefault(table, {})[record_id] = merged
                        records.touch(table, record_id)
                        replayed += 1
                    records.observe_doc(doc)
            if replayed:
                records.mark_dirty()
                self.notes.append(f"Recovered {replayed} unsaved edit(s) from the local journal.")
            elif self.adopted and not records.dirty:
                self.finish_adoption()

    def finish_adoption(self) -> None:
        """The shared file now holds the adopted journals' edits: let them go."""
        for journal, lock in self.adopted:
            with contextlib.suppress(OSError):
                journal.remove()
            lock.release()
        self.adopted = []

    # ------------------------------------------------------------------- saving

    def save(self) -> bool:
        """Merge with the disk if it changed, then write atomically. False if it could not."""
        if self.read_only:
            return False
        records = self.records
        with self.save_lock:
            for _ in range(SAVE_ATTEMPTS):
                try:
                    self._absorb_disk()
                except UnreadableStoreError as error:
                    self.health.become_unreadable(str(error),
                                                  newer=isinstance(error, NewerFormatError))
                    return False
                with records.lock:
                    if not records.dirty and self._signature is not None:
                        self.finish_adoption()
                        return True
                    if not self._keep_migration_backup():
                        records.dirty = True
                        return False
                    records.stamp_meta()
                    payload = records.encoder.encode(records.data)
                    mark = self.journal.mark()
                    records.dirty = False
                try:
                    written = self._write_if_unchanged(payload)
                except OSError as error:
                    with records.lock:
                        records.dirty = True
                    self.health.report(
                        f"Could not save {self.path.name}: {error.strerror or error}. Edits wait "
                        f"in the local journal ({self.journal.path}) and are saved once the "
                        "folder can be written again.")
                    return False
                if not written:
                    with records.lock:
                        records.dirty = True
                    continue
                with contextlib.suppress(OSError):
                    self.journal.clear_through(mark)
                self.finish_adoption()
                self.last_saved = datetime.now(UTC)
                self.copies.saved()
                if self.health.problem and not self.health.unreadable:
                    self.health.problem = None
                    self.emit(StoreEvent("recovered", "Saving works again."))
                self.emit(StoreEvent("saved"))
                return True
            return False

    def _write_if_unchanged(self, payload: Payload) -> bool:
        """Write unless the disk changed under us since we looked; then the caller merges again."""
        with self._local_lock():
            if not self._disk_matches_signature():
                return False
            self._signature = write_atomically(self.path, payload)
            self._last_good_payload = payload
            try:
                self.backups.keep_written(payload)
            except LinkedFolderError as error:
                self.warn_once(f"No backup was kept: {error}.")
            except OSError:
                pass  # a backup is a help; the save itself succeeded
            return True

    def warn_once(self, message: str) -> None:
        """Tell the member about a problem that does not stop the work, once a session."""
        if message not in self._warned:
            self._warned.add(message)
            self.emit(StoreEvent("problem", message))

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
        lock_path = lock_path_for(self.path)
        try:
            handle = open(lock_path, "a+b")  # noqa: SIM115 - held across the yield
            os.utime(lock_path)  # fresh, so Syncthing's day-old temp file clean-up spares it
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

    # ------------------------------------------------------------------ merging

    def refresh(self) -> tuple[RecordChange, ...]:
        """Look at the disk now and merge in others' edits (the background loop calls this)."""
        try:
            with self.save_lock:
                return self._absorb_disk()
        except UnreadableStoreError as error:
            self.health.become_unreadable(str(error), newer=isinstance(error, NewerFormatError))
            return ()

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
        if payload == bytes(self._last_good_payload) and not self.health.unreadable:
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

    def _merge_in(self, data: Data, payload: bytes | Payload,
                  signature: Signature | None) -> tuple[RecordChange, ...]:
        changes = self.merge_data(data, from_disk=True)
        self._signature = signature
        self._last_good_payload = payload
        self.records.schedule.heard_from_others()
        self.health.readable_again(f"{self.path.name} can be read again.")
        if changes:
            self.emit(StoreEvent("external", describe_changes(changes, self.records.member),
                                 changes))
        return changes

    def merge_data(self, data: Data, *, from_disk: bool = False) -> tuple[RecordChange, ...]:
        """Merge another copy of the store into memory; returns what changed for us.

        The merge itself runs without holding the lock that edits and screens take, on a
        snapshot; records edited meanwhile are merged again, one by one, when the result is
        swapped in. After merging the data file we must save if the file lacks something we
        hold; after merging anything else (a conflict copy, a backup), if it brought us
        something new. Each changed record is checked before it is merged, and one malformed
        record refuses the whole file (``StoreShapeError``), never a half merge.
        """
        records = self.records
        with records.lock:
            snapshot = {table: dict(rows) for table, rows in records.data.items()}
            records.edited_during_merge = []
        try:
            result = merge_databases(snapshot, data, validate=bookkeeping_problem)
        except BaseException:
            with records.lock:
                records.edited_during_merge = None
            raise
        records.observe_clock(data)
        with records.lock:
            edited, records.edited_during_merge = records.edited_during_merge or [], None
            late_clashes = []
            for table, record_id in dict.fromkeys(edited):
                mine = records.data[table][record_id]
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
            records.data = result.data
            records.clear_query_cache()
            for table, record_id in result.new_to_a:
                records.touch(table, record_id)
            for table, record_id in dict.fromkeys(result.new_to_a):
                ours = snapshot.get(table, {}).get(record_id)
                theirs = data.get(table, {}).get(record_id)
                if ours is not None and theirs is not None and TEXT_KEY in ours \
                        and TEXT_KEY in theirs:
                    records.separate_runs(table, record_id, ours, theirs)
            if result.new_to_b if from_disk else result.new_to_a:
                records.mark_dirty()
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
            self.emit(StoreEvent("recovered", message))
            self._signature = None
            with self.records.lock:
                self.records.mark_dirty()
        return ()

    # ----------------------------------------------------------- conflict copies

    def absorb_conflict_copies(self, *, save_now: bool = False) -> list[str]:
        """Merge the copies beside the file that need no one's word (see ``copies.py``)."""
        return self.copies.absorb(save_now=save_now)

    # ------------------------------------------------------------------ restore

    def restore_backup(self, backup_path: Path) -> int:
        """Bring back a backup; returns how many records were set back.

        A readable file is never replaced: every record is set back to the backup's values
        as new edits (merging the backup would change nothing, since the store has seen every
        edit in it), so every machine converges on them and a bad merge is undone everywhere.
        An unreadable file is moved aside, never overwritten, and the backup is merged with
        what this machine holds, so nothing saved is lost. It reads, merges and writes files,
        so callers with a screen run it in a worker.
        """
        if self.health.newer_format:
            raise StoreError(self.health.problem or "a newer version wrote the file")
        data = read_backup_file(Path(backup_path))
        with self.save_lock:
            if self.health.unreadable:
                if self.path.exists():
                    move_to_archive(self.path, self.path, label="damaged")
                changed = len(self.merge_data(data))
                with self.records.lock:
                    self._signature = None
                    self._last_good_payload = b""
                    self.health.unreadable = False
                    self.health.problem = None
                    self.records.mark_dirty()
            else:
                with self.records.lock:
                    current = {table: dict(rows) for table, rows in self.records.data.items()}
                edits = restore_edits(current, data)
                with self.records.transaction():
                    for edit in edits:
                        self.records.restore(edit)
                changed = len(edits)
            if not self.save():
                raise StoreError(self.health.problem or f"could not save {self.path.name}")
            return changed


def read_backup_file(path: Path) -> Data:
    data = read_backup(path)
    if data is None:
        raise StoreError(f"{path.name} cannot be read as a store")
    return data


def _and_others(others: list[Backup]) -> str:
    if not others:
        return ""
    return " merged with " + ", ".join(b.path.name for b in others)
