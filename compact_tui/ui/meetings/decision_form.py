"""Record a decision on an agenda item, with the votes when the item is for decision."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ..widgets.form import FORM_HINT, FormScreen, form_input, form_row
from ..widgets.plain import plain

VOTES = (("for", "Votes for"), ("against", "Votes against"), ("abstain", "Abstentions"))


class DecisionFormScreen(FormScreen[dict[str, Any] | None]):
    """Dismisses with {"text", "votes_for", "votes_against", "votes_abstain"} or None."""

    def __init__(self, item_label: str, with_votes: bool) -> None:
        super().__init__()
        self.item_label = item_label
        self.with_votes = with_votes

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Static(plain(f"Decision on {self.item_label}"), classes="form-title")
            yield form_row("Decision", form_input("decision-text",
                                                  placeholder="what was agreed"))
            if self.with_votes:
                for key, label in VOTES:
                    yield form_row(label, form_input(f"decision-{key}",
                                                     placeholder="leave empty if no vote"))
            yield Static("", classes="form-error")
            yield Static(FORM_HINT, classes="form-hint")

    def submit(self) -> None:
        text = self.value_of("decision-text")
        if not text:
            self.show_error("Type what was decided.", self.query_one("#decision-text"))
            return
        result: dict[str, Any] = {"text": text}
        for key, label in VOTES if self.with_votes else ():
            typed = self.value_of(f"decision-{key}")
            if typed and not typed.isdigit():
                self.show_error(f'{label} must be a whole number, like 4 (got "{typed}").',
                                self.query_one(f"#decision-{key}"))
                return
            result[f"votes_{key}"] = int(typed) if typed else None
        self.dismiss(result)
