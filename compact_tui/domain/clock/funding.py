"""Funding changes (commitments 4.4 and 4.5; toolkit 5.3): the written notice given before a
programme ends, is cut, or new funding is allocated.

The notice each kind of change needs is in ``timescales.yaml`` (six months for ending a
funding agreement, three months before cutting or allocating, in Brentwood's words). Flags:
notice shorter than that; no written notice recorded once the last day to give it has passed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ...content import Content, FundingNoticeRule, default_content
from ..dates import add_months, date_from_typed, format_date, from_iso, today
from ..ports import RecordPort
from ..records import from_record, to_fields
from ..register import RegisterService
from . import Flag

FUNDING_CHANGES = "funding_changes"
SHORT_NOTICE, NO_NOTICE = "short_notice", "no_notice"


class FundingChangeInputError(ValueError):
    """Typed values a person must correct; the message lists every problem. Nothing stored."""


class UnknownFundingChangeError(KeyError):
    def __str__(self) -> str:
        return f"There is no funding change {self.args[0]!r} in this file."


@dataclass
class FundingChange:
    id: str = ""
    programme: str = ""
    funder_organisation_id: str = ""
    recipient_ids: list[str] = field(default_factory=list)
    recipients_note: str = ""
    kind: str = "ending"
    notice_given_on: str = ""
    takes_effect_on: str = ""
    notes: str = ""
    updated_at: str = ""
    updated_by: str = ""

    def notice_deadline(self, rule: FundingNoticeRule) -> date | None:
        """The last day written notice could be given and still be in time."""
        effect = from_iso(self.takes_effect_on)
        return add_months(effect, -rule.months) if effect else None

    def proper_notice(self, rule: FundingNoticeRule) -> bool:
        given, deadline = from_iso(self.notice_given_on), self.notice_deadline(rule)
        return given is not None and deadline is not None and given <= deadline


@dataclass
class FundingChangeDetails:
    """What the form collects, dates as typed."""

    programme: str = ""
    funder_organisation_id: str = ""
    recipient_ids: list[str] = field(default_factory=list)
    recipients_note: str = ""
    kind: str = ""
    notice_given_on: str = ""
    takes_effect_on: str = ""
    notes: str = ""

    @classmethod
    def from_change(cls, change: FundingChange) -> FundingChangeDetails:
        return cls(programme=change.programme,
                   funder_organisation_id=change.funder_organisation_id,
                   recipient_ids=list(change.recipient_ids),
                   recipients_note=change.recipients_note, kind=change.kind,
                   notice_given_on=format_date(change.notice_given_on),
                   takes_effect_on=format_date(change.takes_effect_on), notes=change.notes)


def notice_text(days: int) -> str:
    """How much notice was given, in the units a reader checks against months."""
    if days < 0:
        return "notice given after the change took effect"
    weeks = days // 7
    if weeks >= 8:
        return f"{round(days * 12 / 365.25)} months' notice ({weeks} weeks)"
    return f"{weeks} weeks' notice" if weeks > 1 else f"{days} days' notice"


def funding_flags(change: FundingChange, rule: FundingNoticeRule, on: date) -> list[Flag]:
    """Where the change falls short of the notice the Compact asks for, on ``on``."""
    given, effect = from_iso(change.notice_given_on), from_iso(change.takes_effect_on)
    deadline = change.notice_deadline(rule)
    if effect is None or deadline is None:
        return []
    if given is not None and given > deadline:
        return [Flag(SHORT_NOTICE, f"{notice_text((effect - given).days)}: "
                     f"{rule.label.lower()} needs {rule.months} months in writing",
                     rule.words, rule.source)]
    if given is None and on > deadline:
        return [Flag(NO_NOTICE, f"no written notice recorded; for {rule.months} months' "
                     f"notice it was due by {format_date(deadline)}", rule.words, rule.source)]
    return []


class FundingChangesService:
    def __init__(self, store: RecordPort, content: Content | None = None) -> None:
        self.store = store
        self.content = content or default_content()

    def rules(self) -> tuple[FundingNoticeRule, ...]:
        return self.content.timescales.funding_notice

    def rule(self, kind: str) -> FundingNoticeRule:
        """The kind's rule; a kind another borough's content no longer lists falls back to
        the strictest notice, so nothing goes unwatched."""
        try:
            return self.content.timescales.notice_rule(kind)
        except KeyError:
            strictest = max(self.rules(), key=lambda r: r.months)
            return replace(strictest, kind=kind, label=kind.replace("_", " ").capitalize())

    def changes(self) -> list[FundingChange]:
        """Soonest to take effect last: newest first."""
        found = [from_record(FundingChange, r) for r in self.store.all(FUNDING_CHANGES)]
        return sorted(found, key=lambda c: (c.takes_effect_on, c.programme), reverse=True)

    def in_year(self, year: int) -> list[FundingChange]:
        """Changes taking effect in ``year`` (the annual report's count)."""
        return [c for c in self.changes() if c.takes_effect_on[:4] == str(year)]

    def change(self, change_id: str) -> FundingChange:
        record = self.store.get(FUNDING_CHANGES, change_id)
        if record is None:
            raise UnknownFundingChangeError(change_id)
        return from_record(FundingChange, record)

    def flags(self, change: FundingChange, on: date | None = None) -> list[Flag]:
        return funding_flags(change, self.rule(change.kind), on or today())

    def recipients_text(self, change: FundingChange, names: dict[str, str] | None = None) -> str:
        names = names if names is not None else {
            o.id: o.name for o in RegisterService(self.store).organisations()}
        found = [names.get(i, "an organisation no longer in the register")
                 for i in change.recipient_ids]
        if change.recipients_note:
            found.append(change.recipients_note)
        return ", ".join(found) or "not recorded"

    def check_details(self, details: FundingChangeDetails) -> tuple[dict[str, Any], list[str]]:
        problems: list[str] = []
        if not details.programme.strip():
            problems.append("Name the programme (or funding agreement).")
        names = {o.id for o in RegisterService(self.store).organisations()}
        if not details.funder_organisation_id:
            problems.append("Choose the funder (a signatory in the register).")
        elif details.funder_organisation_id not in names:
            problems.append("The funder is no longer in the register; choose another.")
        if any(i not in names for i in details.recipient_ids):
            problems.append("A recipient is no longer in the register; pick them again.")
        kinds = {r.kind: r for r in self.rules()}
        if details.kind not in kinds:
            problems.append("Choose the kind of change: " + ", ".join(
                r.label.lower() for r in self.rules()) + ".")
        given = date_from_typed(details.notice_given_on, "Written notice given on", problems,
                           required=False)
        effect = date_from_typed(details.takes_effect_on, "Takes effect on", problems)
        if given and effect and given > effect:
            problems.append(f"Notice cannot be given ({format_date(given)}) after the change "
                            f"takes effect ({format_date(effect)}): check the two dates.")
        values = {
            "programme": details.programme.strip(),
            "funder_organisation_id": details.funder_organisation_id,
            "recipient_ids": list(dict.fromkeys(details.recipient_ids)),
            "recipients_note": details.recipients_note.strip(),
            "kind": details.kind,
            "notice_given_on": given,
            "takes_effect_on": effect,
            "notes": details.notes.strip(),
        }
        return values, problems

    def add(self, details: FundingChangeDetails) -> str:
        values, problems = self.check_details(details)
        if problems:
            raise FundingChangeInputError("\n".join(problems))
        return self.store.insert(FUNDING_CHANGES, to_fields(FundingChange(**values)))

    def update(self, change_id: str, edited: Mapping[str, Any]) -> list[str]:
        """Apply only the fields a member changed (see ``ConsultationsService.update``)."""
        current = self.change(change_id)
        details = replace(FundingChangeDetails.from_change(current), **edited)
        values, problems = self.check_details(details)
        if problems:
            raise FundingChangeInputError("\n".join(problems))
        stored = to_fields(current)
        changed = {k: values[k] for k in edited if stored.get(k) != values[k]}
        return self.store.update(FUNDING_CHANGES, change_id, changed) if changed else []
