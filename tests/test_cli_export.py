"""``compact-tui export``: choosing the meeting and the format, files, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from compact_tui.cli import main
from compact_tui.domain.dates import format_date
from compact_tui.domain.meetings import MeetingsService
from compact_tui.store import open_store


@pytest.fixture(scope="module")
def shared_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo store for the module: exports only read it (opened read-only)."""
    from compact_tui.demo import write_demo
    from tests.conftest import FIXED_TODAY

    folder = tmp_path_factory.mktemp("export-demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COMPACT_TUI_HOME", str(folder / "home"))
        patch.setenv("COMPACT_TUI_TODAY", FIXED_TODAY)
        return write_demo(folder / "compact.json")


@pytest.fixture
def demo_path(shared_demo: Path) -> Path:
    return shared_demo


@pytest.fixture
def dates(demo_path: Path) -> dict[str, str]:
    """ISO dates of the demo's meetings: earlier, last (held) and next (upcoming)."""
    with open_store(demo_path, member="test", read_only=True) as store:
        meetings = MeetingsService(store).meetings()
    return {"next": meetings[0].date, "last": meetings[1].date, "earlier": meetings[2].date}


def uk(iso_date: str) -> str:
    year, month, day = iso_date.split("-")
    return f"{day}/{month}/{year}"


def test_minutes_to_stdout_as_markdown_by_uk_date(demo_path, dates, capsys):
    assert main(["export", "minutes", "--store", str(demo_path), uk(dates["last"])]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Brentwood Compact Steering Group\n")
    assert f"held on Thursday {format_date(dates['last'])}" in out
    assert "**DRAFT — subject to approval at the next meeting**" in out


def test_latest_is_the_most_recent_meeting_held(demo_path, dates, capsys):
    assert main(["--store", str(demo_path), "export", "minutes", "--latest"]) == 0
    assert f"Thursday {format_date(dates['last'])}" in capsys.readouterr().out


def test_iso_date_and_html_from_the_file_extension(demo_path, dates, tmp_path, capsys):
    target = tmp_path / "minutes.html"
    assert main(["export", "minutes", "--store", str(demo_path), dates["earlier"],
                 "-o", str(target)]) == 0
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<table>" in page
    assert "Approved" in page and "DRAFT" not in page
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Wrote the minutes of the meeting on " in captured.err
    assert f"to {target}" in captured.err


def test_format_option_beats_the_extension(demo_path, dates, tmp_path):
    target = tmp_path / "minutes.html"
    assert main(["export", "minutes", "--store", str(demo_path), dates["last"], "-o",
                 str(target), "--format", "md"]) == 0
    assert target.read_text(encoding="utf-8").startswith("# Brentwood Compact")


def test_agenda_html_on_stdout(demo_path, capsys):
    assert main(["export", "agenda", "--store", str(demo_path), "--next", "--format",
                 "html"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>") and "<h2>1. Welcome and apologies</h2>" in out


def test_ics_file_keeps_crlf(demo_path, dates, tmp_path):
    target = tmp_path / "meeting.ics"
    assert main(["export", "ics", "--store", str(demo_path), uk(dates["next"]), "-o",
                 str(target)]) == 0
    raw = target.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert f"DTSTART;TZID=Europe/London:{dates['next'].replace('-', '')}T140000".encode() in raw


def test_actions_with_filters(demo_path, capsys):
    assert main(["export", "actions", "--store", str(demo_path), "--overdue", "--owner",
                 "Essex"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Action log")
    rows = [line for line in out.splitlines() if line.startswith("| 20")]
    assert len(rows) == 1 and "Essex County Council" in rows[0] and "OVERDUE" in rows[0]
    assert main(["export", "actions", "--store", str(demo_path), "--status",
                 "in progress"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| 20")]
    assert rows and all("In progress" in row for row in rows)


@pytest.mark.parametrize(("argv", "message"), [
    (["export", "minutes", "09/10/2001"], "there is no meeting on 9 October 2001"),
    (["export", "agenda", "2001-10-09"], "there is no meeting on 9 October 2001"),
    (["export", "ics", "31/02/2026"], "not a real date"),
    (["export", "minutes", "--latest", "-o", "out.ics"], "cannot be written as .ics"),
    (["export", "actions", "--status", "finished"], "not an action status"),
])
def test_bad_requests_exit_2_with_a_clear_message(demo_path, argv, message, capsys,
                                                  tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main([*argv, "--store", str(demo_path)]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""
    assert not (tmp_path / "out.ics").exists()


def test_missing_store_is_exit_2(tmp_path, capsys):
    assert main(["export", "minutes", "--store", str(tmp_path / "none.json"), "--latest"]) == 2
    assert "no store at" in capsys.readouterr().err
    assert not (tmp_path / "none.json").exists()


def test_a_meeting_date_or_latest_is_required(demo_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["export", "minutes", "--store", str(demo_path)])
    assert stopped.value.code == 2
    assert "MEETING_DATE" in capsys.readouterr().err


def test_unwritable_output_is_reported(demo_path, tmp_path, capsys):
    target = tmp_path / "missing-folder" / "minutes.md"
    assert main(["export", "minutes", "--store", str(demo_path), "--latest", "-o",
                 str(target)]) == 1
    assert "Could not write" in capsys.readouterr().err
