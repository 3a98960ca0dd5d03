"""A list of records, one row per record keyed by its id: the table every list screen uses.

Others' edits arrive while a member is reading a list, and the screen refills it. The cursor
follows the record the member chose, not the row number: another member's insert above it
must not move the highlight to someone else (the chair marking attendance would mark the wrong
organisation).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Self

from rich.console import RenderableType
from rich.text import Text
from textual.widgets import DataTable

from .plain import plain_cells

Row = tuple[str, Sequence[RenderableType]]
"""A record id and the cells shown for it."""

ColumnSpec = str | tuple[str, int | None]
"""A column heading, or a heading and a fixed width."""

DAMAGED_MARK = "! damaged "
"""Starts the row of a record with a value that does not fit its field (words, not colour)."""


class RecordTable(DataTable[RenderableType]):
    """A row-cursor table whose rows are keyed by record id.

    ``refill`` replaces the rows (and, if given, the columns) and puts the cursor back on the
    record it was on; if that record is gone (removed elsewhere, or filtered out) the cursor
    stays at the same height, so the member's place in a long list is kept. When the same
    records are listed in the same order, only the cells that changed are repainted: a refill
    after one key press stays quick on a list of hundreds.
    """

    def __init__(self, *columns: ColumnSpec, id: str | None = None,
                 classes: str | None = None, zebra_stripes: bool = False) -> None:
        super().__init__(cursor_type="row", id=id, classes=classes, zebra_stripes=zebra_stripes)
        self._shown: dict[str, list[Text]] = {}
        self._unmarked: dict[str, list[Text]] = {}
        self._damaged: frozenset[str] = frozenset()
        self._add_columns(columns)

    def _add_columns(self, columns: Iterable[ColumnSpec]) -> None:
        for column in columns:
            label, width = (column, None) if isinstance(column, str) else column
            self.add_column(label, width=width)

    @property
    def selected_id(self) -> str | None:
        """The id of the highlighted record, or None when the list is empty."""
        if not self.row_count:
            return None
        row = min(max(self.cursor_row, 0), self.row_count - 1)
        return self.ordered_rows[row].key.value

    def shows(self, record_id: str) -> bool:
        return record_id in self.rows

    def select(self, record_id: str) -> bool:
        """Highlight a record; False (and nothing moves) when it is not in the list."""
        if record_id not in self.rows:
            return False
        self.move_cursor(row=self.get_row_index(record_id))
        return True

    def refill(self, rows: Iterable[Row], *, columns: Sequence[ColumnSpec] | None = None,
               keep: str | None = None) -> None:
        """Show these rows, keeping the cursor on the same record (or on ``keep`` if given).
        Cells are stored text: shown literally, never as markup or terminal codes."""
        self._unmarked = {record_id: plain_cells(*cells) for record_id, cells in rows}
        wanted = self._with_marks()
        if columns is None and list(wanted) == list(self._shown):
            self._repaint_changed(wanted)
            if keep is not None:
                self.select(keep)
            return
        keep = keep or self.selected_id
        height = self.cursor_row
        self.clear(columns=columns is not None)
        if columns is not None:
            self._add_columns(columns)
        for record_id, cells in wanted.items():
            self.add_row(*cells, key=record_id)
        self._shown = wanted
        if keep is not None and self.select(keep):
            return
        if self.row_count:
            self.move_cursor(row=min(max(height, 0), self.row_count - 1))

    def mark_damaged(self, record_ids: frozenset[str]) -> None:
        """Rows of these records start with ``DAMAGED_MARK`` (the section's banner says what
        is wrong); the section calls this whenever the damaged records change."""
        if record_ids == self._damaged:
            return
        self._damaged = record_ids
        if self._shown:
            self._repaint_changed(self._with_marks())

    def _with_marks(self) -> dict[str, list[Text]]:
        return {record_id: [Text(DAMAGED_MARK) + cells[0], *cells[1:]]
                if record_id in self._damaged and cells else cells
                for record_id, cells in self._unmarked.items()}

    def _repaint_changed(self, wanted: dict[str, list[Text]]) -> None:
        keys = [column.key for column in self.ordered_columns]
        for record_id, cells in wanted.items():
            before = self._shown[record_id]
            for index, now in enumerate(cells):
                if index >= len(before) or before[index] != now:
                    self.update_cell(record_id, keys[index], now)
        self._shown = wanted

    def clear(self, columns: bool = False) -> Self:
        self._shown = {}
        self._unmarked = {}
        return super().clear(columns)

    def step_down(self) -> None:
        """Move to the next record, if there is one (after marking or commenting a row)."""
        if self.cursor_row < self.row_count - 1:
            self.move_cursor(row=self.cursor_row + 1)


def fit(text: str, width: int) -> str:
    """Shorten to a column's width with an ellipsis, so a cut name is seen to be cut."""
    return text if len(text) <= width else text[: width - 1] + "…"
