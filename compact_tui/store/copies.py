"""Copies beside the data file, dealt with: merged, deleted or archived, or left for a member.

The sync services' conflict copies are merged as soon as they are seen (Syncthing keeps only
ten, so promptly); a copy that held nothing the store lacked is then deleted, one that brought
edits is archived, and the archive is pruned. Any other copy of the store waits in
``waiting`` until a member merges it (a backup of the store is kept first, so the merge can be
undone by restoring that backup) or puts it aside. A store opened read-only (exports, reports)
merges the automatic copies into memory only, so what it shows includes them.

A copy that brought edits is archived only after a save has written them into the file, so a
crash or a failed save in between leaves it where it was, to be merged again (merging twice is
harmless). The background loop does not save for a copy: the save schedule does, spaced like
any other save. Both machines find the same Syncthing copy; if both wrote the file the moment
they merged it, they would clash again and make another copy, and so on every few seconds.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .conflict_copies import move_to_archive, prune_archive
from .errors import StoreError
from .events import RecordChange, StoreEvent, describe_changes
from .waiting import WaitingCopy, waiting_copies

if TYPE_CHECKING:
    from .sync import FileSync


def _stat(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (-1, -1)
    return (info.st_size, info.st_mtime_ns)


class CopyDesk:
    """Works on one ``FileSync``: its save lock, merge, save and events."""

    def __init__(self, sync: FileSync) -> None:
        self.sync = sync
        self.waiting: list[WaitingCopy] = []
        self._announced: set[str] = set()
        self._pending: dict[str, tuple[int, int]] = {}
        self._merged: dict[str, WaitingCopy] = {}
        self._last_put_away: list[str] = []

    @property
    def path(self) -> Path:
        return self.sync.path

    def _snapshot(self) -> dict[str, Any]:
        records = self.sync.records
        with records.lock:
            return {table: dict(rows) for table, rows in records.data.items()}

    def look(self) -> list[WaitingCopy]:
        """Every copy beside the file as it stands, read but not merged."""
        return waiting_copies(self.path, self._snapshot())

    def absorb(self, *, save_now: bool = False) -> list[str]:
        """Merge the copies that need no one's word; note the ones that do. Returns notices.

        A copy that held nothing new is deleted at once; one that brought edits waits for the
        next save (``saved``), made at once only with ``save_now`` (opening, or a caller
        that asks).
        """
        if self.sync.read_only or self.sync.health.unreadable:
            return []
        notices: list[str] = []
        with self.sync.save_lock:
            found = self.look()
            self._note_waiting([w for w in found if not w.automatic and w.data is not None])
            for unreadable in (w for w in found if w.data is None and not w.newer):
                notices.append(self._archive_unreadable(unreadable))
            merging = [w for w in found if w.automatic and w.data is not None
                       and self._pending.get(w.name) != _stat(w.copy.path)]
            changes: list[RecordChange] = []
            for waiting in merging:
                changes.extend(self.sync.merge_data(waiting.data or {}))
                if waiting.adds:
                    self._pending[waiting.name] = _stat(waiting.copy.path)
                    self._merged[waiting.name] = waiting
                else:
                    notices.append(self._put_away(waiting))
            self._tell_changes(changes)
            self._announce(notices)
            if save_now and self._pending and self.sync.save():
                notices.extend(self._last_put_away)
        return notices

    def saved(self) -> None:
        """The store was just saved: copies merged before it can go (called by the save)."""
        self._last_put_away = self._announce(self._put_away_saved()) if self._pending else []

    def _put_away_saved(self) -> list[str]:
        notices = []
        for name in list(self._pending):
            waiting = self._merged.pop(name)
            del self._pending[name]
            notices.append(self._put_away(waiting))
        with contextlib.suppress(OSError):
            prune_archive(self.path)
        return notices

    def read_into_memory(self) -> list[str]:
        """For a read-only store: merge the automatic copies into memory, never writing, and
        say which copies wait for a member (their content is not included)."""
        notes = []
        for waiting in self.look():
            if waiting.data is None:
                notes.append(f"{waiting.name} could not be read: {waiting.problem}")
            elif waiting.automatic:
                if waiting.adds:
                    self.sync.merge_data(waiting.data)
                    notes.append(f"included what waits in {waiting.name} "
                                 f"({waiting.copy.description}; not yet merged into the file)")
            else:
                notes.append(f"{waiting.name} holds a copy of the store that a member has not "
                             "yet merged; it is not included (compact-tui copies)")
        return notes

    def merge_confirmed(self, name: str) -> str:
        """A member said this copy belongs in the store: back up, merge, save, archive it."""
        waiting = self._find(name)
        with self.sync.save_lock:
            if not self.sync.save():
                raise StoreError(self.sync.health.problem or f"could not save {self.path.name}")
            backup = self.sync.backups.keep_written(self.sync.last_written, force=True,
                                                    label="before-merging")
            changes = self.sync.merge_data(waiting.data or {})  # _find gives readable ones
            if not self.sync.save():
                raise StoreError(self.sync.health.problem or f"could not save {self.path.name}")
            self._tell_changes(changes)
            moved = move_to_archive(waiting.copy.path, self.path)
        self._forget(name)
        undo = (f" A backup was kept first ({backup.name}): restoring it undoes the merge."
                if backup else "")
        return (f"Merged in {name}: {len(set(changes))} record(s) changed; the copy was moved "
                f"to {moved.parent.name}/.{undo}")

    def put_aside(self, name: str) -> str:
        """A member said this copy is not for merging: move it to the archive, unmerged."""
        waiting = self._find(name)
        moved = move_to_archive(waiting.copy.path, self.path)
        self._forget(name)
        return f"{name} was put aside, unmerged, in {moved.parent.name}/."

    def _find(self, name: str) -> WaitingCopy:
        for waiting in self.look():
            if waiting.name == name and waiting.data is not None:
                return waiting
        raise StoreError(f'no readable copy of the store named "{name}" beside '
                         f"{self.path.name}")

    def _forget(self, name: str) -> None:
        self.waiting = [w for w in self.waiting if w.name != name]
        self._announced.discard(name)

    def _note_waiting(self, waiting: list[WaitingCopy]) -> None:
        self.waiting = waiting
        new = [w for w in waiting if w.name not in self._announced]
        self._announced = {w.name for w in waiting}
        if new:
            names = ", ".join(w.name for w in new)
            self.sync.emit(StoreEvent("copies", f"{names} holds a copy of the store that is "
                                      "not a sync service's conflict copy, so nothing was "
                                      "merged from it: ctrl+p, \"Copies waiting\", to decide."))

    def _put_away(self, waiting: WaitingCopy) -> str:
        """Deleted if it held nothing new (the version information says so), else archived."""
        name, description = waiting.name, waiting.copy.description
        if not waiting.adds:
            try:
                waiting.copy.path.unlink()
            except FileNotFoundError:
                pass
            except OSError as error:
                return f"Merged in {name} ({description}); it could not be deleted: {error}"
            return (f"Merged in {name} ({description}); it held nothing new, so it was "
                    "deleted.")
        try:
            moved = move_to_archive(waiting.copy.path, self.path)
        except OSError as error:
            return f"Merged in {name} ({description}); it could not be moved: {error}"
        return f"Merged in {name} ({description}); it was moved to {moved.parent.name}/."

    def _archive_unreadable(self, waiting: WaitingCopy) -> str:
        name, description = waiting.name, waiting.copy.description
        try:
            moved = move_to_archive(waiting.copy.path, self.path)
        except OSError:
            return f"{name} ({description}) could not be read or moved: {waiting.problem}"
        return (f"{name} ({description}) could not be read, so nothing was merged from it; it "
                f"was moved to {moved.parent.name}/. {waiting.problem}")

    def _tell_changes(self, changes: list[RecordChange] | tuple[RecordChange, ...]) -> None:
        if changes:
            unique = tuple(dict.fromkeys(changes))
            self.sync.emit(StoreEvent("external",
                                      describe_changes(unique, self.sync.records.member), unique))

    def _announce(self, notices: list[str]) -> list[str]:
        for notice in notices:
            self.sync.emit(StoreEvent("absorbed", notice))
        return notices
