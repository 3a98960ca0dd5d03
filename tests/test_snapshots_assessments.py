"""What the assessments screens look like: the forms (also at 80x24), review, progress and the
group overview, all on the demo data."""

from __future__ import annotations

from datetime import date

import pytest

from compact_tui.domain.assessments import ACTION_PLANS, SELF_ASSESSMENTS, AssessmentsService


def _open_draft_self_assessment(organisation: str = "Essex County Council"):
    """Start a self-assessment with a few answers, then open it as a person would."""

    async def run_before(pilot) -> None:
        app = pilot.app
        service = AssessmentsService(app.store)
        org = service.find_organisation(organisation)
        new_id = service.start(SELF_ASSESSMENTS, org.id, 2026)
        service.set_answer(new_id, "1.1", "good", "Clear page on the Council website")
        service.set_answer(new_id, "1.2", "not_yet")
        app.screen.refresh_data()
        await pilot.pause()
        app.screen.open_record(new_id)
        await pilot.pause()

    return run_before


def _open(kind: str, status: str):
    async def run_before(pilot) -> None:
        app = pilot.app
        found = next(s for s in AssessmentsService(app.store).summaries()
                     if s.kind == kind and s.status == status)
        if kind == ACTION_PLANS and status == "draft":
            AssessmentsService(app.store).set_practice(found.id, "A.2", "better",
                                                       "Board briefing", date(2027, 3, 31))
        app.screen.open_record(found.id)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
def test_self_assessment_form(snap_compare, make_app, demo_path, frozen_clock, size):
    assert snap_compare(make_app(demo_path, section="assessments"), terminal_size=size,
                        run_before=_open_draft_self_assessment(), press=["down"])


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
def test_action_plan_form(snap_compare, make_app, demo_path, frozen_clock, size):
    assert snap_compare(make_app(demo_path, section="assessments"), terminal_size=size,
                        run_before=_open(ACTION_PLANS, "draft"), press=["down"])


def test_action_plan_form_bad_target_date(snap_compare, make_app, demo_path, frozen_clock):
    assert snap_compare(make_app(demo_path, section="assessments"), terminal_size=(80, 24),
                        run_before=_open(ACTION_PLANS, "draft"),
                        press=["down", "tab", "tab", "ctrl+a", "ctrl+k", *"32/13/2027",
                               "enter"])


def test_assessments_list(snap_compare, make_app, demo_path, frozen_clock):
    assert snap_compare(make_app(demo_path, section="assessments"), terminal_size=(80, 24))


def test_review(snap_compare, make_app, demo_path, frozen_clock):
    assert snap_compare(make_app(demo_path, section="assessments"), terminal_size=(100, 30),
                        run_before=_open(SELF_ASSESSMENTS, "submitted"),
                        press=["down", "e", *"Which website?", "enter"])


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
def test_progress(snap_compare, make_app, demo_path, frozen_clock, size):
    assert snap_compare(make_app(demo_path, section="assessments"), terminal_size=size,
                        run_before=_open(SELF_ASSESSMENTS, "submitted"), press=["g"])


def test_progress_action_plan(snap_compare, make_app, demo_path, frozen_clock):
    assert snap_compare(make_app(demo_path, section="assessments"), terminal_size=(100, 30),
                        run_before=_open(SELF_ASSESSMENTS, "submitted"), press=["g", "f"])


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
def test_group_overview(snap_compare, make_app, demo_path, frozen_clock, size):
    assert snap_compare(make_app(demo_path, section="assessments"), terminal_size=size,
                        press=["v"])
