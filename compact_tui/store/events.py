"""What the store tells the screens, and how: events on an explicit queue, failures written down.

Events are put on a queue and handed to listeners by one thread at a time: by the background
loop while it runs, else at once on the thread that caused them. A listener that raises does
not stop the others and is never silently ignored: the error and its traceback go to the
problem log (a file in this machine's data folder) and a "problem" event says so.
"""

from __future__ import annotations

import queue
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .records import CONFLICTS_TABLE, MERGE_AUTHOR

PROBLEM_LOG_LIMIT = 1_000_000  # bytes; one older log is kept beside it


@dataclass(frozen=True)
class RecordChange:
    table: str
    record_id: str
    updated_by: str


@dataclass(frozen=True)
class StoreEvent:
    """Something the screen should hear about: others' edits, a save, a problem."""

    kind: str  # "external", "saved", "problem", "recovered", "absorbed"
    message: str = ""
    changes: tuple[RecordChange, ...] = ()


Listener = Callable[[StoreEvent], None]


class ProblemLog:
    """Errors nobody on screen could act on, with their tracebacks, for whoever helps later."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def write(self, what: str, error: BaseException | None = None) -> None:
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        lines = [f"{stamp} {what}\n"]
        if error is not None:
            lines += traceback.format_exception(error)
        with self._lock:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                if self.path.exists() and self.path.stat().st_size > PROBLEM_LOG_LIMIT:
                    self.path.replace(self.path.with_suffix(".old.log"))
                with open(self.path, "a", encoding="utf-8") as handle:
                    handle.writelines(lines)
            except OSError:
                pass  # the log is a help, not a duty: a full disk is reported elsewhere

    def read(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return ""


class StoreEvents:
    """The queue between the store's work and whoever listens (the app's screens)."""

    def __init__(self, log: ProblemLog) -> None:
        self.log = log
        self._queue: queue.SimpleQueue[StoreEvent] = queue.SimpleQueue()
        self._listeners: list[Listener] = []
        self._delivering = threading.RLock()
        self.inline = True
        self.wake: threading.Event | None = None  # the background loop's, while it delivers

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def emit(self, event: StoreEvent) -> None:
        self._queue.put(event)
        if self.inline:
            self.deliver()
        elif self.wake is not None:
            self.wake.set()

    def deliver(self) -> None:
        """Hand every waiting event to every listener, in order."""
        with self._delivering:
            while True:
                try:
                    event = self._queue.get_nowait()
                except queue.Empty:
                    return
                for listener in list(self._listeners):
                    try:
                        listener(event)
                    except Exception as error:
                        self._listener_failed(listener, event, error)

    def _listener_failed(self, listener: Listener, event: StoreEvent,
                         error: Exception) -> None:
        name = getattr(listener, "__qualname__", repr(listener))
        self.log.write(f"listener {name} failed on a {event.kind!r} event", error)
        if event.kind == "problem":
            return  # reporting the failure to the same listener could loop for ever
        self._queue.put(StoreEvent(
            "problem", f"A part of the app could not take in a change ({error!r}); the details "
            f"are in {self.log.path}. Your edits are safe."))

    def loop_failed(self, what: str, error: Exception) -> str:
        """The background loop met an error: write it down; returns the log's path for people."""
        self.log.write(what, error)
        return str(self.log.path)


def describe_changes(changes: tuple[RecordChange, ...], me: str) -> str:
    """A short notice such as "Priya updated 3 actions; 1 new conflict to settle (key 7)"."""
    by_person: dict[str, dict[str, int]] = {}
    new_conflicts = 0
    for change in changes:
        if change.table == CONFLICTS_TABLE and change.updated_by in ("", MERGE_AUTHOR):
            new_conflicts += 1
            continue
        who = change.updated_by or "someone"
        by_person.setdefault(who, {}).setdefault(change.table, 0)
        by_person[who][change.table] += 1
    parts = []
    for who, tables in by_person.items():
        settled = tables.pop(CONFLICTS_TABLE, 0)
        what = ", ".join(f"{count} {_noun(table, count)}" for table, count in tables.items())
        name = "You (elsewhere)" if who == me else who
        if what:
            parts.append(f"{name} updated {what}")
        if settled:
            parts.append(f"{name} settled {settled} conflict{'s' if settled != 1 else ''}")
    if new_conflicts:
        parts.append(f"{new_conflicts} new conflict{'s' if new_conflicts != 1 else ''} to "
                     "settle (key 7)")
    return "; ".join(parts)


def _noun(table: str, count: int) -> str:
    name = {"_conflicts": "conflicts", "agenda_items": "agenda items"}.get(
        table, table.replace("_", " "))
    return name[:-1] if count == 1 and name.endswith("s") else name
