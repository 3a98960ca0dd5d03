"""The app over the store's background loop: one save delay, restore off the UI thread."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from textual.widgets import OptionList, Static

from compact_tui.config import Settings
from compact_tui.content import default_content
from compact_tui.domain.meetings import MeetingsService
from compact_tui.store import open_store
from compact_tui.store.files import load_store_file
from compact_tui.ui.app import CompactApp
from compact_tui.ui.meetings.chair import ChairScreen
from compact_tui.ui.shell.restore_backup import RestoreBackupScreen
from tests.waiting import wait_until


async def test_typing_in_chair_mode_is_saved_by_the_stores_one_delay(demo_path: Path) -> None:
    """Each key reaches the store at once; the file is written once, one delay after typing."""
    store = open_store(demo_path, member="Jo Morgan", save_delay=1.0, max_save_delay=60)
    app = CompactApp(store, default_content(), Settings(member="Jo Morgan"),
                     persist_settings=False, background=True, start_section="meetings")
    saves: list[float] = []
    store.subscribe(lambda e: saves.append(time.monotonic()) if e.kind == "saved" else None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ChairScreen))
        service = MeetingsService(store, app.content)
        item_id = app.screen.current_id
        await wait_until(pilot, lambda: not store.unsaved)  # anything opening wrote is saved
        saves.clear()
        typed = ""
        for key in "Apologies":
            started = time.monotonic()
            await pilot.press(key)
            typed += key
            # in the store (and its journal) within the hand-over, long before the file delay
            await wait_until(pilot, lambda want=typed: service.item(item_id).minutes == want,
                           timeout=0.9)
        assert saves == []  # keys came faster than the delay: no file write yet
        await wait_until(pilot, lambda: saves)
        assert saves[0] - started >= 1.0
        assert len(saves) == 1
        on_disk = load_store_file(demo_path)["agenda_items"][item_id]
        assert on_disk["minutes"] == "Apologies"


async def test_restoring_a_backup_runs_in_a_worker_and_the_screen_keeps_answering(
        make_app, tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Jo Morgan", backup_interval=0, device="dev-a") as store:
        record_id = store.insert("actions", {"description": "Book the hall"})
        store.save()
        store.update("actions", record_id, {"status": "open"})
    with open_store(path, member="Priya Shah", backup_interval=0, device="dev-b") as store:
        store.update("actions", record_id, {"status": "done"})
    path.write_bytes(b'{"actions": {"trunc')
    app = make_app(path, section="dashboard")
    gate, started = threading.Event(), threading.Event()
    threads: list[threading.Thread] = []
    async with app.run_test(size=(100, 30)) as pilot:
        real_restore = app.store.sync.restore_backup

        def slow_restore(backup: Path) -> None:
            threads.append(threading.current_thread())
            started.set()
            assert gate.wait(10)
            real_restore(backup)

        app.store.sync.restore_backup = slow_restore
        app.action_restore()  # what the palette's "Restore a backup" runs
        await wait_until(pilot, lambda: isinstance(app.screen, RestoreBackupScreen)
                       and bool(app.screen.query(OptionList)))
        restore_screen = app.screen
        options = restore_screen.query_one(OptionList)
        assert options.option_count >= 2
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is not restore_screen)  # it asks first
        await pilot.press("y")
        await wait_until(pilot, started.is_set)
        assert app.screen is restore_screen
        status = restore_screen.query_one("#restore-status", Static)
        assert "Restoring" in str(status.content)
        before = options.highlighted
        await pilot.press("down")  # the UI thread is free while the restore works
        await wait_until(pilot, lambda: options.highlighted != before)
        assert isinstance(app.screen, RestoreBackupScreen)
        gate.set()
        await wait_until(pilot, lambda: not isinstance(app.screen, RestoreBackupScreen))
        assert app.store.problem is None
    assert threads and threads[0] is not threading.main_thread()
    assert record_id in load_store_file(path)["actions"]


async def test_a_screen_failing_on_others_edits_is_logged_and_shown_not_swallowed(
        demo_path: Path, monkeypatch) -> None:
    from compact_tui import locations
    from compact_tui.ui.shell.dashboard import DashboardScreen

    store = open_store(demo_path, member="Jo Morgan")
    app = CompactApp(store, default_content(), Settings(member="Jo Morgan"),
                     persist_settings=False, background=False, start_section="dashboard")
    broken = {"on": False}
    real_refresh = DashboardScreen.refresh_data

    def refresh_data(self) -> None:
        if broken["on"]:
            raise LookupError("a record vanished mid-refresh")
        real_refresh(self)

    monkeypatch.setattr(DashboardScreen, "refresh_data", refresh_data)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        store.start_background(poll_interval=0.05)
        broken["on"] = True
        with open_store(demo_path, member="Priya Shah", device="dev-p") as other:
            other.insert("actions", {"description": "Added elsewhere"})
        await wait_until(pilot, lambda: any("could not take in a change" in n.message
                                          for n in app._notifications))
        log = locations.problem_log_file().read_text()
        assert "LookupError: a record vanished mid-refresh" in log and "Traceback" in log
        broken["on"] = False
        await pilot.press("3")  # the app still answers
        await wait_until(pilot, lambda: app.current_mode == "actions")
