"""``compact-tui forms``: self-assessment and action-plan forms out by email, answers back in.

    compact-tui forms export "Active Brentwood" --year 2026 --kind self-assessment -o sa.md
    compact-tui forms export --all --year 2026 -o forms-2026/
    compact-tui forms import returned.csv --dry-run
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..domain.dates import today
from ..domain.forms import FORM_KINDS, FORMATS, KIND_LABELS
from ..domain.forms_service import (
    NEW,
    REFUSED,
    UNCHANGED,
    ExportedForm,
    FormImportError,
    FormsService,
)
from ..form_files import exported_bytes, read_form_file
from ..user_files import UserFileError
from .common import (
    EXIT_OK,
    EXIT_PROBLEM,
    EXIT_USAGE,
    STDOUT,
    CommandError,
    add_store_argument,
    command_content,
    open_for_command,
    to_stdout,
    write_output,
    year,
)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "forms", help="export forms for members to fill in; import returned forms",
        description="Self-assessment and action-plan forms for members who do not run the "
        "app: export them as Markdown or CSV to send by email, and import the returned forms "
        "as submitted returns ready for review.")
    actions = parser.add_subparsers(title="actions", metavar="ACTION")
    actions.required = True

    export = actions.add_parser(
        "export", help="write blank or pre-filled forms",
        description="Write a form for one organisation (or --all active signatories) and "
        "year. Without -o the file goes in the current folder with a name like "
        "active-brentwood-self-assessment-2026.md; -o - prints it.")
    export.add_argument("organisation", nargs="?", metavar="ORGANISATION",
                        help="the organisation's name (loosely matched) or id")
    export.add_argument("--all", action="store_true",
                        help="one file per active signatory (and kind) into the -o folder")
    export.add_argument("--year", type=year, default=None,
                        help="the year the return is for (default: this year)")
    export.add_argument("--kind", choices=FORM_KINDS,
                        help="which form (default: both)")
    fill = export.add_mutually_exclusive_group()
    fill.add_argument("--blank", dest="prefill", action="store_false",
                      help="an empty form (the default)")
    fill.add_argument("--prefill", dest="prefill", action="store_true",
                      help="fill in last year's answers where there are any")
    export.add_argument("--format", choices=FORMATS, default=None,
                        help="md (default), csv for Excel or docx for Word; taken from -o's "
                        "suffix if not given")
    export.add_argument("-o", "--output", metavar="FILE|FOLDER",
                        help="the file to write, or the folder for several (- prints the form)")
    add_store_argument(export, keep_earlier=True)
    export.set_defaults(run=run_export, prefill=False)

    imported = actions.add_parser(
        "import", help="import a returned form",
        description="Read a returned form (Markdown or CSV, also as saved by Word or Excel), "
        "match it to its organisation and year, and store it as a submitted return. Every "
        "problem is listed and nothing is imported while there are any. A changed "
        "resubmission is shown as a difference and then replaces the earlier answers.")
    imported.add_argument("file", type=Path, metavar="FILE", help="the returned form")
    imported.add_argument("--dry-run", action="store_true",
                          help="show what would be imported and every difference; write nothing")
    imported.add_argument("--replace-reviewed", action="store_true",
                          help="allow replacing a return the Steering Group already reviewed")
    imported.add_argument("--trust-identifier", action="store_true",
                          help="import as the organisation the form's identifier gives even "
                          "when the name in the form or the file's name is another's")
    add_store_argument(imported, keep_earlier=True)
    imported.set_defaults(run=run_import)






# --- export -----------------------------------------------------------------------------------


def run_export(args: argparse.Namespace) -> int:
    if args.all == bool(args.organisation):
        raise CommandError("name one ORGANISATION, or give --all for every active signatory",
                           EXIT_USAGE)
    output = args.output
    if args.all and to_stdout(output):
        raise CommandError("--all needs -o FOLDER to write its files into", EXIT_USAGE)
    kinds = (args.kind,) if args.kind else FORM_KINDS
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    fmt = args.format or (suffix if suffix in FORMATS else "md")
    year = args.year or today().year
    content = command_content(args)
    store = open_for_command(args, read_only=True)
    try:
        service = FormsService(store, content)
        if args.all:
            forms = service.export_all(year, kinds, fmt, args.prefill)
        else:
            try:
                organisation = service.find_organisation(args.organisation)
            except FormImportError as error:
                raise CommandError(str(error)) from error
            forms = [service.export(organisation, kind, year, fmt, args.prefill)
                     for kind in kinds]
    finally:
        store.close()
    if not forms:
        raise CommandError("there are no active signatories in the register to write forms for")
    if output == STDOUT:
        if len(forms) > 1:
            raise CommandError("choose one --kind to print a form", EXIT_USAGE)
        if forms[0].fmt == "docx":
            sys.stdout.flush()
            sys.stdout.buffer.write(exported_bytes(forms[0], content))
        else:
            sys.stdout.write(forms[0].text)
        return EXIT_OK
    if output and not args.all and not Path(output).is_dir() and not output.endswith(("/", "\\")):
        if len(forms) > 1:
            raise CommandError("-o names one file: choose --kind, or give a folder", EXIT_USAGE)
        targets = [Path(output)]
    else:
        folder = Path(output) if output else Path.cwd()
        targets = [folder / form.file_name for form in forms]
    for form, target in zip(forms, targets, strict=True):
        write_output(args, target, exported_bytes(form, content), _export_note(form),
                     make_folder=True)
    if args.all:
        print(f"{len(forms)} forms written for {len(forms) // len(kinds)} active signatories.",
              file=sys.stderr)
    return EXIT_OK


def _export_note(form: ExportedForm) -> str:
    kind = KIND_LABELS[form.kind]
    if form.prefilled_from:
        return f"{kind} {form.year} for {form.organisation.name}, pre-filled from " \
               f"{form.prefilled_from}"
    return f"{kind} {form.year} for {form.organisation.name}, blank"


# --- import -----------------------------------------------------------------------------------


def run_import(args: argparse.Namespace) -> int:
    try:
        text = read_form_file(args.file)
    except UserFileError as error:
        raise CommandError(str(error), EXIT_USAGE) from error
    content = command_content(args)
    store = open_for_command(args, read_only=args.dry_run)
    try:
        service = FormsService(store, content)
        preview = service.preview(text, str(args.file))
        for line in [preview.form_line(), preview.summary(), *preview.change_lines()]:
            if line:
                print(line)
        if preview.outcome == REFUSED:
            print("Nothing was imported.", file=sys.stderr)
            for problem in preview.problems:
                print(f"  {problem}", file=sys.stderr)
            return EXIT_PROBLEM
        if preview.outcome == UNCHANGED:
            return EXIT_OK
        if preview.mismatch and not args.trust_identifier:
            print(f"Not imported: {preview.mismatch} Check who sent it; if it is right, run "
                  "again with --trust-identifier.", file=sys.stderr)
            return EXIT_PROBLEM
        if preview.replaces_reviewed and not args.replace_reviewed:
            print("Not replaced: this return has already been reviewed. Run again with "
                  "--replace-reviewed to replace it (it will need reviewing again).",
                  file=sys.stderr)
            return EXIT_PROBLEM
        if args.dry_run:
            print("Dry run: nothing was written.", file=sys.stderr)
            return EXIT_OK
        try:
            service.apply(preview, replace_reviewed=args.replace_reviewed,
                          trust_identifier=args.trust_identifier)
        except FormImportError as error:
            raise CommandError(str(error)) from error
        print("Imported." if preview.outcome == NEW else "Replaced the earlier answers.",
              file=sys.stderr)
        return EXIT_OK
    finally:
        store.close()
