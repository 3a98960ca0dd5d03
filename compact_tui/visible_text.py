"""Text from the data file made safe to show: the one rule screens and the CLI both follow.

Whatever a member, a script, a returned form or a sync accident wrote is shown as the
characters it is. Terminal control characters (escape sequences that rename or clear the
terminal, write the clipboard, ring the bell) and the bidirectional formatting characters that
reorder what follows them ("Trojan Source") would otherwise act on the reader's terminal, so
they are replaced by visible placeholders: ``\\x1b`` shows as ``␛``, U+202E as ``⟨U+202E⟩``.
Newlines and tabs are kept. Markup is not this module's business: screens never parse stored
text as markup (``ui.widgets.plain``), and the CLI prints plain text.
"""

from __future__ import annotations

import re

_BIDI_FORMATTING = "\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_LINE_BREAKERS = "\u2028\u2029\u0085"
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\x80-\x9f" + _BIDI_FORMATTING + _LINE_BREAKERS + "\ufeff]")


def _placeholder(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ␛ ␇ ␍ ...
    if code == 0x7F:
        return "␡"
    return f"⟨U+{code:04X}⟩"


def visible(value: object) -> str:
    """``value`` as text a terminal shows and does not obey (non-text values as ``str()``)."""
    text = value if isinstance(value, str) else str(value if value is not None else "")
    return _UNSAFE.sub(_placeholder, text)


def _same_width_placeholder(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "␡" if code == 0x7F else "\ufffd"


def visible_in_place(text: str) -> str:
    """Like ``visible`` but one character for one, for text being edited: the cursor and
    every offset stay where they were (bidi and other controls show as ``\ufffd``)."""
    return _UNSAFE.sub(_same_width_placeholder, text)


def is_visible(text: str) -> bool:
    """True when ``text`` holds nothing ``visible`` would replace."""
    return _UNSAFE.search(text) is None
