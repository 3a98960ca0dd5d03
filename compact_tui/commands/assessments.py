"""``compact-tui assessments``: Markdown exports of returns and of the group overview.

    compact-tui assessments export "Active Brentwood" --year 2026 -o active-brentwood-2026.md
    compact-tui assessments overview --sector vcs -o overview.md
"""

from __future__ import annotations

import argparse

from ..domain.assessment_reports import group_overview, organisation_markdown, overview_markdown
from ..domain.assessments import AssessmentError, AssessmentsService
from ..domain.register import SECTOR_GROUP_LABELS
from .common import (
    EXIT_USAGE,
    CommandError,
    add_output_argument,
    add_store_argument,
    command_content,
    emit,
    open_for_command,
    year,
)

SECTOR_WORDS = {**{key: key for key in SECTOR_GROUP_LABELS},
                **{label.casefold(): key for key, label in SECTOR_GROUP_LABELS.items()},
                "voluntary": "vcs", "public": "statutory", "all": ""}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "assessments", help="export self-assessments, action plans and the group overview",
        description="Write an organisation's self-assessment, action plan and review, or the "
        "group overview of action plans, as Markdown (to the screen, or to a file with -o).")
    actions = parser.add_subparsers(title="actions", metavar="ACTION")
    actions.required = True

    export = actions.add_parser(
        "export", help="one organisation's returns for a year",
        description="The organisation's self-assessment and action plan for the year, with "
        "the reviewer's comments and the review summary, as Markdown.")
    export.add_argument("organisation", metavar="ORGANISATION",
                        help="the organisation's name (or part of it) or id")
    export.add_argument("--year", type=year, required=True, help="the year, e.g. 2026")
    _add_common(export)
    export.set_defaults(run=run_export)

    overview = actions.add_parser(
        "overview", help="every organisation's action plan, and what they need help with",
        description="A Markdown table per practice group (one row per organisation) and the "
        "practices most organisations need help with.")
    overview.add_argument("--sector", metavar="GROUP", default="",
                          help="statutory, vcs (voluntary and community) or private; "
                               "default: all")
    overview.add_argument("--year", type=year, default=None,
                          help="the year (default: this year, or the latest with plans)")
    _add_common(overview)
    overview.set_defaults(run=run_overview)


def _add_common(parser: argparse.ArgumentParser) -> None:
    add_output_argument(parser, "the Markdown")
    add_store_argument(parser, keep_earlier=True)




def _sector(text: str) -> str:
    key = SECTOR_WORDS.get(text.strip().casefold())
    if key is None:
        raise CommandError(f'"{text}" is not a sector group; use statutory, vcs or private.',
                           EXIT_USAGE)
    return key


def run_export(args: argparse.Namespace) -> int:
    content = command_content(args)
    store = open_for_command(args, read_only=True)
    try:
        service = AssessmentsService(store, content)
        organisation = service.find_organisation(args.organisation)
        text = organisation_markdown(service, organisation.id, args.year)
    except AssessmentError as error:
        raise CommandError(str(error), EXIT_USAGE) from error
    finally:
        store.close()
    return emit(args, text, f"{organisation.name}'s returns for {args.year}")


def run_overview(args: argparse.Namespace) -> int:
    content = command_content(args)
    sector = _sector(args.sector) if args.sector else ""
    store = open_for_command(args, read_only=True)
    try:
        overview = group_overview(AssessmentsService(store, content), args.year, sector)
        text = overview_markdown(overview)
    finally:
        store.close()
    return emit(args, text, f"the group overview for {overview.year}")
