"""The base of every top-level section screen: shared frame, a body, the footer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from ..widgets.chrome import ChromeState, ProblemBanner, SectionTabs, StatusLine

if TYPE_CHECKING:
    from ..app import CompactApp


class SectionScreen(Screen):
    """Subclasses set ``SECTION`` and implement ``compose_body`` and ``refresh_data``."""

    SECTION = ""
    # Lists, not filter boxes, take the focus on arrival, so the section keys (1-7) and the
    # screen's letter keys work at once; a screen may name another widget.
    AUTO_FOCUS = "DataTable"

    @property
    def compact(self) -> CompactApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield SectionTabs(self.SECTION)
        yield StatusLine()
        yield ProblemBanner()
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    shown_chrome: ChromeState | None = None

    def on_mount(self) -> None:
        """Subclasses may extend; data loads in ``on_screen_resume``."""

    def on_screen_resume(self) -> None:
        """Also sent when the screen is first shown, so this is the one place data loads."""
        self.show_chrome(self.compact.chrome_state())
        self.refresh_data()

    def show_chrome(self, state: ChromeState) -> None:
        if not hasattr(self, "_chrome_widgets"):
            self._chrome_widgets = [*self.query(SectionTabs), *self.query(StatusLine),
                                    *self.query(ProblemBanner)]
        for widget in self._chrome_widgets:
            widget.show(state)
        self.shown_chrome = state

    def refresh_data(self) -> None:
        """Re-read from the domain; called on open and when others' edits arrive."""
