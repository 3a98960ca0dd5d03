"""The Disputes section: open (or closed) disputes with stage, age, next step and due date."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from ...domain.dates import format_date, format_date_short
from ...domain.disputes import Dispute, DisputesService, UnknownDisputeError
from ..keys import bind, key_label
from ..shell.section import SectionScreen
from ..widgets.plain import plain_cell
from ..widgets.record_table import ColumnSpec, RecordTable, Row
from .dispute_actions import DisputeActions

FIXED_COLUMNS = 10 + 4 + 19  # stage, days, due (with " OVERDUE")
CHROME = 16  # body padding, cell padding of five columns, a scrollbar


@dataclass(frozen=True)
class ColumnWidths:
    title: int
    next_step: int


def column_widths(screen_width: int) -> ColumnWidths:
    """Share what the fixed columns leave between the title and the next step (60:40)."""
    spare = max(24, screen_width - CHROME - FIXED_COLUMNS)
    title = spare * 3 // 5
    return ColumnWidths(title, spare - title)


def short_stage(key: str) -> str:
    """The stage key as a word ("Discussion"): fits a narrow column; the detail has the label."""
    return key.replace("_", " ").capitalize()


def due_text(dispute: Dispute) -> str:
    if not dispute.next_step_due:
        return ""
    due = format_date_short(dispute.next_step_due)
    return f"{due} OVERDUE" if dispute.next_step_overdue() else due


class DisputesScreen(DisputeActions, SectionScreen):
    SECTION = "disputes"
    CSS_PATH = "disputes.tcss"
    BINDINGS = [
        bind("new", "new_dispute", "New"),
        bind("select", "open_dispute", "Open", show=False),
        bind("status", "move_stage", "Move stage"),
        bind("next_step", "next_step", "Next step"),
        bind("edit", "edit_dispute", "Edit"),
        bind("export", "export_timeline", "Export"),
        bind("history", "history", "History", show=False),
        bind("filter", "toggle_closed", "Open/closed"),
        bind("lessons", "lessons", "Lessons"),
        bind("report", "report", "Log"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show_closed = False
        self._widths: ColumnWidths | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="disputes-heading", classes="section-title")
        yield RecordTable(id="disputes-table", classes="body")
        yield Static("", id="disputes-selected")

    @property
    def service(self) -> DisputesService:
        return self.services.disputes

    def on_resize(self) -> None:
        if column_widths(self.size.width) != self._widths:
            self.refresh_data()

    def refresh_data(self) -> None:
        widths = column_widths(self.size.width or 80)
        columns: list[ColumnSpec] | None = None
        if widths != self._widths:
            self._widths = widths
            middle, last = ("Outcome", "Lesson") if self.show_closed else ("Stage", "Next step")
            columns = [("Dispute", widths.title), (middle, 10), ("Days", 4),
                       (last, widths.next_step), ("Closed" if self.show_closed else "Due", 19)]
        service = self.service
        rows: list[Row]
        if self.show_closed:
            disputes = service.closed_disputes()
            rows = [(dispute.id, [Text(dispute.label()), Text(short_stage(dispute.stage)),
                                  str(dispute.age_days()), Text(dispute.lesson or "-"),
                                  Text(format_date_short(dispute.closed_on))])
                    for dispute in disputes]
            heading = (f"Closed disputes: {len(disputes)}. {key_label(self.app, 'filter')} "
                       "shows open ones.")
        else:
            disputes = sorted(service.open_disputes(),
                              key=lambda d: (d.next_step_due or "9999", d.opened_on))
            rows = [(dispute.id, [Text(dispute.label()), Text(short_stage(dispute.stage)),
                                  str(dispute.age_days()), Text(dispute.next_step or "none set"),
                                  Text(due_text(dispute))])
                    for dispute in disputes]
            late = sum(1 for d in disputes if d.next_step_overdue())
            heading = f"Open disputes: {len(disputes)}"
            heading += f" ({late} next step OVERDUE)." if late else "."
            heading += f" {key_label(self.app, 'filter')} shows closed ones."
        self.table.refill(rows, columns=columns)
        self.query_one("#disputes-heading", Static).update(heading)
        self._describe_selected()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#disputes-table", RecordTable)

    def selected_dispute_id(self) -> str | None:
        return self.table.selected_id

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe_selected()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_dispute()

    def _describe_selected(self) -> None:
        """The highlighted dispute in full, as narrow columns cut titles short."""
        line = self.query_one("#disputes-selected", Static)
        dispute_id = self.selected_dispute_id()
        if dispute_id is None:
            line.update("No disputes here." if self.show_closed else
                        f"No open disputes. Press {key_label(self.app, 'new')} to raise a "
                        "concern.")
            return
        try:
            dispute = self.service.dispute(dispute_id)
        except UnknownDisputeError:
            line.update("")
            return
        text = f"{dispute.label()} · {self.service.stage_label(dispute.stage)}"
        if dispute.is_open and dispute.next_step:
            text += f" · next: {dispute.next_step}, due {format_date(dispute.next_step_due)}"
            if dispute.next_step_overdue():
                text += " (OVERDUE)"
        elif not dispute.is_open:
            text += f" {format_date(dispute.closed_on)}"
        line.update(plain_cell(text))

    # ---------------------------------------------------------------- actions

    def action_toggle_closed(self) -> None:
        self.show_closed = not self.show_closed
        self._widths = None
        self.refresh_data()

    def action_open_dispute(self) -> None:
        dispute_id = self.selected_dispute_id()
        if dispute_id is not None:
            self.open_detail(dispute_id)

    def open_record(self, record_id: str) -> None:
        """From the palette: show the dispute in the list it belongs to, then its detail."""
        try:
            dispute = self.service.dispute(record_id)
        except UnknownDisputeError as error:
            self.notify(str(error), severity="warning")
            return
        if dispute.is_open == self.show_closed:
            self.action_toggle_closed()
        self.table.select(record_id)
        self.open_detail(record_id)

    def open_detail(self, dispute_id: str) -> None:
        from .dispute_detail import DisputeDetailScreen

        self.app.push_screen(DisputeDetailScreen(dispute_id))

    def action_lessons(self) -> None:
        from .dispute_reports import DisputeReportsScreen

        self.app.push_screen(DisputeReportsScreen("lessons"))

    def action_report(self) -> None:
        from .dispute_reports import DisputeReportsScreen

        self.app.push_screen(DisputeReportsScreen("log"))

    def current_dispute_id(self) -> str | None:
        return self.selected_dispute_id()

    def after_change(self, dispute_id: str | None) -> None:
        if dispute_id is not None:
            try:
                dispute = self.service.dispute(dispute_id)
            except UnknownDisputeError:
                dispute = None
            if dispute is not None and dispute.is_open == self.show_closed:
                self.action_toggle_closed()
        self.refresh_data()
        if dispute_id is not None:
            self.table.select(dispute_id)
