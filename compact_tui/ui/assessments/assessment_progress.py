"""One organisation's progress: each question or practice, year by year, with ↑ = ↓ marks."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
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
from ..shell.section import LiveScreen
from ..widgets.plain import plain
from ..widgets.record_table import ColumnSpec, RecordTable

SHOWN_YEARS = 4
CHANGE_STYLES = {IMPROVED: "bold green", WORSE: "bold red"}


class AssessmentProgressScreen(LiveScreen):
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
        yield RecordTable(id="progress-table", zebra_stripes=True)
        yield Static(CHANGE_LEGEND, id="progress-legend")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one(DataTable).focus()

    def refresh_data(self) -> None:
        result = progress(self.service, self.organisation_id, self.kind)
        other = kind_label(ACTION_PLANS if self.kind == SELF_ASSESSMENTS else SELF_ASSESSMENTS)
        self.query_one("#progress-heading", Static).update(plain(
            f"Progress: {result.organisation} · {kind_label(self.kind)} "
            f"(t: {other.lower()})"))
        self.query_one("#progress-headline", Static).update(plain(result.headline()))
        self.fill(result)

    def fill(self, result: Progress) -> None:
        years = result.years[-SHOWN_YEARS:]
        columns: list[ColumnSpec] = [
            ("No.", 4), *((str(year), 14) for year in years), ("Change", 14),
            "Question" if self.kind == SELF_ASSESSMENTS else "Practice"]
        self.query_one("#progress-table", RecordTable).refill(
            ((item.item_id, [item.item_id, *(result.short_label(item.ratings[y]) for y in years),
                             Text(f"{item.symbol} {item.change}",
                                  style=CHANGE_STYLES.get(item.change, "")),
                             " ".join(item.text.split())])
             for item in result.rows), columns=columns)

    def action_toggle_kind(self) -> None:
        self.kind = ACTION_PLANS if self.kind == SELF_ASSESSMENTS else SELF_ASSESSMENTS
        self.refresh_data()

    def action_close(self) -> None:
        self.dismiss()
