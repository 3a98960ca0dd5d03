"""The Dashboard: what needs the group's attention, at a glance."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.widgets import Static

from ...domain.dashboard import dashboard_summary
from ...domain.dates import format_date, format_date_short
from ..keys import key_label
from ..widgets.plain import plain
from .section import SectionScreen


class DashboardScreen(SectionScreen):
    SECTION = "dashboard"
    CSS_PATH = "dashboard.tcss"

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="body"), Grid(id="dashboard-grid"):
            yield Static(id="dash-meeting", classes="panel")
            yield Static(id="dash-actions", classes="panel")
            yield Static(id="dash-disputes", classes="panel")
            yield Static(id="dash-register", classes="panel")
            yield Static(id="dash-assessments", classes="panel")

    def refresh_data(self) -> None:
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
