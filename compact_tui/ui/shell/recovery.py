"""Carrying on after an error nobody expected: what holds unsaved typing, which screens stopped.

Textual stops a widget's or screen's message loop when one of its handlers raises, so that
screen no longer answers keys; the app rebuilds such a screen from the store (which holds
every edit) instead of stopping altogether. What a member typed but had not yet handed to the
store is handed over first, so it reaches the journal whatever happens next.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Protocol, runtime_checkable

from textual.dom import DOMNode
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widget import Widget

from ..widgets.chrome import SECTIONS
from .section import SectionScreen

SECTION_TITLES = {mode: title for _key, mode, title in SECTIONS}


@runtime_checkable
class HoldsPendingEdits(Protocol):
    """A widget or screen holding typing not yet handed to the store (it waits a moment)."""

    def flush_pending_edits(self) -> None: ...


def nodes_of(screens: Iterable[Screen]) -> Iterator[DOMNode]:
    for screen in screens:
        yield screen
        yield from screen.walk_children()


def flush_pending_edits(screens: Iterable[Screen]) -> list[BaseException]:
    """Hand every held edit to the store; returns what failed (each is tried regardless)."""
    failed: list[BaseException] = []
    for node in nodes_of(screens):
        if isinstance(node, HoldsPendingEdits):
            try:
                node.flush_pending_edits()
            except Exception as error:
                failed.append(error)
    return failed


def has_stopped(screen: Screen) -> bool:
    """Whether the screen or a widget on it no longer handles messages (a handler raised)."""
    for node in nodes_of([screen]):
        if node._closing or node._closed:  # removed on purpose: not stopped
            continue
        if node._is_mounted and not node._running:  # Textual has no public "loop ended"
            return True
    return False


def screen_of(pump: MessagePump | None) -> Screen | None:
    if isinstance(pump, Screen):
        return pump
    if isinstance(pump, Widget):
        try:
            return pump.screen
        except Exception:
            return None
    return None


def screen_label(screen: Screen) -> str:
    """"the Register section", "the organisation form": for the member, not the developer."""
    name = type(screen).__name__.removesuffix("Screen") or "screen"
    title = SECTION_TITLES.get(screen.SECTION, "") if isinstance(screen, SectionScreen) else ""
    if title and title.casefold() == name.casefold():
        return f"the {title} section"
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()
    return f"the {words}" if words.endswith(("form", "dialog", "screen")) else f"the {words} screen"
