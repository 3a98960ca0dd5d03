"""Conflicts: two members changed the same thing at once; a person decides what stays.

Each row is one clash: the record (as people know it), the field, the value that was kept for
now and the other one, with who made each and when. Settling one (keep the kept value, take
the other, or write a merged text) is an ordinary edit, synced like any other.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from ...domain.dates import format_moment
from ...store import StoreError
from ...store.views import ConflictView, conflict_views, show_value
from ..keys import bind, key_label
from ..widgets.plain import template
from ..widgets.record_table import RecordTable, fit
from .section import SectionScreen
from .settle_conflict import KEEP_CURRENT, SettleConflictScreen


def _short(value: object, width: int) -> str:
    return fit(" ".join(show_value(value).split()), width)


class ConflictsScreen(SectionScreen):
    SECTION = "conflicts"
    CSS_PATH = "conflicts.tcss"
    BINDINGS = [
        bind("select", "settle", "Settle…"),
        bind("keep", "keep", "Keep kept value"),
        bind("take_other", "take_other", "Take other value"),
        bind("write_merged", "merge", "Write merged text"),
        bind("history", "history", "Record history"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._views: dict[str, ConflictView] = {}

    def compose_body(self) -> ComposeResult:
        yield Static(id="conflicts-summary")
        yield RecordTable(("Record", 20), ("Field", 10), ("Kept for now", 14),
                          ("Other value", 14), ("Other by", 10), id="conflicts-table",
                          zebra_stripes=True, classes="body")
        yield Static(id="conflicts-detail")

    def on_mount(self) -> None:
        self.table.focus()

    def refresh_data(self) -> None:
        views = conflict_views(self.compact.store)
        self._views = {view.id: view for view in views}
        self.table.refill((view.id, [_short(view.what, 20), _short(view.field_name, 10),
                                     _short(view.kept_value, 14), _short(view.other_value, 14),
                                     _short(view.other_by, 10)])
                          for view in views)
        summary = self.query_one("#conflicts-summary", Static)
        if views:
            summary.update(f"{len(views)} conflict{'s' if len(views) != 1 else ''} to settle. "
                           f"{key_label(self.app, 'select')}: see both values and choose; "
                           f"{key_label(self.app, 'keep')} keeps the kept value, "
                           f"{key_label(self.app, 'take_other')} takes the other.")
        else:
            summary.update("No conflicts: every edit from every member merged cleanly.")
        self._show_detail()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#conflicts-table", RecordTable)

    def selected(self) -> ConflictView | None:
        selected_id = self.table.selected_id
        return self._views.get(selected_id) if selected_id else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_settle()

    def _show_detail(self) -> None:
        detail = self.query_one("#conflicts-detail", Static)
        view = self.selected()
        if view is None:
            detail.update("")
            return
        detail.update(template(
            "[b]$what[/b], $field\nKept for now: $kept  ($kept_who)\n"
            "Other value:  $other  ($other_who)",
            what=view.what, field=view.field_name, kept=_short(view.kept_value, 60),
            kept_who=f"{view.kept_by}, {format_moment(view.kept_at)}",
            other=_short(view.other_value, 60),
            other_who=f"{view.other_by}, {format_moment(view.other_at)}"))

    # ------------------------------------------------------------------ settling

    def action_settle(self) -> None:
        view = self.selected()
        if view is not None:
            self.app.push_screen(SettleConflictScreen(view), self._settled)

    def action_keep(self) -> None:
        view = self.selected()
        if view is not None:
            self._settle(view, KEEP_CURRENT)

    def action_take_other(self) -> None:
        view = self.selected()
        if view is not None:
            self._settle(view, view.other_value)

    def action_merge(self) -> None:
        view = self.selected()
        if view is None:
            return
        if not view.is_text:
            self.notify("Only text can be merged by hand; keep one value or the other.",
                        severity="warning")
            return
        self.app.push_screen(SettleConflictScreen(view, start_merging=True), self._settled)

    def action_history(self) -> None:
        view = self.selected()
        if view is not None:
            self.compact.show_history(view.table, view.record_id)

    def _settled(self, result: tuple[ConflictView, object] | None) -> None:
        if result is not None:
            self._settle(*result)

    def _settle(self, view: ConflictView, value: object) -> None:
        """``KEEP_CURRENT`` settles on the field as it is now, writing nothing to it."""
        keep = value is KEEP_CURRENT
        try:
            self.compact.store.settle_conflict(view.id, None if keep else value,
                                               keep_current=keep)
        except StoreError as error:
            self.notify(f"Could not settle it: {error}", severity="error")
            return
        if keep:
            value = (self.compact.store.get(view.table, view.record_id) or {}).get(
                view.field, view.kept_value)
        self.notify(f"Settled: {view.what}, {view.field_name} is now "
                    f"{_short(value, 40)}.", timeout=5)
        self.refresh_data()
        self.compact.refresh_chrome()
