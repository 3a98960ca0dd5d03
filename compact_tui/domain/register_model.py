"""The register's records: organisations that signed the Compact, their Compact Champions,
the sectors and statuses they can have, and how a name is compared.

Tables: ``organisations`` and ``champions`` (a champion points at its organisation by id, so two
people can edit different champions of one organisation without a conflict). Reading typed text
lives in ``register_input``; searching and changing the register in ``register``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .dates import format_date, from_iso, today

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

@functools.lru_cache(maxsize=16384)  # sector words and names come back on every row
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
