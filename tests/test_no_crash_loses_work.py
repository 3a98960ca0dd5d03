"""An error nobody expected does not lose work: the app writes the report to the problem log,
hands held typing to the store and journal, shows a panel saying what happened and where the
report is, and carries on (a screen whose handler raised is opened afresh). It stops, with
status 1, only when it cannot carry on: the Dashboard failing again and again."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from compact_tui.ui.register.register import RegisterScreen
from compact_tui.ui.shell.dashboard import DashboardScreen
from compact_tui.ui.shell.error_panel import ErrorPanel

from .waiting import wait_until

SIZE = (100, 30)


def panel_text(app) -> str:
    return " ".join(str(s.content) for s in app.screen.query(Static))


@pytest.mark.errors_expected
async def test_a_failing_key_action_shows_the_panel_and_the_app_carries_on(
        make_app, demo_path: Path, monkeypatch, isolated_home: Path) -> None:
    def broken(self) -> None:
        raise KeyError("ref")

    monkeypatch.setattr(RegisterScreen, "action_import_csv", broken)
    app = make_app(demo_path, section="register")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, ErrorPanel))
        shown = panel_text(app)
        report = app.store.events.log.path
        assert "met an error it did not expect in the Register section: KeyError: 'ref'" in shown
        assert f"The details are written to {report}" in shown
        assert "Your edits are kept" in shown
        assert "Traceback" in report.read_text() and "KeyError: 'ref'" in report.read_text()
        assert "the app carried on" in report.read_text()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RegisterScreen))
        await pilot.press("1")  # the keys still work
        await wait_until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        assert app.is_running and app.crash is None
    assert app.return_code in (0, None)


@pytest.mark.errors_expected
async def test_a_screen_whose_handler_raised_is_opened_afresh(make_app, demo_path: Path,
                                                              monkeypatch) -> None:
    real_refresh = RegisterScreen.refresh_data
    calls = []

    def fails_once(self) -> None:
        calls.append(self)
        if len(calls) == 1:
            raise ValueError("a damaged organisation")
        real_refresh(self)

    monkeypatch.setattr(RegisterScreen, "refresh_data", fails_once)
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await wait_until(pilot, lambda: isinstance(app.screen, ErrorPanel))
        assert "The Register section was opened afresh" in panel_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, RegisterScreen))
        assert app.screen is calls[-1] and app.screen is not calls[0]
        table = app.screen.query_one(DataTable)
        assert table.row_count > 0
        first = table.cursor_row
        await pilot.press("down")  # the fresh screen answers keys
        await wait_until(pilot, lambda: table.cursor_row == first + 1)


@pytest.mark.errors_expected
async def test_typing_held_by_a_screen_reaches_the_journal_when_an_error_happens(
        make_app, demo_path: Path, monkeypatch) -> None:
    from compact_tui.ui.meetings.chair import ChairScreen
    from compact_tui.ui.widgets import shared_text

    monkeypatch.setattr(shared_text, "FLUSH_SECONDS", 600)  # typing would wait ten minutes
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ChairScreen))
        area = app.screen.minutes_area
        await wait_until(pilot, lambda: area.binding is not None and area.has_focus)
        journalled = len(app.store.journal)
        await pilot.press(*"Held words")
        await wait_until(pilot, lambda: "Held words" in area.text)
        assert area.unsaved

        def broken() -> None:
            raise RuntimeError("something unexpected")

        app.call_later(broken)
        await wait_until(pilot, lambda: isinstance(app.screen, ErrorPanel))
        assert not area.unsaved
        assert len(app.store.journal) > journalled
        key = area.binding.key
        assert "Held words" in app.store.get(key[0], key[1])[key[2]]


@pytest.mark.errors_expected
async def test_the_app_stops_with_status_1_when_the_dashboard_keeps_failing(
        make_app, demo_path: Path, monkeypatch) -> None:
    def broken(self) -> None:
        raise RuntimeError("the dashboard cannot be drawn")

    monkeypatch.setattr(DashboardScreen, "refresh_data", broken)
    app = make_app(demo_path)
    # While starting, Textual stops the app and the test harness raises the error again;
    # once started, the app rebuilds the Dashboard once, then stops on the second failure.
    with contextlib.suppress(RuntimeError):
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: not app.is_running or app._exit)
    assert app.return_code == 1
    assert isinstance(app.crash, RuntimeError)
    assert "The app stopped on an unexpected error" in app.store.events.log.read()


def test_the_error_panel_at_80x24(snap_compare, make_app, demo_path: Path,
                                  frozen_clock) -> None:
    async def show_panel(pilot) -> None:
        error = KeyError("ref")
        pilot.app.push_screen(ErrorPanel(
            error, Path("/home/jo/.local/share/compact-tui/problems.log"),
            " in the Actions section", "The Actions section was opened afresh."))
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ErrorPanel))

    assert snap_compare(make_app(demo_path, section="actions"), terminal_size=(80, 24),
                        run_before=show_panel)


@pytest.mark.errors_expected
async def test_an_error_while_closing_is_reported_and_the_quit_goes_on(
        make_app, demo_path: Path) -> None:
    app = make_app(demo_path, section="register")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RegisterScreen))
        app.exit()  # the member quit; a handler fails as the screens close
        app._handle_exception(RuntimeError("a screen that cannot let go"))
    assert app.crash is None and app.return_code in (0, None)
    assert "while closing" in app.store.events.log.read()


@pytest.mark.errors_expected
async def test_a_dialog_whose_handler_raised_is_closed_and_the_section_carries_on(
        make_app, demo_path: Path, monkeypatch) -> None:
    from compact_tui.ui.register.organisation_form import OrganisationForm

    def broken(self) -> None:
        raise RuntimeError("the form cannot save")

    monkeypatch.setattr(OrganisationForm, "submit", broken)
    app = make_app(demo_path, section="register")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RegisterScreen))
        register = app.screen
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, OrganisationForm))
        await pilot.press("enter")  # the form's own handler (Input.Submitted) raises
        await wait_until(pilot, lambda: isinstance(app.screen, ErrorPanel))
        assert "The organisation form was closed" in panel_text(app)
        assert not any(isinstance(s, OrganisationForm) for s in app.screen_stack)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is register)
        await pilot.press("e")  # the section still answers: the form opens again
        await wait_until(pilot, lambda: isinstance(app.screen, OrganisationForm))
