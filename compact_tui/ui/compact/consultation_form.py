"""Record a consultation (or correct one): who consults, when it opens and closes, and how its
results were reported back. The form says at once how many weeks the dates give against the
Compact's; bad dates and a closing date before the opening are refused with a message."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Select, Static

from ...domain.clock.consultations import (
    CONSULTATIONS,
    Consultation,
    ConsultationDetails,
    ConsultationInputError,
    ConsultationsService,
)
from ...domain.dates import DateInputError, format_date, iso, parse_date
from ..keys import bind
from ..widgets.form import FieldLink, FormScreen, form_input, form_row
from ..widgets.plain import plain, plain_cell

HINT = "Tab/Enter: next field · Ctrl+S or the Save button: save · Esc: cancel"
TEXT_FIELDS = {"title": "title", "reason": "shorter_reason", "report-back": "report_back",
               "notes": "notes"}
DATE_FIELDS = {"opened-on": "opened_on", "closes-on": "closes_on",
               "reported-back-on": "reported_back_on"}


class ConsultationForm(FormScreen[str | None]):
    CSS_PATH = "clock_forms.tcss"
    ENTER_SAVES = False
    BINDINGS = [bind("save", "save", "Save")]

    def __init__(self, consultation_id: str | None = None) -> None:
        super().__init__()
        self.consultation_id = consultation_id

    @property
    def service(self) -> ConsultationsService:
        return self.services.consultations

    def compose(self) -> ComposeResult:
        found = (self.service.consultation(self.consultation_id) if self.consultation_id
                 else Consultation())
        details = ConsultationDetails.from_consultation(found)
        organisations = [(plain_cell(o.name), o.id)
                         for o in self.services.register.organisations()]
        known = {value for _, value in organisations}
        rule = self.service.rule
        with Vertical(classes="form-box clock-form"):
            yield Static("Correct the consultation" if self.consultation_id
                         else "Record a consultation", classes="form-title")
            with VerticalScroll(classes="clock-fields"):
                yield form_row("Title", form_input("title", details.title,
                                                   "e.g. Community grants programme 2027"))
                yield form_row("Who consults", Select(
                    organisations, id="organisation", prompt="(a signatory)", compact=True,
                    value=details.organisation_id if details.organisation_id in known
                    else Select.NULL))
                yield form_row("Opens on", form_input("opened-on", details.opened_on,
                                                      "03/12/2026"))
                yield form_row("Closes on", form_input("closes-on", details.closes_on,
                                                       "03/03/2027"))
                yield Static("", id="weeks-given", classes="form-hint")
                yield Checkbox("VSOs were given early notice", details.told_early,
                               id="told-early", compact=True)
                yield form_row("Why shorter", form_input(
                    "reason", details.shorter_reason,
                    f"only if under {rule.weeks} weeks: the sound reason"))
                yield form_row("Reported how", form_input(
                    "report-back", details.report_back, "how results were reported back"))
                yield form_row("Reported on", form_input("reported-back-on",
                                                         details.reported_back_on, "date"))
                yield form_row("Notes", form_input("notes", details.notes))
                yield Button("Save (Ctrl+S)", id="save", variant="primary", compact=True)
            yield Static("", classes="form-error")
            yield Static(HINT, classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
        self._show_weeks()
        if self.consultation_id:
            self.follow_record(CONSULTATIONS, self.consultation_id, [
                *(FieldLink(widget, field) for widget, field in TEXT_FIELDS.items()),
                *(FieldLink(widget, field, lambda v: format_date(v or ""))
                  for widget, field in DATE_FIELDS.items()),
                FieldLink("organisation", "organisation_id", lambda v: v or Select.NULL),
                FieldLink("told-early", "told_early", bool)])

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("opened-on", "closes-on"):
            self._show_weeks()

    def _show_weeks(self) -> None:
        """How long the typed dates give, against the Compact, as the member types."""
        line = self.query_one("#weeks-given", Static)
        try:
            opened = parse_date(self.value_of("opened-on"))
            closes = parse_date(self.value_of("closes-on"))
        except DateInputError:
            line.update("")
            return
        rule = self.service.rule
        given = Consultation(opened_on=iso(opened), closes_on=iso(closes))
        if closes < opened:
            line.update("! It closes before it opens: check the dates.")
        elif given.meets_weeks(rule):
            line.update(plain(f"{given.weeks_text()}: meets the Compact's {rule.weeks} weeks."))
        else:
            line.update(plain(f"! {given.weeks_text()}: shorter than the Compact's "
                              f"{rule.weeks} weeks, so give the reason below."))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    def _values(self) -> dict[str, Any]:
        organisation = self.query_one("#organisation", Select).value
        values: dict[str, Any] = {
            **{field: self.value_of(widget) for widget, field in TEXT_FIELDS.items()},
            **{field: self.value_of(widget) for widget, field in DATE_FIELDS.items()},
            "organisation_id": "" if organisation is Select.NULL else str(organisation),
            "told_early": self.query_one("#told-early", Checkbox).value,
        }
        return values

    def submit(self) -> None:
        values = self._values()
        try:
            if self.consultation_id:
                widgets = {**{f: w for w, f in TEXT_FIELDS.items()},
                           **{f: w for w, f in DATE_FIELDS.items()},
                           "organisation_id": "organisation", "told_early": "told-early"}
                edited = {k: v for k, v in values.items() if self.edited(widgets[k])}
                self.service.update(self.consultation_id, edited)
                self.keep_theirs_in_conflicts()
                saved = self.consultation_id
            else:
                saved = self.service.add(ConsultationDetails(**values))
        except ConsultationInputError as error:
            self.show_error(str(error))
            self.notify(str(error), title="Not saved", severity="error")
            return
        self.dismiss(saved)
