"""What a meeting record holds: tables, statuses, the record types and the small
conversions every part of the meetings service shares (no store access here)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from ..dates import DateInputError, from_iso, parse_time

Day = date  # inside Meeting the field called ``date`` hides the type

MEETINGS = "meetings"
AGENDA_ITEMS = "agenda_items"
ATTENDANCE = "attendance"
DECISIONS = "decisions"
AMENDMENTS = "amendments"
DECLARATIONS = "declarations"

DEFAULT_TITLE = "Brentwood Compact Steering Group"
MEETING_STATUSES = {
    "draft": "Draft",
    "agenda_issued": "Agenda issued",
    "held": "Held",
    "minutes_approved": "Minutes approved",
    "cancelled": "Cancelled",
}
CANCELLED = "cancelled"
PURPOSES = {"information": "Information", "discussion": "Discussion", "decision": "Decision"}
ATTENDANCE_STATUSES = {"present": "Present", "apologies": "Apologies", "absent": "Absent",
                       "in_attendance": "In attendance"}
LONGEST_ITEM_MINUTES = 8 * 60
# What someone with an interest did; the kinds themselves come from content (compact.yaml).
DECLARATION_ACTIONS = {"left_room": "Left the room",
                       "no_vote": "Took no part in the vote",
                       "stayed": "Stayed and took part"}
DEFAULT_DECLARATION_KINDS = ("Pecuniary", "Other registrable", "Non-registrable")
# Items kept at the end of an agenda: a deferred or added item goes before them.
CLOSING_KINDS = ("aob", "next_meeting")


class MeetingInputError(ValueError):
    """A value we cannot accept for a meeting or item; the message is for a person."""


class MinutesLockedError(MeetingInputError):
    """The minutes were approved: record a dated amendment instead."""


class MeetingNotFound(LookupError):
    """No meeting with that id (or on that date)."""


@dataclass
class Meeting:
    id: str = ""
    title: str = DEFAULT_TITLE
    template: str = ""
    date: str = ""
    start_time: str = "14:00"
    end_time: str = ""
    venue: str = ""
    video_link: str = ""
    chair: str = ""
    minute_taker: str = ""
    status: str = "draft"
    notes: str = ""
    started_at: str = ""
    ended_at: str = ""
    approved_at_meeting_id: str = ""
    approved_on: str = ""
    approval_reason: str = ""
    approved_minutes: str = ""
    approved_minutes_note: str = ""
    kept_on: str = ""
    kept_arising: list[str] = field(default_factory=list)
    kept_actions: list[dict[str, str]] = field(default_factory=list)
    series: str = ""
    cancelled_from: str = ""
    updated_at: str = ""
    updated_by: str = ""

    @property
    def on(self) -> Day | None:
        return from_iso(self.date)

    @property
    def status_label(self) -> str:
        return MEETING_STATUSES.get(self.status, self.status)

    @property
    def cancelled(self) -> bool:
        return self.status == CANCELLED

    @property
    def minutes_locked(self) -> bool:
        return self.status == "minutes_approved"

    @property
    def agenda_issued(self) -> bool:
        return self.status != "draft"

    @property
    def start(self) -> time | None:
        return time_or_none(self.start_time)


@dataclass
class AgendaItem:
    id: str = ""
    meeting_id: str = ""
    position: int = 0
    number: int = 0
    title: str = ""
    presenter: str = ""
    planned_minutes: int = 10
    purpose: str = "discussion"
    kind: str = ""
    standing: bool = False
    papers: list[str] = field(default_factory=list)
    notes: str = ""
    minutes: str = ""
    declarations: list[str] = field(default_factory=list)
    deferred: bool = False
    deferred_to: str = ""
    deferred_from: str = ""
    deferred_from_date: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    took_no_part: list[str] = field(default_factory=list)
    count_reason: str = ""
    started_at: str = ""
    ended_at: str = ""
    spent_seconds: int = 0
    quick_entries_done: list[str] = field(default_factory=list)
    quick_entry_records: dict[str, dict[str, Any]] = field(default_factory=dict)
    updated_at: str = ""
    updated_by: str = ""

    @property
    def purpose_label(self) -> str:
        return PURPOSES.get(self.purpose, self.purpose)

    @property
    def running(self) -> bool:
        return bool(self.started_at) and not self.ended_at

    @property
    def has_votes(self) -> bool:
        return any(v is not None for v in (self.votes_for, self.votes_against,
                                           self.votes_abstain))


@dataclass
class Decision:
    id: str = ""
    meeting_id: str = ""
    item_id: str = ""
    ref: str = ""
    text: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    took_no_part: list[str] = field(default_factory=list)
    count_reason: str = ""
    updated_at: str = ""
    updated_by: str = ""

    @property
    def has_votes(self) -> bool:
        return any(v is not None for v in (self.votes_for, self.votes_against,
                                           self.votes_abstain))

    @property
    def votes_cast(self) -> int:
        return sum(v or 0 for v in (self.votes_for, self.votes_against, self.votes_abstain))


@dataclass
class Declaration:
    """An interest declared by a person, about one agenda item (``item_id``), made while
    ``made_at_item_id`` was current."""

    id: str = ""
    meeting_id: str = ""
    item_id: str = ""
    made_at_item_id: str = ""
    person: str = ""
    kind: str = ""
    interest: str = ""
    action: str = ""
    updated_at: str = ""
    updated_by: str = ""

    @property
    def action_label(self) -> str:
        return DECLARATION_ACTIONS.get(self.action, self.action)


@dataclass
class Attendee:
    id: str = ""
    meeting_id: str = ""
    name: str = ""
    organisation_id: str = ""
    organisation: str = ""
    role: str = ""
    deputy_for: str = ""
    represented_by: str = ""
    note: str = ""
    status: str = "present"
    updated_at: str = ""
    updated_by: str = ""

    @property
    def status_label(self) -> str:
        return ATTENDANCE_STATUSES.get(self.status, self.status)


@dataclass
class Amendment:
    id: str = ""
    meeting_id: str = ""
    text: str = ""
    on: str = ""
    updated_at: str = ""
    updated_by: str = ""


@dataclass(frozen=True)
class ItemClock:
    elapsed_seconds: int
    planned_seconds: int
    overrun: bool


@dataclass(frozen=True)
class QuorumState:
    met: bool
    organisations_present: int
    statutory_present: int
    vcs_present: int
    explanation: str



def time_or_none(text: str) -> time | None:
    try:
        return parse_time(text) if text else None
    except DateInputError:
        return None


def parse_local(value: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return None


def stamp_local(at: datetime) -> str:
    return at.replace(tzinfo=None, microsecond=0).isoformat()


def next_ref(existing: Iterable[str], on: date | None) -> str:
    month = f"{on:%Y-%m}" if on else "undated"
    numbers = [int(ref.partition("/")[2]) for ref in existing
               if ref.startswith(f"{month}/") and ref.partition("/")[2].isdigit()]
    return f"{month}/{max(numbers, default=0) + 1}"


def votes_count(value: Any, label: str) -> int | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    if not text.isdigit():
        raise MeetingInputError(f'Votes {label} must be a whole number, not "{value}".')
    return int(text)


def ref_key(ref: str) -> tuple[str, int]:
    month, _, number = ref.partition("/")
    return (month, int(number) if number.isdigit() else 0)


def add_minutes(start: time, minutes: int) -> time:
    moment = datetime.combine(date(2000, 1, 1), start) + timedelta(minutes=minutes)
    return moment.time()
