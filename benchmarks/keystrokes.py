"""Keystroke-to-screen latency: a generic harness for any app with a TextArea.

Given an app and a selector for a TextArea on its screen, the harness types keys through the
app's driver exactly as ``Pilot.press`` does (the same ``events.Key`` sent to the driver), and
times each key from sending it until the TextArea's text holds it AND the screen has refreshed
(a ``call_after_refresh`` callback has run). ``Pilot.press`` itself is not used for timing: it
sleeps in ``wait_for_idle`` for at least 2 x 20 ms per key, which would swamp what we measure.

Typing is paced like a quick typist (``gap`` between keys) with a short pause every
``pause_every`` keys, long enough for the store's debounced background save to start, so the
keys after each pause land while a save is running.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import TextArea

from .measure import MeasureError, Samples

LETTERS = "the group agreed to extend the consultation to twelve weeks "


def typing_keys(count: int) -> list[tuple[str, str]]:
    """``count`` (key, character) pairs of plain words, as a minute taker types them."""
    pairs = []
    for index in range(count):
        char = LETTERS[index % len(LETTERS)]
        pairs.append(("space", " ") if char == " " else (char, char))
    return pairs


@dataclass
class TypingPlan:
    keys: int = 150
    gap: float = 0.02            # seconds between keys
    pause_every: int = 25        # keys
    pause: float = 0.6           # seconds; longer than the store's 0.4 s debounce
    timeout: float = 5.0         # per key, before we call the run broken


async def type_and_time(pilot: Pilot, selector: str, plan: TypingPlan) -> list[float]:
    """Type ``plan.keys`` keys into the TextArea at ``selector``; one latency per key."""
    app = pilot.app
    area = app.screen.query_one(selector, TextArea)
    area.focus()
    area.move_cursor(area.document.end)
    await pilot.pause()
    latencies = []
    for index, (key, char) in enumerate(typing_keys(plan.keys)):
        if index and index % plan.pause_every == 0:
            await asyncio.sleep(plan.pause)
        elif index:
            await asyncio.sleep(plan.gap)
        expected = area.text + char
        try:
            latencies.append(await time_key(app, key, lambda expected=expected:
                                            area.text == expected, char, plan.timeout))
        except MeasureError as error:
            raise MeasureError(f"key {key!r} never reached {selector} "
                               f"(text ends {area.text[-20:]!r})") from error
    return latencies


async def time_key(app: App, key: str, done: Callable[[], bool], character: str | None = None,
                   timeout: float = 10.0) -> float:
    """Seconds from sending ``key`` through the driver until ``done()`` holds and the screen
    has repainted."""
    driver = app._driver
    if driver is None:
        raise MeasureError("the app has no driver; is it running?")
    event = events.Key(key, character)
    event.set_sender(app)
    began = time.perf_counter()
    driver.send_message(event)
    deadline = began + timeout
    while not done():
        if time.perf_counter() > deadline:
            raise MeasureError(f"key {key!r} did not do its work within {timeout} s")
        await asyncio.sleep(0)
    painted = asyncio.Event()
    app.screen.call_after_refresh(painted.set)
    await asyncio.wait_for(painted.wait(), timeout)
    return time.perf_counter() - began


async def measure_typing(app: App, selector: str, plan: TypingPlan, label: str,
                         before: Callable[[Pilot], Awaitable[None]] | None = None,
                         size: tuple[int, int] = (100, 30)) -> Samples:
    """Run ``app`` headless, optionally drive it to the screen (``before``), then type."""
    async with app.run_test(size=size) as pilot:
        if before is not None:
            await before(pilot)
        latencies = await type_and_time(pilot, selector, plan)
    return Samples(label, latencies)


# ------------------------------------------------------------------------ the bare app


class BareTextAreaApp(App):
    """The baseline: a TextArea and nothing else."""

    def compose(self):  # type: ignore[no-untyped-def]
        yield TextArea(id="minutes")


class StoreBackedTextAreaApp(App):
    """A TextArea whose every change goes to a real agenda item's ``minutes`` in the store.

    Stands in for the chair-mode minutes area until that screen exists: the domain edit on
    every keystroke (``store.update``, which also appends to the crash journal) and the
    store's background saver running, as the app runs it.
    """

    def __init__(self, store, item_id: str) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.store = store
        self.item_id = item_id
        self.saves = 0

    def compose(self):  # type: ignore[no-untyped-def]
        record = self.store.get("agenda_items", self.item_id) or {}
        yield TextArea(str(record.get("minutes", "")), id="minutes")

    def on_mount(self) -> None:
        self.store.subscribe(self._heard)
        self.store.start_background()

    def on_unmount(self) -> None:
        self.store.stop_background()

    def _heard(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.kind == "saved":
            self.saves += 1

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.store.update("agenda_items", self.item_id, {"minutes": event.text_area.text})
