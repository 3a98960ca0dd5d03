"""Decisions and votes, and the actions agreed at a meeting (which then live in the action
log, ``domain/actions.py``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..actions import ACTIONS, Action
from ..dates import iso
from ..records import from_record, to_fields
from .core import MeetingRecords
from .model import (
    AGENDA_ITEMS,
    DECISIONS,
    Decision,
    MeetingInputError,
    next_ref,
    ref_key,
    votes_count,
)


class Decisions(MeetingRecords):
    """What a meeting decided and asked people to do."""

    def decisions(self, meeting_id: str) -> list[Decision]:
        found = [from_record(Decision, r)
                 for r in self.store.where(DECISIONS, meeting_id=meeting_id)]
        return sorted(found, key=lambda d: ref_key(d.ref))

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
        ref = next_ref((d.ref for d in self.decisions(meeting_id)), meeting.on)
        return self.store.insert(DECISIONS, {
            "meeting_id": meeting_id, "item_id": item_id, "ref": ref, "text": text.strip(),
            "votes_for": votes_count(votes_for, "for"),
            "votes_against": votes_count(votes_against, "against"),
            "votes_abstain": votes_count(votes_abstain, "abstaining")})

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
                fields[name] = votes_count(value, label)
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
        votes = {"votes_for": votes_count(for_, "for"),
                 "votes_against": votes_count(against, "against"),
                 "votes_abstain": votes_count(abstain, "abstaining")}
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
        ref = next_ref((a.ref for a in self.actions_for(meeting_id)), meeting.on)
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

