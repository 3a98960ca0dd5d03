"""The text area for every long field several members may type into at once.

It remembers the text it last took from the store (its base). Typing is handed to the store
within a few tens of milliseconds as an edit on that base (``Store.edit_text`` merges it into
whatever the field holds by then), so the local journal has every key within 100 ms; others'
edits arriving meanwhile are merged into the text on screen, keeping the member's cursor and
the words they have not yet handed over. It never writes back text it did not change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.timer import Timer
from textual.widgets import TextArea
from textual.widgets.text_area import Document, Selection

from ...store.text_merge import diff_ops, moved_index, three_way
from .plain import PlainTextArea

FLUSH_SECONDS = 0.02  # typing reaches the journal well within 100 ms of each key


@dataclass(frozen=True)
class TextBinding:
    """Where the text lives and how to read and write it (the screen asks its domain)."""

    key: tuple[str, ...]
    read: Callable[[], str]
    write: Callable[[str, str], str]  # (base, text) -> the field's text afterwards
    place: dict[str, Any] | None = None  # where this is, so a crash can reopen here


class SharedTextArea(PlainTextArea):
    """A ``TextArea`` bound to one stored text field (control characters in it shown as
    pictures); see the module docstring."""

    def __init__(self, text: str = "", *, hold: bool = False, **kwargs: Any) -> None:
        """``hold``: in a form, what the member types waits for the form's save (``flush``)
        and is dropped if they cancel; others' words are still merged in as they arrive."""
        kwargs.setdefault("soft_wrap", True)
        super().__init__(text, **kwargs)
        self.hold = hold
        self.cursor_blink = False  # a steady cursor: no repaint twice a second over ssh
        self.binding: TextBinding | None = None
        self.base = ""
        self.problem: str | None = None
        self._flush_timer: Timer | None = None
        self.on_write_error: Callable[[Exception], bool] | None = None

    # ----------------------------------------------------------------- binding

    def bind(self, binding: TextBinding | None, cursor: tuple[int, int] | None = None, *,
             keep_text: bool = False) -> None:
        """Show another field's text (after handing over what was typed in the last one);
        ``keep_text`` unbinds but leaves the text on screen (its field is gone)."""
        self.flush()
        if self.binding is not None and self.binding.place is not None:
            self._note_place(None)
        self.binding = binding
        if keep_text:
            self.base = self.text
            return
        self.base = binding.read() if binding else ""
        self.load_text(self.base)
        self.move_cursor(cursor if cursor is not None else self.document.end)

    @property
    def unsaved(self) -> bool:
        return self.binding is not None and self.text != self.base

    # ----------------------------------------------------------------- writing

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area is not self or self.hold:
            return
        if self.unsaved and self._flush_timer is None:
            self._flush_timer = self.set_timer(FLUSH_SECONDS, self._timed_flush)

    def _timed_flush(self) -> None:
        self._flush_timer = None
        self.flush()

    def flush(self) -> bool:
        """Hand what was typed to the store now; False if it could not be stored."""
        if self._flush_timer is not None:
            self._flush_timer.stop()
            self._flush_timer = None
        if not self.unsaved or self.binding is None:
            return True
        typed = self.text
        try:
            stored = self.binding.write(self.base, typed)
        except Exception as error:
            handler = self.on_write_error
            if handler is None:
                raise
            if str(error) != self.problem and not handler(error):
                raise
            self.problem = str(error)  # said once, not again on every keystroke
            return False
        self.problem = None
        self.base = stored
        if stored != typed:
            self._show(typed, stored)
        if self.binding.place is not None:
            self._note_place({**self.binding.place, "cursor": list(self.cursor_location)})
        return True

    def flush_pending_edits(self) -> None:
        """After an unexpected error elsewhere: what was typed goes to the store now."""
        self.flush()

    def _note_place(self, place: dict[str, Any] | None) -> None:
        store = getattr(self.app, "store", None)
        if store is not None:
            store.note_place(place)

    def on_unmount(self) -> None:
        """Leaving the screen: whatever was typed goes now (unless a form holds it: closing
        without saving drops it), and this is no longer the place."""
        try:
            if not self.hold:
                self.flush()
        finally:
            if self.binding is not None and self.binding.place is not None:
                self._note_place(None)

    # ----------------------------------------------------------------- reading

    def pull(self) -> None:
        """Take in others' edits of this field, keeping the cursor and what is being typed."""
        if self.binding is None:
            return
        if self.unsaved and not self.hold:
            self.flush()
            return
        stored = self.binding.read()
        if stored != self.base:
            wanted = three_way(self.base, self.text, stored)[0] if self.unsaved else stored
            self._show(self.text, wanted)
            self.base = stored

    def _show(self, shown: str, wanted: str) -> None:
        """Turn the text on screen into ``wanted`` by small edits, so the cursor stays with
        the member's own words (``moved_index``: others' words arriving right at the cursor
        go after it)."""
        document = self.document
        assert isinstance(document, Document)  # a TextArea's document is always one
        start_at, end_at = (document.get_index_from_location(location)
                            for location in self.selection)
        for start, end, replacement in reversed(diff_ops(shown, wanted)):
            self.replace(replacement, document.get_location_from_index(start),
                         document.get_location_from_index(end))
        self.selection = Selection(
            document.get_location_from_index(moved_index(start_at, shown, wanted)),
            document.get_location_from_index(moved_index(end_at, shown, wanted)))
