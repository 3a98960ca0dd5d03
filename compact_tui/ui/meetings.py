"""Meetings list (read-only until the meetings screens land)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable

from ..domain.dates import format_date
from ..domain.meetings import MeetingsService
from .section import SectionScreen


class MeetingsScreen(SectionScreen):
    SECTION = "meetings"
    CSS_PATH = "meetings.tcss"

    def compose_body(self) -> ComposeResult:
        table = DataTable(id="meetings-table", cursor_type="row", classes="body")
        table.add_columns("Date", "Time", "Meeting", "Status")
        yield table

    def refresh_data(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for meeting in MeetingsService(self.compact.store).meetings():
            table.add_row(format_date(meeting.date), meeting.start_time, meeting.title,
                          meeting.status_label, key=meeting.id)
