"""The signatory register (read-only until the register screens land)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable

from ..domain.dates import format_date_short
from ..domain.register import RegisterService
from .section import SectionScreen


class RegisterScreen(SectionScreen):
    SECTION = "register"
    CSS_PATH = "register.tcss"

    def compose_body(self) -> ComposeResult:
        table = DataTable(id="register-table", cursor_type="row", classes="body")
        table.add_columns("Organisation", "Sector", "Status", "Signed")
        yield table

    def refresh_data(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for org in RegisterService(self.compact.store).organisations():
            table.add_row(org.name, org.sector_label, org.status_label,
                          format_date_short(org.date_signed), key=org.id)
