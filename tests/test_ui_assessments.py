"""Filling in, submitting, reviewing and comparing returns from the keyboard."""

from __future__ import annotations

from compact_tui.content import default_content
from compact_tui.domain.assessments import ACTION_PLANS, SELF_ASSESSMENTS, AssessmentsService
from compact_tui.domain.meetings import MeetingsService
from compact_tui.domain.register import RegisterService
from compact_tui.ui.assessments.action_plan_form import ActionPlanFormScreen
from compact_tui.ui.assessments.assessment_dialog import AssessmentDialog
from compact_tui.ui.assessments.assessment_overview import AssessmentOverviewScreen
from compact_tui.ui.assessments.assessment_progress import AssessmentProgressScreen
from compact_tui.ui.assessments.assessment_review import AssessmentReviewScreen
from compact_tui.ui.assessments.assessment_start import AssessmentStartScreen
from compact_tui.ui.assessments.assessments import AssessmentsScreen
from compact_tui.ui.assessments.self_assessment_form import SelfAssessmentFormScreen
from tests.waiting import wait_until

CONTENT = default_content()


def _org_id(app, name: str) -> str:
    return next(o.id for o in RegisterService(app.store).organisations() if o.name == name)


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def _start(pilot, app, organisation: str, kind_key: str, year: str = "") -> None:
    """Press n, choose the organisation by typing its name into the select, the kind by
    number, and the year."""
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(app.screen, AssessmentStartScreen)
    await pilot.press("enter")  # open the organisation list
    await pilot.press(*organisation)  # type to search the list
    await pilot.press("enter")
    await pilot.press("tab", kind_key, "tab")
    if year:
        await pilot.press("ctrl+a", "ctrl+k", *year)
    await pilot.press("enter")
    await pilot.pause()


async def test_fill_in_and_submit_a_self_assessment_from_the_keyboard(make_app, demo_path):
    app = make_app(demo_path, section="assessments")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _start(pilot, app, "Essex County", "1")
        assert isinstance(app.screen, SelfAssessmentFormScreen)
        service = AssessmentsService(app.store)
        found = service.find(SELF_ASSESSMENTS, _org_id(app, "Essex County Council"), 2026)
        assert found is not None and found.status == "draft"

        # 1.1: Good with notes; down to 1.2: Not yet.
        await pilot.press("1", "tab", *"On our website", "down", "3")
        await pilot.pause()
        answers = service.answers(found.id)
        assert (answers["1.1"].rating, answers["1.1"].notes) == ("good", "On our website")
        assert answers["1.2"].rating == "not_yet"

        # Next section with page down; the third question gets "Partly".
        await pilot.press("pagedown")
        await pilot.pause()
        assert "Section 2 of 8" in _text(app, "#form-pages")
        await pilot.press("down", "down", "2")
        await pilot.pause()
        assert service.answers(found.id)["2.3"].rating == "partly"

        # Submitting with gaps is refused, says why, and jumps to the first gap.
        await pilot.press("s")
        await pilot.pause()
        assert "24 questions have no rating yet: 1.3" in _text(app, "#form-message")
        assert app.focused.id == "rating-1-3"
        assert service.summary(found.id).status == "draft"

        # 1.3 from the keyboard; a colleague answers the rest on another machine.
        await pilot.press("4", "down")
        await pilot.pause()
        assert app.focused.id == "rating-1-4"
        for question_id in service.unrated(found.id):
            service.set_answer(found.id, question_id, "na")
        app.screen.refresh_data()
        await pilot.pause()
        assert app.screen.query_one("#rating-1-4").value == "na"
        answers = service.answers(found.id)
        assert [answers[q].rating for q in ("1.1", "1.2", "1.3")] == ["good", "not_yet", "na"]
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, AssessmentDialog)
        await pilot.press("enter")  # the safe answer: nothing submitted
        await pilot.pause()
        assert service.summary(found.id).status == "draft"
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert service.summary(found.id).status == "submitted"
        assert "read-only" in _text(app, "#form-heading")
        await pilot.press("1")  # the answers are locked now
        await pilot.pause()
        assert service.answers(found.id)["1.1"].rating == "good"


async def test_notes_are_saved_as_typed_and_others_edits_are_shown(make_app, demo_path):
    app = make_app(demo_path, section="assessments")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _start(pilot, app, "Essex County", "1")
        service = AssessmentsService(app.store)
        found = service.find(SELF_ASSESSMENTS, _org_id(app, "Essex County Council"), 2026)
        await pilot.press("tab", *"Half-way")
        # the form hands typed notes to the store as they are typed
        await wait_until(pilot, lambda: service.answers(found.id)["1.1"].notes == "Half-way")
        # Someone else answers 1.2 on another machine: it appears, the typing is untouched.
        service.set_answer(found.id, "1.2", "good", "From Priya")
        app.screen.refresh_data()
        await pilot.pause()
        assert app.screen.query_one("#rating-1-2").value == "good"
        assert app.screen.query_one("#notes-1-2").value == "From Priya"
        assert app.screen.query_one("#notes-1-1").value == "Half-way"


async def test_start_refuses_a_duplicate_and_a_bad_year(make_app, demo_path):
    app = make_app(demo_path, section="assessments")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _start(pilot, app, "Active Brentwood", "1")
        assert isinstance(app.screen, AssessmentStartScreen)
        assert "Active Brentwood already has a self-assessment for 2026" in _text(
            app, "#start-error")
        await pilot.press("ctrl+a", "ctrl+k", *"20x6", "enter")
        await pilot.pause()
        assert '"20x6" is not a year' in _text(app, "#start-error")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AssessmentsScreen)
        assert len(app.store.all(SELF_ASSESSMENTS)) == 2


async def test_fill_in_an_action_plan_with_target_dates(make_app, demo_path):
    app = make_app(demo_path, section="assessments")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _start(pilot, app, "Basildon", "2")
        assert isinstance(app.screen, ActionPlanFormScreen)
        service = AssessmentsService(app.store)
        plan = service.find(ACTION_PLANS, _org_id(
            app, "Basildon and Brentwood Clinical Commissioning Group"), 2026)
        # A.1 already; A.2 needs help, with a note and a target date typed the British way.
        await pilot.press("1", "down", "3", "tab", *"Board briefing", "tab", *"03/12/2026",
                          "enter")
        await pilot.pause()
        answers = service.answers(plan.id)
        assert answers["A.1"].rating == "already"
        assert (answers["A.2"].rating, answers["A.2"].notes, answers["A.2"].target) == (
            "help", "Board briefing", "2026-12-03")
        assert app.screen.query_one("#target-A-2").value == "3 December 2026"

        # A bad date is refused with a clear message; the stored date stays.
        target = app.screen.query_one("#target-A-2")
        target.focus()
        await pilot.press("ctrl+a", "ctrl+k", *"31/02/2027", "enter")
        await pilot.pause()
        assert "is not a real date" in _text(app, "#target-error-A-2")
        assert service.answers(plan.id)["A.2"].target == "2026-12-03"

        # Saying "we already do this" hides and clears the target.
        await pilot.press("shift+tab", "shift+tab", "1")
        await pilot.pause()
        assert app.screen.query_one("#target-row-A-2").display is False
        assert service.answers(plan.id)["A.2"].target == ""
        assert service.answers(plan.id)["A.2"].notes == "Board briefing"

        # Group B from the keyboard; the rest by a colleague elsewhere; then submit.
        await pilot.press("pagedown")
        await pilot.pause()
        assert "Group 2 of 6" in _text(app, "#form-pages")
        await pilot.press("2", "down", "3")
        await pilot.pause()
        answers = service.answers(plan.id)
        assert (answers["B.1"].rating, answers["B.2"].rating) == ("better", "help")
        for practice_id in service.unrated(plan.id):
            service.set_practice(plan.id, practice_id, "already")
        app.screen.refresh_data()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert service.summary(plan.id).status == "submitted"


async def test_review_comment_mark_reviewed_and_add_to_agenda(make_app, demo_path):
    app = make_app(demo_path, section="assessments")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        service = AssessmentsService(app.store)
        submitted = service.awaiting_review()[0]
        app.screen.open_record(submitted.id)
        await pilot.pause()
        assert isinstance(app.screen, AssessmentReviewScreen)
        assert "1.1 Is the process for becoming a signatory" in _text(app, "#review-detail")

        await pilot.press("down", "e", *"Which website?", "enter")
        await pilot.pause()
        assert service.answers(submitted.id)["1.2"].review == "Which website?"
        assert "1.3" in _text(app, "#review-detail")
        assert app.screen.query_one("#review-comment").text == ""

        # Marking reviewed asks for a summary and refuses an empty one.
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, AssessmentDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert "Write a short summary" in _text(app, "#dialog-error")
        await pilot.press(*"A fair picture", "enter")
        await pilot.pause()
        summary = service.summary(submitted.id)
        assert (summary.status, summary.review_summary, summary.reviewed_by) == (
            "reviewed", "A fair picture", "Jo Morgan")

        await pilot.press("n")
        await pilot.pause()
        meeting = MeetingsService(app.store).next_meeting()
        titles = [i.title for i in MeetingsService(app.store).items(meeting.id)]
        assert "Review: Active Brentwood: self-assessment 2026" in titles
        await pilot.press("n")
        await pilot.pause()
        assert "already on the agenda" in _text(app, "#review-message")
        assert titles == [i.title for i in MeetingsService(app.store).items(meeting.id)]


async def test_a_draft_cannot_take_reviewer_comments(make_app, demo_path):
    app = make_app(demo_path, section="assessments")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        draft = next(s for s in AssessmentsService(app.store).summaries() if s.status == "draft")
        table = app.screen.query_one("#assessments-table")
        table.move_cursor(row=table.get_row_index(draft.id))
        await pilot.press("e")  # review, although it is CVS's draft action plan
        await pilot.pause()
        assert isinstance(app.screen, AssessmentReviewScreen)
        await pilot.press("e")
        await pilot.pause()
        assert "still a draft" in _text(app, "#review-message")
        await pilot.press("s")
        await pilot.pause()
        assert "Only a submitted return" in _text(app, "#review-message")


async def test_progress_compares_years_and_toggles_kind(make_app, demo_path):
    app = make_app(demo_path, section="assessments")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        service = AssessmentsService(app.store)
        app.screen.open_record(service.awaiting_review()[0].id)
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, AssessmentProgressScreen)
        assert _text(app, "#progress-headline").startswith("2026 compared with 2025:")
        table = app.screen.query_one("#progress-table")
        assert [str(c) for c in table.get_row("1.1")[:4]] == ["1.1", "Partly", "Good",
                                                                "↑ improved"]
        await pilot.press("f")
        await pilot.pause()
        assert "Action plan" in _text(app, "#progress-heading")
        assert [str(c) for c in table.get_row("A.1")[:4]] == ["A.1", "? need help",
                                                                "✓ already do", "↑ improved"]


async def test_overview_filters_by_sector_and_ranks_needs(make_app, demo_path):
    app = make_app(demo_path, section="assessments")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, AssessmentOverviewScreen)
        grid = app.screen.query_one("#overview-grid")
        assert grid.row_count == 4
        needs = app.screen.query_one("#overview-needs")
        first = [str(c) for c in needs.get_row_at(0)]
        assert first[1] == "? 3 of 4"
        await pilot.press("f")  # statutory only
        await pilot.pause()
        assert "Statutory" in _text(app, "#overview-heading")
        assert grid.row_count == 2
        await pilot.press("j")  # the other year with plans
        await pilot.pause()
        assert "Action plans 2025" in _text(app, "#overview-heading")
        assert grid.row_count == 0


async def test_palette_targets_include_returns(make_app, demo_path):
    from compact_tui.ui.shell.jump_targets import jump_targets

    app = make_app(demo_path, section="assessments")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        targets = {label: (mode, record_id) for label, _help, mode, record_id
                   in jump_targets(app.services)}
        mode, record_id = targets["Active Brentwood: self-assessment 2025"]
        app.open_record(mode, record_id)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, AssessmentReviewScreen)
        assert app.screen.assessment_id == record_id


async def test_review_keeps_a_comment_being_typed_and_shows_history(make_app, demo_path):
    app = make_app(demo_path, section="assessments")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        service = AssessmentsService(app.store)
        submitted = service.awaiting_review()[0]
        app.screen.open_record(submitted.id)
        await pilot.pause()
        await pilot.press("e", *"Half a thou")
        # A colleague comments on another question meanwhile.
        service.add_review_comment(submitted.id, "2.1", "Good influence")
        app.screen.refresh_data()
        await pilot.pause()
        assert app.screen.query_one("#review-comment").text == "Half a thou"
        table = app.screen.query_one("#review-table")
        assert str(table.get_row("2.1")[-1]) == "✎ yes"
        await pilot.press("escape")  # leaving the box saves what was typed
        await pilot.pause()
        assert service.answers(submitted.id)["1.1"].review == "Half a thou"
        assert isinstance(app.screen, AssessmentReviewScreen)
        await pilot.press("h")
        await pilot.pause()
        assert type(app.screen).__name__ == "HistoryScreen"


async def test_two_members_filling_one_return_keep_both_answers(make_app, demo_path):
    """Alice types notes on 1.1 while Bob, on his own app, answers 1.2 of the same return:
    each note reaches the store as it is typed (no timer of the form's own), Bob's answer
    appears on Alice's form while she types, and both machines end with both answers."""
    alice = make_app(demo_path, section="assessments", member="Alice Adams")
    async with alice.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _start(pilot, alice, "Essex County", "1")
        service = AssessmentsService(alice.store)
        found = service.find(SELF_ASSESSMENTS, _org_id(alice, "Essex County Council"), 2026)
        assert alice.store.save()
        bob = make_app(demo_path, section="assessments", member="Bob Baker")
        async with bob.run_test(size=(100, 30)):
            await pilot.press("tab", *"Half")
            await wait_until(pilot, lambda: service.answers(found.id)["1.1"].notes == "Half")
            AssessmentsService(bob.store).set_answer(found.id, "1.2", "good", "From Bob")
            assert bob.store.save()
            alice.store.refresh()
            await wait_until(pilot, lambda: alice.screen.query_one("#notes-1-2").value
                             == "From Bob")
            await pilot.press(*"-way")
            await wait_until(pilot, lambda: service.answers(found.id)["1.1"].notes == "Half-way")
            assert alice.screen.query_one("#notes-1-1").value == "Half-way"
            assert alice.store.save()
            bob.store.refresh()
            for store in (alice.store, bob.store):
                answers = AssessmentsService(store).answers(found.id)
                assert (answers["1.1"].notes, answers["1.2"].notes) == ("Half-way", "From Bob")


async def test_two_reviewers_commenting_on_one_item_keep_both_comments(make_app, demo_path):
    """Alice and Bob, each on their own app, type a comment on question 1.2 at the same
    time: the comments merge as text, on both screens and in both stores."""
    alice = make_app(demo_path, section="assessments", member="Alice Adams")
    bob = make_app(demo_path, section="assessments", member="Bob Baker")
    submitted = AssessmentsService(alice.store).awaiting_review()[0]
    async with alice.run_test(size=(100, 30)) as pilot_a, \
            bob.run_test(size=(100, 30)) as pilot_b:
        boxes = []
        for app, pilot, says in ((alice, pilot_a, "Which website?"),
                                 (bob, pilot_b, "Ask the council.")):
            await wait_until(pilot, lambda app=app: isinstance(app.screen, AssessmentsScreen)
                             and app.screen.table.row_count > 0)
            # Keys, not screen calls: with two apps in one test, a screen's ``self.app`` is
            # whichever app ran last, so only a pilot reaches the right one.
            app.screen.table.select(submitted.id)
            app.screen.table.focus()
            await pilot.press("enter")
            await wait_until(pilot, lambda app=app: isinstance(app.screen,
                                                               AssessmentReviewScreen))
            await pilot.press("down", "e", *says)
            box = app.screen.query_one("#review-comment")
            await wait_until(pilot, lambda app=app, says=says: AssessmentsService(
                app.store).answers(submitted.id)["1.2"].review == says)
            boxes.append(box)
        assert bob.store.save() and alice.store.save()
        bob.store.refresh()
        both = ("Which website?", "Ask the council.")
        for pilot, box, store in ((pilot_a, boxes[0], alice.store),
                                  (pilot_b, boxes[1], bob.store)):
            await wait_until(pilot, lambda box=box: all(s in box.text for s in both))
            assert AssessmentsService(store).answers(submitted.id)["1.2"].review == box.text
        assert boxes[0].text == boxes[1].text
        assert alice.store.conflicts() == [] and bob.store.conflicts() == []
