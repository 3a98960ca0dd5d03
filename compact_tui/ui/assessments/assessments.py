"""Self-assessments and action plans: every return, newest year first; open one to fill it in
(a draft) or review it (submitted), start a new one, see progress and the group overview."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from ...domain.assessments import SELF_ASSESSMENTS, AssessmentError, AssessmentsService
from ...domain.dates import format_date_short
from ..keys import bind, key_label
from ..shell.section import SectionScreen
from ..widgets.record_table import RecordTable
from .action_plan_form import ActionPlanFormScreen
from .assessment_overview import AssessmentOverviewScreen
from .assessment_progress import AssessmentProgressScreen
from .assessment_review import AssessmentReviewScreen
from .assessment_start import AssessmentStartScreen
from .forms_export import FormsExportScreen
from .forms_import import FormsImportScreen
from .self_assessment_form import SelfAssessmentFormScreen


class AssessmentsScreen(SectionScreen):
    SECTION = "assessments"
    CSS_PATH = "assessments.tcss"
    BINDINGS = [
        bind("select", "open", "Open", show=False),
        bind("new", "new", "New"),
        bind("edit", "review", "Review"),
        bind("progress", "progress", "Progress"),
        bind("report", "overview", "Overview"),
        bind("history", "history", "History", show=False),
        bind("export", "export_forms", "Export"),
        bind("import", "import_form", "Import"),
    ]

    @property
    def service(self) -> AssessmentsService:
        return self.services.assessments

    def compose_body(self) -> ComposeResult:
        yield Static(f"{key_label(self.app, 'select')}: open (fill in a draft, review a "
                     "submitted one) · "
                     f"{key_label(self.app, 'report')}: group overview", id="assessments-hint",
                     classes="hint")
        yield RecordTable(("Organisation", 28), ("Return", 15), ("Year", 4), ("Status", 10),
                          ("Submitted", 11), id="assessments-table", classes="body",
                          zebra_stripes=True)

    def refresh_data(self) -> None:
        self.table.refill(
            (item.id, [name, item.kind_label, str(item.year),
                       item.status_label + (" ✓" if item.status == "reviewed" else ""),
                       format_date_short(item.submitted_on, "—")])
            for item, name in self.service.listing())

    @property
    def table(self) -> RecordTable:
        return self.query_one("#assessments-table", RecordTable)

    def selected_id(self) -> str:
        selected = self.table.selected_id
        if selected is None:
            self.notify(f"There are no returns yet. Press {key_label(self.app, 'new')} to "
                        "start one.")
        return selected or ""

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        if record_id := self.selected_id():
            self.open_return(record_id)

    def open_return(self, record_id: str) -> None:
        """A draft opens to be filled in; a submitted or reviewed return opens for review."""
        service = self.service
        try:
            summary = service.summary(record_id)
        except AssessmentError as error:
            self.notify(str(error), severity="error")
            return
        if summary.editable:
            form = (SelfAssessmentFormScreen if summary.kind == SELF_ASSESSMENTS
                    else ActionPlanFormScreen)
            self.app.push_screen(form(service, record_id))
        else:
            self.app.push_screen(AssessmentReviewScreen(service, record_id))

    def open_record(self, record_id: str) -> None:
        if not self.table.select(record_id):
            self.notify("That return no longer exists.", severity="warning")
            return
        self.open_return(record_id)

    def action_new(self) -> None:
        self.app.push_screen(AssessmentStartScreen(self.service), self._started)

    def _started(self, record_id: str | None) -> None:
        if record_id:
            self.refresh_data()
            self.open_record(record_id)

    def action_review(self) -> None:
        if record_id := self.selected_id():
            self.app.push_screen(AssessmentReviewScreen(self.service, record_id))

    def action_progress(self) -> None:
        if record_id := self.selected_id():
            summary = self.service.summary(record_id)
            self.app.push_screen(AssessmentProgressScreen(self.service,
                                                          summary.organisation_id,
                                                          summary.kind))

    def action_overview(self) -> None:
        self.app.push_screen(AssessmentOverviewScreen(self.service))

    def action_export_forms(self) -> None:
        self.app.push_screen(FormsExportScreen())

    def action_import_form(self) -> None:
        self.app.push_screen(FormsImportScreen(), self._started)

    def action_history(self) -> None:
        record_id = self.selected_id()
        if record_id:
            self.compact.show_history(self.service.summary(record_id).kind, record_id)
