"""A line of key hints under a form or list, spelt from the key table and the user's keymap."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from ..keys import keys_hint


class KeyHint(Static):
    """``KeyHint(("Tab", "next field"), ("back", "cancel"))``: see ``keys.keys_hint``."""

    def __init__(self, *parts: tuple[str, str], **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self.parts = parts

    def on_mount(self) -> None:
        self.update(keys_hint(self.app, *self.parts))
