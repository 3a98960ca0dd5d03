"""Choose one of a few named options (a new status): arrows and Enter, Escape to leave it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..keys import bind
from ..widgets.key_hint import KeyHint


class ChoiceScreen(ModalScreen[str | None]):
    """Dismisses with the chosen option's key, or None."""

    DEFAULT_CSS = """
    ChoiceScreen { align: center middle; }
    ChoiceScreen #choice-box {
        width: 60; max-width: 100%; height: auto; border: round $primary;
        background: $surface; padding: 0 1;
    }
    ChoiceScreen #choice-question { text-style: bold; }
    ChoiceScreen OptionList { height: auto; max-height: 10; }
    ChoiceScreen .hint { color: $text-muted; }
    """
    BINDINGS = [bind("back", "cancel", "Back")]

    def __init__(self, question: str, options: list[tuple[str, str]]) -> None:
        super().__init__()
        self.question = question
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box"):
            yield Static(self.question, id="choice-question", markup=False)
            yield OptionList(*(Option(label, id=key) for key, label in self.options),
                             id="choice-list")
            yield KeyHint(("Arrows and Enter", "choose"), ("back", "leave it as it is"),
                         classes="hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
