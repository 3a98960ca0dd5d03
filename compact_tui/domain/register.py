"""The signatory register: organisations that signed the Compact and their Compact Champions.

Tables: ``organisations`` and ``champions`` (a champion points at its organisation by id, so two
people can edit different champions of one organisation without a conflict).

Everything a person types (the forms, a CSV row) goes through ``organisation_from_text`` and
``champion_from_text``, so the screen and the import refuse the same mistakes with the same words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from .dates import DateInputError, format_date, from_iso, iso, parse_date, today
from .ports import RecordPort
from .records import from_record, to_fields

ORGANISATIONS = "organisations"
CHAMPIONS = "champions"

STATUTORY, VCS, PRIVATE = "statutory", "vcs", "private"
SECTOR_GROUP_LABELS = {
    STATUTORY: "Statutory",
    VCS: "Voluntary and community",
    PRIVATE: "Private",
}
# key -> (label, sector group)
SECTORS: dict[str, tuple[str, str]] = {
    "council": ("Council", STATUTORY),
    "health": ("Health (NHS)", STATUTORY),
    "police": ("Police", STATUTORY),
    "fire": ("Fire and rescue", STATUTORY),
    "housing": ("Housing", STATUTORY),
    "other_public": ("Other public body", STATUTORY),
    "charity": ("Charity", VCS),
    "community_group": ("Community group", VCS),
    "infrastructure": ("CVS / infrastructure", VCS),
    "faith": ("Faith group", VCS),
    "social_enterprise": ("Social enterprise", VCS),
    "private": ("Private sector", PRIVATE),
}
STATUSES = {"active": "Active", "lapsed": "Lapsed", "withdrawn": "Withdrawn"}
ANNUAL_UPDATE_DAYS = 365
DUE_SOON_DAYS = 30

# Words people type for a sector that are not its label (matched after normalising).
_SECTOR_WORDS = {
    "nhs": "health", "health": "health", "ccg": "health", "icb": "health",
    "local authority": "council", "borough council": "council", "county council": "council",
    "parish council": "council", "town council": "council", "fire": "fire",
    "fire service": "fire", "police": "police", "housing association": "housing",
    "public": "other_public", "public sector": "other_public", "statutory": "other_public",
    "cvs": "infrastructure", "infrastructure": "infrastructure",
    "infrastructure organisation": "infrastructure", "voluntary": "charity",
    "registered charity": "charity", "community": "community_group",
    "community organisation": "community_group", "faith": "faith",
    "faith organisation": "faith", "church": "faith", "cic": "social_enterprise",
    "business": "private", "private": "private", "company": "private",
}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")


class RegisterError(ValueError):
    """A change the register refuses; the message says why in words a member understands."""


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with one typed field (``field`` is the form/CSV field's key)."""

    field: str
    message: str


class InvalidInput(RegisterError):
    """Typed values that cannot be saved; ``problems`` lists each field's message."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(" ".join(p.message for p in problems))
        self.problems = problems


@dataclass
class Organisation:
    id: str = ""
    name: str = ""
    sector: str = "charity"
    status: str = "active"
    date_signed: str = ""
    signed_by: str = ""
    signatory_name: str = ""
    signatory_role: str = ""
    address: str = ""
    telephone: str = ""
    email: str = ""
    notes: str = ""
    last_confirmed: str = ""
    status_changed: str = ""
    status_note: str = ""
    updated_at: str = ""
    updated_by: str = ""

    @property
    def sector_label(self) -> str:
        return SECTORS.get(self.sector, (self.sector, ""))[0]

    @property
    def sector_group(self) -> str:
        return SECTORS.get(self.sector, ("", PRIVATE))[1]

    @property
    def sector_group_label(self) -> str:
        return SECTOR_GROUP_LABELS[self.sector_group]

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def name_key(self) -> str:
        return normalise_name(self.name)

    def update_due_on(self) -> date | None:
        """The annual confirmation falls a year after the last one (or after signing)."""
        base = from_iso(self.last_confirmed) or from_iso(self.date_signed)
        if base is None:
            return None
        try:
            return base.replace(year=base.year + 1)
        except ValueError:
            return base.replace(year=base.year + 1, day=28)


@dataclass
class Champion:
    id: str = ""
    organisation_id: str = ""
    name: str = ""
    role: str = ""
    department: str = ""
    email: str = ""
    phone: str = ""
    is_lead: bool = False
    direct_access: bool = False
    updated_at: str = ""
    updated_by: str = ""


# ----------------------------------------------------------------------------- annual update

UPDATE_OK, UPDATE_DUE, UPDATE_OVERDUE, UPDATE_UNKNOWN, UPDATE_NOT_NEEDED = (
    "ok", "due", "overdue", "unknown", "not needed")


@dataclass(frozen=True)
class UpdateStatus:
    """Where an organisation stands on its annual update, in words and with a symbol."""

    state: str
    due_on: date | None

    @property
    def needs_attention(self) -> bool:
        return self.state in (UPDATE_DUE, UPDATE_OVERDUE)

    @property
    def short(self) -> str:
        """For a narrow table column: a symbol and a word, never colour alone."""
        if self.state == UPDATE_OVERDUE:
            return "! Overdue"
        if self.state == UPDATE_DUE and self.due_on:
            return f"! Due {self.due_on.day} {format_date(self.due_on).split(' ')[1][:3]}"
        if self.state == UPDATE_UNKNOWN:
            return "? No date"
        if self.state == UPDATE_NOT_NEEDED:
            return "-"
        return _short(self.due_on)

    @property
    def sentence(self) -> str:
        if self.state == UPDATE_OVERDUE:
            return f"! Annual update overdue: it was due on {format_date(self.due_on)}."
        if self.state == UPDATE_DUE:
            return f"! Annual update due by {format_date(self.due_on)}."
        if self.state == UPDATE_UNKNOWN:
            return "? Annual update: no date signed or confirmed, so none is scheduled."
        if self.state == UPDATE_NOT_NEEDED:
            return "Annual update: not needed while the organisation is not active."
        return f"Annual update: next due {format_date(self.due_on)}."


def _short(value: date | None) -> str:
    return f"{value.day} {format_date(value).split(' ')[1][:3]} {value.year}" if value else ""


def update_status(organisation: Organisation, on: date | None = None) -> UpdateStatus:
    if organisation.status != "active":
        return UpdateStatus(UPDATE_NOT_NEEDED, None)
    due_on = organisation.update_due_on()
    if due_on is None:
        return UpdateStatus(UPDATE_UNKNOWN, None)
    days = (due_on - (on or today())).days
    if days < 0:
        return UpdateStatus(UPDATE_OVERDUE, due_on)
    if days <= DUE_SOON_DAYS:
        return UpdateStatus(UPDATE_DUE, due_on)
    return UpdateStatus(UPDATE_OK, due_on)


def champion_warning(champions: Iterable[Champion]) -> str:
    """The seed asks every signatory to appoint a champion, and a large one a lead champion."""
    found = list(champions)
    if not found:
        return "! No champion"
    if not any(c.is_lead for c in found):
        return "! No lead champion"
    return ""


# ------------------------------------------------------------------------- reading typed text

def normalise_name(name: str) -> str:
    """The same organisation however it is typed: "Brentwood C.V.S." is "brentwood cvs",
    "Café" is "cafe". Every script keeps its letters ("中文学校" and "Польська школа" stay
    apart): case is folded and compatibility forms unified (NFKC); only accents on Latin
    letters and punctuation are dropped."""
    text = unicodedata.normalize("NFKC", without_latin_accents(name)).casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"[.'’`]", "", text)
    text = re.sub(r"[\W_]+", " ", text)
    return " ".join(text.split())


def without_latin_accents(text: str) -> str:
    """"Café" as "Cafe", "Ελληνική" as "Ελληνικη": accents on Latin and Greek letters go
    (people type them or not, and Greek capitals drop them), marks on other scripts stay
    (Cyrillic "й" is not "и")."""
    kept: list[str] = []
    for char in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(char) and kept and _accent_optional(kept[-1]):
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def _accent_optional(base: str) -> bool:
    return base.isascii() or "\u0370" <= base <= "\u03ff" or "\u1f00" <= base <= "\u1fff"


def parse_sector(text: str) -> str:
    """A sector key from its key, its label or a common word for it ("NHS", "CVS")."""
    wanted = normalise_name(text)
    if not wanted:
        raise RegisterError("The sector is missing: choose one.")
    for key, (label, _group) in SECTORS.items():
        if wanted in (normalise_name(key), normalise_name(label)):
            return key
    if wanted in _SECTOR_WORDS:
        return _SECTOR_WORDS[wanted]
    labels = ", ".join(label for label, _group in SECTORS.values())
    raise RegisterError(f'"{text.strip()}" is not a sector we know. Use one of: {labels}.')


def parse_status(text: str) -> str:
    wanted = text.strip().casefold()
    if not wanted:
        return "active"
    for key, label in STATUSES.items():
        if wanted in (key, label.casefold()):
            return key
    raise RegisterError(f'"{text.strip()}" is not a status. Use Active, Lapsed or Withdrawn.')


def parse_yes_no(text: str) -> bool:
    wanted = text.strip().casefold()
    if wanted in ("", "no", "n", "false", "0", "x"):
        return False
    if wanted in ("yes", "y", "true", "1", "✓", "✔"):
        return True
    raise RegisterError(f'"{text.strip()}" should be Yes or No.')


def check_email(text: str, what: str = "The email address") -> str:
    value = text.strip()
    if value and not _EMAIL.fullmatch(value):
        raise RegisterError(f'{what} "{value}" does not look like an email address '
                            "(it should be like name@example.org.uk).")
    return value


ORGANISATION_TEXT_FIELDS = ("name", "sector", "status", "date_signed", "signed_by",
                            "signatory_name", "signatory_role", "address", "telephone",
                            "email", "notes", "last_confirmed")


def organisation_from_text(values: Mapping[str, str], base: Organisation | None = None
                           ) -> tuple[Organisation, list[FieldProblem]]:
    """Read typed values (keys from ``ORGANISATION_TEXT_FIELDS``; absent keys keep ``base``)."""
    org = replace(base) if base else Organisation()
    problems: list[FieldProblem] = []

    def text(key: str) -> str | None:
        value = values.get(key)
        return None if value is None else str(value).strip()

    for key in ("signed_by", "signatory_name", "signatory_role", "address", "telephone",
                "notes"):
        value = text(key)
        if value is not None:
            setattr(org, key, value)
    name = text("name")
    if name is not None:
        org.name = " ".join(name.split())
    if not org.name:
        problems.append(FieldProblem("name", "The organisation's name is missing."))
    for key, parse in (("sector", parse_sector), ("status", parse_status)):
        value = text(key)
        if value is None:
            continue
        try:
            setattr(org, key, parse(value))
        except RegisterError as error:
            problems.append(FieldProblem(key, str(error)))
    for key, label in (("date_signed", "Date signed"), ("last_confirmed", "Last confirmed")):
        value = text(key)
        if value is None:
            continue
        try:
            setattr(org, key, iso(parse_date(value)) if value else "")
        except DateInputError as error:
            problems.append(FieldProblem(key, f"{label}: {error}"))
    email = text("email")
    if email is not None:
        try:
            org.email = check_email(email)
        except RegisterError as error:
            problems.append(FieldProblem("email", str(error)))
    return org, problems


CHAMPION_TEXT_FIELDS = ("name", "role", "department", "email", "phone", "is_lead",
                        "direct_access")


def champion_from_text(values: Mapping[str, Any], base: Champion | None = None
                       ) -> tuple[Champion, list[FieldProblem]]:
    """Read a champion's typed values; ``is_lead``/``direct_access`` may be bools or Yes/No."""
    champion = replace(base) if base else Champion()
    problems: list[FieldProblem] = []
    for key in ("name", "role", "department", "phone"):
        if values.get(key) is not None:
            setattr(champion, key, " ".join(str(values[key]).split()))
    if not champion.name:
        problems.append(FieldProblem("name", "The champion's name is missing."))
    if values.get("email") is not None:
        try:
            champion.email = check_email(str(values["email"]), "The champion's email")
        except RegisterError as error:
            problems.append(FieldProblem("email", str(error)))
    for key, label in (("is_lead", "Lead champion"),
                       ("direct_access", "Direct access to the person in charge")):
        value = values.get(key)
        if value is None:
            continue
        if isinstance(value, bool):
            setattr(champion, key, value)
            continue
        try:
            setattr(champion, key, parse_yes_no(str(value)))
        except RegisterError as error:
            problems.append(FieldProblem(key, f"{label}: {error}"))
    return champion, problems


# ------------------------------------------------------------------------ searching the register

SORT_COLUMNS = {
    "name": "organisation",
    "sector": "sector",
    "status": "status",
    "signed": "date signed",
    "update": "annual update",
}
DUE_FILTERS = {"": "Any update", "attention": "Due or overdue", "overdue": "Overdue"}


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

    def import_organisations(self, rows: Iterable[tuple[Organisation, Iterable[Champion]]]
                             ) -> tuple[int, list[str]]:
        """Add checked rows (organisation, champions with the lead first); returns (added,
        names skipped as duplicates of organisations added meanwhile)."""
        added, skipped = 0, []
        for organisation, champions in rows:
            if self.find_duplicate(organisation.name) is not None:
                skipped.append(organisation.name)
                continue
            org_id = self.add_organisation(replace(organisation, id=""))
            added += 1
            for champion in champions:
                self.store.insert(CHAMPIONS, to_fields(replace(
                    champion, id="", organisation_id=org_id)))
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
