"""Keys sent to an app all at once, as a paste through tmux or a slow ssh link delivers them.

``Pilot.press`` waits for the app to go idle after every key, so it never shows keys
overtaking each other; ``burst`` puts every key in the app's queue in one go, as the terminal
driver's thread does when bytes arrive together.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.widget import Widget
from textual.widgets import Input, TextArea

from tests.waiting import wait_until

# Letters the screens below a form bind (n new, e edit, h history, ? help, digits switch
# section), punctuation and capitals: any of them leaking out of a field shows.
PHRASE = "Lee Chan, Trustee of Active Brentwood (item 5); n e h ? 1 2 3 - 'ok' & more. "


def key_event(key: str) -> events.Key:
    """The event Textual's driver makes for ``key`` (a name such as "tab" or one character)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        character: str | None = unicodedata.lookup(
            _get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        character = key if len(key) == 1 else None
    return events.Key(key, character)


def burst(app: Any, keys: list[str]) -> None:
    """Every key into the app's queue at once, in order."""
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)


def keys_for(text: str) -> list[str]:
    return ["enter" if character == "\n" else character for character in text]


@dataclass
class Field:
    widget: Widget
    typed: str
    expected: str


def plan_burst(screen: Any, total: int = 500) -> tuple[list[str], list[Field]]:
    """Keys filling every text field from the focused one on, with a Tab after each field
    (and past every other stop: lists, checkboxes, buttons), at least ``total`` in all;
    and what each field must then hold."""
    chain = list(screen.focus_chain)
    stops = chain[chain.index(screen.focused):]
    boxes = [w for w in stops if isinstance(w, Input)
             or (isinstance(w, TextArea) and not w.read_only)]
    assert boxes, f"{type(screen).__name__} has no text field to type into"
    per_field = max(12, (total - len(stops)) // len(boxes) + 1)
    keys: list[str] = []
    fields: list[Field] = []
    for number, widget in enumerate(stops, start=1):
        if widget in boxes:
            if isinstance(widget, Input) and widget.type in ("integer", "number"):
                text = ("1234567890" * per_field)[:per_field]
            else:
                text = (f"F{number} " + PHRASE * (per_field // len(PHRASE) + 1))[:per_field]
                if isinstance(widget, TextArea):
                    text = text[: per_field // 2] + "\n" + text[per_field // 2:]
            fields.append(Field(widget, text, _after_typing(widget, text)))
            keys += keys_for(text)
        keys.append("tab")
    return keys, fields


def _after_typing(widget: Widget, text: str) -> str:
    """What the field holds once ``text`` is typed after Tab reaches it."""
    if isinstance(widget, Input):
        if widget.max_length:
            text = text[: widget.max_length]
        if widget.select_on_focus or not widget.value:
            return text
        return widget.value[: widget.cursor_position] + text + widget.value[
            widget.cursor_position:]
    assert isinstance(widget, TextArea)
    at = widget.document.get_index_from_location(widget.cursor_location)
    return widget.text[:at] + text + widget.text[at:]


def held_text(widget: Widget) -> str:
    return widget.text if isinstance(widget, TextArea) else widget.value  # type: ignore[attr-defined]


async def wait_for_keys(pilot: Any, timeout: float = 60.0) -> None:
    """Until every key sent has been delivered and handled."""
    await wait_until(pilot, pilot.app.keys_settled, timeout=timeout)
