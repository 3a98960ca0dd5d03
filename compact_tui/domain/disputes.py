"""Disputes: the seed's "If things go wrong" route as a case tracker.

Tables: ``disputes`` and ``dispute_events`` (one dated entry per move between stages, so two
people recording moves never clash). Stage keys come from the content (``disputes.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .dates import from_iso, today
from .records import from_record

DISPUTES = "disputes"
DISPUTE_EVENTS = "dispute_events"
CLOSED_STAGES = ("resolved", "withdrawn", "unresolved")


@dataclass
class Dispute:
    id: str = ""
    title: str = ""
    raised_by_organisation_id: str = ""
    raised_by_name: str = ""
    concerns_organisation_id: str = ""
    commitments: list[str] = field(default_factory=list)
    what_happened: str = ""
    happened_on: str = ""
    outcome_sought: str = ""
    compliance_question: str = ""
    stage: str = "raised"
    opened_on: str = ""
    closed_on: str = ""
    next_step: str = ""
    next_step_due: str = ""
    mediator: str = ""
    confidential: bool = False
    lesson: str = ""
    updated_at: str = ""
    updated_by: str = ""

    @property
    def is_open(self) -> bool:
        return self.stage not in CLOSED_STAGES

    def age_days(self, on: date | None = None) -> int:
        opened = from_iso(self.opened_on)
        return ((on or today()) - opened).days if opened else 0

    def next_step_overdue(self, on: date | None = None) -> bool:
        due = from_iso(self.next_step_due)
        return self.is_open and due is not None and due < (on or today())


class DisputesService:
    def __init__(self, store: Any) -> None:
        self.store = store

    def disputes(self) -> list[Dispute]:
        found = [from_record(Dispute, r) for r in self.store.all(DISPUTES)]
        return sorted(found, key=lambda d: d.opened_on, reverse=True)

    def open_disputes(self) -> list[Dispute]:
        return [d for d in self.disputes() if d.is_open]
