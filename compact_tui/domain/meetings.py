"""Meetings, agenda items, attendance and decisions.

Tables: ``meetings``, ``agenda_items`` (``meeting_id``), ``attendance`` (``meeting_id``),
``decisions`` (``meeting_id``, ``item_id``). Long texts such as an item's minutes are fields of
their own record, so two people editing different items never clash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .dates import from_iso, today
from .records import from_record

MEETINGS = "meetings"
AGENDA_ITEMS = "agenda_items"
ATTENDANCE = "attendance"
DECISIONS = "decisions"

MEETING_STATUSES = {
    "draft": "Draft",
    "agenda_issued": "Agenda issued",
    "held": "Held",
    "minutes_approved": "Minutes approved",
}
PURPOSES = {"information": "Information", "discussion": "Discussion", "decision": "Decision"}


@dataclass
class Meeting:
    id: str = ""
    title: str = "Brentwood Compact Steering Group"
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
    updated_at: str = ""
    updated_by: str = ""

    @property
    def on(self) -> date | None:
        return from_iso(self.date)

    @property
    def status_label(self) -> str:
        return MEETING_STATUSES.get(self.status, self.status)


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
    papers: list[str] = field(default_factory=list)
    notes: str = ""
    minutes: str = ""
    declarations: list[str] = field(default_factory=list)
    deferred: bool = False
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    updated_at: str = ""
    updated_by: str = ""


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
    updated_at: str = ""
    updated_by: str = ""


class MeetingsService:
    """Queries and changes to meetings, through the store's scripting API."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def meetings(self) -> list[Meeting]:
        found = [from_record(Meeting, r) for r in self.store.all(MEETINGS)]
        return sorted(found, key=lambda m: (m.date, m.start_time), reverse=True)

    def meeting(self, meeting_id: str) -> Meeting | None:
        record = self.store.get(MEETINGS, meeting_id)
        return from_record(Meeting, record) if record else None

    def items(self, meeting_id: str) -> list[AgendaItem]:
        found = [from_record(AgendaItem, r) for r in self.store.all(AGENDA_ITEMS)
                 if r.get("meeting_id") == meeting_id]
        return sorted(found, key=lambda i: i.position)

    def next_meeting(self, on: date | None = None) -> Meeting | None:
        on = on or today()
        upcoming = [m for m in self.meetings() if m.on and m.on >= on]
        return min(upcoming, key=lambda m: (m.date, m.start_time)) if upcoming else None
