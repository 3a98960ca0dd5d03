"""The help screen: every key of the app and of the screen underneath, from the bindings.

Each line shows the key as it is now (after the user's ``keys:`` settings), what it does here,
and the name to use in the settings file to move it.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ..keys import active_keys, bind, shown_key


def _keys_of(app: object, bindings: Sequence[BindingType]) -> list[tuple[str, str, str]]:
    rows = []
    for binding in bindings:
        if isinstance(binding, tuple):
            binding = Binding(*binding)
        keys = active_keys(app, binding.id or "", binding.key)
        rows.append((", ".join(shown_key(key) for key in keys),
                     binding.description or binding.action, binding.id or ""))
    return rows


class HelpScreen(ModalScreen[None]):
    """Lists the keys; Escape, ? or F1 closes it."""

    CSS_PATH = "help.tcss"
    BINDINGS = [bind("back", "dismiss", "Close"), bind("help", "dismiss", "Close", show=False),
                bind("close", "dismiss", "Close", show=False)]

    def __init__(self, underneath: Screen, everywhere: Sequence[BindingType]) -> None:
        super().__init__()
        self.underneath = underneath
        self.everywhere = everywhere

    def compose(self) -> ComposeResult:
        lines = [Content.styled("Keys on this screen", "bold")]
        own = [binding for cls in reversed(type(self.underneath).__mro__)
               if cls.__module__.startswith("compact_tui") for binding in
               vars(cls).get("BINDINGS", [])]
        lines += self._lines(own) or [Content("  (only the keys below)")]
        lines += [Content(""), Content.styled("Keys everywhere", "bold")]
        lines += self._lines(self.everywhere)
        lines += [Content(line) for line in (
            "  tab, shift+tab      Move between fields and panels",
            "  ctrl+p              Palette: jump to a record; Restore a backup",
            "",
            "Dates are typed as 03/12/2026 or 2026-12-03; times as 14:00.",
            "Move a key in the settings file, e.g.  keys: {export: ctrl+e}",
            "(the name is the last word on each line above).")]
        with VerticalScroll(id="help-box"):
            yield Static(Content("\n").join(lines))

    def _lines(self, bindings: Sequence[BindingType]) -> list[Content]:
        """Plain text: descriptions are ours, but nothing here is read as markup."""
        return [Content(f"  {keys:<19} {description}  ") + Content.styled(name, "dim")
                for keys, description, name in _keys_of(self.app, list(bindings))]
