"""Papers and reminders by email, against a real SMTP server on 127.0.0.1 (aiosmtpd).

The server is a real one speaking SMTP over a socket: one that takes everything, one that
refuses one recipient, one that drops the connection half way and one that asks for a
password. What was sent is recorded in the store, what was not is listed and a second run
sends only to those, so nobody gets the same papers twice.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from compact_tui.cli import main
from compact_tui.config import ConfigError, Settings, SmtpSettings, load_settings, save_settings
from compact_tui.content import default_content
from compact_tui.domain.mailings import MAILINGS, SENT, MailingsService, summary
from compact_tui.domain.meetings import MeetingsService
from compact_tui.store import open_store

aiosmtpd = pytest.importorskip("aiosmtpd", reason="aiosmtpd (test extra) is not installed")
from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import AuthResult, LoginPassword  # noqa: E402

PASSWORD = "correct horse battery staple"


class Inbox:
    """An SMTP handler that keeps what it accepts; can refuse an address or hang up."""

    def __init__(self, refuse: tuple[str, ...] = (), hang_up_after: int | None = None) -> None:
        self.refuse = {address.casefold() for address in refuse}
        self.hang_up_after = hang_up_after
        self.messages: list[email.message.EmailMessage] = []
        self.recipients: list[str] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if address.casefold() in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.hang_up_after is not None and len(self.messages) >= self.hang_up_after:
            server.transport.close()  # the connection drops mid-mailing
            return "451 gone"
        self.messages.append(email.message_from_bytes(envelope.content,
                                                      policy=email.policy.default))
        self.recipients += envelope.rcpt_tos
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serve(handler: Inbox, **options: Any) -> Iterator[SmtpSettings]:
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    try:
        yield SmtpSettings(host="127.0.0.1", port=controller.port, security="none",
                           sender="clerk@brentwood-compact.org.uk",
                           user="clerk" if "authenticator" in options else "")
    finally:
        controller.stop()


def use(smtp: SmtpSettings) -> None:
    save_settings(Settings(member="Clerk", smtp=smtp))


def mailings(path: Path) -> list[dict[str, Any]]:
    with open_store(path, member="check", read_only=True) as store:
        return sorted(store.all(MAILINGS), key=lambda r: r["at"])


def expected_agenda_recipients(path: Path) -> tuple[set[str], list[str]]:
    with open_store(path, member="check", read_only=True) as store:
        recipients, missing = MailingsService(store, default_content()).members()
    return {r.address for r in recipients}, missing


def test_dry_run_lists_recipients_and_attachments_and_sends_nothing(
        demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = Inbox()
    with serve(inbox) as smtp:
        use(smtp)
        for what in (["agenda", "--next"], ["minutes", "--latest"], ["forms", "--year", "2027"],
                     ["reminders"]):
            assert main(["send", *what, "--dry-run", "--store", str(demo_path)]) == 0, what
            out = capsys.readouterr().out
            assert "recipient(s)" in out and "To " in out, what
            if what[0] == "agenda":
                assert ".ics" in out and "agenda-" in out
            if what[0] == "forms":
                assert "self-assessment" in out and "action-plan" in out
    assert inbox.messages == []
    assert mailings(demo_path) == []


def test_the_agenda_reaches_every_champion_with_the_calendar_file_and_is_recorded(
        demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = Inbox()
    addresses, missing = expected_agenda_recipients(demo_path)
    with serve(inbox) as smtp:
        use(smtp)
        assert main(["send", "agenda", "--next", "--store", str(demo_path)]) == 0
        err = capsys.readouterr().err
    assert {a.casefold() for a in inbox.recipients} == {a.casefold() for a in addresses}
    first = inbox.messages[0]
    assert first["Subject"].startswith("Agenda: ")
    assert first.get_body(("plain",)) is not None and first.get_body(("html",)) is not None
    names = {part.get_filename() for part in first.iter_attachments()}
    assert any(name.endswith(".ics") for name in names)
    assert any(name.endswith(".html") for name in names)
    [record] = mailings(demo_path)
    assert record["kind"] == "agenda" and record["by"] == "Clerk"
    assert {r["result"] for r in record["recipients"]} == {SENT}
    assert summary(record).startswith(f"agenda sent to {len(addresses)} recipient(s) on ")
    for name in missing:  # organisations without an address are listed, not skipped
        assert f"no email address for {name}" in err
    # Running it again sends nothing twice.
    with serve(again := Inbox()) as smtp:
        use(smtp)
        assert main(["send", "agenda", "--next", "--store", str(demo_path)]) == 0
    assert again.messages == []
    assert "Nothing to send." in capsys.readouterr().err


def test_a_refused_recipient_is_recorded_and_a_retry_sends_only_to_them(
        demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    addresses, _ = expected_agenda_recipients(demo_path)
    refused = sorted(addresses)[0]
    inbox = Inbox(refuse=(refused,))
    with serve(inbox) as smtp:
        use(smtp)
        assert main(["send", "agenda", "--next", "--store", str(demo_path)]) == 1
        err = capsys.readouterr().err
    assert refused in err and "550" in err and "Run the same command again" in err
    assert refused.casefold() not in {a.casefold() for a in inbox.recipients}
    assert len(inbox.messages) == len(addresses) - 1
    [record] = mailings(demo_path)
    results = {r["address"]: r["result"] for r in record["recipients"]}
    assert results[refused] == "refused"
    assert summary(record).endswith("(1 not reached: retry to send to them)")

    retry = Inbox()
    with serve(retry) as smtp:
        use(smtp)
        assert main(["send", "agenda", "--next", "--store", str(demo_path)]) == 0
    assert retry.recipients == [refused]


def test_a_connection_dropped_half_way_leaves_a_record_and_the_rest_go_on_retry(
        demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    addresses, _ = expected_agenda_recipients(demo_path)
    assert len(addresses) > 4
    inbox = Inbox(hang_up_after=3)
    with serve(inbox) as smtp:
        use(smtp)
        assert main(["send", "agenda", "--next", "--store", str(demo_path)]) == 1
        err = capsys.readouterr().err
    assert "Sent to 3 of" in err and "connection to the server was lost" in err
    [record] = mailings(demo_path)
    sent = {r["address"].casefold() for r in record["recipients"] if r["result"] == SENT}
    assert sent == {a.casefold() for a in inbox.recipients} and len(sent) == 3

    retry = Inbox()
    with serve(retry) as smtp:
        use(smtp)
        assert main(["send", "agenda", "--next", "--store", str(demo_path)]) == 0
    got = [a.casefold() for a in retry.recipients]
    assert sorted(got) == sorted({a.casefold() for a in addresses} - sent)  # nobody twice


def test_the_password_comes_from_the_environment_and_is_never_written(
        demo_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_home: Path) -> None:
    def check(server: Any, session: Any, envelope: Any, mechanism: str,
              auth_data: Any) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and auth_data.password == PASSWORD.encode()
        return AuthResult(success=ok, handled=False)

    monkeypatch.setenv("COMPACT_TUI_SMTP_PASSWORD", PASSWORD)
    inbox = Inbox()
    with serve(inbox, authenticator=check, auth_require_tls=False) as smtp:
        use(smtp)
        assert main(["send", "reminders", "--store", str(demo_path)]) == 0
    assert inbox.messages, "the reminders were sent after logging in"
    assert all(m["Subject"] == "Compact reminder: due and overdue" for m in inbox.messages)
    for folder in (demo_path.parent, isolated_home):
        for path in folder.rglob("*"):
            if path.is_file():
                assert PASSWORD.encode() not in path.read_bytes(), path


def test_a_wrong_password_sends_nothing_and_says_so(
        demo_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(*_: Any) -> AuthResult:
        return AuthResult(success=False, handled=False)

    monkeypatch.setenv("COMPACT_TUI_SMTP_PASSWORD", "wrong")
    inbox = Inbox()
    with serve(inbox, authenticator=refuse, auth_require_tls=False) as smtp:
        use(smtp)
        assert main(["send", "agenda", "--next", "--store", str(demo_path)]) == 1
    assert "did not accept the user name and password" in capsys.readouterr().err
    assert inbox.messages == []
    [record] = mailings(demo_path)  # the attempt is on record, nobody marked as reached
    assert {r["result"] for r in record["recipients"]} == {"not sent"}


def test_drafts_are_eml_files_outlook_opens_ready_to_send(
        demo_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    assert main(["send", "forms", "--year", "2027", "--drafts", str(folder),
                 "--store", str(demo_path)]) == 0
    files = sorted(folder.glob("*.eml"))
    assert files
    with open_store(demo_path, member="check", read_only=True) as store:
        letters = MailingsService(store, default_content()).forms_for_year(2027).letters
    assert len(files) == len(letters)
    for path, letter in zip(files, letters, strict=True):
        mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert mail["X-Unsent"] == "1"
        assert letter.recipient.address in mail["To"]
        assert mail.get_body(("plain",)) is not None and mail.get_body(("html",)) is not None
        forms = [part.get_filename() for part in mail.iter_attachments()]
        organisation = letter.recipient.organisation
        assert len(forms) == 2  # its own self-assessment and action plan, nobody else's
        for part in mail.iter_attachments():
            assert organisation in part.get_content()
    [record] = mailings(demo_path)
    assert record["mode"] == "drafts"
    assert summary(record).startswith(f"forms drafted for {len(letters)} recipient(s)")


def test_smtp_settings_are_checked_and_the_password_refused(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("smtp:\n  host: mail.example.org\n  port: 465\n  security: ssl\n"
                      "  user: clerk\n  from: clerk@example.org\n", encoding="utf-8")
    smtp = load_settings(config).smtp
    assert (smtp.host, smtp.port, smtp.security, smtp.sender) == (
        "mail.example.org", 465, "ssl", "clerk@example.org")
    for bad, words in (("  password: secret\n", "never write the password"),
                       ("  port: lots\n", "port must be a number"),
                       ("  security: tls13\n", "security must be one of")):
        config.write_text("smtp:\n  host: h\n" + bad, encoding="utf-8")
        with pytest.raises(ConfigError, match=words):
            load_settings(config)


def test_a_meeting_shows_what_was_sent(demo_path: Path) -> None:
    inbox = Inbox()
    with serve(inbox) as smtp:
        use(smtp)
        assert main(["send", "agenda", "--next", "--store", str(demo_path)]) == 0
    with open_store(demo_path, member="check", read_only=True) as store:
        meeting = MeetingsService(store).next_meeting()
        service = MailingsService(store, default_content())
        [record] = service.history(meeting.id)
    assert summary(record) == (f"agenda sent to {len(inbox.messages)} recipient(s) on "
                               "25 November 2026")


def test_reminders_name_each_signatorys_missing_returns_near_the_deadline(
        demo_path: Path) -> None:
    """The demo's returns for 2026 are due on 16 December 2026: a week before, every
    signatory still missing one is reminded of exactly what is missing; a month before, not."""
    from datetime import date

    from compact_tui.domain.clock.cycle import CompactCycleService

    with open_store(demo_path, member="check", read_only=True) as store:
        content = default_content()
        service = MailingsService(store, content)
        cycle = CompactCycleService(store, content)
        [deadline] = [d for d in cycle.returns_deadlines() if d.year == 2026]
        due = date.fromisoformat(deadline.on)
        missing = {gap.organisation.name for gap in cycle.missing_returns(2026)}
        near = service.reminders(due.replace(day=due.day - 4))
        early = service.reminders(due.replace(month=due.month - 1))
    assert missing
    near_text = "\n".join(letter.text for letter in near.letters)
    assert "for 2026: due by 16 December 2026" in near_text
    for name in missing:
        assert (f"{name}'s " in near_text and "for 2026: due by" in near_text) or any(
            name in gap for gap in near.missing), name
    assert "for 2026: due by" not in "\n".join(letter.text for letter in early.letters)


def test_the_agenda_goes_out_with_its_pack(demo_path: Path) -> None:
    with open_store(demo_path, member="check", read_only=True) as store:
        meeting = MeetingsService(store).next_meeting()
        mailing = MailingsService(store, default_content()).for_meeting("agenda", meeting.id)
    files = {a.file_name: a.data.decode() for a in mailing.letters[0].attachments}
    pack = files[f"agenda-pack-{meeting.date}.html"]
    assert "page-break" in pack or "pack-part" in pack  # printed parts on their own pages
    assert "Action log" in pack or "action log" in pack.lower()
    assert f"meeting-{meeting.date}.ics" in files and f"agenda-{meeting.date}.md" in files
