"""The chair's clocks: starting and ending the meeting and each item, time spent,
overruns and the projected end."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from .agenda import AgendaPlanning
from .model import (
    AGENDA_ITEMS,
    MEETINGS,
    AgendaItem,
    ItemClock,
    parse_local,
    stamp_local,
)


class ChairClock(AgendaPlanning):
    """Times kept in chair mode, as the room's wall clock saw them."""

    def start_meeting(self, meeting_id: str, at: datetime) -> None:
        meeting = self.require(meeting_id)
        fields: dict[str, Any] = {"ended_at": ""}
        if not meeting.started_at:
            fields["started_at"] = stamp_local(at)
        self.store.update(MEETINGS, meeting_id, fields)

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
        fields: dict[str, Any] = {"started_at": stamp_local(at), "ended_at": ""}
        started, ended = parse_local(item.started_at), parse_local(item.ended_at)
        if started and ended:
            fields["spent_seconds"] = item.spent_seconds + max(
                0, int((ended - started).total_seconds()))
        self.store.update(AGENDA_ITEMS, item_id, fields)

    def end_item(self, item_id: str, at: datetime) -> None:
        item = self.require_item(item_id)
        if item.running:
            self.store.update(AGENDA_ITEMS, item_id, {"ended_at": stamp_local(at)})

    def item_clock(self, item: AgendaItem, now: datetime) -> ItemClock:
        elapsed = item.spent_seconds
        started = parse_local(item.started_at)
        if started:
            until = parse_local(item.ended_at) or now.replace(tzinfo=None)
            elapsed += max(0, int((until - started).total_seconds()))
        planned = item.planned_minutes * 60
        return ItemClock(elapsed, planned, elapsed > planned)

    def meeting_clock(self, meeting_id: str, now: datetime) -> ItemClock:
        meeting = self.require(meeting_id)
        planned = self.planned_minutes(meeting_id) * 60
        started = parse_local(meeting.started_at)
        if not started:
            return ItemClock(0, planned, False)
        until = parse_local(meeting.ended_at) or now.replace(tzinfo=None)
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
            ended = parse_local(meeting.ended_at) or now
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
        fields: dict[str, Any] = {"ended_at": stamp_local(at), "end_time": f"{at:%H:%M}"}
        if not meeting.started_at:
            fields["started_at"] = stamp_local(at)
        if meeting.status in ("draft", "agenda_issued"):
            fields["status"] = "held"
        self.store.update(MEETINGS, meeting_id, fields)

