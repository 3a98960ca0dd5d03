"""Meetings, agenda items, attendance, decisions, minutes and the chair's clocks.

Tables: ``meetings``, ``agenda_items`` (``meeting_id``), ``attendance`` (``meeting_id``),
``decisions`` (``meeting_id``, ``item_id``), ``amendments`` (``meeting_id``). Actions live in
``actions`` (see ``actions.py``). Long texts such as an item's minutes are fields of their own
record, so two people editing different items never clash.

Chair-mode times are local wall-clock ISO datetimes ("2026-12-03T14:05:00"): the meeting
happens in one room, and the minutes quote the times as the room saw them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from .actions import ACTIONS, Action, ActionsService
from .dates import (
    DateInputError,
    format_date,
    from_iso,
    iso,
    parse_date,
    parse_time,
    today,
)
from .quick_entry import ACTION, APOLOGIES, DECISION, Owner, match_owner, parse_quick_entries
from .records import from_record, to_fields

if TYPE_CHECKING:
    from ..config import QuorumRule
    from ..content import Content
    from .agenda_templates import AgendaTemplate

MEETINGS = "meetings"
AGENDA_ITEMS = "agenda_items"
ATTENDANCE = "attendance"
DECISIONS = "decisions"
AMENDMENTS = "amendments"

DEFAULT_TITLE = "Brentwood Compact Steering Group"
MEETING_STATUSES = {
    "draft": "Draft",
    "agenda_issued": "Agenda issued",
    "held": "Held",
    "minutes_approved": "Minutes approved",
}
PURPOSES = {"information": "Information", "discussion": "Discussion", "decision": "Decision"}
ATTENDANCE_STATUSES = {"present": "Present", "apologies": "Apologies", "absent": "Absent",
                       "in_attendance": "In attendance"}
LONGEST_ITEM_MINUTES = 8 * 60
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
    updated_at: str = ""
    updated_by: str = ""

    @property
    def on(self) -> date | None:
        return from_iso(self.date)

    @property
    def status_label(self) -> str:
        return MEETING_STATUSES.get(self.status, self.status)

    @property
    def minutes_locked(self) -> bool:
        return self.status == "minutes_approved"

    @property
    def agenda_issued(self) -> bool:
        return self.status != "draft"

    @property
    def start(self) -> time | None:
        return _time_or_none(self.start_time)


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
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
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
    updated_at: str = ""
    updated_by: str = ""

    @property
    def has_votes(self) -> bool:
        return any(v is not None for v in (self.votes_for, self.votes_against,
                                           self.votes_abstain))


@dataclass
class Attendee:
    id: str = ""
    meeting_id: str = ""
    name: str = ""
    organisation_id: str = ""
    role: str = ""
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

    @property
    def remaining_seconds(self) -> int:
        return self.planned_seconds - self.elapsed_seconds


@dataclass(frozen=True)
class QuorumState:
    met: bool
    organisations_present: int
    statutory_present: int
    vcs_present: int
    explanation: str


@dataclass
class MattersArising:
    open_actions: list[Action] = field(default_factory=list)
    overdue_actions: list[Action] = field(default_factory=list)
    disputes_due: list[Any] = field(default_factory=list)
    signatories_due: list[tuple[Any, date]] = field(default_factory=list)
    assessments_awaiting: list[Any] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.open_actions or self.disputes_due or self.signatories_due
                    or self.assessments_awaiting)


# ----------------------------------------------------------------- validation helpers


def _time_or_none(text: str) -> time | None:
    try:
        return parse_time(text) if text else None
    except DateInputError:
        return None


def _parse_local(value: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return None


def _stamp(at: datetime) -> str:
    return at.replace(tzinfo=None, microsecond=0).isoformat()


def validate_meeting_fields(**fields: Any) -> dict[str, Any]:
    """Check typed meeting fields and return them as stored (ISO date, "HH:MM" times).

    Accepts ``date`` as a ``date`` or text (03/12/2026, 2026-12-03), times as ``time`` or text
    (14:00, 1400); raises MeetingInputError with a message for a person.
    """
    allowed = {"title", "date", "start_time", "end_time", "venue", "video_link", "chair",
               "minute_taker", "notes", "status", "template"}
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


def validate_item_fields(**fields: Any) -> dict[str, Any]:
    """Check agenda item fields (title, presenter, planned_minutes, purpose, papers, notes)."""
    allowed = {"title", "presenter", "planned_minutes", "purpose", "papers", "notes", "kind",
               "standing"}
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise MeetingInputError(f"Unknown agenda item field(s): {', '.join(unknown)}.")
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "title":
            if not str(value).strip():
                raise MeetingInputError("Give the agenda item a title.")
            out[name] = str(value).strip()
        elif name == "planned_minutes":
            text = str(value).strip()
            if not text.isdigit() or not 1 <= int(text) <= LONGEST_ITEM_MINUTES:
                raise MeetingInputError(
                    f'Planned minutes must be a whole number from 1 to {LONGEST_ITEM_MINUTES}, '
                    f'not "{text}".')
            out[name] = int(text)
        elif name == "purpose":
            key = str(value).strip().casefold()
            if key not in PURPOSES:
                raise MeetingInputError(
                    f'Purpose must be information, discussion or decision, not "{value}".')
            out[name] = key
        elif name == "papers":
            out[name] = _papers(value)
        elif name == "standing":
            out[name] = bool(value)
        else:
            out[name] = str(value or "").strip() if name != "notes" else str(value or "")
    return out


def _papers(value: Any) -> list[str]:
    """Papers as a list: from a list, or text with one paper per line (or separated by ";")."""
    parts = re.split(r"[\n;]", value) if isinstance(value, str) else [str(p) for p in value or ()]
    return [p.strip() for p in parts if p.strip()]


def _next_ref(existing: Iterable[str], on: date | None) -> str:
    month = f"{on:%Y-%m}" if on else "undated"
    numbers = [int(ref.partition("/")[2]) for ref in existing
               if ref.startswith(f"{month}/") and ref.partition("/")[2].isdigit()]
    return f"{month}/{max(numbers, default=0) + 1}"


def _votes(value: Any, label: str) -> int | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    if not text.isdigit():
        raise MeetingInputError(f'Votes {label} must be a whole number, not "{value}".')
    return int(text)


# ----------------------------------------------------------------------- the service


class MeetingsService:
    """Queries and changes to meetings, through the store's scripting API."""

    def __init__(self, store: Any, content: Content | None = None) -> None:
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
        upcoming = self.upcoming(on)
        return upcoming[0] if upcoming else None

    def latest_held(self, on: date | None = None) -> Meeting | None:
        """The most recent meeting on or before ``on`` (default today)."""
        when = iso(on or today())
        found = [m for m in self.meetings() if m.date and m.date <= when]
        return found[0] if found else None

    def previous_meeting(self, meeting_id: str) -> Meeting | None:
        current = self.require(meeting_id)
        key = (current.date, current.start_time)
        earlier = [m for m in self.meetings() if (m.date, m.start_time) < key]
        return earlier[0] if earlier else None

    def following_meeting(self, meeting_id: str) -> Meeting | None:
        current = self.require(meeting_id)
        key = (current.date, current.start_time)
        later = [m for m in self.meetings() if (m.date, m.start_time) > key]
        return later[-1] if later else None

    def default_title(self, template: AgendaTemplate | None = None) -> str:
        group = self.content.compact.steering_group if self.content else DEFAULT_TITLE
        if template is None or "steering group" in template.name.casefold():
            return group
        return f"{group}: {template.name}"

    def create_from_template(self, template: AgendaTemplate, on: date, start: time, *,
                             venue: str = "", video_link: str = "", chair: str = "",
                             minute_taker: str = "", title: str | None = None) -> str:
        """A new draft meeting with the template's items (positions 1..n).

        Items deferred at earlier meetings and not yet placed on another agenda are added
        before "any other business".
        """
        fields = validate_meeting_fields(
            title=title if title is not None else self.default_title(template), date=on,
            start_time=start, venue=venue, video_link=video_link, chair=chair,
            minute_taker=minute_taker)
        meeting_id = self.store.insert(MEETINGS, {
            **to_fields(Meeting()), **fields, "template": template.key, "status": "draft"})
        for position, item in enumerate(template.items, start=1):
            self.store.insert(AGENDA_ITEMS, to_fields(AgendaItem(
                meeting_id=meeting_id, position=position, title=item.title,
                presenter=item.presenter, planned_minutes=item.planned_minutes,
                purpose=item.purpose, kind=item.kind or "", standing=item.standing)))
        for waiting in self._deferred_waiting(on):
            self._copy_deferred(waiting, meeting_id)
        return meeting_id

    def _deferred_waiting(self, before: date) -> list[AgendaItem]:
        dates = {m.id: m.date for m in self.meetings()}
        waiting = [from_record(AgendaItem, r) for r in self.store.all(AGENDA_ITEMS)
                   if r.get("deferred") and not r.get("deferred_to")
                   and dates.get(r.get("meeting_id", ""), "9999") < before.isoformat()]
        return sorted(waiting, key=lambda i: (dates.get(i.meeting_id, ""), i.position))

    def update_meeting(self, meeting_id: str, **fields: Any) -> list[str]:
        self.require(meeting_id)
        return self.store.update(MEETINGS, meeting_id, validate_meeting_fields(**fields))

    @staticmethod
    def validate_meeting_fields(**fields: Any) -> dict[str, Any]:
        return validate_meeting_fields(**fields)

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

    def add_item(self, meeting_id: str, title: str, *, presenter: str = "",
                 planned_minutes: int = 10, purpose: str = "discussion",
                 papers: Sequence[str] | str = (), notes: str = "",
                 position: int | None = None) -> str:
        """Add an item before the closing items (AOB, next meeting) or at ``position``."""
        meeting = self.require_unlocked(meeting_id)
        fields = validate_item_fields(title=title, presenter=presenter,
                                      planned_minutes=planned_minutes, purpose=purpose,
                                      papers=papers, notes=notes)
        items = self.items(meeting_id)
        if position is None:
            closing = [i.position for i in items if i.kind in CLOSING_KINDS]
            position = min(closing) if closing else len(items) + 1
        number = self._next_number(items) if meeting.agenda_issued else 0
        item_id = self.store.insert(AGENDA_ITEMS, {
            **to_fields(AgendaItem()), **fields, "meeting_id": meeting_id, "position": position,
            "number": number})
        self._renumber_positions(meeting_id, first=item_id)
        return item_id

    @staticmethod
    def _next_number(items: Sequence[AgendaItem]) -> int:
        return max((i.number for i in items), default=0) + 1

    def _renumber_positions(self, meeting_id: str, first: str = "") -> None:
        """Positions 1..n in the current order; ``first`` wins a tie for its place."""
        items = sorted(self.items(meeting_id),
                       key=lambda i: (i.position, i.id != first, i.number))
        for position, item in enumerate(items, start=1):
            if item.position != position:
                self.store.update(AGENDA_ITEMS, item.id, {"position": position})

    def update_item(self, item_id: str, **fields: Any) -> list[str]:
        self.require_unlocked(self.require_item(item_id).meeting_id)
        return self.store.update(AGENDA_ITEMS, item_id, validate_item_fields(**fields))

    def remove_item(self, item_id: str) -> None:
        item = self.require_item(item_id)
        self.require_unlocked(item.meeting_id)
        self.store.delete(AGENDA_ITEMS, item_id)
        self._renumber_positions(item.meeting_id)

    def move_item(self, item_id: str, delta: int) -> bool:
        """Move up (-1) or down (+1); False at either end. Issued numbers never change."""
        item = self.require_item(item_id)
        items = self.items(item.meeting_id)
        index = next(i for i, it in enumerate(items) if it.id == item_id)
        target = index + delta
        if not 0 <= target < len(items) or delta == 0:
            return False
        items.insert(target, items.pop(index))
        for position, each in enumerate(items, start=1):
            if each.position != position:
                self.store.update(AGENDA_ITEMS, each.id, {"position": position})
        return True

    def planned_minutes(self, meeting_id: str) -> int:
        return sum(i.planned_minutes for i in self.items(meeting_id) if not i.deferred)

    def planned_end(self, meeting_id: str) -> time | None:
        meeting = self.require(meeting_id)
        start = meeting.start
        if start is None:
            return None
        return _add_minutes(start, self.planned_minutes(meeting_id))

    def item_times(self, meeting_id: str) -> dict[str, tuple[time, time]]:
        """Planned start and end of each (not deferred) item, from the meeting's start."""
        meeting = self.require(meeting_id)
        start = meeting.start
        out: dict[str, tuple[time, time]] = {}
        if start is None:
            return out
        minutes = 0
        for item in self.items(meeting_id):
            if item.deferred:
                continue
            out[item.id] = (_add_minutes(start, minutes),
                            _add_minutes(start, minutes + item.planned_minutes))
            minutes += item.planned_minutes
        return out

    def issue_agenda(self, meeting_id: str) -> None:
        """Freeze item numbers (in the current order) and mark the agenda issued."""
        meeting = self.require(meeting_id)
        items = self.items(meeting_id)
        taken = {i.number for i in items if i.number}
        next_free = max(taken, default=0) + 1
        for item in items:
            if not item.number:
                self.store.update(AGENDA_ITEMS, item.id, {"number": next_free})
                next_free += 1
        if meeting.status == "draft":
            self.store.update(MEETINGS, meeting_id, {"status": "agenda_issued"})

    # -------------------------------------------------------------- matters arising

    def matters_arising(self, meeting_id: str) -> MattersArising:
        from .assessments import AssessmentsService
        from .disputes import DisputesService
        from .register import RegisterService

        meeting = self.require(meeting_id)
        on = meeting.on or today()
        earlier = {m.id for m in self.meetings() if m.date < meeting.date}
        open_actions = [a for a in ActionsService(self.store).all_actions()
                        if a.is_open and a.meeting_id in earlier]
        disputes_due = [d for d in DisputesService(self.store).open_disputes()
                        if d.next_step_due and d.next_step_due <= on.isoformat()]
        return MattersArising(
            open_actions=open_actions,
            overdue_actions=[a for a in open_actions if a.is_overdue(on)],
            disputes_due=disputes_due,
            signatories_due=RegisterService(self.store).due_for_update(on),
            assessments_awaiting=AssessmentsService(self.store).awaiting_review(),
        )

    def matters_arising_lines(self, meeting_id: str) -> list[str]:
        """Plain-text lines; confidential disputes never show their details."""
        meeting = self.require(meeting_id)
        on = meeting.on or today()
        arising = self.matters_arising(meeting_id)
        names = ActionsService(self.store).organisation_names()
        from .actions import owner_label

        lines = []
        for action in arising.open_actions:
            owner = owner_label(action, names) or "no owner yet"
            due = (f"due {format_date(action.due)}" if action.due else "no due date")
            overdue = " (overdue)" if action.is_overdue(on) else ""
            lines.append(f"Action {action.ref} ({owner}: {action.description}): "
                         f"{action.status_label.lower()}, {due}{overdue}")
        for dispute in arising.disputes_due:
            due = format_date(dispute.next_step_due)
            if dispute.confidential:
                lines.append(f"A confidential dispute: next step due {due}")
            else:
                step = f": {dispute.next_step}" if dispute.next_step else ""
                lines.append(f"Dispute \"{dispute.title}\": next step due {due}{step}")
        for organisation, due_on in arising.signatories_due:
            lines.append(f"{organisation.name}: annual update of Compact details due "
                         f"{format_date(due_on)}")
        for summary in arising.assessments_awaiting:
            organisation = names.get(summary.organisation_id, "An organisation")
            lines.append(f"{organisation}: {summary.kind_label.lower()} {summary.year} "
                         "awaiting review")
        return lines

    # ------------------------------------------------------------------ chair mode

    def start_meeting(self, meeting_id: str, at: datetime) -> None:
        meeting = self.require(meeting_id)
        fields: dict[str, Any] = {"ended_at": ""}
        if not meeting.started_at:
            fields["started_at"] = _stamp(at)
        self.store.update(MEETINGS, meeting_id, fields)

    def running_item(self, meeting_id: str) -> AgendaItem | None:
        return next((i for i in self.items(meeting_id) if i.running), None)

    def start_item(self, item_id: str, at: datetime) -> None:
        """Make this the current item; the running one ends. Going back resumes its clock."""
        item = self.require_item(item_id)
        meeting = self.require(item.meeting_id)
        if not meeting.started_at:
            self.start_meeting(meeting.id, at)
        for other in self.items(item.meeting_id):
            if other.running and other.id != item_id:
                self.end_item(other.id, at)
        if item.running:
            return
        fields: dict[str, Any] = {"started_at": _stamp(at), "ended_at": ""}
        started, ended = _parse_local(item.started_at), _parse_local(item.ended_at)
        if started and ended:
            fields["spent_seconds"] = item.spent_seconds + max(
                0, int((ended - started).total_seconds()))
        self.store.update(AGENDA_ITEMS, item_id, fields)

    def end_item(self, item_id: str, at: datetime) -> None:
        item = self.require_item(item_id)
        if item.running:
            self.store.update(AGENDA_ITEMS, item_id, {"ended_at": _stamp(at)})

    def item_clock(self, item: AgendaItem, now: datetime) -> ItemClock:
        elapsed = item.spent_seconds
        started = _parse_local(item.started_at)
        if started:
            until = _parse_local(item.ended_at) or now.replace(tzinfo=None)
            elapsed += max(0, int((until - started).total_seconds()))
        planned = item.planned_minutes * 60
        return ItemClock(elapsed, planned, elapsed > planned)

    def meeting_clock(self, meeting_id: str, now: datetime) -> ItemClock:
        meeting = self.require(meeting_id)
        planned = self.planned_minutes(meeting_id) * 60
        started = _parse_local(meeting.started_at)
        if not started:
            return ItemClock(0, planned, False)
        until = _parse_local(meeting.ended_at) or now.replace(tzinfo=None)
        elapsed = max(0, int((until - started).total_seconds()))
        return ItemClock(elapsed, planned, elapsed > planned)

    def projected_end(self, meeting_id: str, now: datetime) -> time:
        """When the meeting will end if the remaining items take their planned time."""
        meeting = self.require(meeting_id)
        items = [i for i in self.items(meeting_id) if not i.deferred]
        if not meeting.started_at:
            start = datetime.combine(meeting.on or now.date(), meeting.start or now.time())
            end = start + timedelta(minutes=sum(i.planned_minutes for i in items))
            return end.time().replace(second=0, microsecond=0)
        if meeting.ended_at:
            ended = _parse_local(meeting.ended_at) or now
            return ended.time().replace(second=0, microsecond=0)
        now = now.replace(tzinfo=None)
        remaining = 0
        for item in items:
            if item.running:
                remaining += max(0, item.planned_minutes * 60 - self.item_clock(item, now)
                                 .elapsed_seconds)
            elif not item.started_at:
                remaining += item.planned_minutes * 60
        end = now + timedelta(seconds=remaining)
        return end.time().replace(second=0, microsecond=0)

    def end_meeting(self, meeting_id: str, at: datetime) -> None:
        meeting = self.require(meeting_id)
        for item in self.items(meeting_id):
            if item.running:
                self.end_item(item.id, at)
        fields: dict[str, Any] = {"ended_at": _stamp(at), "end_time": f"{at:%H:%M}"}
        if not meeting.started_at:
            fields["started_at"] = _stamp(at)
        if meeting.status in ("draft", "agenda_issued"):
            fields["status"] = "held"
        self.store.update(MEETINGS, meeting_id, fields)

    # ---------------------------------------------------------------------- minutes

    def set_minutes(self, item_id: str, text: str) -> list[str]:
        item = self.require_item(item_id)
        self.require_unlocked(item.meeting_id)
        return self.store.update(AGENDA_ITEMS, item_id, {"minutes": text})

    def owner_candidates(self) -> list[Owner]:
        return ActionsService(self.store).owner_candidates()

    def apply_quick_entries(self, item_id: str) -> list[str]:
        """Turn new quick-entry lines in the item's minutes into records, once each.

        A processed line is remembered by its words. When an action or decision line is
        edited afterwards (a due date corrected), the record it made is updated rather than
        a second one created. A line that cannot be read is reported once.
        """
        item = self.require_item(item_id)
        meeting = self.require(item.meeting_id)
        if meeting.minutes_locked:
            return []
        owners = self.owner_candidates()
        entries = parse_quick_entries(item.minutes, owners)
        present = {entry.key for entry in entries}
        done = list(item.quick_entries_done)
        made = dict(item.quick_entry_records)
        messages: list[str] = []
        for entry in entries:
            if entry.key in done:
                continue
            edited = self._edited_entry(entry, entries, made, present)
            if edited is not None:
                info = made.pop(edited)
                messages.append(self._update_from_entry(entry, info))
                done = [key for key in done if key != edited]
                record_id = str(info.get("id", ""))
            elif entry.kind == ACTION:
                message, record_id = self._quick_action(meeting, item, entry)
                messages.append(message)
            elif entry.kind == DECISION:
                record_id = ""
                if entry.text:
                    record_id = self.add_decision(meeting.id, item.id, entry.text)
                    ref = self.decision(record_id).ref  # type: ignore[union-attr]
                    messages.append(f"Decision {ref} recorded.")
                else:
                    messages.append(f"Line {entry.line_number}: {entry.problem}; nothing "
                                    "recorded.")
            elif entry.kind == APOLOGIES:
                record_id = ""
                messages.append(self._quick_apologies(meeting, entry, owners))
            else:
                record_id = ""
                if entry.problem:
                    messages.append(f"Line {entry.line_number}: {entry.problem}.")
                else:
                    self.declare_interest(item.id, entry.who, entry.text)
                    messages.append(f"Declaration of interest recorded for {entry.who}.")
            if record_id:
                made[entry.key] = {"kind": entry.kind, "id": record_id,
                                   "line": entry.line_number}
            done.append(entry.key)
        fields: dict[str, Any] = {}
        if done != item.quick_entries_done:
            fields["quick_entries_done"] = done
        if made != item.quick_entry_records:
            fields["quick_entry_records"] = made
        if fields:
            self.store.update(AGENDA_ITEMS, item.id, fields)
        return messages

    @staticmethod
    def _edited_entry(entry: Any, entries: Sequence[Any], made: dict[str, dict[str, Any]],
                      present: set[str]) -> str | None:
        """The remembered line this new line replaces: same kind, gone from the text, and
        either on the same line or the only such line."""
        if entry.kind not in (ACTION, DECISION):
            return None
        gone = [key for key, info in made.items()
                if info.get("kind") == entry.kind and key not in present]
        same_line = [key for key in gone if made[key].get("line") == entry.line_number]
        if same_line:
            return same_line[0]
        new_of_kind = [e for e in entries if e.kind == entry.kind and e.key not in made]
        return gone[0] if len(gone) == 1 and len(new_of_kind) == 1 else None

    def _update_from_entry(self, entry: Any, info: dict[str, Any]) -> str:
        info_id = str(info.get("id", ""))
        if entry.kind == DECISION:
            decision = self.decision(info_id)
            if decision is None or not entry.text:
                return f"Line {entry.line_number}: the decision it made was removed; not changed."
            self.update_decision(info_id, text=entry.text)
            return f"Decision {decision.ref} updated."
        log = ActionsService(self.store)
        action = log.action(info_id)
        if action is None:
            return f"Line {entry.line_number}: the action it made was removed; not changed."
        owner: Owner | None = entry.owner
        fields: dict[str, Any] = {
            "description": entry.text or action.description,
            "owner_name": (owner.name if owner and owner.is_person else
                           "" if owner else entry.owner_text),
            "owner_organisation_id": owner.organisation_id if owner else "",
            "due": iso(entry.due),
            "flag": (f'due date "{entry.due_text}" could not be read'
                     if entry.due_text and entry.due is None else "")}
        self.store.update(ACTIONS, info_id, fields)
        message = f"Action {action.ref} updated"
        if entry.due:
            message += f", due {format_date(entry.due)}"
        return message + (f" (check: {entry.problem})." if entry.problem else ".")

    def _quick_apologies(self, meeting: Meeting, entry: Any, owners: Sequence[Owner]) -> str:
        if not entry.names:
            return f"Line {entry.line_number}: {entry.problem}."
        recorded = []
        for name in entry.names:
            found = match_owner(name, owners)
            if found and not found.is_person:
                self.set_attendance(meeting.id, organisation_id=found.organisation_id,
                                    status="apologies")
            elif found:
                self.set_attendance(meeting.id, organisation_id=found.organisation_id,
                                    name=found.name, status="apologies")
            else:
                self.set_attendance(meeting.id, name=name, status="apologies")
            recorded.append(found.name if found else name)
        return "Apologies recorded: " + "; ".join(recorded) + "."

    def _quick_action(self, meeting: Meeting, item: AgendaItem,
                      entry: Any) -> tuple[str, str]:
        owner: Owner | None = entry.owner
        owner_name = ""
        organisation_id = ""
        if owner is not None:
            organisation_id = owner.organisation_id
            owner_name = owner.name if owner.is_person else ""
        elif entry.owner_text:
            owner_name = entry.owner_text
        flag = ""
        if entry.due_text and entry.due is None:
            flag = f'due date "{entry.due_text}" could not be read'
        action_id = self.add_action(meeting.id, item.id, entry.text or entry.line,
                                    owner_name=owner_name,
                                    owner_organisation_id=organisation_id, due=entry.due,
                                    flag=flag)
        action = ActionsService(self.store).action(action_id)
        assert action is not None
        message = f"Action {action.ref} recorded"
        who = owner.name if owner else entry.owner_text
        if who:
            message += f" for {who}"
        if entry.due:
            message += f", due {format_date(entry.due)}"
        notes = []
        if entry.problem:
            notes.append(entry.problem)
        if entry.owner_text and owner is None:
            notes.append(f'"{entry.owner_text}" is not in the register; kept as typed')
        notes.extend(p for p in action.problems() if p not in notes and not p.startswith("due"))
        return message + (f" (check: {'; '.join(notes)})." if notes else "."), action_id

    def add_amendment(self, meeting_id: str, text: str, on: date | None = None) -> str:
        """A dated change to approved (locked) minutes."""
        self.require(meeting_id)
        if not text.strip():
            raise MeetingInputError("Write the amendment to the minutes.")
        return self.store.insert(AMENDMENTS, {"meeting_id": meeting_id, "text": text.strip(),
                                              "on": iso(on or today())})

    def amendments(self, meeting_id: str) -> list[Amendment]:
        found = [from_record(Amendment, r)
                 for r in self.store.where(AMENDMENTS, meeting_id=meeting_id)]
        return sorted(found, key=lambda a: (a.on, a.updated_at))

    def approve_minutes(self, meeting_id: str, approved_at_meeting_id: str | None = None,
                        on: date | None = None) -> None:
        meeting = self.require(meeting_id)
        approver = self.meeting(approved_at_meeting_id or "")
        approved_on = on or (approver.on if approver and approver.on else today())
        if meeting.minutes_locked:
            return
        self.store.update(MEETINGS, meeting_id, {
            "status": "minutes_approved", "approved_at_meeting_id": approved_at_meeting_id or "",
            "approved_on": iso(approved_on)})

    def approve_previous_minutes(self, meeting_id: str) -> Meeting | None:
        """The "minutes of the last meeting" item: approve the previous meeting's minutes."""
        previous = self.previous_meeting(meeting_id)
        if previous is None:
            return None
        self.approve_minutes(previous.id, meeting_id)
        return self.meeting(previous.id)

    # ------------------------------------------------------------------- attendance

    def attendance(self, meeting_id: str) -> list[Attendee]:
        order = {key: n for n, key in enumerate(ATTENDANCE_STATUSES)}
        found = [from_record(Attendee, r)
                 for r in self.store.where(ATTENDANCE, meeting_id=meeting_id)]
        return sorted(found, key=lambda a: (order.get(a.status, 9), a.name.casefold(),
                                            a.organisation_id))

    def _find_attendee(self, meeting_id: str, organisation_id: str,
                       name: str) -> Attendee | None:
        wanted = name.strip().casefold()
        for attendee in self.attendance(meeting_id):
            if wanted:
                if attendee.name.strip().casefold() == wanted and (
                        not organisation_id or not attendee.organisation_id
                        or attendee.organisation_id == organisation_id):
                    return attendee
            elif not attendee.name and attendee.organisation_id == organisation_id:
                return attendee
        return None

    def set_attendance(self, meeting_id: str, *, organisation_id: str = "", name: str = "",
                       status: str, role: str = "") -> str:
        """One record per person (or per organisation when no name): updated if it exists."""
        self.require_unlocked(meeting_id)
        if status not in ATTENDANCE_STATUSES:
            raise MeetingInputError(f'"{status}" is not an attendance status.')
        if not organisation_id and not name.strip():
            raise MeetingInputError("Choose an organisation or type a name.")
        existing = self._find_attendee(meeting_id, organisation_id, name)
        if status == "present" and organisation_id:
            self._drop_organisation_absence(meeting_id, organisation_id,
                                            keep=existing.id if existing else "")
        if existing:
            fields: dict[str, Any] = {"status": status}
            if role:
                fields["role"] = role
            if organisation_id and not existing.organisation_id:
                fields["organisation_id"] = organisation_id
            self.store.update(ATTENDANCE, existing.id, fields)
            return existing.id
        return self.store.insert(ATTENDANCE, {
            "meeting_id": meeting_id, "name": name.strip(), "organisation_id": organisation_id,
            "role": role.strip(), "status": status})

    def _drop_organisation_absence(self, meeting_id: str, organisation_id: str,
                                   keep: str) -> None:
        """Someone from an organisation turned up: its apologies (or absence) no longer stand."""
        for attendee in self.attendance(meeting_id):
            if (attendee.organisation_id == organisation_id and attendee.id != keep
                    and not attendee.name and attendee.status in ("apologies", "absent")):
                self.store.delete(ATTENDANCE, attendee.id)

    def add_guest(self, meeting_id: str, name: str, organisation: str = "",
                  role: str = "") -> str:
        """Someone in attendance who does not represent a signatory (a presenter, the
        minute taker). ``organisation`` is free text, kept in the role."""
        if not name.strip():
            raise MeetingInputError("Type the guest's name.")
        label = ", ".join(part.strip() for part in (organisation, role) if part.strip())
        return self.set_attendance(meeting_id, name=name, status="in_attendance", role=label)

    def remove_attendee(self, attendee_id: str) -> None:
        record = self.store.get(ATTENDANCE, attendee_id)
        if record is None:
            return
        self.require_unlocked(record.get("meeting_id", ""))
        self.store.delete(ATTENDANCE, attendee_id)

    def quorum(self, meeting_id: str, rule: QuorumRule) -> QuorumState:
        """Counts active signatory organisations with someone present (guests do not count)."""
        from .register import STATUTORY, VCS, RegisterService

        register = {o.id: o for o in RegisterService(self.store).organisations(
            include_inactive=False)}
        present = {a.organisation_id for a in self.attendance(meeting_id)
                   if a.status == "present" and a.organisation_id in register}
        statutory = sum(1 for o in present if register[o].sector_group == STATUTORY)
        vcs = sum(1 for o in present if register[o].sector_group == VCS)
        count = len(present)
        problems = []
        if count < rule.min_organisations:
            problems.append(f"{count} of the {rule.min_organisations} signatory organisations "
                            "needed are present")
        if rule.both_sectors:
            if not statutory:
                problems.append("no statutory organisation is present")
            if not vcs:
                problems.append("no voluntary or community organisation is present")
        noun = "organisation" if count == 1 else "organisations"
        if problems:
            explanation = "Not quorate: " + "; ".join(problems) + "."
        else:
            sectors = ", both sectors represented" if rule.both_sectors else ""
            explanation = f"{count} signatory {noun} present{sectors} — quorate."
        return QuorumState(not problems, count, statutory, vcs, explanation)

    # ------------------------------------------------------- declarations, decisions

    def declare_interest(self, item_id: str, who: str, interest: str) -> None:
        item = self.require_item(item_id)
        self.require_unlocked(item.meeting_id)
        if not who.strip():
            raise MeetingInputError("Say who is declaring the interest.")
        entry = f"{who.strip()}: {interest.strip()}" if interest.strip() else who.strip()
        if entry not in item.declarations:
            self.store.update(AGENDA_ITEMS, item_id,
                              {"declarations": [*item.declarations, entry]})

    def remove_declaration(self, item_id: str, entry: str) -> None:
        item = self.require_item(item_id)
        self.require_unlocked(item.meeting_id)
        self.store.update(AGENDA_ITEMS, item_id,
                          {"declarations": [d for d in item.declarations if d != entry]})

    def decisions(self, meeting_id: str) -> list[Decision]:
        found = [from_record(Decision, r)
                 for r in self.store.where(DECISIONS, meeting_id=meeting_id)]
        return sorted(found, key=lambda d: _ref_key(d.ref))

    def decision(self, decision_id: str) -> Decision | None:
        record = self.store.get(DECISIONS, decision_id)
        return from_record(Decision, record) if record else None

    def decisions_for_item(self, item_id: str) -> list[Decision]:
        item = self.require_item(item_id)
        return [d for d in self.decisions(item.meeting_id) if d.item_id == item_id]

    def add_decision(self, meeting_id: str, item_id: str, text: str, *,
                     votes_for: int | None = None, votes_against: int | None = None,
                     votes_abstain: int | None = None) -> str:
        meeting = self.require_unlocked(meeting_id)
        if not text.strip():
            raise MeetingInputError("Write what was decided.")
        ref = _next_ref((d.ref for d in self.decisions(meeting_id)), meeting.on)
        return self.store.insert(DECISIONS, {
            "meeting_id": meeting_id, "item_id": item_id, "ref": ref, "text": text.strip(),
            "votes_for": _votes(votes_for, "for"),
            "votes_against": _votes(votes_against, "against"),
            "votes_abstain": _votes(votes_abstain, "abstaining")})

    def update_decision(self, decision_id: str, *, text: str | None = None,
                        votes_for: Any = ..., votes_against: Any = ...,
                        votes_abstain: Any = ...) -> list[str]:
        decision = self.decision(decision_id)
        if decision is None:
            raise MeetingInputError("That decision no longer exists.")
        self.require_unlocked(decision.meeting_id)
        fields: dict[str, Any] = {}
        if text is not None:
            if not text.strip():
                raise MeetingInputError("Write what was decided.")
            fields["text"] = text.strip()
        for name, value, label in (("votes_for", votes_for, "for"),
                                   ("votes_against", votes_against, "against"),
                                   ("votes_abstain", votes_abstain, "abstaining")):
            if value is not ...:
                fields[name] = _votes(value, label)
        return self.store.update(DECISIONS, decision_id, fields) if fields else []

    def remove_decision(self, decision_id: str) -> None:
        decision = self.decision(decision_id)
        if decision is None:
            return
        self.require_unlocked(decision.meeting_id)
        self.store.delete(DECISIONS, decision_id)

    def record_votes(self, item_id: str, for_: Any, against: Any, abstain: Any) -> None:
        """Votes on the item; copied to its decisions that have none of their own yet."""
        self.require_unlocked(self.require_item(item_id).meeting_id)
        votes = {"votes_for": _votes(for_, "for"), "votes_against": _votes(against, "against"),
                 "votes_abstain": _votes(abstain, "abstaining")}
        self.store.update(AGENDA_ITEMS, item_id, votes)
        for decision in self.decisions_for_item(item_id):
            if not decision.has_votes:
                self.store.update(DECISIONS, decision.id, votes)

    def add_action(self, meeting_id: str, item_id: str, description: str, *,
                   owner_name: str = "", owner_organisation_id: str = "",
                   due: date | None = None, flag: str = "") -> str:
        meeting = self.require_unlocked(meeting_id)
        if not description.strip():
            raise MeetingInputError("Describe the action, for example \"Circulate the "
                                    "consultation draft\".")
        ref = _next_ref((a.ref for a in self.actions_for(meeting_id)), meeting.on)
        return self.store.insert(ACTIONS, to_fields(Action(
            ref=ref, meeting_id=meeting_id, item_id=item_id, description=description.strip(),
            owner_name=owner_name.strip(), owner_organisation_id=owner_organisation_id,
            due=iso(due), status="open", flag=flag)))

    def actions_for(self, meeting_id: str) -> list[Action]:
        found = [from_record(Action, r)
                 for r in self.store.where(ACTIONS, meeting_id=meeting_id)]
        return sorted(found, key=lambda a: a.ref_key)

    def actions_for_item(self, item_id: str) -> list[Action]:
        item = self.require_item(item_id)
        return [a for a in self.actions_for(item.meeting_id) if a.item_id == item_id]

    # ---------------------------------------------------------------------- defer

    def defer_item(self, item_id: str) -> str | None:
        """Mark deferred and copy to the next meeting's agenda; returns the copy's id, or
        None when there is no next meeting yet (``create_from_template`` picks it up)."""
        item = self.require_item(item_id)
        if item.deferred:
            return item.deferred_to or None
        self.require_unlocked(item.meeting_id)
        self.store.update(AGENDA_ITEMS, item_id, {"deferred": True})
        following = self.following_meeting(item.meeting_id)
        if following is None:
            return None
        return self._copy_deferred(self.require_item(item_id), following.id)

    def _copy_deferred(self, item: AgendaItem, meeting_id: str) -> str:
        copy_id = self.add_item(meeting_id, item.title, presenter=item.presenter,
                                planned_minutes=item.planned_minutes, purpose=item.purpose,
                                papers=item.papers, notes=item.notes)
        self.store.update(AGENDA_ITEMS, copy_id, {"deferred_from": item.id})
        self.store.update(AGENDA_ITEMS, item.id, {"deferred_to": meeting_id})
        return copy_id

    def undefer_item(self, item_id: str) -> None:
        """Take an item back onto this agenda; a copy not yet discussed is removed."""
        item = self.require_item(item_id)
        if not item.deferred:
            return
        for other in self.items(item.deferred_to) if item.deferred_to else []:
            if other.deferred_from == item_id and not other.minutes and not other.started_at:
                self.remove_item(other.id)
        self.store.update(AGENDA_ITEMS, item_id, {"deferred": False, "deferred_to": ""})


def _ref_key(ref: str) -> tuple[str, int]:
    month, _, number = ref.partition("/")
    return (month, int(number) if number.isdigit() else 0)


def _add_minutes(start: time, minutes: int) -> time:
    moment = datetime.combine(date(2000, 1, 1), start) + timedelta(minutes=minutes)
    return moment.time()
