"""Edits a person makes to an emailed form, in a text editor, Word or Excel, for the forms tests."""

from __future__ import annotations

import csv
import io
import re

SMART = {"'": "’", '"': "“"}


def block_span(md: str, item_id: str) -> tuple[int, int]:
    """Where a question's block (its ### heading up to the next heading) sits in the text."""
    start = re.search(rf"^### {re.escape(item_id)} .*$", md, re.MULTILINE)
    assert start, f"no block for {item_id}"
    following = re.compile(r"^#", re.MULTILINE).search(md, start.end())
    end_of_form = md.index("(end of form)")
    end = following.start() if following else end_of_form
    return start.start(), min(end, end_of_form)


def edit_block(md: str, item_id: str, old: str, new: str) -> str:
    start, end = block_span(md, item_id)
    block = md[start:end]
    assert old in block, f"{old!r} not in block {item_id}"
    return md[:start] + block.replace(old, new, 1) + md[end:]


def tick(md: str, item_id: str, label: str, mark: str = "x") -> str:
    return edit_block(md, item_id, f"[ ] {label}", f"[{mark}] {label}")


def write_notes(md: str, item_id: str, notes: str) -> str:
    return edit_block(md, item_id, "Notes:\n\n(end of notes)", f"Notes:\n{notes}\n(end of notes)")


def rating_line(md: str, item_id: str, replacement: str) -> str:
    start, end = block_span(md, item_id)
    block = re.sub(r"^Rating.*$", replacement, md[start:end], count=1, flags=re.MULTILINE)
    return md[:start] + block + md[end:]


def target(md: str, item_id: str, typed: str) -> str:
    prompt = "(for example 31/03/2027):"
    return edit_block(md, item_id, prompt, f"{prompt} {typed}")


def delete_block(md: str, item_id: str) -> str:
    start, end = block_span(md, item_id)
    return md[:start] + md[end:]


def smart_quotes(text: str) -> str:
    """What Word's AutoCorrect does to quotes and apostrophes."""
    text = re.sub(r'"([^"\n]*)"', "“\\1”", text)
    return text.replace("'", "’")


def without_blank_lines(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if line.strip())


def with_trailing_spaces(text: str) -> str:
    return "\n".join(line + "   " for line in text.split("\n"))


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def utf16(text: str) -> bytes:
    """Saved by Word or Notepad as "Unicode": UTF-16 little-endian with a byte order mark."""
    return text.encode("utf-16")


# --- Excel ------------------------------------------------------------------------------------


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def csv_set(text: str, item_id: str, column: str, value: str) -> str:
    """Type ``value`` into a cell, as a person does in Excel, and save as CSV again."""
    rows = csv_rows(text)
    header = next(row for row in rows if row and row[0] == "ID")
    index = header.index(column)
    row = next(row for row in rows if row and row[0] == item_id)
    while len(row) <= index:
        row.append("")
    row[index] = value
    return csv_text(rows)


def excel_unicode_text(text: str) -> bytes:
    """Excel's "Unicode Text (*.txt)": tab separated, UTF-16 with a byte order mark, CR LF."""
    return csv_text(csv_rows(text), delimiter="\t").encode("utf-16")


def excel_semicolons_ansi(text: str) -> bytes:
    """Excel in a European locale: semicolons, Windows-1252, no byte order mark; padded rows."""
    rows = csv_rows(text)
    width = max(len(row) for row in rows)
    padded = [row + [""] * (width - len(row)) for row in rows]
    return csv_text(padded, delimiter=";").encode("cp1252", errors="replace")
