"""The meetings and action-log domain: agenda, chair mode, minutes, attendance, log."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from compact_tui.config import QuorumRule
from compact_tui.content.agenda_templates import load_templates_reporting
from compact_tui.domain.actions import ActionFilter, ActionInputError, ActionsService
from compact_tui.domain.meetings import (
    ApprovalNeedsReason,
    MeetingInputError,
    MeetingNotFound,
    MeetingsService,
    MinutesLockedError,
    VoteCountError,
    validate_meeting_fields,
)
from compact_tui.domain.meetings.matters_arising import matters_arising, matters_arising_lines
from compact_tui.domain.register import Champion, Organisation, RegisterService
from compact_tui.locations import default_agendas_folder
from compact_tui.store import open_store

ON = date(2026, 12, 3)


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "compact.json", member="Alex Hart") as opened:
        yield opened


@pytest.fixture
def template():
    templates, errors = load_templates_reporting(default_agendas_folder())
    assert not errors
    return next(t for t in templates if t.key == "steering-group")


@pytest.fixture
def orgs(store) -> dict[str, str]:
    register = RegisterService(store)
    ids = {}
    for name, sector in [("Brentwood Borough Council", "council"),
                         ("Brentwood Council for Voluntary Services", "infrastructure"),
                         ("Essex County Council", "council"),
                         ("Active Brentwood", "charity")]:
        ids[name] = register.add_organisation(Organisation(name=name, sector=sector))
    register.add_champion(Champion(organisation_id=ids["Brentwood Borough Council"],
                                   name="Jo Morgan"))
    register.add_champion(Champion(organisation_id=ids["Essex County Council"],
                                   name="Rita Gomez"))
    return ids


@pytest.fixture
def meetings(store) -> MeetingsService:
    return MeetingsService(store)


def make(meetings: MeetingsService, template, on: date = ON) -> str:
    return meetings.create_from_template(template, on, time(14, 0), venue="Town Hall",
                                         chair="Sam Patel", minute_taker="Alex Hart")


def test_create_from_template_copies_items_in_order(meetings, template):
    meeting_id = make(meetings, template)
    meeting = meetings.meeting(meeting_id)
    assert meeting.date == "2026-12-03" and meeting.start_time == "14:00"
    assert meeting.status == "draft" and meeting.template == "steering-group"
    assert meeting.title == "Brentwood Compact Steering Group"
    items = meetings.items(meeting_id)
    assert [i.title for i in items] == [t.title for t in template.items]
    assert [i.position for i in items] == list(range(1, len(template.items) + 1))
    assert items[0].kind == "apologies" and items[0].presenter == "Chair"
    assert meetings.planned_end(meeting_id) == time(15, 30)


def test_lists_upcoming_past_previous_next(meetings, template):
    old = make(meetings, template, date(2026, 10, 8))
    new = make(meetings, template, ON)
    assert [m.id for m in meetings.meetings()] == [new, old]
    assert [m.id for m in meetings.upcoming()] == [new]
    assert [m.id for m in meetings.past()] == [old]
    assert meetings.next_meeting().id == new
    assert meetings.previous_meeting(new).id == old
    assert meetings.previous_meeting(old) is None


@pytest.mark.parametrize(("fields", "message"), [
    ({"date": "31/02/2026"}, "not a real date"),
    ({"date": "next tuesday"}, "03/12/2026"),
    ({"start_time": "25:00"}, "24-hour"),
    ({"title": "  "}, "title"),
    ({"start_time": "15:00", "end_time": "14:00"}, "after the start"),
])
def test_bad_meeting_fields_are_refused_with_a_message(fields, message):
    with pytest.raises(MeetingInputError, match=message):
        validate_meeting_fields(**fields)


def test_update_meeting_accepts_uk_dates(meetings, template):
    meeting_id = make(meetings, template)
    meetings.update_meeting(meeting_id, date="4/2/27", start_time="1400", venue="Online")
    meeting = meetings.meeting(meeting_id)
    assert (meeting.date, meeting.start_time, meeting.venue) == ("2027-02-04", "14:00", "Online")


def test_items_add_move_remove_and_planned_end(meetings, template):
    meeting_id = make(meetings, template)
    item_id = meetings.add_item(meeting_id, "Consultation", presenter="Rita Gomez",
                                planned_minutes=20, purpose="decision",
                                papers="https://example.org/a.pdf\nreport.docx")
    items = meetings.items(meeting_id)
    added = meetings.item(item_id)
    # added before "Any other business"
    assert items[added.position].kind == "aob"
    assert added.papers == ["https://example.org/a.pdf", "report.docx"]
    assert meetings.planned_end(meeting_id) == time(15, 50)
    assert meetings.move_item(item_id, -1)
    assert meetings.item(item_id).position == added.position - 1
    assert not meetings.move_item(meetings.items(meeting_id)[0].id, -1)
    meetings.update_item(item_id, planned_minutes="5")
    assert meetings.planned_end(meeting_id) == time(15, 35)
    with pytest.raises(MeetingInputError, match="whole number"):
        meetings.update_item(item_id, planned_minutes="ten")
    meetings.remove_item(item_id)
    assert [i.position for i in meetings.items(meeting_id)] == list(range(1, 10))


def test_issue_agenda_freezes_numbers(meetings, template):
    meeting_id = make(meetings, template)
    meetings.issue_agenda(meeting_id)
    assert meetings.meeting(meeting_id).status == "agenda_issued"
    items = meetings.items(meeting_id)
    assert [meetings.item_label(i) for i in items] == [str(n) for n in range(1, 10)]
    meetings.move_item(items[5].id, -3)
    late = meetings.add_item(meetings.meeting(meeting_id).id, "Late item")
    numbers = {i.title: i.number for i in meetings.items(meeting_id)}
    assert numbers["Discussion item"] == 6
    assert numbers["Late item"] == 10
    assert meetings.item_label(meetings.item(late)) == "10"


def test_chair_clocks_and_projected_end(meetings, template):
    meeting_id = make(meetings, template)
    first, second = meetings.items(meeting_id)[:2]
    meetings.start_meeting(meeting_id, datetime(2026, 12, 3, 14, 2))
    meetings.start_item(first.id, datetime(2026, 12, 3, 14, 2))
    clock = meetings.item_clock(meetings.item(first.id), datetime(2026, 12, 3, 14, 9))
    assert clock.elapsed_seconds == 7 * 60 and clock.planned_seconds == 5 * 60 and clock.overrun
    meetings.start_item(second.id, datetime(2026, 12, 3, 14, 9))
    assert meetings.item(first.id).ended_at == "2026-12-03T14:09:00"
    now = datetime(2026, 12, 3, 14, 10)
    assert not meetings.item_clock(meetings.item(second.id), now).overrun
    # 4 minutes left on item 2 and 80 planned after it
    assert meetings.projected_end(meeting_id, now) == time(15, 34)
    assert meetings.meeting_clock(meeting_id, now).elapsed_seconds == 8 * 60
    # going back to item 1 resumes its clock
    meetings.start_item(first.id, datetime(2026, 12, 3, 14, 12))
    clock = meetings.item_clock(meetings.item(first.id), datetime(2026, 12, 3, 14, 13))
    assert clock.elapsed_seconds == 8 * 60
    meetings.end_meeting(meeting_id, datetime(2026, 12, 3, 15, 45))
    meeting = meetings.meeting(meeting_id)
    assert meeting.status == "held" and meeting.end_time == "15:45"
    assert not any(item.running for item in meetings.items(meeting_id))


def test_decisions_and_actions_get_refs_by_meeting_month(meetings, template, orgs):
    meeting_id = make(meetings, template)
    item = meetings.items(meeting_id)[5]
    with pytest.raises(VoteCountError, match="4 votes were counted but 0 voting members"):
        meetings.add_decision(meeting_id, item.id, "Ask for 12 weeks", votes_for=3,
                              votes_abstain=1)
    for name in ("Sam Patel", "Jo Morgan", "Lee Chan", "Rita Gomez"):
        meetings.set_attendance(meeting_id, name=name, status="present")
    first = meetings.add_decision(meeting_id, item.id, "Ask for 12 weeks", votes_for=3,
                                  votes_against=0, votes_abstain=1)
    second = meetings.add_decision(meeting_id, item.id, "Write to the commissioner")
    assert [d.ref for d in meetings.decisions(meeting_id)] == ["2026-12/1", "2026-12/2"]
    assert meetings.decision(first).votes_abstain == 1
    meetings.record_votes(item.id, 4, "0", 0)
    assert meetings.decision(second).votes_for == 4
    assert meetings.decision(first).votes_for == 3  # its own votes are kept
    with pytest.raises(MeetingInputError, match="whole number"):
        meetings.record_votes(item.id, "many", 0, 0)
    action_id = meetings.add_action(meeting_id, item.id, "Circulate the draft",
                                    owner_organisation_id=orgs["Essex County Council"],
                                    due=date(2026, 12, 17))
    bare_id = meetings.add_action(meeting_id, item.id, "Find a venue")
    assert [a.ref for a in meetings.actions_for(meeting_id)] == ["2026-12/1", "2026-12/2"]
    log = ActionsService(meetings.store)
    assert log.action(action_id).problems() == []
    assert log.action(bare_id).problems() == ["no owner", "no due date"]


def test_votes_on_an_item_are_capped_by_members_present_and_name_who_took_no_part(
        meetings, template, orgs):
    """Point 4: a vote on any item counts no more than the voting members present unless the
    chair says why (minuted); who took no part is kept; a recount keeps old and new."""
    from compact_tui.domain.corrections import corrections
    from compact_tui.domain.exports import minutes_markdown

    meeting_id = make(meetings, template)
    item = meetings.items(meeting_id)[0]
    assert item.purpose == "information"
    for name in ("Sam Patel", "Jo Morgan", "Lee Chan"):
        meetings.set_attendance(meeting_id, name=name, status="present")
    meetings.add_guest(meeting_id, "Rita Gomez", "Essex County Council", "for item 6")
    with pytest.raises(VoteCountError, match="4 votes were counted but 3 voting members"):
        meetings.record_votes(item.id, 3, 1, 0, took_no_part="Lee Chan")
    assert not meetings.item(item.id).has_votes  # nothing kept from the refused count
    meetings.record_votes(item.id, 2, 0, 0, took_no_part="Lee Chan")
    voted = meetings.item(item.id)
    assert (voted.votes_for, voted.votes_against, voted.votes_abstain, voted.took_no_part,
            voted.count_reason) == (2, 0, 0, ["Lee Chan"], "")
    assert corrections(meetings.store, record_id=item.id) == []  # recorded, not corrected
    meetings.record_votes(item.id, 4, 0, 0, took_no_part=[],
                          count_reason="Two members joined by video")
    recounted = meetings.item(item.id)
    assert (recounted.votes_for, recounted.took_no_part, recounted.count_reason) == (
        4, [], "Two members joined by video")
    assert {c.field: (c.old, c.new) for c in corrections(meetings.store, record_id=item.id)} \
        == {"votes_for": (2, 4), "took_no_part": (["Lee Chan"], []),
            "count_reason": ("", "Two members joined by video")}
    text = minutes_markdown(meetings.store, meeting_id)
    assert ("**Vote:** For 4, against 0, abstained 0; count confirmed by the Chair: Two "
            "members joined by video.") in text
    decision = meetings.add_decision(meeting_id, item.id, "Note the report")
    meetings.record_votes(item.id, 3, 0, 0, took_no_part="Lee Chan")
    copied = meetings.decision(decision)
    assert (copied.votes_for, copied.took_no_part, copied.count_reason) == (
        3, ["Lee Chan"], "")
    text = minutes_markdown(meetings.store, meeting_id)
    assert ("**Decision 2026-12/1:** Note the report (For 3, against 0, abstained 0; took no "
            "part: Lee Chan)") in text
    assert "**Vote:**" not in text  # shown once, with the decision it carried


def test_minutes_lock_after_approval_and_amendments(meetings, template):
    old = make(meetings, template, date(2026, 10, 8))
    new = make(meetings, template, ON)
    item = meetings.items(old)[5]
    meetings.set_minutes(item.id, "Members agreed.")
    with pytest.raises(ApprovalNeedsReason, match="never recorded as held"):
        meetings.approve_previous_minutes(new)
    meetings.end_meeting(old, datetime(2026, 10, 8, 15, 30))
    approved = meetings.approve_previous_minutes(new)
    assert approved.id == old and approved.status == "minutes_approved"
    assert approved.approved_at_meeting_id == new and approved.approved_on == "2026-12-03"
    with pytest.raises(MinutesLockedError):
        meetings.set_minutes(item.id, "Changed afterwards")
    assert meetings.item(item.id).minutes == "Members agreed."
    meetings.add_amendment(old, "Item 6: read 12 weeks, not 6.", date(2026, 12, 3))
    assert [(a.on, a.text) for a in meetings.amendments(old)] == [
        ("2026-12-03", "Item 6: read 12 weeks, not 6.")]
    assert meetings.approve_previous_minutes(old) is None


def test_attendance_one_record_per_person_and_quorum(meetings, template, orgs):
    meeting_id = make(meetings, template)
    council = orgs["Brentwood Borough Council"]
    first = meetings.set_attendance(meeting_id, organisation_id=council, name="Jo Morgan",
                                    status="apologies")
    again = meetings.set_attendance(meeting_id, organisation_id=council, name="jo morgan",
                                    status="present", role="Compact Champion")
    assert first == again
    assert [(a.name, a.status) for a in meetings.attendance(meeting_id)] == [
        ("Jo Morgan", "present")]
    rule = QuorumRule(min_organisations=3, both_sectors=True)
    state = meetings.quorum(meeting_id, rule)
    assert not state.met and state.organisations_present == 1
    assert "no voluntary or community organisation" in state.explanation
    meetings.set_attendance(meeting_id, organisation_id=orgs["Essex County Council"],
                            name="Rita Gomez", status="present")
    meetings.set_attendance(meeting_id, organisation_id=orgs["Active Brentwood"],
                            name="Lee Chan", status="present")
    state = meetings.quorum(meeting_id, rule)
    assert state.met and (state.statutory_present, state.vcs_present) == (2, 1)
    assert state.explanation == ("3 signatory organisations present, both sectors "
                                 "represented — quorate.")
    guest = meetings.add_guest(meeting_id, "Alex Hart", role="Minutes")
    assert meetings.attendance(meeting_id)[-1].id == guest
    assert meetings.quorum(meeting_id, rule).organisations_present == 3


def test_quick_entries_create_records_once(meetings, template, orgs):
    meeting_id = make(meetings, template)
    item = meetings.items(meeting_id)[5]
    meetings.set_minutes(item.id, "Discussion.\n"
                         "#action @Brentwood CVS due:12/01/2027 Circulate the draft\n"
                         "#action @Rita Gomez to ask the team due:31/02/2027\n"
                         "#agreed Ask for 12 weeks\n"
                         "#apologies Essex County Council; Tom Ellis\n"
                         "#declare Lee Chan: applied to the fund")
    messages = meetings.apply_quick_entries(item.id)
    assert len(messages) == 5
    actions = meetings.actions_for(meeting_id)
    cvs = orgs["Brentwood Council for Voluntary Services"]
    assert (actions[0].owner_organisation_id, actions[0].owner_name, actions[0].due,
            actions[0].description) == (cvs, "", "2027-01-12", "Circulate the draft")
    assert (actions[1].owner_name, actions[1].due) == ("Rita Gomez", "")
    assert "could not be read" in actions[1].problems()[-1]
    assert "not a real date" in messages[1]
    assert [d.text for d in meetings.decisions(meeting_id)] == ["Ask for 12 weeks"]
    apologies = {(a.organisation_id, a.name) for a in meetings.attendance(meeting_id)
                 if a.status == "apologies"}
    assert apologies == {(orgs["Essex County Council"], ""), ("", "Tom Ellis")}
    assert [(d.person, d.interest, d.item_id) for d in meetings.declarations(meeting_id)] == [
        ("Lee Chan", "applied to the fund", item.id)]
    # the text is untouched, and applying again creates nothing new
    assert meetings.item(item.id).minutes.startswith("Discussion.\n#action @Brentwood CVS")
    assert meetings.apply_quick_entries(item.id) == []
    assert len(meetings.actions_for(meeting_id)) == 2
    meetings.set_minutes(item.id, meetings.item(item.id).minutes + "\n#agreed Meet in March")
    assert meetings.apply_quick_entries(item.id) == ["Decision 2026-12/2 recorded."]


def test_defer_copies_to_next_meeting_or_waits_for_it(meetings, template):
    first = make(meetings, template, date(2026, 10, 8))
    topic = meetings.add_item(first, "Grants review", planned_minutes=15)
    meetings.issue_agenda(first)
    number = meetings.item(topic).number
    assert meetings.defer_item(topic) is None
    assert meetings.item(topic).deferred and meetings.item(topic).number == number
    second = make(meetings, template, ON)
    copied = [i for i in meetings.items(second) if i.title == "Grants review"]
    assert len(copied) == 1 and copied[0].deferred_from == topic
    assert meetings.items(second)[copied[0].position].kind == "aob"
    assert meetings.item(topic).deferred_to == second
    # deferring when the next meeting exists copies it there straight away
    other = meetings.add_item(second, "Website")
    third = make(meetings, template, date(2027, 2, 4))
    copy_id = meetings.defer_item(other)
    assert meetings.item(copy_id).meeting_id == third
    # the deferred item no longer counts towards the planned end
    assert meetings.planned_end(second) == time(15, 45)


def test_matters_arising_lists_earlier_open_actions_and_hides_confidential(demo_path):
    with open_store(demo_path, member="Jo Morgan") as demo:
        meetings = MeetingsService(demo)
        upcoming = meetings.next_meeting()
        arising = matters_arising(demo, upcoming.id)
        assert {a.status for a in arising.open_actions} <= {"open", "in_progress"}
        assert arising.open_actions
        demo.update("disputes", demo.all("disputes")[0]["id"],
                    {"confidential": True, "next_step_due": "2026-11-30",
                     "title": "Secret grant row", "stage": "discussion"})
        lines = matters_arising_lines(demo, upcoming.id)
        assert any(line.startswith("A confidential dispute: next step due 30 November 2026")
                   for line in lines)
        assert not any("Secret grant row" in line for line in lines)
        assert any(line.startswith("Action ") for line in lines)


def test_unknown_meeting_raises_not_found(meetings):
    with pytest.raises(MeetingNotFound):
        meetings.planned_end("nope")


def test_action_log_filters_and_status_notes(meetings, template, orgs):
    meeting_id = make(meetings, template, date(2026, 10, 8))
    item = meetings.items(meeting_id)[5]
    late = meetings.add_action(meeting_id, item.id, "Publish the list",
                               owner_name="Jo Morgan",
                               owner_organisation_id=orgs["Brentwood Borough Council"],
                               due=date(2026, 11, 1))
    meetings.add_action(meeting_id, item.id, "Circulate the toolkit",
                        owner_organisation_id=orgs["Brentwood Council for Voluntary Services"],
                        due=date(2027, 1, 15))
    log = ActionsService(meetings.store)
    assert [a.id for a in log.actions(ActionFilter(overdue_only=True))] == [late]
    assert [a.description for a in log.actions(ActionFilter(owner="Brentwood CVS"))] == [
        "Circulate the toolkit"]
    assert [a.description for a in log.actions(ActionFilter(text="toolkit"))] == [
        "Circulate the toolkit"]
    log.update_status(late, "In progress", "Drafted")
    action = log.action(late)
    assert action.status == "in_progress"
    assert action.notes == [{"at": "2026-11-25", "by": "Alex Hart", "status": "in_progress",
                             "note": "Drafted"}]
    assert [a.id for a in log.actions(ActionFilter(status="in_progress"))] == [late]
    with pytest.raises(ActionInputError, match="not an action status"):
        log.update_status(late, "finished")
    assert "Jo Morgan" in log.owners()
    source_meeting, source_item = MeetingsService(log.store).action_source(action)
    assert (source_meeting.id, source_item.id) == (meeting_id, item.id)


def test_editing_a_processed_quick_line_updates_its_record(meetings, template, orgs):
    meeting_id = make(meetings, template)
    item = meetings.items(meeting_id)[5]
    meetings.set_minutes(item.id, "Notes.\n#action @Rita due:31/02/2027 Ask the team\n"
                         "#agreed Meet in Marhc\n#declare nobody")
    first = meetings.apply_quick_entries(item.id)
    assert "not a real date" in first[0] and "write a declaration" in first[2]
    (action,) = meetings.actions_for(meeting_id)
    assert action.due == "" and action.problems()
    # the problem line is reported once, not on every save
    assert meetings.apply_quick_entries(item.id) == []
    meetings.set_minutes(item.id, "Notes.\n#action @Rita due:28/02/2027 Ask the team\n"
                         "#agreed Meet in March\n#declare nobody")
    messages = meetings.apply_quick_entries(item.id)
    assert messages == ["Action 2026-12/1 updated, due 28 February 2027.",
                        "Decision 2026-12/1 updated."]
    (action,) = meetings.actions_for(meeting_id)
    assert (action.due, action.problems(), action.owner_name) == ("2027-02-28", [],
                                                                   "Rita Gomez")
    assert [d.text for d in meetings.decisions(meeting_id)] == ["Meet in March"]
    # a new line below is a new record, the old ones stay
    meetings.set_minutes(item.id, meetings.item(item.id).minutes + "\n#action Book a room")
    assert meetings.apply_quick_entries(item.id) == [
        "Action 2026-12/2 recorded (check: no owner; no due date)."]


def test_approved_minutes_refuse_changes_to_the_record(meetings, template, orgs):
    old = make(meetings, template, date(2026, 10, 8))
    new = make(meetings, template, ON)
    item = meetings.items(old)[5]
    decision = meetings.add_decision(old, item.id, "Agreed before approval")
    meetings.end_meeting(old, datetime(2026, 10, 8, 15, 30))
    meetings.approve_previous_minutes(new)
    for change in (lambda: meetings.add_decision(old, item.id, "Late"),
                   lambda: meetings.update_decision(decision, text="Rewritten"),
                   lambda: meetings.add_action(old, item.id, "Late"),
                   lambda: meetings.declare_interest(item.id, "Jo", "x"),
                   lambda: meetings.record_votes(item.id, 1, 0, 0),
                   lambda: meetings.set_attendance(old, name="Jo", status="present"),
                   lambda: meetings.update_item(item.id, title="New title"),
                   lambda: meetings.add_item(old, "Late item")):
        with pytest.raises(MinutesLockedError, match="8 October 2026"):
            change()
    assert meetings.decision(decision).text == "Agreed before approval"
    assert meetings.apply_quick_entries(item.id) == []


def test_quorum_counts_only_active_signatories(meetings, template, orgs, store):
    meeting_id = make(meetings, template)
    store.update("organisations", orgs["Active Brentwood"], {"status": "lapsed"})
    meetings.set_attendance(meeting_id, organisation_id=orgs["Active Brentwood"],
                            name="Lee Chan", status="present")
    meetings.set_attendance(meeting_id, organisation_id=orgs["Essex County Council"],
                            name="Rita Gomez", status="present")
    state = meetings.quorum(meeting_id, QuorumRule(min_organisations=1, both_sectors=False))
    assert state.met and state.organisations_present == 1


def test_someone_present_withdraws_their_organisations_apologies(meetings, template, orgs):
    meeting_id = make(meetings, template)
    active = orgs["Active Brentwood"]
    meetings.set_attendance(meeting_id, organisation_id=active, status="apologies")
    meetings.set_attendance(meeting_id, organisation_id=active, name="Lee Chan",
                            status="present")
    assert [(a.name, a.status) for a in meetings.attendance(meeting_id)
            if a.organisation_id == active] == [("Lee Chan", "present")]
