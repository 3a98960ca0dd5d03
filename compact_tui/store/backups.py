"""Rolling backups of the last good versions, in a folder beside the data file.

Each machine names its backups with its own device id, so two machines never write the same
backup file and the sync service never makes conflict copies of them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .errors import UnreadableStoreError
from .files import Payload, parse_store_bytes, write_atomically

DEFAULT_KEEP = 20
MIN_INTERVAL_SECONDS = 300


def backup_folder(path: Path) -> Path:
    return path.parent / f"{path.stem}-backups"


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime

    @property
    def label(self) -> str:
        return f"{self.path.name} ({self.taken_at.astimezone():%d %B %Y %H:%M})"


class BackupKeeper:
    """Copies the file we are about to replace, at most every few minutes, keeping the last N."""

    def __init__(self, path: Path, device: str, keep: int = DEFAULT_KEEP,
                 interval: float = MIN_INTERVAL_SECONDS) -> None:
        self.path = path
        self.device = device[:8]
        self.keep = keep
        self.interval = interval
        self._last = 0.0

    def maybe_backup(self, payload: bytes | Payload) -> Path | None:
        """Keep a copy of known-good bytes unless we kept one very recently."""
        now = time.time()
        if not payload or now - self._last < self.interval:
            return None
        folder = backup_folder(self.path)
        folder.mkdir(exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        target = folder / f"{self.path.stem}.{stamp}.{self.device}{self.path.suffix}"
        write_atomically(target, payload)
        self._last = now
        self._prune(folder)
        return target

    def _prune(self, folder: Path) -> None:
        ours = sorted(folder.glob(f"{self.path.stem}.*.{self.device}{self.path.suffix}"))
        for old in ours[: max(0, len(ours) - self.keep)]:
            old.unlink(missing_ok=True)


def list_backups(path: Path) -> list[Backup]:
    """Every backup beside the file, newest first (any machine's)."""
    folder = backup_folder(path)
    if not folder.is_dir():
        return []
    found = []
    for candidate in folder.glob(f"{path.stem}.*{path.suffix}"):
        taken = _taken_at(candidate)
        if taken:
            found.append(Backup(candidate, taken))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def _taken_at(candidate: Path) -> datetime | None:
    parts = candidate.name.split(".")
    for part in parts:
        try:
            return datetime.strptime(part, "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def newest_valid_backup(path: Path) -> tuple[Backup, dict] | None:
    """The newest backup that parses as a store, with its data."""
    for backup in list_backups(path):
        try:
            return backup, parse_store_bytes(backup.path.read_bytes(), backup.path.name)
        except (OSError, UnreadableStoreError):
            continue
    return None
