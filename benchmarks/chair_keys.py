"""The keys a chair presses, timed in the real app on a generated store.

Each key is sent through the app's driver (as ``Pilot.press`` does) and timed until what it
does is on screen and the screen has refreshed: the attendance mark (``p``/``a``/``d`` on the
sheet), next/previous item, opening the decision form, switching section, opening the command
palette, and typing minutes while another member's edits to the same file arrive and merge in
(a second process, its own device, saving every ``OTHER_EVERY`` seconds).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from textual.app import ScreenStackError
from textual.pilot import Pilot

from .generate import Generated
from .keystrokes import TypingPlan, time_key, type_and_time
from .measure import BENCH_MEMBER, MeasureError, Samples

OTHER_EVERY = 0.5
RUN_TIMEOUT = 600.0  # seconds for one size's chair keys, sections, palette and typing
SECTION_KEYS = [("3", "ActionsScreen"), ("4", "RegisterScreen"), ("5", "DisputesScreen"),
                ("2", "MeetingsScreen"), ("1", "DashboardScreen")]


async def settle(pilot: Pilot, done: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.perf_counter() + timeout
    while not done():
        if time.perf_counter() > deadline:
            raise MeasureError("the app did not reach the expected state")
        await pilot.pause()


def _screen_name(pilot: Pilot) -> str:
    """Mid-switch a section's stack can be empty for a moment: that is "no screen yet"."""
    try:
        return type(pilot.app.screen).__name__
    except ScreenStackError:
        return ""


async def sections_and_palette(pilot: Pilot, repeats: int) -> dict[str, list[float]]:
    from textual.command import CommandPalette

    found: dict[str, list[float]] = {"section": [], "palette": []}
    await settle(pilot, lambda: _screen_name(pilot) == "DashboardScreen")
    for _ in range(repeats):
        for key, name in SECTION_KEYS:
            found["section"].append(await time_key(
                pilot.app, key, lambda name=name: _screen_name(pilot) == name))
            await pilot.pause()
        found["palette"].append(await time_key(
            pilot.app, "ctrl+p", lambda: isinstance(pilot.app.screen, CommandPalette)))
        await pilot.press("escape")
        await settle(pilot, lambda: not isinstance(pilot.app.screen, CommandPalette))
    return found


async def chair_keys(pilot: Pilot, meeting_id: str, repeats: int) -> dict[str, list[float]]:
    from textual.widgets import DataTable

    from compact_tui.ui.meetings.chair import ChairScreen
    from compact_tui.ui.meetings.decision_form import DecisionFormScreen

    app = pilot.app
    await app.push_screen(ChairScreen(meeting_id))
    await settle(pilot, lambda: isinstance(app.screen, ChairScreen) and app.screen.items)
    chair = app.screen
    chair.start_confirmed = True  # the generated meeting is not dated today: no question
    found: dict[str, list[float]] = {"attendance": [], "next item": [], "form": []}

    await pilot.press("f5")
    table = chair.query_one("#attendance-table", DataTable)
    await settle(pilot, lambda: table.row_count > 0 and chair.sheet_rows)
    marks = [("p", "present"), ("a", "apologies"), ("d", "absent")]
    for index in range(repeats * 3):
        if table.cursor_row >= table.row_count - 1:
            table.move_cursor(row=0)
            await pilot.pause()
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        letter, status = marks[index % 3]
        if chair.sheet_rows[key].status == status:
            letter, status = marks[(index + 1) % 3]
        found["attendance"].append(await time_key(
            pilot.app, letter,
            lambda key=key, status=status: chair.sheet_rows[key].status == status, letter))
    await pilot.press("f5")
    await pilot.pause()

    ids = [item.id for item in chair.items if not item.deferred]
    for index in range(repeats * 2):
        forward = (index // max(1, len(ids) - 1)) % 2 == 0
        position = ids.index(chair.current_id) if chair.current_id in ids else 0
        if not 0 <= position + (1 if forward else -1) < len(ids):
            forward = not forward
        target = ids[position + (1 if forward else -1)]
        found["next item"].append(await time_key(
            pilot.app, "f9" if forward else "f8", lambda target=target: chair.current_id == target))

    for _ in range(repeats):
        found["form"].append(await time_key(
            pilot.app, "f2", lambda: isinstance(app.screen, DecisionFormScreen)))
        await settle(pilot, lambda: app.screen.focused is not None)
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is chair)
    return found


OTHER_MEMBER = """
import sys, time
from compact_tui.store import open_store
path, item_id, until = sys.argv[1], sys.argv[2], float(sys.argv[3])
store = open_store(path, member="Another member")
count = 0
while time.time() < until:
    count += 1
    store.update("agenda_items", item_id, {"minutes": f"Another member's note {count}"})
    store.save()
    time.sleep(%(every)s)
store.close()
print(count)
"""


def start_other_member(path: Path, item_id: str, seconds: float, home: Path) -> subprocess.Popen:
    """Another machine's app saving edits to another item of the same file meanwhile."""
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "COMPACT_TUI_HOME": str(home)}
    return subprocess.Popen(
        [sys.executable, "-c", OTHER_MEMBER % {"every": OTHER_EVERY}, str(path), item_id,
         str(time.time() + seconds)], env=env, stdout=subprocess.PIPE, text=True)


def measure_chair_keys(path: Path, gen: Generated, repeats: int, typing: TypingPlan,
                       other_home: Path) -> dict[str, Samples]:
    """One app run: sections and palette from the Dashboard, then chair mode's keys, then
    typing while another member's saves merge in."""
    from compact_tui.config import Settings
    from compact_tui.content import load_content
    from compact_tui.store import open_store
    from compact_tui.ui.app import CompactApp

    store = open_store(path, member=BENCH_MEMBER)
    merged: list[str] = []
    store.subscribe(lambda event: merged.append(event.kind) if event.kind == "external" else None)
    app = CompactApp(store, load_content(None), Settings(member=BENCH_MEMBER),
                     persist_settings=False, background=True)
    results: dict[str, list[float]] = {}
    typed: list[float] = []
    other: subprocess.Popen | None = None

    async def drive() -> None:
        nonlocal other
        async with app.run_test(size=(100, 30)) as pilot:
            results.update(await sections_and_palette(pilot, repeats))
            results.update(await chair_keys(pilot, gen.held_meeting_id, repeats))
            expected = (typing.keys // typing.pause_every) * typing.pause \
                + typing.keys * typing.gap + 5
            other = start_other_member(path, gen.item_ids[-1], expected, other_home)
            typed.extend(await type_and_time(pilot, "#minutes", typing))

    try:
        # a run that stops responding is reported as not measured, not waited on for ever
        asyncio.run(asyncio.wait_for(drive(), RUN_TIMEOUT))
    finally:
        store.close()
        if other is not None:
            other.wait(timeout=60)
    samples = {name: Samples(name, values) for name, values in results.items()}
    samples["typing while others' edits merge"] = Samples(
        "typing while others' edits merge", typed,
        extra={"merged": len(merged), "other_saves": int(other.stdout.read() or 0)
               if other and other.stdout else 0})
    return samples


