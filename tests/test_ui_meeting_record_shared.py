"""Two members editing one meeting's record at once, each in their own app on the same file,
on every screen of the record that edits: chair mode's records (decisions, declarations),
the attendance sheet, the meeting's details form and the action log's corrections. Both
edits survive, each correction keeps its old and new value and its author, and each screen
shows the other's change after the file is read again."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from compact_tui.domain.corrections import corrections
from compact_tui.domain.meetings import MeetingsService
from compact_tui.store import open_store
from compact_tui.ui.meetings.chair import ChairScreen
from tests.keyboard import tab_to


async def _until(pilot, condition, tries: int = 200) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause()
    assert condition()


async def _type(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def _records_text(app) -> str:
    return "\n".join(str(s.render()) for s in app.screen.query("#item-records Static"))


async def test_two_members_correct_the_same_item(make_app, demo_path: Path) -> None:
    with open_store(demo_path, member="Setup") as store:
        service = MeetingsService(store)
        meeting = service.upcoming()[0]
        item = service.items(meeting.id)[0]
        service.start_meeting(meeting.id, datetime(2026, 11, 25, 14))
        decision = service.add_decision(meeting.id, item.id, "Note the terms of reference")
    alice = make_app(demo_path, section="meetings", member="Alice Adams")
    bob = make_app(demo_path, section="meetings", member="Bob Baker")
    async with alice.run_test(size=(120, 36)) as pilot_a, \
            bob.run_test(size=(120, 36)) as pilot_b:
        for app, pilot in ((alice, pilot_a), (bob, pilot_b)):
            await pilot.press("c")
            await _until(pilot, lambda app=app: isinstance(app.screen, ChairScreen))
        # Alice corrects the decision's wording from the list under the minutes
        await pilot_a.press("tab", "e")
        await _until(pilot_a, lambda: type(alice.screen).__name__ == "DecisionFormScreen")
        await _type(pilot_a, "Adopt the terms of reference")
        await pilot_a.press("enter")
        await _until(pilot_a, lambda: isinstance(alice.screen, ChairScreen))
        # Bob, not having seen it, records a declaration on the same item
        await pilot_b.press("f4")
        await _until(pilot_b, lambda: type(bob.screen).__name__ == "DeclarationFormScreen")
        await _type(pilot_b, "Lee Chan")
        await pilot_b.press("tab", "tab", "tab", "tab")
        await _type(pilot_b, "trustee")
        await pilot_b.press("enter")
        await _until(pilot_b, lambda: isinstance(bob.screen, ChairScreen))
        assert alice.store.save() and bob.store.save()
        alice.store.refresh()
        bob.store.refresh()
        for app, pilot in ((alice, pilot_a), (bob, pilot_b)):
            await _until(pilot, lambda app=app: "Lee Chan" in _records_text(app)
                         and "Adopt the terms" in _records_text(app))
            service = MeetingsService(app.store)
            assert service.decision(decision).text == "Adopt the terms of reference"
            assert [d.person for d in service.declarations(meeting.id)] == ["Lee Chan"]
            assert [(c.field, c.old, c.new, c.by) for c in corrections(
                app.store, record_id=decision)] == [
                ("text", "Note the terms of reference", "Adopt the terms of reference",
                 "Alice Adams")]
        assert alice.store.conflicts() == [] and bob.store.conflicts() == []


SIZE = (120, 36)


async def _exchange(alice, bob, pilot_a, pilot_b, back_on: str) -> None:
    """Once each is back on the ``back_on`` screen (its form stored and closed), both save to
    the shared file, then each reads the other's edits in."""
    for app, pilot in ((alice, pilot_a), (bob, pilot_b)):
        await _until(pilot, lambda app=app: type(app.screen).__name__ == back_on)
    assert alice.store.save() and bob.store.save()
    alice.store.refresh()
    bob.store.refresh()
    await pilot_a.pause()
    await pilot_b.pause()


def _two(make_app, demo_path: Path, section: str = "meetings"):
    return (make_app(demo_path, section=section, member="Alice Adams"),
            make_app(demo_path, section=section, member="Bob Baker"))


async def _in_chair(app, pilot) -> None:
    await _until(pilot, lambda: type(app.screen).__name__ == "MeetingsScreen")
    await pilot.press("c")
    await _until(pilot, lambda: isinstance(app.screen, ChairScreen))


async def _both_correct_first_record(alice, bob, pilot_a, pilot_b, form: str) -> None:
    """Each opens chair mode and presses e on the first record under the minutes."""
    for app, pilot in ((alice, pilot_a), (bob, pilot_b)):
        await _in_chair(app, pilot)
        await pilot.press("tab", "e")
        await _until(pilot, lambda app=app: type(app.screen).__name__ == form)


def _started_meeting(demo_path: Path) -> tuple[str, str]:
    """The upcoming demo meeting under way; returns its id and its first item's id."""
    with open_store(demo_path, member="Setup") as store:
        service = MeetingsService(store)
        meeting = service.upcoming()[0]
        service.start_meeting(meeting.id, datetime(2026, 11, 25, 14))
        return meeting.id, service.items(meeting.id)[0].id


async def test_two_members_correct_one_decision_in_different_fields(
        make_app, demo_path: Path) -> None:
    """Alice rewords a decision while Bob recounts its votes and names who took no part."""
    meeting_id, item_id = _started_meeting(demo_path)
    with open_store(demo_path, member="Setup") as store:
        service = MeetingsService(store)
        for name in ("Sam Patel", "Jo Morgan", "Lee Chan"):
            service.set_attendance(meeting_id, name=name, status="present")
        decision = service.add_decision(meeting_id, item_id, "Note the terms of reference",
                                        votes_for=3, votes_against=0, votes_abstain=0)
    alice, bob = _two(make_app, demo_path)
    async with alice.run_test(size=SIZE) as pilot_a, bob.run_test(size=SIZE) as pilot_b:
        await _both_correct_first_record(alice, bob, pilot_a, pilot_b, "DecisionFormScreen")
        await pilot_a.press("ctrl+u")
        await _type(pilot_a, "Adopt the terms of reference")
        await pilot_a.press("enter")
        await tab_to(pilot_b, "decision-for")
        await pilot_b.press("ctrl+u")
        await _type(pilot_b, "2")
        await tab_to(pilot_b, "decision-no-part")
        await _type(pilot_b, "Lee Chan")
        await pilot_b.press("enter")
        await _exchange(alice, bob, pilot_a, pilot_b, back_on="ChairScreen")
        for app, pilot in ((alice, pilot_a), (bob, pilot_b)):
            await _until(pilot, lambda app=app: "Adopt the terms of reference (for 2, against "
                         "0, abstain 0; took no part: Lee Chan)" in _records_text(app))
            found = MeetingsService(app.store).decision(decision)
            assert (found.text, found.votes_for, found.took_no_part) == (
                "Adopt the terms of reference", 2, ["Lee Chan"])
            assert sorted((c.field, c.old, c.new, c.by) for c in corrections(
                app.store, record_id=decision)) == [
                ("text", "Note the terms of reference", "Adopt the terms of reference",
                 "Alice Adams"),
                ("took_no_part", [], ["Lee Chan"], "Bob Baker"),
                ("votes_for", 3, 2, "Bob Baker")]
            assert app.store.conflicts() == []


async def test_two_members_correct_one_declaration_in_different_fields(
        make_app, demo_path: Path) -> None:
    """Alice corrects what the interest was while Bob records that the person left the room."""
    _meeting_id, item_id = _started_meeting(demo_path)
    with open_store(demo_path, member="Setup") as store:
        declaration = MeetingsService(store).declare_interest(
            item_id, "Lee Chan", "trustee", kind="Other registrable", action="stayed")
    alice, bob = _two(make_app, demo_path)
    async with alice.run_test(size=SIZE) as pilot_a, bob.run_test(size=SIZE) as pilot_b:
        await _both_correct_first_record(alice, bob, pilot_a, pilot_b, "DeclarationFormScreen")
        await tab_to(pilot_a, "declaration-interest")
        await pilot_a.press("ctrl+u")
        await _type(pilot_a, "trustee of Active Brentwood")
        await pilot_a.press("enter")
        await tab_to(pilot_b, "declaration-action")
        await pilot_b.press("enter")  # open the list of what they did
        await _type(pilot_b, "Left")
        await pilot_b.press("enter")
        await tab_to(pilot_b, "declaration-interest")
        await pilot_b.press("enter")
        await _exchange(alice, bob, pilot_a, pilot_b, back_on="ChairScreen")
        for app, pilot in ((alice, pilot_a), (bob, pilot_b)):
            await _until(pilot, lambda app=app: "Lee Chan: Other registrable; trustee of "
                         "Active Brentwood; Left the room" in _records_text(app))
            found = MeetingsService(app.store).declaration(declaration)
            assert (found.interest, found.action) == ("trustee of Active Brentwood",
                                                      "left_room")
            assert sorted((c.field, c.by) for c in corrections(
                app.store, record_id=declaration)) == [("action", "Bob Baker"),
                                                       ("interest", "Alice Adams")]
            assert app.store.conflicts() == []


def _sheet_text(app) -> str:
    table = app.screen.query_one("#attendance-table")
    return "\n".join(" | ".join(str(cell) for cell in table.get_row_at(row))
                     for row in range(table.row_count))


async def test_two_members_on_the_attendance_sheet_at_once(make_app, demo_path: Path) -> None:
    """Alice marks one organisation present while Bob marks the next as sending apologies;
    then both correct the same person's attendance, Alice the note, Bob who they deputise for."""
    meeting_id, _item_id = _started_meeting(demo_path)
    alice, bob = _two(make_app, demo_path)
    async with alice.run_test(size=SIZE) as pilot_a, bob.run_test(size=SIZE) as pilot_b:
        for app, pilot in ((alice, pilot_a), (bob, pilot_b)):
            await _in_chair(app, pilot)
            await pilot.press("f5")
            await _until(pilot, lambda app=app: app.screen._attendance_showing())
        first, second = list(alice.screen.sheet_rows.values())[:2]
        await pilot_a.press("p")  # the first row
        await pilot_b.press("down", "a")  # the second row
        await _exchange(alice, bob, pilot_a, pilot_b, back_on="ChairScreen")
        for app, pilot in ((alice, pilot_a), (bob, pilot_b)):
            marks = {(a.organisation_id, a.status)
                     for a in MeetingsService(app.store).attendance(meeting_id)}
            assert marks == {(first.organisation_id, "present"),
                             (second.organisation_id, "apologies")}
            await _until(pilot, lambda app=app: "Present" in _sheet_text(app)
                         and "Apologies" in _sheet_text(app))
        for app, pilot in ((alice, pilot_a), (bob, pilot_b)):
            app.screen.query_one("#attendance-table").move_cursor(row=0)
            await pilot.pause()
            await pilot.press("e")
            await _until(pilot, lambda app=app: type(app.screen).__name__
                         == "AttendeeFormScreen")
        await tab_to(pilot_a, "attendee-note")
        await _type(pilot_a, "left at 15:10")
        await pilot_a.press("enter")
        await tab_to(pilot_b, "attendee-deputy")
        await _type(pilot_b, "Jo Morgan")
        await pilot_b.press("enter")
        await _exchange(alice, bob, pilot_a, pilot_b, back_on="ChairScreen")
        for app in (alice, bob):
            [person] = [a for a in MeetingsService(app.store).attendance(meeting_id)
                        if a.organisation_id == first.organisation_id]
            assert (person.note, person.deputy_for, person.role) == (
                "left at 15:10", "Jo Morgan", "Deputy")
            assert sorted((c.field, c.by) for c in corrections(
                app.store, record_id=person.id)) == [
                ("deputy_for", "Bob Baker"), ("note", "Alice Adams"), ("role", "Bob Baker")]
            assert app.store.conflicts() == []


async def test_two_members_edit_the_meeting_details_at_once(make_app, demo_path: Path) -> None:
    """The meeting form (the agenda's details, e): Alice moves the venue while Bob names the
    minute taker; neither undoes the other."""
    from compact_tui.ui.meetings.agenda_editor import AgendaEditorScreen

    alice, bob = _two(make_app, demo_path)
    async with alice.run_test(size=SIZE) as pilot_a, bob.run_test(size=SIZE) as pilot_b:
        for app, pilot in ((alice, pilot_a), (bob, pilot_b)):
            await _until(pilot, lambda app=app: type(app.screen).__name__ == "MeetingsScreen")
            await pilot.press("enter")
            await _until(pilot, lambda app=app: isinstance(app.screen, AgendaEditorScreen))
            await pilot.press("e")
            await _until(pilot, lambda app=app: type(app.screen).__name__
                         == "TextPromptScreen")
        meeting_id = alice.screen_stack[-2].meeting_id
        await tab_to(pilot_a, "prompt-venue")
        await pilot_a.press("ctrl+u")
        await _type(pilot_a, "Council Chamber, Town Hall")
        await pilot_a.press("enter")
        await tab_to(pilot_b, "prompt-minute_taker")
        await pilot_b.press("ctrl+u")
        await _type(pilot_b, "Priya Shah")
        await pilot_b.press("enter")
        await _exchange(alice, bob, pilot_a, pilot_b, back_on="AgendaEditorScreen")
        for app, pilot in ((alice, pilot_a), (bob, pilot_b)):
            meeting = MeetingsService(app.store).meeting(meeting_id)
            assert (meeting.venue, meeting.minute_taker) == ("Council Chamber, Town Hall",
                                                             "Priya Shah")
            await pilot.press("e")  # the form opens on both changes
            await _until(pilot, lambda app=app: type(app.screen).__name__
                         == "TextPromptScreen")
            assert app.screen.query_one("#prompt-venue").value == "Council Chamber, Town Hall"
            assert app.screen.query_one("#prompt-minute_taker").value == "Priya Shah"
            assert app.store.conflicts() == []


async def test_two_members_correct_one_action_in_the_action_log(
        make_app, demo_path: Path) -> None:
    """The action log's form: Alice rewords an action (its minutes are not approved yet) while
    Bob gives it a new owner, due date and status; every change is kept with its author."""
    from compact_tui.domain.actions import ActionsService

    with open_store(demo_path, member="Setup") as store:
        held = next(m for m in MeetingsService(store).meetings() if m.status == "held")
        action = MeetingsService(store).actions_for(held.id)[0]
    alice, bob = _two(make_app, demo_path, section="actions")
    async with alice.run_test(size=SIZE) as pilot_a, bob.run_test(size=SIZE) as pilot_b:
        for app, pilot in ((alice, pilot_a), (bob, pilot_b)):
            await _until(pilot, lambda app=app: type(app.screen).__name__ == "ActionsScreen")
            table = app.screen.query_one("#actions-table")
            table.move_cursor(row=[r.key.value for r in table.ordered_rows].index(action.id))
            await pilot.pause()
            await pilot.press("e")
            await _until(pilot, lambda app=app: type(app.screen).__name__
                         == "ActionFormScreen")
        await tab_to(pilot_a, "action-description")
        await pilot_a.press("ctrl+u")
        await _type(pilot_a, "Take the 12-week request to the commissioning board")
        await pilot_a.press("enter")
        await tab_to(pilot_b, "action-owner")
        await pilot_b.press("enter")
        await _type(pilot_b, "Jo")
        await pilot_b.press("enter")
        await tab_to(pilot_b, "action-due")
        await pilot_b.press("ctrl+u")
        await _type(pilot_b, "31/01/2027")
        await tab_to(pilot_b, "action-status")
        await pilot_b.press("enter")
        await _type(pilot_b, "In progress")
        await pilot_b.press("enter")
        await tab_to(pilot_b, "action-due")
        await pilot_b.press("enter")
        await _exchange(alice, bob, pilot_a, pilot_b, back_on="ActionsScreen")
        for app in (alice, bob):
            found = ActionsService(app.store).action(action.id)
            assert (found.description, found.owner_name, found.due, found.status) == (
                "Take the 12-week request to the commissioning board", "Jo Morgan",
                "2027-01-31", "in_progress")
            authors = {c.field: c.by for c in corrections(app.store, record_id=action.id)}
            assert authors["description"] == "Alice Adams"
            assert {authors[f] for f in ("owner_name", "due", "status")} == {"Bob Baker"}
            assert app.store.conflicts() == []
