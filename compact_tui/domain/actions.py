"""The action log: every action from every meeting, with its status and history of notes.

Table ``actions``: ``ref`` ("2026-12/1"), ``meeting_id``, ``item_id``, ``description``,
``owner_name``, ``owner_organisation_id``, ``due`` (ISO date), ``status``, ``notes`` (list of
``{"at", "by", "status", "note"}``), ``flag`` (a problem noticed when the action was made, such
as a due date that could not be read).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .corrections import apply_correction
from .dates import from_iso, iso, today
from .ports import RecordPort
from .quick_entry import Owner, name_matches
from .records import from_record
from .register import CHAMPIONS, Champion, organisation_names

ACTIONS = "actions"
ACTION_STATUSES = {"open": "Open", "in_progress": "In progress", "done": "Done",
                   "dropped": "Dropped"}
OPEN_STATUSES = ("open", "in_progress")


class ActionInputError(ValueError):
    """A change to an action we cannot make; the message is for a person."""


@dataclass
class Action:
    id: str = ""
    ref: str = ""
    meeting_id: str = ""
    item_id: str = ""
    description: str = ""
    owner_name: str = ""
    owner_organisation_id: str = ""
    due: str = ""
    status: str = "open"
    notes: list[dict[str, str]] = field(default_factory=list)
    flag: str = ""
    updated_at: str = ""
    updated_by: str = ""

    @property
    def due_on(self) -> date | None:
        return from_iso(self.due)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, on: date | None = None) -> bool:
        due = self.due_on
        return self.is_open and due is not None and due < (on or today())

    @property
    def status_label(self) -> str:
        return ACTION_STATUSES.get(self.status, self.status)

    @property
    def ref_key(self) -> tuple[str, int]:
        """Sorts "2026-12/10" after "2026-12/9"."""
        month, _, number = self.ref.partition("/")
        return (month, int(number) if number.isdigit() else 0)

    def problems(self) -> list[str]:
        """What a person should fix: allowed when recorded, flagged until put right."""
        found = []
        if not self.owner_name and not self.owner_organisation_id:
            found.append("no owner")
        if not self.due:
            found.append("no due date")
        if self.flag:
            found.append(self.flag)
        return found


@dataclass(frozen=True)
class ActionFilter:
    """What the action log shows: empty values mean "any"."""

    owner: str = ""
    status: str = ""
    overdue_only: bool = False
    text: str = ""


def owner_label(action: Action, organisation_names: dict[str, str]) -> str:
    """ "Rita Gomez (Essex County Council)", "Brentwood CVS" or "" when nobody owns it."""
    organisation = organisation_names.get(action.owner_organisation_id, "")
    if action.owner_name and organisation:
        return f"{action.owner_name} ({organisation})"
    return action.owner_name or organisation


def status_key(text: str) -> str:
    """Accept "in progress", "In Progress" or "in_progress"; raise for anything else."""
    key = text.strip().casefold().replace(" ", "_").replace("-", "_")
    if key not in ACTION_STATUSES:
        choices = ", ".join(label.lower() for label in ACTION_STATUSES.values())
        raise ActionInputError(f'"{text}" is not an action status. Use one of: {choices}.')
    return key


class ActionsService:
    def __init__(self, store: RecordPort) -> None:
        self.store = store

    def organisation_names(self) -> dict[str, str]:
        return organisation_names(self.store)

    def all_actions(self) -> list[Action]:
        found = [from_record(Action, r) for r in self.store.all(ACTIONS)]
        return sorted(found, key=lambda a: (a.due or "9999", a.ref_key))

    def actions(self, filter: ActionFilter | None = None,
                on: date | None = None) -> list[Action]:
        """Actions matching ``filter``, soonest due first (no due date last)."""
        found = self.all_actions()
        if filter is None:
            return found
        names = self.organisation_names()
        if filter.status:
            wanted = status_key(filter.status)
            found = [a for a in found if a.status == wanted]
        if filter.overdue_only:
            found = [a for a in found if a.is_overdue(on)]
        if filter.owner.strip():
            found = [a for a in found if self._owned_by(a, filter.owner, names)]
        if filter.text.strip():
            needle = filter.text.strip().casefold()
            found = [a for a in found if needle in self._haystack(a, names)]
        return found

    @staticmethod
    def _owned_by(action: Action, owner: str, names: dict[str, str]) -> bool:
        wanted = owner.strip().casefold()
        candidates = [action.owner_name, names.get(action.owner_organisation_id, "")]
        for candidate in candidates:
            if not candidate:
                continue
            if wanted in candidate.casefold() or name_matches(owner, candidate):
                return True
        return False

    @staticmethod
    def _haystack(action: Action, names: dict[str, str]) -> str:
        parts = [action.ref, action.description, owner_label(action, names),
                 *(str(n.get("note", "")) for n in action.notes)]
        return " ".join(parts).casefold()

    def open_actions(self) -> list[Action]:
        return [a for a in self.all_actions() if a.is_open]

    def overdue_actions(self, on: date | None = None) -> list[Action]:
        return [a for a in self.all_actions() if a.is_overdue(on)]

    def action(self, action_id: str) -> Action | None:
        record = self.store.get(ACTIONS, action_id)
        return from_record(Action, record) if record else None

    def _require(self, action_id: str) -> Action:
        action = self.action(action_id)
        if action is None:
            raise ActionInputError("That action no longer exists (someone may have removed it).")
        return action

    def update_status(self, action_id: str, status: str, note: str = "") -> None:
        """Change the status and keep a dated note of who changed it and why."""
        action = self._require(action_id)
        key = status_key(status)
        entry = {"at": iso(today()), "by": getattr(self.store, "member", ""), "status": key,
                 "note": note.strip()}
        self.store.update(ACTIONS, action_id, {"status": key, "notes": [*action.notes, entry]})

    def minuted_in_approved_minutes(self, action: Action) -> bool:
        """Whether the action was agreed at a meeting whose minutes are approved: its wording
        is then part of a fixed record."""
        meeting = self.store.get("meetings", action.meeting_id) if action.meeting_id else None
        return meeting is not None and meeting.get("status") == "minutes_approved"

    def update_action(self, action_id: str, *, description: str | None = None,
                      owner_name: str | None = None, owner_organisation_id: str | None = None,
                      due: date | str | None = None, status: str | None = None) -> list[str]:
        """Edit what an action says, who owns it, when it is due (``due=""`` clears it) and
        its status. Each changed field is kept with its old value (``corrections``).

        The wording of an action agreed in approved minutes is fixed: the minutes quote it.
        """
        action = self._require(action_id)
        fields: dict[str, Any] = {}
        if description is not None and description.strip() != action.description:
            if not description.strip():
                raise ActionInputError("Describe the action, for example \"Circulate the "
                                       "consultation draft\".")
            if self.minuted_in_approved_minutes(action):
                raise ActionInputError(
                    f"Action {action.ref} is worded as in approved minutes, so its wording "
                    "stays; change its status or due date, or add a note.")
            fields["description"] = description.strip()
        if owner_name is not None:
            fields["owner_name"] = owner_name.strip()
        if owner_organisation_id is not None:
            fields["owner_organisation_id"] = owner_organisation_id
        if due is not None:
            fields["due"] = _due_iso(due)
            if fields["due"] != action.due:
                fields["flag"] = ""
        if status is not None and status_key(status) != action.status:
            key = status_key(status)
            fields["status"] = key
            fields["notes"] = [*action.notes, {"at": iso(today()),
                                               "by": getattr(self.store, "member", ""),
                                               "status": key, "note": ""}]
        history = {k: v for k, v in fields.items() if k != "notes"}
        written = apply_correction(self.store, ACTIONS, action_id, history,
                                   meeting_id=action.meeting_id)
        if "notes" in fields and written:
            written += self.store.update(ACTIONS, action_id, {"notes": fields["notes"]})
        return written

    def remove_action(self, action_id: str) -> None:
        self._require(action_id)
        self.store.delete(ACTIONS, action_id)

    def owners(self) -> list[str]:
        """Everyone and every organisation that owns an action, for the owner filter."""
        names = self.organisation_names()
        found: set[str] = set()
        for action in self.all_actions():
            if action.owner_name:
                found.add(action.owner_name)
            organisation = names.get(action.owner_organisation_id)
            if organisation:
                found.add(organisation)
        return sorted(found, key=str.casefold)

    def owner_candidates(self) -> list[Owner]:
        """Register organisations and their champions, as quick entry resolves owners."""
        names = self.organisation_names()
        owners = [Owner(name, organisation_id=org_id) for org_id, name in names.items() if name]
        for champion in (from_record(Champion, r) for r in self.store.all(CHAMPIONS)):
            if champion.name:
                owners.append(Owner(champion.name, organisation_id=champion.organisation_id,
                                    is_person=True))
        return owners


def _due_iso(due: date | str) -> str:
    if isinstance(due, date):
        return due.isoformat()
    from .dates import parse_optional_date

    try:
        return iso(parse_optional_date(due))
    except ValueError as error:
        raise ActionInputError(str(error)) from error
