"""Searching and changing the signatory register (``RegisterService``).

The records themselves are in ``register_model``, reading typed text in ``register_input``; both
are re-exported here so ``from .register import Organisation`` keeps working.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from .dates import iso, today
from .ports import RecordPort
from .records import from_record, to_fields
from .register_input import (
    CHAMPION_TEXT_FIELDS,
    ORGANISATION_TEXT_FIELDS,
    champion_from_text,
    check_email,
    organisation_from_text,
    parse_sector,
    parse_status,
    parse_yes_no,
)
from .register_model import (
    ANNUAL_UPDATE_DAYS,
    CHAMPIONS,
    DUE_SOON_DAYS,
    ORGANISATIONS,
    PRIVATE,
    SECTOR_GROUP_LABELS,
    SECTORS,
    STATUSES,
    STATUTORY,
    UPDATE_DUE,
    UPDATE_NOT_NEEDED,
    UPDATE_OK,
    UPDATE_OVERDUE,
    UPDATE_UNKNOWN,
    VCS,
    Champion,
    FieldProblem,
    InvalidInput,
    Organisation,
    RegisterError,
    UpdateStatus,
    champion_warning,
    normalise_name,
    update_status,
    without_latin_accents,
)

__all__ = [
    "ANNUAL_UPDATE_DAYS", "CHAMPIONS", "CHAMPION_TEXT_FIELDS", "DUE_SOON_DAYS", "ORGANISATIONS",
    "ORGANISATION_TEXT_FIELDS", "PRIVATE", "SECTORS", "SECTOR_GROUP_LABELS", "STATUSES",
    "STATUTORY", "UPDATE_DUE", "UPDATE_NOT_NEEDED", "UPDATE_OK", "UPDATE_OVERDUE",
    "UPDATE_UNKNOWN", "VCS", "Champion", "FieldProblem", "InvalidInput", "Organisation",
    "RegisterEntry", "RegisterError", "RegisterFilter", "RegisterService", "UpdateStatus",
    "champion_from_text", "champion_warning", "check_email", "normalise_name",
    "organisation_from_text", "parse_sector", "parse_status", "parse_yes_no", "sector_choices",
    "update_status", "without_latin_accents",
]

# ------------------------------------------------------------------------ searching the register

SORT_COLUMNS = {
    "name": "organisation",
    "sector": "sector",
    "status": "status",
    "signed": "date signed",
    "update": "annual update",
}
DUE_FILTERS = {"": "Any update", "attention": "Due or overdue", "overdue": "Overdue"}

PROGRESS_EVERY = 100  # rows between progress reports of an import


@dataclass(frozen=True)
class RegisterFilter:
    """What the register screen asks for. ``sector`` is a sector key or a sector group key."""

    text: str = ""
    sector: str = ""
    status: str = ""
    due: str = ""
    sort: str = "name"
    descending: bool = False

    def next_sort(self) -> RegisterFilter:
        keys = list(SORT_COLUMNS)
        return replace(self, sort=keys[(keys.index(self.sort) + 1) % len(keys)])

    def describe_sort(self) -> str:
        order = "Z-A" if self.descending else "A-Z"
        if self.sort in ("signed", "update"):
            order = "newest first" if self.descending else "oldest first"
        return f"Sort: {SORT_COLUMNS[self.sort]}, {order}"


@dataclass(frozen=True)
class RegisterEntry:
    """One organisation as the register shows it: its champions and update status too."""

    organisation: Organisation
    champions: tuple[Champion, ...] = ()
    update: UpdateStatus = field(default_factory=lambda: UpdateStatus(UPDATE_UNKNOWN, None))

    @property
    def lead(self) -> Champion | None:
        return next((c for c in self.champions if c.is_lead), None)

    @property
    def champion_warning(self) -> str:
        return champion_warning(self.champions)

    @property
    def champion_summary(self) -> str:
        warning = self.champion_warning
        if warning and not self.champions:
            return warning
        lead = self.lead
        name = lead.name if lead else self.champions[0].name
        extra = f" +{len(self.champions) - 1}" if len(self.champions) > 1 else ""
        return f"! {name}{extra} (no lead)" if warning else f"{name}{extra}"


def sector_choices() -> list[tuple[str, str]]:
    """(label, key) for a filter: each group, then its sectors, indented."""
    choices = []
    for group, group_label in SECTOR_GROUP_LABELS.items():
        choices.append((f"All {group_label.lower()}", group))
        choices += [(f"  {label}", key) for key, (label, g) in SECTORS.items() if g == group]
    return choices


def organisation_names(store: RecordPort) -> dict[str, str]:
    """Organisation id -> name, typed (a damaged name reads as empty), for lists and exports."""
    return {o.id: o.name for o in (from_record(Organisation, r)
                                   for r in store.all(ORGANISATIONS))}


class RegisterService:
    """Read and change the register through the store's scripting API."""

    def __init__(self, store: RecordPort) -> None:
        self.store = store

    # ------------------------------------------------------------------ reading

    def organisations(self, include_inactive: bool = True) -> list[Organisation]:
        found = [from_record(Organisation, r) for r in self.store.all(ORGANISATIONS)]
        if not include_inactive:
            found = [o for o in found if o.status == "active"]
        return sorted(found, key=lambda o: o.name.casefold())

    def organisation(self, organisation_id: str) -> Organisation | None:
        record = self.store.get(ORGANISATIONS, organisation_id)
        return from_record(Organisation, record) if record else None

    def champions(self, organisation_id: str | None = None) -> list[Champion]:
        """Lead first; one organisation's champions are looked up, not found by converting
        every champion in the register (the store keeps them by organisation)."""
        records = (self.store.all(CHAMPIONS) if organisation_id is None
                   else self.store.where(CHAMPIONS, organisation_id=organisation_id))
        return sorted((from_record(Champion, r) for r in records), key=_champion_order)

    def champions_by_organisation(self) -> dict[str, list[Champion]]:
        """Every organisation's champions, lead first, from one pass over the table: for
        screens that list many organisations (the register, the attendance sheet)."""
        by_org: dict[str, list[Champion]] = {}
        for champion in self.champions():
            by_org.setdefault(champion.organisation_id, []).append(champion)
        return by_org

    def champion(self, champion_id: str) -> Champion | None:
        record = self.store.get(CHAMPIONS, champion_id)
        return from_record(Champion, record) if record else None

    def entries(self, on: date | None = None) -> list[RegisterEntry]:
        by_org = self.champions_by_organisation()
        return [RegisterEntry(org, tuple(by_org.get(org.id, ())), update_status(org, on))
                for org in self.organisations()]

    def entry(self, organisation_id: str, on: date | None = None) -> RegisterEntry | None:
        org = self.organisation(organisation_id)
        if org is None:
            return None
        return RegisterEntry(org, tuple(self.champions(org.id)), update_status(org, on))

    def search(self, wanted: RegisterFilter, on: date | None = None) -> list[RegisterEntry]:
        """The entries a filter selects, in its order; free text matches any word shown."""
        words = normalise_name(wanted.text).split()
        found = []
        for entry in self.entries(on):
            org = entry.organisation
            if wanted.sector and wanted.sector not in (org.sector, org.sector_group):
                continue
            if wanted.status and org.status != wanted.status:
                continue
            if wanted.due == "attention" and not entry.update.needs_attention:
                continue
            if wanted.due == "overdue" and entry.update.state != UPDATE_OVERDUE:
                continue
            if words:
                haystack = normalise_name(" ".join([
                    org.name, org.sector_label, org.status_label, org.signatory_name,
                    org.signed_by, org.notes, *(c.name for c in entry.champions),
                    *(c.department for c in entry.champions)]))
                if not all(word in haystack for word in words):
                    continue
            found.append(entry)

        def sort_key(entry: RegisterEntry) -> tuple[Any, ...]:
            org = entry.organisation
            name = org.name.casefold()
            if wanted.sort == "sector":
                return (list(SECTORS).index(org.sector) if org.sector in SECTORS else 99, name)
            if wanted.sort == "status":
                return (list(STATUSES).index(org.status) if org.status in STATUSES else 9, name)
            if wanted.sort == "signed":
                return (org.date_signed or "9999", name)
            if wanted.sort == "update":
                due = entry.update.due_on
                return (due.isoformat() if due else "9999", name)
            return (name,)

        return sorted(found, key=sort_key, reverse=wanted.descending)

    def find_duplicate(self, name: str, exclude_id: str = "") -> Organisation | None:
        """An organisation already in the register under the same name (case, punctuation)."""
        key = normalise_name(name)
        return next((o for o in self.organisations()
                     if o.id != exclude_id and o.name_key == key), None)

    def count_by_sector_group(self) -> dict[str, int]:
        """Active signatories per sector group, for the dashboard."""
        counts = Counter(o.sector_group for o in self.organisations(include_inactive=False))
        return {group: counts.get(group, 0) for group in SECTOR_GROUP_LABELS}

    def due_for_update(self, on: date | None = None) -> list[tuple[Organisation, date]]:
        """Active signatories whose annual update is due within a month or overdue."""
        on = on or today()
        due = []
        for org in self.organisations(include_inactive=False):
            due_on = org.update_due_on()
            if due_on is not None and (due_on - on).days <= DUE_SOON_DAYS:
                due.append((org, due_on))
        return sorted(due, key=lambda pair: pair[1])

    # ---------------------------------------------------------------- changing

    def add_organisation(self, organisation: Organisation) -> str:
        """Store a new organisation; refuses a missing name or one already in the register."""
        self._refuse_bad_name(organisation.name, "")
        return self.store.insert(ORGANISATIONS, to_fields(organisation))

    def sign_up(self, values: Mapping[str, str], lead: Mapping[str, Any] | None = None) -> str:
        """Add an organisation from typed values, with its lead champion if one is named."""
        org, problems = organisation_from_text(values)
        champion = None
        if lead and any(str(v).strip() for k, v in lead.items() if isinstance(v, str)):
            champion, champion_problems = champion_from_text({**lead, "is_lead": True})
            problems += [FieldProblem(f"champion.{p.field}", p.message)
                         for p in champion_problems]
        if org.name and (duplicate := self.find_duplicate(org.name)):
            problems.append(FieldProblem("name", _duplicate_message(org.name, duplicate)))
        if problems:
            raise InvalidInput(problems)
        org.status = "active"
        org_id = self.add_organisation(org)
        if champion is not None:
            champion.organisation_id = org_id
            self.add_champion(champion)
        return org_id

    def edit_organisation(self, organisation_id: str, values: Mapping[str, str]) -> list[str]:
        """Change typed fields of an organisation; returns the names that changed."""
        current = self._existing(organisation_id)
        org, problems = organisation_from_text(values, current)
        if org.name and (duplicate := self.find_duplicate(org.name, organisation_id)):
            problems.append(FieldProblem("name", _duplicate_message(org.name, duplicate)))
        if problems:
            raise InvalidInput(problems)
        return self.store.update(ORGANISATIONS, organisation_id, to_fields(org))

    def set_status(self, organisation_id: str, status: str, note: str = "",
                   on: date | None = None) -> None:
        """Lapse, withdraw or reinstate, with the reason kept beside the status."""
        if status not in STATUSES:
            raise RegisterError(f'"{status}" is not a status.')
        current = self._existing(organisation_id)
        if current.status == status:
            raise RegisterError(f"{current.name} is already {STATUSES[status].lower()}.")
        fields = {"status": status, "status_changed": iso(on or today()),
                  "status_note": " ".join(note.split())}
        if status == "active":
            fields["last_confirmed"] = iso(on or today())
        self.store.update(ORGANISATIONS, organisation_id, fields)

    def confirm_update(self, organisation_id: str, on: date | None = None) -> date:
        """The organisation confirmed its details: the next update falls a year on."""
        current = self._existing(organisation_id)
        if current.status != "active":
            raise RegisterError(f"{current.name} is {current.status_label.lower()}: reinstate "
                                "it before confirming its details.")
        on = on or today()
        self.store.update(ORGANISATIONS, organisation_id, {"last_confirmed": iso(on)})
        return self._existing(organisation_id).update_due_on() or on

    def add_champion(self, champion: Champion) -> str:
        """Store a champion; a new lead champion takes over from the previous lead."""
        if champion.is_lead:
            self._demote_leads(champion.organisation_id, keep="")
        return self.store.insert(CHAMPIONS, to_fields(champion))

    def save_champion(self, organisation_id: str, values: Mapping[str, Any],
                      champion_id: str = "") -> str:
        """Add (no ``champion_id``) or edit a champion from typed values."""
        self._existing(organisation_id)
        base = self.champion(champion_id) if champion_id else None
        if champion_id and base is None:
            raise RegisterError("That champion has been removed by someone else.")
        champion, problems = champion_from_text(values, base)
        if problems:
            raise InvalidInput(problems)
        champion.organisation_id = organisation_id
        if not champion_id:
            return self.add_champion(champion)
        if champion.is_lead:
            self._demote_leads(organisation_id, keep=champion_id)
        self.store.update(CHAMPIONS, champion_id, to_fields(champion))
        return champion_id

    def remove_champion(self, champion_id: str) -> None:
        if self.store.get(CHAMPIONS, champion_id) is None:
            raise RegisterError("That champion has already been removed.")
        self.store.delete(CHAMPIONS, champion_id)

    def import_organisations(self, rows: Iterable[tuple[Organisation, Iterable[Champion]]],
                             progress: Callable[[int], None] | None = None
                             ) -> tuple[int, list[str]]:
        """Add checked rows (organisation, champions with the lead first) as one transaction:
        all of them or, on any error, none. Returns (added, names skipped as duplicates of
        organisations added meanwhile). ``progress`` hears how many rows are done now and
        then (an import runs on a worker thread; the screen shows a bar)."""
        added, skipped = 0, []
        taken = {o.name_key for o in self.organisations()}
        with self.store.transaction():
            for done, (organisation, champions) in enumerate(rows, start=1):
                if not organisation.name.strip():
                    raise RegisterError("The organisation's name is missing.")
                key = organisation.name_key
                if key in taken:
                    skipped.append(organisation.name)
                    continue
                taken.add(key)
                org_id = self.store.insert(ORGANISATIONS, to_fields(organisation))  # a new id
                added += 1
                for champion in champions:
                    self.store.insert(CHAMPIONS, {**to_fields(champion),
                                                  "organisation_id": org_id})
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress(done)
        return added, skipped

    def _demote_leads(self, organisation_id: str, keep: str) -> None:
        for other in self.champions(organisation_id):
            if other.is_lead and other.id != keep:
                self.store.update(CHAMPIONS, other.id, {"is_lead": False})

    def _existing(self, organisation_id: str) -> Organisation:
        org = self.organisation(organisation_id)
        if org is None:
            raise RegisterError("That organisation is no longer in the register.")
        return org

    def _refuse_bad_name(self, name: str, exclude_id: str) -> None:
        if not name.strip():
            raise RegisterError("The organisation's name is missing.")
        duplicate = self.find_duplicate(name, exclude_id)
        if duplicate is not None:
            raise RegisterError(_duplicate_message(name, duplicate))


def _champion_order(champion: Champion) -> tuple[bool, str, str]:
    return (not champion.is_lead, champion.department.casefold(), champion.name.casefold())


def _duplicate_message(name: str, existing: Organisation) -> str:
    same = "is" if existing.name == name else f'looks the same as "{existing.name}", which is'
    return f'"{name}" {same} already in the register.'
