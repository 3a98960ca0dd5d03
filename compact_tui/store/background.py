"""The background loop: saves when the schedule says so, notices others' edits, delivers events.

One thread per open store. It sleeps until the next thing is due (a save, a look at the disk,
a conflict-copy scan, a presence heartbeat) or until an edit or an event wakes it, instead of
polling on a fixed tick. While it runs, it is the thread that hands events to listeners. An
error in one round is written to the problem log with its traceback and reported as a problem;
the loop carries on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from .events import StoreEvents
from .presence import HEARTBEAT_SECONDS, Presence
from .schedule import SaveSchedule
from .status import StoreHealth
from .sync import FileSync

COPY_SCAN_SECONDS = 3.0
PRESENCE_SCAN_SECONDS = 5.0
LONGEST_SLEEP = 1.0


class BackgroundLoop:
    def __init__(self, sync: FileSync, schedule: SaveSchedule, events: StoreEvents,
                 health: StoreHealth, presence: Presence,
                 who: Callable[[], tuple[str, str]]) -> None:
        self.sync = sync
        self.schedule = schedule
        self.events = events
        self.health = health
        self.presence = presence
        self.who = who
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, poll_interval: float) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self.presence.beat(*self.who())
        self.schedule.space_for(company=bool(self.presence.scan()))
        self.events.inline = False
        self.events.wake = self.schedule.wake
        self._thread = threading.Thread(target=self._run, args=(poll_interval,),
                                        name="compact-store", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self.schedule.wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self.events.inline = True
        self.events.wake = None
        self.events.deliver()

    def _run(self, poll_interval: float) -> None:
        now = time.monotonic()
        last_poll = last_copies = last_beat = last_scan = now
        while not self._stop.is_set():
            now = time.monotonic()
            try:
                if self.sync.records.dirty and self.schedule.due(now):
                    if not self.sync.save():
                        self.schedule.failed()
                    last_poll = now
                elif now - last_poll >= poll_interval:
                    self.sync.refresh()
                    last_poll = now
                if now - last_copies >= COPY_SCAN_SECONDS:
                    self.sync.absorb_conflict_copies()
                    last_copies = now
                if now - last_beat >= HEARTBEAT_SECONDS:
                    self.presence.beat(*self.who())
                    last_beat = now
                if now - last_scan >= PRESENCE_SCAN_SECONDS:
                    self.schedule.space_for(company=bool(self.presence.scan()))
                    last_scan = now
            except Exception as error:  # the saver must outlive any one bad moment
                where = self.events.loop_failed("the background saver failed", error)
                self.health.report(f"The background saver met a problem: {error!r}. Your "
                                   f"edits are kept in the local journal; details in {where}.")
                self.schedule.failed()
            self.events.deliver()
            deadlines = [last_poll + poll_interval, last_copies + COPY_SCAN_SECONDS,
                         last_beat + HEARTBEAT_SECONDS, last_scan + PRESENCE_SCAN_SECONDS]
            if self.sync.records.dirty:
                deadlines.append(self.schedule.due_at())
            pause = min(max(min(deadlines) - time.monotonic(), 0.0), LONGEST_SLEEP)
            self.schedule.wake.wait(pause)
            self.schedule.wake.clear()
