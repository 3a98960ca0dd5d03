"""The agenda of one meeting: add, edit, remove and reorder items, issue and export it.

The planned end time is worked out by the domain after every change, and matters arising
(open and overdue actions, disputes due, signatories due their update, returns awaiting review)
are listed under the agenda so the chair sees them while planning.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from ...domain.dates import format_date, format_time, typed_date
from ...domain.meetings import MEETINGS, PURPOSES, AgendaItem, Meeting, MeetingsService
from ...domain.meetings.matters_arising import matters_arising_lines
from ...locations import export_folder
from ...store import StoreError
from ..keys import bind, key_label
from ..shell.confirm import ConfirmScreen
from ..shell.export_dialog import ExportDialog
from ..shell.section import SectionScreen
from ..widgets.plain import template
from ..widgets.record_table import RecordTable, fit

TITLE_WIDTH, PRESENTER_WIDTH = 26, 14


class AgendaEditorScreen(SectionScreen):
    SECTION = "meetings"
    CSS_PATH = "agenda_editor.tcss"
    BINDINGS = [
        bind("new", "add_item", "Add item"),
        bind("select", "edit_item", "Edit", show=False),
        bind("remove", "remove_item", "Remove"),
        bind("move_up", "move(-1)", "Move up"),
        bind("move_down", "move(1)", "Move down"),
        bind("issue", "issue", "Issue agenda"),
        bind("export", "export_agenda", "Export"),
        bind("edit", "details", "Details"),
        bind("chair", "chair", "Chair mode"),
        bind("back", "back", "Back"),
        bind("history", "history", "Item history", show=False),
    ]

    def __init__(self, meeting_id: str) -> None:
        super().__init__()
        self.meeting_id = meeting_id

    @property
    def service(self) -> MeetingsService:
        return self.services.meetings

    def compose_body(self) -> ComposeResult:
        yield Static("", id="agenda-heading")
        yield RecordTable("No.", "Item", "Presenter", "Min", "Purpose", "Papers",
                          id="agenda-table")
        with VerticalScroll(id="matters-box"):
            yield Static("", id="matters-arising")

    # ---------------------------------------------------------------- showing

    def refresh_data(self) -> None:
        service = self.service
        meeting = service.meeting(self.meeting_id)
        if meeting is None:
            self.query_one("#agenda-heading", Static).update(
                "This meeting has been removed (perhaps by another member). Press "
                f"{key_label(self.app, 'back')}.")
            self.table.clear()
            return
        self._show_heading(service, meeting)
        title_width = TITLE_WIDTH + max(0, self.size.width - 80)

        def cells(item: AgendaItem) -> list[RenderableType]:
            title = item.title + (" (deferred)" if item.deferred else "")
            return [service.item_label(item), Text(fit(title, title_width)),
                    Text(fit(item.presenter, PRESENTER_WIDTH)), str(item.planned_minutes),
                    PURPOSES.get(item.purpose, item.purpose),
                    str(len(item.papers)) if item.papers else ""]

        self.table.refill((item.id, cells(item)) for item in service.items(self.meeting_id))
        lines = matters_arising_lines(self.compact.store, self.meeting_id)
        body = "\n".join(f"• {line}" for line in lines) if lines else "Nothing outstanding."
        self.query_one("#matters-arising", Static).update(
            template("[b]Matters arising[/b]\n$body", body=body))

    def _show_heading(self, service: MeetingsService, meeting: Meeting) -> None:
        where = meeting.venue or meeting.video_link or "venue not set"
        end = service.planned_end(meeting.id)
        total = sum(item.planned_minutes for item in service.items(meeting.id)
                    if not item.deferred)
        heading = template(
            "[b]$day, $start–$end[/b] · $status · $total min planned · "
            "[b]planned end $end[/b]\n$title · $where",
            day=format_date(meeting.date), start=format_time(meeting.start_time),
            end=format_time(end, "not set"), status=meeting.status_label, total=str(total),
            title=meeting.title, where=where)
        self.query_one("#agenda-heading", Static).update(heading)

    @property
    def table(self) -> RecordTable:
        return self.query_one("#agenda-table", RecordTable)

    def selected_item_id(self) -> str | None:
        return self.table.selected_id

    def action_history(self) -> None:
        item_id = self.selected_item_id()
        if item_id:
            self.compact.show_history("agenda_items", item_id)

    def selected_item(self) -> AgendaItem | None:
        item_id = self.selected_item_id()
        item = self.service.item(item_id) if item_id else None
        if item is None:
            self.notify(f"The agenda is empty. Press {key_label(self.app, 'new')} to add an item.")
        return item

    def _change(self, change: Any, *args: Any, **kwargs: Any) -> tuple[bool, Any]:
        """Run a domain change; say why if it cannot be made, and show the result."""
        try:
            result = change(*args, **kwargs)
        except (ValueError, LookupError, StoreError) as error:
            self.notify(str(error), title="Not changed", severity="error", markup=False)
            return False, None
        self.refresh_data()
        return True, result

    # ---------------------------------------------------------------- editing

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit_item()

    def action_add_item(self) -> None:
        from .item_form import ItemFormScreen

        self.app.push_screen(ItemFormScreen(), self._added)

    def _added(self, fields: dict[str, Any] | None) -> None:
        if not fields:
            return
        title = fields.pop("title")
        ok, item_id = self._change(self.service.add_item, self.meeting_id, title, **fields)
        if ok:
            self.table.select(item_id)

    def action_edit_item(self) -> None:
        from .item_form import ItemFormScreen

        item = self.selected_item()
        if item is None:
            return

        def edited(fields: dict[str, Any] | None) -> None:
            if fields is not None:
                self.refresh_data()

        label = self.service.item_label(item)
        self.app.push_screen(ItemFormScreen(
            item, f"Edit item {label}",
            apply=lambda fields: self.service.update_item(item.id, **fields)), edited)

    def action_remove_item(self) -> None:
        item = self.selected_item()
        if item is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._change(self.service.remove_item, item.id)

        detail = "Its minutes go too." if item.minutes.strip() else ""
        self.app.push_screen(ConfirmScreen(f'Remove "{item.title}" from the agenda?', detail,
                                           yes="remove it"),
                             answered)

    def action_move(self, delta: int) -> None:
        item = self.selected_item()
        if item is not None:
            self._change(self.service.move_item, item.id, delta)
            self.table.select(item.id)

    def action_issue(self) -> None:
        meeting = self.service.meeting(self.meeting_id)
        if meeting is None:
            return
        if meeting.status != "draft":
            self.notify(f"The agenda was already issued (status: {meeting.status_label}).")
            return

        def answered(yes: bool | None) -> None:
            if yes and self._change(self.service.issue_agenda, self.meeting_id)[0]:
                self.notify("Agenda issued: item numbers are now fixed. Press "
                            f"{key_label(self.app, 'export')} to export it.",
                            title="Issued", markup=False)

        self.app.push_screen(ConfirmScreen(
            "Issue the agenda?",
            "Item numbers are fixed from now on, even if items move or are deferred."),
            answered)

    # ---------------------------------------------------------------- exports

    def _export(self, title: str, stem: str, formats: dict[str, Any]) -> None:
        meeting = self.service.meeting(self.meeting_id)
        if meeting is None:
            return
        ending = next(iter(formats))
        default = export_folder(self.compact.store.path) / f"{stem}-{meeting.date}{ending}"
        self.app.push_screen(ExportDialog(title, default, formats,
                                          data_file=self.compact.store.path), self._exported)

    def _exported(self, path: Path | None) -> None:
        if path is not None:
            self.notify(f"Saved {path}", title="Exported", markup=False)

    def action_export_agenda(self) -> None:
        """The agenda as a document, or the meeting as a calendar file (.ics)."""
        from ...domain.exports import agenda_html, agenda_markdown, meeting_ics

        store, content = self.compact.store, self.compact.content
        from ...word import markdown_to_docx

        self._export("Export the agenda (.md, .html, .docx) or a calendar file (.ics)",
                     "agenda", {
            ".md": lambda: agenda_markdown(store, self.meeting_id, content),
            ".html": lambda: agenda_html(store, self.meeting_id, content),
            ".docx": lambda: markdown_to_docx(agenda_markdown(store, self.meeting_id, content),
                                              "Agenda"),
            ".ics": lambda: meeting_ics(store, self.meeting_id, content),
        })

    def action_details(self) -> None:
        """Date, time, place and people; the domain checks them and the form says why not."""
        from ..shell.text_prompt import PromptField, TextPromptScreen

        meeting = self.service.meeting(self.meeting_id)
        if meeting is None:
            return
        on = meeting.on
        fields = [
            PromptField("title", "Title", required=True, value=meeting.title),
            PromptField("date", "Date", "e.g. 03/12/2026", True,
                        typed_date(on), shown=typed_date),
            PromptField("start_time", "Start time", "e.g. 14:00", True, meeting.start_time),
            PromptField("venue", "Venue", value=meeting.venue),
            PromptField("video_link", "Video link", value=meeting.video_link),
            PromptField("chair", "Chair", value=meeting.chair),
            PromptField("minute_taker", "Minute taker", value=meeting.minute_taker),
        ]

        def apply(values: dict[str, str]) -> None:
            self.service.update_meeting(self.meeting_id, **values)

        def done(values: dict[str, str] | None) -> None:
            if values is not None:
                self.refresh_data()
                self.notify("Meeting details saved." if values else "Nothing was changed.")

        self.app.push_screen(TextPromptScreen("Meeting details", fields, apply=apply,
                                              record=(MEETINGS, self.meeting_id)), done)

    def action_chair(self) -> None:
        from .chair import ChairScreen

        self.app.push_screen(ChairScreen(self.meeting_id))

    def action_back(self) -> None:
        self.app.pop_screen()

    def open_record(self, record_id: str) -> None:
        self.table.select(record_id)

