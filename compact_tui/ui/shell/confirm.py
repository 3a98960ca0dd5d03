"""A yes/no question before anything hard to undo (removing an item, ending a meeting).

The safe answer is the default: Enter and Escape both say no, and only y (a key that means
nothing else anywhere) says yes, so a stray Enter after a mistyped key never does harm.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keys import bind, key_label


class ConfirmScreen(ModalScreen[bool]):
    CSS_PATH = "confirm.tcss"
    BINDINGS = [
        bind("yes", "answer(True)", "Yes"),
        bind("select", "answer(False)", "No"),
        bind("back", "answer(False)", "No"),
    ]

    def __init__(self, question: str, detail: str = "", *, yes: str = "yes") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes_word = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self.question, id="confirm-question", markup=False)
            if self.detail:
                yield Static(self.detail, id="confirm-detail", markup=False)
            yes_key = key_label(self.app, "yes")
            yield Static(f"{yes_key}: {self.yes_word} · Enter or Escape: no, leave it as it is",
                         id="confirm-keys", markup=False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
