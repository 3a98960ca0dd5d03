"""Reading and writing form files: the bytes people send back, whatever saved them.

Store-free and Textual-free so both the ``forms`` command and the screens use it; the bytes
are read and written by ``user_files``, like every file a person names. Decoding is
by byte order mark first (Excel's "Unicode Text" and Word save UTF-16 with one), then UTF-8,
then Windows-1252, which is what Excel's plain "CSV (Comma delimited)" writes in England.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .content import Content
    from .domain.forms_service import ExportedForm

from .user_files import UserFileError, read_user_file, user_path
from .visible_text import visible

MAX_FORM_BYTES = 5_000_000
ZIP_MAGIC = b"PK\x03\x04"  # .docx and .xlsx
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the older .doc and .xls


class FormFileError(UserFileError):
    """A form file that cannot be used; the message says which and why."""


def decode_form_bytes(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    sample = data[:2000]
    if len(sample) >= 4 and sample.count(0) >= len(sample) // 4:
        encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_form_file(path: Path | str) -> str:
    data = read_user_file(path, max_bytes=MAX_FORM_BYTES, what="a returned form")
    name = user_path(path).name
    if data.startswith(ZIP_MAGIC) and b"word/document.xml" in data:
        from .word import WordFileError, form_text_from_docx

        try:
            return form_text_from_docx(data)
        except WordFileError as error:
            raise FormFileError(f"{name}: {error}") from error
    if data.startswith((ZIP_MAGIC, OLE_MAGIC)):
        raise FormFileError(
            f"{name} is an Excel workbook or an older Word document (.doc), not a form this "
            "app can read. Save it as Word (.docx) or Plain Text (.txt) from Word, or as CSV "
            "from Excel, then import that.")
    return decode_form_bytes(data)


def encode_form(text: str, fmt: str) -> bytes:
    """CSV gets a UTF-8 byte order mark so Excel reads accents and curly quotes correctly;
    Markdown gets Windows line endings so even an old Notepad shows it line by line, and its
    stored text's control and bidi characters as placeholders (it is read in terminals)."""
    if fmt == "csv":
        return text.encode("utf-8-sig")
    return visible(text.replace("\r\n", "\n")).replace("\n", "\r\n").encode("utf-8")


def exported_bytes(form: ExportedForm, content: Content) -> bytes:
    """The file for an exported form: text encoded for its editor, or a Word document."""
    if form.fmt == "docx" and form.identity is not None:
        from .word import form_to_docx

        return form_to_docx(content, form.identity, form.answers)
    return encode_form(form.text, form.fmt)
