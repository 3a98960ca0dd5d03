"""Word documents (.docx) both ways, built and read with python-docx.

Clerks circulate minutes as Word documents, and members fill forms in Word. Documents are
made here rather than through pandoc, whose defaults give US Letter pages and tables without
borders: every page is A4 with 2 cm margins, every table has its borders, and minutes end with
the signature block a chair signs when they are approved.

The minutes, agenda and action log are made from the same escaped Markdown as every other
export (``domain/exports``): rendered to HTML by Python-Markdown, then laid out here, so a
member's text reaches Word exactly as it reaches a web page. A form is a real Word form: a
table per section with a rating column listing the toolkit's own words with boxes to tick, and
a notes cell for each question; its identifier is on the page and in the document's properties,
so ``form_text_from_docx`` can hand it back to the same parser as a text form, whether Word or
LibreOffice saved it last.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any

import docx
from docx.document import Document
from docx.enum.text import WD_BREAK
from docx.shared import Mm, Pt
from docx.table import Table

from .content import Content
from .domain.dates import from_iso
from .domain.exports.html import render_markdown
from .domain.forms import (
    ACTION_PLAN,
    IDENTIFIER_PREFIX,
    NOTES_END,
    RATING_PROMPT,
    TARGET_PROMPT,
    FormIdentity,
    answer_field,
    form_items,
    form_ratings,
    form_title,
    normalise_answer,
    notes_key,
)

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "li"}


class WordFileError(ValueError):
    """A .docx that cannot be read as a form; the message says why in plain words."""


def _document(title: str) -> Document:
    """An empty A4 document with 2 cm margins and an 11 pt sans-serif body."""
    document = docx.Document()
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    document.core_properties.title = _property(title)
    document.core_properties.author = "compact-tui"
    return document


PROPERTY_LIMIT = 255
"""Word's document properties hold at most 255 characters (python-docx refuses more)."""


def _property(text: str) -> str:
    return text if len(text) <= PROPERTY_LIMIT else text[:PROPERTY_LIMIT - 1] + "…"


def _bytes(document: Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ------------------------------------------------------------------ Markdown exports to Word

class _Builder(HTMLParser):
    """Lays Python-Markdown's HTML out as Word paragraphs, lists and bordered tables."""

    def __init__(self, document: Document) -> None:
        super().__init__(convert_charrefs=True)
        self.document = document
        self.paragraph: Any = None
        self.bold = self.italic = 0
        self.lists: list[str] = []
        self.rows: list[list[tuple[bool, list[tuple[str, bool, bool]]]]] | None = None
        self.cell: list[tuple[str, bool, bool]] | None = None
        self.header_cell = False
        self.link = ""
        self.link_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2", "h3", "h4"):
            self.paragraph = self.document.add_heading("", level=int(tag[1]))
        elif tag == "p" and self.cell is None:
            self.paragraph = self.document.add_paragraph()
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "li":
            style = "List Number" if self.lists and self.lists[-1] == "ol" else "List Bullet"
            self.paragraph = self.document.add_paragraph(style=style)
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "br":
            if self.cell is not None:
                self.cell.append(("\n", False, False))
            elif self.paragraph is not None:
                self.paragraph.add_run().add_break(WD_BREAK.LINE)
        elif tag == "table":
            self.rows = []
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
            self.header_cell = tag == "th"
        elif tag == "a":
            self.link = dict(attrs).get("href") or ""
            self.link_text = ""

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.paragraph = None
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in ("strong", "b"):
            self.bold -= 1
        elif tag in ("em", "i"):
            self.italic -= 1
        elif tag in ("td", "th") and self.rows is not None and self.cell is not None:
            self.rows[-1].append((self.header_cell, self.cell))
            self.cell = None
        elif tag == "table" and self.rows is not None:
            _table(self.document, self.rows)
            self.rows = None
        elif tag == "a":
            if self.link and self.link_text.strip() != self.link:
                self._text(f" ({self.link})")
            self.link = ""

    def handle_data(self, data: str) -> None:
        if self.link:
            self.link_text += data
        self._text(data)

    def _text(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append((data, bool(self.bold), bool(self.italic)))
            return
        if self.paragraph is None:
            if not data.strip():
                return
            self.paragraph = self.document.add_paragraph()
        text = data if self.paragraph.text else data.lstrip("\n")
        run = self.paragraph.add_run(text.replace("\n", " "))
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None


def _table(document: Document, rows: list[list[tuple[bool, list[tuple[str, bool, bool]]]]]
           ) -> Table:
    columns = max((len(row) for row in rows), default=1)
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"  # every cell bordered
    for row in rows:
        cells = table.add_row().cells
        for index, (header, runs) in enumerate(row):
            paragraph = cells[index].paragraphs[0]
            for text, bold, italic in runs:
                run = paragraph.add_run(text.strip("\n") if text != "\n" else "")
                if text == "\n":
                    run.add_break(WD_BREAK.LINE)
                run.bold = bold or header or None
                run.italic = italic or None
    document.add_paragraph()
    return table


def markdown_to_docx(markdown_text: str, title: str, *, signature: bool = False) -> bytes:
    """A Word document from one of our Markdown exports; ``signature`` adds the block the
    chair signs once the minutes are approved."""
    document = _document(title)
    builder = _Builder(document)
    builder.feed(render_markdown(markdown_text))
    builder.close()
    if signature:
        document.add_paragraph()
        table = document.add_table(rows=2, cols=2)
        for row, (left, right) in enumerate((("Signed:", "Date:"),
                                             ("Chair of the meeting at which these minutes "
                                              "were approved", ""))):
            table.cell(row, 0).text = left
            table.cell(row, 1).text = right
        table.cell(0, 0).paragraphs[0].add_run(" " + "_" * 30)
        table.cell(0, 1).paragraphs[0].add_run(" " + "_" * 20)
    return _bytes(document)


# ------------------------------------------------------------------ forms

BOX, TICKED = "[ ]", "[x]"


def form_to_docx(content: Content, identity: FormIdentity,
                 answers: Mapping[str, Mapping[str, str]] | None = None) -> bytes:
    """The form as a Word document: one table per section, a row per question with its
    rating boxes (the toolkit's words) and a notes cell to write in."""
    kind = identity.kind
    ratings = form_ratings(content, kind)
    document = _document(f"{form_title(content, kind)}: {identity.organisation}, "
                         f"{identity.year}")
    if len(identity.line()) <= PROPERTY_LIMIT:  # else only on the page: cut, it would mislead
        document.core_properties.subject = identity.line()
    document.core_properties.keywords = "compact-tui form"
    document.add_heading(f"{form_title(content, kind)}: {identity.organisation}, "
                         f"{identity.year}", level=1)
    document.add_paragraph(identity.line())
    document.add_paragraph(
        f"From the {content.compact.steering_group}. For each "
        f"{'question' if kind != ACTION_PLAN else 'practice'}, replace the space in one box "
        f"with an x, for example {TICKED} {ratings[0].label}, and write anything you want to "
        "add in its Notes cell"
        + (" and a target date if you plan to act" if kind == ACTION_PLAN else "")
        + ". Save it as a Word document and send it back. Please keep the line starting "
        f"\"{IDENTIFIER_PREFIX}\" and the ID column as they are.")
    headings = ["ID", "Question" if kind != ACTION_PLAN else "Practice", "Rating"]
    if kind == ACTION_PLAN:
        headings.append("Target date")
    headings.append("Notes")
    section = ""
    table: Table | None = None
    for item in form_items(content, kind):
        if item.section != section:
            section = item.section
            document.add_heading(section, level=2)
            table = document.add_table(rows=1, cols=len(headings))
            table.style = "Table Grid"
            for cell, heading in zip(table.rows[0].cells, headings, strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(heading).bold = True
        assert table is not None
        answer = normalise_answer(kind, (answers or {}).get(answer_field(kind, item.id)))
        cells = table.add_row().cells
        cells[0].text = item.id
        cells[1].text = item.text
        rating_cell = cells[2]
        rating_cell.text = ""
        for index, rating in enumerate(ratings):
            paragraph = rating_cell.paragraphs[0] if index == 0 else \
                rating_cell.add_paragraph()
            paragraph.add_run(f"{TICKED if answer['rating'] == rating.key else BOX} "
                              f"{rating.label}")
        if kind == ACTION_PLAN:
            target = from_iso(answer["target"])
            cells[3].text = target.strftime("%d/%m/%Y") if target else ""
        cells[-1].text = answer[notes_key(kind)]
    return _bytes(document)


def form_text_from_docx(data: bytes) -> str:
    """A returned Word form as the text form ``forms_parse.parse_form`` reads, so both are
    checked by the same rules. Raises WordFileError for a document that is not our form."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise WordFileError("This Word document could not be opened (it may be damaged, or "
                            "an older .doc saved with a .docx name).") from error
    lines = [p.text for p in document.paragraphs]
    identifier = next((line for line in lines if IDENTIFIER_PREFIX in line), "") \
        or (document.core_properties.subject or "")
    if not any(_is_form_table(table) for table in document.tables):
        return "\n".join(lines)  # a text form opened in Word and saved as .docx
    out = [identifier, ""]
    for table in document.tables:
        rows = table.rows
        if not _is_form_table(table):
            continue
        headings = _headings(table)
        rating_at, notes_at = headings.index("rating"), len(headings) - 1
        target_at = headings.index("target date") if "target date" in headings else None
        for row in rows[1:]:
            cells = [_cell_text(c) for c in row.cells]
            if not any(c.strip() for c in cells):
                continue
            out += [f"### {cells[0].strip()} {cells[1].strip() if len(cells) > 1 else ''}", ""]
            rating = " ".join(cells[rating_at].split()) if rating_at < len(cells) else ""
            out += [f"{RATING_PROMPT.split('(')[0].strip()}: {rating}", ""]
            if target_at is not None and target_at < len(cells):
                out += [f"{TARGET_PROMPT} {cells[target_at].strip()}", ""]
            notes = cells[notes_at] if notes_at < len(cells) else ""
            out += ["Notes:", *_note_lines(notes), NOTES_END, ""]
    out.append("(end of form)")
    return "\n".join(out) + "\n"


def _headings(table: Table) -> list[str]:
    return [_cell_text(c).strip().casefold() for c in table.rows[0].cells] if table.rows \
        else []


def _is_form_table(table: Table) -> bool:
    headings = _headings(table)
    return bool(headings) and headings[0] == "id" and "rating" in headings


def _cell_text(cell: Any) -> str:
    return "\n".join(p.text for p in cell.paragraphs)


def _note_lines(text: str) -> list[str]:
    from .domain.forms import escape_note_line

    return [escape_note_line(line) for line in re.split(r"\r\n|\r|\n|\v", text)]
