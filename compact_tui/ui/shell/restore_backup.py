"""Restore a backup: to undo a bad merge, or when the shared file cannot be read.

Lists the backups beside the file, newest first, by name and time. With a readable file every
record is set back to the backup's values as new edits (everyone's app takes them in); with an
unreadable one the damaged file goes to the archive folder (never written over) and the backup
is merged with what this machine holds. It runs off the UI thread.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...domain.dates import format_moment
from ...store import Store, StoreError
from ..keys import bind
from ..widgets.plain import plain
from .app_access import UsesApp
from .worker_result import ClosesWithWorkerResult


class RestoreBackupScreen(ClosesWithWorkerResult, UsesApp, ModalScreen[str | None]):
    """Dismisses with a message saying what was restored, or None."""

    CSS_PATH = "restore_backup.tcss"
    BINDINGS = [bind("back", "cancel", "Back")]

    @property
    def store(self) -> Store:
        return self.compact.store

    def compose(self) -> ComposeResult:
        self.backups = self.store.backups_available()
        with Vertical(id="restore-box"):
            yield Static("[b]Restore from a backup[/b]", id="restore-title")
            if self.store.problem:
                yield Static(plain(self.store.problem), id="restore-problem")
            yield Static("Choose a backup and press Enter; you are asked before anything "
                         "changes. Every record is set back to the backup's values, as new "
                         "edits every member's app takes in (so a bad merge is undone). If "
                         "the shared file cannot be read, it is moved to the archive folder, "
                         "never overwritten, and the backup is merged with what this machine "
                         "holds.", classes="hint")
            options = [Option(plain(f"{format_moment(b.taken_at)}:{b.taken_at.astimezone():%S}"
                                    f" · {b.path.name}"), id=str(index))
                       for index, b in enumerate(self.backups)]
            yield OptionList(*options, id="restore-list")
            if not self.backups:
                yield Static("No backups were found beside the file.", id="restore-none")
            yield Static("", id="restore-status")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter only asks: restoring needs y, so no stray Enter restores anything."""
        from .confirm import ConfirmScreen

        backup = self.backups[int(event.option.id or 0)]
        when = format_moment(backup.taken_at)

        def answered(yes: bool | None) -> None:
            if yes:
                self.query_one("#restore-status", Static).update(
                    plain(f"Restoring {backup.path.name}…"))
                self.restore(backup.path, when)

        what = ("The current file goes to the archive folder; what this machine holds is "
                "merged in." if self.store.problem else "Every record goes back to how it was "
                "in this backup, for every member; the history keeps what it was before.")
        self.app.push_screen(ConfirmScreen(f"Restore the backup from {when}?", what,
                                           yes="restore"), answered)

    @work(thread=True, exclusive=True)
    def restore(self, path: Path, when: str) -> str | None:
        """Returns the message to close with (``ClosesWithWorkerResult``)."""
        try:
            changed = self.store.restore_backup(path)
        except (OSError, StoreError) as error:
            self.app.call_from_thread(self._failed, str(error))
            return None
        return f"Restored the backup from {when}: {changed} record(s) set back."

    def _failed(self, message: str) -> None:
        self.query_one("#restore-status", Static).update(plain(f"Could not restore: {message}"))

    def action_cancel(self) -> None:
        self.dismiss(None)
