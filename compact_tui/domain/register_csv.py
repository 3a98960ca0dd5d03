"""Register CSV files as Excel and Google Sheets write them: read, check, plan, export.

Pure functions: bytes or text in, a plan or text out. Reading and writing files is the caller's.

Rows are numbered as the spreadsheet numbers them (the heading row is row 1), so "row 7" in a
message is row 7 on the person's screen. Blank rows are skipped but still counted.

Duplicates (the same organisation name ignoring case and punctuation, against the register or
an earlier row of the file) are reported and skipped, never imported twice; they are not "bad"
rows, so importing the same file again is harmless.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .dates import format_date, parse_date
from .register import (
    Champion,
    FieldProblem,
    Organisation,
    RegisterEntry,
    champion_from_text,
    organisation_from_text,
)
from .spreadsheet_cells import guard_formula, unguard_formula

# Our field -> headings people use for it (compared after ``_heading_key``).
COLUMN_HEADINGS: dict[str, tuple[str, ...]] = {
    "name": ("organisation", "organisation name", "name of organisation", "org", "org name",
             "organisation signed up", "signatory organisation", "member organisation"),
    "sector": ("sector", "sector type", "type", "type of organisation", "organisation type"),
    "status": ("status", "membership status"),
    "date_signed": ("date signed", "signed on", "date of signing", "signed date",
                    "date signed up", "signing date", "date", "joined"),
    "last_confirmed": ("last confirmed", "confirmed", "date confirmed", "last updated",
                       "last update", "annual update", "details confirmed"),
    "signed_by": ("signed by", "signed", "signature", "signatory"),
    "signatory_name": ("name", "name please print", "signatory name", "print name",
                       "contact name", "contact"),
    "signatory_role": ("role job title", "role", "job title", "position", "signatory role"),
    "address": ("address", "postal address", "organisation address"),
    "telephone": ("telephone", "phone", "tel", "telephone number", "phone number",
                  "contact telephone"),
    "email": ("email", "email address", "contact email"),
    "notes": ("notes", "comments", "note"),
    "champion.name": ("champion", "compact champion", "lead champion", "champion name",
                      "lead champion name"),
    "champion.role": ("champion role", "champion job title", "lead champion role"),
    "champion.department": ("champion department", "department"),
    "champion.email": ("champion email", "lead champion email", "champion email address"),
    "champion.phone": ("champion phone", "champion telephone", "lead champion phone",
                       "lead champion telephone"),
    "champion.direct_access": ("direct access", "champion direct access",
                               "has direct access to the person in charge",
                               "direct access to the person in charge"),
    "other_champions": ("other champions", "more champions", "champions"),
}
FIELD_LABELS = {
    "name": "Organisation", "sector": "Sector", "status": "Status",
    "date_signed": "Date signed", "last_confirmed": "Last confirmed", "signed_by": "Signed by",
    "signatory_name": "Name", "signatory_role": "Role/Job Title", "address": "Address",
    "telephone": "Telephone", "email": "Email", "notes": "Notes",
    "champion.name": "Lead champion", "champion.role": "Champion role",
    "champion.department": "Champion department", "champion.email": "Champion email",
    "champion.phone": "Champion telephone",
    "champion.direct_access": "Champion has direct access to the person in charge",
    "other_champions": "Other champions",
}
CONTACT_FIELDS = ("address", "telephone", "email", "champion.email", "champion.phone")


class CsvFileError(ValueError):
    """The file as a whole cannot be imported (empty, not a CSV, no organisation column)."""


@dataclass
class ImportRow:
    """One data row: what it would add, what is wrong with it, and what a person should check
    (``warnings`` never stop the import: the value is read as the warning says)."""

    number: int
    organisation: Organisation
    champion: Champion | None = None
    problems: list[FieldProblem] = field(default_factory=list)
    duplicate_of: str = ""
    other_champions: list[Champion] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def is_bad(self) -> bool:
        return bool(self.problems)

    @property
    def is_duplicate(self) -> bool:
        return bool(self.duplicate_of)

    @property
    def will_import(self) -> bool:
        return not self.is_bad and not self.is_duplicate

    @property
    def champions(self) -> list[Champion]:
        """The lead first, then the others, as ``RegisterService.import_organisations`` wants."""
        return ([self.champion] if self.champion else []) + self.other_champions

    def messages(self) -> list[str]:
        if self.is_duplicate:
            return [f"Row {self.number}: skipped, {self.duplicate_of}."]
        return ([f"Row {self.number}: {p.message}" for p in self.problems]
                + [f"Row {self.number}: check: {w}" for w in self.warnings])


@dataclass
class ImportPlan:
    """What importing a file would do. Nothing changes until ``good_rows`` go to
    ``RegisterService.import_organisations``."""

    rows: list[ImportRow]
    columns: dict[str, str]  # our field -> the heading it was read from
    ignored_columns: list[str]
    delimiter: str
    warnings: list[str] = field(default_factory=list)  # about the file as a whole

    @property
    def bad_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.is_bad]

    @property
    def duplicates(self) -> list[ImportRow]:
        return [r for r in self.rows if r.is_duplicate and not r.is_bad]

    @property
    def good_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.will_import]

    def can_import(self, skip_bad: bool) -> bool:
        return skip_bad or not self.bad_rows

    def report(self, skip_bad: bool = False, dry_run: bool = True) -> list[str]:
        """Lines for a person: the columns read, every row's problems, then what would happen."""
        delimiter = {";": "semicolons", ",": "commas", "\t": "tabs"}[self.delimiter]
        lines = [f"Read {len(self.rows)} row(s) separated by {delimiter}; columns: "
                 + ", ".join(f"{FIELD_LABELS[k]} (\"{v}\")" for k, v in self.columns.items())
                 + "."]
        if self.ignored_columns:
            lines.append("Columns not used: " + ", ".join(f'"{c}"' for c in self.ignored_columns)
                         + ".")
        lines += [f"Check: {warning}" for warning in self.warnings]
        for row in self.rows:
            lines += row.messages()
        lines.append(self.summary(skip_bad, dry_run))
        return lines

    def summary(self, skip_bad: bool = False, dry_run: bool = True,
                imported: int | None = None) -> str:
        """``imported`` is how many were really added (others may have added some meanwhile)."""
        good, bad, dupes = len(self.good_rows), len(self.bad_rows), len(self.duplicates)
        would = "would be" if dry_run else "was"
        champions = sum(1 for r in self.good_rows if r.champion)
        others = sum(len(r.other_champions) for r in self.good_rows)
        count = good if imported is None else imported
        parts = [f"{count} organisation(s) {'to import' if dry_run else 'imported'}"
                 + (f" with {champions} lead champion(s)" if champions else "")
                 + (f" and {others} other champion(s)" if others else "")]
        if bad:
            parts.append(f"{bad} row(s) with problems")
        if dupes:
            parts.append(f"{dupes} duplicate(s) skipped")
        text = "; ".join(parts) + "."
        if bad and not skip_bad:
            text = (f"Nothing {would} imported: {bad} row(s) have problems. Fix them, or "
                    f"import only the good rows with --skip-bad ({good} organisation(s)).")
        return text


# ------------------------------------------------------------------------------ reading a file

def decode_csv(data: bytes) -> str:
    """Text from a saved spreadsheet: UTF-8 (with or without Excel's BOM) or Windows-1252."""
    if data.startswith(b"PK\x03\x04"):
        raise CsvFileError("This is an Excel workbook (.xlsx), not a CSV file. In Excel choose "
                           "File, Save As, and 'CSV UTF-8 (Comma delimited)'.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise CsvFileError("This is an old Excel workbook (.xls), not a CSV file. In Excel "
                           "choose File, Save As, and 'CSV UTF-8 (Comma delimited)'.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if "\x00" in text or text.startswith("%PDF"):
        raise CsvFileError("This file is not a CSV file (it holds binary data). Save the "
                           "spreadsheet as CSV and try again.")
    return text


def read_rows(text: str) -> tuple[list[list[str]], str]:
    """All rows (blank ones as []) and the delimiter, sniffed from the heading row."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise CsvFileError("The file is empty: there is no heading row and no data.")
    heading = next(line for line in text.split("\n") if line.strip())
    delimiter = max((";", ",", "\t"), key=lambda d: (heading.count(d), d == ","))
    if heading.count(delimiter) == 0:
        delimiter = ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return rows, delimiter


def _heading_key(heading: str) -> str:
    text = re.sub(r"\((?:please print|optional|if any)\)", " ", heading.casefold())
    text = text.replace("organization", "organisation").replace("e-mail", "email")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


_HEADING_LOOKUP = {_heading_key(h): key for key, hs in COLUMN_HEADINGS.items() for h in hs}
# The export's own headings always read back, whatever the list above says.
_HEADING_LOOKUP.update({_heading_key(label): key for key, label in FIELD_LABELS.items()})


def match_columns(headings: list[str]) -> tuple[dict[str, int], list[str]]:
    """Our field -> column index, and the headings we will not use."""
    found: dict[str, int] = {}
    ignored: list[str] = []
    for index, heading in enumerate(headings):
        key = _HEADING_LOOKUP.get(_heading_key(heading))
        if key is None or key in found:
            if heading.strip():
                ignored.append(heading.strip())
            continue
        found[key] = index
    if "name" not in found and "signatory_name" in found and "signed_by" not in found:
        # A sheet whose only "Name" column is the organisation's own name.
        found["name"] = found.pop("signatory_name")
    return found, ignored


# ------------------------------------------------------------------------------ planning

def plan_import(text: str, register: Iterable[Organisation] = ()) -> ImportPlan:
    """Check every row and find duplicates; raises CsvFileError if nothing can be read."""
    rows, delimiter = read_rows(text)
    heading_index = next(i for i, row in enumerate(rows) if any(c.strip() for c in row))
    headings = rows[heading_index]
    columns, ignored = match_columns(headings)
    if "name" not in columns:
        seen = ", ".join(f'"{h.strip()}"' for h in headings if h.strip()) or "none"
        raise CsvFileError("There is no column for the organisation's name: the first row "
                           "should hold headings such as Organisation, Sector, Date signed. "
                           f"Headings found: {seen}.")
    if "sector" not in columns:
        raise CsvFileError("There is no Sector column. Add one (for example Council, Charity, "
                           "Community group) so the register can group signatories.")
    known = {o.name_key: o.name for o in register}
    earlier: dict[str, int] = {}
    data = [(index + 1, [unguard_formula(c.strip()) for c in rows[index]])
            for index in range(heading_index + 1, len(rows))
            if any(c.strip() for c in rows[index])]
    if not data:
        raise CsvFileError("The file has a heading row but no organisations under it.")
    month_first = {key: _month_first_evidence(key, columns, data) for key in DATE_FIELDS}
    planned = [_plan_row(number, cells, columns, known, earlier, month_first)
               for number, cells in data]
    warnings = [w for key in DATE_FIELDS if not month_first[key]
                if (w := _day_first_warning(key, columns, data))]
    return ImportPlan(planned, {k: headings[i].strip() for k, i in columns.items()}, ignored,
                      delimiter, warnings)


DATE_FIELDS = ("date_signed", "last_confirmed")
PHONE_FIELDS = ("telephone", "champion.phone")
_SLASH_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})")
_LOST_ZERO = re.compile(r"[1-9]\d{9}")  # a UK number (01..., 07...) a spreadsheet made a number
_SCIENTIFIC = re.compile(r"\d(?:[.,]\d+)?E\+?\d+", re.IGNORECASE)


def _cell(cells: list[str], columns: dict[str, int], key: str) -> str | None:
    index = columns.get(key)
    if index is None:
        return None
    return cells[index] if index < len(cells) else ""


def _month_first_evidence(key: str, columns: dict[str, int],
                          data: list[tuple[int, list[str]]]) -> str:
    """A date in this column that only reads month first (12/25/2026): the sign of a
    spreadsheet set to US English, which rewrites every date in the column that way."""
    for number, cells in data:
        match = _SLASH_DATE.fullmatch(_cell(cells, columns, key) or "")
        if match and int(match[1]) <= 12 < int(match[2]) <= 31:
            return f"row {number} has {match[0]}"
    return ""


def _is_ambiguous(value: str) -> bool:
    match = _SLASH_DATE.fullmatch(value)
    return match is not None and match[1] != match[2] and 0 < int(match[1]) <= 12 \
        and 0 < int(match[2]) <= 12


def _day_first_warning(key: str, columns: dict[str, int],
                       data: list[tuple[int, list[str]]]) -> str:
    """Say how dates that read either way are read, once per column, so a person can check."""
    ambiguous = [(number, value) for number, cells in data
                 if _is_ambiguous(value := (_cell(cells, columns, key) or "").strip())]
    if not ambiguous:
        return ""
    number, value = ambiguous[0]
    rows = ", ".join(str(n) for n, _v in ambiguous[:8]) + (", ..." if len(ambiguous) > 8 else "")
    return (f"{FIELD_LABELS[key]}: {len(ambiguous)} date(s) are written like {value} (row "
            f"{number}), not 2026-12-03 as the register exports them, so a spreadsheet may have "
            f"reformatted them. They are read day first, as in England: {value} is "
            f"{format_date(parse_date(value))}. Rows: {rows}.")


def _plan_row(number: int, cells: list[str], columns: dict[str, int], known: dict[str, str],
              earlier: dict[str, int], month_first: dict[str, str]) -> ImportRow:
    values = {k: v for k in columns if (v := _cell(cells, columns, k)) is not None}
    warnings: list[str] = []
    refused: list[FieldProblem] = []
    for key in PHONE_FIELDS:
        phone = values.get(key, "")
        if _LOST_ZERO.fullmatch(phone):
            warnings.append(f"{FIELD_LABELS[key]} {phone} looks like a number that lost its "
                            f"leading 0 in a spreadsheet (0{phone}?). It is imported as it "
                            "is in the file: correct the file, or the register afterwards.")
        elif _SCIENTIFIC.fullmatch(phone):
            warnings.append(f"{FIELD_LABELS[key]} {phone} looks like a number a spreadsheet "
                            "rounded, so digits are lost. It is imported as it is in the file: "
                            "format the column as Text and type it again.")
    for key in DATE_FIELDS:
        if (evidence := month_first[key]) and _is_ambiguous(values.get(key, "")):
            refused.append(FieldProblem(key, f"{FIELD_LABELS[key]}: {values[key]} could be "
                                        f"either day or month first, and this column looks "
                                        f"month first ({evidence}), as a spreadsheet set to "
                                        "US English writes it. Write it as 2026-12-03."))
    org_values = {k: v for k, v in values.items() if not k.startswith("champion.")
                  and k != "other_champions"}
    org, problems = organisation_from_text(org_values)
    problems = [p for p in problems if p.field not in {r.field for r in refused}] + refused
    champion = None
    champion_values = {k.split(".", 1)[1]: v for k, v in values.items()
                       if k.startswith("champion.")}
    if any(v for k, v in champion_values.items() if k != "direct_access"):
        champion, champion_problems = champion_from_text({**champion_values, "is_lead": True})
        problems += [FieldProblem(f"champion.{p.field}", p.message)
                     for p in champion_problems
                     if f"champion.{p.field}" not in {r.field for r in refused}]
    others = [Champion(name=name, department=department) for name, department
              in parse_other_champions(values.get("other_champions", ""))]
    row = ImportRow(number, org, champion, problems, other_champions=others, warnings=warnings)
    key = org.name_key
    if key and key in known:
        same = "" if known[key] == org.name else f' (as "{known[key]}")'
        row.duplicate_of = f'"{org.name}" is already in the register{same}'
    elif key and key in earlier:
        row.duplicate_of = f'"{org.name}" is the same organisation as row {earlier[key]}'
    elif key and not problems:
        earlier[key] = number
    return row


# ------------------------------------------------------------------------------ export

EXPORT_COLUMNS = ("name", "sector", "status", "date_signed", "last_confirmed", "signed_by",
                  "signatory_name", "signatory_role", "address", "telephone", "email",
                  "champion.name", "champion.role", "champion.department", "champion.email",
                  "champion.phone", "champion.direct_access", "other_champions", "notes")


def export_csv(entries: Iterable[RegisterEntry], include_contacts: bool = True) -> str:
    """The register as CSV (ISO dates, which Excel and this importer both read)."""
    columns = [c for c in EXPORT_COLUMNS if include_contacts or c not in CONTACT_FIELDS]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([FIELD_LABELS.get(c, "Other champions") for c in columns])
    for entry in entries:
        org, lead = entry.organisation, entry.lead
        values = {
            "name": org.name, "sector": org.sector_label, "status": org.status_label,
            "date_signed": org.date_signed, "last_confirmed": org.last_confirmed,
            "signed_by": org.signed_by, "signatory_name": org.signatory_name,
            "signatory_role": org.signatory_role, "address": org.address,
            "telephone": org.telephone, "email": org.email, "notes": org.notes,
        }
        if lead:
            values.update({
                "champion.name": lead.name, "champion.role": lead.role,
                "champion.department": lead.department, "champion.email": lead.email,
                "champion.phone": lead.phone,
                "champion.direct_access": "Yes" if lead.direct_access else "No"})
        others = [c for c in entry.champions if c is not lead]
        values["other_champions"] = format_other_champions(
            (c.name, c.department) for c in others)
        writer.writerow([guard_formula(values.get(c, "")) for c in columns])
    return out.getvalue()


def format_other_champions(champions: Iterable[tuple[str, str]]) -> str:
    """``Name (Department); Name``. A part holding a ``;`` (or starting with a quote) is put
    in double quotes, and an empty ``()`` keeps a name that itself ends in brackets from
    being read as a department, so ``parse_other_champions`` gives back every name."""
    parts = []
    for name, department in champions:
        part = f"{name} ({department})" if department or name.endswith(")") else name
        if ";" in part or part.startswith('"'):
            part = '"' + part.replace('"', '""') + '"'
        parts.append(part)
    return "; ".join(parts)


def parse_other_champions(text: str) -> list[tuple[str, str]]:
    """(name, department) pairs from ``format_other_champions``'s text, or from one typed
    with a champion on each line: the department is the last bracketed group."""
    found = []
    for line in text.split("\n"):
        for part in next(csv.reader([line], delimiter=";", skipinitialspace=True), []):
            part = part.strip()
            if not part:
                continue
            name, department = part, ""
            opening = _opening_bracket(part)
            if opening > 0 and part[:opening].strip():
                name, department = part[:opening], part[opening + 1:-1]
            found.append((" ".join(name.split()), " ".join(department.split())))
    return found


def _opening_bracket(text: str) -> int:
    """Where the bracketed group that ends ``text`` opens, or -1."""
    if not text.endswith(")"):
        return -1
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[index], 0)
        if depth == 0:
            return index
    return -1
