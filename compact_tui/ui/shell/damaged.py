"""Damaged records: every stored record with a value that does not fit its field, to repair
or remove. Reached from the palette (ctrl+p, "Damaged records"); each section's banner points
here. Enter opens the repair form, Delete removes the record after asking."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ...domain.damaged import DamagedRecord
from ...store import StoreError
from ..keys import bind
from ..widgets.record_table import RecordTable
from .app_access import UsesApp
from .confirm import ConfirmScreen
from .section import FollowsEdits

KEY_SEPARATOR = "\x1f"


class DamagedScreen(UsesApp, FollowsEdits, ModalScreen[None]):
    CSS_PATH = "damaged.tcss"
    BINDINGS = [bind("back", "dismiss", "Close"),
                bind("remove", "remove", "Remove (asks)")]

    def compose(self) -> ComposeResult:
        with Vertical(id="damaged-box"):
            yield Static("[b]Damaged records[/b]: a value that does not fit its field. The "
                         "app shows the rest of each record; nothing was changed.",
                         id="damaged-title")
            yield RecordTable(("Record", 22), ("What is wrong", 34), ("Changed by", 14),
                              id="damaged-table")
            yield Static("", id="damaged-none")
            yield Static("Enter: repair · Delete: remove (asks first) · Escape: close",
                         classes="hint")

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one(RecordTable).focus()

    def refresh_data(self) -> None:
        found = self.services.damaged.find()
        self.found = {f"{d.table}{KEY_SEPARATOR}{d.record_id}": d for d in found}
        self.query_one(RecordTable).refill(
            (key, (f"{d.noun} {d.label}".strip(),
                   "; ".join(p.describe() for p in d.problems), d.updated_by))
            for key, d in self.found.items())
        self.query_one("#damaged-none", Static).update(
            "" if found else "No damaged records: every record fits its fields.")

    def chosen(self) -> DamagedRecord | None:
        key = self.query_one(RecordTable).selected_id
        return self.found.get(key) if key else None

    def on_data_table_row_selected(self) -> None:
        from .repair_damaged import RepairScreen

        damaged = self.chosen()
        if damaged is None:
            return

        def done(message: str | None) -> None:
            if message:
                self.notify(message, timeout=6, markup=False)
            self.compact.refresh_screen()

        self.app.push_screen(RepairScreen(damaged), done)

    def action_remove(self) -> None:
        damaged = self.chosen()
        if damaged is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.services.damaged.remove(damaged)
            except StoreError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.notify(f"Removed the damaged {damaged.noun}. Restore a backup brings it "
                        "back if it was needed.", timeout=8, markup=False)
            self.compact.refresh_screen()

        self.app.push_screen(ConfirmScreen(
            f"Remove this damaged {damaged.noun}?",
            f"{damaged.describe()}. Removing it removes it for every member.",
            yes="remove it"), answered)
