"""Chair mode at 80x24: a long title or presenter is cut short before any clock is, and the
attendance sheet's "Who" column stays in view."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable

from compact_tui.domain.meetings import MeetingsService
from compact_tui.store import open_store
from compact_tui.ui.meetings.chair import ChairScreen

START = datetime(2026, 12, 3, 14, 0, 0)
NOW = START + timedelta(minutes=7, seconds=12)
LONG_TITLE = ("Planning the annual Compact review with every partner organisation across the "
              "borough and the county")
LONG_PRESENTER = "Councillor Alexandra Montgomery-Fitzwilliam, Cabinet Member for Communities"


def _lengthen_and_start_first_item(path: Path) -> None:
    with open_store(path, member="Jo Morgan") as store:
        service = MeetingsService(store)
        meeting = service.upcoming()[0]
        first = service.items(meeting.id)[0]
        store.update("agenda_items", first.id, {"title": LONG_TITLE,
                                                "presenter": LONG_PRESENTER})
        service.start_item(first.id, START)


async def _chair(app, pilot) -> ChairScreen:
    await pilot.pause()
    await pilot.press("c")
    for _ in range(20):
        await pilot.pause()
        if isinstance(app.screen, ChairScreen):
            break
    assert isinstance(app.screen, ChairScreen)
    return app.screen


def _line(widget) -> list[str]:
    return [strip.text for strip in widget.render_lines(widget.region.reset_offset)]


async def test_long_titles_are_cut_before_the_clocks(make_app, demo_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ChairScreen, "now", staticmethod(lambda: NOW))
    _lengthen_and_start_first_item(demo_path)
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=(80, 24)) as pilot:
        chair = await _chair(app, pilot)
        heading = chair.query_one("#item-heading")
        first, second = (line.rstrip() for line in _line(heading)[:2])
        assert first.endswith("…") and "Planning the annual" in first
        assert second.lstrip().startswith("07:12 of 05:00 OVER"), second  # clock leads
        assert heading.region.right <= 80
        row = chair.rows[chair.current_id]
        title, clock = row.title_label, row.clock_label
        assert str(title.render()).startswith("▶") and clock.region.right <= 80
        assert "07:12/5" in str(clock.render())  # in view beside the cut title
        assert "…" in "".join(_line(title))


async def test_attendance_who_column_is_in_view(make_app, demo_path: Path) -> None:
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=(80, 24)) as pilot:
        chair = await _chair(app, pilot)
        await pilot.press("f5")
        for _ in range(10):
            await pilot.pause()
        table = chair.query_one("#attendance-table", DataTable)
        header = _line(table)[0]
        assert "Who" in header, header
        first_row = _line(table)[1]
        champion = chair.sheet_rows[next(iter(chair.sheet_rows))].name
        assert champion.split()[0] in first_row, first_row
