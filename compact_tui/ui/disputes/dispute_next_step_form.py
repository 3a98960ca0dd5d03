"""Set an open dispute's next step and when it is due; the change goes on its timeline."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ...domain.dates import format_date
from ...domain.disputes import DISPUTES, DisputeInputError, DisputesService
from ..widgets.form import FieldLink, FormScreen, form_hint, form_input, form_row
from ..widgets.plain import plain_cell


class DisputeNextStepForm(FormScreen[str | None]):
    """Dismisses with the dispute's id once saved, or None."""

    DRAFT = "dispute_next_step"

    def __init__(self, dispute_id: str) -> None:
        super().__init__()
        self.dispute_id = dispute_id

    def draft_args(self) -> dict[str, str]:
        return {"dispute_id": self.dispute_id}

    def draft_label(self) -> str:
        return "the dispute's next step"

    @property
    def service(self) -> DisputesService:
        return self.services.disputes

    def compose(self) -> ComposeResult:
        dispute = self.service.dispute(self.dispute_id)
        with Vertical(classes="form-box"):
            yield Static(plain_cell(f"Next step: {dispute.label()}"), classes="form-title")
            yield form_row("Next step", form_input("next-step", dispute.next_step,
                                                   "who does what"))
            yield form_row("Due", form_input("next-step-due",
                                             format_date(dispute.next_step_due),
                                             "03/12/2026"))
            yield form_row("Note", form_input("note", "", "optional, for the timeline"))
            yield Static("", classes="form-error")
            yield form_hint()

    def on_mount(self) -> None:
        """The form follows the dispute: a next step or date another member sets meanwhile
        is taken in (and marked) unless this member changed it too (then theirs goes to
        Conflicts), so saving never puts back a stale one."""
        self.follow_record(DISPUTES, self.dispute_id, [
            FieldLink("next-step", "next_step"),
            FieldLink("next-step-due", "next_step_due", format_date)])

    def submit(self) -> None:
        try:
            self.service.set_next_step(self.dispute_id, self.value_of("next-step"),
                                       self.value_of("next-step-due"), self.value_of("note"))
        except DisputeInputError as error:
            self.show_error(str(error))
            return
        self.keep_theirs_in_conflicts()
        self.dismiss(self.dispute_id)
