"""Change an action's status with a note; the domain keeps the note with date and name."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Select, Static

from ...domain.actions import ACTION_STATUSES, ACTIONS, Action
from ...store import StoreError
from ..widgets.form import FieldLink, FormScreen, form_hint, form_input, form_row
from ..widgets.plain import plain


class ActionStatusFormScreen(FormScreen[dict[str, str] | None]):
    """Dismisses with {"status", "note"} once ``apply`` stored them, or None.

    It follows the action while open: a status another member sets meanwhile is taken in
    (and marked) unless this member chose one too, in which case theirs goes to Conflicts.
    """

    def __init__(self, action: Action, apply: Callable[[dict[str, str]], object]) -> None:
        super().__init__()
        self.action_record = action
        self.apply = apply

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
            yield form_hint()

    def on_mount(self) -> None:
        self.query_one("#status-value").focus()
        self.follow_record(ACTIONS, self.action_record.id, [
            FieldLink("status-value", "status",
                      lambda value: value if value in ACTION_STATUSES else "open")])

    def submit(self) -> None:
        status = self.query_one("#status-value", Select).value
        if not isinstance(status, str):
            self.show_error("Choose a status.", self.query_one("#status-value"))
            return
        result = {"status": status, "note": self.value_of("status-note")}
        try:
            self.apply(dict(result))
        except (ValueError, StoreError) as error:
            self.show_error(str(error))
            return
        self.keep_theirs_in_conflicts()
        self.dismiss(result)
