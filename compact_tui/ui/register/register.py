"""The signatory register: filter, sort, and open an organisation; sign up, import, export."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Select, Static

from ...domain.dates import format_date_short, today
from ...domain.register import (
    DUE_FILTERS,
    STATUSES,
    RegisterEntry,
    RegisterFilter,
    RegisterService,
    sector_choices,
)
from ...domain.register_csv import export_csv
from ...domain.register_export import public_list_markdown
from ...locations import private_export_folder
from ..keys import bind
from ..shell.section import SectionScreen
from ..widgets.plain import plain, plain_cells
from ..widgets.record_table import ColumnSpec, RecordTable, fit
from .annual_update import confirm_update

NARROW = 90  # below this width the "Signed" column gives its room to the names


class RegisterScreen(SectionScreen):
    SECTION = "register"
    CSS_PATH = "register.tcss"
    BINDINGS = [
        bind("new", "sign_up", "Sign up"),
        bind("edit", "edit", "Edit"),
        bind("keep", "confirm_update", "Confirm"),
        bind("sort", "sort", "Sort"),
        bind("reverse", "reverse", "Reverse", show=False),
        bind("find", "search", "Search", show=False),
        bind("import", "import_csv", "Import"),
        bind("export", "export", "Export"),
        bind("back", "focus_table", "Back to the list", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort = RegisterFilter().sort
        self.descending = False

    @property
    def service(self) -> RegisterService:
        return self.services.register

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="register-filters"):
            yield Input(placeholder="/ Search names, people, notes", id="register-search",
                        compact=True)
            yield Select(sector_choices(), prompt="Any sector", id="register-sector",
                         compact=True)
            yield Select([(label, key) for key, label in STATUSES.items()],
                         prompt="Any status", id="register-status", compact=True)
            yield Select([(label, key) for key, label in DUE_FILTERS.items() if key],
                         prompt="Any update", id="register-due", compact=True)
        yield Static(id="register-summary")
        yield RecordTable(id="register-table", zebra_stripes=True, classes="body")

    def on_mount(self) -> None:
        # SectionScreen's own on_mount runs after this one (Textual calls both): no super().
        self.table.focus()

    # ------------------------------------------------------------------ showing

    def current_filter(self) -> RegisterFilter:
        def chosen(selector: str) -> str:
            value = self.query_one(selector, Select).value
            return "" if value is Select.NULL else str(value)

        return RegisterFilter(text=self.query_one("#register-search", Input).value,
                              sector=chosen("#register-sector"),
                              status=chosen("#register-status"), due=chosen("#register-due"),
                              sort=self.sort, descending=self.descending)

    def refresh_data(self) -> None:
        wanted = self.current_filter()
        entries = self.service.search(wanted)
        narrow = self.app.size.width < NARROW
        name_width = max(16, self.app.size.width - (62 if narrow else 75))
        columns: list[ColumnSpec] = [("Organisation", name_width), ("Sector", 14),
                                     ("Status", 9), ("Champion", 14), ("Annual update", 13)]
        if not narrow:
            columns.insert(3, ("Signed", 11))
        self.table.refill(((entry.organisation.id, self._cells(entry, narrow, name_width))
                           for entry in entries), columns=columns)
        self._show_summary(entries, wanted)

    @property
    def table(self) -> RecordTable:
        return self.query_one("#register-table", RecordTable)

    @staticmethod
    def _cells(entry: RegisterEntry, narrow: bool, name_width: int) -> list[Text]:
        org = entry.organisation
        cells = [fit(org.name, name_width), fit(org.sector_label, 14), org.status_label]
        if not narrow:
            cells.append(format_date_short(org.date_signed, "-"))
        cells += [fit(entry.champion_summary, 14), entry.update.short]
        return plain_cells(*cells)

    def _show_summary(self, entries: list[RegisterEntry], wanted: RegisterFilter) -> None:
        total = len(self.service.organisations())
        due = sum(1 for e in entries if e.update.needs_attention)
        lacking = sum(1 for e in entries if e.champion_warning
                      and e.organisation.status == "active")
        parts = [f"Showing {len(entries)} of {total}", wanted.describe_sort()]
        if due:
            parts.append(f"! {due} update{'s' if due > 1 else ''} due")
        if lacking:
            parts.append(f"! {lacking} {'lacks' if lacking == 1 else 'lack'} a lead champion")
        self.query_one("#register-summary", Static).update(plain(" · ".join(parts)))

    def on_resize(self) -> None:
        self.refresh_data()

    def highlighted_id(self) -> str | None:
        return self.table.selected_id

    # ------------------------------------------------------------------ filters

    @on(Input.Changed, "#register-search")
    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self.refresh_data()

    @on(Input.Submitted, "#register-search")
    def _search_done(self) -> None:
        self.table.focus()

    def action_search(self) -> None:
        self.query_one("#register-search", Input).focus()

    def action_focus_table(self) -> None:
        self.table.focus()

    def action_sort(self) -> None:
        self.sort = RegisterFilter(sort=self.sort).next_sort().sort
        self.descending = False
        self.refresh_data()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self.refresh_data()

    # ------------------------------------------------------------------ opening

    @on(DataTable.RowSelected, "#register-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.open_record(event.row_key.value)

    def open_record(self, record_id: str) -> None:
        from .organisation_detail import OrganisationDetailScreen

        if self.service.organisation(record_id) is None:
            self.notify("That organisation is no longer in the register.", severity="warning")
            return
        self.app.push_screen(OrganisationDetailScreen(record_id))

    # ------------------------------------------------------------------ changing

    def action_sign_up(self) -> None:
        from .organisation_form import OrganisationForm

        self.app.push_screen(OrganisationForm(), self._saved)

    def action_edit(self) -> None:
        from .organisation_form import OrganisationForm

        org_id = self.highlighted_id()
        if org_id is None:
            self.notify("Choose an organisation first.", severity="warning")
            return
        self.app.push_screen(OrganisationForm(org_id), self._saved)

    def _saved(self, org_id: str | None) -> None:
        if org_id:
            self.refresh_data()
            self.table.select(org_id)

    def action_confirm_update(self) -> None:
        org_id = self.highlighted_id()
        if org_id is None:
            self.notify("Choose an organisation first.", severity="warning")
            return
        confirm_update(self, self.service, org_id)
        self.refresh_data()

    def action_import_csv(self) -> None:
        from .register_import import RegisterImportScreen

        self.app.push_screen(RegisterImportScreen(), self._imported)

    def _imported(self, summary: str | None) -> None:
        if summary:
            self.notify(summary, title="Import", timeout=8)
            self.refresh_data()

    def action_export(self) -> None:
        from ..shell.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen(
            "Include contact details in the export?",
            "Addresses, telephone numbers and email addresses (the champions' too) are "
            "personal data. Enter or Escape leaves them out; the public list (.md) never "
            "has them.", yes="include them"), self._export_to_file)

    def _export_to_file(self, include_contacts: bool | None) -> None:
        from ..shell.export_dialog import ExportDialog

        service, content = self.service, self.compact.content
        suffix = "" if include_contacts else "-no-contacts"
        default = private_export_folder() / f"compact-register-{today().isoformat()}{suffix}.csv"
        formats = {
            # A BOM so Excel reads the file as UTF-8.
            ".csv": lambda: "\ufeff" + export_csv(service.entries(),
                                                  include_contacts=bool(include_contacts)),
            ".md": lambda: public_list_markdown(service.organisations(),
                                                content.compact.name, today()),
        }
        title = ("Export the register (with contact details)" if include_contacts
                 else "Export the register (no contact details)")
        self.app.push_screen(ExportDialog(title, default, formats,
                                          data_file=self.compact.store.path), self._exported)

    def _exported(self, path: Path | None) -> None:
        if path:
            self.notify(f"Saved {path}", title="Export", timeout=8)

