"""A real app process under tmux, killed with SIGKILL 50 ms after the last key of a sentence:
restarted, it reopens chair mode on the same item (or the dispute form, on its "What happened"
box) with every character and the cursor where it was, and says what it recovered. SIGTERM
ends it the normal way (terminal restored, saved).
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from compact_tui.store.files import load_store_file
from tests.conftest import FIXED_TODAY

TMUX = shutil.which("tmux")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(TMUX is None, reason="needs tmux to drive a real terminal")]
SENTENCE = "Apologies from Rita Gomez and Lee Chan, both unwell."


class Terminal:
    """One app process in a private tmux server (its own socket in the test's folder, so no
    user session is touched), 100x30."""

    def __init__(self, tmp_path: Path, store: Path, home: Path) -> None:
        self.socket = str(tmp_path / "tmux.sock")
        self.store, self.home = store, home
        self.session = "app"

    def tmux(self, *args: str) -> str:
        result = subprocess.run([TMUX, "-S", self.socket, *args], capture_output=True,
                                text=True, timeout=20)
        return result.stdout

    def start(self) -> None:
        command = " ".join(shlex.quote(part) for part in [
            "env", f"COMPACT_TUI_HOME={self.home}", f"COMPACT_TUI_TODAY={FIXED_TODAY}",
            sys.executable, "-m", "compact_tui.cli", "--store", str(self.store),
            "--member", "Jo Morgan"])
        deadline = time.monotonic() + 10  # after a kill, let the old tmux server go first
        while self.tmux_ok("has-session", "-t", self.session) and time.monotonic() < deadline:
            time.sleep(0.05)
        for _ in range(50):  # right after a kill the old tmux server may still be leaving
            self.tmux("new-session", "-d", "-s", self.session, "-x", "100", "-y", "30",
                      command)
            pane = self.tmux("display-message", "-p", "-t", self.session, "#{pane_pid}")
            if pane.strip().isdigit():
                break
            time.sleep(0.1)
        self.pid = int(pane.strip())

    def tmux_ok(self, *args: str) -> bool:
        return subprocess.run([TMUX, "-S", self.socket, *args], capture_output=True,
                              timeout=20).returncode == 0

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def wait_for(self, condition: Callable[[str], bool], seconds: float = 30) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            shown = self.screen()
            if condition(shown):
                return shown
            time.sleep(0.02)
        raise AssertionError(f"the screen never showed what was expected:\n{self.screen()}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def wait_exit(self, seconds: float = 20) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                status = Path(f"/proc/{self.pid}/status").read_text()
            except FileNotFoundError:
                return
            if "\nState:\tZ" in status:  # exited; tmux (remain-on-exit) has not reaped it
                return
            time.sleep(0.05)
        raise AssertionError("the app did not exit")

    def open_chair(self) -> None:
        """Dashboard, then Meetings (2), then chair mode (c) on the next meeting.

        A key sent while the app is still starting can be swallowed: each is sent again until
        the screen shows it was taken."""
        self.wait_for(lambda shown: "Next meeting" in shown)
        self.press_until("2", "Chair mode")
        self.press_until("c", "Minutes (saved as you type)")

    def press_until(self, key: str, shows: str) -> None:
        for _ in range(20):
            self.keys(key)
            try:
                self.wait_for(lambda shown: shows in shown, seconds=1.5)
                return
            except AssertionError:
                continue
        self.wait_for(lambda shown: shows in shown)

    def type_slowly(self, text: str) -> None:
        """A fast typist: a key every 30 ms."""
        for letter in text:
            self.keys(letter, literal=True)
            time.sleep(0.03)

    def kill_50ms_after(self, last_words: str) -> None:
        """SIGKILL 50 ms after the screen shows the last key arrived."""
        self.wait_for(lambda shown: last_words in shown)
        time.sleep(0.05)
        os.kill(self.pid, signal.SIGKILL)
        self.wait_exit()

    def close(self) -> None:
        self.tmux("kill-server")


@pytest.fixture
def terminal(tmp_path: Path, demo_path: Path):
    made = Terminal(tmp_path, demo_path, tmp_path / "home")
    yield made
    made.close()


def _minutes_holding(path: Path, words: str) -> list[str]:
    items = load_store_file(path)["agenda_items"].values()
    return [item["minutes"] for item in items if words in item.get("minutes", "")]


def test_sigkill_50ms_after_the_last_key_loses_nothing(terminal: Terminal) -> None:
    terminal.start()
    terminal.open_chair()
    terminal.type_slowly(SENTENCE)
    # The last key has reached the app once the screen shows it (on a loaded machine that
    # can take longer than 50 ms); the shared file is saved only after a pause in typing, so
    # what comes back after the kill comes from the local journal.
    terminal.kill_50ms_after("both unwell.")

    terminal.start()
    shown = terminal.wait_for(lambda shown: "both unwell." in shown and "Recovered" in shown)
    assert "Minutes (saved as you type)" in shown  # back in chair mode
    terminal.keys("!", literal=True)  # lands where the cursor was: after the sentence
    terminal.wait_for(lambda shown: "unwell.!" in shown)
    terminal.keys("C-q")
    terminal.wait_exit()
    assert _minutes_holding(terminal.store, SENTENCE) == [SENTENCE + "!"]


def test_sigkill_50ms_after_typing_in_a_dispute_form_loses_nothing(terminal: Terminal) -> None:
    """A form keeps nothing in the store until saved: its draft (every field, the focused one,
    the cursor) is in the local journal's place file within a few tens of milliseconds."""
    words = "The grants panel met without notice on 3 December."
    terminal.start()
    terminal.wait_for(lambda shown: "Next meeting" in shown)
    terminal.press_until("5", "Open disputes")
    terminal.press_until("n", "Raise a concern")
    terminal.keys("Tab", "Tab", "Tab", "Tab", "Tab", "Tab")  # to "What happened"
    terminal.type_slowly(words)
    terminal.kill_50ms_after("on 3 December.")

    terminal.start()
    shown = terminal.wait_for(lambda shown: "on 3 December." in shown and "Recovered" in shown)
    assert "Raise a concern" in shown and "the new dispute" in shown
    terminal.keys("!", literal=True)  # lands where the cursor was: after the sentence
    shown = terminal.wait_for(lambda shown: "December.!" in shown)
    what_happened = shown.splitlines()[shown.splitlines().index(next(
        line for line in shown.splitlines() if "What happened" in line)) + 1]
    assert words + "!" in what_happened
    terminal.keys("Escape")  # a clean close forgets the draft: nothing to recover next time
    terminal.wait_for(lambda shown: "Raise a concern" not in shown)
    terminal.keys("C-q")
    terminal.wait_exit()
    terminal.start()
    terminal.wait_for(lambda shown: "Next meeting" in shown)
    time.sleep(1)
    assert "Recovered" not in terminal.screen()


def test_sigterm_restores_the_terminal_and_saves(terminal: Terminal) -> None:
    terminal.start()
    terminal.open_chair()
    terminal.tmux("set-option", "-t", terminal.session, "remain-on-exit", "on")
    terminal.keys("Short line.", literal=True)
    terminal.wait_for(lambda shown: "Short line." in shown)
    os.kill(terminal.pid, signal.SIGTERM)
    terminal.wait_exit()
    after = terminal.screen()
    assert "Minutes (saved as you type)" not in after  # the alternate screen was left
    assert _minutes_holding(terminal.store, "Short line.") == ["Short line."]
