"""Demo meetings: two held meetings with minutes, decisions and actions, and one coming up."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..domain.actions import ACTIONS, Action
from ..domain.dates import iso
from ..domain.meetings import (
    AGENDA_ITEMS,
    ATTENDANCE,
    DECISIONS,
    DECLARATIONS,
    MEETINGS,
    AgendaItem,
    Meeting,
)
from ..domain.ports import RecordPort
from ..domain.quick_entry import parse_quick_entries
from ..domain.records import to_fields

if TYPE_CHECKING:
    from . import DemoContext

VENUE = "Committee Room 2, Town Hall, Brentwood (and online)"
CHAIR, MINUTES = "Sam Patel", "Alex Hart"

STANDING = [
    ("Welcome and apologies", 5, "information", "apologies"),
    ("Declarations of interest", 5, "information", "declarations"),
    ("Minutes of the last meeting and matters arising", 10, "decision", "previous_minutes"),
    ("Disputes update", 10, "information", "disputes_update"),
]
CLOSING = [
    ("Self-assessments received", 15, "discussion", "assessments"),
    ("Any other business", 10, "discussion", "aob"),
    ("Date of next meeting", 5, "information", "next_meeting"),
]


def _ref(on: date, number: int) -> str:
    return f"{on:%Y-%m}/{number}"


def _add_meeting(store: RecordPort, context: DemoContext, on: date, status: str,
                 topic: tuple[str, str, str], minutes: dict[str, str]) -> tuple[str, list[str]]:
    meeting = Meeting(date=iso(on), start_time="14:00", end_time="15:45", venue=VENUE,
                      chair=CHAIR, minute_taker=MINUTES, status=status, template="steering-group",
                      series=_series(on))
    meeting_id = store.insert(MEETINGS, to_fields(meeting))
    items = [*STANDING[:4], (topic[0], 25, topic[1], ""), *CLOSING]
    item_ids = []
    for position, (title, planned, purpose, kind) in enumerate(items, start=1):
        item = AgendaItem(meeting_id=meeting_id, position=position, number=position,
                          title=title, planned_minutes=planned, purpose=purpose, kind=kind,
                          presenter=topic[2] if not kind else "",
                          minutes=minutes.get(kind or "topic", _NONE.get(kind, "")))
        item_ids.append(store.insert(AGENDA_ITEMS, to_fields(item)))
    context.meetings.append(meeting_id)
    return meeting_id, item_ids


_NONE = {"aob": "None.", "declarations": ""}
ORDINALS = ("first", "second", "third", "fourth", "fifth")


def _series(on: date) -> str:
    """The group meets on the same Thursday of every other month, as the demo's dates do."""
    return f"{ORDINALS[(on.day - 1) // 7]} Thursday every other month, 14:00"


def _attendance(store: RecordPort, context: DemoContext, meeting_id: str,
                present: list[str], apologies: list[str]) -> None:
    for person in present:
        org_name, org_id = context.people[person]
        role = {CHAIR: "Chair", "Jo Morgan": "Vice-chair"}.get(person, "Compact Champion")
        store.insert(ATTENDANCE, {"meeting_id": meeting_id, "name": person,
                                  "organisation_id": org_id, "role": role, "status": "present"})
    for org_name in apologies:
        person, _, org_name = org_name.rpartition(": ")
        store.insert(ATTENDANCE, {"meeting_id": meeting_id, "name": person,
                                  "organisation_id": context.organisations[org_name],
                                  "role": "", "status": "apologies"})
    store.insert(ATTENDANCE, {"meeting_id": meeting_id, "name": MINUTES, "organisation_id": "",
                              "role": "Minutes", "status": "in_attendance"})


def populate(store: RecordPort, context: DemoContext) -> None:
    earlier = context.thursday_near(-112)
    last = context.thursday_near(-49)
    upcoming = context.thursday_near(8)
    cvs = "Brentwood Council for Voluntary Services"

    first_id, first_items = _add_meeting(
        store, context, earlier, "held",
        ("Refreshing the Brentwood Compact", "discussion", "Jo Morgan"),
        {"apologies": "The Chair welcomed members.",
         "previous_minutes": "This was the group's first meeting in its new form; there were "
                             "no earlier minutes to approve.",
         "disputes_update": "One dispute was open, about a grant paid in arrears; the "
                            "Council expects to settle it shortly.",
         "assessments": "None had been received.",
         "topic": "Members agreed the Compact text should be reviewed against the 2016 "
                  "version and promoted to new commissioners.\n#agreed Publish the list of "
                  "signatories on the Council website."})
    first_topic = store.get(AGENDA_ITEMS, first_items[4]) or {}
    store.update(AGENDA_ITEMS, first_items[4], {"quick_entries_done": [
        entry.key for entry in parse_quick_entries(first_topic.get("minutes", ""))]})
    _attendance(store, context, first_id, ["Sam Patel", "Jo Morgan", "Dr Ama Owusu",
                                           "Lee Chan"], ["Essex County Council"])
    store.insert(DECISIONS, {"meeting_id": first_id, "item_id": first_items[4],
                             "ref": _ref(earlier, 1),
                             "text": "Publish the list of signatories on the Council website."})
    store.insert(ACTIONS, to_fields(Action(
        ref=_ref(earlier, 1), meeting_id=first_id, item_id=first_items[4],
        description="Publish the list of signatories on the Council website",
        owner_name="Jo Morgan",
        owner_organisation_id=context.organisations["Brentwood Borough Council"],
        due=iso(earlier + timedelta(days=28)), status="done",
        notes=[{"at": iso(earlier + timedelta(days=20)), "by": "Jo Morgan", "status": "done",
                "note": "Published on the Localism pages."}])))

    last_id, last_items = _add_meeting(
        store, context, last, "held",
        ("Consultation on the community grants programme", "decision", "Rita Gomez"),
        {"apologies": "The Chair welcomed members. Apologies as recorded.",
         "previous_minutes": "Members reviewed the actions from the last meeting.",
         "disputes_update": "One open dispute at the discussion stage.",
         "topic": "Rita Gomez presented the draft timetable. Members noted that the proposed "
                  "6-week consultation falls short of the 12 weeks the Compact commits to "
                  "(commitment 2.4).",
         "assessments": "Active Brentwood's self-assessment was received."})
    _attendance(store, context, last_id, ["Sam Patel", "Jo Morgan", "Dr Ama Owusu",
                                          "Lee Chan", "Rita Gomez"],
                ["Brentwood Community Safety Partnership",
                 "Tom Ellis: Brentwood Health and Wellbeing Board"])
    store.insert(DECLARATIONS, {
        "meeting_id": last_id, "item_id": last_items[4], "made_at_item_id": last_items[1],
        "person": "Lee Chan", "kind": "Other registrable",
        "interest": "director of Active Brentwood, which has applied to the grants programme",
        "action": "no_vote"})
    store.insert(DECISIONS, {"meeting_id": last_id, "item_id": last_items[4],
                             "ref": _ref(last, 1),
                             "text": "Ask Essex County Council to extend the consultation to 12 "
                                     "weeks or publish its reasons for a shorter period.",
                             "votes_for": 4, "votes_against": 0, "votes_abstain": 0,
                             "took_no_part": ["Lee Chan"]})
    for number, (text, owner, org, days, status) in enumerate([
        ("Take the 12-week consultation request to the commissioning team", "Rita Gomez",
         "Essex County Council", 14, "open"),
        ("Circulate the self-assessment toolkit to all signatories", "Sam Patel", cvs, 70,
         "in_progress"),
        ("Invite the Police, Fire and Crime Commissioner to sign the Compact", "Jo Morgan",
         "Brentwood Borough Council", 40, "open"),
    ], start=1):
        store.insert(ACTIONS, to_fields(Action(
            ref=_ref(last, number), meeting_id=last_id, item_id=last_items[4],
            description=text, owner_name=owner, owner_organisation_id=context.organisations[org],
            due=iso(last + timedelta(days=days)), status=status)))


    next_id, _ = _add_meeting(store, context, upcoming, "agenda_issued",
                              ("Planning the annual Compact review", "discussion", "Jo Morgan"),
                              {})
    store.update(MEETINGS, next_id, {"end_time": ""})


def fix_records(store: RecordPort, context: DemoContext) -> None:
    """Once every area is in place: the last meeting keeps what its minutes quote as it stood,
    and the earliest meeting's minutes are approved at it and fixed, as a clerk's would be."""
    from ..domain.meetings.fixed_record import approve_minutes, keep_meeting_day

    first_id, last_id = context.meetings[0], context.meetings[1]
    keep_meeting_day(store, last_id)
    approve_minutes(store, first_id, last_id)
