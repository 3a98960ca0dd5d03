"""Declarations of interest: who, about which item, what kind of interest, and what they did
(left the room, took no part in the vote, stayed). Minuted under the item concerned and listed
at the Declarations item.

A declaration is a record of its own (table ``declarations``), so it can be corrected or
removed before approval. Older records kept declarations as text on the item where they were
typed (``AgendaItem.declarations``); those are still shown as they are.
"""

from __future__ import annotations

from typing import Any

from ..corrections import apply_correction, remove_with_correction
from ..records import from_record
from .core import MeetingRecords
from .model import (
    DECLARATION_ACTIONS,
    DECLARATIONS,
    DEFAULT_DECLARATION_KINDS,
    AgendaItem,
    Declaration,
    MeetingInputError,
)

DECLARATIONS_KIND = "declarations"


class Declarations(MeetingRecords):
    """Interests declared at a meeting."""

    def declaration_kinds(self) -> tuple[str, ...]:
        kinds = getattr(getattr(self.content, "compact", None), "declaration_kinds", ())
        return tuple(kinds) or DEFAULT_DECLARATION_KINDS

    def default_declaration_item(self, current_item_id: str) -> str:
        """The item a declaration made now is about: the current one, unless that is the
        Declarations item itself (then the chair must say which)."""
        item = self.item(current_item_id)
        return "" if item is None or item.kind == DECLARATIONS_KIND else item.id

    def _declaration_fields(self, meeting_id: str, **fields: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in fields.items():
            text = str(value or "").strip()
            if name == "person" and not text:
                raise MeetingInputError("Say who is declaring the interest.")
            if name == "item_id" and text:
                item = self.item(text)
                if item is None or item.meeting_id != meeting_id:
                    raise MeetingInputError("Choose an item on this meeting's agenda.")
            if name == "action" and text and text not in DECLARATION_ACTIONS:
                raise MeetingInputError(
                    f'"{text}" is not something a person did: choose one of '
                    + ", ".join(label.lower() for label in DECLARATION_ACTIONS.values()) + ".")
            out[name] = text
        return out

    def declare_interest(self, made_at_item_id: str, person: str, interest: str, *,
                         item_id: str | None = None, kind: str = "",
                         action: str = "") -> str:
        """Record a declaration made while ``made_at_item_id`` was current; ``item_id`` is the
        item it concerns (default: that item, unless it is the Declarations item)."""
        made_at = self.require_item(made_at_item_id)
        self.require_unlocked(made_at.meeting_id)
        concerned = (self.default_declaration_item(made_at_item_id) if item_id is None
                     else item_id)
        fields = self._declaration_fields(made_at.meeting_id, person=person,
                                          interest=interest, item_id=concerned, kind=kind,
                                          action=action)
        return self.store.insert(DECLARATIONS, {
            "meeting_id": made_at.meeting_id, "made_at_item_id": made_at_item_id, **fields})

    def declarations(self, meeting_id: str) -> list[Declaration]:
        positions = {i.id: i.position for i in self.items(meeting_id)}
        found = [from_record(Declaration, r)
                 for r in self.store.where(DECLARATIONS, meeting_id=meeting_id)]
        return sorted(found, key=lambda d: (positions.get(d.item_id, 0),
                                            d.person.casefold(), d.updated_at))

    def declarations_about(self, item: AgendaItem) -> list[Declaration]:
        return [d for d in self.declarations(item.meeting_id) if d.item_id == item.id]

    def declaration(self, declaration_id: str) -> Declaration | None:
        record = self.store.get(DECLARATIONS, declaration_id) if declaration_id else None
        return from_record(Declaration, record) if record else None

    def _require_declaration(self, declaration_id: str) -> Declaration:
        found = self.declaration(declaration_id)
        if found is None:
            raise MeetingInputError("That declaration no longer exists.")
        self.require_unlocked(found.meeting_id)
        return found

    def correct_declaration(self, declaration_id: str, **fields: Any) -> list[str]:
        """Change person, item, kind, interest or what they did; each change is kept."""
        found = self._require_declaration(declaration_id)
        unknown = sorted(set(fields) - {"person", "item_id", "kind", "interest", "action"})
        if unknown:
            raise MeetingInputError(f"Unknown declaration field(s): {', '.join(unknown)}.")
        return apply_correction(self.store, DECLARATIONS, declaration_id,
                                self._declaration_fields(found.meeting_id, **fields),
                                meeting_id=found.meeting_id)

    def remove_declaration(self, declaration_id: str) -> None:
        found = self._require_declaration(declaration_id)
        remove_with_correction(self.store, DECLARATIONS, declaration_id,
                               f"{found.person}: {found.interest}",
                               meeting_id=found.meeting_id)
