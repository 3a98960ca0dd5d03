"""Import organisations from a CSV file: a dry-run preview first, then the import.

The first Enter shows what the file would do (every row's problems, by row number) and
changes nothing; Enter again imports. A file with bad rows imports nothing unless "skip the
rows with problems" is ticked, as on the command line.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Static

from ...domain.register import RegisterService
from ...domain.register_csv import CsvFileError, ImportPlan, decode_csv, plan_import
from ...user_files import UserFileError, read_user_file
from ..keys import bind
from ..widgets.form import FormScreen, form_input, form_row
from ..widgets.plain import plain

HINT = "Enter: preview, then Enter again to import · Escape: cancel"


class RegisterImportScreen(FormScreen[str | None]):
    """Dismisses with a one-line summary of what was imported, or None."""

    CSS_PATH = "register_import.tcss"
    BINDINGS = [bind("save", "submit", "Preview / import")]

    def __init__(self) -> None:
        super().__init__()
        # (path, skip_bad, report) last previewed: a changed file needs a fresh preview too.
        self.previewed: tuple[str, bool, list[str]] | None = None
        self.plan: ImportPlan | None = None

    @property
    def service(self) -> RegisterService:
        return self.services.register

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box", id="import-box"):
            yield Static("Import organisations from a CSV file", classes="form-title")
            yield Static("Save the spreadsheet as CSV (Excel: CSV UTF-8; Google Sheets: "
                         "Download, CSV). Headings such as Organisation, Sector, Date signed, "
                         "Signed by, Email and Champion are recognised.", classes="form-hint")
            yield form_row("CSV file", form_input("import-path", "", "~/Downloads/register.csv"))
            yield Checkbox("Skip the rows with problems and import the rest", False,
                           id="import-skip-bad", compact=True)
            with VerticalScroll(id="import-preview"):
                yield Static("", id="import-report")
            yield Static("", classes="form-error")
            yield Static(HINT, classes="form-hint", id="import-hint")

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    @on(Input.Changed, "#import-path")
    @on(Checkbox.Changed, "#import-skip-bad")
    def _forget_preview(self) -> None:
        """A changed path or choice needs a fresh preview before anything is imported."""
        self.previewed = None
        self.query_one("#import-hint", Static).update(HINT)

    def action_submit(self) -> None:
        self.submit()

    def submit(self) -> None:
        path = self.value_of("import-path")
        skip_bad = self.query_one("#import-skip-bad", Checkbox).value
        plan = self._plan(path)
        if plan is None:
            return
        seen = (path, skip_bad, plan.report(skip_bad))
        if self.previewed != seen:
            self._preview(plan, skip_bad)
            self.previewed = seen
            return
        if not plan.can_import(skip_bad):
            self.show_error("Nothing was imported: some rows have problems. Fix the file, or "
                            "tick the box to skip those rows.",
                            self.query_one("#import-skip-bad"))
            return
        added, raced = self.service.import_organisations(
            (row.organisation, row.champions) for row in plan.good_rows)
        summary = plan.summary(skip_bad, dry_run=False, imported=added)
        if raced:
            summary += f" {len(raced)} added by someone else meanwhile were skipped."
        self.dismiss(summary)

    def _plan(self, path: str) -> ImportPlan | None:
        """Read and check the file now, against the register as it is now."""
        field = self.query_one("#import-path", Input)
        try:
            text = decode_csv(read_user_file(path))
            plan = plan_import(text, self.service.organisations())
        except (UserFileError, CsvFileError) as error:
            self.query_one("#import-report", Static).update("")
            self.previewed = None
            self.show_error(str(error), field)
            return None
        self.plan = plan
        return plan

    def _preview(self, plan: ImportPlan, skip_bad: bool) -> None:
        lines = plan.report(skip_bad, dry_run=True)
        lines[-1] = lines[-1].replace("with --skip-bad", "by ticking the box")
        self.query_one("#import-report", Static).update(plain("\n".join(lines)))
        self.show_error("")
        if plan.can_import(skip_bad) and plan.good_rows:
            hint = (f"Preview only: nothing has changed. Enter again to import "
                    f"{len(plan.good_rows)} organisation(s) · Escape: cancel")
        else:
            hint = "Preview only: nothing has changed and nothing can be imported yet."
        self.query_one("#import-hint", Static).update(hint)
