"""The clerk emails the agenda from the Meetings screen in three keys, to a real SMTP server.

Also: minutes after the meeting, drafts instead of sending, a server that refuses someone
(listed in the dialog, and the next `y` reaches only them), and the dialog at 80x24.
"""

from __future__ import annotations

import email
from pathlib import Path

import pytest
from textual.widgets import Button, Static

from compact_tui.config import Settings, SmtpSettings
from compact_tui.content import default_content
from compact_tui.domain.mailings import MAILINGS, SENT, MailingsService
from compact_tui.domain.meetings import MeetingsService
from compact_tui.store import open_store
from compact_tui.ui.app import CompactApp
from compact_tui.ui.meetings.meetings import MeetingsScreen
from compact_tui.ui.meetings.send_papers import SendPapersScreen

pytest.importorskip("aiosmtpd", reason="aiosmtpd (test extra) is not installed")
from tests.test_mail import Inbox, serve

SIZE = (110, 36)


def app_on(path: Path, smtp: SmtpSettings | None = None) -> CompactApp:
    store = open_store(path, member="Jo Morgan")
    settings = Settings(member="Jo Morgan", smtp=smtp or SmtpSettings())
    return CompactApp(store, default_content(), settings, persist_settings=False,
                      background=False, start_section="meetings")


def shown(app: CompactApp) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


def status(app: CompactApp) -> str:
    return str(app.screen.query_one("#send-status", Static).render())


async def until(pilot, condition, tries: int = 400) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the condition never held")


async def highlight(pilot, app: CompactApp, meeting_id: str) -> None:
    screen = app.screen
    assert isinstance(screen, MeetingsScreen)
    screen.table.select(meeting_id)
    await pilot.pause()


async def test_three_keys_send_the_next_agenda_to_every_champion(demo_path: Path) -> None:
    inbox = Inbox()
    with serve(inbox) as smtp:
        app = app_on(demo_path, smtp)
        async with app.run_test(size=SIZE) as pilot:
            upcoming = MeetingsService(app.store).next_meeting()
            await highlight(pilot, app, upcoming.id)
            await pilot.press("@")
            await until(pilot, lambda: isinstance(app.screen, SendPapersScreen))
            preview = shown(app)
            assert "Email the agenda of" in preview and "recipient(s)" in preview
            assert ".ics" in preview
            await pilot.press("enter")  # Enter alone is Cancel: nothing goes
            await until(pilot, lambda: isinstance(app.screen, MeetingsScreen))
            assert inbox.messages == []
            await pilot.press("@", "y")
            await until(pilot, lambda: isinstance(app.screen, MeetingsScreen) and bool(
                inbox.messages) and "Agenda sent to" in shown(app))
            records = app.store.all(MAILINGS)
            recipients, _ = MailingsService(app.store, default_content()).members()
            assert (f"Agenda sent to {len(recipients)} recipient(s) on 25 November 2026."
                    in shown(app))
    assert len(inbox.messages) == len(recipients)
    [record] = records
    assert record["kind"] == "agenda" and {r["result"] for r in record["recipients"]} == {SENT}


async def test_minutes_of_a_past_meeting_as_drafts_in_a_folder(demo_path: Path,
                                                                tmp_path: Path) -> None:
    app = app_on(demo_path)
    folder = tmp_path / "drafts"
    async with app.run_test(size=SIZE) as pilot:
        latest = MeetingsService(app.store).latest_held()
        await highlight(pilot, app, latest.id)
        await pilot.press("@")
        await until(pilot, lambda: isinstance(app.screen, SendPapersScreen))
        assert "Email the minutes of" in shown(app)
        assert "No SMTP server is set" in shown(app)
        await pilot.press("y")  # no server: says so, sends nothing, stays open
        await until(pilot, lambda: "add an smtp: section" in str(
            app.screen.query_one("#send-status", Static).render()))
        drafts = app.screen.query_one("#send-drafts")
        drafts.value = str(folder)
        app.screen.query_one("#send-drafts-button", Button).focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MeetingsScreen))
        await until(pilot, lambda: "Minutes drafted for" in shown(app)
                    or "Draft minutes drafted for" in shown(app))
    files = sorted(folder.glob("*.eml"))
    assert files
    mail = email.message_from_bytes(files[0].read_bytes())
    assert mail["X-Unsent"] == "1" and "inutes" in mail["Subject"]


async def test_a_refused_champion_is_listed_and_y_again_reaches_only_them(
        demo_path: Path) -> None:
    with open_store(demo_path, member="check", read_only=True) as store:
        recipients, _ = MailingsService(store, default_content()).members()
    refused = recipients[0].address
    inbox = Inbox(refuse=(refused,))
    with serve(inbox) as smtp:
        app = app_on(demo_path, smtp)
        async with app.run_test(size=SIZE) as pilot:
            await highlight(pilot, app, MeetingsService(app.store).next_meeting().id)
            await pilot.press("@", "y")
            await until(pilot, lambda: isinstance(app.screen, SendPapersScreen)
                        and "Not sent:" in status(app))
            assert refused in shown(app) or recipients[0].name in status(app)
            assert "550" in status(app)
            inbox.refuse.clear()
            before = len(inbox.recipients)
            await pilot.press("y")
            await until(pilot, lambda: isinstance(app.screen, MeetingsScreen))
            assert inbox.recipients[before:] == [refused]


def test_send_dialog_at_80x24(snap_compare, demo_path: Path, frozen_clock,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    from compact_tui.ui.meetings import send_papers

    monkeypatch.setattr(send_papers, "private_export_folder",
                        lambda: Path("/home/jo/Documents/compact-tui"))
    assert snap_compare(app_on(demo_path), press=["@"], terminal_size=(80, 24))
