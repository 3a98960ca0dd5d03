"""How the Compact's clock looks at 80x24: its four lists, a record's detail with its flags,
the three forms, the annual report and its introduction."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_snapshots_meetings import settle

SIZE = (80, 24)

CASES = [
    ("due", ["8"]),
    ("consultations", ["8", "f"]),
    ("funding", ["8", "f", "f"]),
    ("cycle", ["8", "f", "f", "f"]),
    ("consultation_detail", ["8", "f", "down", "enter"]),
    ("consultation_form", ["8", "f", "n"]),
    ("funding_form", ["8", "f", "f", "down", "e"]),
    ("cycle_form", ["8", "f", "f", "f", "n"]),
    ("introduction_form", ["8", "v", "e"]),
]


async def rendered_report(pilot) -> None:
    """The annual report's Markdown renders in the background: wait for it, so a form
    opened over it is pictured the same on a busy machine."""
    from textual.widgets import Markdown

    from tests.waiting import wait_until

    markdown = pilot.app.screen.query(Markdown)
    if markdown:
        await wait_until(pilot, lambda: markdown.first().children)


def steady(keys: list[str]):
    async def run_before(pilot) -> None:
        from textual.widgets import Input, TextArea

        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await rendered_report(pilot)
        await settle(pilot)
        # A blinking cursor would make the picture depend on how busy the machine is.
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        for area in pilot.app.screen.query(TextArea):
            area.cursor_blink = False
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("keys", [case[1] for case in CASES], ids=[case[0] for case in CASES])
def test_compact_screen_at_80x24(snap_compare, make_app, demo_path: Path, frozen_clock,
                                 keys: list[str]) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=steady(keys))


def test_annual_report_at_80x24(snap_compare, make_app, demo_path: Path,
                                frozen_clock) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=steady(["8", "v"]))
