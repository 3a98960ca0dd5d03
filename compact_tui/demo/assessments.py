"""Demo returns: Active Brentwood's self-assessment (submitted) and CVS's action plan."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..content import default_content
from ..domain.assessments import ACTION_PLANS, SELF_ASSESSMENTS
from ..domain.dates import iso

if TYPE_CHECKING:
    from . import DemoContext

RATING_CYCLE = ("good", "partly", "partly", "not_yet", "good", "na")
PLAN_CYCLE = ("already", "better", "already", "help", "better")


def populate(store: Any, context: DemoContext) -> None:
    content = default_content()
    year = context.today.year
    answers: dict[str, Any] = {}
    for index, question in enumerate(content.all_questions()):
        answers[f"answer.{question.id}"] = {
            "rating": RATING_CYCLE[index % len(RATING_CYCLE)],
            "notes": "Discussed at our trustees' meeting." if index % 4 == 0 else "",
        }
    store.insert(SELF_ASSESSMENTS, {
        "organisation_id": context.organisations["Active Brentwood"], "year": year,
        "status": "submitted", "submitted_on": iso(context.today), **answers})
    ratings: dict[str, Any] = {}
    for index, practice in enumerate(content.all_practices()):
        rating = PLAN_CYCLE[index % len(PLAN_CYCLE)]
        ratings[f"rating.{practice.id}"] = {"rating": rating, "note": "", "target": ""}
    store.insert(ACTION_PLANS, {
        "organisation_id": context.organisations["Brentwood Council for Voluntary Services"],
        "year": year, "status": "draft", **ratings})
