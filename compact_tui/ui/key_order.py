"""Keys land in the field that has the focus at their point of the key stream, in order.

Textual hands each key to the focused widget's own queue and goes straight on to the next key.
A key the widget does not take (Tab, an Enter that moves on, a key that opens a dialog) travels
back up to the app, and only then does the focus move. Keys arriving in a burst (a paste through
tmux or a slow ssh link, a fast typist) had meanwhile been handed to the old field: "Lee
ChanTrustee of Active Brent", with "Trustee of Active Brent" meant for the next field.

So the app holds each key back until the previous key has been handled and everything it set
going has settled. The key is followed up the widgets it travels through (a callback queued
behind it in each widget's queue runs once that widget is done with it) until a widget keeps it
or the app has run its binding; then the app's queue and every widget's queue on the screen on
top must be empty (the focus has moved, a dialog is mounted and focused). A printable character
typed into a text box never moves the focus, so the key after it goes straight on, and typing
is as quick as before.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import deque
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.widget import Widget

HOLD_LIMIT = 5.0  # seconds: a screen that never settles delays keys, never loses them
RETRY_SECONDS = 0.001


def _waiting(pump: MessagePump) -> int:
    """Messages waiting in the pump's queue. One being handled is not counted (a handler that
    awaits hides it), which is why the key itself is followed too (``_follow_key``)."""
    return pump._message_queue.qsize()


def _is_text_box(widget: Widget | None) -> bool:
    """An ``Input``, or a ``TextArea`` one can type into. Read from the modules already
    loaded: a widget of a class never imported cannot have the focus, and importing the text
    area here would slow the start of every app that never shows one."""
    inputs = sys.modules.get("textual.widgets._input")
    if inputs is not None and isinstance(widget, inputs.Input):
        return True
    areas = sys.modules.get("textual.widgets._text_area")
    return areas is not None and isinstance(widget, areas.TextArea) and not widget.read_only


class KeysInOrder(App[Any]):
    """The app base that delivers keys (and pastes) one at a time; see the module docstring."""

    _held: deque[events.Key | events.Paste] | None = None
    _in_flight: events.Key | events.Paste | None = None  # delivered, not yet done with
    _previous_may_move_focus = False
    _release_scheduled = False
    _holding_since = 0.0

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            held = self._held
            if held is None:
                held = self._held = deque()
            if held or not self._ready_for_key():
                if not held:
                    self._holding_since = time.monotonic()
                held.append(event)
                self._schedule_release()
                return
            await self._deliver(event)
            return
        await super().on_event(event)
        if event is self._in_flight:  # came back up to the app, which has run its binding
            self._in_flight = None

    async def _deliver(self, event: events.Key | events.Paste) -> None:
        self._previous_may_move_focus = not self._types_into_text_box(event)
        target = self.focused or self.screen
        await super().on_event(event)
        if self._previous_may_move_focus and event.is_forwarded:
            self._in_flight = event
            target.call_later(self._follow_key, event, target)

    def _follow_key(self, event: events.Key | events.Paste, pump: MessagePump) -> None:
        """Runs in ``pump`` once it has handled ``event``: on to the widget it passed the key
        to, if it did (the app clears it itself once it has handled it)."""
        if event is not self._in_flight:
            return
        parent = pump._parent
        if parent is None or event not in parent._message_queue.values:
            self._in_flight = None  # kept (or dropped) here
        elif parent is not self:
            parent.call_later(self._follow_key, event, parent)

    def _types_into_text_box(self, event: events.Key | events.Paste) -> bool:
        """A character (or a paste) the focused text box takes in: it never moves the focus."""
        if isinstance(event, events.Key) and not event.is_printable:
            return False
        return _is_text_box(self.focused)

    def _ready_for_key(self) -> bool:
        return not self._previous_may_move_focus or (self._in_flight is None
                                                     and self._settled())

    def _settled(self) -> bool:
        """Nothing the previous key started is still under way."""
        if _waiting(self):
            return False
        try:
            screen = self.screen
        except Exception:  # no screen yet (starting) or any more (closing)
            return True
        return not any(_waiting(node) for node in screen.walk_children(with_self=True))

    def _schedule_release(self) -> None:
        if not self._release_scheduled:
            self._release_scheduled = True
            self.call_later(self._release_held)

    def _retry_soon(self) -> None:
        """Look again in a moment, letting the widgets' own tasks run meanwhile."""
        self._release_scheduled = True

        def post() -> None:
            self._release_scheduled = False
            self._schedule_release()

        asyncio.get_running_loop().call_later(RETRY_SECONDS, post)

    async def _release_held(self) -> None:
        self._release_scheduled = False
        held = self._held
        while held:
            waited = time.monotonic() - self._holding_since
            if not self._ready_for_key() and waited < HOLD_LIMIT:
                self._retry_soon()
                return
            self._in_flight = None
            await self._deliver(held.popleft())
            self._holding_since = time.monotonic()

    def keys_settled(self) -> bool:
        """No key held back, and nothing the last one started still under way."""
        return not self._held and self._in_flight is None and self._settled()
