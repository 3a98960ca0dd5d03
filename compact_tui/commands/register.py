"""``compact-tui register import|export|public-list``: the signatory register from a script."""

from __future__ import annotations

import argparse
import sys

from ..domain.dates import today
from ..domain.register import RegisterService
from ..domain.register_csv import CsvFileError, decode_csv, export_csv, plan_import
from ..domain.register_export import public_list_markdown
from ..user_files import UserFileError, read_user_file
from .common import (
    EXIT_OK,
    EXIT_PROBLEM,
    EXIT_USAGE,
    CommandError,
    add_output_argument,
    add_store_argument,
    command_content,
    emit,
    open_for_command,
    print_usage,
    store_path,
)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "register", help="import, export or publish the signatory register",
        description="Work with the signatory register from the command line.")
    parser.set_defaults(run=lambda args: print_usage(parser))
    actions = parser.add_subparsers(title="register commands", metavar="ACTION")

    importer = actions.add_parser(
        "import", help="add organisations from a CSV file",
        description="Add organisations (and their lead champions) from a CSV file saved by "
        "Excel or Google Sheets: UTF-8 with or without a BOM, separated by commas or "
        "semicolons, dates as 03/12/2026 or 2026-12-03. Headings are matched loosely "
        "(Organisation, Sector, Date signed, Signed by, Role/Job Title, Telephone, Email, "
        "Champion, Champion email...). If any row has a problem nothing is imported, unless "
        "you give --skip-bad. Organisations already in the register, or repeated in the file "
        "(ignoring case and punctuation), are reported and skipped, never doubled.")
    importer.add_argument("file", help="the CSV file to import")
    add_store_argument(importer, keep_earlier=True)
    importer.add_argument("--dry-run", action="store_true",
                          help="check every row and report its problems; change nothing")
    importer.add_argument("--skip-bad", action="store_true",
                          help="import the good rows and leave out the rows with problems")
    importer.set_defaults(run=run_import)

    exporter = actions.add_parser(
        "export", help="write the register as CSV",
        description="Write the whole register (all statuses) as CSV, on standard output or "
        "to a file. Contact details are personal data: --no-contacts leaves out addresses, "
        "telephone numbers and email addresses, the champions' too.")
    add_store_argument(exporter, keep_earlier=True)
    add_output_argument(exporter, "the CSV (with a BOM, so Excel reads it)")
    exporter.add_argument("--no-contacts", action="store_true",
                          help="leave out address, telephone and email details")
    exporter.set_defaults(run=run_export)

    public = actions.add_parser(
        "public-list", help="write the public list of signatories as Markdown",
        description="Write the active signatories, grouped by sector, with the date each "
        "signed, as Markdown for the Compact's web pages. No contact details.")
    add_store_argument(public, keep_earlier=True)
    add_output_argument(public, "the Markdown")
    public.set_defaults(run=run_public_list)






def run_import(args: argparse.Namespace) -> int:
    try:
        text = decode_csv(read_user_file(args.file))
    except UserFileError as error:
        raise CommandError(str(error), EXIT_USAGE) from error
    except CsvFileError as error:
        raise CommandError(f"{args.file}: {error}") from error
    if args.dry_run and not store_path(args).exists():
        store = None
        register = []
    else:
        store = open_for_command(args, read_only=args.dry_run)
        register = RegisterService(store).organisations()
    try:
        try:
            plan = plan_import(text, register)
        except CsvFileError as error:
            raise CommandError(f"{args.file}: {error}") from error
        if args.dry_run:
            print("Dry run: nothing will be changed.", file=sys.stderr)
            for line in plan.report(args.skip_bad, dry_run=True):
                print(line)
            return EXIT_OK if plan.can_import(args.skip_bad) else EXIT_PROBLEM
        if not plan.can_import(args.skip_bad):
            for line in plan.report(skip_bad=False, dry_run=False):
                print(line, file=sys.stderr)
            return EXIT_PROBLEM
        for warning in plan.warnings:
            print(f"Check: {warning}", file=sys.stderr)
        for row in plan.rows:
            for message in row.messages():
                print(message, file=sys.stderr)
        assert store is not None
        added, raced = RegisterService(store).import_organisations(
            (row.organisation, row.champions) for row in plan.good_rows)
        for name in raced:
            print(f'Skipped "{name}": someone added it to the register meanwhile.',
                  file=sys.stderr)
        print(plan.summary(args.skip_bad, dry_run=False, imported=added), file=sys.stderr)
        return EXIT_OK
    finally:
        if store is not None:
            store.close()


def run_export(args: argparse.Namespace) -> int:
    store = open_for_command(args, read_only=True)
    try:
        text = export_csv(RegisterService(store).entries(), include_contacts=not args.no_contacts)
    finally:
        store.close()
    return emit(args, text, "the register", bom=True)


def run_public_list(args: argparse.Namespace) -> int:
    content = command_content(args)
    store = open_for_command(args, read_only=True)
    try:
        text = public_list_markdown(RegisterService(store).organisations(),
                                    content.compact.name, today())
    finally:
        store.close()
    return emit(args, text, "the public list")
