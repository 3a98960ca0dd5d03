"""Add or edit one agenda item: title, presenter, planned minutes, purpose, papers and notes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Select, Static

from ...domain.meetings import AGENDA_ITEMS, PURPOSES, AgendaItem
from ...store import StoreError
from ..widgets.form import FieldLink, FormScreen, form_hint, form_input, form_row
from ..widgets.plain import plain

LONGEST_ITEM_MINUTES = 8 * 60


def split_papers(text: str) -> list[str]:
    """Papers are typed on one line, separated by semicolons (links may contain commas)."""
    return [paper.strip() for paper in text.split(";") if paper.strip()]


# The stored field each widget shows.
WIDGET_FOR = {"title": "item-title", "presenter": "item-presenter",
              "planned_minutes": "item-minutes", "purpose": "item-purpose",
              "papers": "item-papers", "notes": "item-notes"}


class ItemFormScreen(FormScreen[dict[str, Any] | None]):
    """Dismisses with the item's fields, checked, or None when cancelled.

    Editing a stored item (``apply`` given), the form follows it: only the fields the member
    changed are stored, before it closes (a refusal is shown in the form), and fields others
    change meanwhile are taken in and marked.
    """

    def __init__(self, item: AgendaItem | None = None, heading: str = "",
                 apply: Callable[[dict[str, Any]], object] | None = None) -> None:
        super().__init__()
        self.item = item or AgendaItem()
        self.heading = heading or ("Edit agenda item" if item else "Add an agenda item")
        self.apply = apply

    def on_mount(self) -> None:
        if self.item.id and self.apply is not None:
            self.follow_record(AGENDA_ITEMS, self.item.id, [
                FieldLink("item-title", "title"), FieldLink("item-presenter", "presenter"),
                FieldLink("item-minutes", "planned_minutes", lambda v: str(v or 10)),
                FieldLink("item-purpose", "purpose",
                          lambda v: v if v in PURPOSES else "discussion"),
                FieldLink("item-papers", "papers", lambda v: "; ".join(v or [])),
                FieldLink("item-notes", "notes")])

    def compose(self) -> ComposeResult:
        item = self.item
        with Vertical(classes="form-box"):
            yield Static(plain(self.heading), classes="form-title")
            yield form_row("Title", form_input("item-title", item.title))
            yield form_row("Presenter", form_input("item-presenter", item.presenter))
            yield form_row("Planned minutes", form_input("item-minutes",
                                                         str(item.planned_minutes or 10)))
            yield form_row("Purpose", Select([(label, key) for key, label in PURPOSES.items()],
                                             value=item.purpose if item.purpose in PURPOSES
                                             else "discussion",
                                             allow_blank=False, compact=True,
                                             id="item-purpose"))
            yield form_row("Papers", form_input("item-papers", "; ".join(item.papers),
                                                placeholder="links or file paths, separated by ;"))
            yield form_row("Notes", form_input("item-notes", item.notes))
            yield Static("", classes="form-error")
            yield form_hint()

    def submit(self) -> None:
        title = self.value_of("item-title")
        if not title:
            self.show_error("Give the item a title.", self.query_one("#item-title"))
            return
        minutes_text = self.value_of("item-minutes")
        minutes_field = self.query_one("#item-minutes")
        if not minutes_text.isdigit():
            self.show_error(f'Planned minutes must be a whole number, like 15 (got '
                            f'"{minutes_text}").', minutes_field)
            return
        minutes = int(minutes_text)
        if not 1 <= minutes <= LONGEST_ITEM_MINUTES:
            self.show_error(f"Planned minutes must be between 1 and {LONGEST_ITEM_MINUTES}.",
                            minutes_field)
            return
        fields = {
            "title": title,
            "presenter": self.value_of("item-presenter"),
            "planned_minutes": minutes,
            "purpose": str(self.query_one("#item-purpose", Select).value),
            "papers": split_papers(self.value_of("item-papers")),
            "notes": self.value_of("item-notes"),
        }
        if self.apply is not None:
            try:
                fields = self.save_edits(self.apply, fields, WIDGET_FOR)
            except (ValueError, LookupError, StoreError) as error:
                self.show_error(str(error))
                return
        self.dismiss(fields)
