"""The store's health as people see it: the one problem message, and the status line's facts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .events import StoreEvent


@dataclass
class StoreStatus:
    path: Path
    member: str
    read_only: bool
    problem: str | None
    last_saved: datetime | None
    unsaved: bool
    journal_entries: int
    notes: list[str] = field(default_factory=list)


class StoreHealth:
    """What is wrong with the shared file now (one message), and whether it can be read."""

    def __init__(self, emit: Callable[[StoreEvent], None]) -> None:
        self.emit = emit
        self.problem: str | None = None
        self.unreadable = False
        self.newer_format = False  # a newer compact-tui wrote the file: upgrade, never restore

    def report(self, message: str) -> None:
        """Set the problem and tell the screens, once per distinct message."""
        if message != self.problem:
            self.problem = message
            self.emit(StoreEvent("problem", message))

    def become_unreadable(self, message: str, *, newer: bool = False) -> None:
        self.newer_format = self.newer_format or newer
        if self.unreadable and self.problem:
            return  # already said; saying it again every poll would only add noise
        self.unreadable = True
        self.report(
            f"{message} Working on the last good copy; edits wait in the local journal until "
            "the file can be read again.")

    def readable_again(self, message: str) -> None:
        if self.unreadable:
            self.unreadable = self.newer_format = False
            self.problem = None
            self.emit(StoreEvent("recovered", message))
