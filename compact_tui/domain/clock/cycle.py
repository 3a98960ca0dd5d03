"""The Compact's own cycle: its review, the annual event, the group's membership, and every
signatory's returns for the year by a date the group sets.

Table ``compact_cycle``: one dated entry each time something is done ("the Compact was
reviewed on 3 March 2026; next review due March 2028") or a returns deadline is set. Entries
are added, never rewritten, so two members recording on two machines never clash, and the
annual report can say what happened in the year. The newest entry of a kind is where it stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ...content import Content, CycleRule, default_content
from ..assessments import KINDS, AssessmentsService
from ..dates import add_months, date_from_typed, format_date, from_iso, iso, today
from ..ports import RecordPort
from ..records import from_record, to_fields
from ..register import Organisation, RegisterService

COMPACT_CYCLE = "compact_cycle"
RETURNS = "returns"
RECEIVED = ("submitted", "reviewed")


class CycleInputError(ValueError):
    """Typed values a person must correct; nothing was stored."""


@dataclass
class CycleEntry:
    id: str = ""
    kind: str = ""
    on: str = ""
    next_due: str = ""
    year: int = 0
    note: str = ""
    updated_at: str = ""
    updated_by: str = ""


@dataclass
class CycleDetails:
    """The form: for a part of the cycle, when it was done and (optionally) when next; for
    returns, the year and the date they are due by."""

    kind: str = ""
    on: str = ""
    next_due: str = ""
    year: str = ""
    note: str = ""

    @classmethod
    def from_entry(cls, entry: CycleEntry) -> CycleDetails:
        return cls(kind=entry.kind, on=format_date(entry.on), next_due=format_date(entry.next_due),
                   year=str(entry.year or ""), note=entry.note)


@dataclass(frozen=True)
class CycleStatus:
    """Where one part of the cycle stands: when it was last done and when it is next due."""

    rule: CycleRule
    last: CycleEntry | None
    next_due: date | None

    def overdue(self, on: date) -> bool:
        return self.next_due is not None and self.next_due < on

    def sentence(self, on: date) -> str:
        if self.last is None:
            return f"{self.rule.label}: never recorded, so due now"
        text = f"{self.rule.label}: last {format_date(self.last.on)}"
        if self.next_due is not None:
            text += f"; next due {format_date(self.next_due)}"
            if self.overdue(on):
                text += " (OVERDUE)"
        return text


@dataclass(frozen=True)
class MissingReturn:
    organisation: Organisation
    kind: str
    status: str  # "" when nothing was started, else the draft's status

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


class CompactCycleService:
    def __init__(self, store: RecordPort, content: Content | None = None) -> None:
        self.store = store
        self.content = content or default_content()

    def rules(self) -> tuple[CycleRule, ...]:
        return self.content.timescales.cycle

    def kinds(self) -> dict[str, str]:
        """Every kind of entry with its label (the cycle's parts, then returns)."""
        return {**{r.key: r.label for r in self.rules()}, RETURNS: "Returns due (the year's "
                "self-assessments and action plans)"}

    def entries(self) -> list[CycleEntry]:
        """Newest first."""
        found = [from_record(CycleEntry, r) for r in self.store.all(COMPACT_CYCLE)]
        return sorted(found, key=lambda e: (e.on, e.updated_at), reverse=True)

    def entry(self, entry_id: str) -> CycleEntry:
        record = self.store.get(COMPACT_CYCLE, entry_id)
        if record is None:
            raise CycleInputError("That entry no longer exists; someone may have removed it.")
        return from_record(CycleEntry, record)

    def status(self, key: str) -> CycleStatus:
        rule = self.content.timescales.cycle_rule(key)
        last = next((e for e in self.entries() if e.kind == key), None)
        if last is None:
            return CycleStatus(rule, None, None)
        done = from_iso(last.on)
        due = from_iso(last.next_due) or (add_months(done, rule.months) if done else None)
        return CycleStatus(rule, last, due)

    def statuses(self) -> list[CycleStatus]:
        return [self.status(rule.key) for rule in self.rules()]

    def returns_deadline(self, year: int) -> CycleEntry | None:
        """The newest deadline the group set for ``year``'s returns."""
        return next((e for e in self.entries() if e.kind == RETURNS and e.year == year), None)

    def returns_deadlines(self) -> list[CycleEntry]:
        """The deadline in force for each year, newest year first."""
        seen: dict[int, CycleEntry] = {}
        for entry in self.entries():
            if entry.kind == RETURNS:
                seen.setdefault(entry.year, entry)
        return [seen[year] for year in sorted(seen, reverse=True)]

    def missing_returns(self, year: int) -> list[MissingReturn]:
        """Active signatories without a submitted (or reviewed) return of each kind for
        ``year``, alphabetical."""
        returns = AssessmentsService(self.store, self.content)
        by_key = {(s.kind, s.organisation_id): s for s in returns.summaries() if s.year == year}
        missing = []
        for organisation in RegisterService(self.store).organisations(include_inactive=False):
            for kind in KINDS:
                found = by_key.get((kind, organisation.id))
                if found is None or found.status not in RECEIVED:
                    missing.append(MissingReturn(organisation, kind,
                                                 found.status if found else ""))
        order = list(KINDS)
        return sorted(missing, key=lambda m: (m.organisation.name.casefold(),
                                              order.index(m.kind)))

    def check_details(self, details: CycleDetails) -> tuple[dict[str, Any], list[str]]:
        problems: list[str] = []
        kinds = self.kinds()
        if details.kind not in kinds:
            problems.append("Choose what you are recording.")
        returns = details.kind == RETURNS
        year = 0
        if returns:
            try:
                year = int(details.year.strip())
            except ValueError:
                problems.append(f'Year: "{details.year.strip()}" is not a year, e.g. '
                                f"{today().year}.")
            else:
                if not 1900 <= year <= 2199:
                    problems.append(f"Year: {year} is not a year the Compact could have.")
        what = "Returns due by" if returns else "Done on"
        on = date_from_typed(details.on, what, problems)
        next_due = "" if returns else date_from_typed(details.next_due, "Next due", problems,
                                                  required=False)
        if on and next_due and next_due <= on:
            problems.append(f"The next one ({format_date(next_due)}) must fall after this one "
                            f"({format_date(on)}).")
        return {"kind": details.kind, "on": on, "next_due": next_due, "year": year,
                "note": details.note.strip()}, problems

    def record(self, details: CycleDetails) -> str:
        values, problems = self.check_details(details)
        if problems:
            raise CycleInputError("\n".join(problems))
        return self.store.insert(COMPACT_CYCLE, to_fields(CycleEntry(**values)))

    def update(self, entry_id: str, edited: Mapping[str, Any]) -> list[str]:
        """Correct an entry: only the fields the member changed are written."""
        current = self.entry(entry_id)
        details = replace(CycleDetails.from_entry(current), **edited)
        values, problems = self.check_details(details)
        if problems:
            raise CycleInputError("\n".join(problems))
        stored = to_fields(current)
        changed = {k: values[k] for k in edited if stored.get(k) != values[k]}
        return self.store.update(COMPACT_CYCLE, entry_id, changed) if changed else []

    def remove(self, entry_id: str) -> None:
        self.store.delete(COMPACT_CYCLE, entry_id)


def default_returns_due(year: int) -> str:
    """A suggestion for the form: returns for a year by the end of its March."""
    return iso(date(year + 1, 3, 31))
