"""Meetings: upcoming and past, with status; the way into the agenda editor and chair mode."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from ...domain.dates import format_date, format_date_short, format_time, today
from ...domain.mailings import summary
from ...domain.meetings import Meeting, MeetingsService
from ...locations import agendas_folder, export_folder
from ...store import StoreError
from ..keys import bind, key_label
from ..shell.export_dialog import ExportDialog
from ..shell.section import SectionScreen
from ..widgets.plain import plain
from ..widgets.record_table import RecordTable, fit

TITLE_WIDTH = 30


class MeetingsScreen(SectionScreen):
    SECTION = "meetings"
    CSS_PATH = "meetings.tcss"
    BINDINGS = [
        bind("new", "new_meeting", "New meeting"),
        bind("select", "open_agenda", "Agenda", show=False),
        bind("chair", "chair", "Chair mode"),
        bind("export", "export_minutes", "Export"),
        bind("mail", "mail", "Email"),
        bind("pack", "export_pack", "Agenda pack", show=False),
        bind("edit", "amend", "Amend"),
        bind("history", "history", "History"),
        bind("status", "cancel_meeting", "Cancel or reinstate", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static(f"Meetings · {key_label(self.app, 'select')}: agenda",
                     classes="section-title body-title")
        yield RecordTable("When", "Date", "Time", "Meeting", "Status", id="meetings-table",
                          classes="body")
        yield Static("", id="meeting-detail", markup=False)

    @property
    def service(self) -> MeetingsService:
        return self.services.meetings

    def refresh_data(self) -> None:
        service = self.service
        upcoming = sorted(service.upcoming(), key=lambda m: (m.date, m.start_time))
        self.table.refill(
            (meeting.id, [label, format_date_short(meeting.date), format_time(meeting.start_time),
                          Text(fit(meeting.title, TITLE_WIDTH)), meeting.status_label])
            for label, meetings in (("Upcoming", upcoming), ("Past", service.past()))
            for meeting in meetings)
        self._show_detail()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#meetings-table", RecordTable)

    def selected_id(self) -> str | None:
        return self.table.selected_id

    def selected_meeting(self) -> Meeting | None:
        meeting_id = self.selected_id()
        meeting = self.service.meeting(meeting_id) if meeting_id else None
        if meeting is None:
            self.notify(f"There are no meetings yet. Press {key_label(self.app, 'new')} to "
                        "create one.")
        return meeting

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_agenda()

    def _show_detail(self) -> None:
        meeting_id = self.selected_id()
        service = self.service
        meeting = service.meeting(meeting_id) if meeting_id else None
        detail = self.query_one("#meeting-detail", Static)
        if meeting is None:
            detail.update(f"No meetings yet. Press {key_label(self.app, 'new')} to create "
                          "one from a template.")
            return
        where = meeting.venue or meeting.video_link or "venue not set"
        end = service.planned_end(meeting.id)
        items = len(service.items(meeting.id))
        lines = [
            f"{format_date(meeting.date)} · {where}",
            f"Chair: {meeting.chair or 'not set'} · Minutes: {meeting.minute_taker or 'not set'}",
            # how approved minutes came to be fixed, when not at approval, outranks the plan
            meeting.approved_minutes_note
            or f"{items} items · planned end {format_time(end, 'not set')}",
        ]
        for record in self.services.mailings.history(meeting.id)[-2:]:
            sent = summary(record)  # "agenda sent to 12 recipient(s) on 26 November 2026"
            lines.append(sent[:1].upper() + sent[1:] + ".")
        detail.update(plain("\n".join(lines)))

    def open_record(self, record_id: str) -> None:
        if not self.table.select(record_id):  # removed elsewhere
            self.notify("That meeting is no longer in the list.", severity="warning")
            return
        self.table.focus()

    # ---------------------------------------------------------------- actions

    def action_new_meeting(self) -> None:
        from .meeting_form import MeetingFormScreen

        folder = agendas_folder(self.compact.settings.agendas_folder)
        self.app.push_screen(MeetingFormScreen(folder), self._created)

    def _created(self, meeting_id: str | None) -> None:
        if meeting_id:
            self.refresh_data()
            self.table.select(meeting_id)
            self._open_agenda(meeting_id)

    def action_open_agenda(self) -> None:
        meeting = self.selected_meeting()
        if meeting is not None:
            self._open_agenda(meeting.id)

    def _open_agenda(self, meeting_id: str) -> None:
        from .agenda_editor import AgendaEditorScreen

        self.app.push_screen(AgendaEditorScreen(meeting_id))

    def action_chair(self) -> None:
        from .chair import ChairScreen

        meeting = self.selected_meeting()
        if meeting is not None:
            self.app.push_screen(ChairScreen(meeting.id))

    def action_export_minutes(self) -> None:
        meeting = self.selected_meeting()
        if meeting is None:
            return
        from ...domain.exports import minutes_html, minutes_markdown
        from ...word import markdown_to_docx

        store, content = self.compact.store, self.compact.content
        rule = self.compact.settings.quorum
        default = export_folder(store.path) / f"minutes-{meeting.date}.md"
        formats: dict[str, Callable[[], str | bytes]] = {
            ".md": lambda: minutes_markdown(store, meeting.id, content, quorum_rule=rule),
            ".html": lambda: minutes_html(store, meeting.id, content, quorum_rule=rule),
            ".docx": lambda: markdown_to_docx(
                minutes_markdown(store, meeting.id, content, quorum_rule=rule),
                f"Minutes of {format_date(meeting.date)}", signature=True),
        }
        dialog = ExportDialog(f"Export the minutes of {format_date_short(meeting.date)}",
                              default, formats, data_file=store.path)
        self.app.push_screen(dialog, self._exported)

    def action_mail(self, what: str = "") -> None:
        """The agenda before the meeting, the minutes after it (the dialog can switch)."""
        from .send_papers import SendPapersScreen

        meeting = self.selected_meeting()
        if meeting is None:
            return
        if not what:
            held = (meeting.on is not None and meeting.on < today()) or meeting.started_at
            what = "minutes" if held else "agenda"

        def finished(result: str | None) -> None:
            if result and result.startswith("switch:"):
                self.action_mail(result.removeprefix("switch:"))
            elif result:
                self.notify(result, title="Email", markup=False)
                self._show_detail()

        self.app.push_screen(SendPapersScreen(meeting.id, what), finished)

    def action_export_pack(self) -> None:
        """The agenda pack of the highlighted meeting, ready to print or send."""
        from ...domain.exports.pack import pack_html, pack_markdown
        from ..shell.export_dialog import ExportDialog

        meeting = self.selected_meeting()
        if meeting is None:
            return
        store, content = self.compact.store, self.compact.content
        rule = self.compact.settings.quorum
        formats: dict[str, Callable[[], str | bytes]] = {
            ".html": lambda: pack_html(store, meeting.id, content, quorum_rule=rule),
            ".md": lambda: pack_markdown(store, meeting.id, content, quorum_rule=rule),
        }
        self.app.push_screen(ExportDialog(
            f"Export the agenda pack for {format_date_short(meeting.date)}",
            export_folder(store.path) / f"agenda-pack-{meeting.date}.html", formats,
            data_file=store.path), self._exported)

    def _exported(self, path: Path | None) -> None:
        if path is not None:
            self.notify(f"Saved {path}", title="Exported", markup=False)

    def action_cancel_meeting(self) -> None:
        """Call a meeting off (or back on); it stays listed, and its calendar file says so."""
        from ...domain.meetings import MeetingInputError
        from ..shell.confirm import ConfirmScreen

        meeting = self.selected_meeting()
        if meeting is None:
            return
        service = self.service
        when = format_date(meeting.date)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                if meeting.cancelled:
                    service.reinstate_meeting(meeting.id)
                else:
                    service.cancel_meeting(meeting.id)
            except (MeetingInputError, StoreError) as error:
                self.notify(str(error), severity="warning", markup=False)
                return
            self.refresh_data()
            self.table.select(meeting.id)

        if meeting.cancelled:
            question = f"Reinstate the meeting on {when}?"
            detail = "It goes back to how it was before it was cancelled."
        else:
            question = f"Cancel the meeting on {when}?"
            detail = ("It stays in the list, marked Cancelled; a calendar file exported from "
                      "now on tells members' calendars it is cancelled.")
        self.app.push_screen(ConfirmScreen(question, detail), answered)

    def action_amend(self) -> None:
        """Approved minutes are locked; a correction is recorded as a dated amendment."""
        from ..shell.text_prompt import PromptField, TextPromptScreen

        meeting = self.selected_meeting()
        if meeting is None:
            return
        if not meeting.minutes_locked:
            self.notify("These minutes are not approved yet: change them in chair mode "
                        f"({key_label(self.app, 'chair')}).")
            return

        def chosen(result: dict[str, str] | None) -> None:
            if not result:
                return
            try:
                self.service.add_amendment(meeting.id, result["text"], today())
            except (ValueError, StoreError) as error:
                self.notify(str(error), title="Not recorded", severity="error", markup=False)
                return
            self.notify(f"Amendment to the minutes of {format_date(meeting.date)} recorded.")

        self.app.push_screen(TextPromptScreen(
            f"Amend the approved minutes of {format_date(meeting.date)}",
            [PromptField("text", "Amendment", "e.g. Item 5: for 4 read 5 votes", required=True)],
            note=f"It is added to the minutes with today's date, {format_date(today())}."),
            chosen)

    def action_history(self) -> None:
        meeting = self.selected_meeting()
        if meeting is None:
            return
        self.compact.show_history("meetings", meeting.id)
