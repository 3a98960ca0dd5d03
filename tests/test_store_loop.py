"""The store's background loop, event queue and save schedule (one owner of the debounce)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from compact_tui import locations
from compact_tui.store import StoreEvent, open_store
from compact_tui.store.files import load_store_file
from compact_tui.store.schedule import RETRY_SECONDS, SaveSchedule


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def wait_until(condition, timeout: float = 10.0) -> None:
    """Wait on a condition the background thread brings about (bounded, never a fixed pause)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.01)


def test_the_schedule_saves_after_the_debounce_or_the_longest_delay() -> None:
    clock = FakeMonotonic()
    schedule = SaveSchedule(debounce=0.4, max_delay=3.0, clock=clock)
    schedule.edited(first=True)
    assert schedule.wake.is_set()  # a sleeping loop must plan the save
    assert not schedule.due()
    clock.now += 0.39
    assert not schedule.due()
    clock.now += 0.01
    assert schedule.due()
    schedule.wake.clear()
    for _ in range(20):  # typing that never pauses for the debounce...
        clock.now += 0.2
        schedule.edited(first=False)
        assert not schedule.wake.is_set()  # later keys do not wake the loop each time
    assert schedule.due()  # ...is still saved once the longest delay has passed
    schedule.edited(first=True)
    clock.now += 1.0
    assert schedule.due()
    schedule.failed()
    assert not schedule.due()
    clock.now += RETRY_SECONDS
    assert schedule.due()


def test_a_listener_that_raises_is_logged_and_reported_not_swallowed(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    store = open_store(path, member="Priya")
    heard: list[StoreEvent] = []

    def broken(event: StoreEvent) -> None:
        raise ValueError("screen went away")

    store.subscribe(broken)
    store.subscribe(heard.append)
    store.insert("actions", {"description": "Book the hall"})
    assert store.save()
    assert [e.kind for e in heard] == ["saved", "problem"]
    log = locations.problem_log_file()
    assert heard[1].message.endswith("Your edits are safe.") and str(log) in heard[1].message
    text = log.read_text()
    assert "listener" in text and "'saved' event" in text
    assert "Traceback" in text and "ValueError: screen went away" in text
    store.close()
    assert load_store_file(path)["actions"]  # the save itself went ahead


def test_the_loop_delivers_events_and_logs_a_failing_listener(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    store = open_store(path, member="Priya", save_delay=0.05)
    heard: list[tuple[str, str]] = []
    calls: list[str] = []

    def broken(event: StoreEvent) -> None:
        calls.append(threading.current_thread().name)
        if event.kind == "saved":
            raise RuntimeError("refresh failed")

    store.subscribe(broken)
    store.subscribe(lambda e: heard.append((e.kind, threading.current_thread().name)))
    store.start_background(poll_interval=0.2)
    try:
        store.insert("actions", {"description": "Book the hall"})
        wait_until(lambda: ("problem", "compact-store") in heard)
    finally:
        store.close()
    assert ("saved", "compact-store") in heard  # the loop's thread delivered them
    assert set(calls) == {"compact-store"}
    assert "RuntimeError: refresh failed" in locations.problem_log_file().read_text()


def test_a_failing_round_of_the_loop_is_logged_reported_and_the_loop_carries_on(
        tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    store = open_store(path, member="Priya", save_delay=0.05)
    store.save()
    real_refresh = store.sync.refresh
    failures = []

    def refresh_once_broken():
        if not failures:
            failures.append(1)
            raise KeyError("half a record")
        return real_refresh()

    store.sync.refresh = refresh_once_broken  # type: ignore[method-assign]
    store.schedule.failed = lambda: None  # type: ignore[method-assign]  # no 5 s retry wait
    problems: list[str] = []
    store.subscribe(lambda e: problems.append(e.message) if e.kind == "problem" else None)
    store.start_background(poll_interval=0.05)
    try:
        wait_until(lambda: problems)
        assert "background saver" in problems[0] and "KeyError" in problems[0]
        assert str(locations.problem_log_file()) in problems[0]
        record_id = store.insert("actions", {"description": "after the failure"})
        wait_until(lambda: not store.unsaved)  # the loop lives on and saves
    finally:
        store.close()
    text = locations.problem_log_file().read_text()
    assert "the background saver failed" in text and "KeyError: 'half a record'" in text
    assert record_id in load_store_file(path)["actions"]


def test_the_loop_sleeps_until_a_save_is_due_then_saves_once(tmp_path: Path) -> None:
    """Edits faster than the debounce make one save, made the debounce after the last edit."""
    path = tmp_path / "compact.json"
    store = open_store(path, member="Priya", save_delay=0.5, max_save_delay=30)
    store.save()
    saves: list[float] = []
    store.subscribe(lambda e: saves.append(time.monotonic()) if e.kind == "saved" else None)
    store.start_background(poll_interval=30)
    try:
        record_id = store.insert("actions", {"description": ""})
        for letter in "minutes":
            store.update("actions", record_id, {"description": letter})
        last_edit = time.monotonic()
        wait_until(lambda: saves)
        assert saves[0] - last_edit >= 0.5 - 0.01
        assert len(saves) == 1 and not store.unsaved
    finally:
        store.close()
