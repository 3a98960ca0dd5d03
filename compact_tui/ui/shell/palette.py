"""The command palette: jump to any section, meeting, organisation, dispute or action."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from ...visible_text import visible, visible_in_place
from ..keys import key_label
from ..widgets.chrome import MORE_SECTIONS, SECTIONS
from .app_access import UsesApp


class JumpProvider(UsesApp, Provider):
    """Sections first; then every record a section offers through ``jump_targets``."""

    _cache: tuple[object, int, list[tuple[str, str, str, str]]] | None = None

    def _sections(self) -> list[tuple[str, str, str, str]]:
        return [(f"Go to {title}", f"Section (key {key_label(self.app, f'section.{mode}')})",
                 mode, "") for _key, mode, title in SECTIONS + MORE_SECTIONS]

    def _targets(self) -> list[tuple[str, str, str, str]]:
        """(label, help, mode, record id) for everything a person might jump to: read from
        the store once, not per letter typed, until a record changes."""
        from .jump_targets import jump_targets

        store = self.compact.store
        cached = JumpProvider._cache
        if cached is None or cached[0] is not store or cached[1] != store.generation:
            targets = self._sections() + jump_targets(self.services)
            JumpProvider._cache = cached = (store, store.generation, targets)
        return cached[2]

    async def discover(self) -> Hits:
        """Only the sections: opening the palette reads no records."""
        for label, help_text, mode, record_id in self._sections():
            yield DiscoveryHit(label, partial(self._go, mode, record_id), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_text, mode, record_id in self._targets():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, _highlight(matcher, label), partial(self._go, mode, record_id),
                          help=escape(visible(help_text)))

    def _go(self, mode: str, record_id: str) -> None:
        if record_id:
            self.compact.open_record(mode, record_id)
        else:
            self.compact.action_section(mode)


def _highlight(matcher: Matcher, label: str) -> Content:
    """The matched letters picked out of a record's name, which is never read as markup
    (``Matcher.highlight`` parses its text as markup: ``[/]`` in a name would crash it)."""
    shown = visible_in_place(label)
    content = Content(shown)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, shown)
    for offset in offsets:
        if not shown[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
