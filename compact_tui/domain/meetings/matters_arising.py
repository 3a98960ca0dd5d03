"""Matters arising: what earlier meetings and the registers bring to this one (open actions,
disputes with a step due, signatories due an update, returns awaiting review).

Kept out of ``MeetingsService`` because it reads every other area (actions, disputes,
register, assessments), and assessments add items to meetings: importing it from the service
would make a circle."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ...content import Content
from ..actions import Action, ActionsService, owner_label
from ..assessments import AssessmentsService
from ..clock.due import CLOCK_KINDS, arising_lines, due_items
from ..dates import format_date, today
from ..disputes import DisputesService
from ..ports import RecordPort
from ..register import RegisterService
from . import MeetingsService


@dataclass
class MattersArising:
    open_actions: list[Action] = field(default_factory=list)
    closed_since_last: list[Action] = field(default_factory=list)
    overdue_actions: list[Action] = field(default_factory=list)
    disputes_due: list[Any] = field(default_factory=list)
    signatories_due: list[tuple[Any, date]] = field(default_factory=list)
    assessments_awaiting: list[Any] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.open_actions or self.disputes_due or self.signatories_due
                    or self.assessments_awaiting)


def matters_arising(store: RecordPort, meeting_id: str) -> MattersArising:
    """What is open or due as of the meeting's date."""
    meetings = MeetingsService(store)
    meeting = meetings.require(meeting_id)
    on = meeting.on or today()
    earlier = {m.id for m in meetings.meetings() if m.date < meeting.date}
    every = ActionsService(store).all_actions()
    open_actions = [a for a in every if a.is_open and a.meeting_id in earlier]
    previous = meetings.previous_meeting(meeting_id)
    closed = sorted((a for a in every if previous and a.meeting_id == previous.id
                     and not a.is_open), key=lambda a: a.ref_key)
    disputes_due = [d for d in DisputesService(store).open_disputes()
                    if d.next_step_due and d.next_step_due <= on.isoformat()]
    return MattersArising(
        open_actions=open_actions,
        closed_since_last=closed,
        overdue_actions=[a for a in open_actions if a.is_overdue(on)],
        disputes_due=disputes_due,
        signatories_due=RegisterService(store).due_for_update(on),
        assessments_awaiting=[s for s in AssessmentsService(store).summaries()
                              if _awaiting_review_on(s, on.isoformat())],
    )


def _awaiting_review_on(summary: Any, day: str) -> bool:
    """A return awaited review on ``day`` if it was in by then and not yet reviewed then."""
    if summary.submitted_on and summary.submitted_on > day:
        return False
    if summary.status == "submitted":
        return True
    return bool(summary.submitted_on and summary.reviewed_on and summary.reviewed_on > day)


def matters_arising_lines(store: RecordPort, meeting_id: str,
                          content: Content | None = None) -> list[str]:
    """Plain-text lines; confidential disputes never show their details. The Compact's clock
    (consultations, funding notice, the Compact's cycle, missing returns and champions) comes
    last, as the "Due and overdue" list shows it on the meeting's date."""
    meeting = MeetingsService(store).require(meeting_id)
    on = meeting.on or today()
    arising = matters_arising(store, meeting_id)
    names = ActionsService(store).organisation_names()
    lines = []
    for action in arising.closed_since_last:
        owner = owner_label(action, names) or "no owner"
        lines.append(f"Action {action.ref}: {action.description} — {owner}: "
                     f"{action.status_label.lower()}")
    for action in arising.open_actions:
        owner = owner_label(action, names) or "no owner yet"
        due = (f"due {format_date(action.due)}" if action.due else "no due date")
        overdue = " (overdue)" if action.is_overdue(on) else ""
        lines.append(f"Action {action.ref}: {action.description} — {owner}: "
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
    lines += arising_lines(due_items(store, content, on, kinds=CLOCK_KINDS))
    return lines
