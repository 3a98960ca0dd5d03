"""Who else has the file open: one small heartbeat file per running app, never a lock.

Each running app writes ``<stem>-presence/<device>.<session>.json`` beside the data file every
15 seconds and removes it on close. Because each file has exactly one writer, the sync service
never makes conflict copies of it, and correctness never depends on it: it only lets the status
line say "also open: Priya (minute taker)".

Stale files are ignored, not trusted. A machine's clock may be a day out, so freshness is
judged on *our* clock: a file counts while its heartbeat counter keeps changing (seen to change
within the last minute), or, the first time we see it, if its own time is within a minute of
ours. A crashed app's file therefore stops counting within a minute.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import orjson

from .files import TEMP_PREFIX, write_atomically

HEARTBEAT_SECONDS = 15.0
FRESH_SECONDS = 60.0
OWN_LEFTOVER_SECONDS = 600.0


def presence_folder(data_file: Path) -> Path:
    return data_file.parent / f"{data_file.stem}-presence"


@dataclass
class _Seen:
    beat: int
    changed_at: float


class Presence:
    def __init__(self, data_file: Path, device: str, session: str,
                 wall: Callable[[], float] = time.time,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.folder = presence_folder(data_file)
        self.device = device
        self.name = f"{device}.{session}.json"
        self._wall = wall
        self._monotonic = monotonic
        self._beat = 0
        self._seen: dict[str, _Seen] = {}
        self._cached: list[str] = []
        self.active = False

    @property
    def path(self) -> Path:
        return self.folder / self.name

    def beat(self, member: str, role: str) -> None:
        """Write (or refresh) our heartbeat file; errors are ignored: presence is a courtesy."""
        self._beat += 1
        payload = orjson.dumps({
            "member": member, "role": role, "device": self.device, "beat": self._beat,
            "pid": os.getpid(),
            "updated": datetime.fromtimestamp(self._wall(), UTC).isoformat(timespec="seconds"),
        })
        try:
            self.folder.mkdir(exist_ok=True)
            if not self.active:
                self._remove_own_leftovers()
            write_atomically(self.path, payload)
            self.active = True
        except OSError:
            return

    def _remove_own_leftovers(self) -> None:
        """Files this device left when an earlier run crashed (never another device's)."""
        cutoff = self._wall() - OWN_LEFTOVER_SECONDS
        for candidate in self.folder.glob(f"{self.device}.*.json"):
            with contextlib.suppress(OSError):
                if candidate.name != self.name and candidate.stat().st_mtime < cutoff:
                    candidate.unlink()

    def remove(self) -> None:
        if self.active:
            with contextlib.suppress(OSError):
                self.path.unlink()
            self.active = False

    def scan(self) -> list[str]:
        """Read the folder: "Name (role)" for every fresh heartbeat but ours, sorted."""
        names = []
        now = self._monotonic()
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            entries = []
        current = set()
        for entry in entries:
            if entry.name == self.name or entry.name.startswith((TEMP_PREFIX, ".")):
                continue
            if not entry.name.endswith(".json"):
                continue
            try:
                info = orjson.loads(Path(entry.path).read_bytes())
                beat = int(info.get("beat", 0))
                member = str(info.get("member") or "someone")
            except (OSError, ValueError, TypeError, AttributeError):
                continue
            current.add(entry.name)
            if info.get("device") == self.device and not _alive(info.get("pid")):
                continue  # this machine's app that crashed a moment ago
            seen = self._seen.get(entry.name)
            if seen is None:
                started = now if self._recent(info.get("updated")) else now - FRESH_SECONDS - 1
                self._seen[entry.name] = seen = _Seen(beat, started)
            elif seen.beat != beat:
                seen.beat, seen.changed_at = beat, now
            if now - seen.changed_at <= FRESH_SECONDS:
                role = str(info.get("role") or "")
                names.append(f"{member} ({role})" if role else member)
        for gone in set(self._seen) - current:
            del self._seen[gone]
        self._cached = sorted(set(names))
        return self._cached

    def _recent(self, updated: object) -> bool:
        if not isinstance(updated, str):
            return False
        try:
            moment = datetime.fromisoformat(updated.replace("Z", "+00:00"))
        except ValueError:
            return False
        return abs(self._wall() - moment.timestamp()) <= FRESH_SECONDS

    @property
    def cached(self) -> list[str]:
        return list(self._cached)


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
