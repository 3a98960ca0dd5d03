"""Installing: what a person sees when they follow the README."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_says_how_to_run_the_other_commands() -> None:
    """After `make run` a bare `compact-tui` is "command not found": the run says what works."""
    shown = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout
    assert ".venv/bin/compact-tui --help" in shown
    assert "source .venv/bin/activate" in shown


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_installing_shows_no_warning_box(tmp_path: Path) -> None:
    """setuptools prints a boxed "Editable installation" note (``!!`` above and below) that
    a non-developer reads as an error; the Makefile's pip command does not show it."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    command = subprocess.run(
        ["make", "-s", "--eval", "show-quiet-pip: ; @echo $(QUIET_PIP)", "show-quiet-pip",
         f"BIN={venv / 'bin'}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert command.startswith("PYTHONWARNINGS=")
    done = subprocess.run(f"{command} --no-deps -e .", shell=True, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "!!" not in done.stderr and "Editable installation" not in done.stderr
