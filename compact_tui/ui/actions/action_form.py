"""A new action: what, who (a champion or organisation from the register) and by when."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Select, Static

from ...domain.actions import ACTION_STATUSES, ACTIONS, Action
from ...domain.dates import DateInputError, parse_date, typed_date
from ...domain.meeting_views import OwnerChoice
from ...store import StoreError
from ..widgets.form import FieldLink, FormScreen, form_hint, form_input, form_row
from ..widgets.plain import plain

# The stored field each widget shows (the owner list sets two).
WIDGET_FOR = {"description": "action-description", "owner_name": "action-owner",
              "owner_organisation_id": "action-owner", "due": "action-due",
              "status": "action-status"}


class ActionFormScreen(FormScreen[dict[str, Any] | None]):
    """Dismisses with {"description", "owner_name", "owner_organisation_id", "due"} or None.

    An action without an owner or a due date is allowed (the log flags it), but a due date
    that cannot be read is refused with a message, so nothing wrong is stored.
    """

    CSS_PATH = "action_form.tcss"

    def __init__(self, heading: str, owners: list[OwnerChoice], *,
                 action: Action | None = None,
                 apply: Callable[[dict[str, Any]], object] | None = None) -> None:
        """With ``action``, the form corrects it (its status too); with ``apply``, the change
        is stored before the form closes and a refusal is shown in the form."""
        super().__init__()
        self.heading = heading
        self.owners = {choice.key: choice for choice in owners}
        self.action = action
        self.apply = apply
        self.owner_key: str | None = None
        if action is not None and (action.owner_name or action.owner_organisation_id):
            self.owner_key = next(
                (key for key, c in self.owners.items()
                 if c.owner_name == action.owner_name
                 and c.organisation_id == action.owner_organisation_id), None)
            if self.owner_key is None:
                self.owner_key = "typed"
                self.owners["typed"] = OwnerChoice("typed", f"{action.owner_name or '?'} "
                                                   "(as recorded)", action.owner_name,
                                                   action.owner_organisation_id)

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Static(plain(self.heading), classes="form-title")
            found = self.action
            options = [(choice.label, key) for key, choice in self.owners.items()]
            yield form_row("Action", form_input("action-description",
                                                found.description if found else "",
                                                placeholder="what needs doing"))
            yield form_row("Owner", Select(options, prompt="No owner yet (flagged)",
                                           value=self.owner_key or Select.NULL,
                                           compact=True, id="action-owner"))
            yield form_row("Due", form_input(
                "action-due", typed_date(found.due) if found else "",
                placeholder="e.g. 03/12/2026"))
            if found is not None:
                yield form_row("Status", Select(
                    [(label, key) for key, label in ACTION_STATUSES.items()],
                    value=found.status if found.status in ACTION_STATUSES else Select.NULL,
                    allow_blank=False, compact=True, id="action-status"))
            yield Static("Type to search the owner list. An action with no owner or due date "
                         "is saved but flagged.", classes="form-hint")
            yield Static("", classes="form-error")
            yield form_hint()

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
        result: dict[str, Any] = {
            "description": description,
            "owner_name": owner.owner_name if owner else "",
            "owner_organisation_id": owner.organisation_id if owner else "",
            "due": due,
        }
        if self.action is not None:
            status = self.query_one("#action-status", Select).value
            result["status"] = status if isinstance(status, str) else self.action.status
            result["due"] = due or ""
        if self.apply is not None:
            try:
                result = self.save_edits(self.apply, result, WIDGET_FOR)
            except (ValueError, LookupError, StoreError) as error:
                self.show_error(str(error))
                return
        self.dismiss(result)

    def on_mount(self) -> None:
        if self.action is not None and self.apply is not None:
            self.follow_record(ACTIONS, self.action.id, [
                FieldLink("action-description", "description"),
                FieldLink("action-due", "due", typed_date),
                FieldLink("action-status", "status"),
                FieldLink("action-owner", "owner_name", self._owner_key)])

    def _owner_key(self, owner_name: object) -> object:
        """The owner list's entry for an owner another member chose (or none)."""
        return next((key for key, choice in self.owners.items()
                     if choice.owner_name == owner_name), Select.NULL)
