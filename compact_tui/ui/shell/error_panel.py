"""What a member sees when the app met an error nobody expected, and it could carry on.

It says what happened in plain words, that their edits are kept, and where the report was
written, so they can send it to whoever helps with the app. Enter or Escape closes it.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keys import bind
from ..widgets.plain import plain


def describe_error(error: BaseException) -> str:
    """``KeyError: 'ref'`` as a person can quote it, at most one line of 200 characters."""
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    line = " ".join(text.split())
    return line if len(line) <= 200 else line[:199] + "…"


class ErrorPanel(ModalScreen[None]):
    CSS_PATH = "error_panel.tcss"
    BINDINGS = [bind("select", "close", "Carry on"), bind("back", "close", "Carry on")]

    def __init__(self, error: BaseException, report: Path, where: str, reopened: str) -> None:
        super().__init__()
        self.error = error
        self.report = report
        self.where = where
        self.reopened = reopened

    def compose(self) -> ComposeResult:
        with Vertical(id="error-box"):
            yield Static("Something went wrong", id="error-title")
            yield Static(plain(f"compact-tui met an error it did not expect{self.where}: "
                               f"{describe_error(self.error)}"), id="error-what")
            kept = ("Your edits are kept: what you typed was handed to this machine's "
                    "journal, and the shared file is saved as usual.")
            if self.reopened:
                kept += f" {self.reopened}"
            yield Static(plain(kept), id="error-kept")
            yield Static(plain(f"The details are written to {self.report}: please send that "
                               "file to whoever helps with the app."), id="error-report")
            yield Static("Enter or Escape: carry on", id="error-keys")

    def action_close(self) -> None:
        self.dismiss(None)
