"""Decisions and votes, and the actions agreed at a meeting (which then live in the action
log, ``domain/actions.py``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..actions import ACTIONS, Action, ActionsService
from ..corrections import apply_correction, remove_with_correction
from ..dates import iso
from ..records import from_record, to_fields
from .core import MeetingRecords
from .model import (
    AGENDA_ITEMS,
    ATTENDANCE,
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

    def voting_members_present(self, meeting_id: str) -> int:
        """Members marked present (guests and officers in attendance do not vote)."""
        return len(self.store.where(ATTENDANCE, meeting_id=meeting_id, status="present"))

    def _vote_fields(self, meeting_id: str, votes: dict[str, Any], took_no_part: Any,
                     count_reason: str) -> dict[str, Any]:
        fields: dict[str, Any] = {name: votes_count(value, label)
                                  for name, (value, label) in votes.items()}
        if took_no_part is not None:
            names = took_no_part.split(";") if isinstance(took_no_part, str) else took_no_part
            fields["took_no_part"] = [n.strip() for n in names if str(n).strip()]
        cast = sum(v or 0 for v in fields.values() if isinstance(v, int))
        present = self.voting_members_present(meeting_id)
        if cast > present and not count_reason.strip():
            raise VoteCountError(cast, present)
        fields["count_reason"] = count_reason.strip() if cast > present else ""
        return fields

    def add_decision(self, meeting_id: str, item_id: str, text: str, *,
                     votes_for: Any = None, votes_against: Any = None,
                     votes_abstain: Any = None, took_no_part: Any = None,
                     count_reason: str = "") -> str:
        """A decision on any item. Votes cast cannot exceed the voting members present
        unless ``count_reason`` says why (VoteCountError asks for it)."""
        meeting = self.require_unlocked(meeting_id)
        if not text.strip():
            raise MeetingInputError("Write what was decided.")
        fields = self._vote_fields(meeting_id, {
            "votes_for": (votes_for, "for"), "votes_against": (votes_against, "against"),
            "votes_abstain": (votes_abstain, "abstaining")}, took_no_part or [], count_reason)
        ref = next_ref((d.ref for d in self.decisions(meeting_id)), meeting.on)
        return self.store.insert(DECISIONS, {
            "meeting_id": meeting_id, "item_id": item_id, "ref": ref, "text": text.strip(),
            **fields})

    def update_decision(self, decision_id: str, *, text: str | None = None,
                        votes_for: Any = ..., votes_against: Any = ...,
                        votes_abstain: Any = ..., took_no_part: Any = None,
                        count_reason: str = "") -> list[str]:
        """Correct a decision before approval; each changed field is kept with its old value."""
        decision = self.decision(decision_id)
        if decision is None:
            raise MeetingInputError("That decision no longer exists.")
        self.require_unlocked(decision.meeting_id)
        fields: dict[str, Any] = {}
        if text is not None:
            if not text.strip():
                raise MeetingInputError("Write what was decided.")
            fields["text"] = text.strip()
        votes = {name: (value if value is not ... else getattr(decision, name), label)
                 for name, value, label in (("votes_for", votes_for, "for"),
                                            ("votes_against", votes_against, "against"),
                                            ("votes_abstain", votes_abstain, "abstaining"))}
        fields.update(self._vote_fields(
            decision.meeting_id, votes,
            took_no_part if took_no_part is not None else decision.took_no_part,
            count_reason or decision.count_reason))
        return apply_correction(self.store, DECISIONS, decision_id, fields,
                                meeting_id=decision.meeting_id)

    def remove_decision(self, decision_id: str) -> None:
        decision = self.decision(decision_id)
        if decision is None:
            return
        self.require_unlocked(decision.meeting_id)
        remove_with_correction(self.store, DECISIONS, decision_id,
                               f"Decision {decision.ref}: {decision.text}",
                               meeting_id=decision.meeting_id)

    def record_votes(self, item_id: str, for_: Any, against: Any, abstain: Any, *,
                     took_no_part: Any = None, count_reason: str = "") -> list[str]:
        """A vote taken on the item, with who took no part; copied to its decisions that
        have no votes of their own. Capped like a decision's votes (VoteCountError asks for
        the reason, which is minuted)."""
        item = self.require_item(item_id)
        self.require_unlocked(item.meeting_id)
        fields = self._vote_fields(item.meeting_id, {
            "votes_for": (for_, "for"), "votes_against": (against, "against"),
            "votes_abstain": (abstain, "abstaining")},
            item.took_no_part if took_no_part is None else took_no_part,
            count_reason or item.count_reason)
        # The first count is recorded, not corrected: only a recount keeps old and new.
        written = (apply_correction(self.store, AGENDA_ITEMS, item_id, fields,
                                    meeting_id=item.meeting_id) if item.has_votes
                   else self.store.update(AGENDA_ITEMS, item_id, fields))
        for decision in self.decisions_for_item(item_id):
            if not decision.has_votes:
                self.store.update(DECISIONS, decision.id, fields)
        return written

    def clear_votes(self, item_id: str) -> list[str]:
        """Take a vote off the item (recorded in error); what it said is kept as a correction."""
        item = self.require_item(item_id)
        self.require_unlocked(item.meeting_id)
        return apply_correction(self.store, AGENDA_ITEMS, item_id, {
            "votes_for": None, "votes_against": None, "votes_abstain": None,
            "took_no_part": [], "count_reason": ""}, meeting_id=item.meeting_id)

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

    def correct_action(self, action_id: str, *, description: str | None = None,
                       owner_name: str | None = None, owner_organisation_id: str | None = None,
                       due: date | str | None = None, status: str | None = None) -> list[str]:
        """Correct an action agreed at this meeting, before its minutes are approved (after
        that, the action log changes status and due date, never the minuted wording)."""
        action = ActionsService(self.store).action(action_id)
        if action is None:
            raise MeetingInputError("That action no longer exists.")
        self.require_unlocked(action.meeting_id)
        return ActionsService(self.store).update_action(
            action_id, description=description, owner_name=owner_name,
            owner_organisation_id=owner_organisation_id, due=due, status=status)

    def remove_action(self, action_id: str) -> None:
        action = ActionsService(self.store).action(action_id)
        if action is None:
            return
        self.require_unlocked(action.meeting_id)
        remove_with_correction(self.store, ACTIONS, action_id,
                               f"Action {action.ref}: {action.description}",
                               meeting_id=action.meeting_id)


class VoteCountError(MeetingInputError):
    """More votes than voting members present: the chair must say why before it is kept."""

    def __init__(self, cast: int, present: int) -> None:
        self.cast, self.present = cast, present
        noun = "member is" if present == 1 else "members are"
        super().__init__(f"{cast} votes were counted but {present} voting {noun} marked "
                         "present. Say why the count is right (for example, members arrived "
                         "after attendance was taken), or correct the count.")
