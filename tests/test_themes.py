"""Readable for everyone: a high-contrast theme whose every text/background pair reaches
WCAG AAA (7:1), ctrl+t stepping through the themes, and NO_COLOR honoured with every state
still said in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color
from textual.widgets import DataTable

from compact_tui.ui.actions.actions import ActionsScreen
from compact_tui.ui.themes import THEME_CYCLE, next_theme


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(text: str, background: str) -> float:
    back = Color.parse(background)
    front = back + Color.parse(text)  # blends any transparency over the background
    lighter, darker = sorted((luminance(front), luminance(back)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


PAIRS = [("foreground", "background"), ("text-muted", "surface"),
         ("text-primary", "background"), ("footer-key-foreground", "footer-background"),
         ("footer-description-foreground", "footer-background"),
         ("block-cursor-foreground", "block-cursor-background"), ("primary", "background"),
         ("warning", "background"), ("error", "background"), ("success", "background")]


async def test_high_contrast_reaches_seven_to_one_everywhere(make_app, demo_path: Path) -> None:
    app = make_app(demo_path)
    app.settings.theme = "high-contrast"
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "high-contrast"
        await pilot.pause()
        variables = app.get_css_variables()
        for text, background in PAIRS:
            ratio = contrast(variables[text], variables[background])
            assert ratio >= 7, f"{text} on {background}: {ratio:.1f}:1"


async def test_the_theme_from_settings_and_ctrl_t_steps_through_all(make_app,
                                                                   demo_path: Path) -> None:
    from compact_tui.config import Settings
    from compact_tui.content import default_content
    from compact_tui.store import open_store
    from compact_tui.ui.app import CompactApp

    app = CompactApp(open_store(demo_path, member="Jo"), default_content(),
                     Settings(member="Jo", theme="high-contrast"), persist_settings=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "high-contrast" and not app.settings_problem
        seen = [app.theme]
        for _ in THEME_CYCLE:
            await pilot.press("ctrl+t")
            seen.append(app.theme)
        assert set(seen) == set(THEME_CYCLE) and seen[-1] == seen[0]
        assert app.settings.theme == app.theme  # kept for next time
    assert next_theme("nord") == THEME_CYCLE[0]


async def test_no_color_still_says_overdue_in_words(make_app, demo_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(demo_path, section="actions")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.no_color
        screen = app.screen
        assert isinstance(screen, ActionsScreen)
        table = screen.query_one(DataTable)
        overdue = [action for action in app.services.actions.all_actions()
                   if action.is_overdue()]
        assert overdue, "the demo store has overdue actions"
        statuses = [str(table.get_row_at(row)[-1]) for row in range(table.row_count)]
        assert statuses.count("OVERDUE") == len(overdue)


def test_actions_at_80x24_with_no_color(snap_compare, make_app, demo_path: Path, frozen_clock,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(demo_path, section="actions"), terminal_size=(80, 24))


def test_dashboard_at_80x24_high_contrast(snap_compare, make_app, demo_path: Path,
                                         frozen_clock) -> None:
    app = make_app(demo_path)
    app.settings.theme = "high-contrast"

    async def switch(pilot) -> None:
        app.theme = "high-contrast"
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=switch)
