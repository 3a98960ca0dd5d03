"""What every subcommand shares: finding the store, opening it, writing its output, and
reporting errors.

Output: ``-o FILE`` writes FILE atomically (``user_files``), ``-o -`` or no ``-o`` prints to
standard output; data goes to stdout and every message to stderr, so a pipe gets only data.
``-o`` naming the data file or a folder the store keeps is refused (exit 2).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import locations
from ..config import ConfigError, Settings, load_settings, resolve_store_path
from ..content import Content, ContentError, default_content, load_content
from ..domain.dates import EARLIEST_YEAR, LATEST_YEAR
from ..store import Store, StoreError, open_store
from ..user_files import RefusedPathError, UserFileError, write_user_file

STDOUT = "-"

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A problem to print on stderr; ``code`` is the exit status."""

    def __init__(self, message: str, code: int = EXIT_PROBLEM) -> None:
        super().__init__(message)
        self.code = code


def add_store_argument(parser: argparse.ArgumentParser, *, keep_earlier: bool = False) -> None:
    """``keep_earlier`` on a subcommand: ``compact-tui --store X register export`` keeps X."""
    parser.add_argument("--store", metavar="PATH",
                        default=argparse.SUPPRESS if keep_earlier else None,
                        help="the data file (default: $COMPACT_TUI_STORE, the config file, "
                             "then store/compact.json)")


def year(text: str) -> int:
    """``--year``: a four-digit year the Compact could have (argparse's type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year, e.g. 2026") from None
    if not EARLIEST_YEAR <= value <= LATEST_YEAR:
        raise argparse.ArgumentTypeError(
            f"{value} is not a year the Compact could have ({EARLIEST_YEAR} to {LATEST_YEAR})")
    return value


def argument_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with the command line before anything runs: text that is not UTF-8
    (a name typed in another encoding would damage the shared file), a folder as the store."""
    for name, value in vars(args).items():
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return (f"--{name.replace('_', '-')} is not valid text (UTF-8): check the "
                        "terminal's character set")
    store = getattr(args, "store", None)
    if store and Path(store).expanduser().is_dir():
        return (f"--store {store} is a folder: give the data file in it, e.g. "
                f"{Path(store) / 'compact.json'}")
    return None


def print_usage(parser: argparse.ArgumentParser) -> int:
    """A command group run without its action: show what it offers, as a usage error."""
    parser.print_help(sys.stderr)
    return EXIT_USAGE


def command_content(args: argparse.Namespace) -> Content:
    """The Compact's content: ``--content``, then the settings' folder, then Brentwood's."""
    folder = locations.content_folder(getattr(args, "content", None),
                                      settings_or_default().content_folder)
    try:
        return load_content(folder) if folder else default_content()
    except ContentError as error:
        raise CommandError(f"the content could not be loaded: {error}") from error


def settings_or_default() -> Settings:
    try:
        return load_settings()
    except ConfigError as error:
        print(f"compact-tui: {error} (using default settings)", file=sys.stderr)
        return Settings()


def store_path(args: argparse.Namespace) -> Path:
    return resolve_store_path(getattr(args, "store", None), settings_or_default())


def open_for_command(args: argparse.Namespace, *, read_only: bool = False,
                     allow_unreadable: bool = False, with_copies: bool = True) -> Store:
    """Open the store for a script; a missing file is an error unless we are writing.

    An unreadable file is an error too, unless the command is the cure (restoring a backup).
    What waits beside the file (copies for a member to confirm) is said on stderr; a read-only
    store includes the sync services' copies in memory unless ``with_copies`` is off.
    """
    path = store_path(args)
    made = make_default_demo(path, installed_only=True)
    if read_only and not path.exists():
        raise CommandError(f"no store at {path}", EXIT_USAGE)
    member = getattr(args, "member", None) or settings_or_default().member or "compact-tui"
    try:
        store = open_store(path, member=member, read_only=read_only,
                           absorb_copies=with_copies)
    except StoreError as error:
        raise CommandError(str(error)) from error
    if store.problem and not allow_unreadable:
        store.close()
        raise CommandError(store.problem)
    for note in store.notes:
        print(f"compact-tui: {note}", file=sys.stderr)
    if store.is_demo():
        print(f"compact-tui: {demo_notice(path, made)}", file=sys.stderr)
    return store


def make_default_demo(path: Path, *, installed_only: bool = False) -> bool:
    """Nothing named and nothing there yet: the default store starts as a demo (so what it
    holds is marked as made up). ``installed_only`` leaves a copy of the project's
    ``store/compact.json`` to the commands' usual rules."""
    if path.exists() or path.absolute() != locations.default_store_path().absolute():
        return False
    if installed_only and locations.in_source_checkout():
        return False
    from ..demo import write_demo

    path.parent.mkdir(parents=True, exist_ok=True)
    write_demo(path)
    return True


def demo_notice(path: Path, made: bool = False) -> str:
    """Said by every command that works on a demo store: it is easy to mistake for the
    group's file when nothing was named."""
    what = "a new DEMO store was made" if made else "this is the DEMO store"
    return (f"{what} at {path}: made-up data, not your group's file. For your group's file "
            "use --store PATH, or store: in your settings (compact-tui where shows every "
            "path).")


def add_output_argument(parser: argparse.ArgumentParser, what: str = "the output",
                        metavar: str = "FILE") -> None:
    parser.add_argument("-o", "--output", metavar=metavar,
                        help=f"write {what} to {metavar} (- or no -o: standard output)")


def to_stdout(output: str | None) -> bool:
    return not output or output == STDOUT


EXTENSIONS = {".md": "md", ".markdown": "md", ".txt": "md", ".html": "html", ".htm": "html",
              ".ics": "ics", ".docx": "docx", ".csv": "csv", ".json": "json"}


def choose_format(what: str, allowed: tuple[str, ...], requested: str | None,
                  output: str | None, known: tuple[str, ...] | None = None) -> str:
    """``--format``, else the ``-o`` file's ending (refused when it names one of the ``known``
    formats, by default ``allowed``, that ``what`` cannot be written in), else the first of
    ``allowed``. An ending of no known format is left to the writer (which refuses the data
    file itself, ``compact.json``, by name)."""
    if requested:
        return requested
    if not to_stdout(output):
        suffix = Path(str(output)).suffix
        found = EXTENSIONS.get(suffix.lower())
        if found not in (known or allowed):
            found = None
        if found and found not in allowed:
            raise CommandError(f"{what} cannot be written as {suffix} (use "
                               f"{' or '.join('.' + f for f in allowed)}, or --format)",
                               EXIT_USAGE)
        if found:
            return found
    return allowed[0]


def emit(args: argparse.Namespace, text: str | bytes, what: str, *, bom: bool = False) -> int:
    """Print ``text``, or write it to ``-o``'s file (``bom`` for CSV that Excel opens);
    bytes (a Word document) go to standard output as they are."""
    if to_stdout(args.output):
        if isinstance(text, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        return EXIT_OK
    write_output(args, args.output, text, what, bom=bom)
    return EXIT_OK


def write_output(args: argparse.Namespace, target: str | Path, data: str | bytes, what: str,
                 *, bom: bool = False, make_folder: bool = False) -> Path:
    """Write one output file atomically and say so on stderr; never over the store."""
    try:
        written = write_user_file(target, data, bom=bom, make_folder=make_folder,
                                  data_file=store_path(args))
    except RefusedPathError as error:
        raise CommandError(str(error), EXIT_USAGE) from error
    except UserFileError as error:
        raise CommandError(str(error)) from error
    print(f"Wrote {what} to {written}", file=sys.stderr)
    return written
