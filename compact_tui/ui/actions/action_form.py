"""A new action: what, who (a champion or organisation from the register) and by when."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Select, Static

from ...domain.dates import DateInputError, parse_date
from ...domain.meeting_views import OwnerChoice
from ..widgets.form import FORM_HINT, FormScreen, form_input, form_row
from ..widgets.plain import plain


class ActionFormScreen(FormScreen[dict[str, Any] | None]):
    """Dismisses with {"description", "owner_name", "owner_organisation_id", "due"} or None.

    An action without an owner or a due date is allowed (the log flags it), but a due date
    that cannot be read is refused with a message, so nothing wrong is stored.
    """

    CSS_PATH = "action_form.tcss"

    def __init__(self, heading: str, owners: list[OwnerChoice]) -> None:
        super().__init__()
        self.heading = heading
        self.owners = {choice.key: choice for choice in owners}

    def compose(self) -> ComposeResult:
        options = [(choice.label, key) for key, choice in self.owners.items()]
        with Vertical(classes="form-box"):
            yield Static(plain(self.heading), classes="form-title")
            yield form_row("Action", form_input("action-description",
                                                placeholder="what needs doing"))
            yield form_row("Owner", Select(options, prompt="No owner yet (flagged)",
                                           compact=True, id="action-owner"))
            yield form_row("Due", form_input("action-due", placeholder="e.g. 03/12/2026"))
            yield Static("Type to search the owner list. An action with no owner or due date "
                         "is saved but flagged.", classes="form-hint")
            yield Static("", classes="form-error")
            yield Static(FORM_HINT, classes="form-hint")

    def submit(self) -> None:
        description = self.value_of("action-description")
        if not description:
            self.show_error("Describe the action.", self.query_one("#action-description"))
            return
        due_text = self.value_of("action-due")
        try:
            due = parse_date(due_text) if due_text else None
        except DateInputError as error:
            self.show_error(f"Due date: {error}", self.query_one("#action-due"))
            return
        owner_key = self.query_one("#action-owner", Select).value
        owner = self.owners.get(owner_key) if isinstance(owner_key, str) else None
        self.dismiss({
            "description": description,
            "owner_name": owner.owner_name if owner else "",
            "owner_organisation_id": owner.organisation_id if owner else "",
            "due": due,
        })
