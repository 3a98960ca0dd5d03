"""What every part of chair mode shares: the meeting, its items and the current one, the
minutes box (handed to the store promptly, quick entries read when a line ends), and how a
change is recorded and shown.

Chair mode is one screen (``chair.py``) built from parts, each in its own module:
``chair_attendance.py`` (the attendance sheet), ``chair_corrections.py`` (the records listed
under the minutes, and correcting them) and ``chair_recording.py`` (recording decisions,
actions and declarations, deferring, approving and ending). Each part builds on this base and
imports nothing of the screen's, so the imports run one way.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...domain.meeting_views import SheetRow
from ...domain.meetings import AgendaItem, MeetingsService, MinutesLockedError
from ...store import StoreError
from ..shell.section import SectionScreen
from .chair_widgets import AgendaRow, MinutesArea


class ChairBase(SectionScreen):
    """The state and the shared steps of chair mode; ``ChairScreen`` is the screen itself."""

    now = staticmethod(datetime.now)

    def __init__(self, meeting_id: str, *, resume: dict[str, Any] | None = None) -> None:
        """``resume``: a place noted by the minutes box before a crash (item and cursor)."""
        super().__init__()
        self.meeting_id = meeting_id
        self.resume = resume
        self.items: list[AgendaItem] = []
        self.rows: dict[str, AgendaRow] = {}
        self.current_id: str | None = None
        self.shown_records: list[tuple[tuple[str, str] | None, str]] | None = None
        self.sheet_rows: dict[str, SheetRow] = {}
        self.start_confirmed = False
        self.minutes_area = MinutesArea(id="minutes", soft_wrap=True, show_line_numbers=False,
                                        tab_behavior="focus")

    @property
    def service(self) -> MeetingsService:
        return self.services.meetings

    def current_item(self) -> AgendaItem | None:
        return next((item for item in self.items if item.id == self.current_id), None)

    def _step(self, delta: int) -> None:
        """Move ``delta`` items along the agenda; the chair screen knows how."""
        raise NotImplementedError

    # ----------------------------------------------------------- minutes

    def flush_minutes(self) -> bool:
        """Hand typed minutes to the store now; False (and a message) if they cannot go."""
        return self.minutes_area.flush()

    def _minutes_not_stored(self, error: Exception) -> bool:
        """The minutes box could not store its text: say why; the text stays on screen."""
        if isinstance(error, MinutesLockedError):
            self.notify(str(error), title="Minutes locked", severity="warning", markup=False)
            return True
        if isinstance(error, StoreError | LookupError | ValueError):
            self.notify(f"Your text is still on screen; not yet stored: {error}",
                        title="Could not save minutes", severity="error", timeout=10,
                        markup=False)
            return True
        return False

    def on_minutes_area_quick_line(self, event: MinutesArea.QuickLine) -> None:
        self.apply_quick_entries()

    def apply_quick_entries(self) -> None:
        item_id = self.current_id
        if item_id is None or not self.flush_minutes():
            return
        try:
            created = self.service.apply_quick_entries(item_id)
        except (StoreError, ValueError, LookupError) as error:
            self.notify(str(error), title="Quick entry not read", severity="error", markup=False)
            return
        if created:
            self.notify("\n".join(created), title="Recorded from the minutes", timeout=6,
                        markup=False)
            self.refresh_data()

    def _leave_item(self) -> None:
        if self.current_id is not None:
            self.apply_quick_entries()
            self.flush_minutes()

    def on_screen_suspend(self) -> None:
        """Another section or a form is opening: the text goes to the store now."""
        self.flush_minutes()

    def on_unmount(self) -> None:
        self.flush_minutes()
    # ----------------------------------------------------------- recording

    def _with_item(self) -> AgendaItem | None:
        item = self.current_item()
        if item is None:
            self.notify("There is no agenda item to record this against.")
        return item

    def _record(self, change: Any, *args: Any, done: str = "", refresh: Any = None,
                **kwargs: Any) -> bool:
        """Make a change; repaint what it touches (``refresh``), by default everything."""
        try:
            change(*args, **kwargs)
        except (ValueError, LookupError, StoreError) as error:
            self.notify(str(error), title="Not recorded", severity="error", markup=False)
            return False
        if done:
            self.notify(done, markup=False)
        (refresh or self.refresh_data)()
        return True

    def _recorded(self, message: str) -> Any:
        def done(result: object) -> None:
            if result:
                self.notify(message, markup=False)
                self.refresh_data()
        return done

    def agenda_choices(self) -> list[tuple[str, str]]:
        service = self.service
        return [(f"{service.item_label(i)}. {i.title}", i.id) for i in self.items]
