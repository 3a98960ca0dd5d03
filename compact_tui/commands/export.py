"""``compact-tui export minutes|agenda|ics|actions``: documents from the store, for sharing.

The format follows ``--format``, else the ``-o`` file's extension, else Markdown on stdout.
A meeting is chosen by its date (03/12/2026 or 2026-12-03), ``--latest`` (the most recent
meeting on or before today) or ``--next`` (the next one from today). A meeting that does not
exist is a usage error (exit 2) with a clear message.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..domain.ports import RecordPort
from .common import (
    EXIT_USAGE,
    CommandError,
    add_output_argument,
    choose_format,
    command_content,
    emit,
    open_for_command,
)

FORMATS = {"minutes": ("md", "html", "docx"), "agenda": ("md", "html", "docx"), "ics": ("ics",),
           "actions": ("md", "html", "docx"), "pack": ("md", "html")}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export", help="export minutes, an agenda, a calendar file or the action log",
        description="Write minutes, an agenda, a meeting's calendar file (.ics) or the action "
        "log. The format follows --format, else the -o file's extension (.md, .html, .docx "
        "for Word, .ics), else Markdown is printed.")
    kinds = parser.add_subparsers(title="what to export", metavar="WHAT", required=True)
    for name, help_text in (("minutes", "a meeting's minutes (DRAFT until approved)"),
                            ("agenda", "a meeting's agenda"),
                            ("ics", "a meeting as an iCalendar file for calendars"),
                            ("pack", "a meeting's agenda pack: the agenda, the minutes to be "
                             "approved, the action log and the due and overdue list, one "
                             "part per printed page")):
        sub = kinds.add_parser(name, help=help_text, description=help_text[0].upper()
                               + help_text[1:] + ".")
        _common(sub, name)
        which = sub.add_mutually_exclusive_group(required=True)
        which.add_argument("meeting_date", nargs="?", metavar="MEETING_DATE",
                           help="the meeting's date, as 03/12/2026 or 2026-12-03")
        which.add_argument("--latest", action="store_true",
                           help="the most recent meeting on or before today")
        which.add_argument("--next", action="store_true",
                           help="the next meeting, today or later")
        sub.set_defaults(run=run, what=name)
    actions = kinds.add_parser("actions", help="the action log",
                               description="The action log across all meetings, optionally "
                               "filtered.")
    _common(actions, "actions")
    actions.add_argument("--owner", default="", help='owner name or organisation, loosely '
                         'matched ("Brentwood CVS")')
    actions.add_argument("--status", default="",
                         help="open, in progress, done or dropped")
    actions.add_argument("--overdue", action="store_true", help="only overdue actions")
    actions.add_argument("--text", default="", help="only actions containing this text")
    actions.set_defaults(run=run, what="actions")


def _common(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--store", dest="export_store", metavar="PATH",
                        help="the data file (default: as for compact-tui itself)")
    add_output_argument(parser)
    parser.add_argument("--format", choices=FORMATS[what],
                        help="output format (default: from FILE's extension, else "
                             f"{FORMATS[what][0]})")


def run(args: argparse.Namespace) -> int:
    from ..domain.dates import DateInputError, format_date, parse_date, today
    from ..domain.meetings import MeetingsService

    fmt = choose_format(args.what, FORMATS[args.what], args.format, args.output,
                        known=tuple({f for formats in FORMATS.values() for f in formats}))
    meeting_date = None
    if args.what != "actions" and args.meeting_date:
        try:
            meeting_date = parse_date(args.meeting_date)
        except DateInputError as error:
            raise CommandError(str(error), EXIT_USAGE) from error
    if getattr(args, "export_store", None):
        args.store = args.export_store
    store = open_for_command(args, read_only=True)
    try:
        if args.what == "actions":
            text = _actions(store, args, fmt)
            label = "the action log"
        else:
            service = MeetingsService(store)
            meeting = _pick_meeting(service, args, meeting_date, today())
            if args.what == "minutes" and meeting.minutes_locked \
                    and not meeting.approved_minutes:
                print(f"compact-tui: the minutes of {format_date(meeting.date)} were approved "
                      "before compact-tui kept the text of approved minutes, so this export is "
                      "built from today's records; open the store in compact-tui once to fix "
                      "them as they read now.", file=sys.stderr)
            text = _meeting_document(store, meeting.id, args, fmt)
            noun = {"minutes": "the minutes", "agenda": "the agenda",
                    "ics": "the calendar file", "pack": "the agenda pack"}[args.what]
            label = f"{noun} of the meeting on {format_date(meeting.date)}"
    finally:
        store.close()
    return emit(args, _word(text, label, args.what) if fmt == "docx" else text, label)


def _pick_meeting(service: Any, args: argparse.Namespace, on: Any, now: Any) -> Any:
    from ..domain.dates import format_date

    if args.latest:
        found = service.latest_held(now)
        if found is None:
            raise CommandError(f"no meeting on or before {format_date(now)} in the store",
                               EXIT_USAGE)
        return found
    if args.next:
        found = service.next_meeting(now)
        if found is None:
            raise CommandError(f"no meeting from {format_date(now)} onwards in the store",
                               EXIT_USAGE)
        return found
    same_day = service.meetings_on(on)
    if not same_day:
        known = ", ".join(format_date(m.date) for m in service.meetings()[:5])
        hint = f" Recent meetings: {known}." if known else " The store has no meetings yet."
        raise CommandError(f"there is no meeting on {format_date(on)}.{hint}", EXIT_USAGE)
    if len(same_day) > 1:
        print(f"compact-tui: {len(same_day)} meetings on {format_date(on)}; exporting the one "
              f"at {same_day[0].start_time}", file=sys.stderr)
    return same_day[0]




def _word(markdown_text: str, title: str, what: str) -> bytes:
    """Minutes, agenda or action log as an A4 Word document (minutes with the signature)."""
    from ..word import markdown_to_docx

    return markdown_to_docx(markdown_text, title, signature=what == "minutes")


def _meeting_document(store: RecordPort, meeting_id: str, args: argparse.Namespace,
                      fmt: str) -> str:
    from ..domain import exports
    from .common import settings_or_default

    content = command_content(args)
    if args.what == "minutes":
        render = exports.minutes_html if fmt == "html" else exports.minutes_markdown
        return render(store, meeting_id, content, quorum_rule=settings_or_default().quorum)
    if args.what == "agenda":
        agenda = exports.agenda_html if fmt == "html" else exports.agenda_markdown
        return agenda(store, meeting_id, content)
    if args.what == "pack":
        from ..domain.exports.pack import pack_html, pack_markdown

        pack = pack_html if fmt == "html" else pack_markdown
        return pack(store, meeting_id, content, quorum_rule=settings_or_default().quorum)
    return exports.meeting_ics(store, meeting_id, content)


def _actions(store: RecordPort, args: argparse.Namespace, fmt: str) -> str:
    from ..domain.actions import ActionFilter, ActionInputError, status_key
    from ..domain.exports import actions_markdown, html_page

    try:
        status = status_key(args.status) if args.status else ""
    except ActionInputError as error:
        raise CommandError(str(error), EXIT_USAGE) from error
    text = actions_markdown(store, ActionFilter(owner=args.owner, status=status,
                                                overdue_only=args.overdue, text=args.text))
    return html_page(text, "Action log") if fmt == "html" else text
