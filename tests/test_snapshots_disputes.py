"""How the Disputes screens look: the list (a confidential dispute first, its step OVERDUE),
a confidential dispute's detail, and the raise form, at 100x30 and the 80x24 minimum."""

from __future__ import annotations

from pathlib import Path

import pytest

SIZES = [(100, 30), (80, 24)]


@pytest.mark.parametrize("size", SIZES)
def test_disputes_list_snapshot(snap_compare, make_app, demo_path: Path, frozen_clock,
                                size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_path, section="disputes"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_closed_disputes_snapshot(snap_compare, make_app, demo_path: Path, frozen_clock,
                                  size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_path, section="disputes"), press=["o"],
                        terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_dispute_detail_snapshot(snap_compare, make_app, demo_path: Path, frozen_clock,
                                 size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_path, section="disputes"), press=["enter"],
                        terminal_size=size)


def test_raise_form_snapshot(snap_compare, make_app, demo_path: Path, frozen_clock) -> None:
    assert snap_compare(make_app(demo_path, section="disputes"), press=["n"],
                        terminal_size=(80, 24))


def test_stage_form_snapshot(snap_compare, make_app, demo_path: Path, frozen_clock) -> None:
    assert snap_compare(make_app(demo_path, section="disputes"), press=["down", "m"],
                        terminal_size=(80, 24))
