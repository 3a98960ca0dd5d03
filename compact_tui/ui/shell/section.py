"""The bases of the screens that show stored records, and the hooks the app calls on them.

``LiveScreen`` is any screen showing records: the app calls ``refresh_data`` when others'
edits arrive or a backup is restored. ``SectionScreen`` adds the shared frame (tabs, status
line, problem banner, footer) and ``open_record`` for the command palette. The app finds these
hooks by type, never by name.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from ...domain.dates import today
from ..widgets.chrome import (
    ChromeState,
    DamagedBanner,
    ProblemBanner,
    SectionTabs,
    StatusLine,
)
from ..widgets.record_table import RecordTable
from .app_access import UsesApp


class FollowsEdits:
    """Mixed into modal screens that take in others' edits while open (forms, dialogs):
    the app calls ``refresh_data`` on the screen on top when edits arrive."""

    def refresh_data(self) -> None:
        """Re-read what the screen shows from the store."""


class LiveScreen(UsesApp, Screen[None]):
    """A screen showing stored records, kept up to date with others' edits."""

    def refresh_data(self) -> None:
        """Re-read from the domain; called on open and when others' edits arrive."""


class SectionScreen(LiveScreen):
    """Subclasses set ``SECTION`` and implement ``compose_body`` and ``refresh_data``."""

    SECTION = ""
    # Lists, not filter boxes, take the focus on arrival, so the section keys (1-7) and the
    # screen's letter keys work at once; a screen may name another widget.
    AUTO_FOCUS = "DataTable"

    def compose(self) -> ComposeResult:
        yield SectionTabs(self.SECTION)
        yield StatusLine()
        yield ProblemBanner()
        yield DamagedBanner(self.SECTION)
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    shown_chrome: ChromeState | None = None
    _chrome_widgets: list[SectionTabs | StatusLine | ProblemBanner | DamagedBanner] | None = None

    def on_mount(self) -> None:
        """Subclasses may extend; data loads in ``on_screen_resume``."""

    shown_as_of: tuple[int, object] | None = None

    def on_screen_resume(self) -> None:
        """Also sent when the screen is first shown, so this is the one place data loads.

        Coming back to a section whose records have not changed since it last showed them
        does not read them again (at 55 years that read is most of a section switch); edits
        from elsewhere still refresh it at once (``App.handle_store_event``)."""
        self.show_chrome(self.compact.chrome_state())
        as_of = (self.compact.store.generation, today())  # "overdue" changes at midnight
        if as_of != self.shown_as_of:
            self.refresh_data()
        self.shown_as_of = as_of

    def show_chrome(self, state: ChromeState) -> None:
        if self._chrome_widgets is None:
            self._chrome_widgets = [*self.query(SectionTabs), *self.query(StatusLine),
                                    *self.query(ProblemBanner), *self.query(DamagedBanner)]
        for widget in self._chrome_widgets:
            widget.show(state)
        damaged = frozenset(record_id for _section, record_id, _line in state.damaged)
        for table in self.query(RecordTable):
            table.mark_damaged(damaged)
        self.shown_chrome = state

    def open_record(self, record_id: str) -> None:
        """Show one record of this section (the palette and links jump here)."""
