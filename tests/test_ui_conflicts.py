"""The sync pieces of the UI: two apps on one file, the Conflicts screen, history, restore."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import DataTable, OptionList, TextArea

from compact_tui.store import open_store
from compact_tui.store.clock import HybridClock
from compact_tui.store.files import load_store_file
from compact_tui.ui.shell.conflicts import ConflictsScreen
from compact_tui.ui.shell.history import HistoryScreen
from compact_tui.ui.shell.restore_backup import RestoreBackupScreen
from compact_tui.ui.shell.settle_conflict import SettleConflictScreen
from compact_tui.ui.widgets.chrome import ProblemBanner, SectionTabs

MORNING = datetime(2026, 11, 25, 10, 0, tzinfo=UTC).timestamp()


def fixed(at: float) -> HybridClock:
    return HybridClock(wall=lambda: at)


def store_with_clashes(path: Path) -> dict[str, str]:
    """An action and a meeting edited by two members at once: two conflicts, fixed times."""
    with open_store(path, member="Jo Morgan", device="dev-jo", clock=fixed(MORNING)) as store:
        action = store.insert("actions", {"description": "Circulate the toolkit",
                                          "status": "open"})
        meeting = store.insert("meetings", {"title": "Steering Group, November",
                                            "minutes": "Opened at 10:00."})
    priya = open_store(path, member="Priya Shah", device="dev-priya",
                       clock=fixed(MORNING + 600))
    sam = open_store(path, member="Sam Green", device="dev-sam", clock=fixed(MORNING + 1200))
    priya.update("actions", action, {"status": "done"})
    sam.update("actions", action, {"status": "dropped"})
    priya.update("meetings", meeting, {"minutes": "Opened at 10:00. Apologies from Brentwood "
                                                  "CVS. The toolkit was agreed."})
    sam.update("meetings", meeting, {"minutes": "Opened at 10:05. The toolkit was agreed "
                                                "with one change to section 3."})
    priya.close()
    sam.close()
    return {"action": action, "meeting": meeting}


def conflict_for(app: object, field: str) -> dict:
    return next(c for c in app.store.conflicts() if c["field"] == field)  # type: ignore[attr-defined]


async def test_an_edit_in_one_app_shows_in_the_other_with_a_notice(make_app, demo_path) -> None:
    first = make_app(demo_path, section="register", member="Priya Shah")
    second = make_app(demo_path, section="register", member="Jo Morgan")
    async with first.run_test(size=(100, 30)) as pilot_one, \
            second.run_test(size=(100, 30)) as pilot_two:
        org = first.store.all("organisations")[0]
        first.store.update("organisations", org["id"], {"name": "Brentwood Renamed Trust"})
        assert first.store.save()
        second.store.refresh()
        await pilot_two.pause()
        table = second.screen.query_one(DataTable)
        shown = [str(table.get_cell_at((row, 0))) for row in range(table.row_count)]
        shown += [str(table.get_cell_at((row, 1))) for row in range(table.row_count)]
        assert any("Brentwood Renamed Trust" in cell for cell in shown)
        notices = [n.message for n in second._notifications]
        assert "Priya Shah updated 1 organisation" in notices
        await pilot_one.pause()


async def test_conflicts_screen_lists_clashes_and_keeps_each_side(make_app, tmp_path) -> None:
    path = tmp_path / "compact.json"
    ids = store_with_clashes(path)
    app = make_app(path, section="conflicts")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConflictsScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        assert "Conflicts (2)" in str(app.screen.query_one(SectionTabs).content)
        rows = {str(table.get_cell_at((r, 1))): r for r in range(table.row_count)}
        table.move_cursor(row=rows["status"])
        await pilot.press("k")
        await pilot.pause()
        assert app.store.get("actions", ids["action"])["status"] == "dropped"
        assert table.row_count == 1
        assert [c["field"] for c in app.store.conflicts()] == ["minutes"]
        await pilot.press("o")
        await pilot.pause()
        minutes = app.store.get("meetings", ids["meeting"])["minutes"]
        assert minutes.startswith("Opened at 10:00. Apologies")
        assert app.store.conflicts() == []
        assert "No conflicts" in str(app.screen.query_one("#conflicts-summary").content)
        settled = app.store.conflicts(include_settled=True)
        assert {c["settled_by"] for c in settled} == {"Jo Morgan"}
    assert app.store.save()


async def test_settling_with_a_merged_text_and_through_the_dialog(make_app, tmp_path) -> None:
    path = tmp_path / "compact.json"
    ids = store_with_clashes(path)
    app = make_app(path, section="conflicts")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        rows = {str(table.get_cell_at((r, 1))): r for r in range(table.row_count)}
        table.move_cursor(row=rows["minutes"])
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, SettleConflictScreen)
        area = app.screen.query_one(TextArea)
        assert "Sam Green's version" in area.text or "Priya Shah's version" in area.text
        area.text = "Opened at 10:05. Apologies from Brentwood CVS. Toolkit agreed, section 3."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictsScreen)
        assert app.store.get("meetings", ids["meeting"])["minutes"] == (
            "Opened at 10:05. Apologies from Brentwood CVS. Toolkit agreed, section 3.")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SettleConflictScreen)
        await pilot.click("#settle-take-other")
        await pilot.pause()
        assert app.store.get("actions", ids["action"])["status"] == "done"
        assert app.store.conflicts() == []
    app.store.close()
    saved = load_store_file(path)
    assert saved["actions"][ids["action"]]["status"] == "done"


async def test_history_modal_lists_who_changed_what(make_app, tmp_path) -> None:
    path = tmp_path / "compact.json"
    ids = store_with_clashes(path)
    app = make_app(path, section="conflicts")
    async with app.run_test(size=(100, 30)) as pilot:
        app.show_history("actions", ids["action"])
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        table = app.screen.query_one(DataTable)
        who = {str(table.get_cell_at((r, 1))) for r in range(table.row_count)}
        assert who == {"Jo Morgan", "Priya Shah", "Sam Green"}
        title = str(app.screen.query_one("#history-title").content)
        assert "Action: Circulate the toolkit" in title
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConflictsScreen)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


async def test_unreadable_file_shows_a_banner_and_restores_from_a_backup(make_app,
                                                                          tmp_path) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Jo Morgan", backup_interval=0) as store:
        record_id = store.insert("actions", {"description": "Book the hall"})
        store.save()
        store.update("actions", record_id, {"status": "open"})
    path.write_bytes(b'{"actions": {"trunc')
    app = make_app(path, section="conflicts")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        banner = app.screen.query_one(ProblemBanner)
        assert banner.has_class("-visible")
        text = str(banner.content)
        assert "Cannot read the shared file" in text and "Restore a backup" in text
        await pilot.press("ctrl+p", *"restore a backup")
        for _ in range(50):
            await pilot.pause()
            options = app.screen.query("OptionList")
            if options and "Restore a backup" in str(options.first().get_option_at_index(0)
                                                     .prompt):
                break
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RestoreBackupScreen)
        assert app.screen.query_one(OptionList).option_count >= 1
        await pilot.press("enter")             # choosing a backup only asks
        await pilot.pause()
        await pilot.press("enter")             # Enter is the safe answer: nothing restored
        await pilot.pause()
        assert isinstance(app.screen, RestoreBackupScreen) and app.store.problem
        await pilot.press("enter", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, RestoreBackupScreen)
        assert app.store.problem is None
        assert not app.screen.query_one(ProblemBanner).has_class("-visible")
    assert record_id in load_store_file(path)["actions"]
    archived = list((tmp_path / "compact-archive").iterdir())
    assert [p.read_bytes() for p in archived] == [b'{"actions": {"trunc']


def test_conflicts_screen_snapshot(snap_compare, make_app, tmp_path, frozen_clock) -> None:
    path = tmp_path / "compact.json"
    store_with_clashes(path)
    assert snap_compare(make_app(path, section="conflicts"), terminal_size=(100, 30))
