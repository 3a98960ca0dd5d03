"""Register CSV files as Excel and Google Sheets save them, including the messy ones."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compact_tui.domain.register import Organisation, RegisterService
from compact_tui.domain.register_csv import (
    CsvFileError,
    decode_csv,
    export_csv,
    format_other_champions,
    match_columns,
    parse_other_champions,
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
    target.import_organisations((r.organisation, r.champions) for r in plan.good_rows)

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


# ------------------------------------------------------------------ round trips are identities

def _export_import_export(text: str, tmp_path: Path) -> str:
    target = RegisterService(open_store(tmp_path / "empty.json", member="Jo Morgan"))
    plan = plan_import(text, target.organisations())
    assert plan.bad_rows == [] and plan.duplicates == []
    target.import_organisations((r.organisation, r.champions) for r in plan.good_rows)
    return export_csv(target.entries())


def test_export_import_export_is_identical_on_the_demo_register(demo_path: Path,
                                                                 tmp_path: Path) -> None:
    first = export_csv(RegisterService(open_store(demo_path, member="Jo Morgan")).entries())
    rows = list(csv.reader(io.StringIO(first)))
    heading = rows[0]
    direct = heading.index("Champion has direct access to the person in charge")
    others = heading.index("Other champions")
    assert any(row[direct] == "Yes" for row in rows[1:])
    assert any(row[others] for row in rows[1:])
    assert _export_import_export(first, tmp_path) == first


def test_formula_guards_come_off_on_import(tmp_path: Path) -> None:
    service = RegisterService(open_store(tmp_path / "c.json", member="Jo Morgan"))
    service.sign_up({"name": "@Home Care Ltd", "sector": "Private", "notes": "'=not a guard",
                     "signed_by": "-Dash-", "telephone": "+44 1277 200111"},
                    {"name": "=Eve", "department": "+Plus"})
    text = export_csv(service.entries())
    assert "'@Home Care Ltd" in text and "''=not a guard" in text and "'-Dash-" in text
    plan = plan_import(text)
    org, lead = plan.rows[0].organisation, plan.rows[0].champion
    assert (org.name, org.notes, org.signed_by, org.telephone) == (
        "@Home Care Ltd", "'=not a guard", "-Dash-", "+44 1277 200111")
    assert lead is not None and (lead.name, lead.department) == ("=Eve", "+Plus")
    assert _export_import_export(text, tmp_path) == text


def test_other_champions_keep_their_departments_and_awkward_names() -> None:
    champions = [("Ann Lee", "Adult Services (North)"), ("Jo Smith (Mrs)", ""),
                 ("Sam; Pat", "Housing"), (";", ""), ('"Kit" Lee', ""), ("Kit", "")]
    assert parse_other_champions(format_other_champions(champions)) == champions
    assert parse_other_champions(format_other_champions([("Sam; Pat", "")])) == [
        ("Sam; Pat", "")]
    assert parse_other_champions("Ann Lee (Finance)\nKit") == [("Ann Lee", "Finance"),
                                                               ("Kit", "")]
    plain = [("Ann Lee", "Finance"), ("Kit", "")]
    assert format_other_champions(plain) == "Ann Lee (Finance); Kit"


_typed = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
_department = st.text(st.characters(blacklist_categories=("Cs", "Cc"),
                                    blacklist_characters="()"), max_size=12)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_typed.filter(lambda t: t.strip()),
       notes=st.lists(_typed, max_size=3).map("\n".join), phone=_typed, signed_by=_typed,
       lead=st.tuples(_typed, _typed, st.booleans()),
       others=st.lists(st.tuples(_typed, _department), max_size=3))
def test_any_typed_register_survives_export_import_export(
        tmp_path_factory: pytest.TempPathFactory, name: str, notes: str, phone: str,
        signed_by: str, lead: tuple[str, str, bool], others: list[tuple[str, str]]) -> None:
    folder = tmp_path_factory.mktemp("roundtrip")
    service = RegisterService(open_store(folder / "c.json", member="Jo Morgan"))
    org_id = service.sign_up({"name": name, "sector": "Charity", "notes": notes,
                              "telephone": phone, "signed_by": signed_by,
                              "date_signed": "2026-03-01"})
    if lead[0].strip():
        service.save_champion(org_id, {"name": lead[0], "department": lead[1],
                                       "direct_access": lead[2], "is_lead": True})
    for other_name, department in others:
        if other_name.strip():
            service.save_champion(org_id, {"name": other_name, "department": department})
    first = export_csv(service.entries())
    assert _export_import_export(first, folder) == first


# ------------------------------------------------------------------ what a spreadsheet did

def test_phone_numbers_a_spreadsheet_turned_into_numbers_are_warned_about() -> None:
    plan = plan_import("Organisation,Sector,Telephone,Champion,Champion telephone\r\n"
                       "Brentwood Mencap,Charity,1277312500,Alan Price,7700900123\r\n"
                       "Hutton Housing,Housing,1.28E+09,,\r\n")
    first, second = plan.rows
    assert first.will_import and second.will_import
    # imported as the file has it, so an export of such a value still reads back the same
    assert first.organisation.telephone == "1277312500"
    report = "\n".join(plan.report())
    assert ("Row 2: check: Telephone 1277312500 looks like a number that lost its leading 0 "
            "in a spreadsheet (01277312500?).") in report
    assert "Row 2: check: Champion telephone 7700900123 looks like" in report
    assert "Row 3: check: Telephone 1.28E+09 looks like a number a spreadsheet rounded" in report


def test_dates_a_spreadsheet_reformatted_are_warned_about() -> None:
    plan = plan_import("Organisation,Sector,Date signed\r\n"
                       "Brentwood Mencap,Charity,2026-03-01\r\n"
                       "Ingatestone Community Association,Charity,1/9/2025\r\n"
                       "Hutton Housing,Housing,25/10/2025\r\n")
    assert plan.bad_rows == []
    assert plan.rows[1].organisation.date_signed == "2025-09-01"
    assert plan.warnings == [
        "Date signed: 1 date(s) are written like 1/9/2025 (row 3), not 2026-12-03 as the "
        "register exports them, so a spreadsheet may have reformatted them. They are read day "
        "first, as in England: 1/9/2025 is 1 September 2025. Rows: 3."]
    assert "Check: Date signed: 1 date(s)" in "\n".join(plan.report())


def test_a_date_column_a_us_spreadsheet_rewrote_month_first_is_refused_where_ambiguous(
) -> None:
    plan = plan_import("Organisation,Sector,Date signed\r\n"
                       "Brentwood Mencap,Charity,3/1/2026\r\n"
                       "Hutton Housing,Housing,12/25/2025\r\n"
                       "Shenfield Scouts,Charity,2026-05-04\r\n")
    assert [r.number for r in plan.bad_rows] == [2, 3]
    message = plan.rows[0].problems[0].message
    assert message.startswith("Date signed: 3/1/2026 could be either day or month first")
    assert "(row 3 has 12/25/2025)" in message
    assert plan.rows[2].will_import and plan.warnings == []
