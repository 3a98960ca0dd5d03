"""Copies of the store that wait for a member: merge one, put it aside, or leave it for now.

Sync services' conflict copies are merged by the store on its own; this dialog lists the rest
(``compact-training.json``, ``compact copy.json``, a OneDrive-shaped name from a computer the
group has never seen), each with what it would add, because merging a practice copy once
deleted real signatories. Merging keeps a backup first, so "Restore a backup" undoes it.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ...store import Store, StoreError
from ...store.waiting import WaitingCopy
from ..keys import bind
from .app_access import UsesApp
from .worker_result import ClosesWithWorkerResult


class CopiesScreen(ClosesWithWorkerResult, UsesApp, ModalScreen[str | None]):
    """Dismisses with a message saying what was done, or None."""

    CSS_PATH = "copies.tcss"
    BINDINGS = [bind("back", "cancel", "Back")]

    def __init__(self, copies: list[WaitingCopy]) -> None:
        super().__init__()
        self.copies = copies
        self.chosen: WaitingCopy | None = None

    @property
    def store(self) -> Store:
        return self.compact.store

    def compose(self) -> ComposeResult:
        with Vertical(id="copies-box"):
            yield Static("Copies of the store wait beside the file", id="copies-title")
            yield Static("These are not conflict copies a sync service made, so nothing was "
                         "merged from them. Choose one and press Enter to say what it is.",
                         classes="hint")
            yield OptionList(*(Option(Content(waiting.describe()), id=str(index))
                               for index, waiting in enumerate(self.copies)), id="copies-list")
            yield Static("", id="copies-chosen", markup=False)
            with Horizontal(id="copies-actions"):
                yield Button("Merge it", id="copies-merge", variant="warning")
                yield Button("Put it aside", id="copies-aside")
                yield Button("Leave it for now", id="copies-leave")
            yield Static("", id="copies-status", markup=False)

    def on_mount(self) -> None:
        self.query_one("#copies-actions").display = False
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.chosen = self.copies[int(event.option.id or 0)]
        self.query_one("#copies-chosen", Static).update(
            f"{self.chosen.name}: merge it into the store (a backup is kept first, so it can "
            "be undone with Restore a backup), put it aside in the archive folder unmerged, "
            "or leave it for now?")
        self.query_one("#copies-actions").display = True
        self.query_one("#copies-merge", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "copies-leave" or self.chosen is None:
            self.dismiss(None)
            return
        merge = event.button.id == "copies-merge"
        self.query_one("#copies-status", Static).update(
            f"{'Merging' if merge else 'Putting aside'} {self.chosen.name}…")
        self.act(self.chosen.name, merge)

    @work(thread=True, exclusive=True)
    def act(self, name: str, merge: bool) -> str | None:
        """Returns the message to close with (``ClosesWithWorkerResult``)."""
        try:
            return self.store.merge_copy(name) if merge else self.store.put_copy_aside(name)
        except (OSError, StoreError) as error:
            self.app.call_from_thread(self._failed, str(error))
            return None

    def _failed(self, message: str) -> None:
        self.query_one("#copies-status", Static).update(f"Could not do it: {message}")

    def action_cancel(self) -> None:
        self.dismiss(None)
