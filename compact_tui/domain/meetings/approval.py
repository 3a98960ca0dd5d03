"""The minutes and their approval: the text of each item, approval as a true record, and
dated amendments afterwards."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..dates import format_date, iso, today
from ..records import from_record
from .attendance import Attendance
from .model import (
    AGENDA_ITEMS,
    AMENDMENTS,
    MEETINGS,
    Amendment,
    Meeting,
    MeetingInputError,
)

if TYPE_CHECKING:
    from ..quorum import QuorumRule


class MinutesAndApproval(Attendance):
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

    def approval_questions(self, meeting_id: str, approved_at_meeting_id: str = "",
                           quorum_rule: QuorumRule | None = None) -> list[str]:
        """What a chair must answer before approving these minutes as a true record: a
        meeting that was not held, or an approving meeting that is not quorate."""
        meeting = self.require(meeting_id)
        questions = []
        held = meeting.status in ("held", "minutes_approved") or bool(meeting.started_at)
        if not held and meeting.on and meeting.on > today():
            questions.append(f"The meeting of {format_date(meeting.on)} has not happened yet.")
        elif not held:
            questions.append(f"The meeting of {format_date(meeting.date)} was never recorded "
                             "as held (it was not run in chair mode or ended).")
        if approved_at_meeting_id and quorum_rule is not None:
            state = self.quorum(approved_at_meeting_id, quorum_rule)
            if not state.met:
                questions.append(f"This meeting is not quorate. {state.explanation}")
        return questions

    def approve_minutes(self, meeting_id: str, approved_at_meeting_id: str | None = None,
                        on: date | None = None, *, reason: str = "",
                        quorum_rule: QuorumRule | None = None) -> None:
        """Approve as a true record. If ``approval_questions`` has anything to ask, a reason
        is needed; it is minuted with the approval (ApprovalNeedsReason otherwise)."""
        meeting = self.require(meeting_id)
        if meeting.minutes_locked:
            return
        questions = self.approval_questions(meeting_id, approved_at_meeting_id or "",
                                            quorum_rule)
        if questions and not reason.strip():
            raise ApprovalNeedsReason(questions)
        approver = self.meeting(approved_at_meeting_id or "")
        approved_on = on or (approver.on if approver and approver.on else today())
        self.store.update(MEETINGS, meeting_id, {
            "status": "minutes_approved", "approved_at_meeting_id": approved_at_meeting_id or "",
            "approved_on": iso(approved_on),
            "approval_reason": reason.strip() if questions else ""})

    def fix_approved_text(self, meeting_id: str, text: str, note: str = "") -> None:
        """Store what the approved minutes show, once: it never changes afterwards.
        ``note`` says how the text came to be fixed when that was not at approval."""
        meeting = self.require(meeting_id)
        if meeting.minutes_locked and not meeting.approved_minutes:
            self.store.update(MEETINGS, meeting_id, {"approved_minutes": text,
                                                     **({"approved_minutes_note": note}
                                                        if note else {})})

    def keep_meeting_day(self, meeting_id: str, arising: list[str],
                         actions: list[dict[str, str]], on: date) -> None:
        """Keep matters arising and the actions table as they stood on the meeting day."""
        meeting = self.require(meeting_id)
        if meeting.kept_on or meeting.approved_minutes:
            return
        self.store.update(MEETINGS, meeting_id, {"kept_on": iso(on), "kept_arising": arising,
                                                 "kept_actions": actions})

    def approve_previous_minutes(self, meeting_id: str, *, reason: str = "") -> Meeting | None:
        """The "minutes of the last meeting" item: approve the previous meeting's minutes."""
        previous = self.previous_meeting(meeting_id)
        if previous is None:
            return None
        self.approve_minutes(previous.id, meeting_id, reason=reason)
        return self.meeting(previous.id)


class ApprovalNeedsReason(MeetingInputError):
    """Approval would need a reason; ``questions`` says what the chair is being asked."""

    def __init__(self, questions: list[str]) -> None:
        self.questions = questions
        super().__init__(" ".join(questions) + " Give the reason for approving anyway; "
                         "it is minuted with the approval.")
