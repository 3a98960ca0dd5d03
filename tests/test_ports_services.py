"""The record port the domain is typed against, and the services the app builds once."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from compact_tui.domain.meetings import MeetingsService
from compact_tui.domain.ports import RecordPort, TextEditResult
from compact_tui.domain.register import RegisterService
from compact_tui.store import Store, open_store
from compact_tui.ui.meetings.meetings import MeetingsScreen
from compact_tui.ui.register.register import RegisterScreen


def _port_members(protocol: type) -> list[str]:
    return [name for name in vars(protocol) if not name.startswith("_")]


@pytest.mark.parametrize("name", _port_members(RecordPort))
def test_the_store_offers_every_port_method_with_the_same_parameters(name: str) -> None:
    wanted, offered = getattr(RecordPort, name), getattr(Store, name)
    if isinstance(wanted, property):
        assert isinstance(offered, property)
        return
    assert list(inspect.signature(offered).parameters) == list(
        inspect.signature(wanted).parameters)


def test_a_text_edit_result_has_what_the_port_promises(tmp_path: Path) -> None:
    with open_store(tmp_path / "compact.json", member="Jo") as store:
        item = store.insert("agenda_items", {"minutes": "Welcome."})
        result = store.edit_text("agenda_items", item, "minutes", "Welcome.", "Welcome all.")
        for name in _port_members(TextEditResult):
            assert hasattr(result, name)
        assert (result.text, result.overlapped) == ("Welcome all.", False)


async def test_screens_share_the_services_the_app_built_once(
        make_app, demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    for service in (MeetingsService, RegisterService):
        real_init = service.__init__

        def counting_init(self, *args, _real=real_init, **kwargs) -> None:
            made.append(type(self).__name__)
            _real(self, *args, **kwargs)

        monkeypatch.setattr(service, "__init__", counting_init)
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        meetings = app.screen.service
        assert meetings is app.services.meetings and meetings.store is app.store
        for key in ("4", "2", "4", "2"):  # register, meetings, and back: each refreshes
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert app.screen.service is meetings
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, RegisterScreen)
        assert app.screen.service is app.services.register
    assert made.count("MeetingsService") == 1
    assert made.count("RegisterService") == 1
