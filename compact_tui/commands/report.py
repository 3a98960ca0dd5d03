"""``compact-tui report annual --year YYYY``: the annual Compact report, ready to publish."""

from __future__ import annotations

import argparse

from .common import (
    add_output_argument,
    add_store_argument,
    choose_format,
    command_content,
    emit,
    open_for_command,
    print_usage,
    year,
)

FORMATS = ("md", "html")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report", help="the annual Compact report",
        description="Reports on the group's Compact work.")
    parser.set_defaults(run=lambda args: print_usage(parser))
    kinds = parser.add_subparsers(title="reports", metavar="REPORT")
    annual = kinds.add_parser(
        "annual", help="the annual Compact report for a year (Markdown or HTML)",
        description="The year's figures in tables after the group's own introduction: "
        "signatories by sector, champions, meetings and attendance, decisions, actions, "
        "disputes (confidential ones only counted), lessons, consultations, funding changes, "
        "returns with the group overview, and the Compact's review. Ready to publish.")
    annual.add_argument("--year", type=year, required=True, help="the year, e.g. 2026")
    annual.add_argument("--format", choices=FORMATS,
                        help="md (default) or html; else from -o's extension")
    add_output_argument(annual)
    add_store_argument(annual, keep_earlier=True)
    annual.set_defaults(run=run_annual)


def run_annual(args: argparse.Namespace) -> int:
    from ..domain.annual_report import annual_report, annual_report_markdown
    from ..domain.exports import html_page

    fmt = choose_format("the annual report", FORMATS, args.format, args.output)
    content = command_content(args)
    with open_for_command(args, read_only=True) as store:
        text = annual_report_markdown(annual_report(store, args.year, content))
    if fmt == "html":
        text = html_page(text, f"{content.compact.name}: annual report {args.year}")
    return emit(args, text, f"the annual report for {args.year}")
