"""The help screen: every key of the app and of the screen underneath, from the bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def _keys_of(bindings: list) -> list[tuple[str, str]]:
    rows = []
    for binding in bindings:
        if isinstance(binding, tuple):
            binding = Binding(*binding)
        keys = ", ".join(k.strip() for k in binding.key.split(","))
        keys = keys.replace("question_mark", "?")
        rows.append((keys, binding.description or binding.action))
    return rows


class HelpScreen(ModalScreen[None]):
    """Lists the keys; Escape, ? or F1 closes it."""

    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,question_mark,f1,q", "dismiss", "Close", id="help.close")]

    def __init__(self, underneath: Screen) -> None:
        super().__init__()
        self.underneath = underneath

    def compose(self) -> ComposeResult:
        from ..app import CompactApp

        lines = ["[b]Keys on this screen[/b]"]
        for keys, description in _keys_of(list(type(self.underneath).BINDINGS)):
            lines.append(f"  {keys:<18} {description}")
        lines.append("")
        lines.append("[b]Keys everywhere[/b]")
        for keys, description in _keys_of(list(CompactApp.BINDINGS)):
            lines.append(f"  {keys:<18} {description}")
        lines += ["  tab, shift+tab     Move between fields and panels",
                  "  enter              Open or choose the highlighted row",
                  "  escape             Close a form or go back",
                  "",
                  "Dates are typed as 03/12/2026 or 2026-12-03; times as 14:00."]
        with VerticalScroll(id="help-box"):
            yield Static("\n".join(lines), markup=True)
