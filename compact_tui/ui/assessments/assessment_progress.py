"""One organisation's progress: each question or practice, year by year, with ↑ = ↓ marks."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ...domain.assessment_reports import (
    CHANGE_LEGEND,
    IMPROVED,
    WORSE,
    Progress,
    progress,
)
from ...domain.assessments import ACTION_PLANS, SELF_ASSESSMENTS, AssessmentsService, kind_label
from ..keys import bind

SHOWN_YEARS = 4
CHANGE_STYLES = {IMPROVED: "bold green", WORSE: "bold red"}


class AssessmentProgressScreen(Screen):
    CSS_PATH = "assessment_progress.tcss"
    BINDINGS = [
        bind("filter", "toggle_kind", "Other kind"),
        bind("back", "close", "Back"),
    ]

    def __init__(self, service: AssessmentsService, organisation_id: str,
                 kind: str = SELF_ASSESSMENTS) -> None:
        super().__init__()
        self.service = service
        self.organisation_id = organisation_id
        self.kind = kind

    def compose(self) -> ComposeResult:
        yield Static(id="progress-heading")
        yield Static(id="progress-headline")
        yield DataTable(id="progress-table", cursor_type="row", zebra_stripes=True)
        yield Static(CHANGE_LEGEND, id="progress-legend")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one(DataTable).focus()

    def refresh_data(self) -> None:
        result = progress(self.service, self.organisation_id, self.kind)
        other = kind_label(ACTION_PLANS if self.kind == SELF_ASSESSMENTS else SELF_ASSESSMENTS)
        self.query_one("#progress-heading", Static).update(
            f"Progress: {result.organisation} · {kind_label(self.kind)} "
            f"(t: {other.lower()})")
        self.query_one("#progress-headline", Static).update(result.headline())
        self.fill(result)

    def fill(self, result: Progress) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        years = result.years[-SHOWN_YEARS:]
        table.add_column("No.", key="item", width=4)
        for year in years:
            table.add_column(str(year), key=str(year), width=14)
        table.add_column("Change", key="change", width=14)
        table.add_column("Question" if self.kind == SELF_ASSESSMENTS else "Practice",
                         key="text")
        for item in result.rows:
            change = Text(f"{item.symbol} {item.change}",
                          style=CHANGE_STYLES.get(item.change, ""))
            table.add_row(item.item_id, *(result.short_label(item.ratings[y]) for y in years),
                          change, " ".join(item.text.split()), key=item.item_id)
        if result.rows:
            table.move_cursor(row=min(max(row, 0), len(result.rows) - 1))

    def action_toggle_kind(self) -> None:
        self.kind = ACTION_PLANS if self.kind == SELF_ASSESSMENTS else SELF_ASSESSMENTS
        self.refresh_data()

    def action_close(self) -> None:
        self.dismiss()
