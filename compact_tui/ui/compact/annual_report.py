"""The annual Compact report on screen, as it will be published: the group's introduction
(e edits it, shared with others as text), the year's figures in tables, and x to save it as
Markdown, a web page or a Word document."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

from ...domain.annual_report import annual_report, annual_report_markdown
from ...domain.dates import today
from ...locations import export_folder
from ..keys import bind, key_label
from ..shell.section import SectionScreen
from ..widgets.plain import plain

YEARS_BACK = 5


class AnnualReportScreen(SectionScreen):
    SECTION = "compact"
    CSS_PATH = "annual_report.tcss"
    AUTO_FOCUS = "#annual-report-scroll"
    BINDINGS = [
        bind("back", "back", "Back"),
        bind("edit", "edit_introduction", "Introduction"),
        bind("year", "other_year", "Year before"),
        bind("export", "export", "Export"),
    ]

    def __init__(self, year: int | None = None) -> None:
        super().__init__()
        self.year = year or today().year

    def compose_body(self) -> ComposeResult:
        yield Static("", id="annual-report-heading", classes="section-title")
        with VerticalScroll(id="annual-report-scroll", classes="body"):
            yield Markdown("", id="annual-report", open_links=False)

    def refresh_data(self) -> None:
        text = self.markdown()
        keys = (f"{key_label(self.app, 'edit')}: edit the introduction · "
                f"{key_label(self.app, 'year')}: year before · "
                f"{key_label(self.app, 'export')}: save")
        self.query_one("#annual-report-heading", Static).update(plain(
            f"Annual report {self.year} · {keys}"))
        self.query_one("#annual-report", Markdown).update(text)

    def markdown(self) -> str:
        return annual_report_markdown(annual_report(self.compact.store, self.year,
                                                    self.compact.content))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_other_year(self) -> None:
        """Back a year at a time, and round to this year again after five."""
        self.year = self.year - 1 if self.year > today().year - YEARS_BACK else today().year
        self.refresh_data()

    def action_edit_introduction(self) -> None:
        from .introduction_form import IntroductionForm

        def saved(changed: bool | None) -> None:
            if changed:
                self.notify("Introduction saved.")
                self.refresh_data()

        self.app.push_screen(IntroductionForm(self.year), saved)

    def action_export(self) -> None:
        from ...domain.exports import html_page
        from ...word import markdown_to_docx
        from ..shell.export_dialog import ExportDialog

        store = self.compact.store
        title = f"{self.compact.content.compact.name}: annual report {self.year}"
        self.app.push_screen(ExportDialog(
            f"Save the annual report {self.year}",
            export_folder(store.path) / f"annual-report-{self.year}.md",
            {".md": self.markdown, ".html": lambda: html_page(self.markdown(), title),
             ".docx": lambda: markdown_to_docx(self.markdown(), title)},
            data_file=store.path), self._exported)

    def _exported(self, path: Path | None) -> None:
        if path is not None:
            self.notify(f"Saved {path}", title="Exported")
