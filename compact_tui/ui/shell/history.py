"""A record's history: who changed which fields, and when, newest first.

Any record screen opens it with ``self.compact.show_history(table, record_id)`` (key h).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from ...domain.dates import format_moment
from ...store import Store
from ...store.views import describe_record, history_entries
from ..keys import bind, key_label
from ..widgets.plain import plain_cells, template
from .app_access import UsesApp


class HistoryScreen(UsesApp, ModalScreen[None]):
    CSS_PATH = "history.tcss"
    BINDINGS = [bind("back", "dismiss", "Close"), bind("history", "dismiss", "Close", show=False),
                bind("close", "dismiss", "Close", show=False)]

    def __init__(self, table: str, record_id: str) -> None:
        super().__init__()
        self.table_name = table
        self.record_id = record_id

    @property
    def store(self) -> Store:
        return self.compact.store

    def compose(self) -> ComposeResult:
        entries = history_entries(self.store, self.table_name, self.record_id)
        with Vertical(id="history-box"):
            label = describe_record(self.store, self.table_name, self.record_id)
            yield Static(template("[b]History[/b] · $label", label=label),
                         id="history-title")
            table: DataTable[Text] = DataTable(id="history-table", cursor_type="row",
                                              zebra_stripes=True)
            table.add_column("When", width=22)
            table.add_column("Who", width=16)
            table.add_column("Fields changed")
            for entry in entries:
                table.add_row(*plain_cells(format_moment(entry.at), entry.by, entry.fields_text))
            yield table
            if not entries:
                yield Static("No changes recorded for this record yet.", classes="hint")
            yield Static(f"{key_label(self.app, 'back')} closes. Values that clashed are kept "
                         "on the Conflicts screen (key "
                         f"{key_label(self.app, 'section.conflicts')}).", classes="hint")

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
