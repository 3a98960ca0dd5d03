"""Record a funding change (or correct one): the programme, funder, recipients, the kind of
change, when written notice was given and when the change takes effect. The notice the kind
needs is quoted from the content as the member chooses it."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, SelectionList, Static

from ...domain.clock.funding import (
    FUNDING_CHANGES,
    FundingChange,
    FundingChangeDetails,
    FundingChangeInputError,
    FundingChangesService,
)
from ...domain.dates import format_date
from ..keys import bind
from ..widgets.form import FieldLink, FormScreen, form_input, form_row
from ..widgets.plain import plain, plain_cell

HINT = "Tab/Enter: next field · Space: pick a recipient · Ctrl+S: save · Esc: cancel"
TEXT_FIELDS = {"programme": "programme", "recipients-note": "recipients_note",
               "notes": "notes"}
DATE_FIELDS = {"notice-given-on": "notice_given_on", "takes-effect-on": "takes_effect_on"}


class FundingChangeForm(FormScreen[str | None]):
    CSS_PATH = "clock_forms.tcss"
    ENTER_SAVES = False
    BINDINGS = [bind("save", "save", "Save")]

    def __init__(self, change_id: str | None = None) -> None:
        super().__init__()
        self.change_id = change_id

    @property
    def service(self) -> FundingChangesService:
        return self.services.funding

    def compose(self) -> ComposeResult:
        found = self.service.change(self.change_id) if self.change_id else FundingChange(
            kind="")
        details = FundingChangeDetails.from_change(found)
        organisations = [(plain_cell(o.name), o.id)
                         for o in self.services.register.organisations()]
        known = {value for _, value in organisations}
        kinds = [(f"{rule.label} ({rule.months} months)", rule.kind)
                 for rule in self.service.rules()]
        with Vertical(classes="form-box clock-form"):
            yield Static("Correct the funding change" if self.change_id
                         else "Record a funding change", classes="form-title")
            with VerticalScroll(classes="clock-fields"):
                yield form_row("Programme", form_input("programme", details.programme,
                                                       "e.g. Volunteering grant"))
                yield form_row("Funder", Select(
                    organisations, id="funder", prompt="(a signatory)", compact=True,
                    value=details.funder_organisation_id
                    if details.funder_organisation_id in known else Select.NULL))
                yield form_row("Change", Select(
                    kinds, id="kind", prompt="(ending, cutting or allocating)", compact=True,
                    value=details.kind if details.kind in {k for _, k in kinds}
                    else Select.NULL))
                yield Static("", id="notice-rule", classes="form-hint")
                yield form_row("Notice given", form_input(
                    "notice-given-on", details.notice_given_on, "date written notice went"))
                yield form_row("Takes effect", form_input("takes-effect-on",
                                                          details.takes_effect_on,
                                                          "03/06/2027"))
                yield Label("Recipients in the register (Space picks one)")
                yield SelectionList[str](
                    *[(name, org_id, org_id in details.recipient_ids)
                      for name, org_id in organisations], id="recipients", compact=True)
                yield Static("", id="recipients-chosen", classes="form-hint")
                yield form_row("Others", form_input("recipients-note",
                                                    details.recipients_note,
                                                    "recipients not in the register"))
                yield form_row("Notes", form_input("notes", details.notes))
                yield Button("Save (Ctrl+S)", id="save", variant="primary", compact=True)
            yield Static("", classes="form-error")
            yield Static(HINT, classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#programme", Input).focus()
        self._show_rule()
        self._show_chosen()
        if self.change_id:
            self.follow_record(FUNDING_CHANGES, self.change_id, [
                *(FieldLink(widget, field) for widget, field in TEXT_FIELDS.items()),
                *(FieldLink(widget, field, lambda v: format_date(v or ""))
                  for widget, field in DATE_FIELDS.items()),
                FieldLink("funder", "funder_organisation_id", lambda v: v or Select.NULL),
                FieldLink("kind", "kind", lambda v: v or Select.NULL)])
            self._recipients_loaded = self._recipients()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        self._show_chosen()

    def _show_chosen(self) -> None:
        """The recipients picked, in words: the list's tick marks differ only by colour."""
        names = {o.id: o.name for o in self.services.register.organisations()}
        chosen = ", ".join(names.get(i, "?") for i in self._recipients()) or "none yet"
        self.query_one("#recipients-chosen", Static).update(plain(f"Chosen: {chosen}"))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "kind":
            self._show_rule()

    def _show_rule(self) -> None:
        kind = self.query_one("#kind", Select).value
        line = self.query_one("#notice-rule", Static)
        if kind is Select.NULL:
            line.update("")
            return
        rule = self.service.rule(str(kind))
        line.update(plain(f"{rule.months} months' written notice: \u201c{rule.words}\u201d "
                          f"({rule.source})"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    def _recipients(self) -> list[str]:
        return list(self.query_one("#recipients", SelectionList).selected)

    def _values(self) -> dict[str, Any]:
        def chosen(widget_id: str) -> str:
            value = self.query_one(f"#{widget_id}", Select).value
            return "" if value is Select.NULL else str(value)

        return {
            **{field: self.value_of(widget) for widget, field in TEXT_FIELDS.items()},
            **{field: self.value_of(widget) for widget, field in DATE_FIELDS.items()},
            "funder_organisation_id": chosen("funder"),
            "kind": chosen("kind"),
            "recipient_ids": self._recipients(),
        }

    def submit(self) -> None:
        values = self._values()
        try:
            if self.change_id:
                widgets = {**{f: w for w, f in TEXT_FIELDS.items()},
                           **{f: w for w, f in DATE_FIELDS.items()},
                           "funder_organisation_id": "funder", "kind": "kind"}
                edited = {k: v for k, v in values.items()
                          if k in widgets and self.edited(widgets[k])}
                if sorted(values["recipient_ids"]) != sorted(self._recipients_loaded):
                    edited["recipient_ids"] = values["recipient_ids"]
                self.service.update(self.change_id, edited)
                self.keep_theirs_in_conflicts()
                saved = self.change_id
            else:
                saved = self.service.add(FundingChangeDetails(**values))
        except FundingChangeInputError as error:
            self.show_error(str(error))
            self.notify(str(error), title="Not saved", severity="error")
            return
        self.dismiss(saved)
