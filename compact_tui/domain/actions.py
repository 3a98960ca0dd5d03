"""The action log: every action from every meeting, with its status and history of notes.

Table ``actions``: ``ref`` ("2026-12/1"), ``meeting_id``, ``item_id``, ``description``,
``owner_name``, ``owner_organisation_id``, ``due`` (ISO date), ``status``, ``notes`` (list of
``{"at", "by", "status", "note"}``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .dates import from_iso, today
from .records import from_record

ACTIONS = "actions"
ACTION_STATUSES = {"open": "Open", "in_progress": "In progress", "done": "Done",
                   "dropped": "Dropped"}
OPEN_STATUSES = ("open", "in_progress")


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
    notes: list[dict[str, Any]] = field(default_factory=list)
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


class ActionsService:
    def __init__(self, store: Any) -> None:
        self.store = store

    def actions(self) -> list[Action]:
        found = [from_record(Action, r) for r in self.store.all(ACTIONS)]
        return sorted(found, key=lambda a: (a.due or "9999", a.ref))

    def open_actions(self) -> list[Action]:
        return [a for a in self.actions() if a.is_open]

    def overdue_actions(self, on: date | None = None) -> list[Action]:
        return [a for a in self.actions() if a.is_overdue(on)]
