"""Installing: what a person sees when they follow the README."""

from __future__ import annotations

import os
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


def _venv_using_this_projects_packages(venv: Path) -> Path:
    """A new venv whose dependencies, pip included, come from this project's environment.

    ``--without-pip`` skips ensurepip, which took 4 s of CPU (40 s on a loaded machine) per
    venv; pip then is the project's, the one `make` upgraded, as a member's install uses.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    deps = next(Path(p) for p in sys.path if p.endswith("site-packages"))
    (site / "project-deps.pth").write_text(str(deps) + "\n", encoding="utf-8")
    return venv


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_installing_shows_no_warning_box(tmp_path: Path) -> None:
    """setuptools prints a boxed "Editable installation" note (``!!`` above and below) that
    a non-developer reads as an error; the Makefile's pip command does not show it."""
    venv = _venv_using_this_projects_packages(tmp_path / "venv")
    command = subprocess.run(
        ["make", "-s", "--eval", "show-quiet-pip: ; @echo $(QUIET_PIP)", "show-quiet-pip",
         f"BIN={venv / 'bin'}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert command.startswith("PYTHONWARNINGS=")
    done = subprocess.run(f"{command} --no-deps -e .", shell=True, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "!!" not in done.stderr and "Editable installation" not in done.stderr


def test_where_prints_every_path(isolated_home: Path, capsys) -> None:
    from compact_tui.cli import main

    assert main(["where", "--store", str(isolated_home / "shared" / "compact.json")]) == 0
    out = capsys.readouterr().out
    lines = {line.split("  ")[0]: line for line in out.splitlines()}
    assert str(isolated_home / "shared" / "compact.json") in lines["Data file"]
    assert "[--store]" in lines["Data file"]
    for name, path in (("Settings file", isolated_home / "config" / "config.yaml"),
                       ("Journal of unsaved edits", isolated_home / "data" / "journal"),
                       ("Backups", isolated_home / "shared" / "compact-backups"),
                       ("Problem log", isolated_home / "data" / "problems.log")):
        assert str(path) in lines[name], name
    assert "Agenda templates" in lines and "Content" in lines


def test_installed_the_default_store_is_a_demo_in_the_user_data_folder(
        isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from compact_tui import locations

    assert locations.in_source_checkout()
    assert locations.default_store_path() == ROOT / "store" / "compact.json"
    monkeypatch.setattr(locations, "PROJECT_ROOT", tmp_path / "site-packages")
    assert not locations.in_source_checkout()
    assert locations.default_store_path() == isolated_home / "data" / "compact-DEMO.json"


def _files(folder: Path) -> dict[str, float]:
    return {str(p.relative_to(folder)): p.stat().st_mtime for p in folder.rglob("*")
            if "__pycache__" not in p.parts}


def test_an_installed_wheel_writes_nothing_under_site_packages(tmp_path: Path) -> None:
    """The README's install, from a built wheel (not editable): the commands that write the
    default data file write it in the user's data folder, and site-packages stays as
    installed."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "-w", str(wheels), str(ROOT)], check=True,
                   capture_output=True, timeout=300)
    (wheel,) = wheels.glob("compact_tui-*.whl")
    venv = _venv_using_this_projects_packages(tmp_path / "venv")
    site = next((venv / "lib").glob("python3*/site-packages"))
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    "--no-deps", str(wheel)], check=True, capture_output=True, timeout=300)
    installed = site / "compact_tui"
    assert (installed / "__init__.py").is_file()
    before = _files(site)
    home = tmp_path / "home"
    env = {**os.environ, "COMPACT_TUI_HOME": str(home), "COMPACT_TUI_TODAY": "2026-11-25"}
    env.pop("COMPACT_TUI_STORE", None)
    command = str(venv / "bin" / "compact-tui")
    where = subprocess.run([command, "where"], env=env, cwd=tmp_path, capture_output=True,
                           text=True, check=True).stdout
    assert f"{home / 'data' / 'compact-DEMO.json'}" in where and "DEMO" in where
    csv_file = tmp_path / "signatories.csv"
    csv_file.write_text("Organisation,Sector\r\nBrentwood Mencap,Charity\r\n", encoding="utf-8")
    demo_file = home / "data" / "compact-DEMO.json"
    imported = subprocess.run([command, "register", "import", str(csv_file)], env=env,
                              cwd=tmp_path, check=True, capture_output=True, text=True,
                              timeout=120)
    assert demo_file.is_file()
    assert f"a new DEMO store was made at {demo_file}: made-up data" in imported.stderr
    exported = subprocess.run([command, "export", "actions", "-o", "-"], env=env, cwd=tmp_path,
                              check=True, capture_output=True, text=True, timeout=120)
    assert f"this is the DEMO store at {demo_file}" in exported.stderr
    assert "DEMO" not in exported.stdout and exported.stdout.strip()
    assert _files(site) == before
    assert not list(installed.rglob("*.json"))


async def test_a_demo_store_says_demo_data_in_the_status_line(make_app, tmp_path: Path,
                                                             demo_path: Path) -> None:
    """Decided by the mark in the file, not its name: a demo renamed compact.json still says
    so, and a group's file someone named "demo" does not."""
    from textual.widgets import Static

    from compact_tui.demo import write_demo

    (tmp_path / "mine").mkdir()
    renamed_demo = write_demo(tmp_path / "mine" / "compact.json")
    named_demo = tmp_path / "mine" / "compact-DEMO.json"
    named_demo.write_bytes(demo_path.read_bytes())  # the tests' demo is not marked
    for path, shown in ((renamed_demo, True), (named_demo, False)):
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            status = str(app.screen.query_one("StatusLine", Static).render())
            assert status.startswith("DEMO DATA · ") is shown, status
