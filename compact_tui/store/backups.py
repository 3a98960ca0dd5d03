"""Rolling backups of what this machine saved, in a folder beside the data file.

A backup holds what was *written*, not what was replaced: the version a member saved is then
always somewhere besides the shared file, so a file emptied by a bad sync after everyone has
closed loses nothing that was ever saved. Each save keeps a backup when the last one is a few
minutes old, and closing (or merging a copy a member confirmed) always keeps one.

Backups are gzip-compressed (``compact.<time>.<device>.json.gz``, about a tenth of the file;
``gunzip`` opens one by hand): the folder is synced to every member, and twenty full copies of
a 4 MB store per machine would otherwise fill everyone's disk. Older plain ``.json`` backups
are still read.

Each machine names its backups with its own device id, so two machines never write the same
backup file and the sync service never makes conflict copies of them. Which backup holds the
newest data is judged by the records' version information, not by file times: a machine that
was offline for a week may write a fresh backup of old data.
"""

from __future__ import annotations

import gzip
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..domain.dates import format_moment
from ..locations import backups_folder
from .clock import stamp_key
from .conflict_copies import adds_nothing
from .errors import UnreadableStoreError
from .files import Payload, own_folder, parse_store_bytes, write_atomically
from .records import DELETED, field_items, is_live, merge_databases, newest_stamp, stamp_to_iso

DEFAULT_KEEP = 20
MIN_INTERVAL_SECONDS = 300
COMPRESSED = ".gz"
COMPRESS_LEVEL = 3  # ~25 ms for a 4 MB store, a tenth of its size
_NOT_RESTORED = frozenset({"_meta", "_history"})


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime

    @property
    def label(self) -> str:
        return f"{self.path.name} ({format_moment(self.taken_at)})"

    @property
    def device(self) -> str:
        """The device part of ``<stem>.<stamp>[.<label>].<device><suffix>[.gz]``."""
        name = self.path.name.removesuffix(COMPRESSED)
        return name[: -len(Path(name).suffix) or None].rsplit(".", 1)[-1]


class BackupKeeper:
    """Keeps what this machine wrote, at most every few minutes (always when asked), last N."""

    def __init__(self, path: Path, device: str, keep: int = DEFAULT_KEEP,
                 interval: float = MIN_INTERVAL_SECONDS) -> None:
        self.path = path
        self.device = device[:8]
        self.keep = keep
        self.interval = interval
        self._last = 0.0
        self._last_payload_id = 0

    def keep_written(self, payload: bytes | Payload, *, force: bool = False,
                     label: str = "") -> Path | None:
        """Back up bytes just written (or about to be replaced), unless one is very recent."""
        now = time.time()
        if not payload or (not force and now - self._last < self.interval):
            return None
        if not label and id(payload) == self._last_payload_id and now - self._last < 1:
            return None  # the very same bytes a moment ago
        folder = own_folder(backups_folder(self.path))
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        middle = f"{stamp}.{label}" if label else stamp
        ending = f"{self.device}{self.path.suffix}{COMPRESSED}"
        target = folder / f"{self.path.stem}.{middle}.{ending}"
        counter = 1
        while target.exists():
            target = folder / f"{self.path.stem}.{middle}.{counter}.{ending}"
            counter += 1
        write_atomically(target, gzip.compress(bytes(payload), COMPRESS_LEVEL, mtime=0))
        self._last = now
        self._last_payload_id = id(payload)
        self._prune(folder)
        return target

    def _prune(self, folder: Path) -> None:
        ours = [b for b in list_backups(self.path) if b.device == self.device]
        for old in ours[self.keep:]:
            old.path.unlink(missing_ok=True)


def list_backups(path: Path) -> list[Backup]:
    """Every backup beside the file, newest first (any machine's)."""
    folder = backups_folder(path)
    if not folder.is_dir() or folder.is_symlink():  # a link leads out of the shared folder
        return []
    found = []
    order = {}
    candidates = [*folder.glob(f"{path.stem}.*{path.suffix}"),
                  *folder.glob(f"{path.stem}.*{path.suffix}{COMPRESSED}")]
    for candidate in candidates:
        taken = _taken_at(candidate)
        if taken:
            found.append(Backup(candidate, taken))
            try:
                order[candidate] = candidate.stat().st_mtime_ns
            except OSError:
                order[candidate] = 0
    return sorted(found, key=lambda b: (b.taken_at, order[b.path]), reverse=True)


def _taken_at(candidate: Path) -> datetime | None:
    parts = candidate.name.split(".")
    for part in parts:
        try:
            return datetime.strptime(part, "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def read_backup(backup: Backup | Path) -> dict[str, Any] | None:
    """A backup's data, or None if it cannot be read as a store."""
    path = backup.path if isinstance(backup, Backup) else backup
    try:
        payload = path.read_bytes()
        if path.name.endswith(COMPRESSED):
            payload = gzip.decompress(payload)
        return parse_store_bytes(payload, path.name)
    except (OSError, EOFError, zlib.error, UnreadableStoreError):
        return None


def newest_valid_backup(path: Path) -> tuple[Backup, dict[str, Any]] | None:
    """The newest backup that parses as a store, with its data."""
    for backup in list_backups(path):
        data = read_backup(backup)
        if data is not None:
            return backup, data
    return None


@dataclass
class NewestData:
    """What the backups hold at best: each device's newest valid backup, merged.

    ``best`` is the single backup holding the newest edit; ``also_needed`` lists the other
    devices' backups holding edits ``best`` lacks (then only the merge has everything).
    """

    best: Backup
    newest_edit: str
    newest_by: str
    data: dict[str, Any]
    used: list[Backup] = field(default_factory=list)
    also_needed: list[Backup] = field(default_factory=list)

    def describe(self) -> str:
        when = format_moment(stamp_to_iso(self.newest_edit)) or "unknown time"
        text = (f"the newest data is in backup {self.best.path.name} (newest edit "
                f"{when}{' by ' + self.newest_by if self.newest_by else ''})")
        if self.also_needed:
            names = ", ".join(b.path.name for b in self.also_needed)
            text += f"; {names} also hold edits it lacks (restoring merges them all)"
        return text


def newest_backup_data(path: Path) -> NewestData | None:
    """The newest valid backup of each device, which one holds the newest edit, and their
    merge (so restoring after an emptied file loses nothing any member saved)."""
    newest_per_device: dict[str, tuple[Backup, dict[str, Any]]] = {}
    for backup in list_backups(path):
        if backup.device in newest_per_device:
            continue
        data = read_backup(backup)
        if data is not None:
            newest_per_device[backup.device] = (backup, data)
    if not newest_per_device:
        return None
    scored = []
    for backup, data in newest_per_device.values():
        stamp, by = newest_edit(data)
        scored.append((stamp_key(stamp), backup.taken_at, stamp, by, backup, data))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    # The best is one that holds every other's edits, if one does (ties in time are common).
    complete = [item for item in scored
                if all(other is item or adds_nothing(item[5], other[5]) for other in scored)]
    _, _, stamp, by, best, best_data = complete[0] if complete else scored[0]
    merged = best_data
    also = []
    for _, _, _, _, backup, data in scored:
        if backup is not best and not adds_nothing(best_data, data):
            also.append(backup)
            merged = merge_databases(merged, data).data
    return NewestData(best, stamp, by, merged, [item[4] for item in scored], also)


def newest_edit(data: Mapping[str, Mapping[str, Any]]) -> tuple[str, str]:
    """The latest edit stamp in a store and who made it (store bookkeeping excluded)."""
    best, best_key, by = "", (-1, -1), ""
    for table, records in data.items():
        if table.startswith("_") or not isinstance(records, Mapping):
            continue
        for doc in records.values():
            stamp = newest_stamp(doc)
            key = stamp_key(stamp)
            if key > best_key:
                best, best_key, by = stamp, key, str(doc.get("_updated_by", ""))
    return best, by


@dataclass(frozen=True)
class RestoreEdit:
    """One change that puts a record back to a backup's values, as a new edit."""

    table: str
    record_id: str
    fields: dict[str, Any]
    action: str  # "update", "delete", "revive", "insert"
    removed: tuple[str, ...] = ()  # fields the record gained after the backup


def restore_edits(current: Mapping[str, Mapping[str, Any]],
                  backup: Mapping[str, Mapping[str, Any]]) -> list[RestoreEdit]:
    """The edits that make every record read as it does in ``backup``.

    Made as new edits (not by merging the backup, which would change nothing: the current
    records have already seen every edit in it), so every machine converges on the restored
    values and an edit made concurrently elsewhere meets them as a conflict, never lost.
    Fields a record gained since the backup are removed; the history table is not rewound.
    """
    edits: list[RestoreEdit] = []
    for table in sorted({*current, *backup} - _NOT_RESTORED):
        now_table, then_table = current.get(table, {}), backup.get(table, {})
        for record_id in sorted({*now_table, *then_table}):
            now, then = now_table.get(record_id), then_table.get(record_id)
            wanted = _fields(then) if then is not None and is_live(then) else None
            now_live = now is not None and is_live(now)
            if wanted is not None and now is None:
                edits.append(RestoreEdit(table, record_id, wanted, "insert"))
            elif wanted is not None:
                assert now is not None
                added = tuple(sorted(set(_fields(now)) - set(wanted)))
                if not now_live:
                    edits.append(RestoreEdit(table, record_id, wanted, "revive", added))
                    continue
                changed = {name: value for name, value in wanted.items()
                           if now.get(name) != value}
                if changed or added:
                    edits.append(RestoreEdit(table, record_id, changed, "update", added))
            elif now_live:
                edits.append(RestoreEdit(table, record_id, {}, "delete"))
    return edits


def _fields(doc: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in field_items(doc) if name != DELETED}
