"""``compact-tui due``: everything due or overdue, soonest first, for a script or a weekly
e-mail (Markdown, CSV or JSON)."""

from __future__ import annotations

import argparse

from .common import (
    add_output_argument,
    add_store_argument,
    choose_format,
    command_content,
    emit,
    open_for_command,
)

FORMATS = ("md", "csv", "json")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "due", help="what is due or overdue (consultations, funding notice, the Compact's "
        "cycle, returns, signatories, actions, dispute next steps)",
        description="Everything overdue, and everything falling due in the next DAYS days, "
        "soonest first: consultations and funding changes flagged against the Compact's "
        "timescales, the Compact's review, annual event and membership, missing returns, "
        "signatories' annual updates and champions, actions and dispute next steps. "
        "Confidential disputes are listed by a neutral label only.")
    parser.add_argument("--within", metavar="DAYS", type=_days,
                        help="how many days ahead to look (default: the content's, 30 for "
                        "Brentwood)")
    parser.add_argument("--format", choices=FORMATS,
                        help="md (default), csv or json; else from -o's extension")
    add_output_argument(parser)
    add_store_argument(parser, keep_earlier=True)
    parser.set_defaults(run=run)


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days, e.g. 14") from None
    if not 0 <= value <= 3660:
        raise argparse.ArgumentTypeError(f"{value}: give a number of days from 0 to 3660")
    return value


def run(args: argparse.Namespace) -> int:
    from ..domain.clock.due import due_items
    from ..domain.dates import today
    from ..domain.exports.due_list import due_csv, due_json, due_markdown

    fmt = choose_format("the due list", FORMATS, args.format, args.output)
    content = command_content(args)
    within = content.timescales.due_within_days if args.within is None else args.within
    with open_for_command(args, read_only=True) as store:
        items = due_items(store, content, within_days=within)
    on = today()
    text = {"md": lambda: due_markdown(items, on, within), "csv": lambda: due_csv(items),
            "json": lambda: due_json(items, on, within)}[fmt]()
    return emit(args, text, "the due and overdue list")
