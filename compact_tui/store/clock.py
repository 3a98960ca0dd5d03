"""A hybrid logical clock: timestamps that never go backwards on one device.

Machines' clocks disagree and jump; ordering concurrent edits by wall time alone would let a
machine whose clock is a day behind lose every clash. The HLC takes the larger of wall time and
the largest stamp it has seen (in the file or from its own past), so every edit is stamped later
than everything its writer had read.

Stamps are written ``<13-digit ms>.<counter>`` with the counter at least 4 digits wide, but the
counter has no upper bound (a machine whose clock is behind the file's keeps counting up from
the file's time), so stamps are compared as numbers with ``stamp_key``, never as text: as text
``...0001.10000`` would sort before ``...0001.9999``.
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


def stamp_key(stamp: str) -> tuple[int, int]:
    """A stamp as numbers, for ordering; an unreadable one sorts first."""
    try:
        return parse_stamp(stamp)
    except (ValueError, AttributeError):
        return (-1, -1)


def stamp_seconds(stamp: str) -> float | None:
    """The wall time (seconds since the epoch) a stamp carries, or None if unreadable."""
    millis, _ = stamp_key(stamp)
    return None if millis < 0 else millis / 1000


SKEW_TOLERANCE_SECONDS = 86400.0


def skew_warnings(newest_stamp: str, newest_by: str, offsets: dict[str, float],
                  now: float) -> list[str]:
    """What to tell a member whose clock is more than a day from others'.

    Two signs: edits in the file stamped more than a day ahead of this computer's clock (this
    clock is behind, or the member who made them has a clock ahead: the hybrid clock then
    carries everyone's stamps ahead with it), and a present member's heartbeat a day off.
    """
    warnings = []
    seconds = stamp_seconds(newest_stamp) if newest_stamp else None
    if seconds is not None and seconds - now > SKEW_TOLERANCE_SECONDS:
        who = f"by {newest_by} " if newest_by else ""
        warnings.append(
            f"Edits {who}in the shared file are stamped {describe_offset(seconds - now)} "
            "this computer's clock: either this computer's date and time are wrong or theirs "
            "are. Please check the clock settings; edits are kept either way.")
    for member, offset in sorted(offsets.items()):
        if abs(offset) > SKEW_TOLERANCE_SECONDS:
            warnings.append(
                f"{member}'s computer clock is {describe_offset(offset)} this one: one of "
                "the two is wrong. Please check the date and time settings; edits are kept "
                "either way.")
    return warnings


def describe_offset(seconds: float) -> str:
    """ "2 days ahead of", "3 hours behind": how far one clock is from another, for people."""
    direction = "ahead of" if seconds > 0 else "behind"
    size = abs(seconds)
    for unit, length in (("year", 365 * 86400), ("day", 86400), ("hour", 3600),
                         ("minute", 60)):
        if size >= length:
            count = round(size / length)
            return f"{count} {unit}{'s' if count != 1 else ''} {direction}"
    return f"{int(size)} seconds {direction}"


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
