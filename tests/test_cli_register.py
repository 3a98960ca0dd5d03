"""``compact-tui register import|export|public-list`` as a script or a person runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from compact_tui.cli import main
from compact_tui.domain.register import RegisterService
from compact_tui.store import open_store

FIXTURES = Path(__file__).parent / "fixtures" / "register"


def names(path: Path) -> list[str]:
    return [o.name for o in RegisterService(open_store(path, read_only=True)).organisations()]


def test_dry_run_lists_every_problem_and_changes_nothing(demo_path: Path, capsys) -> None:
    before = demo_path.read_bytes()
    code = main(["register", "import", str(FIXTURES / "excel_messy.csv"), "--store",
                 str(demo_path), "--dry-run"])
    captured = capsys.readouterr()
    out = captured.out
    assert code == 1
    assert captured.err.startswith("Dry run: nothing will be changed.")
    for row in ("Row 3:", "Row 5:", "Row 6: skipped", "Row 8:", "Row 9:"):
        assert row in out
    assert "Nothing would be imported: 4 row(s) have problems" in out
    assert demo_path.read_bytes() == before


def test_dry_run_of_a_good_file_exits_0(demo_path: Path, capsys) -> None:
    code = main(["register", "import", str(FIXTURES / "google_sheets.csv"), "--store",
                 str(demo_path), "--dry-run"])
    assert code == 0
    assert "3 organisation(s) to import with 2 lead champion(s)." in capsys.readouterr().out
    assert "Brentwood Mencap" not in names(demo_path)


def test_dry_run_without_a_store_yet(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "new.json"
    code = main(["register", "import", str(FIXTURES / "excel_signup_form.csv"), "--store",
                 str(missing), "--dry-run"])
    assert code == 0 and not missing.exists()
    assert "3 organisation(s) to import" in capsys.readouterr().out


def test_a_file_with_bad_rows_imports_nothing(demo_path: Path, capsys) -> None:
    before = names(demo_path)
    code = main(["register", "import", str(FIXTURES / "excel_messy.csv"), "--store",
                 str(demo_path)])
    captured = capsys.readouterr()
    assert code == 1
    assert "Row 8: Date signed" in captured.err
    assert "Nothing was imported" in captured.err
    assert captured.out == ""
    assert names(demo_path) == before


def test_skip_bad_imports_only_the_good_rows(demo_path: Path, capsys) -> None:
    before = names(demo_path)
    code = main(["--store", str(demo_path), "register", "import",
                 str(FIXTURES / "excel_messy.csv"), "--skip-bad"])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.out == ""
    assert captured.err.strip().splitlines()[-1] == (
        "2 organisation(s) imported with 2 lead champion(s); "
        "4 row(s) with problems; 1 duplicate(s) skipped.")
    assert "Row 3:" in captured.err and "Row 6: skipped" in captured.err
    assert sorted(names(demo_path)) == sorted(
        [*before, "Brentwood C.V.S.", "Brentwood Theatre Trust"])
    service = RegisterService(open_store(demo_path, read_only=True))
    theatre = service.find_duplicate("Brentwood Theatre Trust")
    assert [(c.name, c.is_lead) for c in service.champions(theatre.id)] == [("Liz Dunn", True)]


def test_importing_twice_doubles_nothing(tmp_path: Path, capsys) -> None:
    store = tmp_path / "compact.json"
    args = ["register", "import", str(FIXTURES / "excel_signup_form.csv"), "--store", str(store)]
    assert main(args) == 0
    assert main(args) == 0
    out = capsys.readouterr()
    assert "0 organisation(s) imported; 3 duplicate(s) skipped." in out.err
    assert 'Row 2: skipped, "Brentwood Foodbank" is already in the register.' in out.err
    assert names(store) == ["Brentwood Foodbank", "Café Connect Brentwood",
                            "Shenfield Baptist Church"]


@pytest.mark.parametrize(("fixture", "message"), [
    ("empty.csv", "The file is empty"),
    ("register.xlsx", "Excel workbook"),
    ("meeting_notes.csv", "no column for the organisation's name"),
])
def test_files_that_are_not_register_csvs(demo_path: Path, capsys, fixture: str,
                                          message: str) -> None:
    before = demo_path.read_bytes()
    code = main(["register", "import", str(FIXTURES / fixture), "--store", str(demo_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"compact-tui: {FIXTURES / fixture}: ")
    assert message in err
    assert demo_path.read_bytes() == before


def test_a_missing_file_is_a_usage_error(demo_path: Path, capsys) -> None:
    code = main(["register", "import", "no-such-file.csv", "--store", str(demo_path)])
    assert code == 2
    assert "There is no file at no-such-file.csv" in capsys.readouterr().err


def test_export_to_stdout_and_to_a_file(demo_path: Path, tmp_path: Path, capsys) -> None:
    assert main(["register", "export", "--store", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Organisation,Sector,Status,Date signed")
    assert "localism@brentwood.gov.uk" in out
    assert len(out.strip().splitlines()) == 1 + len(names(demo_path))

    target = tmp_path / "register.csv"
    assert main(["--store", str(demo_path), "register", "export", "-o", str(target),
                 "--no-contacts"]) == 0
    assert f"Wrote the register to {target}" in capsys.readouterr().err
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfOrganisation,")  # Excel reads UTF-8 with a BOM
    assert b"@" not in data and b"01277" not in data


def test_export_to_a_missing_folder_says_so(demo_path: Path, tmp_path: Path, capsys) -> None:
    code = main(["register", "export", "--store", str(demo_path), "-o",
                 str(tmp_path / "nowhere" / "x.csv")])
    assert code == 1
    assert "does not exist" in capsys.readouterr().err


def test_export_needs_an_existing_store(tmp_path: Path, capsys) -> None:
    assert main(["register", "export", "--store", str(tmp_path / "none.json")]) == 2
    assert "no store at" in capsys.readouterr().err


def test_public_list(demo_path: Path, tmp_path: Path, capsys) -> None:
    assert main(["register", "public-list", "--store", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Signatories of the Brentwood Compact")
    assert "## Statutory" in out and "- Active Brentwood (signed 3 June 2025)" in out
    assert "@" not in out
    target = tmp_path / "signatories.md"
    assert main(["register", "public-list", "--store", str(demo_path), "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == out


def test_register_without_an_action_shows_its_usage(capsys) -> None:
    assert main(["register"]) == 2
    assert "import" in capsys.readouterr().err


def test_dry_run_warns_about_what_a_spreadsheet_did(tmp_path: Path, capsys) -> None:
    source = tmp_path / "from-excel.csv"
    source.write_text("Organisation,Sector,Date signed,Telephone\r\n"
                      "Brentwood Mencap,Charity,3/4/2026,1277312500\r\n", encoding="utf-8")
    code = main(["register", "import", str(source), "--store", str(tmp_path / "c.json"),
                 "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Row 2: check: Telephone 1277312500 looks like a number that lost its leading 0" \
        in out
    assert "Check: Date signed: 1 date(s) are written like 3/4/2026 (row 2)" in out
    assert "3/4/2026 is 3 April 2026" in out


def test_export_import_export_through_the_commands(demo_path: Path, tmp_path: Path,
                                                   capsys) -> None:
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    empty = tmp_path / "empty.json"
    assert main(["register", "export", "--store", str(demo_path), "-o", str(first)]) == 0
    assert main(["register", "import", str(first), "--store", str(empty)]) == 0
    assert main(["register", "export", "--store", str(empty), "-o", str(second)]) == 0
    capsys.readouterr()
    assert second.read_bytes() == first.read_bytes()
