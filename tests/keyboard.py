"""Moving through a form from the keyboard, as a person does, for the Pilot tests."""

from __future__ import annotations

from typing import Any


async def tab_to(pilot: Any, widget_id: str, most: int = 12) -> None:
    """Tab (at most ``most`` times) until the field is focused."""
    for _ in range(most):
        if getattr(pilot.app.screen.focused, "id", "") == widget_id:
            return
        await pilot.press("tab")
    assert pilot.app.screen.focused.id == widget_id
