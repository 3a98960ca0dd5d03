"""``compact-tui due`` and ``compact-tui report annual`` on the demo store: the list in three
formats, the annual report's figures checked against the store's own records, and the report
converted by the real pandoc to a Word document with real tables."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from compact_tui.cli import main
from compact_tui.domain.dates import add_months
from compact_tui.store import open_store

YEAR = "2026"


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_due_prints_overdue_first_in_markdown(demo_path: Path,
                                             capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "--store", str(demo_path), "due")
    assert code == 0
    assert out.startswith("# Due and overdue\n")
    assert "in the next 30 days" in out
    rows = [line for line in out.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[0] == "| Due | Status | What | Details |"
    assert rows[1].startswith("| 16 October 2026 | OVERDUE | Consultation | Community grants")
    assert "Confidential dispute (raised 11 September 2026): next step" in out
    assert "carers" not in out


def test_due_within_days_and_csv_json(demo_path: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture) -> None:
    _, wide, _ = run(capsys, "--store", str(demo_path), "due", "--format", "json",
                     "--within", "60")
    _, narrow, _ = run(capsys, "--store", str(demo_path), "due", "--format", "json",
                       "--within", "0")
    wide_items, narrow_items = json.loads(wide)["items"], json.loads(narrow)["items"]
    assert json.loads(narrow)["within_days"] == 0
    assert len(narrow_items) < len(wide_items)
    assert all(item["due"] <= "2026-11-25" for item in narrow_items)
    assert {item["due"] for item in narrow_items} <= {item["due"] for item in wide_items}
    assert all(item["overdue"] for item in narrow_items if item["due"] < "2026-11-25")
    target = tmp_path / "due.csv"
    code, out, err = run(capsys, "--store", str(demo_path), "due", "-o", str(target))
    assert code == 0 and out == "" and "Wrote the due and overdue list" in err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[0]["status"] == "OVERDUE" and rows[0]["section"] == "compact"
    assert {row["kind"] for row in rows} >= {"Consultation", "Funding change", "Action",
                                             "Returns", "Dispute"}


def test_due_refuses_bad_input(demo_path: Path, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        main(["--store", str(demo_path), "due", "--within", "soon"])
    assert "'soon' is not a number of days" in capsys.readouterr().err
    code, _, err = run(capsys, "--store", str(demo_path), "due", "-o", str(demo_path))
    assert code == 2 and "is the shared data file" in err


def tables_after(markdown: str, heading: str) -> list[list[list[str]]]:
    """The pipe tables under one ``##`` heading, as rows of cells (header first)."""
    section = markdown.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    tables, current = [], []
    for line in [*section.splitlines(), ""]:
        if line.startswith("|"):
            if "---" not in line:
                current.append([cell.strip() for cell in line.strip("|").split("|")])
        elif current:
            tables.append(current)
            current = []
    return tables


def test_annual_report_figures_match_the_store(demo_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    code, report, _ = run(capsys, "--store", str(demo_path), "report", "annual", "--year", YEAR)
    assert code == 0
    with open_store(demo_path, read_only=True) as store:
        organisations = store.all("organisations")
        consultations = [c for c in store.all("consultations") if c["opened_on"][:4] == YEAR]
        changes = [c for c in store.all("funding_changes") if c["takes_effect_on"][:4] == YEAR]
        meetings = {m["id"]: m for m in store.all("meetings")
                    if m["date"][:4] == YEAR and m["status"] in ("held", "minutes_approved")}
        decisions = [d for d in store.all("decisions") if d["meeting_id"] in meetings]
        attended = {m: {a["organisation_id"] for a in store.all("attendance")
                        if a["meeting_id"] == m and a["status"] in ("present", "in_attendance")}
                    for m in meetings}
        returns = [r for r in store.all("self_assessments") if r["year"] == int(YEAR)]
        disputes = [d for d in store.all("disputes") if d["opened_on"] <= f"{YEAR}-12-31"]
    assert report.startswith(f"# Brentwood Compact: annual report {YEAR}\n")
    assert "This is the Brentwood Compact Steering Group's report" in report  # the group's words
    [sectors] = tables_after(report, "Signatories")
    active = {row[0]: int(row[1]) for row in sectors[1:]}
    assert active["Statutory"] + active["Voluntary and community"] + active["Private"] == sum(
        1 for o in organisations if o["status"] == "active")
    meeting_tables = tables_after(report, "Meetings and attendance")
    assert len(meeting_tables[0]) - 1 == len(meetings)
    by_name = {o["name"]: o["id"] for o in organisations}
    for name, shown_attended, held in meeting_tables[1][1:]:
        assert int(held) == len(meetings)
        assert int(shown_attended) == sum(by_name[name] in orgs for orgs in attended.values())
    [decision_table] = tables_after(report, "Decisions made")
    assert len(decision_table) - 1 == len(decisions)
    [measures] = tables_after(report, "Consultations and funding changes")
    figures = {row[0]: row[1] for row in measures[1:]}
    twelve = sum(1 for c in consultations if (date.fromisoformat(c["closes_on"]) -
                                              date.fromisoformat(c["opened_on"])).days >= 84)
    assert figures[f"Consultations opened in {YEAR}"] == str(len(consultations))
    assert figures["Allowing at least 12 weeks"].startswith(f"{twelve} of {len(consultations)}")
    months = {"ending": 6, "reduction": 3, "new_programme": 3}
    proper = sum(1 for c in changes if c["notice_given_on"] and date.fromisoformat(
        c["notice_given_on"]) <= add_months(date.fromisoformat(c["takes_effect_on"]),
                                            -months[c["kind"]]))
    assert figures[f"Funding changes taking effect in {YEAR}"] == str(len(changes))
    assert figures["With the written notice the Compact asks for"].startswith(
        f"{proper} of {len(changes)}")
    returns_table = tables_after(report, "Self-assessments and action plans")[0]
    received = {row[0]: row for row in returns_table[1:]}["Self-assessment"]
    assert int(received[1]) == sum(1 for r in returns if r["status"] in ("submitted",
                                                                         "reviewed"))
    assert int(received[2]) == sum(1 for r in returns if r["status"] == "reviewed")
    confidential = sum(1 for d in disputes if d["confidential"])
    assert f"Disputes open at any time in {YEAR}: {len(disputes)}. {confidential} of them " \
           "confidential" in report
    for secret in ("carers' support contract", "A trustee of a carers' charity"):
        assert secret not in report
    cycle = {row[0]: row for row in tables_after(report, "The Compact's own cycle")[0][1:]}
    assert cycle["Annual Compact meeting or event"][1] == "10 November 2025"


def test_annual_report_as_html_and_refusals(demo_path: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / "annual.html"
    code, _, err = run(capsys, "--store", str(demo_path), "report", "annual", "--year", YEAR,
                       "-o", str(target))
    assert code == 0 and "Wrote the annual report for 2026" in err
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<table>") >= 8
    with pytest.raises(SystemExit):
        main(["--store", str(demo_path), "report", "annual", "--year", "26x"])
    assert "'26x' is not a year" in capsys.readouterr().err
    code, _, err = run(capsys, "--store", str(demo_path), "report", "annual", "--year", YEAR,
                       "-o", str(demo_path))
    assert code == 2


@pytest.mark.skipif(shutil.which("pandoc") is None,
                    reason="pandoc is not installed (CI installs it with apt)")
def test_annual_report_converts_with_pandoc_to_word_with_tables(
        demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    import docx

    source = tmp_path / "annual.md"
    run(capsys, "--store", str(demo_path), "report", "annual", "--year", YEAR, "-o",
        str(source))
    target = tmp_path / "annual.docx"
    subprocess.run(["pandoc", str(source), "-o", str(target)], check=True, timeout=120)
    document = docx.Document(str(target))
    headings = [t.rows[0].cells[0].text for t in document.tables]
    assert "Sector" in headings and "Organisation" in headings and "Measure" in headings
    measures = next(t for t in document.tables if t.rows[0].cells[0].text == "Measure")
    cells = {row.cells[0].text: row.cells[1].text for row in measures.rows[1:]}
    assert cells["Consultations opened in 2026"] == "4"
    assert cells["Allowing at least 12 weeks"] == "2 of 4 (50%)"
    attendance = next(t for t in document.tables
                      if t.rows[0].cells[0].text == "Organisation"
                      and len(t.columns) == 3 and t.rows[0].cells[1].text == "Meetings attended")
    assert len(attendance.rows) == 8
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Brentwood Compact: annual report 2026" in text
    assert "\\" not in text  # no Markdown escapes leak into the document


def test_agenda_pack_for_the_next_meeting(demo_path: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture) -> None:
    code, text, _ = run(capsys, "--store", str(demo_path), "export", "pack", "--next")
    assert code == 0
    parts = text.split('<div class="page-break"')
    assert len(parts) == 4
    assert parts[0].startswith("# Brentwood Compact Steering Group\n")
    assert "Agenda for the meeting on Thursday 3 December 2026" in parts[0]
    assert "The minutes of the last meeting, to be approved at this meeting." in parts[1]
    assert "Thursday 8 October 2026" in parts[1]
    assert "# Action log" in parts[2]
    assert "# Due and overdue at the meeting" in parts[3]
    assert "As at 3 December 2026" in parts[3]
    target = tmp_path / "pack.html"
    code, _, err = run(capsys, "--store", str(demo_path), "export", "pack", "03/12/2026", "-o",
                       str(target))
    assert code == 0 and "Wrote the agenda pack of the meeting on 3 December 2026" in err
    page = target.read_text(encoding="utf-8")
    assert page.count('<section class="pack-part">') == 4
    assert ".pack-part + .pack-part { break-before: page; page-break-before: always; }" in page
    assert "<h1>Action log</h1>" in page and "<table>" in page
    code, _, err = run(capsys, "--store", str(demo_path), "export", "pack", "04/12/2026")
    assert code == 2 and "there is no meeting on 4 December 2026" in err
    code, _, err = run(capsys, "--store", str(demo_path), "export", "pack", "--next", "-o",
                       str(tmp_path / "pack.docx"))
    assert code == 2 and "cannot be written as .docx" in err
