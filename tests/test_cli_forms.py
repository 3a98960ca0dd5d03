"""``compact-tui forms export`` and ``forms import`` end to end, as a clerk would run them."""

from __future__ import annotations

from pathlib import Path

import pytest

from compact_tui.cli import main
from compact_tui.content import default_content
from compact_tui.domain.assessments import SELF_ASSESSMENTS
from compact_tui.domain.forms import ACTION_PLAN, SELF_ASSESSMENT, file_name
from compact_tui.domain.forms_service import FormsService
from compact_tui.domain.register import RegisterService
from compact_tui.store import open_store
from tests import forms_edits as edit

CONTENT = default_content()


def org_id(path: Path, name: str) -> str:
    with open_store(path, member="test", read_only=True) as store:
        return next(o.id for o in RegisterService(store).organisations() if o.name == name)


def stored(path: Path, kind: str, name: str, year: int) -> dict | None:
    with open_store(path, member="test", read_only=True) as store:
        return FormsService(store, CONTENT).find(kind, org_id(path, name), year)


def export(demo_path: Path, target: Path, *extra: str, name: str = "Brentwood Borough Council",
           year: str = "2027") -> Path:
    assert main(["--store", str(demo_path), "forms", "export", name, "--year", year,
                 "-o", str(target), *extra]) == 0
    return target


def test_export_one_blank_markdown_form(demo_path, tmp_path, capsys) -> None:
    target = export(demo_path, tmp_path / "bbc.md", "--kind", SELF_ASSESSMENT,
                    name="brentwood borough council")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"Self-assessment 2027 for Brentwood Borough Council, blank to {target}" in \
        captured.err
    text = target.read_bytes().decode("utf-8")
    assert "| organisation: Brentwood Borough Council |" in text
    assert f"org-id: {org_id(demo_path, 'Brentwood Borough Council')}" in text
    rating_lines = [line for line in text.split("\r\n") if line.startswith("Rating (")]
    assert len(rating_lines) == text.count("### ") == len(CONTENT.all_questions())
    assert not any("[x]" in line for line in rating_lines)


def test_export_prefilled_csv_from_last_years_answers(demo_path, tmp_path, capsys) -> None:
    last_year = stored(demo_path, SELF_ASSESSMENT, "Active Brentwood", 2026)
    assert last_year is not None
    target = export(demo_path, tmp_path / "ab.csv", "--kind", SELF_ASSESSMENT, "--prefill",
                    name="Active Brentwood")
    assert "pre-filled from 2026" in capsys.readouterr().err
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = edit.csv_rows(data.decode("utf-8-sig"))
    header = next(row for row in rows if row[0] == "ID")
    first = next(row for row in rows if row[0] == "1.1")
    labels = {r.key: r.label for r in CONTENT.toolkit.ratings}
    marked = [header[i] for i, cell in enumerate(first) if cell == "x"]
    assert marked == [labels[last_year["answer.1.1"]["rating"]]]


def test_export_to_stdout(demo_path, capsys) -> None:
    assert main(["--store", str(demo_path), "forms", "export", "Active Brentwood", "--year",
                 "2027", "--kind", ACTION_PLAN, "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Compact Action Plan: Active Brentwood, 2027")


def test_export_all_writes_one_file_per_active_signatory_and_kind(demo_path, tmp_path,
                                                                 capsys) -> None:
    with open_store(demo_path, member="test") as store:
        register = RegisterService(store)
        lapsed = register.organisations()[0]
        store.update("organisations", lapsed.id, {"status": "lapsed"})
        active = [o.name for o in register.organisations(include_inactive=False)]
    folder = tmp_path / "forms-2027"
    assert main(["--store", str(demo_path), "forms", "export", "--all", "--year", "2027",
                 "-o", str(folder)]) == 0
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 2 * len(active)
    assert files == sorted(file_name(name, kind, 2027, "md")
                           for name in active for kind in (SELF_ASSESSMENT, ACTION_PLAN))
    assert file_name(lapsed.name, SELF_ASSESSMENT, 2027, "md") not in files
    assert f"{len(files)} forms written for {len(active)} active signatories." in \
        capsys.readouterr().err
    assert main(["--store", str(demo_path), "forms", "export", "--all", "--year", "2027",
                 "--kind", ACTION_PLAN, "--format", "csv", "-o", str(tmp_path / "csv")]) == 0
    assert len(list((tmp_path / "csv").glob("*-action-plan-2027.csv"))) == len(active)


def test_export_usage_errors(demo_path, tmp_path, capsys) -> None:
    base = ["--store", str(demo_path), "forms", "export"]
    assert main([*base, "--year", "2027"]) == 2
    assert main([*base, "--all", "--year", "2027"]) == 2
    assert main([*base, "Nobody Here", "--year", "2027", "-o", str(tmp_path / "x.md")]) == 1
    assert main([*base, "Active Brentwood", "-o", str(tmp_path / "one.md")]) == 2
    err = capsys.readouterr().err
    assert "name one ORGANISATION, or give --all" in err
    assert "--all needs -o FOLDER" in err
    assert 'No organisation called "Nobody Here"' in err
    assert "-o names one file: choose --kind" in err


def fill_and_save(path: Path, edits) -> Path:
    text = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    path.write_bytes(edits(text))
    return path


def test_import_a_returned_form_as_a_submitted_return(demo_path, tmp_path, capsys) -> None:
    form = export(demo_path, tmp_path / "bbc.md", "--kind", SELF_ASSESSMENT)
    fill_and_save(form, lambda text: edit.utf16(edit.crlf(edit.smart_quotes(
        edit.write_notes(edit.tick(text, "6.1", "Good", "✓"), "6.1", "On our 'Working with "
                         "the voluntary sector' page.")))))
    capsys.readouterr()
    assert main(["forms", "import", str(form), "--store", str(demo_path), "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert "will be imported as submitted, ready for review (1 of 27 answered)" in captured.out
    assert "Dry run: nothing was written." in captured.err
    assert stored(demo_path, SELF_ASSESSMENT, "Brentwood Borough Council", 2027) is None

    assert main(["--store", str(demo_path), "forms", "import", str(form)]) == 0
    assert "Imported." in capsys.readouterr().err
    record = stored(demo_path, SELF_ASSESSMENT, "Brentwood Borough Council", 2027)
    assert (record["status"], record["source"], record["submitted_on"]) == (
        "submitted", "form", "2026-11-25")
    assert record["answer.6.1"] == {
        "rating": "good", "notes": "On our 'Working with the voluntary sector' page."}

    assert main(["--store", str(demo_path), "forms", "import", str(form)]) == 0
    assert "Already imported, nothing changed" in capsys.readouterr().out
    with open_store(demo_path, member="test", read_only=True) as store:
        matching = [r for r in store.all(SELF_ASSESSMENTS) if r["year"] == 2027]
    assert len(matching) == 1


def test_a_changed_resubmission_prints_the_difference(demo_path, tmp_path, capsys) -> None:
    form = export(demo_path, tmp_path / "bbc.csv", "--kind", ACTION_PLAN)
    fill_and_save(form, lambda text: edit.csv_set(text, "A.1", "We already do this", "x")
                  .encode("utf-8-sig"))
    assert main(["--store", str(demo_path), "forms", "import", str(form)]) == 0
    fill_and_save(form, lambda text: edit.csv_set(
        edit.csv_set(text.lstrip("\ufeff"), "A.1", "We already do this", ""), "A.1",
        "We need help with this", "X").encode("utf-8"))
    capsys.readouterr()
    assert main(["--store", str(demo_path), "forms", "import", str(form), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Practice A.1: We already do this → We need help with this" in out
    record = stored(demo_path, ACTION_PLAN, "Brentwood Borough Council", 2027)
    assert record["rating.A.1"]["rating"] == "already"
    assert main(["--store", str(demo_path), "forms", "import", str(form)]) == 0
    captured = capsys.readouterr()
    assert "Practice A.1: We already do this → We need help with this" in captured.out
    assert "Replaced the earlier answers." in captured.err
    record = stored(demo_path, ACTION_PLAN, "Brentwood Borough Council", 2027)
    assert record["rating.A.1"]["rating"] == "help"


def test_a_reviewed_return_needs_replace_reviewed(demo_path, tmp_path, capsys) -> None:
    form = export(demo_path, tmp_path / "bbc.md", "--kind", SELF_ASSESSMENT)
    fill_and_save(form, lambda text: edit.tick(text, "1.1", "Good").encode())
    assert main(["--store", str(demo_path), "forms", "import", str(form)]) == 0
    with open_store(demo_path, member="test") as store:
        record = FormsService(store, CONTENT).find(
            SELF_ASSESSMENT, org_id(demo_path, "Brentwood Borough Council"), 2027)
        store.update(SELF_ASSESSMENTS, record["id"], {"status": "reviewed"})
    fill_and_save(form, lambda text: edit.rating_line(text, "1.1", "Rating: Not yet").encode())
    capsys.readouterr()
    assert main(["--store", str(demo_path), "forms", "import", str(form)]) == 1
    captured = capsys.readouterr()
    assert "an already REVIEWED return" in captured.out
    assert "--replace-reviewed" in captured.err
    assert stored(demo_path, SELF_ASSESSMENT, "Brentwood Borough Council",
                  2027)["answer.1.1"]["rating"] == "good"
    assert main(["--store", str(demo_path), "forms", "import", str(form),
                 "--replace-reviewed"]) == 0
    record = stored(demo_path, SELF_ASSESSMENT, "Brentwood Borough Council", 2027)
    assert (record["status"], record["answer.1.1"]["rating"]) == ("submitted", "not_yet")


@pytest.mark.parametrize("damage, expected", [
    (lambda t: edit.tick(edit.tick(t, "2.2", "Good"), "2.2", "Partly"),
     "Question 2.2: 2 ratings chosen (Good, Partly): expected one box ticked"),
    (lambda t: edit.delete_block(t, "3.3"), "Question 3.3: missing from the form"),
    (lambda t: t.replace("content: brentwood-2016.1", "content: thurrock-2018.3"),
     'made from the content "thurrock-2018.3"'),
])
def test_a_form_with_problems_imports_nothing(demo_path, tmp_path, capsys, damage,
                                              expected) -> None:
    form = export(demo_path, tmp_path / "bbc.md", "--kind", SELF_ASSESSMENT)
    fill_and_save(form, lambda text: damage(edit.tick(text, "1.1", "Good")).encode())
    capsys.readouterr()
    assert main(["--store", str(demo_path), "forms", "import", str(form)]) == 1
    err = capsys.readouterr().err
    assert "Nothing was imported." in err and expected in err
    assert stored(demo_path, SELF_ASSESSMENT, "Brentwood Borough Council", 2027) is None


def test_import_of_a_missing_file(demo_path, tmp_path, capsys) -> None:
    assert main(["--store", str(demo_path), "forms", "import", str(tmp_path / "nope.md")]) == 2
    assert "There is no file at" in capsys.readouterr().err
