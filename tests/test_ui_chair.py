"""Chair mode from the keyboard: clocks, attendance, minutes, decisions, actions, quick entry."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from compact_tui.domain.actions import ActionsService
from compact_tui.domain.meetings import MeetingsService
from compact_tui.ui.actions.action_form import ActionFormScreen
from compact_tui.ui.meetings.chair import ChairScreen, MinutesArea
from compact_tui.ui.meetings.decision_form import DecisionFormScreen
from compact_tui.ui.meetings.meetings import MeetingsScreen
from tests.chair_clock import FakeClock
from tests.waiting import wait_until

SIZE = (100, 30)


def _text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


async def _type(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


async def _open_chair(app, pilot) -> MeetingsService:
    await pilot.press("c")  # the upcoming meeting is the first row
    await pilot.pause()
    assert isinstance(app.screen, ChairScreen)
    return MeetingsService(app.store, app.content)


async def test_clocks_start_advance_and_show_overrun(make_app, demo_path: Path,
                                                    clock: FakeClock) -> None:
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        screen = app.screen
        meeting_id = screen.meeting_id
        assert "Not started" in _text(app)
        await pilot.press("ctrl+n")
        await pilot.pause()
        meeting = service.meeting(meeting_id)
        assert meeting.started_at.startswith("2026-12-03T14:00")
        first = service.items(meeting_id)[0]
        assert first.running
        clock.advance(minutes=6, seconds=5)
        screen.tick()
        row = screen.rows[first.id]
        assert str(row.clock_label.render()) == "06:05/5 OVER"
        assert row.has_class("-over") and row.has_class("-current")
        assert "▶" in str(row.title_label.render())
        assert "06:05 of 05:00 OVER" in str(screen.query_one("#item-heading").render())
        assert "Meeting 06:05" in str(screen.query_one("#meeting-clock").render())

        await pilot.press("f9")  # next item by F-key
        await pilot.pause()
        items = service.items(meeting_id)
        assert items[0].ended_at and items[1].running
        assert screen.current_id == items[1].id
        clock.advance(minutes=2)
        screen.tick()
        projected = service.projected_end(meeting_id, clock())
        assert f"Ends ~{projected:%H:%M}" in str(screen.query_one("#meeting-clock").render())

        await pilot.press("f8")  # back to item 1: its clock resumes
        await pilot.pause()
        assert screen.current_id == items[0].id
        assert service.items(meeting_id)[0].running


async def test_attendance_and_quorum_live(make_app, demo_path: Path, clock: FakeClock) -> None:
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        screen = app.screen
        assert str(screen.query_one("#quorum").render()).startswith("NOT quorate")
        await pilot.press("f5")
        await pilot.pause()
        table = screen.query_one("#attendance-table", DataTable)
        assert screen.focused is table
        await pilot.press("p", "p", "p", "p", "a", "d")
        await pilot.pause()
        recorded = {a.status for a in service.attendance(screen.meeting_id)}
        assert recorded == {"present", "apologies", "absent"}
        statuses = [str(table.get_row_at(i)[0]) for i in range(6)]
        assert statuses == ["Present"] * 4 + ["Apologies", "Absent"]
        state = service.quorum(screen.meeting_id, app.settings.quorum)
        quorum = str(screen.query_one("#quorum").render())
        assert quorum.startswith("Quorate" if state.met else "NOT quorate")
        if state.met:
            assert f"{state.organisations_present} organisations" in quorum

        await pilot.press("n")
        await pilot.pause()
        await _type(pilot, "Rita Gomez")
        await pilot.press("tab")
        await _type(pilot, "ECC")
        await pilot.press("enter")
        await pilot.pause()
        guests = [a for a in service.attendance(screen.meeting_id)
                  if a.status == "in_attendance"]
        assert [g.name for g in guests] == ["Rita Gomez"]
        assert "Rita Gomez" in [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(screen.focused, MinutesArea)


async def test_minutes_are_stored_as_typed_and_survive_refresh(make_app, demo_path: Path,
                                                              clock: FakeClock) -> None:
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        screen = app.screen
        item_id = screen.current_id
        await _type(pilot, "Members welcomed")
        # handed to the store (and journal) within tens of ms
        await wait_until(pilot, lambda: service.item(item_id).minutes == "Members welcomed")
        await _type(pilot, " Rita")
        area = screen.query_one("#minutes", MinutesArea)
        cursor = area.cursor_location
        app.store.update("agenda_items", item_id, {"notes": "changed elsewhere"})
        added = service.add_item(screen.meeting_id, "Added by the secretary")
        screen.refresh_data()  # as when another member's edits arrive
        await pilot.pause()
        assert area.text == "Members welcomed Rita"
        assert area.cursor_location == cursor
        assert added in screen.rows
        assert len(screen.query("AgendaRow")) == len(service.items(screen.meeting_id))
        await pilot.press("escape")  # leaving saves at once
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert service.item(item_id).minutes == "Members welcomed Rita"


async def test_decision_with_votes_and_action_by_keys(make_app, demo_path: Path,
                                                     clock: FakeClock) -> None:
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        screen = app.screen
        meeting_id = screen.meeting_id
        minutes_item = service.item_of_kind(meeting_id, "previous_minutes")
        screen._go_to(minutes_item.id)  # an item for decision
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, DecisionFormScreen)
        await _type(pilot, "Approve")
        await pilot.press("tab")
        await _type(pilot, "5")
        await pilot.press("tab")
        await _type(pilot, "x")
        await pilot.press("enter")
        await pilot.pause()
        assert "whole number" in str(app.screen.query_one(".form-error").render())
        await pilot.press("backspace")
        await _type(pilot, "0")
        await pilot.press("tab")
        await _type(pilot, "1")
        await pilot.press("enter")
        await pilot.pause()
        # nobody is marked present yet: 6 votes need the chair to say why
        assert "6 votes were counted but 0 voting members" in str(
            app.screen.query_one(".form-error").render())
        assert service.decisions_for_item(minutes_item.id) == []
        await _type(pilot, "Attendance not yet taken")
        await pilot.press("enter")
        await pilot.pause()
        decisions = service.decisions_for_item(minutes_item.id)
        assert [(d.text, d.votes_for, d.votes_against, d.votes_abstain, d.count_reason)
                for d in decisions] == [("Approve", 5, 0, 1, "Attendance not yet taken")]
        assert f"Decision {decisions[0].ref}: Approve (for 5, against 0, " \
               "abstain 1; count confirmed: Attendance not yet taken)" in _text(app)

        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ActionFormScreen)
        await _type(pilot, "Publish")
        await pilot.press("tab", "enter")  # open the owner list
        await _type(pilot, "Jo")
        await pilot.press("enter", "tab")
        await _type(pilot, "32/12/2026")
        await pilot.press("enter")
        await pilot.pause()
        assert "Due date:" in str(app.screen.query_one(".form-error").render())
        assert service.actions_for_item(minutes_item.id) == []
        await pilot.press("ctrl+u")
        await _type(pilot, "17/12/2026")
        await pilot.press("enter")
        await pilot.pause()
        actions = service.actions_for_item(minutes_item.id)
        assert len(actions) == 1
        action = actions[0]
        assert (action.description, action.owner_name, action.due) == (
            "Publish", "Jo Morgan", "2026-12-17")
        assert action.owner_organisation_id
        assert f"Action {action.ref}: Publish — Jo Morgan, due 17 " \
               "December 2026" in _text(app)


async def test_quick_entry_line_becomes_an_action(make_app, demo_path: Path,
                                                 clock: FakeClock) -> None:
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        screen = app.screen
        before = len(service.actions_for(screen.meeting_id))
        await _type(pilot, "#action @Brentwood CVS due:12/01/2027 Circulate")
        await pilot.press("enter")
        await pilot.pause()
        actions = service.actions_for(screen.meeting_id)
        assert len(actions) == before + 1
        created = actions[-1]
        assert created.description == "Circulate"
        assert created.due == "2027-01-12"
        assert created.item_id == screen.current_id
        assert service.item(screen.current_id).minutes.startswith("#action @Brentwood CVS")
        notices = [n.message for n in app._notifications]
        assert any(f"Action {created.ref} recorded" in message for message in notices)
        await _type(pilot, "More")
        await pilot.press("ctrl+n")  # leaving the item reads the lines again: no duplicate
        await pilot.pause()
        assert len(service.actions_for(screen.meeting_id)) == before + 1


async def test_declare_defer_approve_and_end(make_app, demo_path: Path,
                                            clock: FakeClock) -> None:
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        screen = app.screen
        meeting_id = screen.meeting_id
        await pilot.press("ctrl+n")
        await pilot.pause()
        first = screen.current_id
        await pilot.press("ctrl+l")
        await pilot.pause()
        await _type(pilot, "Lee Chan")
        await pilot.press("tab", "tab", "tab", "tab")  # item (current), kind, what they did
        await _type(pilot, "trustee")
        await pilot.press("enter")
        await pilot.pause()
        assert [(d.person, d.interest, d.item_id) for d in service.declarations(meeting_id)] \
            == [("Lee Chan", "trustee", first)]
        assert "Interest (item 1): Lee Chan: trustee" in _text(app)

        previous = service.previous_meeting(meeting_id)
        await pilot.press("ctrl+g")  # only on the "minutes of the last meeting" item
        await pilot.pause()
        assert service.meeting(previous.id).status == "held"
        screen._go_to(service.item_of_kind(meeting_id, "previous_minutes").id)
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        # nobody is marked present: approving at a meeting that is not quorate needs a reason
        await _type(pilot, "Members agreed by email")
        await pilot.press("enter")
        await pilot.pause()
        approved = service.meeting(previous.id)
        assert approved.status == "minutes_approved"
        assert approved.approval_reason == "Members agreed by email"
        assert approved.approved_minutes

        current = screen.current_id
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert service.item(current).deferred
        assert screen.current_id != current  # moved on to the next item

        clock.advance(minutes=40)
        await pilot.press("f12")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        meeting = service.meeting(meeting_id)
        assert meeting.status == "held"
        assert meeting.end_time == "14:40"
        assert "Ended" in str(screen.query_one("#meeting-clock").render())


async def test_action_without_owner_or_date_is_flagged(make_app, demo_path: Path,
                                                      clock: FakeClock) -> None:
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        screen = app.screen
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "Describe the action" in str(app.screen.query_one(".form-error").render())
        await _type(pilot, "Find a venue")
        await pilot.press("enter")
        await pilot.pause()
        action = service.actions_for_item(screen.current_id)[0]
        assert action.problems() == ["no owner", "no due date"]
        assert "[no owner; no due date]" in _text(app)
        assert ActionsService(app.store).action(action.id) is not None


async def test_text_typed_into_an_item_removed_elsewhere_stays_on_screen(
        make_app, demo_path: Path, clock: FakeClock) -> None:
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        screen = app.screen
        item_id = screen.current_id
        await _type(pilot, "Notes")
        app.store.delete("agenda_items", item_id)  # another member removes the item
        screen.refresh_data()
        await pilot.pause()
        assert screen.query_one("#minutes", MinutesArea).text == "Notes"
        assert any("still on screen" in n.message for n in app._notifications)
        assert service.item(item_id) is None
