"""Putting people's text into Markdown so it renders exactly as typed and injects nothing.

Everything a member typed goes through these functions before it reaches an exported
document. Characters Markdown would act on are backslash-escaped; ``<``, ``>``, ``~`` and
entity-like ``&`` become HTML entities (Python-Markdown does not honour ``\\<``), so raw HTML,
autolinks, links, images, emphasis, code, headings, lists, quotes and tables typed in the
minutes all come out as the literal characters. The same output renders alike in
Python-Markdown (with ``tables``), pandoc and GitHub.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # Python-Markdown uses \x02/\x03 itself
_SPECIAL = re.compile(r"([\\`*_\[\]#|{}])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_ORDERED = re.compile(r"^(\d+)([.)])")


def clean(text: str) -> str:
    """Text without control characters, with Windows and old Mac line ends unified."""
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


def escape_inline(text: str) -> str:
    """One line of user text for a paragraph, heading or list item (newlines become spaces)."""
    line = " ".join(clean(text).split())
    return _escape_line(line)


def _escape_line(line: str) -> str:
    line = _ENTITY_LIKE.sub("&amp;", line)
    line = _SPECIAL.sub(r"\\\1", line)
    line = line.replace("<", "&lt;").replace(">", "&gt;").replace("~", "&#126;")
    if line.startswith(("-", "+")):
        line = "\\" + line
    elif line.startswith("="):
        line = "&#61;" + line[1:]
    line = _ORDERED.sub(r"\1\\\2", line)
    return line


def escape_cell(text: str) -> str:
    """User text for a table cell: one line, pipes escaped; an empty cell stays empty."""
    return escape_inline(text)


def escape_block(text: str) -> str:
    """Several lines of user text: blank lines separate paragraphs, and each line break the
    person typed is kept (two trailing spaces, which Python-Markdown, pandoc and GitHub all
    read as a line break). Leading spaces are dropped so nothing becomes a code block."""
    paragraphs: list[list[str]] = [[]]
    for raw in clean(text).split("\n"):
        line = " ".join(raw.split())
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append(_escape_line(line))
    return "\n\n".join("  \n".join(lines) for lines in paragraphs if lines)


def bullet_list(lines: list[str]) -> str:
    """A Markdown list of user text lines (each escaped)."""
    return "\n".join(f"- {escape_inline(line)}" for line in lines)


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A pipe table; ``headers`` are ours, ``rows`` are user text (escaped here)."""
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out.extend("| " + " | ".join(escape_cell(cell) for cell in row) + " |" for row in rows)
    return "\n".join(out)
