"""The Disputes screens as a person uses them: raise, move along the route, close with a lesson."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import DataTable, Input, Select, SelectionList, Static, TextArea

from compact_tui.domain.disputes import DISPUTE_EVENTS, DISPUTES, DisputesService
from compact_tui.domain.register import RegisterService
from compact_tui.ui.disputes.dispute_detail import DisputeDetailScreen
from compact_tui.ui.disputes.dispute_form import DisputeForm
from compact_tui.ui.disputes.dispute_reports import DisputeReportsScreen
from compact_tui.ui.disputes.dispute_stage_form import DisputeStageForm
from compact_tui.ui.disputes.disputes import DisputesScreen, column_widths
from compact_tui.ui.shell.typed_confirm import TypedConfirmScreen


def shown(screen, selector: str) -> str:
    content = screen.query_one(selector, Static).render()
    return str(content.plain if isinstance(content, Text) else content)


def org_id(app, name: str) -> str:
    return next(o.id for o in RegisterService(app.store).organisations() if o.name == name)


def fill_raise_form(app, **overrides: str) -> None:
    form = app.screen
    values = {"title": "Council hall hire charges", "raised-by-name": "Ann Smith",
              "happened-on": "03/11/2026", "outcome": "Return to the old charges",
              "next-step": "Chair to write to the council", "next-step-due": "2026-12-03"}
    values.update(overrides)
    for field_id, value in values.items():
        form.query_one(f"#{field_id}", Input).value = value
    form.query_one("#raised-by-org", Select).value = org_id(app, "Active Brentwood")
    form.query_one("#concerns", Select).value = org_id(app, "Brentwood Borough Council")
    form.query_one("#what-happened", TextArea).text = "Hall charges doubled without notice."


async def pick_commitment(pilot, app, steps_down: int) -> None:
    app.screen.query_one("#commitments", SelectionList).focus()
    await pilot.pause()
    for _ in range(steps_down):
        await pilot.press("down")
    await pilot.press("space")
    await pilot.pause()


async def test_raise_a_dispute_with_a_commitment_from_the_catalogue(make_app,
                                                                    demo_path) -> None:
    app = make_app(demo_path, section="disputes")
    async with app.run_test(size=(100, 30)) as pilot:
        before = len(app.store.all(DISPUTES))
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, DisputeForm)
        assert app.screen.focused.id == "compliance"
        await pilot.press(*"Not", "space", *"really")
        fill_raise_form(app)
        await pick_commitment(pilot, app, 9)  # 1.1-1.6, 2.1-2.3, then 2.4
        assert "Give early notice of consultations" in shown(app.screen, "#commitment-wording")
        assert "VSOs aim to..." in shown(app.screen, "#commitment-wording")
        assert shown(app.screen, "#commitments-chosen") == "Chosen: 2.4"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DisputesScreen)
        assert len(app.store.all(DISPUTES)) == before + 1
        [dispute] = DisputesService(app.store).find("Council hall hire charges")
        assert dispute.compliance_question == "Not really"
        assert dispute.commitments == ["2.4"]
        assert dispute.raised_by_organisation_id == org_id(app, "Active Brentwood")
        assert dispute.happened_on == "2026-11-03"
        assert dispute.next_step_due == "2026-12-03"
        assert dispute.opened_on == "2026-11-25"
        assert dispute.stage == "raised" and not dispute.confidential
        table = app.screen.query_one(DataTable)
        assert dispute.id in [row.value for row in table.rows]


async def test_bad_input_in_the_raise_form_shows_a_message_and_stores_nothing(
        make_app, demo_path) -> None:
    app = make_app(demo_path, section="disputes")
    async with app.run_test(size=(100, 30)) as pilot:
        before = (len(app.store.all(DISPUTES)), len(app.store.all(DISPUTE_EVENTS)))
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = shown(app.screen, ".form-error")
        assert "Is this Compact compliant?" in error
        assert "Pick at least one Compact commitment" in error
        app.screen.query_one("#compliance", Input).value = "No"
        fill_raise_form(app, **{"happened-on": "31/02/2026"})
        await pick_commitment(pilot, app, 0)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DisputeForm)
        assert '"31/02/2026" is not a real date' in shown(app.screen, ".form-error")
        assert (len(app.store.all(DISPUTES)), len(app.store.all(DISPUTE_EVENTS))) == before
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DisputesScreen)
        assert (len(app.store.all(DISPUTES)), len(app.store.all(DISPUTE_EVENTS))) == before


async def open_first(pilot, app, title: str) -> str:
    """Highlight the dispute with ``title`` in the list and open it with Enter."""
    [dispute] = DisputesService(app.store).find(title)
    table = app.screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(dispute.id))
    table.focus()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, DisputeDetailScreen)
    return dispute.id


async def move(pilot, app, to: str, **fields: str) -> None:
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(app.screen, DisputeStageForm)
    app.screen.query_one("#to-stage", Select).value = to
    await pilot.pause()
    for field_id, value in fields.items():
        if field_id == "lesson":
            app.screen.query_one("#lesson", TextArea).text = value
        else:
            app.screen.query_one(f"#{field_id.replace('_', '-')}", Input).value = value
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_move_through_the_stages_and_close_with_a_lesson(make_app, demo_path) -> None:
    app = make_app(demo_path, section="disputes")
    async with app.run_test(size=(100, 30)) as pilot:
        dispute_id = await open_first(pilot, app, "Six-week consultation")
        service = DisputesService(app.store)
        assert "Concern raised → Discussion between the parties" in shown(
            app.screen, "#dispute-timeline")

        await move(pilot, app, "mediation", note="No reply from the council")
        assert isinstance(app.screen, DisputeStageForm)
        assert "Name the independent mediator" in shown(app.screen, ".form-error")
        assert service.dispute(dispute_id).stage == "discussion"
        app.screen.query_one("#mediator", Input).value = \
            "Essex Compact Steering Group mediation panel"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DisputeDetailScreen)
        assert service.dispute(dispute_id).stage == "mediation"
        assert "Mediator: Essex Compact Steering Group mediation panel" in shown(
            app.screen, "#dispute-facts")

        await move(pilot, app, "resolved", moved_on="25/11/2026",
                   note="Consultation extended to 12 weeks",
                   lesson="Say in the Compact who may ask for mediation.")
        assert isinstance(app.screen, DisputeDetailScreen)
        dispute = service.dispute(dispute_id)
        assert (dispute.stage, dispute.closed_on) == ("resolved", "2026-11-25")
        assert dispute.lesson == "Say in the Compact who may ask for mediation."
        events = service.events(dispute_id)
        assert [(e.from_stage, e.stage) for e in events][-2:] == [
            ("discussion", "mediation"), ("mediation", "resolved")]
        assert events[-1].note == "Consultation extended to 12 weeks"
        assert events[-1].recorded_by == "Jo Morgan"
        assert "Lesson for the Compact: Say in the Compact" in shown(
            app.screen, "#dispute-lesson")

        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, DisputeReportsScreen)
        lessons = shown(app.screen, "#lessons-text")
        assert "25 November 2026 · Resolved · commitment 2.4" in lessons
        assert "Say in the Compact who may ask for mediation." in lessons


async def test_skip_without_reason_is_refused_on_screen(make_app, demo_path) -> None:
    app = make_app(demo_path, section="disputes")
    async with app.run_test(size=(100, 30)) as pilot:
        dispute_id = await open_first(pilot, app, "Six-week consultation")
        events_before = len(app.store.all(DISPUTE_EVENTS))
        await move(pilot, app, "unresolved")
        assert isinstance(app.screen, DisputeStageForm)
        assert "Reason needed" in shown(app.screen, "#reason-needed")
        assert "skips independent mediation" in shown(app.screen, ".form-error")
        assert len(app.store.all(DISPUTE_EVENTS)) == events_before
        assert DisputesService(app.store).dispute(dispute_id).stage == "discussion"
        app.screen.query_one("#reason", Input).value = "The council refused mediation."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert DisputesService(app.store).dispute(dispute_id).stage == "unresolved"


async def test_next_step_form_and_bad_date(make_app, demo_path) -> None:
    app = make_app(demo_path, section="disputes")
    async with app.run_test(size=(100, 30)) as pilot:
        dispute_id = await open_first(pilot, app, "Six-week consultation")
        await pilot.press("t")
        await pilot.pause()
        app.screen.query_one("#next-step", Input).value = "Chair to phone the council"
        app.screen.query_one("#next-step-due", Input).value = "soon"
        await pilot.press("enter")
        await pilot.pause()
        assert '"soon" is not a date we can read' in shown(app.screen, ".form-error")
        assert DisputesService(app.store).dispute(dispute_id).next_step == \
            "Essex County Council to reply in writing"
        app.screen.query_one("#next-step-due", Input).value = "20/11/2026"
        await pilot.press("enter")
        await pilot.pause()
        dispute = DisputesService(app.store).dispute(dispute_id)
        assert (dispute.next_step, dispute.next_step_due) == (
            "Chair to phone the council", "2026-11-20")
        assert "OVERDUE" in shown(app.screen, "#dispute-status")


async def test_list_marks_confidential_and_overdue_and_toggles_closed(make_app,
                                                                      demo_path) -> None:
    app = make_app(demo_path, section="disputes")
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one(DataTable)
        first_row = [str(cell) for cell in table.get_row_at(0)]
        assert first_row[0].startswith("[CONFIDENTIAL]")
        assert first_row[4].endswith("OVERDUE")
        assert "1 next step OVERDUE" in shown(app.screen, "#disputes-heading")
        await pilot.press("f")
        await pilot.pause()
        assert str(table.get_row_at(0)[0]) == "Grant paid in arrears to Brentwood CVS"
        assert table.row_count == 1


async def test_export_confidential_timeline_only_after_confirming(make_app, demo_path) -> None:
    app = make_app(demo_path, section="disputes")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first(pilot, app, "carers")
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DisputeDetailScreen)
        assert not list(Path(demo_path).parent.glob("dispute-*.md"))
        # Reflex keys never say yes: y types a letter, Enter alone is the safe answer.
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, TypedConfirmScreen)
        await pilot.press("y", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DisputeDetailScreen)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DisputeDetailScreen)
        assert not list(Path(demo_path).parent.glob("dispute-*.md"))
        await pilot.press("x")
        await pilot.pause()
        await pilot.press(*"Confidential", "enter")
        await pilot.pause()
        path_input = app.screen.query_one("#export-path", Input)
        assert "carers" not in path_input.value
        target = Path(demo_path).parent / "for-mediator.md"
        path_input.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        text = target.read_text(encoding="utf-8")
        assert "[CONFIDENTIAL]" in text and "Ending of the carers' support contract" in text


async def test_reports_leave_confidential_details_out_unless_the_word_is_typed(
        make_app, demo_path) -> None:
    """The log on screen counts the confidential dispute; two reflex Enters export a file
    without it; typing the word puts it in, and the file says so at its top."""
    app = make_app(demo_path, section="disputes")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        log = shown(app.screen, "#log-text")
        assert "Confidential: 1 (counted, not named)." in log
        for secret in ("carers", "4.4", "4.2", "Basildon"):
            assert secret not in log
        folder = Path(demo_path).parent
        for typed, name in (("", "reflex.md"), ("confidential", "asked.md")):
            await pilot.press("x")
            await pilot.pause()
            assert isinstance(app.screen, TypedConfirmScreen)
            await pilot.press(*typed, "enter")
            await pilot.pause()
            app.screen.query_one("#export-path", Input).value = str(folder / name)
            await pilot.press("enter")
            await pilot.pause()
        reflex = (folder / "reflex.md").read_text(encoding="utf-8")
        assert "1 of them is confidential" in reflex
        for secret in ("carers", "4.4 ", "4.2 ", "Basildon", "[CONFIDENTIAL]"):
            assert secret not in reflex
        asked = (folder / "asked.md").read_text(encoding="utf-8")
        assert asked.splitlines()[2].startswith("**[CONFIDENTIAL]** This file holds")
        assert "carers" in asked


async def test_non_compliance_log_on_screen_with_a_period(make_app, demo_path) -> None:
    app = make_app(demo_path, section="disputes")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DisputeReportsScreen)
        assert "from 25 November 2025 to 25 November 2026: 3." in shown(screen, "#log-text")
        screen.query_one("#period-from", Input).value = "01/10/2026"
        screen.query_one("#period-to", Input).value = "31/10/2026"
        screen.query_one("#period-to", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        log = shown(screen, "#log-text")
        assert "from 1 October 2026 to 31 October 2026: 2." in log
        assert "Essex County Council: 1" in log
        screen.query_one("#period-to", Input).value = "32/10/2026"
        await pilot.press("enter")
        await pilot.pause()
        assert "not a real date" in shown(screen, "#period-message")
        assert "to 31 October 2026: 2." in shown(screen, "#log-text")


async def test_palette_jump_opens_a_dispute(make_app, demo_path) -> None:
    from compact_tui.ui.shell.jump_targets import jump_targets

    app = make_app(demo_path, section="dashboard")
    async with app.run_test(size=(100, 30)) as pilot:
        targets = [t for t in jump_targets(app.services) if t[2] == "disputes"]
        labels = [t[0] for t in targets]
        assert "Six-week consultation on community grants" in labels
        assert not any("carers" in label for label in labels)
        record_id = next(t[3] for t in targets if t[0].startswith("Grant paid"))
        app.open_record("disputes", record_id)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DisputeDetailScreen)
        assert app.screen.dispute_id == record_id


def test_column_widths_fit_80_and_grow_with_the_screen() -> None:
    narrow, wide = column_widths(80), column_widths(100)
    assert narrow.title + narrow.next_step + 33 + 16 <= 80
    assert wide.title > narrow.title and wide.next_step > narrow.next_step


async def test_edit_and_history_from_the_detail_view(make_app, demo_path) -> None:
    app = make_app(demo_path, section="disputes")
    async with app.run_test(size=(100, 30)) as pilot:
        dispute_id = await open_first(pilot, app, "Six-week consultation")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, DisputeForm)
        form = app.screen
        assert form.query_one("#title", Input).value == \
            "Six-week consultation on community grants"
        assert form.query_one("#commitments", SelectionList).selected == ["2.4"]
        form.query_one("#title", Input).value = "Six-week grants consultation"
        form.query_one("#confidential").value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DisputeDetailScreen)
        dispute = DisputesService(app.store).dispute(dispute_id)
        assert dispute.title == "Six-week grants consultation" and dispute.confidential
        assert dispute.what_happened.startswith("The consultation on the community grants")
        assert "[CONFIDENTIAL]" in shown(app.screen, "#dispute-marker")
        await pilot.press("h")
        await pilot.pause()
        assert type(app.screen).__name__ == "HistoryScreen"
