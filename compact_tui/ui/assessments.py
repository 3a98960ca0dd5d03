"""Self-assessments and action plans (read-only until the assessments screens land)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable

from ..domain.assessments import AssessmentsService
from ..domain.register import RegisterService
from .section import SectionScreen


class AssessmentsScreen(SectionScreen):
    SECTION = "assessments"
    CSS_PATH = "assessments.tcss"

    def compose_body(self) -> ComposeResult:
        table = DataTable(id="assessments-table", cursor_type="row", classes="body")
        table.add_columns("Organisation", "Kind", "Year", "Status")
        yield table

    def refresh_data(self) -> None:
        names = {o.id: o.name for o in RegisterService(self.compact.store).organisations()}
        table = self.query_one(DataTable)
        table.clear()
        for item in AssessmentsService(self.compact.store).summaries():
            table.add_row(names.get(item.organisation_id, "?"), item.kind_label,
                          str(item.year), item.status_label, key=item.id)
