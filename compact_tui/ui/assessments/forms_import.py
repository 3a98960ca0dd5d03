"""Import a returned form: type its path, see what it holds and every problem, then confirm.

Nothing is written until the person presses Import (or Replace); a resubmission shows each
changed answer first, and replacing a reviewed return says so on the button itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static

from ...domain.forms_service import (
    NEW,
    REFUSED,
    REPLACE,
    FormImportError,
    ImportPreview,
)
from ...form_files import read_form_file
from ...user_files import UserFileError
from ..keys import bind
from ..shell.app_access import UsesApp
from ..widgets.plain import plain

if TYPE_CHECKING:
    pass


class FormsImportScreen(UsesApp, ModalScreen[str | None]):
    """Dismissed with the id of the imported return, or None if nothing was imported."""

    CSS_PATH = "forms_import.tcss"
    BINDINGS = [bind("back", "close", "Close")]

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.initial_path = path
        self.preview: ImportPreview | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="forms-import-box"):
            yield Static("Import a returned form", id="forms-import-title")
            yield Static("Type the path of the form that came back (.md or .csv, as saved by "
                         "any editor, Word or Excel) and press Enter to look at it. Nothing is "
                         "imported until you confirm.", id="forms-import-help")
            yield Input(self.initial_path, placeholder="e.g. ~/Downloads/active-brentwood-"
                        "self-assessment-2026.md", id="forms-import-path", compact=True)
            yield Static("", id="forms-import-summary", markup=False)
            with Horizontal(id="forms-import-buttons"):
                yield Button("Import", id="forms-import-confirm", variant="primary",
                             disabled=True, compact=True)
                yield Button("Close", id="forms-import-close", compact=True)
            with VerticalScroll(id="forms-import-details"):
                yield Static("", id="forms-import-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#forms-import-path", Input).focus()
        if self.initial_path:
            self.load_preview()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.load_preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.preview is not None:
            self.preview = None
            self._show("", [], None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "forms-import-confirm":
            self.action_confirm()
        else:
            self.action_close()

    def action_close(self) -> None:
        self.dismiss(None)

    def load_preview(self) -> None:
        path = self.query_one("#forms-import-path", Input).value.strip()
        if not path:
            self._show("Type the path of the returned form first.", [], None)
            return
        try:
            text = read_form_file(path)
        except UserFileError as error:
            self.preview = None
            self._show(str(error), [], None)
            return
        self.preview = self.services.forms.preview(text, path)
        self._show_preview(self.preview)

    def _show_preview(self, preview: ImportPreview) -> None:
        lines = [preview.form_line()] if preview.form_line() else []
        if preview.outcome == REFUSED:
            lines += ["", "Problems to correct in the file (nothing will be imported):"]
            lines += [f"  ✗ {problem}" for problem in preview.problems]
        else:
            unanswered = len(preview.form.answers) - preview.form.answered
            if unanswered:
                lines.append(f"{unanswered} left without a rating.")
            if preview.mismatch:
                lines += ["", f"! Check who sent it: {preview.mismatch}"]
            if preview.replaces_reviewed:
                lines += ["", "! This return has already been REVIEWED by the Steering Group. "
                          "Replacing it sends it back for review."]
            if preview.outcome == REPLACE and not preview.changes:
                lines.append("The answers are the same as the stored draft.")
            changes = preview.change_lines()
            if changes:
                lines += ["", *changes]
        self._show(preview.summary(), lines, preview)

    def _show(self, summary: str, lines: list[str], preview: ImportPreview | None) -> None:
        self.query_one("#forms-import-summary", Static).update(plain(summary))
        self.query_one("#forms-import-detail", Static).update(plain("\n".join(lines)))
        button = self.query_one("#forms-import-confirm", Button)
        button.disabled = preview is None or preview.outcome not in (NEW, REPLACE)
        if preview is not None and preview.replaces_reviewed:
            button.label = "Replace reviewed return"
        elif preview is not None and preview.outcome == REPLACE:
            button.label = "Replace earlier answers"
        else:
            button.label = "Import"

    def action_confirm(self) -> None:
        """A form whose identifier and names disagree is imported only after a question."""
        preview = self.preview
        if preview is None or preview.outcome not in (NEW, REPLACE):
            return
        if not preview.mismatch:
            self._apply(preview, trust_identifier=False)
            return
        from ..shell.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes and self.preview is preview:
                self._apply(preview, trust_identifier=True)

        organisation = preview.organisation.name if preview.organisation else "this"
        self.app.push_screen(ConfirmScreen(
            f"Import it as {organisation}'s return?", preview.mismatch[:1].upper() +
            preview.mismatch[1:], yes="import it all the same"), answered)

    def _apply(self, preview: ImportPreview, trust_identifier: bool) -> None:
        service = self.services.forms
        try:
            record_id = service.apply(preview, replace_reviewed=preview.replaces_reviewed,
                                      trust_identifier=trust_identifier)
        except FormImportError as error:
            self.load_preview()
            self.query_one("#forms-import-summary", Static).update(plain(error))
            return
        self.app.notify(f"Imported {preview.describe()} as submitted, ready for review.",
                        title="Form imported")
        self.dismiss(record_id)
