"""The annual confirmation of an organisation's details, from the list or its own page."""

from __future__ import annotations

from textual.screen import Screen

from ...domain.dates import format_date, today
from ...domain.register import RegisterError, RegisterService


def confirm_update(screen: Screen, service: RegisterService, org_id: str) -> None:
    """Record today's annual confirmation and say when the next one falls due."""
    try:
        next_due = service.confirm_update(org_id)
    except RegisterError as error:
        screen.notify(str(error), severity="warning")
        return
    org = service.organisation(org_id)
    name = org.name if org else "The organisation"
    screen.notify(f"{name}: details confirmed on {format_date(today())}. Next update due "
                  f"{format_date(next_due)}.", title="Annual update")
