"""The one way stored text reaches a screen: as plain text, never as markup or terminal codes.

Textual parses ``str`` as markup in ``Static``, ``Label``, ``DataTable`` cells, option lists,
border titles, palette hits and notifications, so ``[/]`` in a meeting title crashes a screen
and ``[@click=app.screenshot(...)]`` becomes a live link. Wrap every value that came from the
data file, a presence file, a returned form or a CSV in ``plain()`` (or ``plain_cell()`` for a
table); use ``template()`` to put stored values into a fixed, marked-up sentence, and
``PlainInput``/``PlainTextArea`` to edit stored text.
"""

from __future__ import annotations

from typing import Any

from rich.highlighter import Highlighter
from rich.text import Text
from textual.content import Content
from textual.widgets import Input, TextArea

from ...visible_text import is_visible, visible, visible_in_place


def plain(value: object) -> Content:
    """Stored text as Textual content: shown literally, control characters made visible."""
    return Content(visible(value))


def plain_cell(value: object, **text_options: Any) -> Text:
    """Stored text for a ``DataTable`` cell or a ``Select``/``Option`` prompt (a ``Text``
    the screen styled itself passes through once its characters are checked); options go to
    ``rich.text.Text`` (``overflow="ellipsis"``...)."""
    if isinstance(value, Text):
        return value if is_visible(value.plain) else Text(visible(value.plain), **text_options)
    return Text(visible(value), **text_options)


def plain_cells(*values: object) -> list[Text]:
    """A table row of stored values: ``table.add_row(*plain_cells(a, b, c), key=...)``."""
    return [plain_cell(value) for value in values]


def template(markup: str, **values: object) -> Content:
    """A fixed marked-up sentence with ``$name`` slots filled by stored text, literally."""
    return Content.from_markup(markup, **{key: visible(value) for key, value in values.items()})


class _ControlPictures(Highlighter):
    """Shows control characters in an ``Input`` one for one, so the cursor stays put."""

    def __call__(self, text: str | Text) -> Text:
        source = text if isinstance(text, Text) else Text(text)
        shown = source.copy()
        shown.plain = visible_in_place(source.plain)
        return shown

    def highlight(self, text: Text) -> None:
        """Nothing to colour: ``__call__`` does the work."""


class PlainInput(Input):
    """An ``Input`` for stored text: the value is kept exactly, control characters in it
    are shown as pictures rather than sent to the terminal."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("highlighter", _ControlPictures())
        super().__init__(*args, **kwargs)


class PlainTextArea(TextArea):
    """A ``TextArea`` for stored text, with control characters shown as pictures."""

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        line.plain = visible_in_place(line.plain)
        return line
