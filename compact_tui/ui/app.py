"""The Textual app: sections as modes, the shared frame, store events, help and themes."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import os
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from textual.app import SystemCommand
from textual.command import Provider
from textual.message import Message
from textual.message_pump import active_message_pump
from textual.notifications import SeverityLevel
from textual.screen import Screen

from ..config import Settings, save_settings
from ..content import Content
from ..domain.dates import format_date, format_moment
from ..domain.services import Services
from ..store import Store, StoreError, StoreEvent
from ..visible_text import visible
from .key_order import KeysInOrder
from .keys import bind, check_keymap
from .shell.error_panel import ErrorPanel
from .shell.recovery import flush_pending_edits, has_stopped, screen_label, screen_of
from .shell.section import FollowsEdits, LiveScreen, SectionScreen
from .themes import THEMES, next_theme
from .widgets.chrome import SECTIONS, ChromeState

CLOCK_CHECK_SECONDS = 30.0
HOME_MODE = "dashboard"
ERROR_STORM_COUNT = 8  # unexpected errors within ERROR_STORM_SECONDS: stop, do not loop
ERROR_STORM_SECONDS = 30.0
SECTION_SCREENS = {
    "dashboard": ("shell.dashboard", "DashboardScreen"),
    "meetings": ("meetings.meetings", "MeetingsScreen"),
    "actions": ("actions.actions", "ActionsScreen"),
    "register": ("register.register", "RegisterScreen"),
    "disputes": ("disputes.disputes", "DisputesScreen"),
    "assessments": ("assessments.assessments", "AssessmentsScreen"),
    "conflicts": ("shell.conflicts", "ConflictsScreen"),
    "compact": ("compact.compact", "CompactScreen"),
}


def _lazy_screen(module: str, class_name: str) -> Callable[[], Screen]:
    """A section's screen module is imported the first time it is opened, not at start."""

    def build() -> Screen:
        return getattr(importlib.import_module(f"{__package__}.{module}"), class_name)()

    return build


def _jump_provider() -> type[Provider]:
    """The palette's records, imported when the palette first opens, not at start."""
    from .shell.palette import JumpProvider

    return JumpProvider


class CompactApp(KeysInOrder):
    """compact-tui: the Steering Group's meetings, register, disputes and assessments."""

    TITLE = "compact-tui"
    CSS_PATH = "app.tcss"
    COMMANDS = KeysInOrder.COMMANDS | {_jump_provider}
    MODES = {mode: _lazy_screen(*where) for mode, where in SECTION_SCREENS.items()}
    BINDINGS = [
        *(bind(f"section.{mode}", f"section('{mode}')", title, show=False)
          for _key, mode, title in SECTIONS),
        bind("section.compact", "section('compact')", "Compact's clock", show=False),
        bind("help", "help", "Help"),
        bind("theme", "toggle_theme", "Theme", show=False),
        bind("quit", "quit", "Quit", priority=True),
    ]

    def __init__(self, store: Store, content: Content, settings: Settings | None = None, *,
                 settings_path: Path | None = None, persist_settings: bool = True,
                 background: bool = True, start_section: str = "dashboard") -> None:
        # Textual takes the first mode from DEFAULT_MODE as __init__ runs: set per app here.
        self.DEFAULT_MODE = start_section  # type: ignore[misc]
        super().__init__()
        self.store = store
        self.crash: Exception | None = None
        self._carrying_on = False  # set once started: an error before that stops the app
        self.errors_met: list[Exception] = []  # every unexpected error, for tests and checks
        self._error_times: list[float] = []
        self._screen_failures: dict[type[Screen], int] = {}
        self.content = content
        self.services = Services(store, content)
        self.ui_thread = threading.get_ident()  # the app runs on the thread that made it
        self.settings = settings or Settings()
        self.settings_path = settings_path
        self.persist_settings = persist_settings
        self.background = background
        self.start_section = start_section
        for extra in THEMES:
            self.register_theme(extra)
        theme = self.settings.theme or "textual-dark"
        self.theme = theme if theme in self.available_themes else "textual-dark"
        self.settings_problem = (f'The theme "{theme}" in your settings is not one this app '
                                 f'knows; using "{self.theme}".' if theme != self.theme else "")
        self.keymap, self.keymap_problems = check_keymap(self.settings.keys)
        self.set_keymap(self.keymap)
        if not store.role:
            store.role = self.settings.member_role

    def on_mount(self) -> None:
        # The loaded store is a large, long-lived object graph: keep it out of the garbage
        # collector's full passes, which otherwise stall typing now and then on big stores.
        gc.freeze()
        self.store.subscribe(self._store_event_from_thread)
        if self.background:
            self.store.start_background()
        self.set_interval(1.0, self.refresh_chrome)
        self._parent_pid = os.getppid()
        self.set_interval(2.0, self._exit_if_orphaned)
        for note in self.store.notes:
            self.notify(note, timeout=8, markup=False)
        if self.settings_problem:
            self.notify(self.settings_problem, severity="warning", timeout=8)
        self._clock_warnings_shown = set(self.store.notes)
        self.set_interval(CLOCK_CHECK_SECONDS, self._check_clocks)
        self._fix_minutes_approved_earlier()
        if self.store.problem:
            self.notify(self.store.problem, severity="error", timeout=12, markup=False)
        for problem in self.keymap_problems:
            self.notify(problem, title="Settings: keys", severity="warning", timeout=12,
                        markup=False)
        if not self.settings.member and self.store.member in ("", "unknown member"):
            from .shell.member_prompt import MemberPromptScreen

            self.push_screen(MemberPromptScreen(), self._member_chosen)
        elif self.store.recovered_place:
            self.call_after_refresh(self.reopen_place, self.store.recovered_place)
        elif self.store.copies_waiting():
            self.action_copies()
        self._carrying_on = True

    def _fix_minutes_approved_earlier(self) -> None:
        """Minutes approved by a version that did not keep their text are fixed on the first
        open that can write, as they read today, and the member is told which."""
        from ..domain.meetings.fixed_record import fix_minutes_approved_earlier

        if self.store.status().read_only:
            return
        try:
            fixed = fix_minutes_approved_earlier(self.services.meetings,
                                                 quorum_rule=self.settings.quorum)
        except (ValueError, LookupError, StoreError) as error:
            self.notify(f"Approved minutes could not be fixed yet: {error}",
                        severity="warning", timeout=12)
            return
        if fixed:
            days = ", ".join(format_date(m.date) for m in fixed)
            self.notify(f"The approved minutes of {days} were approved before this version "
                        "kept their text: they are now fixed as they read today, and will "
                        "export the same from now on. The meeting's history says so.",
                        title="Approved minutes fixed", timeout=15)

    def _check_clocks(self) -> None:
        """A member whose clock (or a colleague's) is a day off is told, once per warning."""
        for warning in self.store.clock_warnings():
            if warning not in self._clock_warnings_shown:
                self._clock_warnings_shown.add(warning)
                self.notify(warning, title="Clocks disagree", severity="warning", timeout=20,
                            markup=False)

    async def reopen_place(self, place: dict) -> None:
        """After a crash: back to the text the member was typing, cursor where it was (chair
        mode's minutes come back from the journal; a form's fields from its draft)."""
        where = str(place.get("label") or "a text box")
        if place.get("screen") == "chair":
            meeting_id = str(place.get("meeting_id") or "")
            if self.store.get("meetings", meeting_id) is None:
                return
            from .meetings.chair import ChairScreen

            if self.current_mode != "meetings":
                self.switch_mode("meetings")
            self.push_screen(ChairScreen(meeting_id, resume=place))
        elif place.get("screen") == "form":
            from .shell.drafts import reopenable_form

            found = reopenable_form(self, place)
            if found is None:
                return
            section, form = found
            if self.current_mode != section:
                self.switch_mode(section)
            await self.push_screen(form)
            await form.restore_draft(place)
        else:
            return
        self.notify(f"compact-tui closed without saving (a crash or power cut). Your typing in "
                    f"{where} is back, with the cursor where it was.", title="Recovered",
                    timeout=12, markup=False)

    def _exit_if_orphaned(self) -> None:
        """The terminal's session ended without a hang-up reaching us (e.g. under make): quit,
        so the store is saved and closed instead of the app spinning on a dead terminal."""
        if os.getppid() != self._parent_pid:
            self.exit()

    # ------------------------------------------------------- unexpected errors

    def _handle_exception(self, error: Exception) -> None:
        """An error nothing expected (Textual calls this from every handler, timer and
        worker). The report goes to the problem log with its traceback, held typing goes to
        the journal, and the app carries on: a screen whose handler raised is rebuilt from
        the store and a panel says what happened and where the report is. It stops only when
        it cannot carry on (an error while starting, the same screen failing again and
        again, a storm of errors); ``compact-tui`` then says where the report is and exits
        with status 1. The first error that stops it is the one reported."""
        try:
            self._carry_on_or_stop(error)
        except Exception:  # reporting must never fail in turn: stop as Textual would
            if self.crash is None:
                self.crash = error
            super()._handle_exception(error)

    def _carry_on_or_stop(self, error: Exception) -> None:
        self.errors_met.append(error)
        pump = active_message_pump.get(None)
        screen = screen_of(pump)
        stack = self._screen_stacks.get(self.current_mode) or []
        if screen is None and stack:
            screen = stack[-1]
        where = f" in {screen_label(screen)}" if screen is not None else ""
        if self._exit and self.crash is None and self._carrying_on:
            # The member asked to quit and the app is closing: the store still saves as it
            # closes, so the quit goes on; the report is kept for whoever helps.
            with contextlib.suppress(Exception):
                self.store.events.log.write(f"An unexpected error{where} while closing", error)
            self._hand_over_typing()
            return
        stopping = self._must_stop(error, screen)
        with contextlib.suppress(Exception):
            self.store.events.log.write(
                "The app stopped on an unexpected error" if stopping else
                f"An unexpected error{where}; the app carried on", error)
        self._hand_over_typing()
        if stopping:
            if self.crash is None:
                self.crash = error
            if self._carrying_on:
                self.exit(return_code=1)
            else:
                super()._handle_exception(error)
            return
        self.run_worker(self._carry_on(error, where), group="carry-on")

    async def _dispatch_message(self, message: Message) -> None:
        """Once started, an error in a handler the app runs itself (a screen's key action)
        does not end the app's own message loop, which would stop the whole app."""
        if not self._carrying_on:
            await super()._dispatch_message(message)
            return
        try:
            await super()._dispatch_message(message)
        except Exception as error:
            self._handle_exception(error)

    def _must_stop(self, error: Exception, screen: Screen | None) -> bool:
        if not self._carrying_on or self.crash is not None:
            return True
        now = time.monotonic()
        self._error_times = [t for t in self._error_times if now - t < ERROR_STORM_SECONDS]
        self._error_times.append(now)
        if len(self._error_times) > ERROR_STORM_COUNT:
            return True
        if screen is not None:
            failures = self._screen_failures
            failures[type(screen)] = failures.get(type(screen), 0) + 1
            home = isinstance(screen, SectionScreen) and screen.SECTION == HOME_MODE
            return home and failures[type(screen)] > 1
        return False

    def _hand_over_typing(self) -> None:
        """Typing a screen still holds goes to the store, and the journal to the disk."""
        for failed in flush_pending_edits(
                screen for stack in self._screen_stacks.values() for screen in stack):
            with contextlib.suppress(Exception):
                self.store.events.log.write("Could not hand over held typing", failed)
        with contextlib.suppress(Exception):
            self.store.journal.flush()

    async def _carry_on(self, error: Exception, where: str) -> None:
        """Rebuild what stopped, then show the panel (one at a time)."""
        reopened = await self._rebuild_stopped_screens()
        if not isinstance(self.screen, ErrorPanel):
            await self.push_screen(ErrorPanel(error, self.store.events.log.path, where,
                                              reopened))

    async def _rebuild_stopped_screens(self) -> str:
        """A stopped dialog is closed; a stopped section is opened afresh from the store, or
        (failing again) closed until the member opens it. Returns what the member is told."""
        told = []
        for mode, stack in list(self._screen_stacks.items()):
            stopped = next((s for s in stack if has_stopped(s)), None)
            if stopped is None:
                continue
            label = screen_label(stopped)
            if mode == self.current_mode and stopped is not stack[0]:
                while self.screen is not stopped:
                    await self.pop_screen()
                await self.pop_screen()
                told.append(f"{label[0].upper()}{label[1:]} was closed (what was typed in "
                            "it and not yet saved is not kept).")
                continue
            again = self._screen_failures.get(type(stack[0]), 0) > 1
            here = mode == self.current_mode
            if here:
                await self.switch_mode(HOME_MODE if mode != HOME_MODE
                                       else next(m for m in self.MODES if m != mode))
            await self.remove_mode(mode)
            self.add_mode(mode, self.MODES[mode])
            if here and not again:
                await self.switch_mode(mode)
            outcome = ("stopped again and was closed: open it again with its key" if again
                       else "was opened afresh")
            told.append(f"{label[0].upper()}{label[1:]} {outcome}.")
        return " ".join(told)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Every notice is plain text: most carry names and values from the shared file, so
        markup is never parsed (``markup`` is accepted and ignored) and control characters
        are made visible."""
        super().notify(visible(message), title=visible(title), severity=severity,
                       timeout=timeout, markup=False)

    async def on_unmount(self) -> None:
        """Stop the store's loop from a worker thread: the loop may be waiting for this thread
        to take an event (``call_from_thread``), and stopping it here would wait for ever."""
        await asyncio.to_thread(self.store.stop_background)

    # ---------------------------------------------------------------- sections

    def action_section(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    def open_record(self, mode: str, record_id: str) -> None:
        """Jump to a record (from the palette or a link): switch section, then show it."""
        self.switch_mode(mode)

        def show() -> None:
            if isinstance(self.screen, SectionScreen):
                self.screen.open_record(record_id)

        self.call_after_refresh(show)

    def action_help(self) -> None:
        from .shell.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen, self.BINDINGS))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Restore a backup", "Set the records back to an earlier "
                            "version of the shared file (asks first)", self.action_restore)
        yield SystemCommand("Copies waiting", "Copies of the store beside the file that "
                            "wait for you: merge one or put it aside", self.action_copies)
        yield SystemCommand("Damaged records", "Records with a value that does not fit its "
                            "field: repair or remove them", self.action_damaged)

    def action_damaged(self) -> None:
        from .shell.damaged import DamagedScreen

        self.push_screen(DamagedScreen())

    def action_copies(self) -> None:
        """List the copies of the store that wait for a member's word."""
        from .shell.copies import CopiesScreen

        waiting = self.store.copies_waiting()
        if not waiting:
            self.notify("No copies of the store wait beside the file.", timeout=6)
            return

        def done(message: str | None) -> None:
            if message:
                self.notify(message, timeout=10, markup=False)
                self.refresh_screen()

        self.push_screen(CopiesScreen(waiting), done)

    def action_restore(self) -> None:
        """Offer the backups beside the file (from the palette; the problem banner says how).

        Restoring is rare and drastic, so no single key starts it."""
        from .shell.restore_backup import RestoreBackupScreen

        def restored(message: str | None) -> None:
            if message:
                self.notify(message, timeout=8)
                self.refresh_screen()

        self.push_screen(RestoreBackupScreen(), restored)

    def show_history(self, table: str, record_id: str) -> None:
        """Who changed which fields of a record, when (record screens bind h to this)."""
        from .shell.history import HistoryScreen

        self.push_screen(HistoryScreen(table, record_id))

    def action_toggle_theme(self) -> None:
        self.theme = next_theme(self.theme)
        self.settings.theme = self.theme
        self._persist()

    # ------------------------------------------------------------ member name

    def _member_chosen(self, result: tuple[str, str] | None) -> None:
        if result:
            name, role = result
            self.settings.member, self.settings.member_role = name, role
            self.store.member = name
            self.store.role = role
            self._persist()
            self.refresh_chrome()
        if self.store.copies_waiting():
            self.action_copies()

    def _persist(self) -> None:
        if self.persist_settings:
            try:
                save_settings(self.settings, self.settings_path)
            except OSError as error:
                self.notify(f"Could not save your settings: {error}", severity="warning")

    # ------------------------------------------------------------ store events

    def _store_event_from_thread(self, event: StoreEvent) -> None:
        """Events come from the store's background loop, a worker, or this thread. An error in
        handling one reaches the store, which logs it and reports it as a problem."""
        if threading.get_ident() == self.ui_thread:
            self.handle_store_event(event)
        else:
            self.call_from_thread(self.handle_store_event, event)

    def handle_store_event(self, event: StoreEvent) -> None:
        if event.kind == "external":
            self.notify(event.message, title="Updated elsewhere", timeout=6)
            self.refresh_screen(chrome=False)
        elif event.kind == "problem":
            self.notify(event.message, title="Problem with the shared file", severity="error",
                        timeout=12, markup=False)
        elif event.kind in ("recovered", "absorbed"):
            self.notify(event.message, timeout=8, markup=False)
        elif event.kind == "copies":
            self.notify(event.message, title="A copy waits for you", severity="warning",
                        timeout=20, markup=False)
        self.refresh_chrome()

    def chrome_state(self) -> ChromeState:
        status = self.store.status()
        return ChromeState(
            path=self.path_text(self.store.path),
            member=self.store.member,
            saved=self.clock_text(status.last_saved),
            unsaved=status.unsaved,
            others=", ".join(self.store.others_present()),
            conflicts=len(self.store.conflicts()),
            problem=status.problem or "",
            read_only=status.read_only,
            demo=self.store.is_demo(),
            damaged=tuple((d.section, d.record_id, d.describe())
                          for d in self.services.damaged.find()),
        )

    @staticmethod
    def path_text(path: Path) -> str:
        """The folder and file name: enough to tell the shared file from a local copy."""
        return f"{path.parent.name}/{path.name}"

    @staticmethod
    def clock_text(moment: datetime | None) -> str:
        """The last-saved time as HH:MM (tests freeze it for stable snapshots)."""
        return format_moment(moment).split(" ")[-1] if moment else ""

    def refresh_screen(self, chrome: bool = True) -> None:
        """Re-read what the screen on top shows (others' edits, a restored backup)."""
        if isinstance(self.screen, LiveScreen | FollowsEdits):
            self.screen.refresh_data()
        if chrome:
            self.refresh_chrome()

    def refresh_chrome(self) -> None:
        """Once a second: repaint the frame only when something in it changed."""
        screen = self.screen
        if not isinstance(screen, SectionScreen):
            return
        state = self.chrome_state()
        if screen.shown_chrome != state:
            screen.show_chrome(state)
