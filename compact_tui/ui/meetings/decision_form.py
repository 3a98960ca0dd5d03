"""Record or correct a decision on any agenda item: the words, the votes (if a vote was taken),
who took no part, and, when more votes are counted than members present, why. Without the
words, the same form records a vote taken on the item itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ...domain.meetings import DECISIONS, AgendaItem, Decision, VoteCountError
from ...store import StoreError
from ..widgets.form import FieldLink, FormScreen, as_text, form_hint, form_input, form_row
from ..widgets.plain import plain

VOTES = (("for", "Votes for"), ("against", "Votes against"), ("abstain", "Abstentions"))
# The stored field each widget shows.
WIDGET_FOR = {"text": "decision-text", **{f"votes_{key}": f"decision-{key}" for key, _ in VOTES},
              "took_no_part": "decision-no-part", "count_reason": "decision-reason"}


def _shown_names(value: Any) -> str:
    return "; ".join(value) if isinstance(value, list) else str(value or "")


class DecisionFormScreen(FormScreen[dict[str, Any] | None]):
    """Dismisses with {"text", "votes_for", "votes_against", "votes_abstain", "took_no_part",
    "count_reason"} once ``apply`` has stored it, or None when cancelled.

    A refusal from ``apply`` (a vote count above the members present) is shown in the form,
    which stays open with everything typed: the chair corrects the count or says why.
    """

    def __init__(self, item_label: str, apply: Callable[[dict[str, Any]], object],
                 present: int, decision: Decision | AgendaItem | None = None, *,
                 wording: bool = True) -> None:
        """``wording=False``: a vote on the item (``decision`` is then the item, when it
        already has one to correct); the result has no "text"."""
        super().__init__()
        self.item_label = item_label
        self.apply = apply
        self.present = present
        self.decision = decision
        self.wording = wording

    def _value(self, name: str) -> str:
        if self.decision is None:
            return ""
        value = getattr(self.decision, name, "")
        if isinstance(value, list):
            return "; ".join(value)
        return "" if value is None else str(value)

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Static(plain(f"{self._title()} on {self.item_label}"), classes="form-title")
            if self.wording:
                yield form_row("Decision", form_input("decision-text", self._value("text"),
                                                      "what was agreed"))
            for key, label in VOTES:
                yield form_row(label, form_input(
                    f"decision-{key}", self._value(f"votes_{key}"),
                    "leave empty if no vote" if self.wording else "a number, 0 if none"))
            yield form_row("Took no part", form_input(
                "decision-no-part", self._value("took_no_part"), "names, separated by ;"))
            yield form_row("Count is right", form_input(
                "decision-reason", self._value("count_reason"),
                f"only if more votes than the {self.present} members present: why"))
            yield Static("", classes="form-error")
            yield form_hint()

    def on_mount(self) -> None:
        """Correcting a decision follows it: only what the chair changes is stored, and
        what others change meanwhile is taken in and marked."""
        if isinstance(self.decision, Decision):
            self.follow_record(DECISIONS, self.decision.id, [
                FieldLink(widget_id, name, _shown_names if name == "took_no_part" else as_text)
                for name, widget_id in WIDGET_FOR.items()])

    def _title(self) -> str:
        if not self.wording:
            return "Correct the vote" if self.decision is not None else "Vote"
        if isinstance(self.decision, Decision):
            return f"Correct decision {self.decision.ref}"
        return "Decision"

    def submit(self) -> None:
        result: dict[str, Any] = {}
        if self.wording:
            result["text"] = self.value_of("decision-text")
            if not result["text"]:
                self.show_error("Type what was decided.", self.query_one("#decision-text"))
                return
        for key, label in VOTES:
            typed = self.value_of(f"decision-{key}")
            if typed and not typed.isdigit():
                self.show_error(f'{label} must be a whole number, like 4 (got "{typed}").',
                                self.query_one(f"#decision-{key}"))
                return
            result[f"votes_{key}"] = int(typed) if typed else None
        if not self.wording and all(result[f"votes_{key}"] is None for key, _ in VOTES):
            self.show_error("Type the votes for, against and abstaining (0 if none).",
                            self.query_one("#decision-for"))
            return
        result["took_no_part"] = [n.strip() for n in self.value_of("decision-no-part").split(";")
                                  if n.strip()]
        result["count_reason"] = self.value_of("decision-reason")
        try:
            if isinstance(self.decision, Decision):
                result = self.save_edits(self.apply, result, WIDGET_FOR)
            else:
                self.apply(dict(result))
        except VoteCountError as error:
            self.show_error(f"{error} Type why in \"Count is right\".",
                            self.query_one("#decision-reason"))
            return
        except (ValueError, LookupError, StoreError) as error:
            self.show_error(str(error))
            return
        self.dismiss(result)
