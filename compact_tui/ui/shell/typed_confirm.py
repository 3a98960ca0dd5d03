"""A question whose yes must be typed as a word: for confidential details leaving the app.

A reflex key (Enter, y) can be pressed twice without reading; a word cannot. Enter with
anything but the word, and Escape, give the safe answer: the details stay in the app.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..keys import bind, key_label
from ..widgets.plain import plain


class TypedConfirmScreen(ModalScreen[bool]):
    """Dismisses with True only when the member typed ``word`` (any case) and pressed Enter."""

    DEFAULT_CSS = """
    TypedConfirmScreen { align: center middle; }
    TypedConfirmScreen #typed-box {
        width: 64; max-width: 100%; height: auto; border: round $warning;
        background: $surface; padding: 0 1;
    }
    TypedConfirmScreen #typed-question { text-style: bold; }
    TypedConfirmScreen #typed-detail, TypedConfirmScreen #typed-keys {
        color: $text-muted; margin-top: 1;
    }
    TypedConfirmScreen Input { margin-top: 1; }
    """
    BINDINGS = [bind("back", "answer(False)", "No")]

    def __init__(self, question: str, detail: str, *, word: str = "confidential") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.word = word

    def compose(self) -> ComposeResult:
        with Vertical(id="typed-box"):
            yield Static(plain(self.question), id="typed-question")
            yield Static(plain(self.detail), id="typed-detail")
            yield Input(placeholder=f"type {self.word} to include them", id="typed-word")
            yield Static(plain(f'Type "{self.word}" and Enter: include them · Enter alone or '
                               f"{key_label(self.app, 'back')}: leave them out (the safe "
                               "choice)"), id="typed-keys")

    def on_mount(self) -> None:
        self.query_one("#typed-word", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip().casefold() == self.word.casefold())

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
