"""A chair-mode clock that moves only when a test says so, shared by the chair's UI tests."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from compact_tui.ui.meetings.chair import ChairScreen

START = datetime(2026, 12, 3, 14, 0, 0)


class FakeClock:
    """``ChairScreen.now`` for tests: moves only when told."""

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
