"""Chair mode: run the meeting live and take the minutes, from the keyboard, at 80x24.

The agenda with a clock per item is on the left, with the meeting's clock, projected end and
quorum above it. The right shows the current item: its minutes (saved as you type), and the
declarations, decisions and actions recorded under it; F5 swaps the minutes for the
attendance sheet. Chair keys are F-keys (with ctrl- spares) so they never fight the text area's
own keys (ctrl+a/e/d/k/u/w/x/c/v/z/y, F6 and F7 belong to it); their keys and meanings come
from ``ui/keys.py``.

Nothing typed is lost: the minutes box is a shared text area, which hands each burst of typing
to the store (and so the local journal) within a few tens of milliseconds as an edit merged
into whatever the item's minutes hold by then, and takes in other members' words while the
chair types. Edits arriving from other members refresh every panel.

This module holds the screen itself: its keys, layout, clocks and moving between items. Its
parts live beside it (``chair_base.py`` says which holds what).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher, Footer, ListView, Static

from ...domain.dates import format_date, format_time
from ...domain.meeting_views import clock_text
from ...domain.meetings import PURPOSES, AgendaItem, Meeting, MeetingsService
from ...store import StoreError
from ..keys import bind, key_label
from ..shell.confirm import ConfirmScreen
from ..widgets.plain import plain, template
from ..widgets.shared_text import TextBinding
from .chair_corrections import RecordCorrections
from .chair_recording import Recording
from .chair_widgets import AgendaRow, MinutesArea, RecordRow

CURRENT_MARKER, OTHER_MARKER = "▶ ", "  "


class ChairScreen(Recording, RecordCorrections):
    SECTION = "meetings"
    CSS_PATH = "chair.tcss"
    BINDINGS = [
        bind("next_item", "next_item", "Next"),
        bind("previous_item", "previous_item", "Prev"),
        bind("decision", "decision", "Decision"),
        bind("action", "action", "Action"),
        bind("attendance", "toggle_attendance", "Attendance"),
        bind("end_meeting", "end_meeting", "End"),
        bind("interest", "declare", "Interest", show=False),
        bind("votes", "votes", "Vote", show=False),
        bind("defer", "defer", "Defer", show=False),
        bind("approve", "approve_previous", "Approve last minutes", show=False),
        # the attendance keys are spelt out above the sheet; the footer keeps the chair's keys
        bind("present", "mark('present')", "Present", show=False),
        bind("apologies", "mark('apologies')", "Apologies", show=False),
        bind("absent", "mark('absent')", "Absent", show=False),
        bind("new", "guest", "Guest", show=False),
        bind("back", "leave", "Leave", show=False),
        bind("other_person", "other_person", "Someone else", show=False),
        bind("edit", "correct_record", "Correct", show=False),
        bind("remove", "remove_record", "Remove", show=False),
        bind("history", "record_history", "Corrections", show=False),
    ]

    # ---------------------------------------------------------------- layout

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="chair-main"):
            with Vertical(id="chair-left"):
                yield Static("", id="meeting-clock")
                yield Static("", id="quorum")
                yield ListView(id="chair-agenda")
            with Vertical(id="chair-right"):
                yield Static("", id="item-heading")
                with ContentSwitcher(initial="minutes-panel", id="chair-panels"):
                    with Vertical(id="minutes-panel"):
                        yield self.minutes_area
                        yield ListView(id="item-records")
                    yield from self.compose_attendance_panel()

    def on_mount(self) -> None:
        self.show_attendance_keys()
        footer = self.query_one(Footer)
        footer.compact = True
        footer.show_command_palette = False  # room for the chair's keys; ctrl+p still works
        self.set_interval(1, self.tick)
        area = self.query_one("#minutes", MinutesArea)
        area.on_write_error = self._minutes_not_stored
        area.focus()

    def _initial_item(self) -> str | None:
        """The running item, else the first not yet finished, else the first."""
        active = [i for i in self.items if not i.deferred]
        for item in active:
            if item.started_at and not item.ended_at:
                return item.id
        for item in active:
            if not item.ended_at:
                return item.id
        return self.items[0].id if self.items else None

    # ------------------------------------------------------------ refreshing

    def refresh_data(self) -> None:
        """Every panel; the minutes take in others' words around what is being typed."""
        service = self.service
        meeting = service.meeting(self.meeting_id)
        if meeting is None:
            self.query_one("#item-heading", Static).update(
                "This meeting has been removed (perhaps by another member). Press "
                f"{key_label(self.app, 'back')}.")
            return
        self.items = service.items(self.meeting_id)
        self._sync_agenda_rows()
        if self.current_id not in self.rows:
            self._pick_item()
        self._show_records()
        self._show_attendance()
        self._show_minutes_lock()
        if self.current_id in self.rows:
            self.query_one("#minutes", MinutesArea).pull()
        self.tick()

    def _sync_agenda_rows(self) -> None:
        agenda = self.query_one("#chair-agenda", ListView)
        ids = [item.id for item in self.items]
        if ids != list(self.rows):
            keep = agenda.index
            agenda.clear()
            self.rows = {item_id: AgendaRow(item_id) for item_id in ids}
            agenda.extend(self.rows.values())
            if keep is not None and ids:
                agenda.index = min(keep, len(ids) - 1)

    def _pick_item(self) -> None:
        """On opening, or when the current item was removed elsewhere: choose one to show.

        Text in the minutes box of a removed item stays on screen (with a message saying so)
        rather than being replaced by another item's minutes: the member can copy it.
        """
        area = self.minutes_area
        if not self.flush_minutes():
            return
        if self.current_id is not None and area.text.strip():
            self.notify("This item was removed by another member. Your text is still on "
                        "screen, not stored: copy it (ctrl+a, ctrl+c) before moving on.",
                        title="Item removed", severity="warning", timeout=10, markup=False)
            area.bind(None, keep_text=True)
            self.current_id = None
            return
        resume, self.resume = self.resume or {}, None
        if resume.get("item_id") in self.rows:
            cursor = resume.get("cursor")
            self._show_item(str(resume["item_id"]), tuple(cursor) if isinstance(
                cursor, list) and len(cursor) == 2 else None)
            return
        start = self._initial_item()
        if start is None:
            self.current_id = None
            self.query_one("#minutes", MinutesArea).bind(None)
        else:
            self._show_item(start)

    def tick(self) -> None:
        """Once a second: every clock, the projected end and the current item's heading."""
        service = self.service
        meeting = service.meeting(self.meeting_id)
        if meeting is None:
            return
        now = self.now()
        for item in self.items:
            row = self.rows.get(item.id)
            if row is None:
                continue
            current = item.id == self.current_id
            marker = CURRENT_MARKER if current else OTHER_MARKER
            title = item.title + (" (deferred)" if item.deferred else "")
            clock, over = self._item_clock_text(service, item, now)
            row.show(f"{marker}{service.item_label(item):>2} {title}", clock)
            row.show_state(current=current, over=over, done=bool(item.ended_at) or item.deferred)
        self._show_meeting_clock(service, meeting, now)
        self._show_heading(service, now)

    def _item_clock_text(self, service: MeetingsService, item: AgendaItem,
                         now: datetime) -> tuple[str, bool]:
        if item.deferred:
            return "deferred", False
        if not item.started_at:
            return f"{item.planned_minutes}m", False
        clock = service.item_clock(item, now)
        done = "✓" if item.ended_at else ""
        text = f"{done}{clock_text(clock.elapsed_seconds)}/{item.planned_minutes}"
        return (f"{text} OVER", True) if clock.overrun else (text, False)

    def _show_meeting_clock(self, service: MeetingsService, meeting: Meeting,
                            now: datetime) -> None:
        started = bool(meeting.started_at)
        planned_end = format_time(service.planned_end(meeting.id), "not set")
        if not started:
            text = (f"Not started · {format_time(meeting.start_time)}–{planned_end}\n"
                    f"{key_label(self.app, 'next_item')} to start")
        else:
            clock = service.meeting_clock(meeting.id, now)
            over = " OVER" if clock.overrun else ""
            if meeting.status in ("held", "minutes_approved"):
                text = f"Ended · ran {clock_text(clock.elapsed_seconds)}\n{meeting.status_label}"
            else:
                text = (f"Meeting {clock_text(clock.elapsed_seconds)}{over}\n"
                        f"Ends ~{format_time(service.projected_end(meeting.id, now))}"
                        f" (planned {planned_end})")
        widget = self.query_one("#meeting-clock", Static)
        widget.update(text, layout=False)
        widget.set_class(started and "OVER" in text, "-over")

    def _show_heading(self, service: MeetingsService, now: datetime) -> None:
        item = self.current_item()
        heading = self.query_one("#item-heading", Static)
        if item is None:
            heading.update("This agenda has no items. Add them in the agenda editor.")
            return
        # The clock leads its line and the title ends the other, so a long title or presenter
        # is cut short (chair.tcss: ellipsis) before the clock is.
        if item.deferred:
            parts = ["DEFERRED to the next meeting"]
        elif item.started_at:
            clock = service.item_clock(item, now)
            timing = (f"{clock_text(clock.elapsed_seconds)} of "
                      f"{clock_text(clock.planned_seconds)}")
            parts = [f"{timing} OVER" if clock.overrun else timing]
        else:
            parts = [f"{item.planned_minutes} min planned, not started"]
        parts.append(PURPOSES.get(item.purpose, item.purpose))
        if item.presenter:
            parts.append(item.presenter)
        first = template("[b]Item $label · $title[/b]",
                         label=service.item_label(item), title=item.title)
        heading.update(first + plain("\n" + " · ".join(parts)), layout=False)
        heading.set_class(bool(item.started_at) and not item.deferred
                          and service.item_clock(item, now).overrun, "-over")

    def _show_minutes_lock(self) -> None:
        meeting = self.service.meeting(self.meeting_id)
        area = self.query_one("#minutes", MinutesArea)
        locked = meeting is not None and meeting.status == "minutes_approved"
        area.read_only = locked
        area.border_title = ("Minutes approved and locked" if locked
                             else "Minutes (saved as you type)")

    # ----------------------------------------------------------- items

    def _show_item(self, item_id: str, cursor: tuple[int, int] | None = None) -> None:
        """Make an item current: load its minutes into the text area and its records."""
        self.current_id = item_id
        service = self.service
        item = self.current_item()
        label = (f"the minutes of item {service.item_label(item)}, {item.title}" if item
                 else "the minutes")
        self.query_one("#minutes", MinutesArea).bind(TextBinding(
            ("agenda_items", item_id, "minutes"),
            read=lambda: service.minutes_of(item_id),
            write=lambda base, text: service.edit_minutes(item_id, base, text),
            place={"screen": "chair", "meeting_id": self.meeting_id, "item_id": item_id,
                   "label": label}), cursor)
        agenda = self.query_one("#chair-agenda", ListView)
        ids = list(self.rows)
        if item_id in ids:
            agenda.index = ids.index(item_id)
        self._show_records()
        self.tick()

    def _go_to(self, item_id: str) -> None:
        """Leave the current item (saving and reading its quick entries), start another."""
        if item_id == self.current_id:
            return
        self._leave_item()
        service = self.service
        meeting = service.meeting(self.meeting_id)
        if meeting is not None and meeting.status in ("draft", "agenda_issued") \
                and not meeting.started_at and not self._dated_today(meeting):
            self._ask_to_start(lambda: self._go_to(item_id), lambda: self._show_item(item_id))
            return
        if meeting is not None and meeting.status in ("draft", "agenda_issued"):
            now = self.now()
            try:
                if not meeting.started_at:
                    service.start_meeting(self.meeting_id, now)
                service.start_item(item_id, now)
            except (ValueError, StoreError) as error:
                self.notify(str(error), title="Clock not started", severity="error", markup=False)
        self.items = service.items(self.meeting_id)
        self._show_item(item_id)

    def _step(self, delta: int) -> None:
        ids = [item.id for item in self.items if not item.deferred or item.id == self.current_id]
        if not ids:
            return
        meeting = self.service.meeting(self.meeting_id)
        if delta > 0 and meeting is not None and not meeting.started_at \
                and meeting.status in ("draft", "agenda_issued"):
            first = self.current_id or ids[0]
            if self._dated_today(meeting):
                self._start_meeting_at(first)
            else:
                self._ask_to_start(lambda: self._start_meeting_at(first), lambda: None)
            return
        position = ids.index(self.current_id) if self.current_id in ids else -1
        target = position + delta
        if not 0 <= target < len(ids):
            self.notify(f"That was the last item. {key_label(self.app, 'end_meeting')} ends the "
                        "meeting." if delta > 0
                        else "This is the first item.")
            return
        self._go_to(ids[target])

    def _dated_today(self, meeting: Meeting) -> bool:
        return self.start_confirmed or meeting.on is None or meeting.on == self.now().date()

    def _ask_to_start(self, start: Any, otherwise: Any) -> None:
        """A meeting dated another day: ask before its clocks start."""
        meeting = self.service.meeting(self.meeting_id)
        if meeting is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.start_confirmed = True
                start()
            else:
                self.notify("Not started: the clocks wait until you start the meeting.",
                            markup=False)
                otherwise()

        self.app.push_screen(ConfirmScreen(
            f"This meeting is dated {format_date(meeting.date)}, not today "
            f"({format_date(self.now().date())}). Start it now anyway?",
            "Its start time is recorded as now. Choose No to look at the agenda without "
            "starting the clocks."), answered)

    def _start_meeting_at(self, item_id: str) -> None:
        now = self.now()
        try:
            self.service.start_meeting(self.meeting_id, now)
            self.service.start_item(item_id, now)
        except (ValueError, StoreError) as error:
            self.notify(str(error), title="Not started", severity="error", markup=False)
            return
        self.notify(f"Meeting started at {format_time(now.time())}.", title="Started", markup=False)
        self.refresh_data()
        self._show_item(item_id)

    def action_next_item(self) -> None:
        self._step(1)

    def action_previous_item(self) -> None:
        self._step(-1)

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        item = event.item
        if isinstance(item, AgendaRow):
            self._go_to(item.item_id)
            self.query_one("#minutes", MinutesArea).focus()
        elif isinstance(item, RecordRow):
            self.action_correct_record()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The attendance keys show (and work) only with the sheet in front of the chair."""
        if action in ("mark", "guest", "other_person"):
            return self._attendance_showing()
        if action in ("correct_record", "remove_record", "record_history"):
            return self._attendance_showing() or self.focused is self.query_one(
                "#item-records", ListView)
        return True

    def action_leave(self) -> None:
        """Leaving never ends the meeting: it says so while the meeting runs."""
        self._leave_item()
        meeting = self.service.meeting(self.meeting_id)
        if meeting is not None and meeting.started_at and not meeting.ended_at \
                and meeting.status in ("draft", "agenda_issued"):
            self.notify("The meeting is still running and its clocks keep going. Press "
                        f"{key_label(self.app, 'chair')} on the meetings list to return; "
                        f"{key_label(self.app, 'end_meeting')} in chair mode ends it.",
                        title="Meeting still running", timeout=8, markup=False)
        self.app.pop_screen()
        self.app.notify(f"Left chair mode; the minutes are kept. {key_label(self.app, 'chair')} "
                        "on the meeting opens it again.", title="Chair mode", markup=False)
