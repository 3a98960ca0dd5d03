"""Self-assessments (the toolkit) and action plans (the template), per organisation per year.

Tables: ``self_assessments`` and ``action_plans``. Answers are stored one field per question
(``answer.1.2`` = ``{"rating", "notes"}``) so two people filling different questions never clash.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .records import from_record

SELF_ASSESSMENTS = "self_assessments"
ACTION_PLANS = "action_plans"
ASSESSMENT_STATUSES = {"draft": "Draft", "submitted": "Submitted", "reviewed": "Reviewed"}


@dataclass
class AssessmentSummary:
    """Either kind of return, as the lists and the dashboard need it."""

    id: str = ""
    kind: str = SELF_ASSESSMENTS
    organisation_id: str = ""
    year: int = 0
    status: str = "draft"
    submitted_on: str = ""
    reviewed_on: str = ""
    updated_at: str = ""
    updated_by: str = ""

    @property
    def status_label(self) -> str:
        return ASSESSMENT_STATUSES.get(self.status, self.status)

    @property
    def kind_label(self) -> str:
        return "Self-assessment" if self.kind == SELF_ASSESSMENTS else "Action plan"


class AssessmentsService:
    def __init__(self, store: Any) -> None:
        self.store = store

    def summaries(self) -> list[AssessmentSummary]:
        found = []
        for table in (SELF_ASSESSMENTS, ACTION_PLANS):
            for record in self.store.all(table):
                summary = from_record(AssessmentSummary, record)
                summary.kind = table
                found.append(summary)
        return sorted(found, key=lambda s: (-s.year, s.kind))

    def awaiting_review(self) -> list[AssessmentSummary]:
        return [s for s in self.summaries() if s.status == "submitted"]
