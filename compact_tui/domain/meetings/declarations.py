"""Declarations of interest made at a meeting."""

from __future__ import annotations

from .core import MeetingRecords
from .model import (
    AGENDA_ITEMS,
    MeetingInputError,
)


class Declarations(MeetingRecords):
    """Interests declared on agenda items."""

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

