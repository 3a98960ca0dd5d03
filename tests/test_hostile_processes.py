"""Real processes in a real terminal (tmux): a hostile member cannot take down another
member's app or reach their terminal; an app meeting an unexpected error shows a panel and
carries on (exit 0 when the member quits), and one that must stop says so and exits 1."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from compact_tui.locations import presence_folder
from compact_tui.store import open_store

from .hostile import HOSTILE, HOSTILE_MEMBER

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

APP = str(Path(sys.executable).parent / "compact-tui")


def _wait_for(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


BROKEN_APP = """
import sys
from compact_tui.cli import main

def broken(*args, **kwargs):
    raise RuntimeError("a handler nobody expected to fail")

{broken} = broken
sys.exit(main())
"""


class Terminal:
    """One tmux session running the app (Textual draws on stderr, so it stays on the
    terminal); ``exit_file`` gets its exit status and the pane keeps what it printed."""

    def __init__(self, store: Path, home: Path, member: str, broken: str = "") -> None:
        self.name = f"hostile-{uuid.uuid4().hex[:8]}"
        self.exit_file = home / f"{self.name}.exit"
        settings = " ".join(f"{key}={shlex.quote(value)}" for key, value in os.environ.items()
                            if key.startswith("COMPACT_TUI_"))
        app = APP
        if broken:  # the real command, with one handler made to fail
            app = shlex.join([sys.executable, "-c", BROKEN_APP.format(broken=broken)])
        command = (f"env {settings} COMPACT_TUI_HOME={home} {app} --store {store} "
                   f"--member {shlex.quote(member)}; echo $? > {self.exit_file}; sleep 600")
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", "100", "-y", "30",
                        command], check=True)

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name],
                              capture_output=True, text=True).stdout

    def title(self) -> str:
        return subprocess.run(["tmux", "display-message", "-p", "-t", self.name,
                               "#{pane_title}"], capture_output=True, text=True).stdout

    def press(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def exit_status(self) -> int | None:
        return int(self.exit_file.read_text()) if self.exit_file.exists() else None

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    opened: list[Terminal] = []

    def start(store: Path, member: str = "Jo Morgan", broken: str = "",
              home: Path | None = None) -> Terminal:
        opened.append(Terminal(store, home or tmp_path, member, broken))
        return opened[-1]

    yield start
    for term in opened:
        term.close()


def test_a_hostile_member_does_not_take_down_another_app(demo_path: Path, terminal) -> None:
    jo = terminal(demo_path)
    assert _wait_for(lambda: "2 Meetings" in jo.screen()), jo.screen()
    mallory = subprocess.run(
        [sys.executable, "-c", (
            "import sys, time\n"
            "from compact_tui.store import open_store\n"
            "store = open_store(sys.argv[1], member=sys.argv[2], device='mallory')\n"
            "store.presence.beat(sys.argv[2], sys.argv[3])\n"
            "for org in store.all('organisations'):\n"
            "    store.update('organisations', org['id'], {'name': sys.argv[3]})\n"
            "assert store.save()\n"
            "time.sleep(8)\n"
            "store.close()\n"),
         str(demo_path), HOSTILE_MEMBER, HOSTILE], capture_output=True, text=True,
        env={**os.environ, "COMPACT_TUI_HOME": str(demo_path.parent / "mallory-home")})
    assert mallory.returncode == 0, mallory.stderr
    jo.press("4")
    assert _wait_for(lambda: "[/]Mallory" in jo.screen())
    assert jo.exit_status() is None, "Jo's app stopped"
    assert "pwned" not in jo.title()
    # The whole name, its placeholders included, is on the notice naming who changed the
    # records, or (once that notice has gone, or the row cuts the name short) on the
    # organisation's own page.
    if not _wait_for(lambda: "␛]0;pwned␇" in jo.screen(), seconds=5):
        jo.press("Enter")
        assert _wait_for(lambda: "␛]0;pwned␇" in jo.screen()), jo.screen()
    assert jo.exit_status() is None, "Jo's app stopped"
    jo.press("C-q")
    assert _wait_for(lambda: jo.exit_status() is not None)
    assert jo.exit_status() == 0


def test_two_app_processes_one_member_hostile_the_other_stays_up(demo_path: Path, terminal,
                                                                 tmp_path: Path) -> None:
    """Mallory runs the app too, under a hostile name (its presence file is the app's own),
    and her edits carry markup, escape sequences and bidi overrides: Jo's app and her own
    stay up and show them as text."""
    jo = terminal(demo_path)
    mallory_home = tmp_path / "mallory"
    mallory_home.mkdir()
    mallory = terminal(demo_path, member=HOSTILE_MEMBER, home=mallory_home)
    for app in (jo, mallory):
        assert _wait_for(lambda app=app: "2 Meetings" in app.screen()), app.screen()
    presence = presence_folder(demo_path)  # Mallory's app announces itself there
    assert _wait_for(lambda: len([p for p in presence.glob("*.json")
                                  if not p.name.endswith(".device.json")]) >= 2,
                     seconds=60), list(presence.glob("*"))
    edits = subprocess.run(
        [sys.executable, "-c", (
            "import sys\n"
            "from compact_tui.store import open_store\n"
            "store = open_store(sys.argv[1], member=sys.argv[2], device='mallory-script')\n"
            "for org in store.all('organisations'):\n"
            "    store.update('organisations', org['id'], {'name': sys.argv[3]})\n"
            "for action in store.all('actions'):\n"
            "    store.update('actions', action['id'], {'description': sys.argv[3]})\n"
            "store.close()\n"),
         str(demo_path), HOSTILE_MEMBER, HOSTILE], capture_output=True, text=True,
        env={**os.environ, "COMPACT_TUI_HOME": str(tmp_path / "mallory-script")})
    assert edits.returncode == 0, edits.stderr
    for app in (jo, mallory):
        app.press("4")
        # The Dashboard's due list shows the names too: wait for the Register itself.
        assert _wait_for(lambda app=app: "[4 Register]" in app.screen()
                         and "[/]Mallory [b]bol" in app.screen()), app.screen()
        app.press("Enter")  # the organisation's page shows the whole name
        assert _wait_for(lambda app=app: "[@click=app.screenshot(" in app.screen()
                         and "␛]0;pwned␇" in app.screen()), app.screen()
        app.press("Escape")
        assert app.exit_status() is None, "an app stopped"
        assert "pwned" not in app.title()
    for app in (jo, mallory):
        app.press("C-q")
        assert _wait_for(lambda app=app: app.exit_status() is not None)
        assert app.exit_status() == 0
    assert not (tmp_path / "data" / "problems.log").exists()


def test_an_app_meeting_an_error_carries_on_and_exits_0(demo_path: Path, terminal,
                                                         tmp_path: Path) -> None:
    from compact_tui.ui.register.register import RegisterScreen

    assert RegisterScreen.action_import_csv  # the handler made to fail below
    jo = terminal(demo_path, broken=(
        "from compact_tui.ui.register.register import RegisterScreen\n"
        "RegisterScreen.action_import_csv"))
    assert _wait_for(lambda: "2 Meetings" in jo.screen()), jo.screen()
    jo.press("4")
    assert _wait_for(lambda: "Organisation" in jo.screen())
    jo.press("i")
    assert _wait_for(lambda: "Something went wrong" in jo.screen()), jo.screen()
    report = tmp_path / "data" / "problems.log"
    shown = "".join(jo.screen().replace("│", " ").split())  # the panel's lines, unwrapped
    assert "RuntimeError:ahandlernobodyexpectedtofail" in shown
    assert "".join(f"The details are written to {report}".split()) in shown
    assert "the app carried on" in report.read_text()
    jo.press("Enter")
    assert _wait_for(lambda: "Something went wrong" not in jo.screen())
    jo.press("3")
    assert _wait_for(lambda: "[3 Actions]" in jo.screen() and "overdue" in jo.screen())
    assert jo.exit_status() is None
    jo.press("C-q")
    assert _wait_for(lambda: jo.exit_status() is not None)
    assert jo.exit_status() == 0, f"{jo.screen()}\n{report.read_text()}"


def test_an_app_that_must_stop_exits_1_and_says_where_the_report_is(
        demo_path: Path, terminal, tmp_path: Path) -> None:
    with open_store(demo_path, member="Jo Morgan") as store:
        action = store.all("actions")[0]
        store.update("actions", action["id"], {"description": "Edited before the stop"})
    jo = terminal(demo_path, broken=(
        "from compact_tui.ui.shell.dashboard import DashboardScreen\n"
        "DashboardScreen.refresh_data"))
    assert _wait_for(lambda: jo.exit_status() is not None), jo.screen()
    assert jo.exit_status() == 1
    report = tmp_path / "data" / "problems.log"
    shown = "".join(jo.screen().split())
    assert "compact-tui stopped on an unexpected error" in jo.screen()
    assert "".join(f"The details are written to {report}".split()) in shown
    assert "The app stopped on an unexpected error" in report.read_text()
    with open_store(demo_path, member="Jo Morgan", read_only=True) as store:
        assert store.get("actions", action["id"])["description"] == "Edited before the stop"
