"""The group overview: every organisation's action plan at a glance, and what they most need
help with, so the Steering Group can target support."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Static

from ...domain.assessment_reports import (
    NO_RATING_CODE,
    GroupOverview,
    group_overview,
    plan_code,
    plan_years,
)
from ...domain.assessments import AssessmentsService
from ...domain.register import SECTOR_GROUP_LABELS
from ..keys import bind, key_label
from ..shell.section import LiveScreen
from ..widgets.record_table import ColumnSpec, RecordTable, Row

CODE_STYLES = {"✓": "green", "~": "yellow", "?": "bold red", NO_RATING_CODE: "dim"}
SECTOR_CHOICES = ["", *SECTOR_GROUP_LABELS]


class AssessmentOverviewScreen(LiveScreen):
    CSS_PATH = "assessment_overview.tcss"
    BINDINGS = [
        bind("filter", "sector", "Sector"),
        bind("year", "year", "Year"),
        bind("back", "close", "Back"),
    ]

    def __init__(self, service: AssessmentsService, year: int | None = None,
                 sector_group: str = "") -> None:
        super().__init__()
        self.service = service
        self.year = year
        self.sector_group = sector_group

    def compose(self) -> ComposeResult:
        yield Static(id="overview-heading")
        yield RecordTable(id="overview-grid", zebra_stripes=True)
        yield Static(id="overview-legend")
        yield Static("Most need help with", id="overview-needs-title")
        yield RecordTable(("No.", 4), ("Need help", 9), "Practice", id="overview-needs")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#overview-grid", DataTable).focus()

    def refresh_data(self) -> None:
        overview = group_overview(self.service, self.year, self.sector_group)
        self.year = overview.year
        missing = (f" · no plan yet: {len(overview.without_plan)}"
                   if overview.without_plan else "")
        self.query_one("#overview-heading", Static).update(
            f"Action plans {overview.year} ({key_label(self.app, 'year')}) · "
            f"{overview.sector_label} ({key_label(self.app, 'filter')}) · "
            f"{len(overview.rows)} organisation(s){missing}")
        self.fill_grid(overview)
        self.query_one("#overview-legend", Static).update(
            f"Key: {overview.legend}\nEach column is a practice group; each mark one practice "
            "in order (A.1, A.2 …).")
        self.fill_needs(overview)

    def fill_grid(self, overview: GroupOverview) -> None:
        columns: list[ColumnSpec] = [("Organisation", 26), *(
            (f"{key} ({len(ids)})", max(len(ids), 5)) for key, _title, ids in overview.groups)]
        self.query_one("#overview-grid", RecordTable).refill(
            ((item.organisation.id,
              [f"(draft) {item.organisation.name}" if item.plan.status == "draft"
               else item.organisation.name,
               *(self.codes(item.ratings, ids) for _key, _title, ids in overview.groups)])
             for item in overview.rows), columns=columns)

    @staticmethod
    def codes(ratings: dict[str, str], ids: list[str]) -> Text:
        text = Text()
        for practice_id in ids:
            code = plan_code(ratings.get(practice_id, ""))
            text.append(code, style=CODE_STYLES.get(code, ""))
        return text

    def fill_needs(self, overview: GroupOverview) -> None:
        total = len(overview.rows)
        rows: list[Row] = [(need.practice_id, [need.practice_id, f"? {len(need.help)} of {total}",
                                               " ".join(need.text.split())])
                           for need in overview.needs]
        self.query_one("#overview-needs", RecordTable).refill(
            rows or [("", ["", "", "No organisation has asked for help."])])

    def action_sector(self) -> None:
        index = SECTOR_CHOICES.index(self.sector_group) if self.sector_group in SECTOR_CHOICES \
            else 0
        self.sector_group = SECTOR_CHOICES[(index + 1) % len(SECTOR_CHOICES)]
        self.refresh_data()

    def action_year(self) -> None:
        years = plan_years(self.service)
        if not years:
            return
        index = years.index(self.year) if self.year in years else -1
        self.year = years[(index + 1) % len(years)]
        self.refresh_data()

    def action_close(self) -> None:
        self.dismiss()
