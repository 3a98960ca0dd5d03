"""The ``compact-tui`` command: opens the app, or runs a subcommand (``--help`` on each)."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import pkgutil
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import commands
from .commands.common import (
    EXIT_USAGE,
    CommandError,
    add_store_argument,
    argument_problem,
    command_content,
    demo_notice,
    make_default_demo,
    settings_or_default,
)
from .config import Settings, save_settings, store_path_and_reason
from .locations import config_file, in_source_checkout
from .user_files import describe_os_error
from .visible_text import visible

if TYPE_CHECKING:
    from textual.app import App

    from .ui.shell.first_run import StoreChoice


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="compact-tui",
        description="Run a local Compact Steering Group from the terminal: meetings and "
        "minutes, the signatory register, disputes, self-assessments and action plans, all "
        "in one file the group shares.")
    add_store_argument(parser)
    parser.add_argument("--member", metavar="NAME",
                        help="who is editing (default: the name saved on first start)")
    # each browser session of ``compact-tui serve``: ask who is editing, save nothing
    parser.add_argument("--ask-member", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--content", metavar="FOLDER", type=Path,
                        help="another borough's content folder (default: Brentwood's)")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if module_info.name == "common":
            continue
        module = importlib.import_module(f"{commands.__name__}.{module_info.name}")
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    with visible_output():
        parser = build_parser()
        args = parser.parse_args(argv)
        problem = argument_problem(args)
        if problem:
            print(f"compact-tui: {problem}", file=sys.stderr)
            return EXIT_USAGE
        try:
            if hasattr(args, "run"):
                return args.run(args)
        except CommandError as error:
            print(f"compact-tui: {error}", file=sys.stderr)
            return error.code
        except OSError as error:
            print(f"compact-tui: {describe_os_error(error)}", file=sys.stderr)
            return EXIT_USAGE
        except KeyboardInterrupt:
            return 130
    try:
        return open_app(args)
    except CommandError as error:
        print(visible(f"compact-tui: {error}"), file=sys.stderr)
        return error.code
    except OSError as error:
        print(visible(f"compact-tui: {describe_os_error(error)}"), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


class _VisibleStream:
    """stdout or stderr with terminal control characters shown, never obeyed (``\r\n`` line
    ends, as in CSV, are kept)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write("\r\n".join(visible(part) for part in text.split("\r\n")))
        return len(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


@contextlib.contextmanager
def visible_output() -> Iterator[None]:
    """Everything a command prints passes here: names, notes and file contents from the
    shared folder reach the terminal as text, never as escape sequences (the app itself
    renders through ``ui.widgets.plain``)."""
    saved = sys.stdout, sys.stderr
    sys.stdout = _VisibleStream(saved[0])
    sys.stderr = _VisibleStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def open_app(args: argparse.Namespace) -> int:
    """Open the app. A missing store is made only with demo data at the default path, or
    after the member says yes: a mistyped --store must not start a new, empty store (its
    edits would never reach the group's file)."""
    from .store import StoreError, open_store

    settings = settings_or_default()
    content = command_content(args)
    chosen = choose_store(args, settings)
    if chosen is None:
        return 0
    path, agreed = chosen
    if make_default_demo(path):
        print(f"compact-tui: {demo_notice(path, made=True)}", file=sys.stderr)
    elif not path.exists() and not agreed and not _agreed_to_create(path):
        raise CommandError(f"there is no store at {path}. Check the path (or the sync "
                           "folder); to start a new store there, run the app from a terminal "
                           "and answer yes, or write a demo with: compact-tui demo PATH",
                           EXIT_USAGE)
    asking = getattr(args, "ask_member", False)
    if asking:
        settings.member = settings.member_role = ""
    member = args.member or settings.member
    try:
        store = open_store(path, member=member)
    except StoreError as error:
        raise CommandError(str(error)) from error

    from .ui.app import CompactApp

    app = CompactApp(store, content, settings, persist_settings=not asking)
    _exit_on_hang_up(app)
    try:
        app.run()
    finally:
        try:
            store.close()
        except StoreError as error:
            print(visible(f"compact-tui: {error}"), file=sys.stderr)
            return 1
    if app.crash is not None:
        print(visible(crash_notice(app.crash, store.events.log.path)), file=sys.stderr)
        return 1
    return app.return_code or 0


def choose_store(args: argparse.Namespace, settings: Settings,
                 ask: Callable[[], StoreChoice | None] | None = None
                 ) -> tuple[Path, bool] | None:
    """The data file to open. On the first run of an installed app, with nothing named
    (no --store, COMPACT_TUI_STORE or settings), the member is asked where the group's file
    is; a file they choose is kept in their settings, so they are asked once. Returns the
    path and whether the member already agreed to start a new store there; None when they
    quit instead of answering."""
    path, reason = store_path_and_reason(getattr(args, "store", None), settings)
    if not reason.startswith("default") or in_source_checkout() or not sys.stdin.isatty():
        return path, False
    choice = (ask or _ask_where_the_store_is)()
    if choice is None:
        return None
    if not choice.demo:
        save_settings(replace(settings, store=str(choice.path)))
        print(f"compact-tui: your group's file is {choice.path}; kept in your settings "
              f"({config_file()}).", file=sys.stderr)
    return choice.path, choice.new


def _ask_where_the_store_is() -> StoreChoice | None:
    from .ui.shell.first_run import FirstRunApp

    return FirstRunApp().run()


def _agreed_to_create(path: Path) -> bool:
    """Ask on the terminal; without one (a script, a shortcut) the answer is no."""
    if not sys.stdin.isatty():
        return False
    try:
        answer = input(visible(f"There is no store at {path}.\nStart a new, empty store "
                               "there? [y/N] "))
    except EOFError:
        return False
    return answer.strip().casefold() in ("y", "yes")


def crash_notice(error: BaseException, report: Path) -> str:
    """What a member reads when the app stopped on an error it did not expect."""
    return (f"compact-tui stopped on an unexpected error: {type(error).__name__}: {error}\n"
            "Your edits were kept: they are saved in the shared file, or in this machine's "
            "journal, which is replayed when you start the app again.\n"
            f"The details are written to {report}: please send that file to whoever helps "
            "with the app.")


def _exit_on_hang_up(app: App[object]) -> None:
    """A closed terminal, a dropped ssh session or a plain ``kill`` (SIGTERM) ends the app the
    normal way, which restores the terminal and saves."""
    import asyncio
    import signal

    if not hasattr(signal, "SIGHUP"):
        return

    def hang_up(signum: int, frame: object) -> None:
        try:
            asyncio.get_running_loop().call_soon_threadsafe(app.exit)
        except RuntimeError:
            raise SystemExit(129) from None

    signal.signal(signal.SIGHUP, hang_up)
    signal.signal(signal.SIGTERM, hang_up)


if __name__ == "__main__":
    sys.exit(main())
