"""Asked once on first start: who is editing, so every change says who made it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ..keys import bind


class MemberPromptScreen(ModalScreen[tuple[str, str] | None]):
    CSS_PATH = "member_prompt.tcss"
    BINDINGS = [bind("back", "cancel", "Later")]

    def compose(self) -> ComposeResult:
        with Vertical(id="member-box"):
            yield Static("[b]Welcome to compact-tui[/b]\n"
                         "Your name is recorded with each change you make, so the group "
                         "can see who changed what. It is kept on this machine only.")
            yield Label("Your name")
            yield Input(placeholder="e.g. Jo Morgan", id="member-name")
            yield Label("Your role (optional)")
            yield Input(placeholder="e.g. minute taker", id="member-role")
            yield Static("", id="member-error")
            yield Button("Save", variant="primary", id="member-save")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "member-name" and event.value.strip():
            self.query_one("#member-role", Input).focus()
        else:
            self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._save()

    def _save(self) -> None:
        name = self.query_one("#member-name", Input).value.strip()
        if not name:
            self.query_one("#member-error", Static).update("Please enter your name.")
            self.query_one("#member-name", Input).focus()
            return
        self.dismiss((name, self.query_one("#member-role", Input).value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)
