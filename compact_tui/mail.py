"""Email out: a mailing (``domain/mailings``) as MIME messages, written as .eml drafts or sent
through the group's SMTP server.

Drafts are one ``.eml`` file per recipient with ``X-Unsent: 1``, which Outlook and Thunderbird
open as a message ready to send; each has a plain-text and an HTML body and the attachments.
Sending uses one SMTP connection for the whole mailing and reports each recipient's result the
moment it is known (``on_outcome``), so the caller records it in the store before the next is
tried: a server that refuses one address or drops the connection half way leaves a record of
who got it and who did not, and a retry sends only to the rest. The password is never stored:
it comes from ``COMPACT_TUI_SMTP_PASSWORD`` or is asked for at send time.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path

from .config import SmtpSettings
from .domain.mailings import (
    DRAFTED,
    NOT_SENT,
    REFUSED,
    SENT,
    Letter,
    Mailing,
    MailingsService,
    Outcome,
)
from .user_files import write_user_file

PASSWORD_VARIABLE = "COMPACT_TUI_SMTP_PASSWORD"
SEND_TIMEOUT = 30.0


class MailError(Exception):
    """Mail could not be sent or drafted; the message says why in plain words."""


def message(letter: Letter, sender: str, *, draft: bool = False) -> EmailMessage:
    """One recipient's message: plain text and HTML alternatives, then the attachments."""
    mail = EmailMessage()
    mail["Subject"] = letter.subject
    if sender:
        mail["From"] = sender
    mail["To"] = formataddr((letter.recipient.name, letter.recipient.address))
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = make_msgid(domain="compact-tui.invalid")
    if draft:
        mail["X-Unsent"] = "1"
    mail.set_content(letter.text)
    mail.add_alternative(letter.html, subtype="html")
    for attachment in letter.attachments:
        main, _, sub = attachment.mime_type.partition("/")
        mail.add_attachment(attachment.data, maintype=main, subtype=sub,
                            filename=attachment.file_name)
    return mail


def draft_name(index: int, letter: Letter) -> str:
    """A file name that sorts in sending order and says who it is for."""
    who = re.sub(r"[^A-Za-z0-9]+", "-", letter.recipient.name).strip("-")[:40] or "recipient"
    return f"{index:03d}-{who}.eml"


def write_drafts(mailing: Mailing, folder: str | Path, sender: str,
                 on_outcome: Callable[[Outcome], None], data_file: Path | None = None
                 ) -> list[Path]:
    """One .eml per letter in ``folder`` (made if missing); never the store's own folders."""
    written: list[Path] = []
    for index, letter in enumerate(mailing.letters, start=1):
        data = message(letter, sender, draft=True).as_bytes()
        written.append(write_user_file(Path(folder).expanduser() / draft_name(index, letter),
                                       data, make_folder=True, data_file=data_file))
        on_outcome(Outcome(letter.recipient, DRAFTED, str(written[-1])))
    return written


def connect(settings: SmtpSettings, password: str) -> smtplib.SMTP:
    """An open, logged-in connection, or a MailError saying what went wrong."""
    problem = settings.problem()
    if problem:
        raise MailError(problem)
    try:
        client: smtplib.SMTP
        if settings.security == "ssl":
            client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=SEND_TIMEOUT,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=SEND_TIMEOUT)
            if settings.security == "starttls":
                client.starttls(context=ssl.create_default_context())
        if settings.user:
            client.login(settings.user, password)
        return client
    except smtplib.SMTPAuthenticationError as error:
        raise MailError("The SMTP server did not accept the user name and password.") from error
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"Could not reach the SMTP server {settings.host}:{settings.port} "
                        f"({error}).") from error


def send(mailing: Mailing, settings: SmtpSettings, password: str,
         on_outcome: Callable[[Outcome], None]) -> list[Outcome]:
    """Send each letter in turn over one connection; every result goes to ``on_outcome`` as
    soon as it is known. After a dropped connection the rest are reported "not sent"."""
    outcomes: list[Outcome] = []

    def tell(outcome: Outcome) -> None:
        outcomes.append(outcome)
        on_outcome(outcome)

    client = connect(settings, password)
    broken = ""
    try:
        for letter in mailing.letters:
            if broken:
                tell(Outcome(letter.recipient, NOT_SENT, broken))
                continue
            try:
                client.send_message(message(letter, settings.sender),
                                    from_addr=settings.sender,
                                    to_addrs=[letter.recipient.address])
            except smtplib.SMTPRecipientsRefused as error:
                code, text = next(iter(error.recipients.values()), (0, b""))
                tell(Outcome(letter.recipient, REFUSED, _reply(code, text)))
            except smtplib.SMTPResponseException as error:
                tell(Outcome(letter.recipient, REFUSED, _reply(error.smtp_code,
                                                               error.smtp_error)))
            except (OSError, smtplib.SMTPException) as error:
                broken = f"the connection to the server was lost ({error or 'closed'})"
                tell(Outcome(letter.recipient, NOT_SENT, broken))
            else:
                tell(Outcome(letter.recipient, SENT))
    finally:
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()
    return outcomes


def _reply(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"the server refused it: {code} {words}".strip()


def deliver(service: MailingsService, mailing: Mailing, *, by: str, now: datetime,
            drafts: str | Path | None = None, settings: SmtpSettings | None = None,
            password: str = "", save: Callable[[], object] = lambda: None,
            data_file: Path | None = None) -> list[Outcome]:
    """Draft or send ``mailing`` and keep the record: the mailing is stored first with every
    recipient "not sent", then each result is written (and saved) as it comes, so whatever
    stops the run half way, the store says who got it."""
    if not mailing.letters:
        return []
    mode = "drafts" if drafts is not None else "sent"
    if drafts is None and settings is not None:
        problem = settings.problem()
        if problem:
            raise MailError(problem)
    mailing_id = service.start(mailing, by, mode, now)
    save()

    def keep(outcome: Outcome) -> None:
        service.record(mailing_id, outcome)
        save()

    if drafts is not None:
        write_drafts(mailing, drafts, settings.sender if settings else "", keep, data_file)
        return [Outcome(letter.recipient, DRAFTED) for letter in mailing.letters]
    return send(mailing, settings or SmtpSettings(), password, keep)
