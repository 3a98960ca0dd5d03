"""When to write the shared file: the one place that decides it.

Screens hand every edit to the store at once (so it reaches the local journal at once); the
shared file is written ``debounce`` seconds after edits stop, or ``max_delay`` seconds after the
first unsaved edit while someone keeps typing. No screen keeps a timer of its own for this.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

DEBOUNCE_SECONDS = 0.4
MAX_SAVE_DELAY_SECONDS = 3.0
RETRY_SECONDS = 5.0
# While another member has the file open, saves are spaced out: two apps writing within the
# sync service's delivery time of each other make a conflict copy (Syncthing, Dropbox and
# OneDrive alike), and two typists saving every 3 s made one every few seconds (issue 12).
# Every key still reaches the local journal at once, so nothing typed waits at risk.
IN_COMPANY_DEBOUNCE_SECONDS = 8.0
IN_COMPANY_MAX_SAVE_DELAY_SECONDS = 60.0


class SaveSchedule:
    """The debounce: remembers when edits happened and says when a save is due."""

    def __init__(self, debounce: float = DEBOUNCE_SECONDS,
                 max_delay: float = MAX_SAVE_DELAY_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.debounce = self.alone_debounce = debounce
        self.max_delay = self.alone_max_delay = max_delay
        self.clock = clock
        self.wake = threading.Event()
        self._first_unsaved = 0.0
        self._last_edit = 0.0
        self._retry_at = 0.0

    def edited(self, *, first: bool) -> None:
        """An edit (or a merge that must be written back) happened; ``first`` since a save."""
        now = self.clock()
        if first:
            self._first_unsaved = now
            self.wake.set()  # a sleeping background loop must now plan a save
        self._last_edit = now

    def space_for(self, *, company: bool) -> None:
        """Space saves out while others have the file open; back to prompt saves alone."""
        if company:
            self.debounce = max(self.alone_debounce, IN_COMPANY_DEBOUNCE_SECONDS)
            self.max_delay = max(self.alone_max_delay, IN_COMPANY_MAX_SAVE_DELAY_SECONDS)
        else:
            self.debounce, self.max_delay = self.alone_debounce, self.alone_max_delay

    def heard_from_others(self) -> None:
        """Another member's save just arrived: write ours half a period after it.

        Two typists who started together, each saving once a period, would otherwise save
        in step for the whole meeting and clash every time (one conflict copy a minute, seen
        over Syncthing); answering each arrival half a period later keeps their saves apart.
        """
        self._first_unsaved = self.clock() - self.max_delay / 2

    def failed(self) -> None:
        """A save could not be made: wait before trying again rather than hammer the disk."""
        self._retry_at = self.clock() + RETRY_SECONDS

    def due_at(self) -> float:
        """The moment (on ``clock``) the pending edits should be written."""
        settled = min(self._last_edit + self.debounce, self._first_unsaved + self.max_delay)
        return max(settled, self._retry_at)

    def due(self, now: float | None = None) -> bool:
        return (self.clock() if now is None else now) >= self.due_at()
