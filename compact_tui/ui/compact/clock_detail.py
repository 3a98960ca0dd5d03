"""One consultation or funding change in full, with each flag beside the Compact's words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...domain.clock import Flag
from ...domain.clock.consultations import UnknownConsultationError
from ...domain.clock.funding import UnknownFundingChangeError
from ...domain.dates import format_date
from ..keys import bind
from ..shell.section import SectionScreen
from ..widgets.plain import plain

TABLES = {"consultations": "consultations", "funding": "funding_changes"}


class ClockDetailScreen(SectionScreen):
    SECTION = "compact"
    CSS_PATH = "clock_detail.tcss"
    BINDINGS = [
        bind("back", "back", "Back"),
        bind("edit", "edit", "Edit"),
        bind("history", "history", "History"),
    ]

    def __init__(self, view: str, record_id: str) -> None:
        super().__init__()
        self.view = view
        self.record_id = record_id

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="clock-detail", classes="body"):
            yield Static("", id="clock-title", classes="section-title")
            yield Static("", id="clock-facts")
            yield Static("Against the Compact", classes="detail-heading")
            yield Static("", id="clock-flags")

    def refresh_data(self) -> None:
        try:
            title, facts, flags = (self._consultation() if self.view == "consultations"
                                   else self._funding())
        except (UnknownConsultationError, UnknownFundingChangeError):
            self.query_one("#clock-title", Static).update(
                "This record is no longer in the file. Press Escape to go back.")
            return
        self.query_one("#clock-title", Static).update(plain(title))
        self.query_one("#clock-facts", Static).update(plain("\n".join(
            f"{label}: {value}" for label, value in facts)))
        self.query_one("#clock-flags", Static).update(plain(_flags_text(flags)))

    def _consultation(self) -> tuple[str, list[tuple[str, str]], list[Flag]]:
        service = self.services.consultations
        found = service.consultation(self.record_id)
        rule = service.rule
        facts = [
            ("Who consults", service.organisation_name(found.organisation_id)),
            ("Open", f"{format_date(found.opened_on)} to {format_date(found.closes_on)} "
                     f"({found.weeks_text()}; the Compact asks for {rule.weeks} weeks)"),
            ("VSOs told early", "yes" if found.told_early else "no"),
            ("Reason it is shorter", found.shorter_reason or "none given"),
            ("Results reported back", (f"{format_date(found.reported_back_on)}: "
                                       f"{found.report_back or 'how not recorded'}")
             if found.reported_back_on else (found.report_back or "not yet")),
            ("Notes", found.notes or "-"),
        ]
        return found.title, facts, service.flags(found)

    def _funding(self) -> tuple[str, list[tuple[str, str]], list[Flag]]:
        service = self.services.funding
        found = service.change(self.record_id)
        rule = service.rule(found.kind)
        funder = self.services.register.organisation(found.funder_organisation_id)
        deadline = found.notice_deadline(rule)
        facts = [
            ("Funder", funder.name if funder else "an organisation no longer in the register"),
            ("Recipients", service.recipients_text(found)),
            ("Change", f"{rule.label} ({rule.months} months' written notice)"),
            ("Takes effect", format_date(found.takes_effect_on)),
            ("Written notice", format_date(found.notice_given_on) or "not recorded"),
            ("Last day for notice", format_date(deadline) if deadline else "-"),
            ("Notes", found.notes or "-"),
        ]
        return found.programme, facts, service.flags(found)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_edit(self) -> None:
        if self.view == "consultations":
            from .consultation_form import ConsultationForm

            self.app.push_screen(ConsultationForm(self.record_id), self._saved)
        else:
            from .funding_form import FundingChangeForm

            self.app.push_screen(FundingChangeForm(self.record_id), self._saved)

    def _saved(self, record_id: str | None) -> None:
        if record_id:
            self.notify("Saved.")
            self.refresh_data()

    def action_history(self) -> None:
        self.compact.show_history(TABLES[self.view], self.record_id)


def _flags_text(flags: list[Flag]) -> str:
    if not flags:
        return "No flags: this keeps the Compact's timescales."
    return "\n\n".join(f"! {flag.text}.\n  The Compact: \u201c{flag.words}\u201d ({flag.source})"
                       for flag in flags)
