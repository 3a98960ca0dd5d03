"""A draft kept on one return (its notes, or a reviewer's comment): rebuilt from its id."""

from __future__ import annotations

from typing import Any, cast

from textual.screen import Screen

from ...domain.assessments import AssessmentError
from ..shell.drafts import KeepsDraft


class ReturnDraft(KeepsDraft):
    """Mixed into the screens built as ``Screen(service, assessment_id)``."""

    assessment_id: str

    @classmethod
    def reopen(cls, app: Any, args: dict[str, str]) -> Screen[Any] | None:
        try:
            return cast(Any, cls)(app.services.assessments, args["assessment_id"])
        except (AssessmentError, KeyError):
            return None

    def draft_args(self) -> dict[str, str]:
        return {"assessment_id": self.assessment_id}
