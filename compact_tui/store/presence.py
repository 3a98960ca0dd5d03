"""Who else has the file open: one small heartbeat file per running app, never a lock.

Each running app writes ``<stem>-presence/<device>.<session>.json`` beside the data file every
15 seconds and removes it on close. Because each file has exactly one writer, the sync service
never makes conflict copies of it, and correctness never depends on it: it only lets the status
line say "also open: Priya (minute taker)".

Stale files are ignored, not trusted. A machine's clock may be a day out, so freshness is
judged on *our* clock: a file counts while its heartbeat counter keeps changing (seen to change
within the last minute), or, the first time we see it, if its own time is within a minute of
ours. A crashed app's file therefore stops counting within a minute.

Each device also keeps one small *device card*, ``<device>.device.json``, that stays when the
app closes: it names the device's computer (``socket.gethostname()``, and ``COMPUTERNAME`` on
Windows). OneDrive names its conflict copies after the computer (``compact-LAPTOP42.json``), so
``known_hosts`` tells a real OneDrive copy from a person's ``compact-training.json``.

Heartbeats carry the writer's wall time; comparing it with ours when a beat changes tells a
member that one of two clocks is far off (``clock_offsets``).
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import orjson

from ..locations import presence_folder
from .files import is_temp_name, own_folder, write_atomically

HEARTBEAT_SECONDS = 15.0
FRESH_SECONDS = 60.0
OWN_LEFTOVER_SECONDS = 600.0
DEVICE_CARD_SUFFIX = ".device.json"


def this_computer_names() -> list[str]:
    """The names a sync service may give this computer (OneDrive uses the computer name)."""
    names = []
    for name in (socket.gethostname(), os.environ.get("COMPUTERNAME", "")):
        name = name.strip()
        if name:
            names += [name, name.split(".")[0]]
    return sorted(set(names))


def known_hosts(data_file: Path) -> set[str]:
    """Computer names of every device whose app has opened this store (device cards)."""
    hosts: set[str] = set()
    with contextlib.suppress(OSError):
        for card in presence_folder(data_file).glob(f"*{DEVICE_CARD_SUFFIX}"):
            with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
                names = orjson.loads(card.read_bytes()).get("hosts", [])
                hosts.update(str(name) for name in names if isinstance(name, str) and name)
    return hosts


@dataclass
class _Seen:
    beat: int
    changed_at: float
    offset: float = 0.0


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
        self._offsets: dict[str, float] = {}
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
            own_folder(self.folder)
            if not self.active:
                self._remove_own_leftovers()
                self._write_device_card(member)
            write_atomically(self.path, payload)
            self.active = True
        except OSError:
            return

    def _write_device_card(self, member: str) -> None:
        """Written only when what it says changes, so it costs the sync service nothing."""
        card = self.folder / f"{self.device}{DEVICE_CARD_SUFFIX}"
        names = this_computer_names()
        try:
            current = orjson.loads(card.read_bytes())
        except (OSError, ValueError):
            current = {}
        if isinstance(current, dict) and current.get("hosts") == names:
            return
        write_atomically(card, orjson.dumps({"device": self.device, "hosts": names,
                                             "member": member}))

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
        offsets: dict[str, float] = {}
        now = self._monotonic()
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            entries = []
        current = set()
        for entry in entries:
            if entry.name == self.name or is_temp_name(entry.name):
                continue
            if not entry.name.endswith(".json") or entry.name.endswith(DEVICE_CARD_SUFFIX):
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
                self._seen[entry.name] = seen = _Seen(beat, started,
                                                      self._offset(info.get("updated")))
            elif seen.beat != beat:
                seen.beat, seen.changed_at = beat, now
                seen.offset = self._offset(info.get("updated"))
            if now - seen.changed_at <= FRESH_SECONDS:
                role = str(info.get("role") or "")
                names.append(f"{member} ({role})" if role else member)
                offsets[member] = seen.offset
        for gone in set(self._seen) - current:
            del self._seen[gone]
        self._cached = sorted(set(names))
        self._offsets = offsets
        return self._cached

    def clock_offsets(self) -> dict[str, float]:
        """How far each present member's clock is from ours, in seconds (ahead is positive),
        judged when their heartbeat last changed; as of the last ``scan``."""
        return dict(self._offsets)

    def _offset(self, updated: object) -> float:
        if not isinstance(updated, str):
            return 0.0
        try:
            moment = datetime.fromisoformat(updated.replace("Z", "+00:00"))
        except ValueError:
            return 0.0
        return moment.timestamp() - self._wall()

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
