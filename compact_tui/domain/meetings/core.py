"""The meeting records and the lookups every part of the service uses: finding meetings
and their items, changing a meeting's own fields, the lock that approval puts on them."""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING, Any

from ..actions import Action
from ..dates import DateInputError, format_date, iso, parse_date, parse_time, today
from ..ports import RecordPort
from ..records import from_record
from .model import (
    AGENDA_ITEMS,
    ATTENDANCE,
    CANCELLED,
    DECISIONS,
    DEFAULT_TITLE,
    MEETING_STATUSES,
    MEETINGS,
    AgendaItem,
    Meeting,
    MeetingInputError,
    MeetingNotFound,
    MinutesLockedError,
)
from .series_rule import parse_series

if TYPE_CHECKING:
    from ...content import Content
    from ...content.agenda_templates import AgendaTemplate


def validate_meeting_fields(**fields: Any) -> dict[str, Any]:
    """Check typed meeting fields and return them as stored (ISO date, "HH:MM" times).

    Accepts ``date`` as a ``date`` or text (03/12/2026, 2026-12-03), times as ``time`` or text
    (14:00, 1400); raises MeetingInputError with a message for a person.
    """
    allowed = {"title", "date", "start_time", "end_time", "venue", "video_link", "chair",
               "minute_taker", "notes", "status", "template", "series"}
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise MeetingInputError(f"Unknown meeting field(s): {', '.join(unknown)}.")
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "title":
            if not str(value).strip():
                raise MeetingInputError("Give the meeting a title, for example "
                                        f'"{DEFAULT_TITLE}".')
            out[name] = str(value).strip()
        elif name == "date":
            if isinstance(value, date):
                out[name] = value.isoformat()
                continue
            try:
                out[name] = parse_date(str(value)).isoformat()
            except DateInputError as error:
                raise MeetingInputError(f"Meeting date: {error}") from error
        elif name in ("start_time", "end_time"):
            if isinstance(value, time):
                out[name] = f"{value.hour:02d}:{value.minute:02d}"
                continue
            text = str(value or "").strip()
            if not text and name == "end_time":
                out[name] = ""
                continue
            label = "Start time" if name == "start_time" else "End time"
            try:
                parsed = parse_time(text) if text else None
            except DateInputError as error:
                raise MeetingInputError(f"{label}: {error}") from error
            if parsed is None:
                raise MeetingInputError(f"{label}: enter a time, for example 14:00.")
            out[name] = f"{parsed.hour:02d}:{parsed.minute:02d}"
        elif name == "series":
            text = str(value or "").strip()
            if text:
                parse_series(text)
            out[name] = text
        elif name == "status":
            if value not in MEETING_STATUSES:
                raise MeetingInputError(f'"{value}" is not a meeting status.')
            out[name] = value
        else:
            out[name] = str(value or "").strip()
    start, end = out.get("start_time"), out.get("end_time")
    if start and end and end <= start:
        raise MeetingInputError(f"The end time {end} must be after the start time {start}.")
    return out



class MeetingRecords:
    """The store and the lookups; each part of ``MeetingsService`` builds on this."""

    def __init__(self, store: RecordPort, content: Content | None = None) -> None:
        self.store = store
        self.content = content

    # ------------------------------------------------------------------- meetings

    def meetings(self) -> list[Meeting]:
        """Newest first."""
        found = [from_record(Meeting, r) for r in self.store.all(MEETINGS)]
        return sorted(found, key=lambda m: (m.date, m.start_time), reverse=True)

    def upcoming(self, on: date | None = None) -> list[Meeting]:
        """Meetings on or after ``on`` (default today), soonest first."""
        when = iso(on or today())
        return sorted((m for m in self.meetings() if m.date >= when),
                      key=lambda m: (m.date, m.start_time))

    def past(self, on: date | None = None) -> list[Meeting]:
        """Meetings before ``on`` (default today), newest first."""
        when = iso(on or today())
        return [m for m in self.meetings() if m.date < when]

    def meeting(self, meeting_id: str) -> Meeting | None:
        record = self.store.get(MEETINGS, meeting_id) if meeting_id else None
        return from_record(Meeting, record) if record else None

    def require(self, meeting_id: str) -> Meeting:
        found = self.meeting(meeting_id)
        if found is None:
            raise MeetingNotFound(f'There is no meeting "{meeting_id}".')
        return found

    def require_unlocked(self, meeting_id: str) -> Meeting:
        """The meeting, if its record may still change: approved minutes are locked."""
        meeting = self.require(meeting_id)
        if meeting.minutes_locked:
            raise MinutesLockedError(
                f"The minutes of {format_date(meeting.date)} were approved and are locked; "
                "record a dated amendment instead.")
        return meeting

    def meetings_on(self, on: date) -> list[Meeting]:
        return sorted((m for m in self.meetings() if m.date == on.isoformat()),
                      key=lambda m: m.start_time)

    def next_meeting(self, on: date | None = None) -> Meeting | None:
        upcoming = [m for m in self.upcoming(on) if not m.cancelled]
        return upcoming[0] if upcoming else None

    def latest_held(self, on: date | None = None) -> Meeting | None:
        """The most recent meeting on or before ``on`` (default today)."""
        when = iso(on or today())
        found = [m for m in self.meetings() if m.date and m.date <= when and not m.cancelled]
        return found[0] if found else None

    def previous_meeting(self, meeting_id: str) -> Meeting | None:
        current = self.require(meeting_id)
        key = (current.date, current.start_time)
        earlier = [m for m in self.meetings()
                   if (m.date, m.start_time) < key and not m.cancelled]
        return earlier[0] if earlier else None

    def following_meeting(self, meeting_id: str) -> Meeting | None:
        current = self.require(meeting_id)
        key = (current.date, current.start_time)
        later = [m for m in self.meetings() if (m.date, m.start_time) > key and not m.cancelled]
        return later[-1] if later else None

    def default_title(self, template: AgendaTemplate | None = None) -> str:
        group = self.content.compact.steering_group if self.content else DEFAULT_TITLE
        if template is None or "steering group" in template.name.casefold():
            return group
        return f"{group}: {template.name}"

    def update_meeting(self, meeting_id: str, **fields: Any) -> list[str]:
        self.require(meeting_id)
        return self.store.update(MEETINGS, meeting_id, validate_meeting_fields(**fields))

    @staticmethod
    def validate_meeting_fields(**fields: Any) -> dict[str, Any]:
        return validate_meeting_fields(**fields)

    def cancel_meeting(self, meeting_id: str, note: str = "") -> None:
        """Call off a meeting that has not taken place. It stays in the list (and in
        calendars, struck out) and can be reinstated."""
        meeting = self.require(meeting_id)
        if meeting.cancelled:
            raise MeetingInputError("This meeting is already cancelled.")
        if meeting.started_at or meeting.status in ("held", "minutes_approved"):
            raise MeetingInputError("This meeting has already taken place, so it cannot be "
                                    "cancelled.")
        fields = {"status": CANCELLED, "cancelled_from": meeting.status}
        if note.strip():
            fields["notes"] = "\n\n".join(p for p in (meeting.notes, f"Cancelled: {note.strip()}")
                                           if p)
        self.store.update(MEETINGS, meeting_id, fields)

    def reinstate_meeting(self, meeting_id: str) -> None:
        meeting = self.require(meeting_id)
        if not meeting.cancelled:
            raise MeetingInputError("This meeting is not cancelled.")
        status = meeting.cancelled_from if meeting.cancelled_from in MEETING_STATUSES \
            and meeting.cancelled_from != CANCELLED else "draft"
        self.store.update(MEETINGS, meeting_id, {"status": status, "cancelled_from": ""})

    def delete_meeting(self, meeting_id: str) -> None:
        """Remove a draft meeting with its items and attendance (actions are kept)."""
        meeting = self.require(meeting_id)
        if meeting.status != "draft":
            raise MeetingInputError("Only a draft meeting can be deleted; this one is "
                                    f"{meeting.status_label.lower()}.")
        for table in (AGENDA_ITEMS, ATTENDANCE, DECISIONS):
            for record in self.store.where(table, meeting_id=meeting_id):
                self.store.delete(table, record["id"])
        self.store.delete(MEETINGS, meeting_id)

    # ---------------------------------------------------------------- agenda items
    def items(self, meeting_id: str) -> list[AgendaItem]:
        found = [from_record(AgendaItem, r)
                 for r in self.store.where(AGENDA_ITEMS, meeting_id=meeting_id)]
        return sorted(found, key=lambda i: (i.position, i.number, i.title))

    def item(self, item_id: str) -> AgendaItem | None:
        record = self.store.get(AGENDA_ITEMS, item_id) if item_id else None
        return from_record(AgendaItem, record) if record else None

    def require_item(self, item_id: str) -> AgendaItem:
        found = self.item(item_id)
        if found is None:
            raise MeetingInputError("That agenda item no longer exists (someone may have "
                                    "removed it).")
        return found

    def item_of_kind(self, meeting_id: str, kind: str) -> AgendaItem | None:
        return next((i for i in self.items(meeting_id) if i.kind == kind), None)

    def item_label(self, item: AgendaItem) -> str:
        """The fixed number once the agenda is issued, else the position."""
        return str(item.number or item.position)

    def action_source(self, action: Action) -> tuple[Meeting | None, AgendaItem | None]:
        """The meeting and agenda item an action came from (either may have been removed)."""
        return self.meeting(action.meeting_id), self.item(action.item_id)
