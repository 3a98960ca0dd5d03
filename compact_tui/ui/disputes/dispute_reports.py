"""For the annual review: lessons from closed disputes, and the non-compliance log by period.

Confidential disputes are counted, never named, on screen and in an export; an export holds
their details only when the member types the word "confidential" when asked (Enter alone, the
reflex, leaves them out).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Static, TabbedContent, TabPane

from ...domain.dates import DateInputError, format_date, parse_date
from ...domain.dispute_reports import (
    default_period,
    lessons_markdown,
    non_compliance_markdown,
    non_compliance_report,
)
from ...locations import export_folder
from ..keys import bind, key_label
from ..shell.section import SectionScreen
from ..widgets.plain import plain_cell


class DisputeReportsScreen(SectionScreen):
    SECTION = "disputes"
    CSS_PATH = "dispute_reports.tcss"
    BINDINGS = [
        bind("back", "back", "Back"),
        bind("export", "export", "Export"),
    ]

    def __init__(self, tab: str = "lessons") -> None:
        super().__init__()
        self.initial_tab = tab
        self.period: tuple[date, date] = default_period()

    def compose_body(self) -> ComposeResult:
        start, end = self.period
        with TabbedContent(initial=self.initial_tab, id="dispute-reports", classes="body"):
            with TabPane("Lessons", id="lessons"), VerticalScroll():
                yield Static("", id="lessons-text")
            with TabPane("Non-compliance log", id="log"):
                with Horizontal(id="period"):
                    yield Label("From")
                    yield Input(format_date(start), id="period-from", compact=True)
                    yield Label("to")
                    yield Input(format_date(end), id="period-to", compact=True)
                yield Static("Type the dates and press Enter.", id="period-message")
                with VerticalScroll():
                    yield Static("", id="log-text")

    @property
    def details_shown(self) -> bool:
        """Confidential disputes are named on this screen only to a member who unlocked them."""
        return False

    def refresh_data(self) -> None:
        self._show_lessons()
        self._show_log()

    def _show_lessons(self) -> None:
        service = self.services.disputes
        lessons = service.lessons()
        lines = [f"What the Compact should change, recorded when each dispute closed, so "
                 f"that the {service.content.compact.name} can be adapted and strengthened.",
                 ""]
        if not lessons:
            lines.append("No lessons recorded yet. Closing a dispute (press "
                         f"{key_label(self.app, 'status')}) asks for one.")
        hidden = 0
        for lesson in lessons:
            dispute = lesson.dispute
            if dispute.confidential and not self.details_shown:
                hidden += 1
                continue
            commitments = ", ".join(dispute.commitments) or "none recorded"
            lines += [f"{format_date(dispute.closed_on)} · {lesson.outcome} · commitment "
                      f"{commitments}", f"  {dispute.label()}", f"  Lesson: {lesson.lesson}",
                      ""]
        if hidden:
            lines.append(f"Lessons from confidential disputes not shown: {hidden}.")
        self.query_one("#lessons-text", Static).update(plain_cell("\n".join(lines)))

    def _show_log(self) -> None:
        start, end = self.period
        report = non_compliance_report(self.compact.store, self.compact.content, start, end,
                                       include_confidential=self.details_shown)
        lines = [f"Disputes open at any time from {format_date(start)} to {format_date(end)}: "
                 f"{len(report.entries)}."]
        if report.confidential_count and not self.details_shown:
            lines.append(f"Confidential: {report.confidential_count} (counted, not named).")
        for title, groups in (("By commitment", report.by_commitment),
                              ("By organisation concerned", report.by_organisation),
                              ("By outcome", report.by_outcome)):
            if not groups:
                continue
            lines += ["", title.upper()]
            for group in groups:
                lines.append(f"{group.heading}: {group.count}")
                lines += [f"  - {entry.label}" for entry in group.entries]
        self.query_one("#log-text", Static).update(plain_cell("\n".join(lines)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        message = self.query_one("#period-message", Static)
        try:
            start = parse_date(self.query_one("#period-from", Input).value)
            end = parse_date(self.query_one("#period-to", Input).value)
        except DateInputError as error:
            message.update(plain_cell(f"! {error}"))
            return
        if end < start:
            message.update("! The period ends before it starts: check the dates.")
            return
        self.period = (start, end)
        message.update(f"Showing {format_date(start)} to {format_date(end)}.")
        self._show_log()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_export(self) -> None:
        from ..shell.typed_confirm import TypedConfirmScreen

        tab = self.query_one(TabbedContent).active
        service = self.services.disputes
        if not any(d.confidential for d in service.disputes()):
            self._ask_path(tab, include_confidential=False)
            return
        self.app.push_screen(TypedConfirmScreen(
            "Include confidential disputes' details in the file?",
            "Left out, they are counted but not named, nor tied to an organisation or a "
            "commitment. Included, the titles, organisations, commitments and lessons of "
            "[CONFIDENTIAL] disputes go in the file, which says so at its top."),
            lambda answer: self._ask_path(tab, include_confidential=bool(answer)))

    def _ask_path(self, tab: str, include_confidential: bool) -> None:
        from ..shell.export_dialog import ExportDialog

        store, content = self.compact.store, self.compact.content
        start, end = self.period
        if tab == "log":
            title = "Export the non-compliance log"
            default = f"non-compliance-log-{start.isoformat()}-to-{end.isoformat()}.md"

            def render() -> str:
                return non_compliance_markdown(non_compliance_report(
                    store, content, start, end, include_confidential=include_confidential),
                    exported_by=store.member)
        else:
            title = "Export the lessons from disputes"
            default = "dispute-lessons.md"

            def render() -> str:
                return lessons_markdown(store, content, include_confidential)

        self.app.push_screen(ExportDialog(title, export_folder(store.path) / default,
                                          {".md": render}, data_file=store.path),
                             self._exported)

    def _exported(self, path: Path | None) -> None:
        if path is not None:
            self.notify(f"Saved {path}", title="Exported")
