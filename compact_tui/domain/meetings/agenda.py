"""The agenda: items from a template, adding, moving and numbering them, planned times,
issuing the agenda, and deferring an item to the next meeting."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, time
from typing import TYPE_CHECKING, Any

from ..records import from_record, to_fields
from .core import MeetingRecords, validate_meeting_fields
from .model import (
    AGENDA_ITEMS,
    CLOSING_KINDS,
    LONGEST_ITEM_MINUTES,
    MEETINGS,
    PURPOSES,
    AgendaItem,
    Meeting,
    MeetingInputError,
    add_minutes,
)

if TYPE_CHECKING:
    from ...content.agenda_templates import AgendaTemplate


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



class AgendaPlanning(MeetingRecords):
    """Items of a meeting and their order, numbers and planned times."""

    def create_from_template(self, template: AgendaTemplate, on: date, start: time, *,
                             venue: str = "", video_link: str = "", chair: str = "",
                             minute_taker: str = "", title: str | None = None,
                             series: str = "") -> str:
        """A new draft meeting with the template's items (positions 1..n).

        Items deferred at earlier meetings and not yet placed on another agenda are added
        before "any other business".
        """
        fields = validate_meeting_fields(
            title=title if title is not None else self.default_title(template), date=on,
            start_time=start, venue=venue, video_link=video_link, chair=chair,
            minute_taker=minute_taker, series=series)
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
        return add_minutes(start, self.planned_minutes(meeting_id))

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
            out[item.id] = (add_minutes(start, minutes),
                            add_minutes(start, minutes + item.planned_minutes))
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
        """Place a deferred item on a later agenda, marked with the date it came from; a
        standing item the later agenda already has is not added twice."""
        source = self.meeting(item.meeting_id)
        already = next((other for other in self.items(meeting_id)
                        if (item.kind and other.kind == item.kind)
                        or (item.standing and other.standing
                            and other.title.casefold() == item.title.casefold())), None)
        if already is not None:
            self.store.update(AGENDA_ITEMS, item.id, {"deferred_to": meeting_id})
            return already.id
        copy_id = self.add_item(meeting_id, item.title, presenter=item.presenter,
                                planned_minutes=item.planned_minutes, purpose=item.purpose,
                                papers=item.papers, notes=item.notes)
        self.store.update(AGENDA_ITEMS, copy_id, {
            "deferred_from": item.id, "deferred_from_date": source.date if source else ""})
        self.store.update(AGENDA_ITEMS, item.id, {"deferred_to": meeting_id})
        return copy_id

    def items_not_reached(self, meeting_id: str) -> list[AgendaItem]:
        """Items of an ended meeting never started and not deferred (standing items aside:
        the next agenda has its own)."""
        return [i for i in self.items(meeting_id)
                if not i.started_at and not i.deferred and not i.standing and not i.kind]

    def carry_forward(self, meeting_id: str, to_meeting_id: str) -> list[str]:
        """Deferred items and items not reached go onto the next meeting's agenda."""
        placed = []
        for item in self.items_not_reached(meeting_id):
            self.store.update(AGENDA_ITEMS, item.id, {"deferred": True})
        for item in self.items(meeting_id):
            if item.deferred and not item.deferred_to:
                placed.append(self._copy_deferred(item, to_meeting_id))
        return placed

    def undefer_item(self, item_id: str) -> None:
        """Take an item back onto this agenda; a copy not yet discussed is removed."""
        item = self.require_item(item_id)
        if not item.deferred:
            return
        for other in self.items(item.deferred_to) if item.deferred_to else []:
            if other.deferred_from == item_id and not other.minutes and not other.started_at:
                self.remove_item(other.id)
        self.store.update(AGENDA_ITEMS, item_id, {"deferred": False, "deferred_to": ""})


