"""The signatory register: organisations that signed the Compact and their Compact Champions.

Tables: ``organisations`` and ``champions`` (a champion points at its organisation by id).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from .dates import from_iso, today
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
    updated_at: str = ""
    updated_by: str = ""

    @property
    def sector_label(self) -> str:
        return SECTORS.get(self.sector, (self.sector, ""))[0]

    @property
    def sector_group(self) -> str:
        return SECTORS.get(self.sector, ("", PRIVATE))[1]

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

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


class RegisterService:
    """Read and change the register through the store's scripting API."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def organisations(self, include_inactive: bool = True) -> list[Organisation]:
        found = [from_record(Organisation, r) for r in self.store.all(ORGANISATIONS)]
        if not include_inactive:
            found = [o for o in found if o.status == "active"]
        return sorted(found, key=lambda o: o.name.casefold())

    def organisation(self, organisation_id: str) -> Organisation | None:
        record = self.store.get(ORGANISATIONS, organisation_id)
        return from_record(Organisation, record) if record else None

    def add_organisation(self, organisation: Organisation) -> str:
        return self.store.insert(ORGANISATIONS, to_fields(organisation))

    def champions(self, organisation_id: str | None = None) -> list[Champion]:
        found = [from_record(Champion, r) for r in self.store.all(CHAMPIONS)]
        if organisation_id is not None:
            found = [c for c in found if c.organisation_id == organisation_id]
        return sorted(found, key=lambda c: (not c.is_lead, c.name.casefold()))

    def add_champion(self, champion: Champion) -> str:
        return self.store.insert(CHAMPIONS, to_fields(champion))

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
