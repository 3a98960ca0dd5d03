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
from ..widgets.plain import plain


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
            yield Static(plain(self.question), id="confirm-question")
            if self.detail:
                yield Static(plain(self.detail), id="confirm-detail")
            yes_key = key_label(self.app, "yes")
            no_keys = f"{key_label(self.app, 'select')} or {key_label(self.app, 'back')}"
            yield Static(plain(f"{yes_key}: {self.yes_word} · {no_keys}: no, leave it as it "
                               "is"), id="confirm-keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
