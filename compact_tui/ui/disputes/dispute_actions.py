"""What the disputes list and a dispute's detail view both do to "the current dispute".

A mixin for the two screens: each says which dispute is current and how to show a change.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ...domain.dates import iso, today
from ...domain.dispute_reports import timeline_markdown
from ...domain.disputes import UnknownDisputeError
from ...locations import export_folder
from ..keys import key_label
from ..shell.app_access import UsesApp


def timeline_file_name(title: str, confidential: bool) -> str:
    """A file name that never gives a confidential dispute's title away."""
    if confidential:
        return f"dispute-confidential-{iso(today())}.md"
    slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:40].rstrip("-")
    return f"dispute-{slug or 'timeline'}.md"


class DisputeActions(UsesApp):
    """Raise, move, set the next step, edit, export and show history for a dispute."""

    app: Any
    notify: Any

    def current_dispute_id(self) -> str | None:
        raise NotImplementedError

    def after_change(self, dispute_id: str | None) -> None:
        raise NotImplementedError

    def _current(self) -> str | None:
        dispute_id = self.current_dispute_id()
        if dispute_id is None:
            self.notify("Choose a dispute first (or press "
                        f"{key_label(self.app, 'new')} to raise one).")
        return dispute_id

    def _changed(self, dispute_id: str | None) -> None:
        if dispute_id:
            self.after_change(dispute_id)

    def action_new_dispute(self) -> None:
        from .dispute_form import DisputeForm

        self.app.push_screen(DisputeForm(), self._raised)

    def _raised(self, dispute_id: str | None) -> None:
        if dispute_id:
            self.notify("Dispute raised. Its next step shows at the next meeting.",
                        title="Saved")
            self.after_change(dispute_id)

    def action_edit_dispute(self) -> None:
        from .dispute_form import DisputeForm

        dispute_id = self._current()
        if dispute_id is not None:
            self.app.push_screen(DisputeForm(dispute_id), self._changed)

    def action_move_stage(self) -> None:
        from .dispute_stage_form import DisputeStageForm

        dispute_id = self._current()
        if dispute_id is not None:
            self.app.push_screen(DisputeStageForm(dispute_id), self._changed)

    def action_next_step(self) -> None:
        from .dispute_next_step_form import DisputeNextStepForm

        dispute_id = self._current()
        if dispute_id is None:
            return
        service = self.services.disputes
        if not service.dispute(dispute_id).is_open:
            self.notify(f"This dispute is closed. Press {key_label(self.app, 'status')} to reopen "
                        "it first.")
            return
        self.app.push_screen(DisputeNextStepForm(dispute_id), self._changed)

    def action_export_timeline(self) -> None:
        from ..shell.typed_confirm import TypedConfirmScreen

        dispute_id = self._current()
        if dispute_id is None:
            return
        try:
            dispute = self.services.disputes.dispute(
                dispute_id)
        except UnknownDisputeError as error:
            self.notify(str(error), severity="warning")
            return
        if not dispute.confidential:
            self._ask_export_path(dispute_id, include_confidential=False)
            return

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._ask_export_path(dispute_id, include_confidential=True)
            else:
                self.notify("Nothing exported: the dispute is confidential.")

        self.app.push_screen(TypedConfirmScreen(
            "[CONFIDENTIAL] Export this dispute's details?",
            "The file will name the parties and say what happened. Only share it with the "
            "mediator or others entitled to see it."), answered)

    def _ask_export_path(self, dispute_id: str, include_confidential: bool) -> None:
        from ..shell.export_dialog import ExportDialog

        store, content = self.compact.store, self.compact.content
        dispute = self.services.disputes.dispute(dispute_id)
        default = export_folder(store.path) / timeline_file_name(dispute.title,
                                                                 dispute.confidential)

        def render() -> str:
            return timeline_markdown(store, dispute_id, content,
                                     include_confidential=include_confidential)

        self.app.push_screen(ExportDialog("Export the dispute's timeline (for the mediator)",
                                          default, {".md": render}, data_file=store.path),
                             self._exported)

    def _exported(self, path: Path | None) -> None:
        if path is not None:
            self.notify(f"Saved {path}", title="Exported")

    def action_history(self) -> None:
        dispute_id = self._current()
        if dispute_id is None:
            return
        self.compact.show_history("disputes", dispute_id)
