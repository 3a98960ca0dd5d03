"""How the Disputes screens look: the list (a confidential dispute first, its step OVERDUE),
a confidential dispute's detail, and the raise form, at 100x30 and the 80x24 minimum."""

from __future__ import annotations

from pathlib import Path

import pytest

# Short names and ids: the status line shows the tmp folder, which pytest names after the
# test (cut to 30 characters, then numbered), so longer names would differ between runs.
SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]


@pytest.mark.parametrize("size", SIZES)
def test_snap_list(snap_compare, make_app, demo_path: Path, frozen_clock,
                                size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_path, section="disputes"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_snap_closed(snap_compare, make_app, demo_path: Path, frozen_clock,
                                  size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_path, section="disputes"), press=["f"],
                        terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_snap_detail(snap_compare, make_app, demo_path: Path, frozen_clock,
                                 size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_path, section="disputes"), press=["enter"],
                        terminal_size=size)


def test_snap_raise(snap_compare, make_app, demo_path: Path, frozen_clock) -> None:
    assert snap_compare(make_app(demo_path, section="disputes"), press=["n"],
                        terminal_size=(80, 24))


def test_snap_stage(snap_compare, make_app, demo_path: Path, frozen_clock) -> None:
    assert snap_compare(make_app(demo_path, section="disputes"), press=["down", "s"],
                        terminal_size=(80, 24))
