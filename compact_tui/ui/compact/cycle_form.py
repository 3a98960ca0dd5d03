"""Record a part of the Compact's cycle (a review, the annual event, a membership update) or
set the date the year's returns are due by; or correct an entry."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from ...domain.clock.cycle import (
    COMPACT_CYCLE,
    RETURNS,
    CompactCycleService,
    CycleDetails,
    CycleEntry,
    CycleInputError,
)
from ...domain.dates import format_date, today
from ..widgets.form import FieldLink, FormScreen, form_hint, form_input, form_row
from ..widgets.plain import plain

FIELDS = {"cycle-on": "on", "cycle-next": "next_due", "cycle-year": "year",
          "cycle-note": "note"}


class CycleForm(FormScreen[str | None]):
    CSS_PATH = "clock_forms.tcss"

    def __init__(self, kind: str = RETURNS, entry_id: str | None = None) -> None:
        super().__init__()
        self.kind = kind
        self.entry_id = entry_id

    @property
    def service(self) -> CompactCycleService:
        return self.services.cycle

    def compose(self) -> ComposeResult:
        if self.entry_id:
            entry = self.service.entry(self.entry_id)
            self.kind = entry.kind
        else:
            entry = CycleEntry(kind=self.kind, on="" if self.kind == RETURNS
                               else today().isoformat(), year=today().year)
        details = CycleDetails.from_entry(entry)
        kinds = list(self.service.kinds().items())
        with Vertical(classes="form-box"):
            yield Static("Correct the entry" if self.entry_id else "Record the Compact's cycle",
                         classes="form-title")
            yield form_row("What", Select([(label, key) for key, label in kinds], id="cycle-kind",
                                          value=self.kind, allow_blank=False, compact=True))
            yield Static("", id="cycle-words", classes="form-hint")
            yield _row("cycle-on-row", "Done on", form_input("cycle-on", details.on,
                                                             "03/12/2026"))
            yield _row("cycle-next-row", "Next due", form_input(
                "cycle-next", details.next_due, "empty: worked out from the content"))
            yield _row("cycle-year-row", "For the year", form_input("cycle-year", details.year,
                                                                    "2026"))
            yield form_row("Note", form_input("cycle-note", details.note))
            yield Static("", classes="form-error")
            yield form_hint()

    def on_mount(self) -> None:
        self._show_kind()
        self.query_one("#cycle-on", Input).focus()
        if self.entry_id:
            self.follow_record(COMPACT_CYCLE, self.entry_id, [
                FieldLink("cycle-on", "on", lambda v: format_date(v or "")),
                FieldLink("cycle-next", "next_due", lambda v: format_date(v or "")),
                FieldLink("cycle-year", "year", lambda v: str(v or "")),
                FieldLink("cycle-note", "note")])

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "cycle-kind" and isinstance(event.value, str):
            self.kind = event.value
            self._show_kind()

    def _show_kind(self) -> None:
        """Returns take a year and a deadline; the other parts a date done and a next date."""
        returns = self.kind == RETURNS
        self.query_one("#cycle-next-row").display = not returns
        self.query_one("#cycle-year-row").display = returns
        self.query_one("#cycle-on-row", Horizontal).query_one(Label).update(
            "Due by" if returns else "Done on")
        timescales = self.services.content.timescales
        if returns:
            words = f"\u201c{timescales.returns_words}\u201d ({timescales.returns_source})"
        else:
            rule = timescales.cycle_rule(self.kind)
            words = (f"Every {rule.months} months unless you set the next date: "
                     f"\u201c{rule.words}\u201d ({rule.source})")
        self.query_one("#cycle-words", Static).update(plain(words))

    def submit(self) -> None:
        details = CycleDetails(kind=self.kind, **{field: self.value_of(widget)
                                                   for widget, field in FIELDS.items()})
        try:
            if self.entry_id:
                edited = {field: getattr(details, field) for widget, field in FIELDS.items()
                          if self.edited(widget)}
                edited["kind"] = self.kind
                self.service.update(self.entry_id, edited)
                self.keep_theirs_in_conflicts()
                saved = self.entry_id
            else:
                saved = self.service.record(details)
        except CycleInputError as error:
            self.show_error(str(error))
            return
        self.dismiss(saved)


def _row(row_id: str, label: str, field: Widget) -> Horizontal:
    row = form_row(label, field)
    row.id = row_id
    return row
