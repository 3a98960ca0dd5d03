"""Demo returns: Active Brentwood's self-assessment (submitted, with last year's to compare),
action plans from four organisations for the group overview (CVS's still a draft), and last
year's reviewed returns for Active Brentwood."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ..content import default_content
from ..domain.assessments import ACTION_PLANS, SELF_ASSESSMENTS
from ..domain.dates import iso
from ..domain.ports import RecordPort

if TYPE_CHECKING:
    from . import DemoContext

RATING_CYCLE = ("good", "partly", "partly", "not_yet", "good", "na")
EARLIER_RATING_CYCLE = ("partly", "partly", "not_yet", "not_yet", "good", "na", "good")
PLAN_CYCLE = ("already", "better", "already", "help", "better")
# organisation -> (ratings cycled over the practices, status, year offset)
PLANS = [
    ("Brentwood Council for Voluntary Services", PLAN_CYCLE, "draft", 0),
    ("Active Brentwood", ("already", "better", "help", "already", "already", "better"),
     "reviewed", 0),
    ("Essex County Council", ("already", "already", "help", "better"), "reviewed", 0),
    ("Brentwood Borough Council", ("already", "help", "already", "already", "better", "help",
                                   "already"), "reviewed", 0),
    ("Active Brentwood", ("help", "better", "help", "already", "better"), "reviewed", -1),
]
REVIEW = "Reviewed at the Steering Group; thanks to the organisation for a thorough return."


def populate(store: RecordPort, context: DemoContext) -> None:
    content = default_content()
    year = context.today.year
    active = context.organisations["Active Brentwood"]
    store.insert(SELF_ASSESSMENTS, {
        "organisation_id": active, "year": year, "status": "submitted",
        "submitted_on": iso(context.today), "source": "app",
        **_answers(content, RATING_CYCLE, "Discussed at our trustees' meeting.")})
    earlier_submitted = context.today - timedelta(days=380)
    store.insert(SELF_ASSESSMENTS, {
        "organisation_id": active, "year": year - 1, "status": "reviewed",
        "submitted_on": iso(earlier_submitted),
        "reviewed_on": iso(earlier_submitted + timedelta(days=21)), "reviewed_by": "Sam Patel",
        "review_summary": REVIEW, "source": "form",
        **_answers(content, EARLIER_RATING_CYCLE, "First year: still finding our feet."),
        "review.3.1": "Good to see the trustees involved."})
    for name, cycle, status, offset in PLANS:
        submitted = context.today - timedelta(days=60 - 365 * offset)
        fields: dict[str, Any] = {
            "organisation_id": context.organisations[name], "year": year + offset,
            "status": status, "source": "app"}
        if status != "draft":
            fields["submitted_on"] = iso(submitted)
        if status == "reviewed":
            fields.update({"reviewed_on": iso(submitted + timedelta(days=11)),
                           "reviewed_by": "Sam Patel", "review_summary": REVIEW})
        for index, practice in enumerate(content.all_practices()):
            rating = cycle[index % len(cycle)]
            target = iso(context.today.replace(year=year + offset + 1, day=1)) if (
                rating in ("better", "help") and index % 3 == 0) else ""
            fields[f"rating.{practice.id}"] = {"rating": rating, "note": "", "target": target}
        store.insert(ACTION_PLANS, fields)


def _answers(content: Any, cycle: tuple[str, ...], note: str) -> dict[str, Any]:
    return {f"answer.{question.id}": {"rating": cycle[index % len(cycle)],
                                      "notes": note if index % 4 == 0 else ""}
            for index, question in enumerate(content.all_questions())}
