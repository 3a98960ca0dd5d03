"""Import organisations from a CSV file: a dry-run preview first, then the import.

The first Enter shows what the file would do (every row's problems, by row number) and
changes nothing; Enter again imports. A file with bad rows imports nothing unless "skip the
rows with problems" is ticked, as on the command line.

Reading, checking and importing run on a worker thread, so a file of thousands of rows never
freezes the app; a bar shows how far the import is. The import is one transaction: stopped
(Escape) or failed half-way, it leaves nothing behind.
"""

from __future__ import annotations

import threading

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, ProgressBar, Static

from ...domain.register import RegisterError, RegisterService
from ...domain.register_csv import CsvFileError, ImportPlan, decode_csv, plan_import
from ...store import StoreError
from ...user_files import UserFileError, read_user_file
from ..keys import bind, key_label, keys_hint
from ..shell.worker_result import ClosesWithWorkerResult
from ..widgets.form import FormScreen, form_input, form_row
from ..widgets.key_hint import KeyHint
from ..widgets.plain import plain

HINT = (("Enter", "preview, then Enter again to import"), ("back", "cancel"))
IMPORTING_HINT = (("back", "stop (nothing is kept)"),)


class ImportStopped(Exception):
    """The member pressed Escape during the import: the transaction is undone."""


class RegisterImportScreen(ClosesWithWorkerResult, FormScreen[str | None]):
    """Dismisses with a one-line summary of what was imported, or None."""

    CSS_PATH = "register_import.tcss"
    BINDINGS = [bind("save", "submit", "Preview / import")]

    def __init__(self) -> None:
        super().__init__()
        # (path, skip_bad, report) last previewed: a changed file needs a fresh preview too.
        self.previewed: tuple[str, bool, list[str]] | None = None
        self.plan: ImportPlan | None = None
        self.busy = False  # reading or importing on the worker thread
        self.stop = threading.Event()

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
            yield ProgressBar(show_eta=False, id="import-progress")
            yield Static("", classes="form-error")
            yield KeyHint(*HINT, classes="form-hint", id="import-hint")

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    @on(Input.Changed, "#import-path")
    @on(Checkbox.Changed, "#import-skip-bad")
    def _forget_preview(self) -> None:
        """A changed path or choice needs a fresh preview before anything is imported."""
        self.previewed = None
        if not self.busy:
            self.query_one("#import-hint", Static).update(keys_hint(self.app, *HINT))

    def action_submit(self) -> None:
        self.submit()

    def action_cancel(self) -> None:
        """Escape during the import stops it; the transaction leaves nothing behind."""
        if self.busy:
            self.stop.set()
            self.query_one("#import-hint", Static).update("Stopping the import…")
            return
        self.dismiss(None)

    def submit(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.stop.clear()
        self.run_import(self.value_of("import-path"),
                        self.query_one("#import-skip-bad", Checkbox).value)

    @work(thread=True, exclusive=True)
    def run_import(self, path: str, skip_bad: bool) -> str | None:
        """Read and check the file now, against the register as it is now; import only what
        the member saw in the preview. Returns the summary to close with, if it is done
        (``ClosesWithWorkerResult``)."""
        try:
            text = decode_csv(read_user_file(path))
            plan = plan_import(text, self.service.organisations())
        except (UserFileError, CsvFileError) as error:
            self.app.call_from_thread(self._bad_file, str(error))
            return None
        seen = (path, skip_bad, plan.report(skip_bad))
        if self.previewed != seen:
            self.app.call_from_thread(self._preview, plan, skip_bad, seen)
            return None
        if not plan.can_import(skip_bad):
            self.app.call_from_thread(self._refused)
            return None
        self.app.call_from_thread(self._started, len(plan.good_rows))
        try:
            added, raced = self.service.import_organisations(
                ((row.organisation, row.champions) for row in plan.good_rows),
                progress=self._progress)
        except ImportStopped:
            return "The import was stopped: nothing was imported."
        except (StoreError, RegisterError) as error:
            self.app.call_from_thread(self._failed, str(error))
            return None
        summary = plan.summary(skip_bad, dry_run=False, imported=added)
        if raced:
            summary += f" {len(raced)} added by someone else meanwhile were skipped."
        return summary

    def _progress(self, done: int) -> None:
        """On the worker thread, every hundred rows."""
        if self.stop.is_set():
            raise ImportStopped
        self.app.call_from_thread(self.query_one("#import-progress", ProgressBar).update,
                                  progress=done)

    def _started(self, rows: int) -> None:
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=rows, progress=0)
        bar.add_class("running")
        self.show_error("")
        self.query_one("#import-hint", Static).update(
            "Importing… " + keys_hint(self.app, *IMPORTING_HINT))

    def _bad_file(self, message: str) -> None:
        self.busy = False
        self.query_one("#import-report", Static).update("")
        self.previewed = None
        self.show_error(message, self.query_one("#import-path", Input))

    def _refused(self) -> None:
        self.busy = False
        self.show_error("Nothing was imported: some rows have problems. Fix the file, or "
                        "tick the box to skip those rows.", self.query_one("#import-skip-bad"))

    def _failed(self, message: str) -> None:
        self.busy = False
        self.query_one("#import-progress", ProgressBar).remove_class("running")
        self.query_one("#import-hint", Static).update(keys_hint(self.app, *HINT))
        self.show_error(f"Nothing was imported: {message}")

    def _preview(self, plan: ImportPlan, skip_bad: bool,
                 seen: tuple[str, bool, list[str]]) -> None:
        self.busy = False
        self.plan = plan
        self.previewed = seen
        lines = plan.report(skip_bad, dry_run=True)
        lines[-1] = lines[-1].replace("with --skip-bad", "by ticking the box")
        self.query_one("#import-report", Static).update(plain("\n".join(lines)))
        self.show_error("")
        if plan.can_import(skip_bad) and plan.good_rows:
            hint = (f"Preview only: nothing has changed. Enter again to import "
                    f"{len(plan.good_rows)} organisation(s) · "
                    f"{key_label(self.app, 'back')}: cancel")
        else:
            hint = "Preview only: nothing has changed and nothing can be imported yet."
        self.query_one("#import-hint", Static).update(hint)
