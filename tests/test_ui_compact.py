"""The Compact's clock as a person uses it (key 8): consultations, funding changes and the
Compact's cycle recorded from the keyboard, bad dates refused in the form, flags shown with
the Compact's words, the Due and overdue list jumping to each record, the Dashboard's due
panel, the annual report's introduction, and two members editing one record."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import Checkbox, Input, Select, SelectionList, Static, TextArea

from compact_tui.domain.annual_report import ANNUAL_REPORTS, introduction
from compact_tui.domain.clock.consultations import CONSULTATIONS, ConsultationsService
from compact_tui.domain.clock.cycle import COMPACT_CYCLE
from compact_tui.domain.clock.funding import FundingChangesService
from compact_tui.domain.register import RegisterService
from compact_tui.ui.actions.actions import ActionsScreen
from compact_tui.ui.compact.annual_report import AnnualReportScreen
from compact_tui.ui.compact.clock_detail import ClockDetailScreen
from compact_tui.ui.compact.compact import CompactScreen
from compact_tui.ui.compact.consultation_form import ConsultationForm
from compact_tui.ui.compact.cycle_form import CycleForm
from compact_tui.ui.compact.funding_form import FundingChangeForm
from compact_tui.ui.compact.introduction_form import IntroductionForm
from compact_tui.ui.shell.history import HistoryScreen
from compact_tui.ui.widgets.record_table import RecordTable
from tests.waiting import wait_until

SIZE = (120, 36)


def shown(screen, selector: str) -> str:
    content = screen.query_one(selector, Static).render()
    return str(content.plain if isinstance(content, Text) else content)


def org_id(app, name: str) -> str:
    return next(o.id for o in RegisterService(app.store).organisations() if o.name == name)


def rows(app) -> list[str]:
    table = app.screen.query_one(RecordTable)
    return [str(table.get_cell_at((r, 0))) for r in range(table.row_count)]


async def open_list(pilot, app, presses: int) -> CompactScreen:
    await pilot.press("8")
    await wait_until(pilot, lambda: isinstance(app.screen, CompactScreen))
    for _ in range(presses):
        await pilot.press("f")
    await pilot.pause()
    return app.screen


def fill(app, values: dict[str, str]) -> None:
    for field_id, value in values.items():
        app.screen.query_one(f"#{field_id}", Input).value = value


async def test_record_a_consultation_refusing_bad_dates_first(make_app, demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, app, 1)
        assert screen.view == "consultations"
        before = len(app.store.all(CONSULTATIONS))
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ConsultationForm))
        await pilot.press(*"Library opening hours")
        app.screen.query_one("#organisation", Select).value = org_id(
            app, "Brentwood Borough Council")
        fill(app, {"opened-on": "01/12/2026", "closes-on": "31/11/2026"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConsultationForm)
        assert '"31/11/2026" is not a real date' in shown(app.screen, ".form-error")
        fill(app, {"closes-on": "20/11/2026"})
        await pilot.pause()
        assert "closes before it opens" in shown(app.screen, "#weeks-given")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert ("A consultation cannot close (20 November 2026) before it opens (1 December "
                "2026)") in shown(app.screen, ".form-error")
        assert len(app.store.all(CONSULTATIONS)) == before
        fill(app, {"closes-on": "12/01/2027"})
        await pilot.pause()
        assert "6 week" in shown(app.screen, "#weeks-given")
        assert "shorter than the Compact's 12 weeks" in shown(app.screen, "#weeks-given")
        app.screen.query_one("#told-early", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, CompactScreen))
        [saved] = [c for c in ConsultationsService(app.store).consultations()
                   if c.title == "Library opening hours"]
        assert (saved.opened_on, saved.closes_on, saved.told_early) == (
            "2026-12-01", "2027-01-12", True)
        assert saved.organisation_id == org_id(app, "Brentwood Borough Council")
        assert app.screen.table.selected_id == saved.id
        assert "6 weeks given, the Compact asks for 12 weeks" in shown(app.screen,
                                                                       "#compact-selected")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClockDetailScreen))
        flags = shown(app.screen, "#clock-flags")
        assert "no reason is recorded" in flags
        assert "allow enough time (12 weeks)" in flags and "Commitment 2.4" in flags
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ConsultationForm))
        fill(app, {"reason": "A statutory deadline from government."})
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ClockDetailScreen))
        assert "No flags" in shown(app.screen, "#clock-flags")
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        assert ConsultationsService(app.store).consultation(saved.id).shorter_reason == (
            "A statutory deadline from government.")


async def test_record_a_funding_change_flagged_for_short_notice(make_app,
                                                               demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot, app, 2)
        assert app.screen.view == "funding"
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, FundingChangeForm))
        await pilot.press(*"Advice services grant")
        form = app.screen
        form.query_one("#funder", Select).value = org_id(app, "Essex County Council")
        form.query_one("#kind", Select).value = "ending"
        await pilot.pause()
        assert "6 months' written notice" in shown(form, "#notice-rule")
        assert "Give a minimum of six months notice" in shown(form, "#notice-rule")
        fill(app, {"notice-given-on": "01/04/2027", "takes-effect-on": "01/03/2027"})
        form.query_one("#recipients", SelectionList).select(org_id(app, "Active Brentwood"))
        await pilot.pause()
        assert shown(form, "#recipients-chosen") == "Chosen: Active Brentwood"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Notice cannot be given (1 April 2027) after the change takes effect" in shown(
            form, ".form-error")
        fill(app, {"notice-given-on": "01/12/2026"})
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, CompactScreen))
        service = FundingChangesService(app.store)
        [saved] = [c for c in service.changes() if c.programme == "Advice services grant"]
        assert saved.recipient_ids == [org_id(app, "Active Brentwood")]
        assert (saved.kind, saved.notice_given_on, saved.takes_effect_on) == (
            "ending", "2026-12-01", "2027-03-01")
        assert "needs 6 months in writing" in shown(app.screen, "#compact-selected")


async def test_record_the_compacts_review_and_a_returns_deadline(make_app,
                                                               demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot, app, 3)
        assert rows(app)[:3] == ["Review of the Compact", "Annual Compact meeting or event",
                                 "Steering Group membership updated"]
        before = len(app.store.all(COMPACT_CYCLE))
        await pilot.press("down")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CycleForm))
        assert app.screen.query_one("#cycle-kind", Select).value == "annual_event"
        fill(app, {"cycle-on": "20/11/2026", "cycle-next": "19/11/2026"})
        await pilot.press("enter")
        await pilot.pause()
        assert "must fall after" in shown(app.screen, ".form-error")
        fill(app, {"cycle-next": "", "cycle-note": "Compact Day 2026"})
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CompactScreen))
        status = app.services.cycle.status("annual_event")
        assert status.last.on == "2026-11-20" and str(status.next_due) == "2027-11-20"
        assert len(app.store.all(COMPACT_CYCLE)) == before + 1
        app.screen.table.select(app.services.cycle.returns_deadline(2026).id)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, CycleForm))
        assert app.screen.query_one("#cycle-year", Input).value == "2026"
        fill(app, {"cycle-on": "31/01/2027"})
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CompactScreen))
        assert app.services.cycle.returns_deadline(2026).on == "2027-01-31"


async def test_due_list_jumps_to_each_record(make_app, demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, app, 0)
        heading = shown(screen, "#compact-heading")
        assert heading.startswith("Due and overdue: ") and "overdue" in heading
        details = [str(screen.table.get_cell_at((r, 3))) for r in range(screen.table.row_count)]
        assert any("6 weeks given" in d for d in details)
        assert any("written notice (3 months) due" in d for d in details)
        assert any("Confidential dispute" in d for d in details)
        dates = [str(screen.table.get_cell_at((r, 0))) for r in range(screen.table.row_count)]
        assert dates[0] == "16 Oct 2026"
        action_row = next(r for r in range(screen.table.row_count)
                          if str(screen.table.get_cell_at((r, 2))) == "Action")
        screen.table.move_cursor(row=action_row)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ActionsScreen))
        assert app.current_mode == "actions"
        await pilot.press("8")
        await wait_until(pilot, lambda: isinstance(app.screen, CompactScreen))
        consultation_row = next(r for r in range(screen.table.row_count)
                                if "6 weeks given" in str(screen.table.get_cell_at((r, 3))))
        screen.table.move_cursor(row=consultation_row)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClockDetailScreen))
        assert shown(app.screen, "#clock-title") == "Community grants programme 2027"


async def test_dashboard_due_panel_opens_the_record(make_app, demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Due and overdue: " in shown(app.screen, "#dash-due-title")
        table = app.screen.query_one("#dash-due", RecordTable)
        row = next(r for r in range(table.row_count)
                   if "Volunteering grant" in str(table.get_cell_at((r, 3))))
        table.move_cursor(row=row)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClockDetailScreen))
        assert app.current_mode == "compact"
        assert "needs 6 months in writing" in shown(app.screen, "#clock-flags")


async def test_annual_report_introduction_is_edited_and_kept(make_app,
                                                            demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot, app, 0)
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(app.screen, AnnualReportScreen))
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, IntroductionForm))
        area = app.screen.query_one("#introduction", TextArea)
        area.move_cursor((0, 0))
        await pilot.press(*"A year of listening. ")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, AnnualReportScreen))
        assert introduction(app.store, 2026).startswith("A year of listening. This is the "
                                                        "Brentwood Compact")
        assert len(app.store.all(ANNUAL_REPORTS)) == 1


async def test_two_members_edit_one_consultation(make_app, demo_path: Path) -> None:
    """Each form writes only what its member changed: both edits survive."""
    first = make_app(demo_path, member="Priya Shah")
    second = make_app(demo_path, member="Jo Morgan")
    async with first.run_test(size=SIZE) as pilot_one, \
            second.run_test(size=SIZE) as pilot_two:
        target = next(c for c in ConsultationsService(first.store).consultations()
                      if c.title == "Town centre parking strategy")
        for pilot, app in ((pilot_one, first), (pilot_two, second)):
            await open_list(pilot, app, 1)
            app.screen.table.select(target.id)
            await pilot.press("e")
            await wait_until(pilot, lambda app=app: isinstance(app.screen, ConsultationForm))
        first.screen.query_one("#reported-back-on", Input).value = "30/11/2026"
        first.screen.query_one("#report-back", Input).value = "Published on the website"
        await pilot_one.press("ctrl+s")
        await wait_until(pilot_one, lambda: isinstance(first.screen, CompactScreen))
        assert first.store.save()
        second.store.refresh()
        await pilot_two.pause()
        second.screen.query_one("#notes", Input).value = "Chased by the CVS"
        await pilot_two.press("ctrl+s")
        await wait_until(pilot_two, lambda: isinstance(second.screen, CompactScreen))
        assert second.store.save()
        first.store.refresh()
        for app in (first, second):
            saved = ConsultationsService(app.store).consultation(target.id)
            assert (saved.reported_back_on, saved.report_back, saved.notes) == (
                "2026-11-30", "Published on the website", "Chased by the CVS")


async def test_agenda_pack_from_the_meetings_screen(make_app, demo_path: Path,
                                                    tmp_path: Path) -> None:
    from compact_tui.ui.shell.export_dialog import ExportDialog

    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("P")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog))
        target = tmp_path / "exports" / "pack.html"
        target.parent.mkdir()
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, ExportDialog))
        page = target.read_text(encoding="utf-8")
        assert page.count('<section class="pack-part">') == 4
        assert "Agenda pack: Brentwood Compact Steering Group, Thursday 3 December 2026" in page


async def test_palette_jumps_to_a_funding_change_and_the_clock(make_app,
                                                                demo_path: Path) -> None:
    from textual.command import CommandList

    def hits(palette) -> str:
        found = palette.query_one(CommandList)
        return " ".join(str(found.get_option_at_index(i).prompt)
                        for i in range(found.option_count))

    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Youth activities")
        palette = app.screen
        await wait_until(pilot, lambda: "Funding change: Youth activities fund" in hits(palette))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClockDetailScreen))
        assert shown(app.screen, "#clock-title") == "Youth activities fund"
        assert "no written notice recorded" in shown(app.screen, "#clock-flags")
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Go to Compact")
        palette = app.screen
        await wait_until(pilot, lambda: "Go to Compact's clock" in hits(palette))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CompactScreen))


async def test_two_members_edit_a_funding_change_and_the_introduction(make_app,
                                                                       demo_path: Path) -> None:
    """Another member's saved change reaches an open form and is kept; two members typing
    into the annual report's introduction both keep their words."""
    first = make_app(demo_path, member="Priya Shah")
    second = make_app(demo_path, member="Jo Morgan")
    async with first.run_test(size=SIZE) as pilot_one, \
            second.run_test(size=SIZE) as pilot_two:
        target = next(c for c in FundingChangesService(first.store).changes()
                      if c.programme == "Youth activities fund")
        for pilot, app in ((pilot_one, first), (pilot_two, second)):
            await open_list(pilot, app, 2)
            app.screen.table.select(target.id)
            await pilot.press("e")
            await wait_until(pilot, lambda app=app: isinstance(app.screen, FundingChangeForm))
        first.screen.query_one("#notice-given-on", Input).value = "20/11/2026"
        await pilot_one.press("ctrl+s")
        await wait_until(pilot_one, lambda: isinstance(first.screen, CompactScreen))
        assert first.store.save()
        second.store.refresh()
        second.refresh_screen()
        await pilot_two.pause()
        assert second.screen.query_one("#notice-given-on", Input).value == "20 November 2026"
        second.screen.query_one("#notes", Input).value = "Appeal heard in December"
        await pilot_two.press("ctrl+s")
        await wait_until(pilot_two, lambda: isinstance(second.screen, CompactScreen))
        assert second.store.save()
        first.store.refresh()
        for app in (first, second):
            saved = FundingChangesService(app.store).change(target.id)
            assert (saved.notice_given_on, saved.notes) == ("2026-11-20",
                                                            "Appeal heard in December")
            assert app.store.conflicts() == []

        for pilot, app in ((pilot_one, first), (pilot_two, second)):
            await pilot.press("v")
            await wait_until(pilot, lambda app=app: isinstance(app.screen, AnnualReportScreen))
            await pilot.press("e")
            await wait_until(pilot, lambda app=app: isinstance(app.screen, IntroductionForm))
        first.screen.query_one("#introduction", TextArea).move_cursor((0, 0))
        await pilot_one.press(*"Priya: ")
        await pilot_one.press("ctrl+s")
        await wait_until(pilot_one, lambda: isinstance(first.screen, AnnualReportScreen))
        assert first.store.save()
        second.store.refresh()
        area = second.screen.query_one("#introduction", TextArea)
        area.move_cursor(area.document.end)
        await pilot_two.press(*" Jo was here.")
        await pilot_two.press("ctrl+s")
        await wait_until(pilot_two, lambda: isinstance(second.screen, AnnualReportScreen))
        text = introduction(second.store, 2026)
        assert text.startswith("Priya: This is the Brentwood Compact")
        assert text.endswith("Jo was here.")
