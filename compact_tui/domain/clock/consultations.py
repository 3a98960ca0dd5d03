"""Consultations (commitment 2.4): who consults, for how long, and how results came back.

Flags, each against ``timescales.yaml``: shorter than the Compact's weeks without a reason;
closing soon (so VSOs can still respond); results not reported back some months after closing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from ...content import ConsultationRule, Content, default_content
from ..dates import add_months, date_from_typed, format_date, from_iso, today
from ..ports import RecordPort
from ..records import from_record, to_fields
from ..register import RegisterService
from . import Flag

CONSULTATIONS = "consultations"
SHORT, CLOSING_SOON, REPORT_BACK_MISSING = "short", "closing_soon", "report_back_missing"


class ConsultationInputError(ValueError):
    """Typed values a person must correct; the message lists every problem. Nothing stored."""


class UnknownConsultationError(KeyError):
    def __str__(self) -> str:
        return f"There is no consultation {self.args[0]!r} in this file."


@dataclass
class Consultation:
    id: str = ""
    title: str = ""
    organisation_id: str = ""
    opened_on: str = ""
    closes_on: str = ""
    told_early: bool = False
    shorter_reason: str = ""
    report_back: str = ""
    reported_back_on: str = ""
    notes: str = ""
    updated_at: str = ""
    updated_by: str = ""

    @property
    def days_given(self) -> int | None:
        opened, closes = from_iso(self.opened_on), from_iso(self.closes_on)
        if opened is None or closes is None:
            return None
        return (closes - opened).days

    def weeks_text(self) -> str:
        """ "6 weeks", "11 weeks 3 days": what the consultation gave."""
        days = self.days_given
        if days is None:
            return "dates missing"
        weeks, rest = divmod(days, 7)
        parts = [f"{weeks} week{'s' if weeks != 1 else ''}"] if weeks else []
        if rest or not weeks:
            parts.append(f"{rest} day{'s' if rest != 1 else ''}")
        return " ".join(parts)

    def is_open(self, on: date) -> bool:
        opened, closes = from_iso(self.opened_on), from_iso(self.closes_on)
        return opened is not None and closes is not None and opened <= on <= closes

    def meets_weeks(self, rule: ConsultationRule) -> bool:
        days = self.days_given
        return days is not None and days >= rule.weeks * 7

    def report_back_due(self, rule: ConsultationRule) -> date | None:
        closes = from_iso(self.closes_on)
        return add_months(closes, rule.report_back_months) if closes else None


@dataclass
class ConsultationDetails:
    """What the form collects, dates as typed."""

    title: str = ""
    organisation_id: str = ""
    opened_on: str = ""
    closes_on: str = ""
    told_early: bool = False
    shorter_reason: str = ""
    report_back: str = ""
    reported_back_on: str = ""
    notes: str = ""

    @classmethod
    def from_consultation(cls, consultation: Consultation) -> ConsultationDetails:
        return cls(title=consultation.title, organisation_id=consultation.organisation_id,
                   opened_on=format_date(consultation.opened_on),
                   closes_on=format_date(consultation.closes_on),
                   told_early=consultation.told_early,
                   shorter_reason=consultation.shorter_reason,
                   report_back=consultation.report_back,
                   reported_back_on=format_date(consultation.reported_back_on),
                   notes=consultation.notes)


def consultation_flags(consultation: Consultation, rule: ConsultationRule,
                       on: date) -> list[Flag]:
    """Where the consultation falls short of the Compact on ``on``."""
    flags = []
    if not consultation.meets_weeks(rule) and consultation.days_given is not None \
            and not consultation.shorter_reason.strip():
        flags.append(Flag(SHORT, f"{consultation.weeks_text()} given, the Compact asks for "
                          f"{rule.weeks} weeks, and no reason is recorded", rule.words,
                          rule.source))
    closes = from_iso(consultation.closes_on)
    if closes is not None and consultation.is_open(on) \
            and closes <= on + timedelta(days=rule.closing_soon_days):
        left = (closes - on).days
        when = "today" if left == 0 else f"in {left} day{'s' if left != 1 else ''}"
        flags.append(Flag(CLOSING_SOON, f"closes {when} ({format_date(closes)})", rule.words,
                          rule.source))
    due = consultation.report_back_due(rule)
    if due is not None and not consultation.reported_back_on and on > due:
        flags.append(Flag(REPORT_BACK_MISSING, "results not reported back "
                          f"{rule.report_back_months} months after closing (due "
                          f"{format_date(due)})", rule.report_back_words,
                          rule.report_back_source))
    return flags


class ConsultationsService:
    def __init__(self, store: RecordPort, content: Content | None = None) -> None:
        self.store = store
        self.content = content or default_content()

    @property
    def rule(self) -> ConsultationRule:
        return self.content.timescales.consultation

    def consultations(self) -> list[Consultation]:
        """Newest first (by closing date)."""
        found = [from_record(Consultation, r) for r in self.store.all(CONSULTATIONS)]
        return sorted(found, key=lambda c: (c.closes_on, c.opened_on, c.title), reverse=True)

    def in_year(self, year: int) -> list[Consultation]:
        """Consultations that opened in ``year`` (the annual report's count)."""
        return [c for c in self.consultations() if c.opened_on[:4] == str(year)]

    def consultation(self, consultation_id: str) -> Consultation:
        record = self.store.get(CONSULTATIONS, consultation_id)
        if record is None:
            raise UnknownConsultationError(consultation_id)
        return from_record(Consultation, record)

    def flags(self, consultation: Consultation, on: date | None = None) -> list[Flag]:
        return consultation_flags(consultation, self.rule, on or today())

    def organisation_name(self, organisation_id: str) -> str:
        found = RegisterService(self.store).organisation(organisation_id)
        return found.name if found else "an organisation no longer in the register"

    def check_details(self, details: ConsultationDetails) -> tuple[dict[str, Any], list[str]]:
        """Storable fields and every problem with them (empty when all is well)."""
        problems: list[str] = []
        if not details.title.strip():
            problems.append("Give the consultation a title.")
        if not details.organisation_id:
            problems.append("Choose who is consulting (a signatory in the register).")
        elif RegisterService(self.store).organisation(details.organisation_id) is None:
            problems.append("The organisation consulting is no longer in the register; "
                            "choose another.")
        opened = date_from_typed(details.opened_on, "Opened on", problems)
        closes = date_from_typed(details.closes_on, "Closes on", problems)
        reported = date_from_typed(details.reported_back_on, "Reported back on", problems,
                              required=False)
        if opened and closes and closes < opened:
            problems.append(f"A consultation cannot close ({format_date(closes)}) before it "
                            f"opens ({format_date(opened)}): check the two dates.")
        if closes and reported and reported < closes:
            problems.append(f"Results cannot be reported back ({format_date(reported)}) "
                            f"before the consultation closes ({format_date(closes)}).")
        values = {
            "title": details.title.strip(),
            "organisation_id": details.organisation_id,
            "opened_on": opened,
            "closes_on": closes,
            "told_early": bool(details.told_early),
            "shorter_reason": details.shorter_reason.strip(),
            "report_back": details.report_back.strip(),
            "reported_back_on": reported,
            "notes": details.notes.strip(),
        }
        return values, problems

    def add(self, details: ConsultationDetails) -> str:
        values, problems = self.check_details(details)
        if problems:
            raise ConsultationInputError("\n".join(problems))
        return self.store.insert(CONSULTATIONS, to_fields(Consultation(**values)))

    def update(self, consultation_id: str, edited: Mapping[str, Any]) -> list[str]:
        """Apply the fields a member changed (typed, keyed as ``ConsultationDetails``) to the
        record as it is now; only those are written, so another member's edit to the others
        stays. The whole record is checked (closing before opening, say) before anything is."""
        current = self.consultation(consultation_id)
        details = replace(ConsultationDetails.from_consultation(current), **edited)
        values, problems = self.check_details(details)
        if problems:
            raise ConsultationInputError("\n".join(problems))
        stored = to_fields(current)
        changed = {k: values[k] for k in edited if stored.get(k) != values[k]}
        return self.store.update(CONSULTATIONS, consultation_id, changed) if changed else []
