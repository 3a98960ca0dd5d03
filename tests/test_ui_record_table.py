"""RecordTable: lists keep the cursor on the record the member chose while others edit.

Another member's edit arrives as a second store on the same file writing and saving; this app
notices it (``store.refresh()``, what the background watcher does) and refills its lists.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult

from compact_tui.domain.register import RegisterService
from compact_tui.store import open_store
from compact_tui.ui.meetings.chair import ChairScreen
from compact_tui.ui.widgets.record_table import RecordTable
from tests.waiting import wait_until

SIZE = (100, 30)


def _sign_up_elsewhere(path: Path, name: str) -> str:
    """Another member, on another machine, signs an organisation up and saves."""
    with open_store(path, member="Priya Shah", device="dev-priya") as other:
        org_id = RegisterService(other).sign_up({"name": name, "sector": "charity"})
        assert other.save()
    return org_id


class _Table(App[None]):
    def compose(self) -> ComposeResult:
        yield RecordTable("Name", ("Score", 6))


async def test_refill_follows_the_record_not_the_row() -> None:
    app = _Table()
    async with app.run_test() as pilot:
        table = app.query_one(RecordTable)
        table.refill([("b", ["Bea", "2"]), ("c", ["Cal", "3"])])
        assert table.select("c") and table.selected_id == "c"
        table.refill([("a", ["Ann", "1"]), ("b", ["Bea", "2"]), ("c", ["Cal", "3"])])
        assert table.selected_id == "c" and table.cursor_row == 2
        table.refill([("a", ["Ann", "1"]), ("b", ["Bea", "2"])])  # c removed: same height
        assert table.selected_id == "b"
        assert not table.select("zed") and table.selected_id == "b"
        table.refill([("a", ["Ann", "1"]), ("b", ["Bea", "7"])])  # same records: cells repainted
        assert [str(cell) for cell in table.get_row("b")] == ["Bea", "7"]
        assert table.selected_id == "b"
        table.refill([("x", ["Xan"])], columns=["Only"])
        assert [str(c.label) for c in table.columns.values()] == ["Only"]
        assert table.selected_id == "x"
        table.refill([])
        assert table.selected_id is None
        await pilot.pause()


async def test_chair_attendance_cursor_stays_on_its_organisation(make_app,
                                                                demo_path: Path) -> None:
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")  # chair the upcoming meeting
        await wait_until(pilot, lambda: isinstance(app.screen, ChairScreen))
        screen = app.screen
        await pilot.press("f5")
        table = screen.query_one("#attendance-table", RecordTable)
        await wait_until(pilot, lambda: screen.focused is table)
        await pilot.press("down", "down")
        chosen = screen.selected_sheet_row()
        assert chosen is not None and table.cursor_row == 2

        new_id = _sign_up_elsewhere(demo_path, "Aardvark Advice Centre")  # sorts first
        app.store.refresh()
        await wait_until(pilot, lambda: table.shows(f"org:{new_id}"))
        assert table.get_row_index(f"org:{new_id}") == 0
        assert table.selected_id == f"org:{chosen.organisation_id}"
        assert table.cursor_row == 3

        await pilot.press("p")  # marks the organisation the chair chose, not its neighbour
        await wait_until(pilot, lambda: screen.service.attendance(screen.meeting_id))
        marked = screen.service.attendance(screen.meeting_id)
        assert [(a.organisation_id, a.status) for a in marked] == [
            (chosen.organisation_id, "present")]


async def test_register_list_keeps_the_highlighted_organisation(make_app,
                                                                demo_path: Path) -> None:
    app = make_app(demo_path, section="register")
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#register-table", RecordTable)
        await wait_until(pilot, lambda: table.row_count > 3)
        table.move_cursor(row=3)
        chosen = table.selected_id
        new_id = _sign_up_elsewhere(demo_path, "Aardvark Advice Centre")
        app.store.refresh()
        await wait_until(pilot, lambda: table.shows(new_id))
        assert table.selected_id == chosen and table.cursor_row == 4


async def test_cells_are_shown_literally() -> None:
    """A record table never reads its cells as markup or passes terminal codes on."""
    app = _Table()
    async with app.run_test() as pilot:
        table = app.query_one(RecordTable)
        table.refill([("m", ["[/]Mallory [b]x", "\x1b]0;pwned\x07"])])
        await pilot.pause()
        assert [str(cell) for cell in table.get_row("m")] == ["[/]Mallory [b]x", "␛]0;pwned␇"]
