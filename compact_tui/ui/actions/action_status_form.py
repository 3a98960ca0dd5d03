"""Change an action's status with a note; the domain keeps the note with date and name."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Select, Static

from ...domain.actions import ACTION_STATUSES, Action
from ..widgets.form import FORM_HINT, FormScreen, form_input, form_row
from ..widgets.plain import plain


class ActionStatusFormScreen(FormScreen[dict[str, str] | None]):
    """Dismisses with {"status", "note"} or None."""

    def __init__(self, action: Action) -> None:
        super().__init__()
        self.action_record = action

    def compose(self) -> ComposeResult:
        action = self.action_record
        with Vertical(classes="form-box"):
            yield Static(plain(f"Update action {action.ref}"), classes="form-title")
            yield Static(plain(action.description), classes="form-hint")
            yield form_row("Status", Select([(label, key) for key, label
                                             in ACTION_STATUSES.items()],
                                            value=action.status if action.status
                                            in ACTION_STATUSES else "open",
                                            allow_blank=False, compact=True,
                                            id="status-value"))
            yield form_row("Note", form_input("status-note",
                                              placeholder="what happened (optional)"))
            yield Static("", classes="form-error")
            yield Static(FORM_HINT, classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#status-value").focus()

    def submit(self) -> None:
        status = self.query_one("#status-value", Select).value
        if not isinstance(status, str):
            self.show_error("Choose a status.", self.query_one("#status-value"))
            return
        self.dismiss({"status": status, "note": self.value_of("status-note")})
