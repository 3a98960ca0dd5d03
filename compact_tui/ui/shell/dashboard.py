"""The Dashboard: what needs the group's attention, at a glance."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.widgets import DataTable, Static

from ...domain.clock.due import DueItem, due_items
from ...domain.dashboard import dashboard_summary
from ...domain.dates import format_date, format_date_short
from ..keys import bind, key_label
from ..widgets.plain import plain
from ..widgets.record_table import RecordTable
from .section import SectionScreen

DUE_SHOWN = 8


class DashboardScreen(SectionScreen):
    SECTION = "dashboard"
    CSS_PATH = "dashboard.tcss"
    BINDINGS = [bind("select", "open_due", "Open", show=False)]

    def compose_body(self) -> ComposeResult:
        yield Static(id="dash-due-title")
        with VerticalScroll(classes="body"):
            yield RecordTable(id="dash-due")
            with Grid(id="dashboard-grid"):
                yield Static(id="dash-meeting", classes="panel")
                yield Static(id="dash-actions", classes="panel")
                yield Static(id="dash-disputes", classes="panel")
                yield Static(id="dash-register", classes="panel")
                yield Static(id="dash-assessments", classes="panel")

    _due_width = 0

    def on_resize(self) -> None:
        if self._due_width and self._due_width != max(20, self.size.width - 46):
            self._show_due()

    def _show_due(self) -> None:
        """The soonest of the "Due and overdue" list (key 8 has all of it); Enter opens one."""
        items = due_items(self.compact.store, self.compact.content)
        self._due: dict[str, DueItem] = {f"{i}:{item.record_id}": item
                                         for i, item in enumerate(items[:DUE_SHOWN])}
        width = max(20, (self.size.width or 80) - 46)
        columns = None
        if width != self._due_width:
            self._due_width = width
            columns = [("Due", 11), ("", 7), ("What", 14), ("Details", width)]
        self.query_one("#dash-due", RecordTable).refill(
            ((key, [format_date_short(item.due), "OVERDUE" if item.overdue else "",
                    item.kind_label, Text(item.text, overflow="ellipsis", no_wrap=True)])
             for key, item in self._due.items()), columns=columns)
        late = sum(1 for item in items if item.overdue)
        more = (f"; the first {DUE_SHOWN} here, all with {key_label(self.app, 'section.compact')}"
                if len(items) > DUE_SHOWN else "")
        self.query_one("#dash-due-title", Static).update(plain(
            f"Due and overdue: {len(items)}, {late} overdue{more}. Enter opens one."))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_due()

    def action_open_due(self) -> None:
        key = self.query_one("#dash-due", RecordTable).selected_id
        item = self._due.get(key or "")
        if item is not None:
            self.compact.open_record(item.mode, item.record_id)

    def refresh_data(self) -> None:
        self._show_due()
        summary = dashboard_summary(self.compact.store, content=self.compact.content)
        stages = {s.key: s.label for s in self.compact.content.dispute_stages}
        meeting = summary.next_meeting
        if meeting:
            where = meeting.venue or meeting.video_link or "venue to be confirmed"
            text = (f"{format_date(meeting.date)}, {meeting.start_time}\n{meeting.title}\n"
                    f"{where}\nStatus: {meeting.status_label}")
        else:
            text = (f"No meeting is planned. Press {key_label(self.app, 'section.meetings')}, "
                    f"then {key_label(self.app, 'new')}, to plan one.")
        self._panel("#dash-meeting", "Next meeting", text)

        lines = [f"{len(summary.open_actions)} open, {len(summary.overdue_actions)} overdue"]
        for action in summary.overdue_actions[:4]:
            lines.append(f"! {action.owner_name or 'no owner'}, due "
                         f"{format_date_short(action.due)}")
        self._panel("#dash-actions", "Actions", "\n".join(lines))

        total = sum(summary.disputes_by_stage.values())
        lines = [f"{total} open"]
        lines += [f"  {n} {stages.get(k, k)}" for k, n in summary.disputes_by_stage.items()]
        if summary.overdue_dispute_steps:
            lines.append(f"! {summary.overdue_dispute_steps} next step(s) overdue")
        self._panel("#dash-disputes", "Disputes", "\n".join(lines))

        lines = [f"{label}: {count}" for label, count in summary.signatories_by_sector.items()]
        if summary.updates_due:
            lines.append(f"{summary.updates_due} due their annual update")
        for name in summary.organisations_without_champion[:3]:
            lines.append(f"! No champion: {name}")
        self._panel("#dash-register", "Active signatories", "\n".join(lines))

        lines = [f"{len(summary.awaiting_review)} awaiting review"]
        for item in summary.awaiting_review[:4]:
            org = summary.organisation_names.get(item.organisation_id, "unknown organisation")
            lines.append(f"• {org}\n  {item.kind_label.lower()} {item.year}")
        self._panel("#dash-assessments", "Returns to review", "\n".join(lines))

    def _panel(self, selector: str, title: str, body: str) -> None:
        panel = self.query_one(selector, Static)
        panel.border_title = plain(title)
        panel.update(plain(body))
