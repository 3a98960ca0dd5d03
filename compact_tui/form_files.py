"""Reading and writing form files: the bytes people send back, whatever saved them.

Store-free and Textual-free so both the ``forms`` command and the screens use it. Decoding is
by byte order mark first (Excel's "Unicode Text" and Word save UTF-16 with one), then UTF-8,
then Windows-1252, which is what Excel's plain "CSV (Comma delimited)" writes in England.
"""

from __future__ import annotations

import codecs
from pathlib import Path

MAX_FORM_BYTES = 5_000_000
ZIP_MAGIC = b"PK\x03\x04"  # .docx and .xlsx
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the older .doc and .xls


class FormFileError(Exception):
    """A form file that cannot be read or written; the message says which and why."""


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
    path = Path(path).expanduser()
    if not path.exists():
        raise FormFileError(f"{path} does not exist.")
    if path.is_dir():
        raise FormFileError(f"{path} is a folder: give the path of the returned form itself.")
    try:
        if path.stat().st_size > MAX_FORM_BYTES:
            raise FormFileError(f"{path} is too large to be a returned form.")
        data = path.read_bytes()
    except OSError as error:
        raise FormFileError(f"{path} could not be read: {error.strerror or error}") from error
    if data.startswith((ZIP_MAGIC, OLE_MAGIC)):
        raise FormFileError(
            f"{path.name} is a Word or Excel document, not the text form that was sent. Open "
            "it and save it as Plain Text (.txt) from Word, or CSV from Excel, then import that.")
    return decode_form_bytes(data)


def encode_form(text: str, fmt: str) -> bytes:
    """CSV gets a UTF-8 byte order mark so Excel reads accents and curly quotes correctly;
    Markdown gets Windows line endings so even an old Notepad shows it line by line."""
    if fmt == "csv":
        return text.encode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def write_form_file(path: Path, text: str, fmt: str) -> Path:
    path = Path(path).expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(encode_form(text, fmt))
    except OSError as error:
        raise FormFileError(f"{path} could not be written: {error.strerror or error}") from error
    return path
