"""The app shell: every section opens by key and from the palette; help, theme, member name."""

from __future__ import annotations

from pathlib import Path

import pytest

from compact_tui.config import load_settings
from compact_tui.ui.shell.help import HelpScreen
from compact_tui.ui.shell.member_prompt import MemberPromptScreen
from compact_tui.ui.widgets.chrome import SECTIONS, SectionTabs, StatusLine
from tests.waiting import wait_until

SIZE = (100, 30)


def _screen_text(app) -> str:
    return " ".join(str(w.render()) for w in app.screen.query("Static"))


async def test_every_section_opens_with_its_key(make_app, demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        for key, mode, title in SECTIONS:
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
            tabs = app.screen.query_one(SectionTabs)
            assert f"[{key} {title}" in str(tabs.render())


async def test_status_line_shows_file_member_and_save_state(make_app, demo_path: Path) -> None:
    app = make_app(demo_path, member="Priya Shah")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one(StatusLine).render())
        assert f"{demo_path.parent.name}/compact.json" in line
        assert "Priya Shah" in line


async def test_dashboard_shows_what_needs_attention(make_app, demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = _screen_text(app)
        assert "Next meeting" in str(app.screen.query_one("#dash-meeting").border_title)
        assert "December 2026" in text
        assert "open" in text and "overdue" in text
        assert "Statutory: 5" in text
        assert "Voluntary and community: 2" in text
        assert "1 awaiting review" in text
        assert "• Active Brentwood\n  self-assessment 2026" in text
        assert "! Rita Gomez, due 22 Oct 2026" in text


async def test_help_lists_keys_and_closes_with_escape(make_app, demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = _screen_text(app)
        assert "ctrl+q" in text and "Quit" in text
        assert "Dashboard" in text and "Conflicts" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_theme_toggles_between_dark_and_light(make_app, demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"
        assert app.settings.theme == "textual-light"


def _palette_hits(palette) -> str:
    from textual.command import CommandList

    hits = palette.query_one(CommandList)
    return " ".join(str(hits.get_option_at_index(index).prompt)
                    for index in range(hits.option_count))


async def test_palette_jumps_to_a_section(make_app, demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Go to Register")
        palette = app.screen
        await wait_until(pilot, lambda: "Go to Register" in _palette_hits(palette))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.current_mode == "register")


async def test_first_start_asks_for_the_member_name_once(demo_path: Path) -> None:
    from compact_tui.config import Settings
    from compact_tui.content import default_content
    from compact_tui.store import open_store
    from compact_tui.ui.app import CompactApp

    store = open_store(demo_path)
    app = CompactApp(store, default_content(), Settings(), background=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MemberPromptScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert "Please enter your name" in _screen_text(app)
        await pilot.press(*"Lee Chan", "enter", *"minute taker", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, MemberPromptScreen)
    assert store.member == "Lee Chan"
    saved = load_settings()
    assert (saved.member, saved.member_role) == ("Lee Chan", "minute taker")


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_shell_snapshot(snap_compare, make_app, demo_path: Path, frozen_clock,
                        size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=size)


def test_help_snapshot(snap_compare, make_app, demo_path: Path, frozen_clock) -> None:
    assert snap_compare(make_app(demo_path), press=["question_mark"], terminal_size=(80, 24))


async def test_app_quits_when_its_session_is_gone(make_app, demo_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.store.insert("organisations", {"name": "Brentwood Foodbank"})
        parent = os.getppid()
        monkeypatch.setattr(os, "getppid", lambda: parent + 1)
        app._exit_if_orphaned()
        await pilot.pause()
        assert app._exit
    app.store.close()
    from compact_tui.store import open_store

    with open_store(demo_path, member="check", read_only=True) as store:
        assert any(o["name"] == "Brentwood Foodbank" for o in store.all("organisations"))
