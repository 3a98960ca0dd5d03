"""The meeting record driven from the keyboard in chair mode and the action log: the people
typed, declarations, votes, corrections, approval and what the exported minutes say."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from compact_tui.domain.exports import minutes_markdown
from compact_tui.domain.meetings import MeetingsService
from compact_tui.domain.register import RegisterService
from compact_tui.ui.meetings.chair import ChairScreen

SIZE = (120, 36)
START = datetime(2026, 12, 3, 14, 0, 0)
APOLOGIES_LINE = ("#apologies Dr Mark Ellis (Basildon and Brentwood CCG); "
                  "Cllr Helen Ward (Health and Wellbeing Board)")


class FakeClock:
    def __init__(self) -> None:
        self.moment = START

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(ChairScreen, "now", staticmethod(fake))
    return fake


async def _type(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


async def _open_chair(app, pilot) -> MeetingsService:
    await pilot.press("c")  # the upcoming meeting is the first row
    for _ in range(20):
        await pilot.pause()
        if isinstance(app.screen, ChairScreen):
            break
    assert isinstance(app.screen, ChairScreen)
    return MeetingsService(app.store, app.content)


def _organisation_id(store, name: str) -> str:
    return next(o.id for o in RegisterService(store).organisations() if o.name == name)


async def test_the_apologies_line_gives_exactly_the_two_people_typed(
        make_app, demo_path: Path, clock: FakeClock) -> None:
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = await _open_chair(app, pilot)
        meeting_id = app.screen.meeting_id
        before = {a.id for a in service.attendance(meeting_id)}
        await _type(pilot, APOLOGIES_LINE)
        await pilot.press("enter")
        await pilot.pause()
        added = [a for a in service.attendance(meeting_id) if a.id not in before]
        assert {(a.status, a.name, a.organisation_id) for a in added} == {
            ("apologies", "Dr Mark Ellis", _organisation_id(
                app.store, "Basildon and Brentwood Clinical Commissioning Group")),
            ("apologies", "Cllr Helen Ward", _organisation_id(
                app.store, "Brentwood Health and Wellbeing Board"))}
        notices = [n.message for n in app._notifications]
        assert any("Apologies recorded: Dr Mark Ellis" in n for n in notices)
        exported = minutes_markdown(app.store, meeting_id, app.content)
        apologies = next(line for line in exported.splitlines()
                         if line.startswith("**Apologies:**"))
        assert "Dr Mark Ellis (Basildon and Brentwood Clinical Commissioning Group)" in apologies
        assert "Cllr Helen Ward (Brentwood Health and Wellbeing Board)" in apologies
        for invented in ("Tom Ellis", "Ama Owusu", "(Health;", "(Basildon;"):
            assert invented not in apologies
