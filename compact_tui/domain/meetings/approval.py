"""The minutes and their approval: the text of each item, approval as a true record, and
dated amendments afterwards."""

from __future__ import annotations

from datetime import date

from ..dates import iso, today
from ..records import from_record
from .core import MeetingRecords
from .model import (
    AGENDA_ITEMS,
    AMENDMENTS,
    MEETINGS,
    Amendment,
    Meeting,
    MeetingInputError,
)


class MinutesAndApproval(MeetingRecords):
    """Minutes text, approval and amendments."""

    def set_minutes(self, item_id: str, text: str) -> list[str]:
        item = self.require_item(item_id)
        self.require_unlocked(item.meeting_id)
        return self.store.update(AGENDA_ITEMS, item_id, {"minutes": text})

    def edit_minutes(self, item_id: str, base: str, text: str) -> str:
        """Store minutes typed on ``base`` without undoing others' words added since;
        returns the item's minutes afterwards (theirs and ours)."""
        item = self.require_item(item_id)
        self.require_unlocked(item.meeting_id)
        return self.store.edit_text(AGENDA_ITEMS, item_id, "minutes", base, text).text

    def minutes_of(self, item_id: str) -> str:
        item = self.item(item_id)
        return item.minutes if item else ""


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

