"""``compact-tui send agenda|minutes|forms|reminders``: papers and reminders by email.

``--dry-run`` lists recipients and attachments and sends nothing; ``--drafts FOLDER`` writes
one .eml per recipient (Outlook and Thunderbird open them ready to send); otherwise the mail
goes through the settings file's ``smtp:`` server, the password from
``COMPACT_TUI_SMTP_PASSWORD`` or asked for. Every mailing is kept in the store; a mailing
already sent to someone is not sent to them again unless ``--again`` says so, so running the
same command after a failure sends only to those it did not reach.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import datetime

from .common import (
    EXIT_OK,
    EXIT_PROBLEM,
    EXIT_USAGE,
    CommandError,
    add_store_argument,
    command_content,
    open_for_command,
    settings_or_default,
    store_path,
    year,
)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "send", help="email the agenda, minutes, forms or reminders (or save drafts)",
        description="Email papers to the register's champions: the agenda (with the calendar "
        "file), the minutes (a draft for comment until approved), each signatory's forms, or "
        "reminders of due and overdue actions and annual updates. --dry-run lists who would "
        "get what; --drafts FOLDER saves .eml files to send from Outlook or Thunderbird.")
    kinds = parser.add_subparsers(title="what to send", metavar="WHAT", required=True)
    for name, text in (("agenda", "a meeting's agenda, with its calendar file"),
                       ("minutes", "a meeting's minutes (draft for comment until approved)")):
        sub = kinds.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        which = sub.add_mutually_exclusive_group(required=True)
        which.add_argument("meeting_date", nargs="?", metavar="MEETING_DATE",
                           help="the meeting's date, as 03/12/2026 or 2026-12-03")
        which.add_argument("--latest", action="store_true",
                           help="the most recent meeting on or before today")
        which.add_argument("--next", action="store_true", help="the next meeting")
        _common(sub, name)
    forms = kinds.add_parser("forms", help="each signatory's self-assessment and action plan",
                             description="Send each active signatory's own forms for the "
                             "year to its champions.")
    forms.add_argument("--year", type=year, required=True, help="the year of the forms")
    _common(forms, "forms")
    reminders = kinds.add_parser("reminders", help="due and overdue actions, annual updates",
                                 description="Remind action owners of actions due within a "
                                 "week or overdue, and signatories whose annual update is due.")
    _common(reminders, "reminders")


def _common(parser: argparse.ArgumentParser, what: str) -> None:
    add_store_argument(parser, keep_earlier=True)
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--dry-run", action="store_true",
                     help="list recipients and attachments; send and record nothing")
    how.add_argument("--drafts", metavar="FOLDER",
                     help="write one .eml draft per recipient into FOLDER instead of sending")
    parser.add_argument("--again", action="store_true",
                        help="send also to those this mailing already reached")
    parser.set_defaults(run=run, what=what)


def run(args: argparse.Namespace) -> int:
    from ..domain.dates import DateInputError, parse_date, today
    from ..domain.mailings import SENT, MailingError, MailingsService
    from ..domain.meetings import MeetingsService
    from ..mail import PASSWORD_VARIABLE, MailError, deliver
    from .export import _pick_meeting

    settings = settings_or_default()
    store = open_for_command(args, read_only=args.dry_run)
    try:
        service = MailingsService(store, command_content(args))
        try:
            if args.what in ("agenda", "minutes"):
                on = None
                if args.meeting_date:
                    try:
                        on = parse_date(args.meeting_date)
                    except DateInputError as error:
                        raise CommandError(str(error), EXIT_USAGE) from error
                meeting = _pick_meeting(MeetingsService(store), args, on, today())
                mailing = service.for_meeting(args.what, meeting.id, settings.quorum)
            elif args.what == "forms":
                mailing = service.forms_for_year(args.year)
            else:
                mailing = service.reminders(today())
        except MailingError as error:
            raise CommandError(str(error)) from error
        if not args.again:
            mailing = service.without_repeats(mailing)
        if args.dry_run:
            print("\n".join(mailing.describe()))
            print("Dry run: nothing was sent or recorded.", file=sys.stderr)
            return EXIT_OK
        for name in mailing.missing:
            print(f"compact-tui: no email address for {name}: not sent", file=sys.stderr)
        for recipient in mailing.already:
            print(f"compact-tui: already sent to {recipient.label}: not sent again "
                  "(--again to resend)", file=sys.stderr)
        if not mailing.letters:
            print("Nothing to send.", file=sys.stderr)
            return EXIT_OK
        password = ""
        if args.drafts is None:
            problem = settings.smtp.problem()
            if problem:
                raise CommandError(problem, EXIT_USAGE)
            if settings.smtp.user:
                password = os.environ.get(PASSWORD_VARIABLE) or _ask_password(settings.smtp)
        try:
            outcomes = deliver(service, mailing, by=store.member,
                               now=datetime.combine(today(), datetime.now().time()),
                               drafts=args.drafts, settings=settings.smtp, password=password,
                               save=store.save, data_file=store_path(args))
        except MailError as error:
            raise CommandError(str(error)) from error
    finally:
        store.close()
    if args.drafts is not None:
        print(f"Wrote {len(outcomes)} draft(s) to {args.drafts}: open them in Outlook or "
              "Thunderbird to send.", file=sys.stderr)
        return EXIT_OK
    sent = [o for o in outcomes if o.result == SENT]
    print(f"Sent to {len(sent)} of {len(outcomes)} recipient(s).", file=sys.stderr)
    failed = [o for o in outcomes if o.result != SENT]
    for outcome in failed:
        print(f"  Not sent to {outcome.recipient.label} <{outcome.recipient.address}>: "
              f"{outcome.detail}", file=sys.stderr)
    if failed:
        print("Run the same command again to send to those only.", file=sys.stderr)
        return EXIT_PROBLEM
    return EXIT_OK


def _ask_password(smtp: object) -> str:
    if not sys.stdin.isatty():
        raise CommandError("The SMTP password is needed: set COMPACT_TUI_SMTP_PASSWORD, or run "
                           "from a terminal to be asked.", EXIT_USAGE)
    return getpass.getpass(f"Password for {getattr(smtp, 'user', '')} at "
                           f"{getattr(smtp, 'host', '')}: ")
