"""What the meetings screens show, put together from the register and the meetings service.

Kept apart from ``meetings.py`` (the meetings service) because these are views for people
choosing and marking, not rules: the attendance sheet lists every active signatory whether or
not anyone has marked it yet, and the owner choices list champions and organisations.
"""

from __future__ import annotations

from dataclasses import dataclass

from .meetings import MeetingsService
from .ports import RecordPort
from .register import RegisterService

ATTENDANCE_LABELS = {
    "present": "Present",
    "apologies": "Apologies",
    "absent": "Absent",
    "in_attendance": "In attendance",
}
NOT_MARKED = "not marked"


@dataclass(frozen=True)
class SheetRow:
    """One line of the attendance sheet: an organisation's representative or a guest."""

    key: str
    label: str
    detail: str
    status: str
    organisation_id: str = ""
    name: str = ""

    @property
    def status_label(self) -> str:
        return ATTENDANCE_LABELS.get(self.status, self.status or NOT_MARKED)

    @property
    def is_guest(self) -> bool:
        return not self.organisation_id


@dataclass(frozen=True)
class OwnerChoice:
    """Someone an action can be given to: a champion (with organisation) or an organisation."""

    key: str
    label: str
    owner_name: str
    organisation_id: str


def attendance_sheet(store: RecordPort, meeting_id: str) -> list[SheetRow]:
    """Active signatories (representative, status) in name order, then everyone else recorded."""
    register = RegisterService(store)
    recorded = MeetingsService(store).attendance(meeting_id)
    by_organisation = {a.organisation_id: a for a in recorded if a.organisation_id}
    champions_of = register.champions_by_organisation()
    rows = []
    seen = set()
    for org in register.organisations(include_inactive=False):
        attendee = by_organisation.get(org.id)
        champions = champions_of.get(org.id, [])
        name = attendee.name if attendee and attendee.name else (
            champions[0].name if champions else "")
        detail = f"{name}, {org.sector_label}" if name else org.sector_label
        rows.append(SheetRow(key=f"org:{org.id}", label=org.name, detail=detail,
                             status=attendee.status if attendee else "",
                             organisation_id=org.id, name=name))
        seen.add(org.id)
    for attendee in recorded:
        if attendee.organisation_id in seen:
            continue
        organisation = register.organisation(attendee.organisation_id) \
            if attendee.organisation_id else None
        detail = ", ".join(part for part in (attendee.role,
                                             organisation.name if organisation else "") if part)
        rows.append(SheetRow(key=f"att:{attendee.id}", label=attendee.name or "(no name)",
                             detail=detail, status=attendee.status,
                             organisation_id=attendee.organisation_id, name=attendee.name))
    return rows


def owner_choices(store: RecordPort) -> list[OwnerChoice]:
    """Champions first (a person owns an action best), then organisations, by name."""
    register = RegisterService(store)
    organisations = {o.id: o for o in register.organisations(include_inactive=False)}
    choices = []
    for champion in sorted(register.champions(), key=lambda c: c.name.casefold()):
        org = organisations.get(champion.organisation_id)
        if org is None:
            continue
        choices.append(OwnerChoice(f"champion:{champion.id}", f"{champion.name} ({org.name})",
                                   champion.name, org.id))
    for org in organisations.values():
        choices.append(OwnerChoice(f"organisation:{org.id}", org.name, "", org.id))
    return choices


def clock_text(seconds: float) -> str:
    """Elapsed time as m:ss, or h:mm:ss past the hour."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
