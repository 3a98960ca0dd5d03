"""``compact-tui disputes list|timeline|report|lessons``: disputes from a script.

Confidential disputes are never named in what these commands print or write unless the person
adds ``--include-confidential``; a confidential timeline is refused without it.
"""

from __future__ import annotations

import argparse
from datetime import date

from ..domain.dates import DateInputError, format_date, format_date_short, parse_date
from ..domain.dispute_reports import (
    ConfidentialDisputeError,
    default_period,
    lessons_markdown,
    non_compliance_markdown,
    non_compliance_report,
    timeline_markdown,
)
from ..domain.disputes import Dispute, DisputesService
from .common import (
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    add_output_argument,
    add_store_argument,
    command_content,
    emit,
    open_for_command,
    print_usage,
)

CONFIDENTIAL_HELP = ("include confidential disputes' details (only for people entitled to "
                     "see them, such as the mediator)")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "disputes", help="list disputes, export a timeline, the non-compliance log or lessons",
        description="Disputes under the Compact's \"If things go wrong\" route. Confidential "
        "disputes are counted but never named unless you add --include-confidential.")
    parser.set_defaults(run=lambda args: print_usage(parser))
    actions = parser.add_subparsers(title="disputes commands", metavar="ACTION")

    listing = actions.add_parser(
        "list", help="list open disputes (or all, with --all)",
        description="One line per dispute: its short id, stage, age in days, next step and "
        "when it is due. Use the short id with 'timeline'.")
    listing.add_argument("--all", action="store_true", help="closed disputes too")
    listing.add_argument("--include-confidential", action="store_true", help=CONFIDENTIAL_HELP)
    add_store_argument(listing, keep_earlier=True)
    listing.set_defaults(run=run_list)

    timeline = actions.add_parser(
        "timeline", help="write one dispute's timeline as Markdown (for the mediator)",
        description="Write who raised the dispute, what it concerns, the Compact commitments "
        "at issue (with their wording) and every dated move, as Markdown. A confidential "
        "dispute needs --include-confidential.")
    timeline.add_argument("dispute", metavar="ID-OR-TITLE",
                          help="the dispute's id (or its first characters) or part of its title")
    add_output_argument(timeline)
    timeline.add_argument("--include-confidential", action="store_true",
                          help=CONFIDENTIAL_HELP)
    add_store_argument(timeline, keep_earlier=True)
    timeline.set_defaults(run=run_timeline)

    report = actions.add_parser(
        "report", help="the non-compliance log for a period, as Markdown",
        description="Group the disputes open at any time in the period by Compact commitment, "
        "by organisation concerned and by outcome, for the annual review. Dates as 03/12/2026 "
        "or 2026-12-03; the default period is the last twelve months.")
    report.add_argument("--from", dest="start", metavar="DATE", help="first day of the period")
    report.add_argument("--to", dest="end", metavar="DATE", help="last day of the period")
    add_output_argument(report)
    report.add_argument("--include-confidential", action="store_true", help=CONFIDENTIAL_HELP)
    add_store_argument(report, keep_earlier=True)
    report.set_defaults(run=run_report)

    lessons = actions.add_parser(
        "lessons", help="every lesson recorded on closing a dispute, as Markdown",
        description="What the Compact should change, recorded when each dispute closed, for "
        "the annual review.")
    add_output_argument(lessons)
    lessons.add_argument("--include-confidential", action="store_true", help=CONFIDENTIAL_HELP)
    add_store_argument(lessons, keep_earlier=True)
    lessons.set_defaults(run=run_lessons)








def _date(text: str, option: str) -> date:
    try:
        return parse_date(text)
    except DateInputError as error:
        raise CommandError(f"{option}: {error}", EXIT_USAGE) from error


def _short_id(dispute: Dispute) -> str:
    return dispute.id[:8]


def run_list(args: argparse.Namespace) -> int:
    content = command_content(args)
    with open_for_command(args, read_only=True) as store:
        service = DisputesService(store, content)
        chosen = service.disputes() if args.all else service.open_disputes()
        if not chosen:
            print("No disputes." if args.all else "No open disputes.")
            return EXIT_OK
        for dispute in chosen:
            stage = service.stage_label(dispute.stage)
            withheld = dispute.confidential and not args.include_confidential
            if dispute.is_open:
                due = format_date_short(dispute.next_step_due, "no date")
                late = " OVERDUE" if dispute.next_step_overdue() else ""
                step = "not shown (confidential)" if withheld else \
                    dispute.next_step or "none set"
                status = f"open {dispute.age_days()} days; next: {step} (due {due}{late})"
            else:
                status = f"closed {format_date(dispute.closed_on)}"
            print(f"{_short_id(dispute)}  {dispute.label(args.include_confidential)} — "
                  f"{stage}, {status}")
    return EXIT_OK


def run_timeline(args: argparse.Namespace) -> int:
    content = command_content(args)
    with open_for_command(args, read_only=True) as store:
        service = DisputesService(store, content)
        found = service.find(args.dispute)
        if not found:
            raise CommandError(f'no dispute matches "{args.dispute}"; '
                               "see 'compact-tui disputes list --all'", EXIT_USAGE)
        if len(found) > 1:
            names = "; ".join(f"{_short_id(d)} {d.label(False)}" for d in found)
            raise CommandError(f'"{args.dispute}" matches {len(found)} disputes ({names}): '
                               "give more of the title or the id", EXIT_USAGE)
        try:
            text = timeline_markdown(store, found[0].id, content,
                                     include_confidential=args.include_confidential)
        except ConfidentialDisputeError as error:
            raise CommandError(f"{error} Add --include-confidential to export it.",
                               EXIT_USAGE) from error
    return emit(args, text, f"the timeline of {found[0].label(args.include_confidential)}")


def run_report(args: argparse.Namespace) -> int:
    content = command_content(args)
    start, end = default_period()
    if args.start:
        start = _date(args.start, "--from")
    if args.end:
        end = _date(args.end, "--to")
    if end < start:
        raise CommandError(f"--to ({format_date(end)}) is before --from "
                           f"({format_date(start)})", EXIT_USAGE)
    with open_for_command(args, read_only=True) as store:
        report = non_compliance_report(store, content, start, end,
                                       include_confidential=args.include_confidential)
        text = non_compliance_markdown(report, exported_by=store.member)
    return emit(args, text, "the report")


def run_lessons(args: argparse.Namespace) -> int:
    content = command_content(args)
    with open_for_command(args, read_only=True) as store:
        text = lessons_markdown(store, content, include_confidential=args.include_confidential)
    return emit(args, text, "the lessons learned")
