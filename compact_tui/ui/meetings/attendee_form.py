"""Who came for an organisation, or a correction to an attendance record: a person from the
register (typed, or picked by number) or anyone else typed, their role on the group, who they
stood in for, and who represented someone who sent apologies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Select, Static

from ...domain.meetings import ATTENDANCE, ATTENDANCE_STATUSES, Attendee
from ..widgets.form import (
    FieldLink,
    FormScreen,
    as_choice,
    as_text,
    form_hint,
    form_input,
    form_row,
)
from .applied_form import apply_then_close

ROLES = ("Member", "Chair", "Vice-chair", "Deputy", "Compact Champion", "Officer",
         "Presenter", "Minute taker", "Guest")


# The stored field each widget shows (a typed deputy also sets the role).
WIDGET_FOR = {"name": "attendee-name", "status": "attendee-status", "role": "attendee-role",
              "deputy_for": "attendee-deputy", "represented_by": "attendee-represented",
              "note": "attendee-note"}


class AttendeeFormScreen(FormScreen[dict[str, Any] | None]):
    """Dismisses with {"name", "status", "role", "deputy_for", "represented_by", "note"} once
    ``apply`` has stored it. Typing the number of a register contact picks that person."""

    def __init__(self, title: str, apply: Callable[[dict[str, Any]], object], *,
                 contacts: tuple[str, ...] = (), attendee: Attendee | None = None,
                 status: str = "present") -> None:
        super().__init__()
        self.title_text = title
        self.apply = apply
        self.contacts = contacts
        self.attendee = attendee
        self.status = attendee.status if attendee else status

    def compose(self) -> ComposeResult:
        found = self.attendee
        roles = list(ROLES)
        if found and found.role and found.role not in roles:
            roles.append(found.role)
        numbered = "  ".join(f"{n} {name}" for n, name in enumerate(self.contacts, start=1))
        with Vertical(classes="form-box"):
            yield Static(self.title_text, classes="form-title", markup=False)
            if numbered:
                yield Static(f"Register contacts: {numbered} (type a number or any name)",
                             classes="form-hint", markup=False)
            yield form_row("Name", form_input("attendee-name", found.name if found else "",
                                              "who came (or sent apologies)"))
            yield form_row("Status", Select(
                [(label, key) for key, label in ATTENDANCE_STATUSES.items()],
                value=self.status, allow_blank=False, compact=True, id="attendee-status"))
            yield form_row("Role", Select([(r, r) for r in roles], prompt="Role on the group",
                                          value=found.role if found and found.role
                                          else Select.NULL, compact=True, id="attendee-role"))
            yield form_row("Deputy for", form_input(
                "attendee-deputy", found.deputy_for if found else "", "the member they replace"))
            yield form_row("Represented by", form_input(
                "attendee-represented", found.represented_by if found else "",
                "for apologies: who came instead"))
            yield form_row("Note", form_input("attendee-note", found.note if found else "",
                                              "e.g. for item 5, left at 15:10"))
            yield Static("", classes="form-error")
            yield form_hint()

    def submit(self) -> None:
        name = self.value_of("attendee-name")
        if name.isdigit() and 1 <= int(name) <= len(self.contacts):
            name = self.contacts[int(name) - 1]
        role = self.query_one("#attendee-role", Select).value
        status = self.query_one("#attendee-status", Select).value
        deputy = self.value_of("attendee-deputy")
        result = {"name": name, "status": status if isinstance(status, str) else "present",
                  "role": role if isinstance(role, str) else ("Deputy" if deputy else ""),
                  "deputy_for": deputy,
                  "represented_by": self.value_of("attendee-represented"),
                  "note": self.value_of("attendee-note")}
        if not name and self.attendee is None:
            self.show_error("Type the person's name (or a contact's number).",
                            self.query_one("#attendee-name"))
            return
        widget_for = dict(WIDGET_FOR)
        if not isinstance(role, str) and deputy:
            widget_for["role"] = "attendee-deputy"  # the role follows a deputy typed
        apply_then_close(self, self.apply, result, widget_for)

    def on_mount(self) -> None:
        """Correcting an attendance record follows it: only what the chair changes is
        stored, and what others change meanwhile is taken in and marked."""
        if self.attendee is not None:
            self.follow_record(ATTENDANCE, self.attendee.id, [
                FieldLink(widget_id, name, as_choice if name in ("status", "role") else as_text)
                for name, widget_id in WIDGET_FOR.items()])
