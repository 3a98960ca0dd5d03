"""Damaged records at 80x24: a section's banner and marked row, the Damaged records screen
and the repair form (issue 17, point 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .damage import damage, first_id
from .test_snapshots_meetings import settle

SIZE = (80, 24)


def _damaged_store(path: Path) -> None:
    damage(path, "organisations", first_id(path, "organisations"), {"name": 42, "sector": None})
    damage(path, "agenda_items", first_id(path, "agenda_items"), {"planned_minutes": "ten"})


async def _open_damaged(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    pilot.app.action_damaged()
    await settle(pilot)


@pytest.mark.parametrize("keys", [[], ["enter"]], ids=["damaged_records", "repair_form"])
def test_damaged_records_at_80x24(snap_compare, make_app, demo_path: Path, frozen_clock,
                                  keys: list[str]) -> None:
    _damaged_store(demo_path)
    assert snap_compare(make_app(demo_path, section="register"), press=keys,
                        terminal_size=SIZE, run_before=_open_damaged)


def test_register_marks_a_damaged_organisation_at_80x24(snap_compare, make_app,
                                                        demo_path: Path, frozen_clock) -> None:
    _damaged_store(demo_path)
    assert snap_compare(make_app(demo_path, section="register"), terminal_size=SIZE,
                        run_before=settle)
