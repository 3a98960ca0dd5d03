"""Typing in a form or an assessment's notes is noted as a draft and comes back after a crash
(issue 14, 1): the same screen, page and field, the text and the cursor, and a notice saying
what was recovered. The real kill is in ``test_crash_typing.py`` (dispute form); here the draft
a first app notes is handed to a second app, as the next start hands it the crashed session's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input

from compact_tui.domain.assessments import SELF_ASSESSMENTS
from tests.waiting import wait_until

NOTE = "Half the board are trustees of the CVS"
COMMENT = "Which website? Send us the link"


async def _draft_after_typing(make_app: Any, demo_path: Path, open_screen: Any,
                              keys: list[str]) -> dict[str, Any]:
    """Open a screen in a first app, press ``keys`` there, return the draft it noted last."""
    app = make_app(demo_path, section="assessments")
    noted: list[dict[str, Any] | None] = []
    async with app.run_test(size=(120, 36)) as pilot:
        app.store.note_place = noted.append
        screen = await open_screen(app, pilot)
        await pilot.press(*keys)
        await wait_until(pilot, lambda: noted and noted[-1] is not None
                         and (keys[-1] in str(noted[-1].get("fields"))))
        place = noted[-1]
        assert place is not None
        assert app.screen is screen
        app.store.save()  # what the first app stored (the new return) is in the file
    return place


async def test_assessment_notes_come_back_on_their_page(make_app, demo_path: Path) -> None:
    from compact_tui.ui.assessments.self_assessment_form import SelfAssessmentFormScreen

    async def open_form(app: Any, pilot: Any) -> Any:
        service = app.services.assessments
        organisation = service.find_organisation("Essex County Council")
        assessment_id = service.start(SELF_ASSESSMENTS, organisation.id, 2027)
        screen = SelfAssessmentFormScreen(service, assessment_id)
        await app.push_screen(screen)
        await pilot.press("pagedown")  # the second section
        await wait_until(pilot, lambda: screen.page_index == 1)
        await pilot.press("tab")  # from the first question's rating to its notes
        await wait_until(pilot, lambda: isinstance(screen.focused, Input))
        return screen

    place = await _draft_after_typing(make_app, demo_path, open_form, [*NOTE])
    assert place["screen"] == "form" and place["form"] == "self_assessment"

    app = make_app(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await app.reopen_place(place)
        await wait_until(pilot, lambda: isinstance(app.screen, SelfAssessmentFormScreen)
                         and isinstance(app.screen.focused, Input))
        screen = app.screen
        assert screen.page_index == 1
        notes = screen.focused
        assert notes.value == NOTE
        await wait_until(pilot, lambda: notes.cursor_position == len(NOTE))
        assert any("Your typing in the notes of" in str(n.message)
                   for n in app._notifications)
        await pilot.press("!")  # the cursor is where it was: at the end, nothing selected
        assert notes.value == NOTE + "!"


async def test_a_review_comment_comes_back_on_its_item(make_app, demo_path: Path) -> None:
    from compact_tui.ui.assessments.assessment_review import AssessmentReviewScreen

    async def open_review(app: Any, pilot: Any) -> Any:
        service = app.services.assessments
        submitted = next(s for s in service.summaries()
                         if s.kind == SELF_ASSESSMENTS and s.status == "submitted")
        screen = AssessmentReviewScreen(service, submitted.id)
        await app.push_screen(screen)
        await pilot.press("down", "e")  # the second item, then its comment box
        await wait_until(pilot, lambda: screen.focused is screen.query_one("#review-comment"))
        return screen

    place = await _draft_after_typing(make_app, demo_path, open_review, [*COMMENT])
    item = place["state"]["item"]

    app = make_app(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await app.reopen_place(place)
        await wait_until(pilot, lambda: isinstance(app.screen, AssessmentReviewScreen)
                         and app.screen.focused is app.screen.query_one("#review-comment"))
        screen = app.screen
        assert screen.comment_item == item and screen.table.selected_id == item
        assert screen.focused.text == COMMENT
        assert any(f"the review comment on {item}" in str(n.message)
                   for n in app._notifications)


async def test_a_draft_for_a_record_removed_meanwhile_reopens_nothing(make_app,
                                                                     demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        before = app.screen
        await app.reopen_place({"screen": "form", "form": "dispute",
                                "args": {"dispute_id": "no-such-dispute"},
                                "fields": {"what-happened": "text"}})
        await app.reopen_place({"screen": "form", "form": "compact_tui.ui.app:CompactApp",
                                "args": {}})
        await pilot.pause()
        assert app.screen is before
        assert not any("Recovered" in str(n.title) for n in app._notifications)
