"""Export self-assessment and action-plan forms to email to one organisation or to all of them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from ...domain.dates import today
from ...domain.forms import FORM_KINDS, KIND_LABELS
from ...domain.forms_service import ExportedForm
from ...form_files import exported_bytes
from ...locations import forms_folder
from ...user_files import UserFileError, write_user_file
from ..keys import bind
from ..shell.app_access import UsesApp
from ..widgets.plain import plain, plain_cell

if TYPE_CHECKING:
    pass

ALL = "__all__"
BOTH = "both"


class FormsExportScreen(UsesApp, ModalScreen[list[Path] | None]):
    """Dismissed with the paths written, or None when closed without exporting."""

    CSS_PATH = "forms_export.tcss"
    BINDINGS = [bind("back", "close", "Close")]

    def __init__(self, organisation_id: str | None = None, folder: Path | None = None) -> None:
        super().__init__()
        self.organisation_id = organisation_id
        self.folder = folder or forms_folder()
        self.written: list[Path] = []

    def compose(self) -> ComposeResult:
        organisations = self.services.register.organisations()
        org_options = [(plain_cell("All active signatories"), ALL)] + [
            (plain_cell(org.name if org.status == "active"
                        else f"{org.name} ({org.status_label})"), org.id)
            for org in organisations]
        known = {org.id for org in organisations}
        with Vertical(id="forms-export-box"):
            yield Static("Export forms to send by email", id="forms-export-title")
            yield Static("Members fill them in with any editor or Excel and email them back; "
                         "import them with i on the Assessments screen.", id="forms-export-help")
            with Horizontal(classes="forms-export-row"):
                yield Label("Organisation")
                yield Select(org_options, id="forms-export-organisation", allow_blank=False,
                             value=self.organisation_id if self.organisation_id in known
                             else ALL, compact=True)
            with Horizontal(classes="forms-export-row"):
                yield Label("Form")
                yield Select([("Both forms", BOTH),
                              *((KIND_LABELS[kind], kind) for kind in FORM_KINDS)],
                             id="forms-export-kind", allow_blank=False, value=BOTH,
                             compact=True)
            with Horizontal(classes="forms-export-row"):
                yield Label("Year")
                yield Input(str(today().year), id="forms-export-year", compact=True,
                            max_length=4, restrict=r"[0-9]*")
            with Horizontal(classes="forms-export-row"):
                yield Label("Answers")
                yield Select([("Blank", False), ("Last year's answers filled in", True)],
                             id="forms-export-prefill", allow_blank=False, value=False,
                             compact=True)
            with Horizontal(classes="forms-export-row"):
                yield Label("Format")
                yield Select([("Markdown (.md), any editor or Word", "md"),
                              ("Word form (.docx)", "docx"),
                              ("CSV (.csv) for Excel", "csv")],
                             id="forms-export-format", allow_blank=False, value="md",
                             compact=True)
            with Horizontal(classes="forms-export-row"):
                yield Label("Folder")
                yield Input(str(self.folder), id="forms-export-folder", compact=True)
            with Horizontal(id="forms-export-buttons"):
                yield Button("Export", id="forms-export-go", variant="primary", compact=True)
                yield Button("Close", id="forms-export-close", compact=True)
            with VerticalScroll(id="forms-export-results"):
                yield Static("", id="forms-export-result", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#forms-export-organisation", Select).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "forms-export-go":
            self.export()
        else:
            self.action_close()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.export()

    def action_close(self) -> None:
        self.dismiss(self.written or None)

    def _say(self, text: str) -> None:
        self.query_one("#forms-export-result", Static).update(plain(text))

    def export(self) -> None:
        year_text = self.query_one("#forms-export-year", Input).value.strip()
        if len(year_text) != 4 or not 2000 <= int(year_text) <= 2100:
            self._say("Type the year the forms are for, e.g. 2026.")
            self.query_one("#forms-export-year", Input).focus()
            return
        folder_text = self.query_one("#forms-export-folder", Input).value.strip()
        if not folder_text:
            self._say("Type the folder to write the forms into.")
            self.query_one("#forms-export-folder", Input).focus()
            return
        year = int(year_text)
        chosen_kind = self.query_one("#forms-export-kind", Select).value
        kinds = FORM_KINDS if chosen_kind == BOTH else (str(chosen_kind),)
        fmt = str(self.query_one("#forms-export-format", Select).value)
        prefill = bool(self.query_one("#forms-export-prefill", Select).value)
        who = self.query_one("#forms-export-organisation", Select).value
        service = self.services.forms
        if who == ALL:
            forms = service.export_all(year, kinds, fmt, prefill)
        else:
            organisation = self.services.register.organisation(str(who))
            if organisation is None:
                self._say("That organisation is no longer in the register.")
                return
            forms = [service.export(organisation, kind, year, fmt, prefill) for kind in kinds]
        if not forms:
            self._say("There are no active signatories in the register to write forms for.")
            return
        folder = Path(folder_text).expanduser()
        try:
            paths = [write_user_file(folder / form.file_name,
                                     exported_bytes(form, self.compact.content),
                                     make_folder=True, data_file=self.compact.store.path)
                     for form in forms]
        except UserFileError as error:
            self._say(str(error))
            return
        self.written += paths
        self._say("\n".join([f"{len(paths)} form{'s' if len(paths) != 1 else ''} written to "
                             f"{folder}:"] + [f"  {_line(form)}" for form in forms]))


def _line(form: ExportedForm) -> str:
    fill = (f"pre-filled from {form.prefilled_from}" if form.prefilled_from
            else "blank")
    return f"{form.file_name} ({KIND_LABELS[form.kind].lower()}, {fill})"
