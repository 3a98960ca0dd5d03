"""Tests wait on conditions, never on the clock: let the app run until something holds."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


async def wait_until(pilot: Any, condition: Callable[[], object],
                     timeout: float = 10.0) -> None:
    """Let the app (and its timers and workers) run until ``condition()`` is true; fail after
    ``timeout`` seconds, so a broken test stops rather than hangs. On a quick machine this
    returns as soon as the condition holds, never after a fixed pause."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        await pilot.pause()


async def palette_command(pilot: Any, app: Any, command: str) -> None:
    """Type a command's name into the palette and run it once it is the first match."""
    await pilot.press("ctrl+p", *command)
    for _ in range(50):
        await pilot.pause()
        options = app.screen.query("OptionList")
        if options and command in str(options.first().get_option_at_index(0).prompt):
            break
    await pilot.press("enter")
