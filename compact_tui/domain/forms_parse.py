"""Read a returned form (Markdown or CSV text) back into answers, with every problem found.

People damage forms in small, predictable ways: Word turns quotes curly, Windows adds CR LF,
Excel saves as UTF-16 with tabs or with semicolons, blank lines go missing, a rating is typed
as a word in capitals, a box gets a tick instead of an x, notes run over several lines. All of
that is accepted. What cannot be read safely is reported with the question number and what
was expected; the caller imports nothing while any problem remains.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from ..content import Content, Rating
from .dates import DateInputError, iso, parse_date
from .forms import (
    ACTION_PLAN,
    END_OF_FORM_LINE,
    END_OF_NOTES_LINE,
    FORM_KINDS,
    ID_HEADER,
    IDENTIFIER_PREFIX,
    NOTES_END,
    QUESTION_HEADING,
    SELF_ASSESSMENT,
    FormIdentity,
    FormItem,
    answer_field,
    blank_answer,
    form_items,
    form_ratings,
    notes_key,
    unescape_note_line,
)
from .spreadsheet_cells import unguard_formula

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
                         "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
                         "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " ",
                         "\u200b": None, "\ufeff": None})
_LEAD = r"^[\s*_>\-]*"
_RATING_LINE = re.compile(_LEAD + r"rating\b", re.IGNORECASE)
_TARGET_LINE = re.compile(_LEAD + r"target\b", re.IGNORECASE)
_NOTES_LINE = re.compile(_LEAD + r"notes?\b[^:]*:\s*(.*)$", re.IGNORECASE)
_BOX = re.compile(r"\[([^\]]*)\]\s*([^\[]*)")
_UNTICKED = {"-", "☐", "□", "0", "no", "n", "false"}
_EXCEL_DATE_FORMATS = ("%d-%b-%y", "%d-%b-%Y", "%d %b %y", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class Problem:
    """Something in a returned form we cannot import; ``item`` is the question id, if any."""

    message: str
    item: str = ""
    kind: str = SELF_ASSESSMENT

    def __str__(self) -> str:
        if not self.item:
            return self.message
        noun = "Question" if self.kind == SELF_ASSESSMENT else "Practice"
        return f"{noun} {self.item}: {self.message}"


@dataclass
class ParsedForm:
    """What a returned form says. ``problems`` empty means every answer was read safely."""

    fmt: str
    identity: FormIdentity | None = None
    answers: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(1 for answer in self.answers.values() if answer["rating"])


def clean(text: str) -> str:
    """Straight quotes, plain spaces, no trailing spaces; used on every value we keep."""
    return "\n".join(line.rstrip() for line in text.translate(_QUOTES).split("\n"))


def loose(text: str) -> str:
    """For comparing words people retype: case, punctuation and spacing do not matter."""
    text = clean(text).casefold().replace("&", " and ")
    return " ".join(re.findall(r"[^\W_]+", text))


def parse_form(text: str, content: Content) -> ParsedForm:
    """Read a form exported by ``render_markdown`` or ``render_csv`` (the format is detected)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    delimiter = _csv_delimiter(text)
    if delimiter:
        rows = [[unguard_formula(clean(cell).strip()) for cell in row]
                for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
        identity_text = next((delimiter.join(row).strip(delimiter + " ") for row in rows
                              if any(IDENTIFIER_PREFIX in cell for cell in row)), "")
        form = ParsedForm("csv")
    else:
        lines = clean(text).split("\n")
        if _written_by_pandoc(lines):
            lines = _unwrap_pandoc(lines)
        identity_text = next((line for line in lines if IDENTIFIER_PREFIX in line), "")
        form = ParsedForm("md")
    form.identity = _read_identity(identity_text, content, form.problems)
    if form.identity is None:
        return form
    kind = form.identity.kind
    if delimiter:
        found = _read_csv(rows, content, kind, form.problems, _open_quote_line(text))
        if found is None:
            return form
    else:
        found = _read_markdown(lines, content, kind, form.problems)
    _check_items(found, content, kind, form)
    return form


# --- a form that went through Word and back by pandoc -----------------------------------------

_PANDOC_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_PANDOC_BOX = re.compile(r"\\\[[^\]\\]{0,3}\\\]")


def _written_by_pandoc(lines: list[str]) -> bool:
    """pandoc's Markdown writer escapes the identifier's | and the boxes' [ ] with \\."""
    identifier = "\n".join(lines[:12])
    return "\\|" in identifier or any(_PANDOC_BOX.search(line) for line in lines)


def _unwrap_pandoc(lines: list[str]) -> list[str]:
    """pandoc wraps paragraphs at 72 columns and joins a paragraph's lines: put each
    paragraph back on one line, take off its escapes, and give "(end of notes)" that ended a
    joined paragraph its own line again. A note's own line breaks are lost this way (its
    words are not); its paragraphs stay."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
            continue
        if current:
            paragraphs.append(_PANDOC_ESCAPE.sub(r"\1", " ".join(current)))
            current = []
        paragraphs.append("")
    out: list[str] = []
    for paragraph in paragraphs:
        text, marker = _split_end_marker(paragraph)
        out += [text, marker] if marker else [paragraph]
    return out


def _split_end_marker(line: str) -> tuple[str, str]:
    match = re.fullmatch(r"(.*\S)\s+(\(end of notes?\))", line, re.IGNORECASE)
    return (match[1], match[2]) if match else (line, "")


# --- the identifier line ----------------------------------------------------------------------


def _read_identity(line: str, content: Content, problems: list[Problem]) -> FormIdentity | None:
    if not line:
        problems.append(Problem(
            f'This is not a compact-tui form: its identifier line ("{IDENTIFIER_PREFIX} …") '
            "is missing. Only forms exported by compact-tui can be imported."))
        return None
    start = line.index(IDENTIFIER_PREFIX)
    parts = line[start:].strip(" `*_>").split("|")
    values = {"form": parts[0].split(":", 1)[1].strip()}
    for part in parts[1:]:
        name, _, value = part.partition(":")
        values[loose(name)] = value.strip(" `*_")
    kind = loose(values["form"]).replace(" ", "-")
    if kind not in FORM_KINDS:
        problems.append(Problem(f'The identifier line names an unknown form "{values["form"]}" '
                                f"(expected {' or '.join(FORM_KINDS)})."))
        return None
    version = values.get("content", "")
    if version != content.version:
        problems.append(Problem(
            f'This form was made from the content "{version or "(none given)"}", but this app '
            f'uses "{content.version}" ({content.compact.name}). It may come from another '
            "borough's Compact or an older toolkit, so its questions cannot be trusted to match: "
            "send the organisation a new form."))
        return None
    year_text = values.get("year", "")
    if not re.fullmatch(r"20\d\d|2100", year_text):
        problems.append(Problem(f'The identifier line\'s year "{year_text}" is not a year '
                                "(expected four digits, e.g. 2026)."))
        return None
    organisation = values.get("organisation", "")
    organisation_id = values.get("org id", "")
    if not organisation and not organisation_id:
        problems.append(Problem("The identifier line does not say which organisation the "
                                "form is for."))
        return None
    return FormIdentity(kind, organisation, organisation_id, int(year_text), version)


# --- Markdown ---------------------------------------------------------------------------------


@dataclass
class _Found:
    """One question or practice as read from the form, before it is checked."""

    item: str
    text: str
    answer: dict[str, str]


def _read_markdown(lines: list[str], content: Content, kind: str,
                   problems: list[Problem]) -> list[_Found]:
    """Cut the form into question blocks. Inside a question's notes every line is the note's,
    whatever it starts with (#, -, >, |, [ ]), until "(end of notes)"; only the next
    question's heading ends notes whose end marker was lost (``escape_note_line`` keeps a
    note's own lines from looking like one)."""
    sections = {loose(f"## {item.section}") for item in form_items(content, kind)}
    blocks: list[tuple[str, str, list[str]]] = []
    current: list[str] | None = None
    in_notes = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        heading = QUESTION_HEADING.match(stripped)
        if in_notes and not heading and not (
                END_OF_FORM_LINE.match(stripped) and not _notes_end_later(lines, index + 1)):
            current.append(line)  # type: ignore[union-attr]
            in_notes = not END_OF_NOTES_LINE.match(stripped)
            continue
        in_notes = False
        if heading:
            current = []
            blocks.append((f"{heading[1].upper()}.{heading[2]}", heading[3], current))
        elif END_OF_FORM_LINE.match(stripped):
            break
        elif stripped.startswith("#") and (current is None or loose(stripped) in sections):
            current = None
        elif current is not None:
            current.append(line)
            in_notes = bool(_NOTES_LINE.match(stripped)) and not _RATING_LINE.match(stripped)
        elif blocks and stripped:
            problems.append(Problem(
                f'The line "{_short(stripped)}" is outside every question\'s notes, so it '
                "cannot be imported: move it between a question's \"Notes:\" and "
                f'"{NOTES_END}".'))
    return [_read_block(item, text, body, content, kind, problems)
            for item, text, body in blocks]


def _notes_end_later(lines: list[str], start: int) -> bool:
    return any(END_OF_NOTES_LINE.match(line.strip()) for line in lines[start:])


def _read_block(item: str, text: str, body: list[str], content: Content, kind: str,
                problems: list[Problem]) -> _Found:
    ratings = form_ratings(content, kind)
    answer = blank_answer(kind)
    chosen: list[str] = []
    notes: list[str] = []
    in_notes = seen_rating = False
    for line in body:
        stripped = line.strip()
        if in_notes:
            if END_OF_NOTES_LINE.match(stripped):
                in_notes = False
            else:
                notes.append(unescape_note_line(line))
        elif _RATING_LINE.match(stripped):
            seen_rating = True
            chosen += _rating_from_line(_after_colon(stripped), item, ratings, kind, problems)
        elif kind == ACTION_PLAN and _TARGET_LINE.match(stripped):
            answer["target"] = _target(_after_colon(stripped), item, kind, problems)
        elif notes_line := _NOTES_LINE.match(stripped):
            in_notes = True
            first = notes_line[1]
            if first:
                notes.append(first)
        elif not stripped or END_OF_NOTES_LINE.match(stripped):
            continue
        elif not seen_rating:
            text = f"{text} {stripped}"
        elif _rating_key(stripped, ratings):
            chosen.append(_rating_key(stripped, ratings))
        else:
            notes.append(line)
    answer["rating"] = _one_rating(chosen, item, ratings, kind, problems)
    answer[notes_key(kind)] = _tidy_notes(notes)
    return _Found(item, text.strip(), answer)


def _after_colon(line: str) -> str:
    _, colon, rest = line.partition(":")
    return rest.strip() if colon else re.sub(r"^\W*\w+", "", line).strip()


def _rating_from_line(value: str, item: str, ratings: Sequence[Rating], kind: str,
                      problems: list[Problem]) -> list[str]:
    boxes = _BOX.findall(value)
    if not boxes:
        word = value.strip(" .*_`")
        if not word:
            return []
        key = _rating_key(word, ratings)
        if not key:
            problems.append(Problem(f'unknown rating "{word}": expected one of '
                                    f"{_choices(ratings)}", item, kind))
        return [key] if key else []
    chosen = []
    for mark, label in boxes:
        if not _ticked(mark):
            continue
        key = _rating_key(label, ratings)
        if key:
            chosen.append(key)
        else:
            problems.append(Problem(f'a box is ticked beside "{label.strip()}", which is not a '
                                    f"rating: expected one of {_choices(ratings)}", item, kind))
    return chosen


def _ticked(mark: str) -> bool:
    """x, X, ✓, ☒, * or any word marks a choice; a space, a dash or "no" does not."""
    mark = mark.strip()
    return bool(mark) and mark.casefold() not in _UNTICKED


def _one_rating(chosen: list[str], item: str, ratings: Sequence[Rating], kind: str,
                problems: list[Problem]) -> str:
    distinct = list(dict.fromkeys(chosen))
    if len(distinct) > 1:
        labels = {r.key: r.label for r in ratings}
        problems.append(Problem(f"{len(distinct)} ratings chosen "
                                f"({', '.join(labels[k] for k in distinct)}): "
                                "expected one box ticked", item, kind))
        return ""
    return distinct[0] if distinct else ""


def _rating_key(word: str, ratings: Iterable[Rating]) -> str:
    wanted = loose(word)
    if not wanted:
        return ""
    for rating in ratings:
        if wanted in (loose(rating.label), loose(rating.key)):
            return rating.key
    return ""


def _choices(ratings: Sequence[Rating]) -> str:
    return ", ".join(f'"{r.label}"' for r in ratings)


def _target(value: str, item: str, kind: str, problems: list[Problem]) -> str:
    value = value.strip(" .*_`")
    if not value:
        return ""
    try:
        return iso(_read_date(value))
    except DateInputError:
        problems.append(Problem(f'the target date "{value}" is not a date: expected a date '
                                "such as 31/03/2027", item, kind))
        return ""


def _read_date(value: str) -> date:
    """Dates as people type them, plus the styles Excel writes back (31-Mar-27)."""
    try:
        return parse_date(value)
    except DateInputError:
        for style in _EXCEL_DATE_FORMATS:
            try:
                return datetime.strptime(value, style).date()
            except ValueError:
                continue
        raise


def _tidy_notes(lines: list[str]) -> str:
    """Notes as written, without the blank lines people add or remove around them."""
    text = "\n".join(line.rstrip() for line in lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text).rstrip()


# --- CSV --------------------------------------------------------------------------------------


def _csv_delimiter(text: str) -> str:
    """The CSV delimiter if this is a CSV form (Excel may use ; or tabs), else ""."""
    for line in text.split("\n")[:12]:
        match = re.match(r'^\s*"?\s*' + ID_HEADER + r'\s*"?\s*([,;\t])', line, re.IGNORECASE)
        if match:
            return match[1]
    return ""


def _open_quote_line(text: str) -> int | None:
    """The line (from 1) where a quote mark opens and is not closed before the ID row: the
    CSV reader then joins everything after it into one cell, and the ID row is lost."""
    lines = text.split("\n")
    id_row = next((number for number, line in enumerate(lines) if re.match(
        r'^\s*"?\s*' + ID_HEADER + r'\s*"?\s*[,;\t]', line, re.IGNORECASE)), len(lines))
    opened_on, open_quote = None, False
    for number, line in enumerate(lines[:id_row], start=1):
        for char in line:
            if char == '"':
                open_quote = not open_quote
                opened_on = number if open_quote else opened_on
    return opened_on if open_quote else None


def _read_csv(rows: list[list[str]], content: Content, kind: str,
              problems: list[Problem], open_quote_line: int | None = None
              ) -> list[_Found] | None:
    """The answers row by row; None when the rows cannot be told apart at all."""
    ratings = form_ratings(content, kind)
    start = next((i for i, row in enumerate(rows)
                  if row and loose(row[0]) == loose(ID_HEADER)), None)
    if start is None:
        where = (f'a quote mark (") opened on line {open_quote_line} is never closed, so '
                 "everything after it reads as one cell" if open_quote_line else
                 "it is not on a line of its own")
        problems.append(Problem(f"The row of headings that starts with {ID_HEADER} cannot be "
                                f"found: {where}. Correct the file (or open it in a spreadsheet "
                                "and save it as CSV again), then import it again."))
        return None
    headers = [loose(cell) for cell in rows[start]]
    rating_columns: dict[str, int] = {}
    for rating in ratings:
        column = next((i for i, h in enumerate(headers)
                       if h in (loose(rating.label), loose(rating.key))), None)
        if column is None:
            problems.append(Problem(f'The column "{rating.label}" is missing from the header '
                                    "row: the form's columns do not match this toolkit."))
        else:
            rating_columns[rating.key] = column
    if len(rating_columns) < len(ratings):
        return []
    text_column = next((i for i, h in enumerate(headers) if h in ("question", "practice")), None)
    notes_column = next((i for i, h in enumerate(headers) if h in ("notes", "note")), None)
    target_column = next((i for i, h in enumerate(headers) if h.startswith("target")), None)
    found = []
    for number, row in enumerate(rows[start + 1:], start=start + 2):
        if not any(row):
            continue
        item = row[0].strip().upper()
        if not item:
            problems.append(Problem(f"Row {number} has no ID: expected a question number such "
                                    "as 1.1 in the first column."))
            continue

        def cell(column: int | None, row: list[str] = row) -> str:
            return row[column] if column is not None and column < len(row) else ""

        answer = blank_answer(kind)
        chosen = [key for key, column in rating_columns.items() if _ticked(cell(column))]
        answer["rating"] = _one_rating(chosen, item, ratings, kind, problems)
        if kind == ACTION_PLAN:
            answer["target"] = _target(cell(target_column), item, kind, problems)
        answer[notes_key(kind)] = _tidy_notes(cell(notes_column).split("\n"))
        found.append(_Found(item, cell(text_column), answer))
    return found


# --- do the questions match the toolkit? --------------------------------------------------


def _check_items(found: list[_Found], content: Content, kind: str, form: ParsedForm) -> None:
    expected = {item.id: item for item in form_items(content, kind)}
    seen: dict[str, _Found] = {}
    for entry in found:
        item: FormItem | None = expected.get(entry.item)
        if item is None:
            form.problems.append(Problem(
                "not in this toolkit (the form's questions do not match it)", entry.item, kind))
        elif entry.item in seen:
            form.problems.append(Problem("appears twice (expected once)", entry.item, kind))
        elif entry.text and loose(entry.text) != loose(item.text):
            form.problems.append(Problem(
                f'wording "{_short(entry.text)}" differs from the toolkit\'s '
                f'"{_short(item.text)}"', entry.item, kind))
        seen.setdefault(entry.item, entry)
    for item_id in expected:
        if item_id not in seen:
            form.problems.append(Problem(
                f"missing from the form (expected all {len(expected)} of the toolkit's "
                f"{'questions' if kind == SELF_ASSESSMENT else 'practices'})", item_id, kind))
    form.answers = {answer_field(kind, item_id): seen[item_id].answer
                    for item_id in expected if item_id in seen}
    order = {item_id: index for index, item_id in enumerate(expected)}
    form.problems.sort(key=lambda p: (bool(p.item), order.get(p.item, len(order))))


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
