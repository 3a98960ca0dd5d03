"""Putting people's text into Markdown so it renders exactly as typed and injects nothing.

Everything a member typed goes through these functions before it reaches an exported
document: minutes, agenda, action log, dispute reports, assessment reports, the public list.
Characters Markdown would act on are backslash-escaped; ``<``, ``>``, ``~`` and entity-like
``&`` become HTML entities (Python-Markdown does not honour ``\\<``), so raw HTML, links,
images, emphasis, code, headings, lists, quotes and tables typed in the minutes all come out
as the literal characters, and web addresses become autolinks. The same output renders alike
in Python-Markdown (with ``tables``), pandoc and GitHub (cmark-gfm).
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # Python-Markdown uses \x02/\x03 itself
_SPECIAL = re.compile(r"([\\`*_\[\]#|{}])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w)")  # browsers read &copy even without ";"
# pandoc also reads "a.", "iv)" and "#." as list markers, and ^ $ as superscript and maths
_LIST_MARKER = re.compile(r"^(\d+|[a-zA-Z]|[ivxlcdmIVXLCDM]+|\\#)([.)])(?=\s|$)")
_CITATION = re.compile(r"(?<!\w)@")  # pandoc's @smith citations; jo@example.org is no citation
_ENTITIES = str.maketrans({"<": "&lt;", ">": "&gt;", "~": "&#126;", "^": "&#94;",
                           "$": "&#36;"})


def clean(text: str) -> str:
    """Text without control characters, with Windows and old Mac line ends unified."""
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


def escape_inline(text: str) -> str:
    """One line of user text for a paragraph, heading or list item (newlines become spaces)."""
    line = " ".join(clean(text).split())
    return _escape_line(line)


# No [ ] in an address: Python-Markdown reads links before autolinks, even inside <…>.
# No \b before the scheme: GitHub links "0https://…" too, and would show its escapes.
_URL = re.compile(r"(?:(?:https?|ftp)://|\bwww\.)[^\s<>|\\`\"\[\]]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?'*_~"


def _escape_line(line: str) -> str:
    """Text escaped; web addresses written as autolinks (``<https://…>``), which every
    renderer links and none escapes inside, so a Teams link's ``_`` stays a ``_``. An
    address typed without its scheme (www.…) becomes a link that shows it as typed."""
    out: list[str] = []
    position = 0
    for match in _URL.finditer(line):
        url = _trim_url(match.group())
        if len(url) <= len("https://") or "." not in url[4:]:
            continue
        out.append(_escape_text(line[position:match.start()], at_start=not out))
        if url.casefold().startswith("www."):
            out.append(f"[{_escape_text(url, at_start=False)}](<http://{url}>)")
        else:
            out.append(f"<{url}>")
        position = match.start() + len(url)
    out.append(_escape_text(line[position:], at_start=not out))
    return "".join(out)


_TRAILING_ENTITY = re.compile(r"&#?\w+;?$")


def _trim_url(url: str) -> str:
    """Leave off the punctuation that ends a sentence, a ``)`` that closes the text's own
    bracket rather than one in the address, and an entity-like end (``…/x.&copy``), which
    pandoc would read inside the link as "©" (a query's ``&a=b`` has its ``=`` and stays)."""
    while True:
        entity = _TRAILING_ENTITY.search(url)
        if entity:
            url = url[:entity.start()]
        elif url and (url[-1] in _URL_TRAILING or (url[-1] == ")"
                                                   and url.count(")") > url.count("("))):
            url = url[:-1]
        else:
            return url


def _escape_text(line: str, at_start: bool) -> str:
    line = _ENTITY_LIKE.sub("&amp;", line)
    line = _SPECIAL.sub(r"\\\1", line)
    line = _CITATION.sub("&#64;", line.translate(_ENTITIES))
    if not at_start:
        return line
    if line.startswith(("-", "+", "(")):
        line = "\\" + line
    elif line.startswith(("=", ":")):
        line = f"&#{ord(line[0])};" + line[1:]
    return _LIST_MARKER.sub(r"\1\\\2", line)


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
