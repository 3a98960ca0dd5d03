"""Self-assessments and action plans: the stored shape, the workflow and its refusals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from compact_tui.content import default_content
from compact_tui.domain.assessments import (
    ACTION_PLANS,
    SELF_ASSESSMENTS,
    Answer,
    AssessmentError,
    AssessmentsService,
)
from compact_tui.domain.meetings import MeetingsService
from compact_tui.domain.register import Organisation, RegisterService
from compact_tui.store import open_store


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "compact.json", member="Jo Morgan") as opened:
        yield opened


@pytest.fixture
def org_id(store) -> str:
    return RegisterService(store).add_organisation(Organisation(name="Brentwood Foodbank"))


def _fill_self_assessment(service: AssessmentsService, assessment_id: str) -> None:
    for question in default_content().all_questions():
        service.set_answer(assessment_id, question.id, "partly")


def test_start_creates_one_draft_with_the_agreed_fields(store, org_id):
    service = AssessmentsService(store)
    new_id = service.start(SELF_ASSESSMENTS, org_id, 2026)
    record = store.get(SELF_ASSESSMENTS, new_id)
    assert {k: record[k] for k in ("organisation_id", "year", "status", "source")} == {
        "organisation_id": org_id, "year": 2026, "status": "draft", "source": "app"}
    assert record["submitted_on"] == record["reviewed_on"] == record["review_summary"] == ""
    assert service.find(SELF_ASSESSMENTS, org_id, 2026).id == new_id
    assert service.find(ACTION_PLANS, org_id, 2026) is None


def test_start_refuses_a_duplicate_with_a_clear_message(store, org_id):
    service = AssessmentsService(store)
    service.start(ACTION_PLANS, org_id, 2026)
    with pytest.raises(AssessmentError, match="Brentwood Foodbank already has an action plan "
                                              "for 2026"):
        service.start(ACTION_PLANS, org_id, 2026)
    assert len(store.all(ACTION_PLANS)) == 1
    service.start(ACTION_PLANS, org_id, 2027)
    service.start(SELF_ASSESSMENTS, org_id, 2026)


@pytest.mark.parametrize("year", ["twenty", "1066", ""])
def test_start_refuses_a_bad_year(store, org_id, year):
    with pytest.raises(AssessmentError, match="year"):
        AssessmentsService(store).start(SELF_ASSESSMENTS, org_id, year)


def test_start_refuses_an_unknown_organisation(store):
    with pytest.raises(AssessmentError, match="organisation"):
        AssessmentsService(store).start(SELF_ASSESSMENTS, "nobody", 2026)


def test_each_answer_is_its_own_field(store, org_id):
    service = AssessmentsService(store)
    new_id = service.start(SELF_ASSESSMENTS, org_id, 2026)
    service.set_answer(new_id, "1.2", "good", "  Promoted at the forum. ")
    service.set_answer(new_id, "7.1", "not_yet")
    record = store.get(SELF_ASSESSMENTS, new_id)
    assert record["answer.1.2"] == {"rating": "good", "notes": "Promoted at the forum."}
    assert record["answer.7.1"] == {"rating": "not_yet", "notes": ""}
    answers = service.answers(new_id)
    assert list(answers)[:3] == ["1.1", "1.2", "1.3"]
    assert len(answers) == len(default_content().all_questions())
    assert answers["1.2"].rating == "good" and answers["1.1"].rating == ""
    assert service.unrated(new_id)[:2] == ["1.1", "1.3"]


def test_answers_keep_items_the_content_no_longer_has(store, org_id):
    service = AssessmentsService(store)
    new_id = service.start(SELF_ASSESSMENTS, org_id, 2026)
    store.update(SELF_ASSESSMENTS, new_id, {"answer.9.1": {"rating": "good", "notes": "old"}})
    assert service.answers(new_id)["9.1"] == Answer("9.1", "good", "old")


@pytest.mark.parametrize(("question", "rating", "message"), [
    ("1.1", "excellent", "not a rating"),
    ("99.1", "good", 'no question "99.1"'),
])
def test_set_answer_refuses_bad_input_and_keeps_what_was_stored(store, org_id, question,
                                                                  rating, message):
    service = AssessmentsService(store)
    new_id = service.start(SELF_ASSESSMENTS, org_id, 2026)
    service.set_answer(new_id, "1.1", "good", "kept")
    with pytest.raises(AssessmentError, match=message):
        service.set_answer(new_id, question, rating, "lost?")
    assert store.get(SELF_ASSESSMENTS, new_id)["answer.1.1"] == {"rating": "good",
                                                                 "notes": "kept"}


def test_set_practice_stores_rating_note_and_target(store, org_id):
    service = AssessmentsService(store)
    plan_id = service.start(ACTION_PLANS, org_id, 2026)
    service.set_practice(plan_id, "C.3", "help", "No plan yet", date(2027, 3, 31))
    service.set_practice(plan_id, "A.1", "already")
    record = store.get(ACTION_PLANS, plan_id)
    assert record["rating.C.3"] == {"rating": "help", "note": "No plan yet",
                                    "target": "2027-03-31"}
    assert record["rating.A.1"] == {"rating": "already", "note": "", "target": ""}
    assert service.answers(plan_id)["C.3"].target_date == date(2027, 3, 31)


def test_set_practice_refuses_a_target_for_what_is_already_done(store, org_id):
    service = AssessmentsService(store)
    plan_id = service.start(ACTION_PLANS, org_id, 2026)
    with pytest.raises(AssessmentError, match="only for practices you could do better"):
        service.set_practice(plan_id, "A.1", "already", "", date(2027, 1, 1))
    with pytest.raises(AssessmentError, match="before the plan's year"):
        service.set_practice(plan_id, "A.1", "better", "", date(2025, 1, 1))
    assert "rating.A.1" not in store.get(ACTION_PLANS, plan_id)


def test_kinds_are_not_mixed_up(store, org_id):
    service = AssessmentsService(store)
    plan_id = service.start(ACTION_PLANS, org_id, 2026)
    with pytest.raises(AssessmentError, match="not a self-assessment"):
        service.set_answer(plan_id, "1.1", "good")


def test_submit_needs_every_rating_then_locks_the_answers(store, org_id):
    service = AssessmentsService(store)
    new_id = service.start(SELF_ASSESSMENTS, org_id, 2026)
    service.set_answer(new_id, "1.1", "good")
    with pytest.raises(AssessmentError, match=r"26 questions have no rating yet: 1\.2"):
        service.submit(new_id)
    assert service.summary(new_id).status == "draft"
    _fill_self_assessment(service, new_id)
    service.submit(new_id)
    summary = service.summary(new_id)
    assert (summary.status, summary.submitted_on) == ("submitted", "2026-11-25")
    with pytest.raises(AssessmentError, match="submitted, so its answers can no longer change"):
        service.set_answer(new_id, "1.1", "not_yet")
    with pytest.raises(AssessmentError, match="can no longer change"):
        service.submit(new_id)
    assert store.get(SELF_ASSESSMENTS, new_id)["answer.1.1"]["rating"] == "partly"


def test_review_comments_and_marking_reviewed(store, org_id):
    service = AssessmentsService(store)
    new_id = service.start(SELF_ASSESSMENTS, org_id, 2026)
    with pytest.raises(AssessmentError, match="still a draft"):
        service.add_review_comment(new_id, "1.1", "Too early")
    with pytest.raises(AssessmentError, match="Only a submitted return"):
        service.mark_reviewed(new_id, "Fine")
    _fill_self_assessment(service, new_id)
    service.submit(new_id)
    service.add_review_comment(new_id, "1.1", "Which website?")
    with pytest.raises(AssessmentError, match="summary"):
        service.mark_reviewed(new_id, "   ")
    service.mark_reviewed(new_id, "A fair picture.")
    service.add_review_comment(new_id, "1.2", "Follow up next year.")
    record = store.get(SELF_ASSESSMENTS, new_id)
    assert record["review.1.1"] == "Which website?"
    assert record["review.1.2"] == "Follow up next year."
    assert (record["status"], record["reviewed_on"], record["reviewed_by"],
            record["review_summary"]) == ("reviewed", "2026-11-25", "Jo Morgan",
                                          "A fair picture.")
    assert service.answers(new_id)["1.1"].review == "Which website?"
    assert service.awaiting_review() == []


def test_replace_answers_for_a_returned_form(store, org_id):
    service = AssessmentsService(store)
    plan_id = service.start(ACTION_PLANS, org_id, 2026)
    service.set_practice(plan_id, "A.1", "help", "will be replaced")
    service.replace_answers(plan_id, {
        "A.2": {"rating": "better", "note": "Board briefing in spring", "target": "2027-04-01"},
        "B.1": Answer("B.1", "already", "Sam is our champion"),
    }, source="form")
    record = store.get(ACTION_PLANS, plan_id)
    assert record["source"] == "form"
    assert record["rating.A.1"] == {"rating": "", "note": "", "target": ""}
    assert record["rating.A.2"] == {"rating": "better", "note": "Board briefing in spring",
                                    "target": "2027-04-01"}
    assert record["rating.B.1"]["note"] == "Sam is our champion"


def test_replace_answers_changes_nothing_when_one_answer_is_bad(store, org_id):
    service = AssessmentsService(store)
    new_id = service.start(SELF_ASSESSMENTS, org_id, 2026)
    service.set_answer(new_id, "1.1", "good", "kept")
    for bad in ({"1.2": {"rating": "great"}}, {"10.1": {"rating": "good"}}):
        with pytest.raises(AssessmentError):
            service.replace_answers(new_id, {"1.3": {"rating": "partly"}, **bad})
    record = store.get(SELF_ASSESSMENTS, new_id)
    assert record["answer.1.1"] == {"rating": "good", "notes": "kept"}
    assert "answer.1.3" not in record and record["source"] == "app"
    with pytest.raises(AssessmentError, match="source"):
        service.replace_answers(new_id, {}, source="fax")


def test_replace_answers_refuses_a_bad_target_date(store, org_id):
    service = AssessmentsService(store)
    plan_id = service.start(ACTION_PLANS, org_id, 2026)
    with pytest.raises(AssessmentError, match='"31/02/2027" is not a date'):
        service.replace_answers(plan_id, {"A.1": {"rating": "help", "target": "31/02/2027"}})


def test_add_to_next_meeting_puts_one_item_on_the_agenda(demo_path):
    with open_store(demo_path, member="Jo Morgan") as store:
        service = AssessmentsService(store)
        submitted = service.awaiting_review()[0]
        meeting, item_id = service.add_to_next_meeting(submitted.id)
        items = MeetingsService(store).items(meeting.id)
        added = next(i for i in items if i.id == item_id)
        assert added.kind == "assessments"
        assert added.title == "Review: Active Brentwood: self-assessment 2026"
        assert meeting.date >= "2026-11-25"
        with pytest.raises(AssessmentError, match="already on the agenda"):
            service.add_to_next_meeting(submitted.id)


def test_demo_has_returns_to_compare_and_review(demo_path):
    with open_store(demo_path, member="Jo Morgan") as store:
        service = AssessmentsService(store)
        titles = {service.title(s): s.status for s in service.summaries()}
    assert titles["Active Brentwood: self-assessment 2026"] == "submitted"
    assert titles["Active Brentwood: self-assessment 2025"] == "reviewed"
    assert titles["Brentwood Council for Voluntary Services: action plan 2026"] == "draft"
    assert sum(1 for t in titles if t.endswith("action plan 2026")) == 4


def test_find_organisation_by_id_name_or_unique_part(store):
    register = RegisterService(store)
    foodbank = register.add_organisation(Organisation(name="Brentwood Foodbank"))
    register.add_organisation(Organisation(name="Brentwood Food Club"))
    service = AssessmentsService(store)
    assert service.find_organisation(foodbank).name == "Brentwood Foodbank"
    assert service.find_organisation("brentwood  FOODBANK").id == foodbank
    assert service.find_organisation("club").name == "Brentwood Food Club"
    with pytest.raises(AssessmentError, match="matches more than one organisation"):
        service.find_organisation("brentwood food")
    with pytest.raises(AssessmentError, match='No organisation in the register matches "x"'):
        service.find_organisation("x")


def test_listing_is_newest_year_first_then_by_name(store):
    register = RegisterService(store)
    zeta = register.add_organisation(Organisation(name="Zeta Trust"))
    alpha = register.add_organisation(Organisation(name="Alpha Group"))
    service = AssessmentsService(store)
    service.start(ACTION_PLANS, zeta, 2026)
    service.start(SELF_ASSESSMENTS, alpha, 2025)
    service.start(ACTION_PLANS, alpha, 2026)
    service.start(SELF_ASSESSMENTS, zeta, 2026)
    assert [(name, s.kind, s.year) for s, name in service.listing()] == [
        ("Alpha Group", ACTION_PLANS, 2026),
        ("Zeta Trust", SELF_ASSESSMENTS, 2026),
        ("Zeta Trust", ACTION_PLANS, 2026),
        ("Alpha Group", SELF_ASSESSMENTS, 2025)]
    assert [s.year for s in service.for_organisation(alpha)] == [2026, 2025]
