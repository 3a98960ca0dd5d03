"""Keys land in the field that has the focus at their point of the key stream (issue 14, 2).

Each form of the app gets a burst of at least 500 keys with a Tab after every field, all put in
the app's queue at once (as a paste through tmux or a laggy ssh link delivers them), and every
field must then hold exactly what was typed into it. Before the app held keys back while the
focus moved, characters typed after a Tab went into the previous field: "Lee ChanTrustee of
Active Brent". A real terminal (tmux send-keys) shows the same at the end.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.key_burst import burst, held_text, keys_for, plan_burst, wait_for_keys
from tests.waiting import wait_until


def _forms() -> dict[str, Callable[[Any], Any]]:
    """Every form of the app, built as its screen builds it, on the demo store's records."""
    from compact_tui.domain.meeting_views import owner_choices
    from compact_tui.locations import agendas_folder
    from compact_tui.ui.actions.action_form import ActionFormScreen
    from compact_tui.ui.actions.action_status_form import ActionStatusFormScreen
    from compact_tui.ui.assessments.action_plan_form import ActionPlanFormScreen
    from compact_tui.ui.assessments.assessment_start import AssessmentStartScreen
    from compact_tui.ui.assessments.forms_import import FormsImportScreen
    from compact_tui.ui.assessments.self_assessment_form import SelfAssessmentFormScreen
    from compact_tui.ui.disputes.dispute_form import DisputeForm
    from compact_tui.ui.disputes.dispute_next_step_form import DisputeNextStepForm
    from compact_tui.ui.disputes.dispute_stage_form import DisputeStageForm
    from compact_tui.ui.meetings.attendee_form import AttendeeFormScreen
    from compact_tui.ui.meetings.decision_form import DecisionFormScreen
    from compact_tui.ui.meetings.declaration_form import DeclarationFormScreen
    from compact_tui.ui.meetings.item_form import ItemFormScreen
    from compact_tui.ui.meetings.meeting_form import MeetingFormScreen
    from compact_tui.ui.register.champion_form import ChampionForm
    from compact_tui.ui.register.organisation_form import OrganisationForm
    from compact_tui.ui.register.register_import import RegisterImportScreen
    from compact_tui.ui.shell.export_dialog import ExportDialog
    from compact_tui.ui.shell.member_prompt import MemberPromptScreen
    from compact_tui.ui.shell.text_prompt import PromptField, TextPromptScreen

    def organisation(app: Any) -> str:
        return app.services.register.organisations()[0].id

    def dispute(app: Any) -> str:
        return app.services.disputes.open_disputes()[0].id

    def action(app: Any) -> Any:
        return app.services.actions.actions()[0]

    def assessment(app: Any, kind: str) -> str:
        """A draft return of ``kind`` (one is started when the demo has none)."""
        service = app.services.assessments
        drafts = [s.id for s in service.summaries() if s.kind == kind and s.editable]
        return drafts[0] if drafts else service.start(kind, organisation(app), 2027)

    def items(app: Any) -> list[tuple[str, str]]:
        meetings = app.services.meetings
        meeting = meetings.meetings()[0]
        return [(i.title, i.id) for i in meetings.items(meeting.id)]

    def ignore(_result: object) -> None:
        return None

    return {
        "organisation (sign up)": lambda app: OrganisationForm(),
        "organisation (edit)": lambda app: OrganisationForm(organisation(app)),
        "champion": lambda app: ChampionForm(organisation(app)),
        "register import": lambda app: RegisterImportScreen(),
        "meeting": lambda app: MeetingFormScreen(agendas_folder(app.settings.agendas_folder)),
        "agenda item": lambda app: ItemFormScreen(),
        "decision": lambda app: DecisionFormScreen("item 1: Welcome", ignore, 6),
        "declaration": lambda app: DeclarationFormScreen(
            "Declaration of interest", items(app),
            app.services.meetings.declaration_kinds(), ignore),
        "attendee": lambda app: AttendeeFormScreen("Who came", ignore,
                                                   contacts=("Lee Chan", "Rita Gomez")),
        "guest (text prompt)": lambda app: TextPromptScreen("Someone in attendance", [
            PromptField("name", "Name", required=True), PromptField("organisation",
                                                                    "Organisation"),
            PromptField("role", "Role")]),
        "action": lambda app: ActionFormScreen("New action", owner_choices(app.store)),
        "action (correct)": lambda app: ActionFormScreen(
            "Correct action", owner_choices(app.store), action=action(app)),
        "action status": lambda app: ActionStatusFormScreen(action(app), ignore),
        "dispute": lambda app: DisputeForm(),
        "dispute (edit)": lambda app: DisputeForm(dispute(app)),
        "dispute stage": lambda app: DisputeStageForm(dispute(app)),
        "dispute event (next step)": lambda app: DisputeNextStepForm(dispute(app)),
        "self-assessment": lambda app: SelfAssessmentFormScreen(
            app.services.assessments, assessment(app, "self_assessments")),
        "action plan": lambda app: ActionPlanFormScreen(
            app.services.assessments, assessment(app, "action_plans")),
        "assessment start": lambda app: AssessmentStartScreen(app.services.assessments),
        "forms import": lambda app: FormsImportScreen(),
        "export": lambda app: ExportDialog("Export", Path(app.store.path).parent / "out.md",
                                           {"Markdown": lambda: ""},
                                           data_file=Path(app.store.path)),
        "member": lambda app: MemberPromptScreen(),
    }


async def test_a_burst_of_500_keys_fills_every_field_of_every_form(make_app,
                                                                    demo_path: Path) -> None:
    app = make_app(demo_path)
    wrong: dict[str, list[tuple[str, str, str]]] = {}
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for name, build in _forms().items():
            screen = build(app)
            app.push_screen(screen)
            await wait_until(pilot, lambda screen=screen: app.screen is screen
                             and screen.focused is not None and app.keys_settled())
            keys, fields = plan_burst(screen)
            assert len(keys) >= 500
            burst(app, keys)
            await wait_for_keys(pilot)
            assert app.screen is screen, f"{name}: the burst closed the form"
            wrong[name] = [(str(f.widget.id), f.expected, held_text(f.widget))
                           for f in fields if held_text(f.widget) != f.expected]
            app.pop_screen()
            await wait_until(pilot, app.keys_settled)
    wrong = {name: found for name, found in wrong.items() if found}
    for name, found in wrong.items():
        for field, expected, held in found:
            print(f"{name} #{field}\n  expected {expected!r}\n  held     {held!r}")
    assert wrong == {}


async def test_keys_after_a_key_that_opens_a_dialog_go_into_the_dialog(make_app,
                                                                       demo_path: Path) -> None:
    """The reported case: in chair mode ctrl+l (declaration of interest), then the person's
    name, Tabs past the item, the kind and what they did, then the interest, in one burst."""
    from textual.widgets import Input

    from compact_tui.ui.meetings.chair import ChairScreen
    from compact_tui.ui.meetings.declaration_form import DeclarationFormScreen

    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=(120, 36)) as pilot:
        meeting_id = app.services.meetings.meetings()[0].id
        app.push_screen(ChairScreen(meeting_id))
        await wait_until(pilot, lambda: isinstance(app.screen, ChairScreen)
                         and app.keys_settled())
        typed = "Minutes so far."
        # Tabs past the item, the kind and what they did, to the interest
        burst(app, [*keys_for(typed), "ctrl+l", *keys_for("Lee Chan"), "tab", "tab", "tab",
                    "tab", *keys_for("Trustee of Active Brentwood")])
        await wait_for_keys(pilot)
        form = app.screen
        assert isinstance(form, DeclarationFormScreen)
        values = {w.id: w.value for w in form.query(Input)}
        assert values == {"declaration-person": "Lee Chan",
                          "declaration-interest": "Trustee of Active Brentwood"}
        assert form.focused is form.query_one("#declaration-interest")
        chair = app.screen_stack[-2]
        assert chair.minutes_area.text == typed


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux to drive a real terminal")
def test_tmux_send_keys_with_tabs_fills_each_field(tmp_path: Path, demo_path: Path) -> None:
    """A real terminal: tmux hands the app the whole string at once, Tabs included."""
    from tests.test_crash_typing import Terminal

    terminal = Terminal(tmp_path, demo_path, tmp_path / "home")
    try:
        terminal.start()
        terminal.wait_for(lambda shown: "Next meeting" in shown)
        terminal.press_until("4", "Sign up")
        terminal.press_until("n", "Sector")
        terminal.keys("Lee Chan\t\t\tTrustee of Active Brent", literal=True)
        shown = terminal.wait_for(lambda shown: "Trustee of Active Brent" in shown)
        assert "Lee ChanTrustee" not in shown
        name_line = next(line for line in shown.splitlines() if "Lee Chan" in line)
        assert "Trustee" not in name_line
    finally:
        terminal.close()
