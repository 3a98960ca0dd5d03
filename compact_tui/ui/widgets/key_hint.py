"""A line of key hints under a form or list, spelt from the key table and the user's keymap."""

from __future__ import annotations

import contextlib
from typing import Any

from textual._context import NoActiveAppError
from textual.widgets import Static

from ..keys import keys_hint


class KeyHint(Static):
    """``KeyHint(("Tab", "next field"), ("back", "cancel"))``: see ``keys.keys_hint``."""

    def __init__(self, *parts: tuple[str, str], **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self.parts = parts
        self.filled = False
        # made while the app composes a screen: filled at once, so it shows with the screen
        with contextlib.suppress(NoActiveAppError):
            self._fill()

    def _fill(self) -> None:
        self.update(keys_hint(self.app, *self.parts))
        self.filled = True

    def on_mount(self) -> None:
        if not self.filled:
            self._fill()
