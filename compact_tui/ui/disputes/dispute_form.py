"""Raise a dispute (or edit one): the Compact's own first question comes first.

Long for a modal, so the fields scroll and Enter moves to the next field; Ctrl+S saves. The
commitment list shows the statutory and VSO wording of the highlighted pair, and the pairs
chosen are spelt out in words (the list's tick marks differ only by colour).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, replace
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static

from ...domain.dates import format_date, today
from ...domain.disputes import DISPUTES, DisputeDetails, DisputeInputError, DisputesService
from ...store import StoreError
from ..keys import bind, key_label
from ..widgets.form import FieldLink, FormScreen, as_text, form_input, form_row
from ..widgets.key_hint import KeyHint
from ..widgets.plain import plain_cell
from ..widgets.shared_text import SharedTextArea, TextBinding

HINT = (("Tab/Enter", "next"), ("Space", "pick a commitment"), ("save", "save"),
        ("back", "cancel"))
WORDING_WIDTH = 60


class DisputeForm(FormScreen[str | None]):
    """Dismisses with the dispute's id once saved, or None when cancelled."""

    CSS_PATH = "dispute_form.tcss"
    ENTER_SAVES = False
    BINDINGS = [bind("save", "save", "Save")]

    DRAFT = "dispute"

    def __init__(self, dispute_id: str | None = None) -> None:
        super().__init__()
        self.dispute_id = dispute_id
        self.known_organisations: set[str] = set()

    def draft_args(self) -> dict[str, str]:
        return {"dispute_id": self.dispute_id} if self.dispute_id else {}

    def draft_label(self) -> str:
        return "the dispute form" if self.dispute_id else "the new dispute"

    @property
    def service(self) -> DisputesService:
        return self.services.disputes

    def compose(self) -> ComposeResult:
        service = self.service
        content = service.content
        if self.dispute_id:
            details = DisputeDetails.from_dispute(service.dispute(self.dispute_id))
            heading = "Edit the dispute"
        else:
            details = DisputeDetails(opened_on=format_date(today()))
            heading = "Raise a concern under the Compact"
        organisations = [(plain_cell(o.name), o.id)
                         for o in self.services.register.organisations()]
        known = self.known_organisations = {value for _, value in organisations}
        with Vertical(classes="form-box", id="dispute-form-box"):
            yield Static(heading, classes="form-title")
            with VerticalScroll(id="dispute-fields"):
                yield Label("1. Is this Compact compliant?", classes="question")
                yield Static("Asking whether a decision or process is Compact compliant can "
                             "often spark a joint resolve to make things right.",
                             classes="form-hint")
                yield form_input("compliance", details.compliance_question,
                                 "e.g. No: 12 weeks' consultation is expected")
                yield form_row("Short title", form_input(
                    "title", details.title, "e.g. Six-week consultation on grants"))
                yield form_row("Raised by", Select(
                    organisations, id="raised-by-org", prompt="(a person, not listed)",
                    value=_option(details.raised_by_organisation_id, known), compact=True))
                yield form_row("Person", form_input("raised-by-name", details.raised_by_name,
                                                    "who raised it, e.g. Lee Chan"))
                yield form_row("About", Select(
                    organisations, id="concerns", prompt="(the organisation it concerns)",
                    value=_option(details.concerns_organisation_id, known), compact=True))
                yield Label("Compact commitments at issue (Space picks or drops one)")
                yield SelectionList[str](
                    *[(f"{pair.id}  {_first_words(pair.statutory)}", pair.id,
                       pair.id in details.commitments)
                      for pair in content.all_commitment_pairs()],
                    id="commitments", compact=True)
                yield Static("", id="commitments-chosen")
                yield Static("", id="commitment-wording")
                yield Label("What happened")
                yield SharedTextArea(details.what_happened, id="what-happened", hold=True,
                                     show_line_numbers=False, compact=True)
                yield form_row("Happened on", form_input("happened-on", details.happened_on,
                                                         "03/12/2026"))
                yield form_row("Outcome sought", form_input(
                    "outcome", details.outcome_sought, "e.g. Extend it to 12 weeks"))
                yield form_row("Raised on", form_input("opened-on", details.opened_on,
                                                       "03/12/2026"))
                yield form_row("Next step", form_input("next-step", details.next_step,
                                                       "who does what"))
                yield form_row("Next step due", form_input(
                    "next-step-due", details.next_step_due, "03/12/2026"))
                yield Checkbox("Confidential: keep its details out of minutes and agendas",
                               details.confidential, id="confidential", compact=True)
                yield Button(f"Save ({key_label(self.app, 'save')})", id="save",
                             variant="primary", compact=True)
            yield Static("", classes="form-error")
            yield KeyHint(*HINT, classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#compliance", Input).focus()
        self._show_chosen()
        self._show_wording(0)
        if self.dispute_id:
            self._follow(self.dispute_id)

    def _follow(self, dispute_id: str) -> None:
        """Editing: what happened merges as text with others' words; every other field is
        taken in when others change it, and only the member's changes are saved."""
        service = self.service
        self.query_one("#what-happened", SharedTextArea).bind(TextBinding(
            (DISPUTES, dispute_id, "what_happened"),
            read=lambda: service.dispute(dispute_id).what_happened,
            write=lambda base, text: service.edit_text(dispute_id, "what_happened", base,
                                                       text)))
        self.follow_record(DISPUTES, dispute_id, [
            FieldLink(widget_id, name, self._shown_for(name))
            for name, widget_id in WIDGET_FOR.items()])

    def _shown_for(self, name: str) -> Callable[[Any], Any]:
        """How the form shows a stored value of field ``name`` (as ``compose`` did)."""
        if name in ("happened_on", "opened_on", "next_step_due"):
            return format_date
        if name in ("raised_by_organisation_id", "concerns_organisation_id"):
            return lambda value: _option(str(value or ""), self.known_organisations)
        return as_text

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    def on_selection_list_selection_highlighted(
            self, event: SelectionList.SelectionHighlighted) -> None:
        self._show_wording(event.selection_index)

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        self._show_chosen()

    def _show_chosen(self) -> None:
        chosen = self.query_one("#commitments", SelectionList).selected
        text = ", ".join(chosen) if chosen else "none yet"
        self.query_one("#commitments-chosen", Static).update(plain_cell(f"Chosen: {text}"))

    def _show_wording(self, index: int) -> None:
        content = self.service.content
        pairs = content.all_commitment_pairs()
        if not pairs:
            return
        pair = pairs[min(max(index, 0), len(pairs) - 1)]
        area = content.commitment_area(pair.id)
        self.query_one("#commitment-wording", Static).update(plain_cell(
            f"{pair.id} ({area.title})\n{content.statutory_heading} {pair.statutory}\n"
            f"{content.vso_heading} {pair.vso}"))

    def _details(self) -> DisputeDetails:
        def select_value(field_id: str) -> str:
            value = self.query_one(f"#{field_id}", Select).value
            return "" if value is Select.NULL else str(value)

        return DisputeDetails(
            title=self.value_of("title"),
            compliance_question=self.value_of("compliance"),
            raised_by_organisation_id=select_value("raised-by-org"),
            raised_by_name=self.value_of("raised-by-name"),
            concerns_organisation_id=select_value("concerns"),
            commitments=list(self.query_one("#commitments", SelectionList).selected),
            what_happened=self.query_one("#what-happened", SharedTextArea).text,
            happened_on=self.value_of("happened-on"),
            outcome_sought=self.value_of("outcome"),
            opened_on=self.value_of("opened-on"),
            next_step=self.value_of("next-step"),
            next_step_due=self.value_of("next-step-due"),
            confidential=self.query_one("#confidential", Checkbox).value,
        )

    def submit(self) -> None:
        service = self.service
        try:
            if self.dispute_id:
                self._save_edits(self.dispute_id)
                saved = self.dispute_id
            else:
                saved = service.raise_dispute(self._details())
        except (DisputeInputError, StoreError) as error:
            self.show_error(str(error))
            return
        self.dismiss(saved)

    def _save_edits(self, dispute_id: str) -> None:
        """Only the fields the member changed, over the dispute as it is now; what happened
        goes as a text edit from what the member started with, merged with others' words."""
        service = self.service
        current = DisputeDetails.from_dispute(service.dispute(dispute_id))
        edits = self.only_edited(asdict(self._details()), WIDGET_FOR)
        edits.pop("what_happened", None)
        service.update_details(dispute_id, replace(current, **edits))
        area = self.query_one("#what-happened", SharedTextArea)
        area.on_write_error = lambda error: True
        if not area.flush():
            raise StoreError(area.problem or "What happened could not be stored.")
        self.keep_theirs_in_conflicts()


# The stored field each widget shows (what happened is a shared text area).
WIDGET_FOR = {"compliance_question": "compliance", "title": "title",
              "raised_by_organisation_id": "raised-by-org", "raised_by_name": "raised-by-name",
              "concerns_organisation_id": "concerns", "commitments": "commitments",
              "what_happened": "what-happened", "happened_on": "happened-on",
              "outcome_sought": "outcome", "opened_on": "opened-on", "next_step": "next-step",
              "next_step_due": "next-step-due", "confidential": "confidential"}


def _option(value: str, known: set[str]) -> object:
    return value if value in known else Select.NULL


def _first_words(text: str, width: int = WORDING_WIDTH) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"
