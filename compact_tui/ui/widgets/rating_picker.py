"""A one-line choice among a few ratings, driven by the keyboard: digits pick, arrows move.

The chosen rating is marked "(•)" and bold, so it reads the same without colour.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ...content import Rating
from ..keys import bind


class RatingPicker(Widget, can_focus=True):
    DEFAULT_CSS = """
    RatingPicker { height: auto; width: 1fr; padding: 0 1; }
    RatingPicker:focus { background: $boost; text-style: none; }
    RatingPicker:disabled { color: $text-muted; }
    """
    BINDINGS = [
        bind("next_choice", "move(1)", "Next rating", show=False),
        bind("previous_choice", "move(-1)", "Previous rating", show=False),
        bind("clear_value", "clear", "Clear rating", show=False),
        *(Binding(str(n), f"pick({n})", f"Rating {n}", id=f"rating.pick{n}", show=False)
          for n in range(1, 10)),
    ]

    value: reactive[str] = reactive("", layout=True)

    class Changed(Message):
        """The person chose a rating ("" when cleared)."""

        def __init__(self, picker: RatingPicker, value: str) -> None:
            super().__init__()
            self.picker = picker
            self.value = value

        @property
        def control(self) -> RatingPicker:
            return self.picker

    def __init__(self, ratings: Sequence[Rating], value: str = "", *, item_id: str = "",
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.ratings = tuple(ratings)
        self.item_id = item_id
        self.set_reactive(RatingPicker.value, value)

    def _keys(self) -> list[str]:
        return [r.key for r in self.ratings]

    def choose(self, value: str) -> None:
        """Set the rating as the person's choice: posts ``Changed``."""
        if value != self.value:
            self.value = value
            self.post_message(self.Changed(self, value))

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self.ratings):
            self.choose(self.ratings[number - 1].key)

    def action_move(self, step: int) -> None:
        keys = self._keys()
        if self.value in keys:
            index = min(max(keys.index(self.value) + step, 0), len(keys) - 1)
        else:
            index = 0 if step > 0 else len(keys) - 1
        self.choose(keys[index])

    def action_clear(self) -> None:
        self.choose("")

    def on_click(self) -> None:
        if not self.disabled:
            self.action_move(1)

    def options(self) -> list[Text]:
        found = []
        for number, rating in enumerate(self.ratings, start=1):
            chosen = rating.key == self.value
            mark = "(•)" if chosen else "( )"
            found.append(Text(f"{mark} {number} {rating.label}",
                              style="bold" if chosen else ""))
        return found

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def _lines(self, width: int) -> list[Text]:
        """The options laid out in as few lines as fit, never splitting one option."""
        lines = [Text("▸ " if self.has_focus else "  ")]
        for option in self.options():
            current = lines[-1]
            if len(current) > 2 and current.cell_len + 2 + option.cell_len > width:
                lines.append(Text("  ").append_text(option))
            else:
                current.append("  " if len(current) > 2 else "")
                current.append_text(option)
        return lines

    def render(self) -> Text:
        return Text("\n").join(self._lines(max(self.size.width, 20)))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))
