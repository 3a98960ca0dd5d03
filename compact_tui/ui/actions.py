"""The action log (read-only until the meetings screens land)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable

from ..domain.actions import ActionsService
from ..domain.dates import format_date_short
from .section import SectionScreen


class ActionsScreen(SectionScreen):
    SECTION = "actions"
    CSS_PATH = "actions.tcss"

    def compose_body(self) -> ComposeResult:
        table = DataTable(id="actions-table", cursor_type="row", classes="body")
        table.add_columns("Ref", "Action", "Owner", "Due", "Status")
        yield table

    def refresh_data(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for action in ActionsService(self.compact.store).actions():
            overdue = "OVERDUE " if action.is_overdue() else ""
            table.add_row(action.ref, action.description[:40], action.owner_name,
                          format_date_short(action.due), overdue + action.status_label,
                          key=action.id)
