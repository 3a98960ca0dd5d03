"""Progress year on year, the group overview and the Markdown exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from compact_tui.content import default_content
from compact_tui.domain.assessment_reports import (
    IMPROVED,
    NEW,
    NOT_COMPARED,
    SAME,
    WORSE,
    compare,
    group_overview,
    organisation_markdown,
    overview_markdown,
    progress,
    progress_markdown,
)
from compact_tui.domain.assessments import ACTION_PLANS, SELF_ASSESSMENTS, AssessmentsService
from compact_tui.domain.register import Organisation, RegisterService
from compact_tui.store import open_store

CONTENT = default_content()


@pytest.fixture
def service(tmp_path: Path):
    with open_store(tmp_path / "compact.json", member="Sam Patel") as store:
        yield AssessmentsService(store)


def _org(service: AssessmentsService, name: str, sector: str = "charity") -> str:
    return RegisterService(service.store).add_organisation(Organisation(name=name,
                                                                        sector=sector))


def _plan(service, org_id, year, ratings, default="already"):
    plan_id = service.start(ACTION_PLANS, org_id, year)
    for practice in CONTENT.all_practices():
        service.set_practice(plan_id, practice.id, ratings.get(practice.id, default))
    return plan_id


@pytest.mark.parametrize(("kind", "before", "now", "expected"), [
    (SELF_ASSESSMENTS, "not_yet", "partly", IMPROVED),
    (SELF_ASSESSMENTS, "good", "good", SAME),
    (SELF_ASSESSMENTS, "good", "not_yet", WORSE),
    (SELF_ASSESSMENTS, "", "partly", NEW),
    (SELF_ASSESSMENTS, "na", "good", NEW),
    (SELF_ASSESSMENTS, "good", "na", NOT_COMPARED),
    (SELF_ASSESSMENTS, "good", "", NOT_COMPARED),
    (ACTION_PLANS, "help", "already", IMPROVED),
    (ACTION_PLANS, "already", "better", WORSE),
])
def test_compare_orders_ratings_best_first(kind, before, now, expected):
    assert compare(CONTENT, kind, before, now) == expected


def test_progress_compares_the_latest_year_with_the_one_before(service):
    org_id = _org(service, "Brentwood Foodbank")
    for year, first, second in ((2024, "good", "good"), (2025, "not_yet", "good"),
                                (2026, "partly", "not_yet")):
        sa_id = service.start(SELF_ASSESSMENTS, org_id, year)
        service.set_answer(sa_id, "1.1", first)
        service.set_answer(sa_id, "1.2", second)
    result = progress(service, org_id, SELF_ASSESSMENTS)
    assert result.years == [2024, 2025, 2026]
    rows = {row.item_id: row for row in result.rows}
    assert rows["1.1"].ratings == {2024: "good", 2025: "not_yet", 2026: "partly"}
    assert (rows["1.1"].change, rows["1.1"].symbol) == (IMPROVED, "↑")
    assert (rows["1.2"].change, rows["1.2"].symbol) == (WORSE, "↓")
    assert rows["1.3"].change == NOT_COMPARED
    assert result.headline() == "2026 compared with 2025: 1 improved ↑, 1 worse ↓"
    earlier = progress(service, org_id, SELF_ASSESSMENTS, up_to_year=2025)
    assert earlier.compared == (2024, 2025)
    assert {r.item_id: r.change for r in earlier.rows}["1.1"] == WORSE


def test_progress_with_a_single_year_says_there_is_nothing_to_compare(service):
    org_id = _org(service, "Brentwood Foodbank")
    _plan(service, org_id, 2026, {})
    result = progress(service, org_id, ACTION_PLANS)
    assert result.headline() == "Only 2026 so far: nothing earlier to compare with."
    assert {row.change for row in result.rows} == {NOT_COMPARED}
    assert progress(service, org_id, SELF_ASSESSMENTS).headline() == "No returns yet."


def test_progress_markdown_is_a_table_with_words_and_symbols(service):
    org_id = _org(service, "Brentwood Foodbank")
    _plan(service, org_id, 2025, {"A.1": "help"})
    _plan(service, org_id, 2026, {"A.1": "better", "A.2": "help"})
    text = progress_markdown(progress(service, org_id, ACTION_PLANS))
    assert text.startswith("## Progress: action plan, Brentwood Foodbank\n")
    assert "| Item | 2025 | 2026 | Change |" in text
    assert ("| A.1 | We need help with this | We could do this better | ↑ improved |"
            in text)
    assert "| A.2 | We already do this | We need help with this | ↓ worse |" in text


def test_group_overview_ranks_what_most_organisations_need_help_with(service):
    council = _org(service, "Brentwood Borough Council", "council")
    charity = _org(service, "Active Brentwood", "charity")
    cvs = _org(service, "Brentwood CVS", "infrastructure")
    _org(service, "Brentwood Foodbank", "charity")
    _plan(service, council, 2026, {"C.3": "help", "E.3": "help", "A.1": "better"})
    _plan(service, charity, 2026, {"C.3": "help", "A.1": "help"})
    _plan(service, cvs, 2026, {"C.3": "help", "E.3": "better"})
    _plan(service, cvs, 2025, {"F.1": "help"})
    overview = group_overview(service, 2026)
    assert [row.organisation.name for row in overview.rows] == [
        "Active Brentwood", "Brentwood Borough Council", "Brentwood CVS"]
    assert overview.without_plan == ["Brentwood Foodbank"]
    assert [(n.practice_id, len(n.help)) for n in overview.needs] == [
        ("C.3", 3), ("A.1", 1), ("E.3", 1)]
    assert overview.needs[0].help == ["Active Brentwood", "Brentwood Borough Council",
                                      "Brentwood CVS"]
    charity_row = overview.rows[0]
    assert charity_row.codes(["A.1", "A.2", "C.3"]) == "?✓?"

    statutory = group_overview(service, 2026, sector_group="statutory")
    assert [row.organisation.name for row in statutory.rows] == ["Brentwood Borough Council"]
    assert statutory.sector_label == "Statutory"
    assert [n.practice_id for n in statutory.needs] == ["C.3", "E.3"]


def test_overview_markdown_has_a_table_per_group_and_the_ranking(service):
    council = _org(service, "Brentwood Borough Council", "council")
    _plan(service, council, 2026, {"C.3": "help", "A.2": "better"})
    text = overview_markdown(group_overview(service, 2026))
    assert "# Compact action plans 2026: group overview" in text
    assert "| Organisation | A.1 | A.2 | A.3 |" in text
    assert "| Brentwood Borough Council (draft) | ✓ | ~ | ✓ |" in text
    assert ("| 1 | C.3 | We have an annual action plan for our Compact work | 1 | "
            "Brentwood Borough Council |") in text
    assert "Key: ✓ We already do this  ~ We could do this better  ? We need help with this" in text


def test_organisation_markdown_has_answers_targets_and_the_review(service):
    org_id = _org(service, "Brentwood | Foodbank")
    sa_id = service.start(SELF_ASSESSMENTS, org_id, 2026)
    for question in CONTENT.all_questions():
        service.set_answer(sa_id, question.id, "good", "On our website" if question.id == "1.1"
                           else "")
    service.submit(sa_id)
    service.add_review_comment(sa_id, "1.1", "Link it from the Council site too.")
    service.mark_reviewed(sa_id, "Strong return.")
    plan_id = service.start(ACTION_PLANS, org_id, 2026)
    service.set_practice(plan_id, "C.3", "help", "Need a template", date(2027, 3, 31))
    text = organisation_markdown(service, org_id, 2026)
    assert text.startswith("# Brentwood \\| Foodbank: Compact returns for 2026\n")
    assert "## Self-Assessment Toolkit 2026" in text
    assert "- Reviewed: 25 November 2026 by Sam Patel" in text
    assert ("**1.1** Is the process for becoming a signatory to the local Compact clear and "
            "easy to find?\n\n- Rating: Good\n- Notes: On our website\n"
            "- Reviewer: Link it from the Council site too.") in text
    assert "Strong return." in text
    assert "## Compact Action Plan 2026" in text
    assert "- Rating: We need help with this\n- Note: Need a template\n" in text
    assert "- Target date: 31 March 2027" in text
    assert "## Progress" not in text
    empty = organisation_markdown(service, org_id, 2025)
    assert empty.count("No return for this year.") == 2


def test_organisation_markdown_ends_with_progress_when_there_is_an_earlier_year(service):
    org_id = _org(service, "Brentwood Foodbank")
    _plan(service, org_id, 2025, {"A.1": "help"})
    _plan(service, org_id, 2026, {})
    text = organisation_markdown(service, org_id, 2026)
    assert "## Progress: action plan, Brentwood Foodbank" in text
    assert "2026 compared with 2025: 1 improved ↑, 28 same =" in text
    assert "Progress: self-assessment" not in text
