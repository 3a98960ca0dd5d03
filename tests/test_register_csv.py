"""Register CSV files as Excel and Google Sheets save them, including the messy ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from compact_tui.domain.register import Organisation, RegisterService
from compact_tui.domain.register_csv import (
    CsvFileError,
    decode_csv,
    export_csv,
    match_columns,
    plan_import,
    read_rows,
)
from compact_tui.store import open_store

FIXTURES = Path(__file__).parent / "fixtures" / "register"


def text_of(name: str) -> str:
    return decode_csv((FIXTURES / name).read_bytes())


def test_excel_file_with_bom_semicolons_and_crlf() -> None:
    raw = (FIXTURES / "excel_signup_form.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    plan = plan_import(text_of("excel_signup_form.csv"))
    assert plan.delimiter == ";"
    assert plan.bad_rows == [] and plan.duplicates == []
    first, second, third = (row.organisation for row in plan.rows)
    assert first.name == "Brentwood Foodbank"  # no BOM left on the first heading or cell
    assert first.address == "Unit 4; Hutton Industrial Estate, Brentwood CM13 1XA"
    assert (first.date_signed, second.date_signed) == ("2026-12-03", "2026-12-03")
    assert second.name == "Café Connect Brentwood"
    assert (first.signed_by, first.signatory_name, first.signatory_role) == (
        "Ruth Okafor", "Ruth Okafor", "Project Manager")
    assert third.sector == "faith"
    assert [r.champion.name if r.champion else None for r in plan.rows] == [
        "Ruth Okafor", None, "Grace Adeyemi"]
    assert all(r.champion.is_lead for r in plan.rows if r.champion)


def test_google_sheets_file_with_commas_and_quoted_commas() -> None:
    plan = plan_import(text_of("google_sheets.csv"))
    assert plan.delimiter == ","
    assert plan.columns["name"] == "Organisation name"
    assert [r.organisation.name for r in plan.good_rows] == [
        "Brentwood Mencap", "Ingatestone Community Association", "Hutton Housing, Ltd"]
    assert plan.rows[1].organisation.date_signed == "2025-09-01"
    assert plan.rows[2].organisation.sector == "housing"


def test_windows_1252_file_from_older_excel() -> None:
    plan = plan_import(text_of("excel_windows_1252.csv"))
    assert plan.rows[0].organisation.name == "Café Connect Brentwood"


def test_messy_file_reports_every_row_by_its_spreadsheet_number() -> None:
    plan = plan_import(text_of("excel_messy.csv"))
    report = plan.report(skip_bad=False)
    problems = {row.number: [p.field for p in row.problems] for row in plan.bad_rows}
    assert problems == {3: ["sector"], 5: ["name"], 8: ["date_signed"], 9: ["email"]}
    assert [r.number for r in plan.duplicates] == [6]
    assert 'Row 3: "Sports club" is not a sector we know.' in "\n".join(report)
    assert "Row 5: The organisation's name is missing." in report
    assert 'Row 6: skipped, "brentwood cvs" is the same organisation as row 2.' in report
    assert any(line.startswith('Row 8: Date signed: "31/02/2025" is not a real date')
               for line in report)
    assert 'Columns not used: "Membership no.", "Internal ref".' in report
    assert report[-1].startswith("Nothing would be imported: 4 row(s) have problems.")
    assert not plan.can_import(skip_bad=False)
    assert plan.can_import(skip_bad=True)
    assert [r.organisation.name for r in plan.good_rows] == [
        "Brentwood C.V.S.", "Brentwood Theatre Trust"]


def test_duplicates_against_the_register_ignore_case_and_punctuation() -> None:
    register = [Organisation(name="Brentwood Borough Council"),
                Organisation(name="Active Brentwood")]
    plan = plan_import(text_of("repeats_register.csv"), register)
    assert [r.number for r in plan.duplicates] == [2, 3]
    assert plan.rows[1].duplicate_of == ('"Active Brentwood." is already in the register '
                                         '(as "Active Brentwood")')
    assert [r.organisation.name for r in plan.good_rows] == ["Brentwood Carers Support"]
    assert plan.can_import(skip_bad=False)  # duplicates are skipped, not "bad"


def test_a_later_good_row_is_not_a_duplicate_of_an_earlier_bad_one() -> None:
    text = "Organisation,Sector\nBrentwood Rugby Club,Sports club\nBrentwood Rugby Club,Charity\n"
    plan = plan_import(text)
    assert [r.number for r in plan.bad_rows] == [2]
    assert [r.number for r in plan.good_rows] == [3]


@pytest.mark.parametrize(("name", "message"), [
    ("empty.csv", "The file is empty"),
    ("headings_only.csv", "a heading row but no organisations"),
    ("meeting_notes.csv", "no column for the organisation's name"),
])
def test_files_that_cannot_be_imported_say_why(name: str, message: str) -> None:
    with pytest.raises(CsvFileError, match=message):
        plan_import(text_of(name))


def test_an_excel_workbook_is_not_a_csv() -> None:
    with pytest.raises(CsvFileError, match=r"Excel workbook \(.xlsx\).*CSV UTF-8"):
        decode_csv((FIXTURES / "register.xlsx").read_bytes())


def test_a_file_without_a_sector_column_is_refused() -> None:
    with pytest.raises(CsvFileError, match="no Sector column"):
        plan_import("Organisation,Date signed\nBrentwood Mencap,01/02/2025\n")


def test_headings_are_matched_loosely() -> None:
    columns, ignored = match_columns([
        "Organization", "SECTOR", "Date Signed", "Name (Please print)", "Role / Job title",
        "E-mail address", "Tel", "Champion", "Champion E-mail", "Favourite colour"])
    assert columns == {"name": 0, "sector": 1, "date_signed": 2, "signatory_name": 3,
                       "signatory_role": 4, "email": 5, "telephone": 6, "champion.name": 7,
                       "champion.email": 8}
    assert ignored == ["Favourite colour"]
    # A sheet whose only name column is "Name" means the organisation's name.
    assert match_columns(["Name", "Sector"])[0] == {"name": 0, "sector": 1}


def test_short_rows_and_old_mac_line_endings() -> None:
    rows, delimiter = read_rows("Organisation;Sector;Email\rBrentwood Mencap;Charity\r")
    assert delimiter == ";" and rows == [["Organisation", "Sector", "Email"],
                                         ["Brentwood Mencap", "Charity"]]
    plan = plan_import("Organisation;Sector;Email\rBrentwood Mencap;Charity\r")
    assert plan.good_rows[0].organisation.email == ""


def test_export_then_import_gives_the_same_register(demo_path: Path, tmp_path: Path) -> None:
    source = RegisterService(open_store(demo_path, member="Jo Morgan"))
    text = export_csv(source.entries())
    assert text.splitlines()[0].startswith("Organisation,Sector,Status,Date signed")
    target = RegisterService(open_store(tmp_path / "other.json", member="Jo Morgan"))
    plan = plan_import(text, target.organisations())
    assert plan.bad_rows == []
    target.import_organisations((r.organisation, r.champion) for r in plan.good_rows)

    def summary(service: RegisterService) -> list[tuple]:
        return [(e.organisation.name, e.organisation.sector, e.organisation.date_signed,
                 e.organisation.email, e.lead.name if e.lead else "") for e in service.entries()]

    assert summary(target) == summary(source)
    # Importing the same export again doubles nothing.
    again = plan_import(text, target.organisations())
    assert again.good_rows == [] and len(again.duplicates) == len(source.organisations())


def test_export_without_contacts_leaves_out_addresses_phones_and_emails(
        demo_path: Path) -> None:
    service = RegisterService(open_store(demo_path, member="Jo Morgan"))
    text = export_csv(service.entries(), include_contacts=False)
    headings = text.splitlines()[0].split(",")
    assert "Email" not in headings and "Telephone" not in headings
    assert "Address" not in headings and "Champion email" not in headings
    for private in ("@", "01277", "Ingrave Road", "CM15"):
        assert private not in text
    assert "Brentwood Borough Council" in text and "Jo Morgan" in text
    assert "@" in export_csv(service.entries(), include_contacts=True)


def test_export_neutralises_spreadsheet_formulas(tmp_path: Path) -> None:
    service = RegisterService(open_store(tmp_path / "c.json", member="Jo Morgan"))
    service.sign_up({"name": "=HYPERLINK(\"http://x\")", "sector": "Charity",
                     "telephone": "+44 1277 200111"})
    text = export_csv(service.entries())
    assert "'=HYPERLINK" in text
    assert ",+44 1277 200111," in text
