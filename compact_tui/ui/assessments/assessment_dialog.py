"""A question before a step that cannot be undone (submit a return, mark it reviewed),
optionally with one line of text to go with it (the review summary).

As in every question, Enter is the safe answer: without a text to write, only y goes ahead
and Enter or Escape leave things as they are; with one, typing the text is the deliberate act
and Enter in the box confirms it.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..keys import bind, key_label, keys_hint
from ..widgets.plain import plain


class AssessmentDialog(ModalScreen[str | None]):
    """Dismisses with the text typed ("" without a text field), or None when cancelled.

    ``check`` may refuse the text: it returns an error message to show, or "" to accept.
    """

    CSS_PATH = "assessment_dialog.tcss"
    BINDINGS = [
        bind("yes", "confirm", "Yes"),
        bind("select", "cancel", "No", show=False),
        bind("back", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, message: str, *, text_label: str = "",
                 check: Callable[[str], str] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.text_label = text_label
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box"):
            yield Static(plain(self.title_text), id="dialog-title")
            yield Static(plain(self.message), id="dialog-message")
            if self.text_label:
                yield Static(self.text_label, classes="dialog-label")
                yield Input(id="dialog-text")
            yield Static("", id="dialog-error")
            no_keys = f"{key_label(self.app, 'select')} or {key_label(self.app, 'back')}"
            keys = (keys_hint(self.app, ("Enter", "confirm"), ("back", "cancel"))
                    if self.text_label else
                    f"{key_label(self.app, 'yes')}: yes · {no_keys}: no, leave it as it is")
            yield Static(keys, id="dialog-keys")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    def action_confirm(self) -> None:
        text = self.query_one("#dialog-text", Input).value.strip() if self.text_label else ""
        problem = self.check(text) if self.check else ""
        if problem:
            self.query_one("#dialog-error", Static).update(plain(f"✗ {problem}"))
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
