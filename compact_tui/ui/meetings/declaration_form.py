"""Record or correct a declaration of interest: who, the item it concerns (from the agenda),
the kind of interest (the group's list, from content) and what they did."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Select, Static

from ...domain.meetings import DECLARATION_ACTIONS, DECLARATIONS, Declaration
from ..widgets.form import (
    FieldLink,
    FormScreen,
    as_choice,
    as_text,
    form_hint,
    form_input,
    form_row,
)
from .applied_form import apply_then_close

# The stored field each widget shows.
WIDGET_FOR = {"person": "declaration-person", "item_id": "declaration-item",
              "kind": "declaration-kind", "interest": "declaration-interest",
              "action": "declaration-action"}


class DeclarationFormScreen(FormScreen[dict[str, Any] | None]):
    """Dismisses with {"person", "item_id", "kind", "interest", "action"} once ``apply`` has
    stored it, or None when cancelled."""

    def __init__(self, title: str, items: list[tuple[str, str]], kinds: tuple[str, ...],
                 apply: Callable[[dict[str, Any]], object], *, item_id: str = "",
                 declaration: Declaration | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.items = items
        self.kinds = kinds
        self.apply = apply
        self.item_id = declaration.item_id if declaration else item_id
        self.declaration = declaration

    def compose(self) -> ComposeResult:
        found = self.declaration
        kinds = list(self.kinds)
        if found and found.kind and found.kind not in kinds:
            kinds.append(found.kind)
        with Vertical(classes="form-box"):
            yield Static(self.title_text, classes="form-title", markup=False)
            yield form_row("Who", form_input("declaration-person",
                                             found.person if found else "", "e.g. Lee Chan"))
            yield form_row("Item", Select(self.items, prompt="Choose the item it concerns",
                                          value=self.item_id or Select.NULL, compact=True,
                                          id="declaration-item"))
            yield form_row("Kind", Select([(k, k) for k in kinds], prompt="Kind of interest",
                                          value=found.kind if found and found.kind
                                          else Select.NULL, compact=True,
                                          id="declaration-kind"))
            yield form_row("What they did", Select(
                [(label, key) for key, label in DECLARATION_ACTIONS.items()],
                prompt="Choose", value=found.action if found and found.action else Select.NULL,
                compact=True, id="declaration-action"))
            yield form_row("Interest", form_input(
                "declaration-interest", found.interest if found else "",
                "e.g. trustee of Active Brentwood, which has applied"))
            yield Static("", classes="form-error")
            yield form_hint()

    def _choice(self, field_id: str) -> str:
        value = self.query_one(f"#{field_id}", Select).value
        return value if isinstance(value, str) else ""

    def submit(self) -> None:
        person = self.value_of("declaration-person")
        if not person:
            self.show_error("Who is declaring the interest?",
                            self.query_one("#declaration-person"))
            return
        result = {"person": person, "item_id": self._choice("declaration-item"),
                  "kind": self._choice("declaration-kind"),
                  "interest": self.value_of("declaration-interest"),
                  "action": self._choice("declaration-action")}
        if not result["item_id"]:
            self.show_error("Choose the agenda item the interest concerns.",
                            self.query_one("#declaration-item"))
            return
        apply_then_close(self, self.apply, result, WIDGET_FOR)

    def on_mount(self) -> None:
        """Correcting a declaration follows it: only what the chair changes is stored."""
        if self.declaration is not None:
            self.follow_record(DECLARATIONS, self.declaration.id, [
                FieldLink(widget_id, name, as_text if name in ("person", "interest") else as_choice)
                for name, widget_id in WIDGET_FOR.items()])
