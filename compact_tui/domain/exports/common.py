"""What the minutes, agenda and calendar exports share: looking up a meeting and its people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from ..actions import Action, owner_label
from ..dates import format_date, format_day_date, format_time
from ..meetings import Meeting, MeetingsService
from ..meetings.model import parse_local
from ..ports import RecordPort
from ..register import organisation_names


@dataclass
class MeetingView:
    """A meeting with the lookups every export needs."""

    service: MeetingsService
    meeting: Meeting
    organisation_names: dict[str, str]

    @property
    def store(self) -> Any:
        return self.service.store


def load(store: RecordPort, meeting_id: str, content: Any = None) -> MeetingView:
    """Raises MeetingNotFound for an unknown meeting."""
    service = MeetingsService(store, content)
    meeting = service.require(meeting_id)
    names = organisation_names(store)
    return MeetingView(service, meeting, names)


def meeting_day(meeting: Meeting) -> str:
    """Thursday 3 December 2026 (or the stored text when the date is missing)."""
    return format_day_date(meeting.on) if meeting.on else (meeting.date or "date to be set")


def actual_start(meeting: Meeting) -> time | None:
    started = parse_local(meeting.started_at)
    return started.time() if started else meeting.start


def time_range(start: time | None, end: time | str | None) -> str:
    """14:00–15:45, or 14:00 alone."""
    first = format_time(start)
    last = format_time(end) if end else ""
    if first and last:
        return f"{first}–{last}"
    return first


def action_owner(action: Action, names: dict[str, str]) -> str:
    return owner_label(action, names)


def due_text(action: Action, short: bool = False) -> str:
    if not action.due:
        return "no due date"
    if short:
        from ..dates import format_date_short

        return format_date_short(action.due)
    return format_date(action.due)


def next_meeting_line(view: MeetingView) -> str:
    following = view.service.following_meeting(view.meeting.id)
    if following is None:
        return ""
    parts = [meeting_day(following), format_time(following.start_time)]
    if following.venue:
        parts.append(following.venue)
    return ", ".join(p for p in parts if p)


def on_or_today(meeting: Meeting) -> date:
    from ..dates import today

    return meeting.on or today()
