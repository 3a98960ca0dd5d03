"""``compact-tui disputes``: list, timeline, report and lessons, and their errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from compact_tui.cli import main

CONFIDENTIAL_WORDS = ("carers' support contract", "A trustee of a carers' charity",
                      "two months' notice", "Basildon and Brentwood Clinical",
                      "Mediator to propose a date", "4.2", "4.4")


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_shows_open_disputes_with_neutral_confidential_label(
        demo_path: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "--store", str(demo_path), "disputes", "list")
    assert code == 0
    assert "Six-week consultation on community grants — Discussion between the parties, " \
           "open 40 days" in out
    assert "Confidential dispute (raised 11 September 2026) — Independent mediation" in out
    assert "next: not shown (confidential) (due" in out
    assert "OVERDUE" in out
    assert "Grant paid in arrears" not in out
    for word in CONFIDENTIAL_WORDS:
        assert word not in out
    code, out, _ = run(capsys, "disputes", "list", "--all", "--store", str(demo_path))
    assert "Grant paid in arrears to Brentwood CVS — Resolved, closed 22 August 2026" in out


def test_timeline_by_title_to_stdout_and_file(demo_path: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "--store", str(demo_path), "disputes", "timeline", "six-week")
    assert code == 0
    assert out.startswith("# Dispute timeline: Six-week consultation on community grants")
    assert "- Concerns: Essex County Council" in out
    target = tmp_path / "timeline.md"
    code, out, err = run(capsys, "--store", str(demo_path), "disputes", "timeline",
                         "Six-week consultation", "-o", str(target))
    assert code == 0 and out == ""
    assert f"Wrote the timeline of Six-week consultation on community grants to {target}" in err
    assert "Concern raised" in target.read_text(encoding="utf-8")


def test_confidential_timeline_needs_the_flag(demo_path: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / "secret.md"
    code, out, err = run(capsys, "--store", str(demo_path), "disputes", "timeline", "carers",
                         "-o", str(target))
    assert code == 2
    assert "--include-confidential" in err
    assert not target.exists()
    for word in CONFIDENTIAL_WORDS:
        assert word not in out + err
    code, out, _ = run(capsys, "--store", str(demo_path), "disputes", "timeline", "carers",
                       "--include-confidential")
    assert code == 0
    assert "[CONFIDENTIAL]" in out and "A trustee of a carers' charity" in out


def test_timeline_unknown_or_ambiguous(demo_path: Path, capsys: pytest.CaptureFixture) -> None:
    code, _, err = run(capsys, "--store", str(demo_path), "disputes", "timeline", "zebra")
    assert code == 2 and 'no dispute matches "zebra"' in err
    code, _, err = run(capsys, "--store", str(demo_path), "disputes", "timeline", "n")
    assert code == 2 and "matches 3 disputes" in err
    for word in CONFIDENTIAL_WORDS:
        assert word not in err


def test_report_for_a_period(demo_path: Path, tmp_path: Path,
                             capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / "log.md"
    code, _, _ = run(capsys, "--store", str(demo_path), "disputes", "report",
                     "--from", "01/01/2026", "--to", "2026-12-31", "-o", str(target))
    assert code == 0
    text = target.read_text(encoding="utf-8")
    assert "from 1 January 2026 to 31 December 2026: 3." in text
    assert "### Brentwood Borough Council (1)" in text
    assert "### Not shown (confidential) (1)" in text
    for word in CONFIDENTIAL_WORDS:
        assert word not in text


@pytest.mark.parametrize(("args", "message"), [
    (("--from", "31/02/2026"), "--from: \"31/02/2026\" is not a real date"),
    (("--to", "soon"), "--to: \"soon\" is not a date we can read"),
    (("--from", "01/12/2026", "--to", "01/01/2026"), "is before --from"),
])
def test_report_bad_dates(demo_path: Path, capsys: pytest.CaptureFixture,
                          args: tuple[str, ...], message: str) -> None:
    code, out, err = run(capsys, "--store", str(demo_path), "disputes", "report", *args)
    assert code == 2
    assert message in err
    assert out == ""


def test_lessons(demo_path: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "--store", str(demo_path), "disputes", "lessons")
    assert code == 0
    assert "## Grant paid in arrears to Brentwood CVS" in out
    assert "grant payment dates are agreed in writing" in out


def test_missing_store_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code, _, err = run(capsys, "--store", str(tmp_path / "none.json"), "disputes", "lessons")
    assert code == 2
    assert "no store at" in err
