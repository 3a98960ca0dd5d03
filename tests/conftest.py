"""Shared fixtures: every test runs with its own config/data dirs and a fixed 'today'."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest_plugins = ["tests.chair_clock"]  # the chair's fake clock fixture

FIXED_TODAY = "2026-11-25"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the user's real config, device id and journal out of every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("COMPACT_TUI_HOME", str(home))
    monkeypatch.setenv("COMPACT_TUI_TODAY", FIXED_TODAY)
    monkeypatch.delenv("COMPACT_TUI_STORE", raising=False)
    return home


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The demo store's bytes, made once per test process (it is the same every time).

    Not marked as demo data, so screens and snapshots show it as a group's own file looks
    (tests of the DEMO DATA label make a marked one with ``write_demo``)."""
    from compact_tui.demo import write_demo

    home = tmp_path_factory.mktemp("demo-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COMPACT_TUI_HOME", str(home))
        patch.setenv("COMPACT_TUI_TODAY", FIXED_TODAY)
        path = write_demo(tmp_path_factory.mktemp("demo") / "compact.json", marked=False)
    return path.read_bytes()


@pytest.fixture
def demo_path(tmp_path: Path, _demo_template: bytes) -> Path:
    """A fresh copy of the demo store (Brentwood, around 25 November 2026)."""
    path = tmp_path / "compact.json"
    path.write_bytes(_demo_template)
    return path


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fix the status line's clock and file name so snapshots do not change minute by
    minute, nor with the temporary folder pytest (or its xdist worker) happened to choose."""
    from compact_tui.ui.app import CompactApp

    monkeypatch.setattr(CompactApp, "clock_text", staticmethod(lambda moment: "14:00"
                                                               if moment else ""))
    monkeypatch.setattr(CompactApp, "path_text", staticmethod(lambda path: "store/compact.json"))


@pytest.fixture
def make_app(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Callable[..., object]]:
    """Build the app on a store: ``make_app(path, section="register")``.

    The app carries on after an unexpected error (it shows a panel), so a test would not
    notice one: any error an app met fails the test, unless it is marked ``errors_expected``.

    Background saving is off so tests decide when to save; the member is preset so the
    first-start prompt does not appear unless a test asks for it.
    """
    from compact_tui.config import Settings
    from compact_tui.content import default_content
    from compact_tui.store import open_store
    from compact_tui.ui.app import CompactApp

    def build(path: Path | None = None, *, section: str = "dashboard",
              member: str = "Jo Morgan", background: bool = False) -> CompactApp:
        store = open_store(path or tmp_path / "compact.json", member=member)
        settings = Settings(member=member)
        built.append(CompactApp(store, default_content(), settings, persist_settings=False,
                                background=background, start_section=section))
        return built[-1]

    built: list[CompactApp] = []
    yield build
    if request.node.get_closest_marker("errors_expected") is None:
        met = [error for app in built for error in app.errors_met]
        assert not met, f"the app met unexpected errors: {met!r}"
