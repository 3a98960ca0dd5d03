"""Settle one conflict: both values in full, who made each and when; keep one or merge them."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static, TextArea

from ...domain.dates import format_moment
from ...store.views import ConflictView, conflict_view, show_value
from ..keys import bind, key_label
from ..widgets.plain import PlainTextArea, plain, template
from .app_access import UsesApp
from .section import FollowsEdits

KEEP_CURRENT = object()  # "keep": whatever the field holds when the person decides


class SettleConflictScreen(UsesApp, FollowsEdits,
                           ModalScreen[tuple[ConflictView, Any] | None]):
    """Dismisses with (conflict, chosen value or ``KEEP_CURRENT``), or None to go back.

    It follows the record while open: "Kept for now" is always the field's current value, so
    keeping it never writes back text someone changed after the dialog opened.
    """

    CSS_PATH = "settle_conflict.tcss"
    BINDINGS = [
        bind("back", "cancel", "Back"),
        bind("save", "save_merged", "Save merged text"),
    ]

    def __init__(self, conflict: ConflictView, *, start_merging: bool = False) -> None:
        super().__init__()
        self.conflict = conflict
        self.start_merging = start_merging and conflict.is_text

    def compose(self) -> ComposeResult:
        view = self.conflict
        kept_label, other_label = ("Keep the record", "Delete it") if view.is_deletion else (
            f"Keep {view.kept_by}'s", f"Take {view.other_by}'s")
        with Vertical(id="settle-box"):
            yield Static(template("[b]$what[/b]: $field", what=view.what,
                                  field=view.field_name), id="settle-title")
            with VerticalScroll(id="settle-values"):
                yield Label(plain(self._kept_label(view)), id="settle-kept-who",
                            classes="settle-who")
                yield Static(plain(show_value(view.kept_value)), id="settle-kept",
                             classes="settle-value")
                yield Label(plain(f"Other value, by {view.other_by}, "
                                  f"{format_moment(view.other_at)}:"), classes="settle-who")
                yield Static(plain(show_value(view.other_value)), id="settle-other",
                             classes="settle-value")
            merged = PlainTextArea(self._merge_start(), id="settle-merged", soft_wrap=True)
            merged.display = self.start_merging
            yield merged
            with Horizontal(id="settle-buttons"):
                yield Button(plain(kept_label), id="settle-keep", variant="primary")
                yield Button(plain(other_label), id="settle-take-other")
                if view.is_text:
                    yield Button("Write merged text", id="settle-merge")
                yield Button("Back", id="settle-back")

    @staticmethod
    def _kept_label(view: ConflictView) -> str:
        return f"Kept for now, by {view.kept_by}, {format_moment(view.kept_at)}:"

    def refresh_data(self) -> None:
        """Others' edits arrived: show the field's value as it is now."""
        row = self.compact.store.get("_conflicts", self.conflict.id)
        if row is None:
            return
        self.conflict = conflict_view(self.compact.store, row)
        self.query_one("#settle-kept-who", Label).update(plain(self._kept_label(self.conflict)))
        self.query_one("#settle-kept", Static).update(plain(show_value(
            self.conflict.kept_value)))

    def _merge_start(self) -> str:
        view = self.conflict
        if not view.is_text:
            return ""
        if view.is_long:
            save = key_label(self.app, "save")
            return (f"{view.kept_value}\n\n--- {view.other_by}'s version (edit, then {save}) "
                    f"---\n{view.other_value}")
        return str(view.kept_value)

    def on_mount(self) -> None:
        if self.start_merging:
            self._start_merging()
        else:
            self.query_one("#settle-keep", Button).focus()

    def _start_merging(self) -> None:
        area = self.query_one("#settle-merged", TextArea)
        area.display = True
        self.query_one("#settle-values").styles.max_height = 8
        if self.query("#settle-merge"):
            button = self.query_one("#settle-merge", Button)
            button.label = "Save merged text"
        area.move_cursor(area.document.end)
        area.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        view = self.conflict
        if event.button.id == "settle-keep":
            self.dismiss((view, KEEP_CURRENT))
        elif event.button.id == "settle-take-other":
            self.dismiss((view, view.other_value))
        elif event.button.id == "settle-merge":
            if self.query_one("#settle-merged", TextArea).display:
                self.action_save_merged()
            else:
                self._start_merging()
        else:
            self.dismiss(None)

    def action_save_merged(self) -> None:
        area = self.query_one("#settle-merged", TextArea)
        if not area.display:
            return
        self.dismiss((self.conflict, area.text))

    def action_cancel(self) -> None:
        self.dismiss(None)
