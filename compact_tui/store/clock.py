"""A hybrid logical clock: timestamps that never go backwards on one device.

Machines' clocks disagree and jump; ordering concurrent edits by wall time alone would let a
machine whose clock is a day behind lose every clash. The HLC takes the larger of wall time and
the largest stamp it has seen (in the file or from its own past), so every edit is stamped later
than everything its writer had read.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

STAMP_WIDTH = 13


def format_stamp(millis: int, counter: int) -> str:
    """A stamp is a string that sorts in time order: ``<ms since epoch>.<counter>``."""
    return f"{millis:0{STAMP_WIDTH}d}.{counter:04d}"


def parse_stamp(stamp: str) -> tuple[int, int]:
    millis, _, counter = stamp.partition(".")
    return int(millis), int(counter or 0)


class HybridClock:
    """Issues stamps that are unique and increasing for this process."""

    def __init__(self, wall: Callable[[], float] = time.time) -> None:
        self._wall = wall
        self._millis = 0
        self._counter = 0
        self._lock = threading.Lock()

    def now(self) -> str:
        with self._lock:
            wall = int(self._wall() * 1000)
            if wall > self._millis:
                self._millis, self._counter = wall, 0
            else:
                self._counter += 1
            return format_stamp(self._millis, self._counter)

    def observe(self, stamp: str) -> None:
        """Move forward past a stamp read from the file, so our next edit sorts after it."""
        try:
            millis, counter = parse_stamp(stamp)
        except ValueError:
            return
        with self._lock:
            if (millis, counter) > (self._millis, self._counter):
                self._millis, self._counter = millis, counter
