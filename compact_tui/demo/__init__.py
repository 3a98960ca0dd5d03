"""Realistic demo data for Brentwood: the seven Working Group members and a year of work.

Dates are placed around "today" (``COMPACT_TUI_TODAY`` pins it for tests), so the demo always
has two past meetings, one coming up, an open dispute and returns awaiting review.
Each area's records are made by its own module; this one runs them in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from ..domain.dates import today
from ..domain.ports import RecordPort
from . import assessments, clock, disputes, meetings, register


@dataclass
class DemoContext:
    """What later demo modules need from earlier ones: who exists, and when 'now' is."""

    today: date
    organisations: dict[str, str] = field(default_factory=dict)  # name -> id
    people: dict[str, tuple[str, str]] = field(default_factory=dict)  # person -> (org name, id)
    meetings: list[str] = field(default_factory=list)

    def thursday_near(self, days_from_today: int) -> date:
        """Meetings are on Thursdays: the Thursday on or after the given offset."""
        target = self.today + timedelta(days=days_from_today)
        return target + timedelta(days=(3 - target.weekday()) % 7)


def populate(store: RecordPort, on: date | None = None) -> DemoContext:
    context = DemoContext(today=on or today())
    register.populate(store, context)
    meetings.populate(store, context)
    disputes.populate(store, context)
    assessments.populate(store, context)
    clock.populate(store, context)
    meetings.fix_records(store, context)
    return context


def write_demo(path: Path, member: str = "Demo data", on: date | None = None, *,
               marked: bool = True) -> Path:
    """Write a new demo store at ``path``; refuses to touch an existing file.

    It is marked as demo data in the file itself, so the app says "DEMO DATA" whatever the
    file is called; ``marked=False`` is for the tests' screens, which show the demo's records
    as a group's own file would.
    """
    from ..store import open_store

    if path.exists():
        raise FileExistsError(f"{path} already exists; choose a new file for the demo.")
    with open_store(path, member=member, start_empty=True) as store, store.transaction():
        if marked:
            store.mark_demo()
        populate(store, on)
    return path
