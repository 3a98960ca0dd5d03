"""Snapshots of the meeting record's forms at 80x24 and 120x40: decision (votes on any item,
who took no part, the count question), a vote on the item itself (the same without wording),
declaration (item, kind, what they did), who came for an organisation (register contacts by
number), and corrections side by side."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input

from compact_tui.domain.meetings import MeetingsService
from compact_tui.store import open_store
from compact_tui.ui.meetings.chair import ChairScreen

START = datetime(2026, 12, 3, 14, 0, 0)
NOW = START + timedelta(minutes=7, seconds=12)
SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def meeting_with_records(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The upcoming demo meeting under way, with a decision corrected once."""
    monkeypatch.setattr(ChairScreen, "now", staticmethod(lambda: NOW))
    monkeypatch.setattr("compact_tui.domain.corrections._now",
                        lambda: "2026-12-03T14:05:00+00:00")
    with open_store(demo_path, member="Alex Hart") as store:
        service = MeetingsService(store)
        meeting = service.upcoming()[0]
        first = service.items(meeting.id)[0]
        service.start_item(first.id, START)
        for row in store.all("organisations")[:3]:
            service.set_attendance(meeting.id, organisation_id=row["id"], status="present")
        decision = service.add_decision(meeting.id, first.id, "Note the terms of reference",
                                        votes_for=3, votes_against=0, votes_abstain=0)
        service.update_decision(decision, text="Adopt the terms of reference")
    return demo_path


async def _showing(pilot, screen_name: str) -> None:
    """Wait (bounded) until that screen is on top and has drawn."""
    for _ in range(200):
        if type(pilot.app.screen).__name__ == screen_name:
            break
        await pilot.pause()
    assert type(pilot.app.screen).__name__ == screen_name
    # A blinking cursor would make the picture depend on how busy the machine is.
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()
    await pilot.pause()


async def _chair(pilot) -> None:
    await pilot.pause()
    await pilot.pause()
    await pilot.press("c")
    await _showing(pilot, "ChairScreen")


async def _decision_form(pilot) -> None:
    await _chair(pilot)
    await pilot.press("f2")
    await _showing(pilot, "DecisionFormScreen")


async def _vote_form(pilot) -> None:
    await _chair(pilot)
    await pilot.press("f11")
    await _showing(pilot, "DecisionFormScreen")


async def _declaration_form(pilot) -> None:
    await _chair(pilot)
    await pilot.press("f4")
    await _showing(pilot, "DeclarationFormScreen")


async def _someone_else_form(pilot) -> None:
    await _chair(pilot)
    await pilot.press("f5")
    await pilot.pause()
    await pilot.press("down")
    await pilot.press("plus")
    await _showing(pilot, "AttendeeFormScreen")


async def _corrections(pilot) -> None:
    await _chair(pilot)
    await pilot.press("tab")
    await pilot.pause()
    await pilot.press("h")
    await _showing(pilot, "CorrectionsScreen")


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("opening", [_decision_form, _vote_form, _declaration_form,
                                     _someone_else_form, _corrections],
                         ids=["decision", "vote", "declaration", "someone_else", "corrections"])
def test_meeting_record_forms(snap_compare, make_app, meeting_with_records, frozen_clock,
                              opening, size) -> None:
    assert snap_compare(make_app(meeting_with_records, section="meetings"),
                        terminal_size=size, run_before=opening)
