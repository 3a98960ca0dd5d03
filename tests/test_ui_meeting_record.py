"""The meeting record driven from the keyboard in chair mode and the action log: the people
typed, declarations, votes, corrections, approval and what the exported minutes say."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from compact_tui.domain.actions import ActionsService as ActionsServiceForTest
from compact_tui.domain.exports import minutes_markdown
from compact_tui.domain.meetings import MeetingsService
from compact_tui.domain.register import RegisterService
from compact_tui.ui.meetings.chair import ChairScreen
from tests.chair_clock import FakeClock
from tests.keyboard import tab_to

SIZE = (120, 36)
APOLOGIES_LINE = ("#apologies Dr Mark Ellis (Basildon and Brentwood CCG); "
                  "Cllr Helen Ward (Health and Wellbeing Board)")



async def _type(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


async def _open_chair(app, pilot) -> MeetingsService:
    await pilot.press("c")  # the upcoming meeting is the first row
    for _ in range(20):
        await pilot.pause()
        if isinstance(app.screen, ChairScreen):
            break
    assert isinstance(app.screen, ChairScreen)
    return MeetingsService(app.store, app.content)


async def _to_item_by_keys(pilot, screen, item_id: str) -> None:
    """F9 / F8 until the item is current, as the chair moves (F9 first starts the meeting)."""
    for _ in range(30):
        if screen.current_id == item_id:
            return
        ids = [i.id for i in screen.items]
        ahead = screen.current_id not in ids or ids.index(item_id) > ids.index(screen.current_id)
        await pilot.press("f9" if ahead else "f8")
        await pilot.pause()
    assert screen.current_id == item_id


def _corrections_shown(app) -> list[tuple[str, str, str]]:
    """(what, was, now) for each correction on the screen, newest first."""
    headings = [str(s.render()).rsplit(" · ", 1)[-1]
                for s in app.screen.query(".correction-heading")]
    pairs = [(str(block.query_one(".was").render()), str(block.query_one(".now").render()))
             for block in app.screen.query(".correction")]
    return [(what, was, now) for what, (was, now) in zip(headings, pairs, strict=True)]


def _organisation_id(store, name: str) -> str:
    return next(o.id for o in RegisterService(store).organisations() if o.name == name)


async def test_the_apologies_line_gives_exactly_the_two_people_typed(
        make_app, demo_path: Path, clock: FakeClock) -> None:
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        meeting_id = app.screen.meeting_id
        before = {a.id for a in service.attendance(meeting_id)}
        await _type(pilot, APOLOGIES_LINE)
        await pilot.press("enter")
        await pilot.pause()
        added = [a for a in service.attendance(meeting_id) if a.id not in before]
        assert {(a.status, a.name, a.organisation_id) for a in added} == {
            ("apologies", "Dr Mark Ellis", _organisation_id(
                app.store, "Basildon and Brentwood Clinical Commissioning Group")),
            ("apologies", "Cllr Helen Ward", _organisation_id(
                app.store, "Brentwood Health and Wellbeing Board"))}
        notices = [n.message for n in app._notifications]
        assert any("Apologies recorded: Dr Mark Ellis" in n for n in notices)
        exported = minutes_markdown(app.store, meeting_id, app.content)
        apologies = next(line for line in exported.splitlines()
                         if line.startswith("**Apologies:**"))
        assert "Dr Mark Ellis (Basildon and Brentwood Clinical Commissioning Group)" in apologies
        assert "Cllr Helen Ward (Brentwood Health and Wellbeing Board)" in apologies
        for invented in ("Tom Ellis", "Ama Owusu", "(Health;", "(Basildon;"):
            assert invented not in apologies


async def _until(pilot, condition, tries: int = 200) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause()
    assert condition()


def _sheet_row_index(app, label: str) -> int:
    return list(app.screen.sheet_rows).index(next(
        key for key, row in app.screen.sheet_rows.items() if row.label.strip() == label))


async def _to_sheet_row(app, pilot, label: str) -> None:
    table = app.screen.query_one("#attendance-table")
    table.move_cursor(row=_sheet_row_index(app, label))
    await pilot.pause()


async def test_people_with_roles_deputies_and_represented_by(
        make_app, demo_path: Path, clock: FakeClock) -> None:
    """Point 1: the sheet proposes register contacts; a deputy is taken in two keys and a
    number; apologies say who represented them; the Role column is filled."""
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        meeting_id = app.screen.meeting_id
        await pilot.press("f5")
        await _until(pilot, lambda: app.screen._attendance_showing())
        council = _organisation_id(app.store, "Brentwood Borough Council")
        await _to_sheet_row(app, pilot, "Brentwood Council for Voluntary Services")
        await pilot.press("p")  # the proposed contact, Sam Patel, who chairs
        await _to_sheet_row(app, pilot, "Brentwood Borough Council")
        await pilot.press("a")  # Jo Morgan, the lead contact, sent apologies
        await _to_sheet_row(app, pilot, "Brentwood Borough Council")
        await pilot.press("plus")  # someone else came: contact number 2
        await _until(pilot, lambda: type(app.screen).__name__ == "AttendeeFormScreen")
        await _type(pilot, "2")
        await pilot.press("tab", "tab", "tab")  # status (present), role, deputy for
        await _type(pilot, "Jo Morgan")
        await pilot.press("enter")
        await _until(pilot, lambda: isinstance(app.screen, ChairScreen))
        people = {(a.name, a.status, a.role, a.deputy_for, a.represented_by)
                  for a in service.attendance(meeting_id) if a.organisation_id == council}
        assert people == {("Jo Morgan", "apologies", "", "", "Priya Shah"),
                          ("Priya Shah", "present", "Deputy", "Jo Morgan", "")}
        text = minutes_markdown(app.store, meeting_id, app.content)
        assert "| Priya Shah | Brentwood Borough Council | Deputy for Jo Morgan |" in text
        assert ("| Sam Patel (Chair) | Brentwood Council for Voluntary Services | Chair |"
                in text)
        assert "Jo Morgan (Brentwood Borough Council), represented by Priya Shah" in text
        assert "Alex Hart (minutes)" in text  # the minute taker is listed


async def test_declaration_names_its_item_kind_and_what_they_did(
        make_app, demo_path: Path, clock: FakeClock) -> None:
    """Point 3: made at the Declarations item, about item 5, minuted under item 5 and listed
    at the Declarations item."""
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        screen = app.screen
        meeting_id = screen.meeting_id
        declarations_item = service.item_of_kind(meeting_id, "declarations")
        topic = service.items(meeting_id)[4]
        await _to_item_by_keys(pilot, screen, declarations_item.id)
        await pilot.press("f4")
        await _until(pilot, lambda: type(app.screen).__name__ == "DeclarationFormScreen")
        await _type(pilot, "Lee Chan")
        await pilot.press("enter")  # no item chosen yet: the form asks for it
        await pilot.pause()
        assert "Choose the agenda item" in str(app.screen.query_one(".form-error").render())
        await pilot.press("enter")  # open the item list
        await _type(pilot, "5")
        await pilot.press("enter", "tab", "enter")  # kind list
        await _type(pilot, "Other")
        await pilot.press("enter", "tab", "enter")  # what they did
        await _type(pilot, "Left")
        await pilot.press("enter", "tab")
        await _type(pilot, "director of Active Brentwood")
        await pilot.press("enter")
        await _until(pilot, lambda: isinstance(app.screen, ChairScreen))
        [found] = service.declarations(meeting_id)
        assert (found.person, found.item_id, found.made_at_item_id, found.kind, found.action,
                found.interest) == ("Lee Chan", topic.id, declarations_item.id,
                                    "Other registrable", "left_room",
                                    "director of Active Brentwood")
        text = minutes_markdown(app.store, meeting_id, app.content)
        under_topic = text[text.index(f"## {service.item_label(topic)}. {topic.title}"):]
        assert ("**Declaration:** Lee Chan, other registrable interest: director of Active "
                "Brentwood. Left the room.") in under_topic
        assert (f"| Lee Chan | Item 5: {topic.title} | Other registrable | director of Active "
                "Brentwood | Left the room |") in text


async def test_decisions_on_any_item_corrected_with_history_and_removed(
        make_app, demo_path: Path, clock: FakeClock) -> None:
    """Points 4 and 5: a decision on an information item, who took no part, the count capped
    by members present; corrected from the list under the minutes, h shows old and new side
    by side, Delete removes it (kept in the corrections)."""
    from compact_tui.domain.corrections import REMOVED, corrections

    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        screen = app.screen
        meeting_id = screen.meeting_id
        item = service.items(meeting_id)[0]
        assert item.purpose == "information"
        for name in ("Sam Patel", "Jo Morgan", "Lee Chan"):
            service.set_attendance(meeting_id, name=name, status="present")
        await pilot.press("f2")
        await _until(pilot, lambda: type(app.screen).__name__ == "DecisionFormScreen")
        await _type(pilot, "Note the terms of reference")
        await pilot.press("tab")
        await _type(pilot, "2")
        await pilot.press("tab", "tab")
        await _type(pilot, "0")
        await pilot.press("tab")
        await _type(pilot, "Lee Chan")
        await pilot.press("enter")
        await _until(pilot, lambda: isinstance(app.screen, ChairScreen))
        [decision] = service.decisions_for_item(item.id)
        assert (decision.votes_for, decision.votes_abstain, decision.took_no_part) == (
            2, 0, ["Lee Chan"])
        await pilot.press("tab")  # from the minutes to the records under them
        await _until(pilot, lambda: app.screen.focused is screen.query_one("#item-records"))
        await pilot.press("e")
        await _until(pilot, lambda: type(app.screen).__name__ == "DecisionFormScreen")
        await pilot.press("ctrl+u")
        await _type(pilot, "Adopt the terms of reference")
        await pilot.press("tab")
        await pilot.press("ctrl+u")
        await _type(pilot, "5")
        await pilot.press("enter")
        await pilot.pause()
        assert "5 votes were counted but 3 voting members" in str(
            app.screen.query_one(".form-error").render())
        await _type(pilot, "Two members joined by video")
        await pilot.press("enter")
        await _until(pilot, lambda: isinstance(app.screen, ChairScreen))
        corrected = service.decision(decision.id)
        assert (corrected.text, corrected.votes_for, corrected.count_reason) == (
            "Adopt the terms of reference", 5, "Two members joined by video")
        changes = {c.field: (c.old, c.new)
                   for c in corrections(app.store, table="decisions", record_id=decision.id)}
        assert changes["text"] == ("Note the terms of reference",
                                   "Adopt the terms of reference")
        assert changes["votes_for"] == (2, 5)
        await pilot.press("h")
        await _until(pilot, lambda: type(app.screen).__name__ == "CorrectionsScreen")
        shown = _corrections_shown(app)
        assert ("Wording", "Was: Note the terms of reference",
                "Now: Adopt the terms of reference") in shown
        await pilot.press("escape")
        await _until(pilot, lambda: isinstance(app.screen, ChairScreen))
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await _until(pilot, lambda: service.decision(decision.id) is None)
        assert any(c.field == REMOVED for c in corrections(app.store, record_id=decision.id))


async def test_guard_rails_ask_plain_questions(make_app, demo_path: Path,
                                               clock: FakeClock) -> None:
    """Point 7: a meeting dated another day asks before its clocks start; Esc leaves chair
    mode with the meeting still running and says so."""
    from compact_tui.ui.shell.confirm import ConfirmScreen

    clock.advance(days=1)  # the meeting is dated yesterday
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        meeting_id = app.screen.meeting_id
        await pilot.press("f9")
        await _until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "not today" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("escape")
        await _until(pilot, lambda: isinstance(app.screen, ChairScreen))
        assert not service.meeting(meeting_id).started_at
        await pilot.press("f9")
        await _until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await _until(pilot, lambda: bool(service.meeting(meeting_id).started_at))
        await pilot.press("escape")
        await _until(pilot, lambda: not isinstance(app.screen, ChairScreen))
        assert not service.meeting(meeting_id).ended_at
        assert any("still running" in n.message for n in app._notifications)


async def test_ending_a_meeting_of_a_series_carries_items_forward(
        make_app, demo_path: Path, clock: FakeClock) -> None:
    """Point 9: ending offers the next meeting of the series; the deferred item and the
    items not reached go to it marked as deferred from this meeting, standing items once."""
    from compact_tui.ui.shell.confirm import ConfirmScreen

    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        screen = app.screen
        meeting_id = screen.meeting_id
        service.update_meeting(meeting_id, series="first Thursday every other month, 14:00")
        await pilot.press("f9")  # start
        await pilot.pause()
        topic = service.items(meeting_id)[4]
        await _to_item_by_keys(pilot, screen, topic.id)
        await pilot.press("ctrl+f")  # defer the topic
        await _until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await _until(pilot, lambda: service.item(topic.id).deferred)
        await pilot.press("f12")
        await _until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await _until(pilot, lambda: isinstance(app.screen, ConfirmScreen)
                     and "Create the next meeting" in str(
                         app.screen.query_one("#confirm-question").render()))
        await pilot.press("y")
        await _until(pilot, lambda: service.following_meeting(meeting_id) is not None)
        following = service.following_meeting(meeting_id)
        assert (following.date, following.series) == (
            "2027-02-04", "first Thursday every other month, 14:00")
        titles = [i.title for i in service.items(following.id)]
        assert titles.count("Declarations of interest") == 1  # no doubled standing item
        carried = [i for i in service.items(following.id) if i.deferred_from]
        assert topic.title in [i.title for i in carried]
        assert all(i.deferred_from_date == service.meeting(meeting_id).date for i in carried)
        text = minutes_markdown(app.store, following.id, app.content)
        assert "*Deferred from 3 December 2026.*" in text


async def test_new_meeting_of_a_series_from_the_form(make_app, demo_path: Path) -> None:
    """Point 9: the meeting form takes the series rule, and refuses one it cannot read."""
    from compact_tui.ui.meetings.meeting_form import MeetingFormScreen

    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await _until(pilot, lambda: isinstance(app.screen, MeetingFormScreen))
        names = [t.name for t in app.screen.templates]
        await pilot.press(*["down"] * names.index("Steering Group meeting"), "enter")
        await _type(pilot, "4/2/2027")
        await pilot.press("tab", "tab")
        await _type(pilot, "Town Hall")
        await pilot.press("tab", "tab", "tab", "tab")
        await _type(pilot, "every so often")
        await pilot.press("enter")
        await pilot.pause()
        assert "second Thursday every other month" in str(
            app.screen.query_one(".form-error").render())
        await pilot.press("ctrl+u")
        await _type(pilot, "first Thursday every other month, 14:00")
        await pilot.press("enter")
        await _until(pilot, lambda: not isinstance(app.screen, MeetingFormScreen))
        created = MeetingsService(app.store).meetings_on(date(2027, 2, 4))
        assert [m.series for m in created] == ["first Thursday every other month, 14:00"]


async def test_approved_by_keys_then_action_log_corrections_leave_the_minutes_alone(
        make_app, demo_path: Path, clock: FakeClock) -> None:
    """Points 5 and 6: approval from chair mode fixes the minutes; the action log corrects an
    action's due date and status (old and new side by side) but not its minuted wording, and
    the approved minutes export the same bytes."""
    from compact_tui.domain.corrections import corrections

    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        screen = app.screen
        previous = service.previous_meeting(screen.meeting_id)
        await _to_item_by_keys(pilot, screen,
                               service.item_of_kind(screen.meeting_id, "previous_minutes").id)
        await pilot.press("ctrl+g")
        await _until(pilot, lambda: type(app.screen).__name__ == "TextPromptScreen")
        await _type(pilot, "Quorum reached by email")
        await pilot.press("enter")
        await _until(pilot, lambda: service.meeting(previous.id).minutes_locked)
        before = minutes_markdown(app.store, previous.id, app.content)
        await pilot.press("escape")
        await _until(pilot, lambda: not isinstance(app.screen, ChairScreen))
        await pilot.press("3")
        await _until(pilot, lambda: type(app.screen).__name__ == "ActionsScreen")
        action = service.actions_for(previous.id)[0]
        table = app.screen.query_one("#actions-table")
        keys = [row.key.value for row in table.ordered_rows]
        table.move_cursor(row=keys.index(action.id))
        await pilot.pause()
        await pilot.press("e")
        await _until(pilot, lambda: type(app.screen).__name__ == "ActionFormScreen")
        await pilot.press("end")  # the wording is selected on opening: keep it, add a word
        await _type(pilot, " now")
        await pilot.press("enter")
        await pilot.pause()
        assert "worded as in approved minutes" in str(
            app.screen.query_one(".form-error").render())
        await pilot.press(*["backspace"] * 4)
        for _ in range(6):  # Tab on to the due date
            if getattr(app.screen.focused, "id", "") == "action-due":
                break
            await pilot.press("tab")
        assert app.screen.focused.id == "action-due"
        await pilot.press("ctrl+u")
        await _type(pilot, "30/06/2027")
        await pilot.press("enter")
        await _until(pilot, lambda: type(app.screen).__name__ == "ActionsScreen")
        corrected = ActionsServiceForTest(app.store).action(action.id)
        assert (corrected.description, corrected.due) == (action.description, "2027-06-30")
        assert [(c.field, c.old, c.new) for c in corrections(
            app.store, table="actions", record_id=action.id)] == [
            ("due", action.due, "2027-06-30")]
        await pilot.press("h")
        await _until(pilot, lambda: type(app.screen).__name__ == "CorrectionsScreen")
        assert _corrections_shown(app) == [("Due", f"Was: {action.due}", "Now: 2027-06-30")]
        assert minutes_markdown(app.store, previous.id, app.content) == before


async def test_a_vote_on_any_item_is_capped_by_members_present_and_correctable(
        make_app, demo_path: Path, clock: FakeClock) -> None:
    """Point 4 by keys: F11 records a vote on the current item (an information item); more
    votes than voting members present are refused until the chair says why (minuted); who took
    no part is kept; e recounts (old and new kept, h shows them), Delete takes it off."""
    from compact_tui.domain.corrections import corrections

    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        screen = app.screen
        meeting_id = screen.meeting_id
        item = service.items(meeting_id)[0]
        assert item.purpose == "information"
        await pilot.press("f5")
        await _until(pilot, lambda: screen._attendance_showing())
        await pilot.press("p", "p", "p")  # three organisations' contacts are present
        await _until(pilot, lambda: service.voting_members_present(meeting_id) == 3)
        await pilot.press("f5")
        await _until(pilot, lambda: not screen._attendance_showing())
        await pilot.press("f11")
        await _until(pilot, lambda: type(app.screen).__name__ == "DecisionFormScreen")
        assert not app.screen.query("#decision-text")  # a vote has no wording of its own
        await _type(pilot, "3")
        await pilot.press("tab")
        await _type(pilot, "1")
        await pilot.press("tab")
        await _type(pilot, "0")
        await pilot.press("tab")
        await _type(pilot, "Lee Chan")
        await pilot.press("enter")
        await pilot.pause()
        assert "4 votes were counted but 3 voting members" in str(
            app.screen.query_one(".form-error").render())
        assert not service.item(item.id).has_votes  # nothing stored from a refused count
        assert app.screen.focused.id == "decision-reason"
        await _type(pilot, "Cllr Ward arrived after attendance was taken")
        await pilot.press("enter")
        await _until(pilot, lambda: isinstance(app.screen, ChairScreen))
        voted = service.item(item.id)
        assert (voted.votes_for, voted.votes_against, voted.votes_abstain, voted.took_no_part,
                voted.count_reason) == (3, 1, 0, ["Lee Chan"],
                                        "Cllr Ward arrived after attendance was taken")
        text = minutes_markdown(app.store, meeting_id, app.content)
        assert ("**Vote:** For 3, against 1, abstained 0; took no part: Lee Chan; count "
                "confirmed by the Chair: Cllr Ward arrived after attendance was taken.") in text
        await pilot.press("tab")  # to the records under the minutes: the vote is there
        await _until(pilot, lambda: app.screen.focused is screen.query_one("#item-records"))
        assert screen.selected_record() == ("votes", item.id)
        await pilot.press("e")
        await _until(pilot, lambda: type(app.screen).__name__ == "DecisionFormScreen")
        assert app.screen.query_one("#decision-for").value == "3"
        await pilot.press("ctrl+u")
        await _type(pilot, "2")
        for _ in range(4):  # Tab on to the reason, which a smaller count no longer needs
            await pilot.press("tab")
        assert app.screen.focused.id == "decision-reason"
        await pilot.press("ctrl+u", "enter")
        await _until(pilot, lambda: isinstance(app.screen, ChairScreen))
        recounted = service.item(item.id)
        assert (recounted.votes_for, recounted.count_reason) == (2, "")
        changes = {c.field: (c.old, c.new)
                   for c in corrections(app.store, table="agenda_items", record_id=item.id)}
        assert changes == {"votes_for": (3, 2), "count_reason": (
            "Cllr Ward arrived after attendance was taken", "")}
        await pilot.press("h")
        await _until(pilot, lambda: type(app.screen).__name__ == "CorrectionsScreen")
        assert ("Votes for", "Was: 3", "Now: 2") in _corrections_shown(app)
        await pilot.press("escape")
        await _until(pilot, lambda: isinstance(app.screen, ChairScreen))
        await pilot.press("ctrl+j")  # the other key for a vote opens the recount too
        await _until(pilot, lambda: type(app.screen).__name__ == "DecisionFormScreen")
        assert app.screen.query_one("#decision-for").value == "2"
        await pilot.press("escape")  # back on the records list, where ctrl+j was pressed
        await _until(pilot, lambda: app.screen.focused is screen.query_one("#item-records"))
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await _until(pilot, lambda: not service.item(item.id).has_votes)
        assert "**Vote:**" not in minutes_markdown(app.store, meeting_id, app.content)


async def test_disputes_update_minutes_hold_only_what_the_minute_taker_writes(
        make_app, demo_path: Path, clock: FakeClock) -> None:
    """Point 8: at the "Disputes update" item the open disputes show under the minutes box as
    the agenda paper has them, marked as not minuted; the exported minutes of the item are the
    minute taker's words and nothing else."""
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        screen = app.screen
        meeting_id = screen.meeting_id
        disputes = service.item_of_kind(meeting_id, "disputes_update")
        await pilot.press("f9")  # start, at the first item
        await _until(pilot, lambda: bool(service.meeting(meeting_id).started_at))
        while screen.current_id != disputes.id:
            await pilot.press("f9")
            await pilot.pause()
        listed = "\n".join(text for _key, text in screen.shown_records)
        assert "On the agenda paper (not minuted): A confidential dispute was discussed." \
            in listed
        await _type(pilot, "One open dispute at the discussion stage.")
        await pilot.press("f9")  # on to the next item: the words are stored
        await _until(pilot, lambda: service.minutes_of(disputes.id) != "")
        text = minutes_markdown(app.store, meeting_id, app.content)
        section = text[text.index("## 4. Disputes update"):text.index("## 5.")]
        assert section == ("## 4. Disputes update\n\n"
                           "One open dispute at the discussion stage.\n\n")


async def test_quick_entry_names_are_kept_as_typed_unless_one_register_entry_fits(
        make_app, demo_path: Path, clock: FakeClock) -> None:
    """Point 2 by keys: #present splits on ; only (a comma and "and" stay inside a name or an
    organisation), a bracket is the organisation, a name is linked to the register only when
    one entry fits, and the notice says which were kept as typed; @owner likewise."""
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        meeting_id = app.screen.meeting_id
        before = {a.id for a in service.attendance(meeting_id)}
        await _type(pilot, "#present Lee Chan; Priya Shah (Brentwood); "
                           "Pat Green, Treasurer (Friends and Neighbours)")
        await pilot.press("enter")
        await _until(pilot, lambda: len(service.attendance(meeting_id)) == len(before) + 3)
        added = {(a.status, a.name, a.organisation_id, a.organisation)
                 for a in service.attendance(meeting_id) if a.id not in before}
        assert added == {
            ("present", "Lee Chan", _organisation_id(app.store, "Active Brentwood"), ""),
            ("present", "Priya Shah", "", "Brentwood"),
            ("present", "Pat Green, Treasurer", "", "Friends and Neighbours")}
        notice = next(n.message for n in app._notifications
                      if n.message.startswith("Present recorded:"))
        assert ('Priya Shah (Brentwood) — "Brentwood" is not one organisation in the register'
                in notice)
        assert ('Pat Green, Treasurer (Friends and Neighbours) — "Friends and Neighbours" is '
                "not one organisation in the register; kept as typed.") in notice
        await _type(pilot, "#action @Brentwood: book the room")
        await pilot.press("enter")
        await _until(pilot, lambda: len(service.actions_for(meeting_id)) == 1)
        [action] = service.actions_for(meeting_id)
        assert (action.description, action.owner_name, action.owner_organisation_id) == (
            "Book the room", "Brentwood", "")
        assert any(n.message.startswith(f'Action {action.ref} recorded for Brentwood (check: '
                                        '"Brentwood" is not in the register; kept as typed')
                   for n in app._notifications)


async def _select_record(pilot, screen, key: tuple[str, str]) -> None:
    """Down the list under the minutes (bounded) until the record is highlighted."""
    await pilot.press("tab")
    await _until(pilot, lambda: pilot.app.screen.focused is screen.query_one("#item-records"))
    await pilot.press("home")
    for _ in range(12):
        if screen.selected_record() == key:
            return
        await pilot.press("down")
    assert screen.selected_record() == key


async def test_actions_declarations_and_guests_corrected_and_removed_in_chair_mode(
        make_app, demo_path: Path, clock: FakeClock) -> None:
    """Point 5 by keys in chair mode: an action's wording, owner, due date and status are
    corrected and then it is removed; a declaration is removed; a guest is added, corrected
    and removed. Each keeps its old values (h shows them side by side)."""
    from compact_tui.domain.corrections import REMOVED, corrections

    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        screen = app.screen
        meeting_id = screen.meeting_id
        await pilot.press("f3")
        await _until(pilot, lambda: type(app.screen).__name__ == "ActionFormScreen")
        await _type(pilot, "Book the room")
        await pilot.press("tab", "enter")
        await _type(pilot, "Jo")
        await pilot.press("enter", "tab")
        await _type(pilot, "17/12/2026")
        await pilot.press("enter")
        await _until(pilot, lambda: len(service.actions_for(meeting_id)) == 1)
        [action] = service.actions_for(meeting_id)
        await _select_record(pilot, screen, ("actions", action.id))
        await pilot.press("e")
        await _until(pilot, lambda: type(app.screen).__name__ == "ActionFormScreen")
        await pilot.press("ctrl+u")
        await _type(pilot, "Book the Council Chamber")
        await pilot.press("tab", "enter")
        await _type(pilot, "Sam")
        await pilot.press("enter", "tab", "ctrl+u")
        await _type(pilot, "21/12/2026")
        await pilot.press("tab", "enter")
        await _type(pilot, "In progress")
        await pilot.press("enter", "shift+tab", "enter")
        await _until(pilot, lambda: isinstance(app.screen, ChairScreen))
        changed = {c.field: (c.old, c.new)
                   for c in corrections(app.store, table="actions", record_id=action.id)}
        assert changed["description"] == ("Book the room", "Book the Council Chamber")
        assert changed["owner_name"] == ("Jo Morgan", "Sam Patel")
        assert changed["due"] == ("2026-12-17", "2026-12-21")
        assert changed["status"] == ("open", "in_progress")
        await pilot.press("h")
        await _until(pilot, lambda: type(app.screen).__name__ == "CorrectionsScreen")
        shown = _corrections_shown(app)
        assert ("Wording", "Was: Book the room", "Now: Book the Council Chamber") in shown
        assert ("Owner", "Was: Jo Morgan", "Now: Sam Patel") in shown
        await pilot.press("escape")
        await _until(pilot, lambda: isinstance(app.screen, ChairScreen))
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await _until(pilot, lambda: service.actions_for(meeting_id) == [])
        assert any(c.field == REMOVED and c.old == "Action 2026-12/1: Book the Council Chamber"
                   for c in corrections(app.store, record_id=action.id))

        await pilot.press("shift+tab")  # back to the minutes box
        await pilot.press("f4")
        await _until(pilot, lambda: type(app.screen).__name__ == "DeclarationFormScreen")
        await _type(pilot, "Lee Chan")
        await pilot.press("tab", "tab", "tab", "tab")
        await _type(pilot, "trustee")
        await pilot.press("enter")
        await _until(pilot, lambda: len(service.declarations(meeting_id)) == 1)
        [declaration] = service.declarations(meeting_id)
        await _select_record(pilot, screen, ("declarations", declaration.id))
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await _until(pilot, lambda: service.declarations(meeting_id) == [])
        assert any(c.field == REMOVED for c in corrections(app.store,
                                                           record_id=declaration.id))

        await pilot.press("f5")
        await _until(pilot, lambda: screen._attendance_showing())
        await pilot.press("n")
        await _until(pilot, lambda: type(app.screen).__name__ == "TextPromptScreen")
        await _type(pilot, "Rita Gomez")
        await pilot.press("tab")
        await _type(pilot, "Essex County Council")
        await pilot.press("tab")
        await _type(pilot, "for item 5")
        await pilot.press("enter")
        await _until(pilot, lambda: any(a.name == "Rita Gomez"
                                        for a in service.attendance(meeting_id)))
        [guest] = [a for a in service.attendance(meeting_id) if a.name == "Rita Gomez"]
        assert (guest.status, guest.organisation, guest.role) == (
            "in_attendance", "Essex County Council", "for item 5")
        table = screen.query_one("#attendance-table")
        await _until(pilot, lambda: any(r.attendee_id == guest.id
                                        for r in screen.sheet_rows.values()))
        for _ in range(table.row_count):  # down the sheet to the guest's line
            if screen.selected_record() == ("attendance", guest.id):
                break
            await pilot.press("down")
        assert screen.selected_record() == ("attendance", guest.id)
        await pilot.press("e")
        await _until(pilot, lambda: type(app.screen).__name__ == "AttendeeFormScreen")
        await tab_to(pilot, "attendee-note")
        await _type(pilot, "left at 15:10")
        await pilot.press("enter")
        await _until(pilot, lambda: service.attendee(guest.id).note == "left at 15:10")
        await pilot.press("h")
        await _until(pilot, lambda: type(app.screen).__name__ == "CorrectionsScreen")
        assert ("Note", "Was: (empty)", "Now: left at 15:10") in _corrections_shown(app)
        await pilot.press("escape")
        await _until(pilot, lambda: isinstance(app.screen, ChairScreen))
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await _until(pilot, lambda: service.attendee(guest.id) is None)
        assert any(c.field == REMOVED for c in corrections(app.store, record_id=guest.id))


async def _export_minutes_by_keys(app, pilot, meeting_id: str, target: Path) -> str:
    """x on the meeting's row of the meetings list, the file named, Enter; the file's text."""
    from textual import events

    table = app.screen.query_one("#meetings-table")
    table.move_cursor(row=[r.key.value for r in table.ordered_rows].index(meeting_id))
    await pilot.pause()
    await pilot.press("x")
    await _until(pilot, lambda: type(app.screen).__name__ == "ExportDialog")
    await pilot.press("ctrl+u")
    app.screen.focused.post_message(events.Paste(str(target)))
    await pilot.pause()
    await pilot.press("enter")
    await _until(pilot, lambda: type(app.screen).__name__ == "MeetingsScreen")
    return target.read_text(encoding="utf-8")


def _actions_rows(text: str) -> list[list[str]]:
    table = text[text.index("## Actions"):]
    return [[cell.strip() for cell in line.strip("|").split("|")]
            for line in table.splitlines()[4:] if line.startswith("| ")]


async def test_a_meeting_chaired_by_keys_exports_minutes_a_clerk_would_circulate(
        make_app, demo_path: Path, clock: FakeClock, tmp_path: Path) -> None:
    """Point 8 and the demo store read as minutes: the meeting is chaired from the keyboard
    (attendance, minutes, two actions for one owner, the last minutes approved, the meeting
    ended), then both sets of minutes are exported from the meetings list. The approved ones
    carry the approval line and the signature block; every present row has its role; every
    action row names its owner and status; the closing time is there; nothing is written that
    the minute taker did not write."""
    from compact_tui.ui.shell.confirm import ConfirmScreen

    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        screen = app.screen
        meeting_id = screen.meeting_id
        previous = service.previous_meeting(meeting_id)
        rule = app.settings.quorum
        await pilot.press("f5")
        await _until(pilot, lambda: screen._attendance_showing())
        for _ in range(len(screen.sheet_rows)):
            if service.quorum(meeting_id, rule).met:
                break
            await pilot.press("p")
            await pilot.pause()
        assert service.quorum(meeting_id, rule).met
        await pilot.press("f5")
        await _until(pilot, lambda: not screen._attendance_showing())
        items = service.items(meeting_id)
        await pilot.press("f9")  # start at the first item
        await _until(pilot, lambda: bool(service.meeting(meeting_id).started_at))
        await _type(pilot, "The Chair welcomed members.")
        await _to_item_by_keys(pilot, screen, items[2].id)  # the last meeting's minutes
        await pilot.press("ctrl+g")
        await _until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await _until(pilot, lambda: service.meeting(previous.id).minutes_locked)
        await _type(pilot, "Members noted the actions.")
        topic = items[4]
        await _to_item_by_keys(pilot, screen, topic.id)
        await _type(pilot, "Jo Morgan introduced the plan for the annual Compact meeting.")
        for words in ("Book the room", "Invite the speakers"):
            await pilot.press("f3")
            await _until(pilot, lambda: type(app.screen).__name__ == "ActionFormScreen")
            await _type(pilot, words)
            await pilot.press("tab", "enter")
            await _type(pilot, "Jo")
            await pilot.press("enter", "tab")
            await _type(pilot, "21/01/2027")
            await pilot.press("enter")
            await _until(pilot, lambda: isinstance(app.screen, ChairScreen))
        assert len(service.actions_for(meeting_id)) == 2
        clock.advance(minutes=80)
        await pilot.press("f12")
        await _until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await _until(pilot, lambda: service.meeting(meeting_id).status == "held")
        await _until(pilot, lambda: isinstance(app.screen, ConfirmScreen))  # the next one?
        await pilot.press("escape")
        await _until(pilot, lambda: isinstance(app.screen, ChairScreen))
        await pilot.press("escape")
        await _until(pilot, lambda: type(app.screen).__name__ == "MeetingsScreen")
        approved = await _export_minutes_by_keys(app, pilot, previous.id,
                                                 tmp_path / "approved.md")
        draft = await _export_minutes_by_keys(app, pilot, meeting_id, tmp_path / "draft.md")

    assert "DRAFT" not in approved
    assert ("**Approved** as a true record at the meeting held on 3 December 2026."
            in approved)
    assert approved.rstrip().endswith("Signed (Chair): ______________________________  \n"
                                      "Date: ______________________________")
    assert draft.startswith("# Brentwood Compact Steering Group\n\n**Minutes of the meeting "
                            "held on Thursday 3 December 2026, 14:00–15:20**")
    assert "**DRAFT — subject to approval at the next meeting**" in draft
    assert "Signed (Chair)" not in draft
    assert "**Meeting closed:** 15:20" in draft
    assert "Alex Hart (minutes)" in draft
    assert ("## 3. Minutes of the last meeting and matters arising\n\nThe minutes of the "
            "meeting held on 8 October 2026 were **approved** as a true record.") in draft
    for text in (approved, draft):
        present = text[text.index("## Present"):text.index("**In attendance:**")]
        rows = [line for line in present.splitlines() if line.startswith("| ")][2:]
        assert rows and all(line.rstrip(" |").rsplit("|", 1)[-1].strip() for line in rows)
        actions = _actions_rows(text)
        assert actions and all(row[2] and row[4] for row in actions)  # owner and status
        section = text[text.index("Disputes update"):]
        section = section[:section.index("\n## ")]
        assert "confidential" not in section.lower() and "No open disputes" not in section
    mine = [row for row in _actions_rows(draft) if row[1] in ("Book the room",
                                                              "Invite the speakers")]
    assert [(row[2], row[3], row[4]) for row in mine] == [
        ("Jo Morgan (Brentwood Borough Council)", "21 Jan 2027", "Open")] * 2


async def test_approving_minutes_of_a_meeting_never_held_asks_and_minutes_the_reason(
        make_app, demo_path: Path, clock: FakeClock) -> None:
    """Point 7 by keys: ctrl+g on the minutes of a meeting that was never recorded as held
    asks a plain question; Escape leaves them unapproved; a reason approves them and is
    minuted with the approval."""
    from compact_tui.store import open_store

    with open_store(demo_path, member="Setup") as store:
        service = MeetingsService(store)
        previous = service.previous_meeting(service.upcoming()[0].id)
        store.update("meetings", previous.id, {"status": "agenda_issued", "started_at": "",
                                               "ended_at": ""})
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        screen = app.screen
        await _to_item_by_keys(pilot, screen,
                               service.item_of_kind(screen.meeting_id, "previous_minutes").id)
        for answer in ("escape", "reason"):
            await pilot.press("ctrl+g")
            await _until(pilot, lambda: type(app.screen).__name__ == "TextPromptScreen")
            note = " ".join(str(s.render()) for s in app.screen.query(".form-hint"))
            assert "The meeting of 8 October 2026 was never recorded as held" in note
            if answer == "escape":
                await pilot.press("escape")
                await _until(pilot, lambda: isinstance(app.screen, ChairScreen))
                assert not service.meeting(previous.id).minutes_locked
        await _type(pilot, "Held; the clerk recorded it on paper")
        await pilot.press("enter")
        await _until(pilot, lambda: service.meeting(previous.id).minutes_locked)
        assert service.meeting(previous.id).approval_reason == (
            "Held; the clerk recorded it on paper")
        text = minutes_markdown(app.store, previous.id, app.content)
        assert "**Reason recorded at approval:** Held; the clerk recorded it on paper" in text
