"""Move a dispute along the route: the next stage, a note, and what that stage asks for.

Mediation asks for the mediator, an open stage for the next step, a closing outcome for the
lesson for the Compact; a skip, a step back or a reopening asks for a reason.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from ...domain.dates import format_date, today
from ...domain.disputes import DISPUTES, MEDIATION, DisputeInputError, DisputesService
from ..keys import bind, key_label
from ..widgets.form import FormScreen, form_input, form_row
from ..widgets.key_hint import KeyHint
from ..widgets.plain import plain, plain_cell
from ..widgets.shared_text import SharedTextArea, TextBinding

HINT = (("Tab or Enter", "next field"), ("save", "save"), ("back", "cancel"))


class DisputeStageForm(FormScreen[str | None]):
    """Dismisses with the dispute's id once the move is stored, or None."""

    CSS_PATH = "dispute_stage_form.tcss"
    ENTER_SAVES = False
    BINDINGS = [bind("save", "save", "Save")]

    DRAFT = "dispute_stage"

    def __init__(self, dispute_id: str) -> None:
        super().__init__()
        self.dispute_id = dispute_id

    def draft_args(self) -> dict[str, str]:
        return {"dispute_id": self.dispute_id}

    def draft_label(self) -> str:
        return "moving the dispute on"

    @property
    def service(self) -> DisputesService:
        return self.services.disputes

    def compose(self) -> ComposeResult:
        service = self.service
        dispute = service.dispute(self.dispute_id)
        choices = service.stages_to_move_to(dispute.stage)
        suggested = self._suggested(dispute.stage, [s.key for s in choices])
        with Vertical(classes="form-box", id="stage-form-box"):
            yield Static(plain_cell(f"Move: {dispute.label()}"), classes="form-title")
            yield Static(plain(f"Now: {service.stage_label(dispute.stage)}"), classes="form-hint")
            with VerticalScroll(id="stage-fields"):
                yield form_row("Move to", Select([(s.label, s.key) for s in choices],
                                                 id="to-stage", allow_blank=False,
                                                 value=suggested, compact=True))
                yield Static("", id="stage-guidance")
                yield Static("", id="reason-needed")
                yield form_row("Reason", form_input("reason", "",
                                                    "why the route is not followed"))
                yield form_row("Date", form_input("moved-on", format_date(today()),
                                                  "03/12/2026"))
                yield form_row("Note", form_input("note", "", "for the timeline, e.g. Met on "
                                                  "Tuesday; no agreement yet"))
                with Vertical(id="mediation-fields"):
                    yield form_row("Mediator", form_input(
                        "mediator", dispute.mediator,
                        "e.g. Essex Compact Steering Group mediation panel"))
                with Vertical(id="open-fields"):
                    yield form_row("Next step", form_input("next-step", dispute.next_step,
                                                           "who does what"))
                    yield form_row("Next step due", form_input(
                        "next-step-due", format_date(dispute.next_step_due), "03/12/2026"))
                with Vertical(id="closing-fields"):
                    yield Label("Lesson: what should the Compact change?")
                    yield Static(service.content.dispute_feedback, classes="form-hint")
                    yield SharedTextArea(dispute.lesson, id="lesson", hold=True, compact=True)
                yield Button(f"Save ({key_label(self.app, 'save')})", id="save",
                             variant="primary", compact=True)
            yield Static("", classes="form-error")
            yield KeyHint(*HINT, classes="form-hint")

    def _suggested(self, current: str, keys: list[str]) -> str:
        """The next stage on the route, or the first closing outcome after the last one."""
        for key in keys:
            if not self.service.reason_needed(current, key):
                return key
        return keys[0]

    def on_mount(self) -> None:
        self._show_stage()
        self.query_one("#to-stage", Select).focus()
        service, dispute_id = self.service, self.dispute_id
        # The lesson merges with words another member adds meanwhile; it is stored when the
        # move is saved, as a text edit from what the form started with.
        self.query_one("#lesson", SharedTextArea).bind(TextBinding(
            (DISPUTES, dispute_id, "lesson"),
            read=lambda: service.dispute(dispute_id).lesson,
            write=lambda base, text: service.edit_text(dispute_id, "lesson", base, text)))

    def refresh_data(self) -> None:
        """Another member's words in the lesson are merged into the one being typed."""
        self.query_one("#lesson", SharedTextArea).pull()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._show_stage()

    def _target(self) -> str:
        return str(self.query_one("#to-stage", Select).value)

    def _show_stage(self) -> None:
        service = self.service
        dispute = service.dispute(self.dispute_id)
        target = service.content.stage(self._target())
        self.query_one("#stage-guidance", Static).update(target.guidance)
        needed = service.reason_needed(dispute.stage, target.key)
        self.query_one("#reason-needed", Static).update(
            f"Reason needed: {needed}" if needed else "")
        self.query_one("#reason", Input).placeholder = (
            "needed: why the route is not followed" if needed else "optional")
        self.query_one("#mediation-fields").display = target.key == MEDIATION
        self.query_one("#open-fields").display = not target.closed
        self.query_one("#closing-fields").display = target.closed

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        target = self.service.content.stage(self._target())
        try:
            self.service.move_stage(
                self.dispute_id, target.key,
                on=self.value_of("moved-on"),
                note=self.value_of("note"),
                reason=self.value_of("reason"),
                mediator=self.value_of("mediator") if target.key == MEDIATION else "",
                next_step=None if target.closed else self.value_of("next-step"),
                next_step_due=None if target.closed else self.value_of("next-step-due"))
            lesson = self.query_one("#lesson", SharedTextArea)
            lesson.on_write_error = lambda error: True
            if target.closed and not lesson.flush():
                raise DisputeInputError(f"The move is saved, but not the lesson: "
                                        f"{lesson.problem}")
        except DisputeInputError as error:
            self.show_error(str(error))
            return
        self.dismiss(self.dispute_id)
