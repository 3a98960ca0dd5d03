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
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import (
    ContentSwitcher,
    Footer,
    ListItem,
    ListView,
    Static,
)
from textual.widgets.data_table import ColumnKey

from ...domain.actions import ActionsService
from ...domain.dates import format_date, format_time
from ...domain.meeting_views import (
    SheetRow,
    attendance_sheet,
    clock_text,
    owner_choices,
)
from ...domain.meetings import (
    PURPOSES,
    AgendaItem,
    Meeting,
    MeetingsService,
    MinutesLockedError,
    QuorumState,
)
from ...domain.meetings.fixed_record import approve_minutes, end_meeting
from ...domain.quick_entry import is_quick_entry_line
from ...domain.quorum import QuorumRule
from ...store import StoreError
from ..keys import bind, key_label
from ..shell.confirm import ConfirmScreen
from ..shell.section import SectionScreen
from ..widgets.plain import plain, plain_cell, template
from ..widgets.record_table import RecordTable
from ..widgets.shared_text import SharedTextArea, TextBinding

STATUS_WIDTH = 13  # "In attendance"
CURRENT_MARKER, OTHER_MARKER = "▶ ", "  "


class MinutesArea(SharedTextArea):
    """The minutes of one item; tells the screen when a quick-entry line is finished."""

    class QuickLine(Message):
        """Enter was pressed at the end of a line starting with #action, #agreed, ..."""

    async def _on_key(self, event: events.Key) -> None:
        line = ""
        if event.key == "enter" and not self.read_only:
            row = self.cursor_location[0]
            line = self.document.get_line(row)
        await super()._on_key(event)
        if line and is_quick_entry_line(line):
            self.post_message(self.QuickLine())


class AgendaRow(ListItem):
    """One agenda line: marker, number and title on the left, its clock on the right."""

    def __init__(self, item_id: str) -> None:
        self.title_label = Static("", classes="agenda-title", markup=False)
        self.clock_label = Static("", classes="agenda-clock")
        super().__init__(Horizontal(self.title_label, self.clock_label))
        self.item_id = item_id
        self.shown = ("", "")

    def show(self, title: str, clock: str) -> None:
        """Repaint only what changed: the clocks tick every second while someone types."""
        if (title, clock) == self.shown:
            return
        if title != self.shown[0]:
            self.title_label.update(plain(title), layout=False)  # one line, fixed width (tcss)
        if clock != self.shown[1]:
            # Fixed width (chair.tcss): no relayout of the whole screen every second.
            self.clock_label.update(clock, layout=False)
        self.shown = (title, clock)

    def show_state(self, **flags: bool) -> None:
        """The row's classes in one style update (each update restyles the row's widgets)."""
        wanted = {f"-{name}" for name, on in flags.items() if on}
        known = {f"-{name}" for name in flags}
        if wanted == self.classes & known:
            return
        self.remove_class(*(known - wanted), update=False)
        self.add_class(*wanted, update=False)
        self.update_node_styles()


class RecordRow(ListItem):
    """One record shown under the minutes; ``key`` is (table, id) when it can be corrected."""

    def __init__(self, key: tuple[str, str] | None, text: str) -> None:
        self.key = key
        self.text = text
        super().__init__(Static(text, markup=False))


class ChairScreen(SectionScreen):
    SECTION = "meetings"
    CSS_PATH = "chair.tcss"
    now = staticmethod(datetime.now)
    BINDINGS = [
        bind("next_item", "next_item", "Next"),
        bind("previous_item", "previous_item", "Prev"),
        bind("decision", "decision", "Decision"),
        bind("action", "action", "Action"),
        bind("attendance", "toggle_attendance", "Attendance"),
        bind("end_meeting", "end_meeting", "End"),
        bind("interest", "declare", "Interest", show=False),
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
                    with Vertical(id="attendance-panel"):
                        yield Static("", id="attendance-quorum", markup=False)
                        yield Static("", id="attendance-keys", markup=False)
                        table = RecordTable(id="attendance-table")
                        table.add_column("Status", key="status", width=STATUS_WIDTH)
                        table.add_column("Organisation or person", key="label")
                        table.add_column("Who", key="who")
                        yield table

    def on_mount(self) -> None:
        self.query_one("#attendance-keys", Static).update(" · ".join(
            f"{key_label(self.app, meaning)} {what}" for meaning, what in (
                ("present", "present"), ("apologies", "apologies"), ("absent", "absent"),
                ("other_person", "someone else"), ("new", "guest"), ("edit", "correct"),
                ("remove", "remove"), ("history", "corrections"),
                ("attendance", "minutes"))))
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
                "This meeting has been removed (perhaps by another member). Press Escape.")
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

    def _show_records(self) -> None:
        """The current item's declarations, decisions and actions; Tab reaches them, and each
        can be corrected (e), removed (Delete) or its corrections seen (h)."""
        item = self.current_item()
        records = self.query_one("#item-records", ListView)
        rows: list[RecordRow] = []
        if item is not None:
            rows = self._record_rows(item)
        shown = [(row.key, row.text) for row in rows]
        if shown == self.shown_records:
            return
        keep = records.index
        records.clear()
        records.extend(rows)
        self.shown_records = shown
        if rows:
            records.index = min(keep or 0, len(rows) - 1)

    def _record_rows(self, item: AgendaItem) -> list[RecordRow]:
        service = self.service
        rows = []
        names = {i.id: service.item_label(i) for i in self.items}
        for declaration in service.declarations(self.meeting_id):
            if item.id not in (declaration.item_id, declaration.made_at_item_id):
                continue
            about = names.get(declaration.item_id, "?")
            details = "; ".join(p for p in (declaration.kind, declaration.interest,
                                            declaration.action_label) if p)
            rows.append(RecordRow(("declarations", declaration.id),
                                  f"Interest (item {about}): {declaration.person}: {details}"))
        for legacy in item.declarations:
            rows.append(RecordRow(None, f"Interest: {legacy}"))
        if item.votes_for is not None:
            rows.append(RecordRow(None, f"Votes: for {item.votes_for}, against "
                                        f"{item.votes_against or 0}, abstain "
                                        f"{item.votes_abstain or 0}"))
        for decision in service.decisions_for_item(item.id):
            rows.append(RecordRow(("decisions", decision.id),
                                  f"Decision {decision.ref}: {decision.text}{_votes(decision)}"))
        register = self.services.register
        for action in service.actions_for_item(item.id):
            organisation = (register.organisation(action.owner_organisation_id)
                            if action.owner_organisation_id and not action.owner_name else None)
            owner = action.owner_name or (organisation.name if organisation else "")
            due = f", due {format_date(action.due)}" if action.due else ""
            flags = f" [{'; '.join(action.problems())}]" if action.problems() else ""
            status = "" if action.status == "open" else f" ({action.status_label.lower()})"
            rows.append(RecordRow(("actions", action.id),
                                  f"Action {action.ref}: {action.description} — "
                                  f"{owner or 'no owner'}{due}{status}{flags}"))
        if not rows:
            rows = [RecordRow(None, "No decisions or actions yet.")]
        return rows

    def _show_attendance(self) -> None:
        """Only the changed cells are repainted when the same people are listed (a mark is
        one key press; rebuilding hundreds of rows each time made it slow on big registers)."""
        rows = {row.key: row for row in attendance_sheet(self.compact.store, self.meeting_id)}
        self.attendance_table.refill((key, _cells(row)) for key, row in rows.items())
        self.sheet_rows = rows
        state = self.service.quorum(self.meeting_id, self.compact.settings.quorum)
        quorum = self.query_one("#quorum", Static)
        quorum.update(quorum_text(state, self.compact.settings.quorum))
        self.query_one("#attendance-quorum", Static).update(plain(state.explanation))
        quorum.set_class(not state.met, "-not-met")

    def _show_minutes_lock(self) -> None:
        meeting = self.service.meeting(self.meeting_id)
        area = self.query_one("#minutes", MinutesArea)
        locked = meeting is not None and meeting.status == "minutes_approved"
        area.read_only = locked
        area.border_title = ("Minutes approved and locked" if locked
                             else "Minutes (saved as you type)")

    # ----------------------------------------------------------- items

    def current_item(self) -> AgendaItem | None:
        return next((item for item in self.items if item.id == self.current_id), None)

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

    # ----------------------------------------------------------- records

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

    def action_decision(self) -> None:
        """A decision on the current item, whatever its purpose."""
        from .decision_form import DecisionFormScreen

        item = self._with_item()
        if item is None:
            return
        service = self.service
        label = f"item {service.item_label(item)}: {item.title}"

        def apply(result: dict[str, Any]) -> None:
            text = result.pop("text")
            service.add_decision(self.meeting_id, item.id, text, **result)

        self.app.push_screen(DecisionFormScreen(label, apply,
                                                service.voting_members_present(self.meeting_id)),
                             self._recorded("Decision recorded."))

    def _recorded(self, message: str) -> Any:
        def done(result: object) -> None:
            if result:
                self.notify(message, markup=False)
                self.refresh_data()
        return done

    def agenda_choices(self) -> list[tuple[str, str]]:
        service = self.service
        return [(f"{service.item_label(i)}. {i.title}", i.id) for i in self.items]

    def action_action(self) -> None:
        from ..actions.action_form import ActionFormScreen

        item = self._with_item()
        if item is None:
            return

        def chosen(result: dict[str, Any] | None) -> None:
            if result:
                description = result.pop("description")
                self._record(self.service.add_action, self.meeting_id, item.id, description,
                             done="Action recorded.", **result)

        heading = f"New action from item {self.service.item_label(item)}"
        self.app.push_screen(ActionFormScreen(heading, owner_choices(self.compact.store)),
                             chosen)

    def action_declare(self) -> None:
        """A declaration about the current item (or, at the Declarations item, the item the
        chair chooses)."""
        from .declaration_form import DeclarationFormScreen

        item = self._with_item()
        if item is None:
            return
        service = self.service

        def apply(result: dict[str, Any]) -> None:
            service.declare_interest(item.id, result.pop("person"), result.pop("interest"),
                                     **result)

        self.app.push_screen(DeclarationFormScreen(
            f"Declaration of interest (made at item {service.item_label(item)})",
            self.agenda_choices(), service.declaration_kinds(), apply,
            item_id=service.default_declaration_item(item.id)),
            self._recorded("Declaration recorded."))

    def action_defer(self) -> None:
        item = self._with_item()
        if item is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.flush_minutes()
                if self._record(self.service.defer_item, item.id,
                                done=f'"{item.title}" deferred to the next meeting.'):
                    self._step(1)

        self.app.push_screen(ConfirmScreen(f'Defer "{item.title}" to the next meeting?',
                                           "It keeps its number here and is copied to the "
                                           "next meeting's agenda.", yes="defer it"),
                             answered)

    def action_approve_previous(self) -> None:
        item = self.current_item()
        if item is None or item.kind != "previous_minutes":
            self.notify('Go to the "minutes of the last meeting" item to approve them.')
            return
        service = self.service
        previous = service.previous_meeting(self.meeting_id)
        if previous is None:
            self.notify("There is no earlier meeting whose minutes need approving.")
            return
        if previous.status == "minutes_approved":
            self.notify(f"The minutes of {format_date(previous.date)} are already approved.")
            return

        rule = self.compact.settings.quorum
        questions = service.approval_questions(previous.id, self.meeting_id, rule)
        done = f"Minutes of {format_date(previous.date)} approved and fixed."
        if questions:
            self._ask_approval_reason(previous, questions, rule, done)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._record(approve_minutes, self.compact.store, previous.id, self.meeting_id,
                             quorum_rule=rule, content=self.compact.content, done=done)

        self.app.push_screen(ConfirmScreen(
            f"Approve the minutes of {format_date(previous.date)} as a true record?",
            "They are fixed afterwards; later changes are recorded as dated amendments.",
            yes="approve them"),
            answered)

    def _ask_approval_reason(self, previous: Meeting, questions: list[str], rule: QuorumRule,
                             done: str) -> None:
        """Approval the rules would question: allowed with a reason, which is minuted."""
        from ..shell.text_prompt import PromptField, TextPromptScreen

        def apply(values: dict[str, str]) -> None:
            approve_minutes(self.compact.store, previous.id, self.meeting_id,
                            reason=values["reason"], quorum_rule=rule,
                            content=self.compact.content)

        self.app.push_screen(TextPromptScreen(
            f"Approve the minutes of {format_date(previous.date)} anyway?",
            [PromptField("reason", "Reason", "minuted with the approval", required=True)],
            note=" ".join(questions) + " To approve them anyway, give the reason; "
                 "Escape leaves them unapproved.", apply=apply), self._recorded(done))

    def action_end_meeting(self) -> None:
        meeting = self.service.meeting(self.meeting_id)
        if meeting is None or meeting.status not in ("draft", "agenda_issued"):
            self.notify("This meeting has already ended.")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._leave_item()
                if self._record(end_meeting, self.compact.store, self.meeting_id, self.now(),
                                self.compact.content,
                                done=f"Meeting ended. Press {key_label(self.app, 'export')} on "
                                     "the meetings list to export "
                                     "the minutes."):
                    self.refresh_data()
                    self._offer_next_meeting()

        self.app.push_screen(ConfirmScreen("End the meeting now?",
                                           "The clocks stop; the minutes stay editable "
                                           "until approved at the next meeting.",
                                           yes="end the meeting"), answered)

    # ----------------------------------------------------------- attendance

    def action_toggle_attendance(self) -> None:
        switcher = self.query_one("#chair-panels", ContentSwitcher)
        if switcher.current == "minutes-panel":
            self.flush_minutes()
            switcher.current = "attendance-panel"
            self.attendance_table.focus()
            self.call_after_refresh(self._fit_attendance_columns)
        else:
            switcher.current = "minutes-panel"
            self.query_one("#minutes", MinutesArea).focus()

    def on_resize(self) -> None:
        self._fit_attendance_columns()

    def _fit_attendance_columns(self) -> None:
        """Share the width so "Who" is never pushed off screen: at 80 columns the organisation
        and the person both show, cut short with an ellipsis rather than hidden."""
        table = self.attendance_table
        width = table.size.width or self.size.width - 36
        spare = max(20, width - STATUS_WIDTH - 3 * 2 * table.cell_padding - 1)
        who = max(10, spare * 2 // 5)
        for key, column_width in (("label", spare - who), ("who", who)):
            column = table.columns[ColumnKey(key)]
            column.auto_width = False
            column.width = column_width
        table.refresh()

    def _attendance_showing(self) -> bool:
        return self.query_one("#chair-panels", ContentSwitcher).current == "attendance-panel"

    @property
    def attendance_table(self) -> RecordTable:
        return self.query_one("#attendance-table", RecordTable)

    def selected_sheet_row(self) -> SheetRow | None:
        key = self.attendance_table.selected_id
        if key is None:
            return None
        return self.sheet_rows.get(key)

    def action_mark(self, status: str) -> None:
        row = self.selected_sheet_row()
        if row is None:
            return
        if self._record(self.service.set_attendance, self.meeting_id,
                        organisation_id=row.organisation_id, name=row.name, status=status,
                        refresh=self._show_attendance):
            self.attendance_table.step_down()

    def action_other_person(self) -> None:
        """Someone other than the register's proposed contact came (or sent apologies) for
        the organisation on this row: pick a contact by number or type any name."""
        from .attendee_form import AttendeeFormScreen

        row = self.selected_sheet_row()
        if row is None or not row.organisation_id:
            self.notify("Choose an organisation's row first.")
            return
        service = self.service

        def apply(result: dict[str, Any]) -> None:
            service.set_attendance(self.meeting_id, organisation_id=row.organisation_id,
                                   **result)

        self.app.push_screen(AttendeeFormScreen(
            f"Who came for {row.label.strip()}", apply, contacts=row.contacts),
            self._recorded("Attendance recorded."))

    def action_edit_attendee(self, attendee_id: str) -> None:
        from .attendee_form import AttendeeFormScreen

        service = self.service
        attendee = service.attendee(attendee_id)
        if attendee is None:
            return
        row = self.selected_sheet_row()
        self.app.push_screen(AttendeeFormScreen(
            f"Correct the attendance of {attendee.name or 'this organisation'}",
            lambda r: service.correct_attendee(attendee_id, **r),
            contacts=row.contacts if row else (), attendee=attendee),
            self._recorded("Attendance corrected; the old entry is kept (h shows it)."))

    def action_guest(self) -> None:
        from ..shell.text_prompt import PromptField, TextPromptScreen

        def chosen(result: dict[str, str] | None) -> None:
            if result:
                self._record(self.service.add_guest, self.meeting_id, result["name"],
                             result["organisation"], result["role"],
                             done=f"{result['name']} added as in attendance.")

        self.app.push_screen(TextPromptScreen("Someone in attendance (not a member)", [
            PromptField("name", "Name", required=True),
            PromptField("organisation", "Organisation"),
            PromptField("role", "Role", "e.g. Minutes, presenting item 5")]), chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The attendance keys show (and work) only with the sheet in front of the chair."""
        if action in ("mark", "guest", "other_person"):
            return self._attendance_showing()
        if action in ("correct_record", "remove_record", "record_history"):
            return self._attendance_showing() or self.focused is self.query_one(
                "#item-records", ListView)
        return True

    # ----------------------------------------------------------- corrections

    def selected_record(self) -> tuple[str, str] | None:
        """The record under the cursor: in the list below the minutes, or an attendance
        record on the sheet."""
        if self._attendance_showing():
            row = self.selected_sheet_row()
            return ("attendance", row.attendee_id) if row and row.attendee_id else None
        chosen = self.query_one("#item-records", ListView).highlighted_child
        return chosen.key if isinstance(chosen, RecordRow) else None

    def action_correct_record(self) -> None:
        from ..actions.action_form import ActionFormScreen
        from .decision_form import DecisionFormScreen
        from .declaration_form import DeclarationFormScreen

        key = self.selected_record()
        if key is None:
            self.notify("Choose a decision, action, declaration or attendance record first.")
            return
        table, record_id = key
        service = self.service
        done = self._recorded("Corrected; the old wording is kept (h shows it).")
        if table == "decisions" and (decision := service.decision(record_id)):
            item = service.item(decision.item_id)
            label = f"item {service.item_label(item)}: {item.title}" if item else "this meeting"
            self.app.push_screen(DecisionFormScreen(
                label, lambda r: service.update_decision(record_id, **r),
                service.voting_members_present(self.meeting_id), decision), done)
        elif table == "actions" and (action := ActionsService(self.compact.store).action(
                record_id)):
            self.app.push_screen(ActionFormScreen(
                f"Correct action {action.ref}", owner_choices(self.compact.store),
                action=action, apply=lambda r: service.correct_action(record_id, **r)), done)
        elif table == "declarations" and (declaration := service.declaration(record_id)):
            self.app.push_screen(DeclarationFormScreen(
                f"Correct the declaration by {declaration.person}", self.agenda_choices(),
                service.declaration_kinds(),
                lambda r: service.correct_declaration(record_id, **r),
                declaration=declaration), done)
        elif table == "attendance":
            self.action_edit_attendee(record_id)

    def action_remove_record(self) -> None:
        key = self.selected_record()
        if key is None:
            return
        table, record_id = key
        service = self.service
        removers = {"decisions": service.remove_decision, "actions": service.remove_action,
                    "declarations": service.remove_declaration,
                    "attendance": service.remove_attendee}

        def answered(yes: bool | None) -> None:
            if yes:
                self._record(removers[table], record_id,
                             done="Removed; what it said is kept in the corrections.")

        self.app.push_screen(ConfirmScreen("Remove this from the record?",
                                           "What it said is kept with the meeting's "
                                           "corrections."), answered)

    def action_record_history(self) -> None:
        from .corrections import CorrectionsScreen

        key = self.selected_record()
        if key is None:
            return
        table, record_id = key
        names = {i.id: f"item {self.service.item_label(i)}" for i in self.items}
        names.update({o.organisation_id: o.label for o in owner_choices(self.compact.store)
                      if not o.owner_name})
        self.app.push_screen(CorrectionsScreen(_RECORD_LABELS.get(table, table), table,
                                               record_id, names))

    # ----------------------------------------------------------- leaving

    def _offer_next_meeting(self) -> None:
        """A meeting of a series: offer to create the next one, with what was deferred or
        not reached carried to it."""
        service = self.service
        meeting = service.meeting(self.meeting_id)
        proposal = service.next_in_series(self.meeting_id) if meeting else None
        if meeting is None or proposal is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._record(service.create_next_in_series, self.meeting_id,
                             self._templates(),
                             done=f"Next meeting created for {format_date(proposal)}; "
                                  "deferred items and items not reached are on its agenda.")

        self.app.push_screen(ConfirmScreen(
            f"Create the next meeting, {format_date(proposal)}?",
            f'From the series "{meeting.series}". Items deferred or not reached today are '
            "carried to it, marked as deferred."), answered)

    def _templates(self) -> list[Any]:
        from ...content.agenda_templates import load_templates_reporting
        from ...locations import agendas_folder

        templates, _errors = load_templates_reporting(
            agendas_folder(self.compact.settings.agendas_folder))
        return list(templates)

    def action_leave(self) -> None:
        """Leaving never ends the meeting: it says so while the meeting runs."""
        self._leave_item()
        meeting = self.service.meeting(self.meeting_id)
        if meeting is not None and meeting.started_at and not meeting.ended_at \
                and meeting.status in ("draft", "agenda_issued"):
            self.notify("The meeting is still running and its clocks keep going. Press c on "
                        "the meetings list to return; F12 in chair mode ends it.",
                        title="Meeting still running", timeout=8, markup=False)
        self.app.pop_screen()
        self.app.notify(f"Left chair mode; the minutes are kept. {key_label(self.app, 'chair')} "
                        "on the meeting opens it again.", title="Chair mode", markup=False)


_RECORD_LABELS = {"decisions": "Decision", "actions": "Action", "declarations": "Declaration",
                  "attendance": "Attendance"}


def quorum_text(state: QuorumState, rule: QuorumRule) -> str:
    """Short enough for the left column; the words say it, the colour only repeats it."""
    count = state.organisations_present
    if state.met:
        sectors = ", both sectors" if rule.both_sectors else ""
        return f"Quorate: {count} organisations{sectors}"
    missing = []
    if count < rule.min_organisations:
        missing.append(f"{count} of {rule.min_organisations} organisations")
    if rule.both_sectors and not state.statutory_present:
        missing.append("no statutory")
    if rule.both_sectors and not state.vcs_present:
        missing.append("no voluntary sector")
    return "NOT quorate: " + ", ".join(missing)


def _cells(row: SheetRow) -> tuple[str, Text, Text]:
    return (row.status_label, plain_cell(row.label, overflow="ellipsis", no_wrap=True),
            plain_cell(row.detail, overflow="ellipsis", no_wrap=True))


def _votes(decision: Any) -> str:
    if decision.votes_for is None:
        return ""
    return (f" (for {decision.votes_for}, against {decision.votes_against or 0}, "
            f"abstain {decision.votes_abstain or 0})")
