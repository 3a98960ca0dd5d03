"""Snapshots of the meetings list, agenda editor, chair mode (80x24 too) and action log.

Deterministic: today is pinned, the status-line clock is frozen and chair mode's ``now`` is a
fixed moment 7 minutes into the demo's upcoming meeting (so item 1, planned 5, shows OVER).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from compact_tui.domain.meetings import MeetingsService
from compact_tui.store import open_store
from compact_tui.ui.meetings.chair import ChairScreen

START = datetime(2026, 12, 3, 14, 0, 0)
NOW = START + timedelta(minutes=7, seconds=12)


async def settle(pilot) -> None:
    """Let the app finish switching to its start section before any key is pressed."""
    await pilot.pause()
    await pilot.pause()


async def open_chair(pilot) -> None:
    """Open chair mode on the upcoming meeting."""
    await settle(pilot)
    await pilot.press("c")
    await pilot.pause()


@pytest.fixture
def meeting_under_way(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The upcoming demo meeting started at 14:00 with a few present; chair's clock fixed."""
    monkeypatch.setattr(ChairScreen, "now", staticmethod(lambda: NOW))
    with open_store(demo_path, member="Alex Hart") as store:
        service = MeetingsService(store)
        meeting = service.upcoming()[0]
        first = service.items(meeting.id)[0]
        service.start_item(first.id, START)
        service.set_minutes(first.id, "The Chair welcomed members.\n#apologies Essex County "
                                      "Council")
        service.apply_quick_entries(first.id)
        for row in store.all("organisations")[:3]:
            service.set_attendance(meeting.id, organisation_id=row["id"], status="present")
    return demo_path


def test_meetings_list(snap_compare, make_app, demo_path, frozen_clock) -> None:
    assert snap_compare(make_app(demo_path, section="meetings"), terminal_size=(100, 30),
                        run_before=settle)


def test_meetings_list_80x24(snap_compare, make_app, demo_path, frozen_clock) -> None:
    assert snap_compare(make_app(demo_path, section="meetings"), press=["down"],
                        terminal_size=(80, 24), run_before=settle)


def test_agenda_editor(snap_compare, make_app, demo_path, frozen_clock) -> None:
    assert snap_compare(make_app(demo_path, section="meetings"), press=["enter"],
                        terminal_size=(100, 30), run_before=settle)


def test_chair_mode(snap_compare, make_app, meeting_under_way, frozen_clock) -> None:
    assert snap_compare(make_app(meeting_under_way, section="meetings"),
                        terminal_size=(100, 30), run_before=open_chair)


def test_chair_mode_80x24(snap_compare, make_app, meeting_under_way, frozen_clock) -> None:
    assert snap_compare(make_app(meeting_under_way, section="meetings"),
                        terminal_size=(80, 24), run_before=open_chair)


def test_chair_attendance_80x24(snap_compare, make_app, meeting_under_way,
                                frozen_clock) -> None:
    assert snap_compare(make_app(meeting_under_way, section="meetings"), press=["f5"],
                        terminal_size=(80, 24), run_before=open_chair)


def test_action_log(snap_compare, make_app, demo_path, frozen_clock) -> None:
    assert snap_compare(make_app(demo_path, section="actions"), terminal_size=(100, 30),
                        run_before=settle)


def test_action_log_80x24(snap_compare, make_app, demo_path, frozen_clock) -> None:
    assert snap_compare(make_app(demo_path, section="actions"), press=["f"],
                        terminal_size=(80, 24), run_before=settle)
