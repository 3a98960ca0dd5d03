"""Email a meeting's papers (the agenda with its calendar file, or the minutes) to the
register's champions, or save them as drafts, from the Meetings screen.

The dialog shows exactly who gets what before anything goes (the same lines as
``compact-tui send --dry-run``), and who has no address. Enter never sends: sending is
``y`` (or the Send button), so the clerk's three keys are: the meeting, ``@``, ``y``. Sending
runs off the UI thread; each recipient's result is kept in the store as it comes, and a second
send reaches only those the first did not.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ...domain.dates import format_date, today
from ...domain.mailings import SENT, Mailing, MailingError, MailingsService, Outcome
from ...locations import private_export_folder
from ..keys import bind, key_label
from ..shell.app_access import UsesApp
from ..widgets.form import form_input, form_row
from ..widgets.plain import plain

WHAT_LABELS = {"agenda": "agenda", "minutes": "minutes"}


class SendPapersScreen(UsesApp, ModalScreen[str | None]):
    """Dismisses with a sentence saying what was sent or drafted, or None."""

    CSS_PATH = "send_papers.tcss"
    BINDINGS = [bind("back", "cancel", "Cancel"), bind("yes", "send", "Send now")]

    def __init__(self, meeting_id: str, what: str) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.what = what
        self.mailing: Mailing | None = None
        self.busy = False

    @property
    def service(self) -> MailingsService:
        return self.services.mailings

    def compose(self) -> ComposeResult:
        meeting = self.services.meetings.meeting(self.meeting_id)
        when = format_date(meeting.date) if meeting else ""
        other = "minutes" if self.what == "agenda" else "agenda"
        smtp = self.compact.settings.smtp
        with Vertical(id="send-box"):
            yield Static(plain(f"Email the {WHAT_LABELS[self.what]} of {when}"),
                         classes="form-title")
            with VerticalScroll(id="send-preview"):
                yield Static("", id="send-lines", markup=False)
            if smtp.user and not os.environ.get("COMPACT_TUI_SMTP_PASSWORD"):
                field = Input(password=True, id="send-password", compact=True)
                yield form_row(f"Password for {smtp.user}", field)
            yield form_row("Drafts folder", form_input(
                "send-drafts", str(private_export_folder() / f"email-{self.what}-"
                                                             f"{meeting.date if meeting else ''}")))
            yield Static("", id="send-status", markup=False)
            with Horizontal(id="send-buttons"):
                yield Button(f"Send now ({key_label(self.app, 'yes')})", id="send-now",
                             variant="primary")
                yield Button("Save drafts", id="send-drafts-button")
                yield Button(f"The {other} instead", id="send-switch")
                yield Button("Cancel", id="send-cancel")

    def on_mount(self) -> None:
        self._prepare()
        self.query_one("#send-cancel", Button).focus()  # Enter on its own sends nothing

    def _prepare(self) -> None:
        lines = self.query_one("#send-lines", Static)
        try:
            mailing = self.service.for_meeting(self.what, self.meeting_id,
                                               self.compact.settings.quorum)
        except (MailingError, LookupError) as error:
            self.mailing = None
            lines.update(plain(str(error)))
            return
        self.mailing = self.service.without_repeats(mailing)
        problem = self.compact.settings.smtp.problem()
        extra = [f"Sending: {problem}"] if problem else []
        lines.update(plain("\n".join(self.mailing.describe() + extra)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "send-now":
            self.action_send()
        elif event.button.id == "send-drafts-button":
            self._deliver(drafts=self.query_one("#send-drafts", Input).value.strip() or None,
                          as_drafts=True)
        elif event.button.id == "send-switch":
            self.dismiss(f"switch:{'minutes' if self.what == 'agenda' else 'agenda'}")
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # Enter in a field never sends

    def action_send(self) -> None:
        problem = self.compact.settings.smtp.problem()
        if problem:
            self._status(f"{problem}")
            return
        self._deliver(drafts=None, as_drafts=False)

    def _deliver(self, drafts: str | None, as_drafts: bool) -> None:
        if self.busy or self.mailing is None:
            return
        if as_drafts and not drafts:
            self._status("Type the folder to save the drafts in.")
            return
        if not self.mailing.letters:
            self._status("Nothing to send: everyone with an address already has it.")
            return
        password = os.environ.get("COMPACT_TUI_SMTP_PASSWORD", "")
        if not as_drafts and self.compact.settings.smtp.user and not password:
            password = self.query_one("#send-password", Input).value
            if not password:
                self._status("Type the SMTP password (it is not kept anywhere).")
                self.query_one("#send-password", Input).focus()
                return
        self.busy = True
        self._status("Saving drafts…" if as_drafts else "Sending…")
        self.run_delivery(self.mailing, drafts, password)

    @work(thread=True, exclusive=True)
    def run_delivery(self, mailing: Mailing, drafts: str | None, password: str) -> None:
        from ...mail import MailError, deliver
        from ...user_files import UserFileError

        store = self.compact.store
        now = datetime.combine(today(), datetime.now().time())
        try:
            outcomes = deliver(self.service, mailing, by=store.member, now=now,
                               drafts=drafts, settings=self.compact.settings.smtp,
                               password=password, data_file=Path(store.path))
        except (MailError, UserFileError) as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._done, outcomes, drafts)

    def _failed(self, message: str) -> None:
        self.busy = False
        self._status(message)

    def _done(self, outcomes: list[Outcome], drafts: str | None) -> None:
        self.busy = False
        what = WHAT_LABELS[self.what]
        if drafts is not None:
            self.dismiss(f"{len(outcomes)} draft(s) of the {what} saved in {drafts}.")
            return
        sent = sum(1 for o in outcomes if o.result == SENT)
        failed = [o for o in outcomes if o.result != SENT]
        if not failed:
            self.dismiss(f"The {what} was sent to {sent} recipient(s).")
            return
        self._prepare()
        self._status(f"Sent to {sent} of {len(outcomes)}. Not sent: "
                     + "; ".join(f"{o.recipient.label}: {o.detail}" for o in failed)
                     + f". Press {key_label(self.app, 'yes')} to try those again.")

    def _status(self, message: str) -> None:
        self.query_one("#send-status", Static).update(plain(message))

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)
