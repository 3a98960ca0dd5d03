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
