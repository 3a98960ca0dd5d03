"""What the meetings screens show, put together from the register and the meetings service.

Kept apart from ``meetings.py`` (the meetings service) because these are views for people
choosing and marking, not rules: the attendance sheet lists every active signatory whether or
not anyone has marked it yet, and the owner choices list champions and organisations.
"""

from __future__ import annotations

from dataclasses import dataclass

from .meetings import Attendee, MeetingsService
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
    attendee_id: str = ""
    contacts: tuple[str, ...] = ()

    @property
    def status_label(self) -> str:
        return ATTENDANCE_LABELS.get(self.status, self.status or NOT_MARKED)


@dataclass(frozen=True)
class OwnerChoice:
    """Someone an action can be given to: a champion (with organisation) or an organisation."""

    key: str
    label: str
    owner_name: str
    organisation_id: str


def attendance_sheet(store: RecordPort, meeting_id: str) -> list[SheetRow]:
    """Active signatories in name order, each proposing its register contacts (lead first) until
    someone is marked; then everyone else recorded for an organisation, and guests.

    An organisation's row shows its lead contact's record if there is one, else the first by
    name; other people recorded for it (a deputy who came while the member sent apologies)
    follow on rows of their own.
    """
    register = RegisterService(store)
    recorded = MeetingsService(store).attendance(meeting_id)
    champions_of = register.champions_by_organisation()
    rows = []
    seen: set[str] = set()
    for org in register.organisations(include_inactive=False):
        champions = sorted(champions_of.get(org.id, []), key=lambda c: not c.is_lead)
        contacts = tuple(c.name for c in champions if c.name)
        mine = [a for a in recorded if a.organisation_id == org.id]
        # a steady order (the lead contact's record first), so marking never moves the row
        lead = contacts[0].casefold() if contacts else ""
        mine.sort(key=lambda a: (a.name.casefold() != lead, a.name.casefold(), a.id))
        primary = mine[0] if mine else None
        name = primary.name if primary and primary.name else (
            "" if primary else (contacts[0] if contacts else ""))
        detail = _who(primary, name, org.sector_label)
        rows.append(SheetRow(key=f"org:{org.id}", label=org.name, detail=detail,
                             status=primary.status if primary else "",
                             organisation_id=org.id, name=name,
                             attendee_id=primary.id if primary else "", contacts=contacts))
        for other in mine[1:]:
            rows.append(SheetRow(key=f"att:{other.id}", label=f"  {other.name or org.name}",
                                 detail=_who(other, other.name, org.name),
                                 status=other.status, organisation_id=org.id,
                                 name=other.name, attendee_id=other.id, contacts=contacts))
        seen.add(org.id)
    for attendee in recorded:
        if attendee.organisation_id in seen:
            continue
        organisation = register.organisation(attendee.organisation_id) \
            if attendee.organisation_id else None
        where = organisation.name if organisation else attendee.organisation
        detail = ", ".join(part for part in (attendee.role, where, attendee.note) if part)
        rows.append(SheetRow(key=f"att:{attendee.id}", label=attendee.name or "(no name)",
                             detail=detail, status=attendee.status,
                             organisation_id=attendee.organisation_id, name=attendee.name,
                             attendee_id=attendee.id))
    return rows


def _who(attendee: Attendee | None, name: str, where: str) -> str:
    """Name, role (or deputy for), who represented them, and where they come from."""
    parts = [name] if name else []
    if attendee is not None:
        if attendee.deputy_for:
            parts.append(f"deputy for {attendee.deputy_for}")
        elif attendee.role:
            parts.append(attendee.role)
        if attendee.represented_by:
            parts.append(f"represented by {attendee.represented_by}")
    parts.append(where)
    return ", ".join(p for p in parts if p)


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
