"""Conflicts: clashes between members' edits, for a person to settle."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable

from ..domain.dates import format_moment
from .section import SectionScreen


class ConflictsScreen(SectionScreen):
    SECTION = "conflicts"
    CSS_PATH = "conflicts.tcss"

    def compose_body(self) -> ComposeResult:
        table = DataTable(id="conflicts-table", cursor_type="row", classes="body")
        table.add_columns("Record", "Field", "Kept", "Other value", "Who / when")
        yield table

    def refresh_data(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for row in self.compact.store.conflicts():
            table.add_row(row["table"], row["field"], str(row["kept_value"])[:20],
                          str(row["lost_value"])[:20],
                          f"{row['lost_by']} {format_moment(row['lost_at'])}", key=row["id"])
