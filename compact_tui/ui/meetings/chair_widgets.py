"""The pieces chair mode is drawn with: the minutes box, an agenda row with its clock, and a
line for a record (declaration, decision, action) shown under the minutes."""

from __future__ import annotations

from textual import events
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import ListItem, Static

from ...domain.quick_entry import is_quick_entry_line
from ..widgets.plain import plain
from ..widgets.shared_text import SharedTextArea


class MinutesArea(SharedTextArea):
    """The minutes of one item; tells the screen when a quick-entry line is finished."""

    class QuickLine(Message):
        """Enter was pressed at the end of a line starting with #action, #agreed, ..."""

    async def _on_key(self, event: events.Key) -> None:
        line = ""
        if event.key == "enter" and not self.read_only:
            row = self.cursor_location[0]
            line = self.document.get_line(row)
        await super()._on_key(event)
        if line and is_quick_entry_line(line):
            self.post_message(self.QuickLine())


class AgendaRow(ListItem):
    """One agenda line: marker, number and title on the left, its clock on the right."""

    def __init__(self, item_id: str) -> None:
        self.title_label = Static("", classes="agenda-title", markup=False)
        self.clock_label = Static("", classes="agenda-clock")
        super().__init__(Horizontal(self.title_label, self.clock_label))
        self.item_id = item_id
        self.shown = ("", "")

    def show(self, title: str, clock: str) -> None:
        """Repaint only what changed: the clocks tick every second while someone types."""
        if (title, clock) == self.shown:
            return
        if title != self.shown[0]:
            self.title_label.update(plain(title), layout=False)  # one line, fixed width (tcss)
        if clock != self.shown[1]:
            # Fixed width (chair.tcss): no relayout of the whole screen every second.
            self.clock_label.update(clock, layout=False)
        self.shown = (title, clock)

    def show_state(self, **flags: bool) -> None:
        """The row's classes in one style update (each update restyles the row's widgets)."""
        wanted = {f"-{name}" for name, on in flags.items() if on}
        known = {f"-{name}" for name in flags}
        if wanted == self.classes & known:
            return
        self.remove_class(*(known - wanted), update=False)
        self.add_class(*wanted, update=False)
        self.update_node_styles()


class RecordRow(ListItem):
    """One record shown under the minutes; ``key`` is (table, id) when it can be corrected."""

    def __init__(self, key: tuple[str, str] | None, text: str) -> None:
        self.key = key
        self.text = text
        super().__init__(Static(text, markup=False))

