"""Calendars follow changes: every change to a meeting's event raises SEQUENCE and moves
DTSTAMP (RFC 5545 3.8.7.4, the rule calendars use to accept an update), and a cancelled
meeting goes out as STATUS:CANCELLED. Read back with the ``icalendar`` package, as a
calendar program would, not only with our own strings."""

from __future__ import annotations

import time as clock
from datetime import date, time
from pathlib import Path

import pytest

from compact_tui.content import default_content
from compact_tui.content.agenda_templates import load_templates_reporting
from compact_tui.domain.exports import meeting_ics
from compact_tui.domain.meetings import MeetingInputError, MeetingsService
from compact_tui.locations import default_agendas_folder
from compact_tui.store import open_store

icalendar = pytest.importorskip("icalendar", reason="icalendar is a test extra: pip install "
                                "-e '.[test]'")


@pytest.fixture
def meeting(tmp_path: Path):
    store = open_store(tmp_path / "compact.json", member="Alex Hart")
    templates, _ = load_templates_reporting(default_agendas_folder())
    template = next(t for t in templates if t.key == "steering-group")
    meetings = MeetingsService(store, default_content())
    meeting_id = meetings.create_from_template(template, date(2026, 12, 3), time(14, 0),
                                               venue="Committee Room 2")
    meetings.issue_agenda(meeting_id)
    yield meetings, meeting_id
    store.close()


def event(meetings: MeetingsService, meeting_id: str):
    calendar = icalendar.Calendar.from_ical(meeting_ics(meetings.store, meeting_id))
    (found,) = calendar.walk("VEVENT")
    return found


def stamp(found) -> tuple[int, object]:
    return int(found["SEQUENCE"]), found.decoded("DTSTAMP")


def test_every_change_to_the_event_raises_sequence_and_moves_dtstamp(meeting) -> None:
    meetings, meeting_id = meeting
    items = meetings.items(meeting_id)
    changes = [
        ("the end moves (an item gets longer)",
         lambda: meetings.update_item(items[3].id, planned_minutes=items[3].planned_minutes + 15)),
        ("an item is renamed", lambda: meetings.update_item(items[4].id, title="Grants")),
        ("an item is added", lambda: meetings.add_item(meeting_id, "Budget")),
        ("an item is removed", lambda: meetings.remove_item(items[5].id)),
        ("the venue changes", lambda: meetings.update_meeting(meeting_id, venue="Online")),
        ("the start moves", lambda: meetings.update_meeting(meeting_id, start_time="15:00")),
    ]
    before = event(meetings, meeting_id)
    for what, change in changes:
        clock.sleep(0.002)  # DTSTAMP has whole seconds; the edit stamps carry milliseconds
        change()
        after = event(meetings, meeting_id)
        assert int(after["SEQUENCE"]) > int(before["SEQUENCE"]), what
        assert after.decoded("DTSTAMP") >= before.decoded("DTSTAMP"), what
        assert after.to_ical() != before.to_ical(), what
        before = after


def test_the_end_time_change_reaches_the_calendar(meeting) -> None:
    meetings, meeting_id = meeting
    first = event(meetings, meeting_id)
    item = meetings.items(meeting_id)[2]
    meetings.update_item(item.id, planned_minutes=item.planned_minutes + 30)
    second = event(meetings, meeting_id)
    assert (second.decoded("DTEND") - first.decoded("DTEND")).total_seconds() == 30 * 60
    assert int(second["SEQUENCE"]) > int(first["SEQUENCE"])


def test_exporting_again_without_a_change_is_the_same_file(meeting) -> None:
    meetings, meeting_id = meeting
    assert meeting_ics(meetings.store, meeting_id) == meeting_ics(meetings.store, meeting_id)


def test_a_cancelled_meeting_exports_as_cancelled_and_can_be_reinstated(meeting) -> None:
    meetings, meeting_id = meeting
    confirmed = event(meetings, meeting_id)
    assert str(confirmed["STATUS"]) == "CONFIRMED"
    meetings.cancel_meeting(meeting_id, "Not quorate: too many apologies")
    cancelled = event(meetings, meeting_id)
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["UID"]) == str(confirmed["UID"])
    assert int(cancelled["SEQUENCE"]) > int(confirmed["SEQUENCE"])
    assert meetings.meeting(meeting_id).status_label == "Cancelled"
    assert meetings.next_meeting(date(2026, 11, 25)) is None
    with pytest.raises(MeetingInputError, match="already cancelled"):
        meetings.cancel_meeting(meeting_id)
    meetings.reinstate_meeting(meeting_id)
    back = event(meetings, meeting_id)
    assert str(back["STATUS"]) == "CONFIRMED"
    assert int(back["SEQUENCE"]) > int(cancelled["SEQUENCE"])
    assert meetings.meeting(meeting_id).status == "agenda_issued"


def test_a_meeting_that_took_place_cannot_be_cancelled(meeting) -> None:
    from datetime import datetime

    meetings, meeting_id = meeting
    meetings.start_meeting(meeting_id, datetime(2026, 12, 3, 14, 0))
    with pytest.raises(MeetingInputError, match="already taken place"):
        meetings.cancel_meeting(meeting_id)


async def test_cancelling_from_the_meetings_screen(make_app, demo_path: Path) -> None:
    """s on the highlighted meeting asks, y cancels it; a calendar file another member
    exports from the saved file says CANCELLED; s and y again reinstate it."""
    from textual.widgets import DataTable

    from compact_tui.ui.shell.confirm import ConfirmScreen

    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        service = MeetingsService(app.store, app.content)
        upcoming = service.upcoming(date(2026, 11, 25))[0]
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # the safe answer: nothing changes
        await pilot.pause()
        assert not service.meeting(upcoming.id).cancelled
        await pilot.press("s", "y")
        await pilot.pause()
        assert service.meeting(upcoming.id).cancelled
        table = app.screen.query_one("#meetings-table", DataTable)
        assert str(table.get_row_at(0)[4]) == "Cancelled"
        app.store.save()
        reread = open_store(demo_path, member="Priya Shah", read_only=True)
        calendar = icalendar.Calendar.from_ical(meeting_ics(reread, upcoming.id))
        assert str(next(iter(calendar.walk("VEVENT")))["STATUS"]) == "CANCELLED"
        reread.close()
        await pilot.press("s", "y")
        await pilot.pause()
        assert service.meeting(upcoming.id).status == "agenda_issued"
