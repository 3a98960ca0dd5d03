"""How the register looks: the table, an organisation's detail (with two champions, and one
with the "! No champion" warning) and the sign-up form, at 100x30 and the 80x24 minimum."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

# Short names with size ids: pytest names tmp folders (shown in the status line) from the first
# 30 characters of the test's name, so each test must differ within them to stay stable.
SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]


@pytest.mark.parametrize("size", SIZES)
def test_snap_table(snap_compare, make_app, demo_path: Path, frozen_clock,
                                 size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_path, section="register"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_snap_detail(snap_compare, make_app, demo_path: Path, frozen_clock,
                                      size: tuple[int, int]) -> None:
    """Brentwood Borough Council: a lead champion and a departmental one."""
    assert snap_compare(make_app(demo_path, section="register"), press=["down", "down", "enter"],
                        terminal_size=size)


def test_snap_no_champion(snap_compare, make_app, demo_path: Path,
                                                frozen_clock) -> None:
    assert snap_compare(make_app(demo_path, section="register"),
                        press=["down", "down", "down", "enter"], terminal_size=(80, 24))


def test_snap_sorted(snap_compare, make_app, demo_path: Path,
                                            frozen_clock) -> None:
    assert snap_compare(make_app(demo_path, section="register"),
                        press=["b", "b", "b", "b"], terminal_size=(100, 30))


def test_snap_sign_up(snap_compare, make_app, demo_path: Path, frozen_clock) -> None:
    async def open_form(pilot) -> None:
        await pilot.press("n")
        await pilot.pause()
        # A blinking cursor would make the picture depend on how busy the machine is.
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False

    assert snap_compare(make_app(demo_path, section="register"), run_before=open_form,
                        terminal_size=(80, 24))
