"""Who came: attendance marks, guests in attendance, and quorum."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..corrections import apply_correction, remove_with_correction
from ..records import from_record
from ..register import STATUTORY, VCS, RegisterService
from .core import MeetingRecords
from .model import (
    ATTENDANCE,
    ATTENDANCE_STATUSES,
    Attendee,
    MeetingInputError,
    QuorumState,
)

if TYPE_CHECKING:
    from ..quorum import QuorumRule


class Attendance(MeetingRecords):
    """Attendance records of a meeting and the quorum they make."""

    def attendance(self, meeting_id: str) -> list[Attendee]:
        order = {key: n for n, key in enumerate(ATTENDANCE_STATUSES)}
        found = [from_record(Attendee, r)
                 for r in self.store.where(ATTENDANCE, meeting_id=meeting_id)]
        return sorted(found, key=lambda a: (order.get(a.status, 9), a.name.casefold(),
                                            a.organisation_id))

    def attendee(self, attendee_id: str) -> Attendee | None:
        record = self.store.get(ATTENDANCE, attendee_id) if attendee_id else None
        return from_record(Attendee, record) if record else None

    def _find_attendee(self, meeting_id: str, organisation_id: str,
                       name: str) -> Attendee | None:
        wanted = name.strip().casefold()
        for attendee in self.attendance(meeting_id):
            if wanted:
                if attendee.name.strip().casefold() == wanted and (
                        not organisation_id or not attendee.organisation_id
                        or attendee.organisation_id == organisation_id):
                    return attendee
            elif not attendee.name and attendee.organisation_id == organisation_id:
                return attendee
        return None

    def set_attendance(self, meeting_id: str, *, organisation_id: str = "", name: str = "",
                       status: str, role: str = "", organisation: str = "",
                       deputy_for: str = "", represented_by: str = "", note: str = "") -> str:
        """One record per person (or per organisation when no name): updated if it exists.

        ``organisation`` is free text for an organisation not in the register; ``deputy_for``
        names the member a deputy stands in for; ``represented_by`` (on apologies) names who
        came instead.
        """
        self.require_unlocked(meeting_id)
        if status not in ATTENDANCE_STATUSES:
            raise MeetingInputError(f'"{status}" is not an attendance status.')
        if not organisation_id and not name.strip() and not organisation.strip():
            raise MeetingInputError("Choose an organisation or type a name.")
        existing = self._find_attendee(meeting_id, organisation_id, name)
        if status == "present" and organisation_id:
            self._drop_organisation_absence(meeting_id, organisation_id,
                                            keep=existing.id if existing else "")
        extra = {key: value.strip() for key, value in (
            ("role", role), ("organisation", organisation), ("deputy_for", deputy_for),
            ("represented_by", represented_by), ("note", note)) if value.strip()}
        if deputy_for.strip() and status == "present":
            self._represented(meeting_id, organisation_id, deputy_for.strip(), name.strip())
        if existing:
            fields: dict[str, Any] = {"status": status, **extra}
            if organisation_id and not existing.organisation_id:
                fields["organisation_id"] = organisation_id
            changed = {k: v for k, v in fields.items() if getattr(existing, k) != v}
            if changed:
                self.store.update(ATTENDANCE, existing.id, changed)
            return existing.id
        return self.store.insert(ATTENDANCE, {
            "meeting_id": meeting_id, "name": name.strip(), "organisation_id": organisation_id,
            "organisation": "", "role": "", "deputy_for": "", "represented_by": "", "note": "",
            **extra, "status": status})

    def correct_attendee(self, attendee_id: str, **fields: Any) -> list[str]:
        """Correct one attendance record (name, organisation, role, deputy, status...) before
        the minutes are approved; only the fields that changed are written."""
        attendee = self.attendee(attendee_id)
        if attendee is None:
            raise MeetingInputError("That attendance record no longer exists.")
        self.require_unlocked(attendee.meeting_id)
        allowed = {"name", "organisation_id", "organisation", "role", "deputy_for",
                   "represented_by", "note", "status"}
        unknown = sorted(set(fields) - allowed)
        if unknown:
            raise MeetingInputError(f"Unknown attendance field(s): {', '.join(unknown)}.")
        if "status" in fields and fields["status"] not in ATTENDANCE_STATUSES:
            raise MeetingInputError(f'"{fields["status"]}" is not an attendance status.')
        cleaned = {k: str(v).strip() for k, v in fields.items()}
        if not (cleaned.get("name", attendee.name) or cleaned.get(
                "organisation_id", attendee.organisation_id) or cleaned.get(
                "organisation", attendee.organisation)):
            raise MeetingInputError("Keep a name or an organisation.")
        return apply_correction(self.store, ATTENDANCE, attendee_id, cleaned,
                                meeting_id=attendee.meeting_id)

    def _represented(self, meeting_id: str, organisation_id: str, member: str,
                     deputy: str) -> None:
        """A deputy came for ``member``: their apologies say who represented them."""
        away = self._find_attendee(meeting_id, organisation_id, member)
        if away is None:
            self.store.insert(ATTENDANCE, {
                "meeting_id": meeting_id, "name": member, "organisation_id": organisation_id,
                "organisation": "", "role": "", "deputy_for": "", "represented_by": deputy,
                "note": "", "status": "apologies"})
        elif away.status != "present" and away.represented_by != deputy:
            self.store.update(ATTENDANCE, away.id, {"represented_by": deputy})

    def _drop_organisation_absence(self, meeting_id: str, organisation_id: str,
                                   keep: str) -> None:
        """Someone from an organisation turned up: its apologies (or absence) no longer stand."""
        for attendee in self.attendance(meeting_id):
            if (attendee.organisation_id == organisation_id and attendee.id != keep
                    and not attendee.name and attendee.status in ("apologies", "absent")):
                self.store.delete(ATTENDANCE, attendee.id)

    def add_guest(self, meeting_id: str, name: str, organisation: str = "",
                  role: str = "") -> str:
        """Someone in attendance who does not represent a signatory (a presenter, an officer,
        the minute taker). ``organisation`` is free text."""
        if not name.strip():
            raise MeetingInputError("Type the guest's name.")
        return self.set_attendance(meeting_id, name=name, status="in_attendance",
                                   organisation=organisation, role=role)

    def remove_attendee(self, attendee_id: str) -> None:
        record = self.store.get(ATTENDANCE, attendee_id)
        if record is None:
            return
        self.require_unlocked(record.get("meeting_id", ""))
        attendee = from_record(Attendee, record)
        remove_with_correction(self.store, ATTENDANCE, attendee_id,
                               f"{attendee.name or attendee.organisation_id}: "
                               f"{attendee.status_label}", meeting_id=attendee.meeting_id)

    def quorum(self, meeting_id: str, rule: QuorumRule) -> QuorumState:
        """Counts active signatory organisations with someone present (guests do not count)."""

        register = {o.id: o for o in RegisterService(self.store).organisations(
            include_inactive=False)}
        present = {a.organisation_id for a in self.attendance(meeting_id)
                   if a.status == "present" and a.organisation_id in register}
        statutory = sum(1 for o in present if register[o].sector_group == STATUTORY)
        vcs = sum(1 for o in present if register[o].sector_group == VCS)
        count = len(present)
        problems = []
        if count < rule.min_organisations:
            problems.append(f"{count} of the {rule.min_organisations} signatory organisations "
                            "needed are present")
        if rule.both_sectors:
            if not statutory:
                problems.append("no statutory organisation is present")
            if not vcs:
                problems.append("no voluntary or community organisation is present")
        noun = "organisation" if count == 1 else "organisations"
        if problems:
            explanation = "Not quorate: " + "; ".join(problems) + "."
        else:
            sectors = ", both sectors represented" if rule.both_sectors else ""
            explanation = f"{count} signatory {noun} present{sectors} — quorate."
        return QuorumState(not problems, count, statutory, vcs, explanation)

