"""What the Dashboard shows, computed from every area in one place."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .actions import Action, ActionsService
from .assessments import AssessmentsService, AssessmentSummary
from .dates import today
from .disputes import DisputesService
from .meetings import Meeting, MeetingsService
from .ports import RecordPort
from .register import SECTOR_GROUP_LABELS, RegisterService


@dataclass
class DashboardSummary:
    next_meeting: Meeting | None = None
    overdue_actions: list[Action] = field(default_factory=list)
    open_actions: list[Action] = field(default_factory=list)
    disputes_by_stage: dict[str, int] = field(default_factory=dict)
    overdue_dispute_steps: int = 0
    signatories_by_sector: dict[str, int] = field(default_factory=dict)
    organisations_without_champion: list[str] = field(default_factory=list)
    updates_due: int = 0
    awaiting_review: list[AssessmentSummary] = field(default_factory=list)
    organisation_names: dict[str, str] = field(default_factory=dict)


def dashboard_summary(store: RecordPort, on: date | None = None,
                      content: Any = None) -> DashboardSummary:
    on = on or today()
    register = RegisterService(store)
    organisations = register.organisations()
    names = {o.id: o.name for o in organisations}
    actions = ActionsService(store)
    open_actions = actions.open_actions()
    disputes = DisputesService(store, content).open_disputes()
    champions = {c.organisation_id for c in register.champions()}
    grouped = register.count_by_sector_group()
    return DashboardSummary(
        next_meeting=MeetingsService(store).next_meeting(on),
        overdue_actions=[a for a in open_actions if a.is_overdue(on)],
        open_actions=open_actions,
        disputes_by_stage=dict(Counter(d.stage for d in disputes)),
        overdue_dispute_steps=sum(1 for d in disputes if d.next_step_overdue(on)),
        signatories_by_sector={SECTOR_GROUP_LABELS[k]: v for k, v in grouped.items()},
        organisations_without_champion=[o.name for o in organisations
                                        if o.status == "active" and o.id not in champions],
        updates_due=len(register.due_for_update(on)),
        awaiting_review=AssessmentsService(store, content).awaiting_review(),
        organisation_names=names,
    )
