"""Disputes list (read-only until the disputes screens land)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable

from ..domain.dates import format_date_short
from ..domain.disputes import DisputesService
from .section import SectionScreen


class DisputesScreen(SectionScreen):
    SECTION = "disputes"
    CSS_PATH = "disputes.tcss"

    def compose_body(self) -> ComposeResult:
        table = DataTable(id="disputes-table", cursor_type="row", classes="body")
        table.add_columns("Dispute", "Stage", "Age (days)", "Next step", "Due")
        yield table

    def refresh_data(self) -> None:
        stages = {s.key: s.label for s in self.compact.content.dispute_stages}
        table = self.query_one(DataTable)
        table.clear()
        for dispute in DisputesService(self.compact.store).disputes():
            title = "[confidential] " + dispute.title if dispute.confidential else dispute.title
            table.add_row(title, stages.get(dispute.stage, dispute.stage),
                          str(dispute.age_days()), dispute.next_step,
                          format_date_short(dispute.next_step_due), key=dispute.id)
