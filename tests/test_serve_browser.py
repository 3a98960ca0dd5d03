"""`compact-tui serve` in a real headless Chromium: no token, no app; with it, a member who
never opened a terminal names themselves, sees the Dashboard, chairs an item and types
minutes that reach the shared store.

The terminal in the page draws on a canvas, so the test reads what the app sent to the page
(the WebSocket's bytes, recorded by a script the test adds to the page) rather than pixels.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from compact_tui.domain.meetings import MeetingsService
from compact_tui.store import open_store

pytest.importorskip("textual_serve", reason="textual-serve is not installed")
selenium = pytest.importorskip("selenium", reason="selenium (test extra) is not installed")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

CHROMIUM = next((shutil.which(name) for name in ("chromium", "chromium-browser",
                                                  "google-chrome") if shutil.which(name)), None)
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                                reason="Chromium and chromedriver are not installed "
                                "(.ci/run installs Debian's chromium and chromium-driver)")

# Keep what the app sends to the page, as text, where the test can read it.
RECORDER = """
(() => {
  window.__screen = "";
  const decoder = new TextDecoder();
  const Original = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Original(...args);
    socket.addEventListener("message", (event) => {
      if (typeof event.data !== "string") {
        window.__screen = (window.__screen + decoder.decode(event.data)).slice(-400000);
      }
    });
    return socket;
  };
  window.WebSocket.prototype = Original.prototype;
  Object.assign(window.WebSocket, Original);
})();
"""
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(demo_path: Path) -> Iterator[tuple[str, int]]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "compact_tui", "serve", "--store", str(demo_path), "--port",
         str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=dict(os.environ))
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"http://\S+", line)
        assert match, f"no address printed: {line!r}"
        url = match.group(0)
        for _ in range(200):  # the server is up once it answers
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.05)
        yield url, port
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_no_token_no_app(served: tuple[str, int]) -> None:
    url, port = served
    assert status_of(url) == 200
    for wrong in (f"http://127.0.0.1:{port}/", f"http://127.0.0.1:{port}/ws",
                  f"http://127.0.0.1:{port}/not-the-token/",
                  f"http://127.0.0.1:{port}/not-the-token/ws"):
        assert status_of(wrong) == 403, wrong


def test_host_elsewhere_needs_a_token_file(demo_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "compact_tui", "serve", "--store",
                             str(demo_path), "--host", "0.0.0.0"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2
    assert "--token-file" in result.stderr and "other machines" in result.stderr


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                 "--window-size=1400,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options,
                              service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"never happened: {what}")


def test_a_member_in_a_browser_chairs_an_item_and_the_minutes_reach_the_store(
        served: tuple[str, int], browser: webdriver.Chrome, demo_path: Path) -> None:
    url, _ = served
    browser.get(url)

    def screen() -> str:
        return ESCAPES.sub("", browser.execute_script("return window.__screen || ''"))

    def typing(text: str) -> None:
        browser.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea").send_keys(text)

    wait_for(lambda: "Welcome to compact-tui" in screen(), "the name is asked")
    typing("Browser Clerk\n")
    typing("\n")
    wait_for(lambda: "Browser Clerk" in screen() and "Next meeting" in screen()
             and "Active signatories" in screen(), "the Dashboard under the member's name")
    typing("2")
    wait_for(lambda: "Enter: agenda" in screen(), "the Meetings list")
    with open_store(demo_path, member="check", read_only=True) as store:
        first = MeetingsService(store).upcoming()
    typing("c")
    wait_for(lambda: "saved as you type" in screen(), "chair mode's minutes box")
    typing("Minuted from a web browser.")
    meeting_id = sorted(first, key=lambda m: (m.date, m.start_time))[0].id

    def minuted() -> bool:
        with open_store(demo_path, member="check", read_only=True) as store:
            items = MeetingsService(store).items(meeting_id)
            return any("Minuted from a web browser." in item.minutes for item in items)

    wait_for(minuted, "the minutes typed in the browser are in the shared store", 90)
    with open_store(demo_path, member="check", read_only=True) as store:
        changed_by = {entry.get("by") for item in MeetingsService(store).items(meeting_id)
                      for entry in store.history("agenda_items", item.id)}
    assert "Browser Clerk" in changed_by  # the name asked in the browser, not a default
