"""How the register looks: the table, an organisation's detail (with two champions, and one
with the "! No champion" warning) and the sign-up form, at 100x30 and the 80x24 minimum."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

SIZES = [(100, 30), (80, 24)]


@pytest.mark.parametrize("size", SIZES)
def test_register_table_snapshot(snap_compare, make_app, demo_path: Path, frozen_clock,
                                 size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_path, section="register"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_organisation_detail_snapshot(snap_compare, make_app, demo_path: Path, frozen_clock,
                                      size: tuple[int, int]) -> None:
    """Brentwood Borough Council: a lead champion and a departmental one."""
    assert snap_compare(make_app(demo_path, section="register"), press=["down", "down", "enter"],
                        terminal_size=size)


def test_organisation_without_champion_snapshot(snap_compare, make_app, demo_path: Path,
                                                frozen_clock) -> None:
    assert snap_compare(make_app(demo_path, section="register"),
                        press=["down", "down", "down", "enter"], terminal_size=(80, 24))


def test_register_sorted_by_update_snapshot(snap_compare, make_app, demo_path: Path,
                                            frozen_clock) -> None:
    assert snap_compare(make_app(demo_path, section="register"),
                        press=["s", "s", "s", "s"], terminal_size=(100, 30))


def test_sign_up_form_snapshot(snap_compare, make_app, demo_path: Path, frozen_clock) -> None:
    async def open_form(pilot) -> None:
        await pilot.press("n")
        await pilot.pause()
        # A blinking cursor would make the picture depend on how busy the machine is.
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False

    assert snap_compare(make_app(demo_path, section="register"), run_before=open_form,
                        terminal_size=(80, 24))
