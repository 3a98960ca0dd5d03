"""The action log: every action from every meeting, filtered in the domain, status kept up.

Filters (owner, status, overdue only, free text) become an ``ActionFilter`` and the domain
returns only the matching actions before the table is filled, so a ten-year log stays quick.
"OVERDUE" and missing owners or due dates are shown in words, not only in colour.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label, Select, Static

from ...domain.actions import ACTION_STATUSES, Action, ActionFilter, ActionsService, owner_label
from ...domain.dates import format_date, format_date_short
from ...domain.meetings import MeetingsService
from ...locations import export_folder
from ..keys import bind, key_label
from ..shell.export_dialog import ExportDialog
from ..shell.section import SectionScreen
from ..widgets.plain import plain, plain_cell
from ..widgets.record_table import RecordTable, fit


def source_text(meetings: MeetingsService, action: Action) -> str:
    """'Steering Group, 3 December 2026 · item 5: Consultation …' or why it is unknown."""
    meeting, item = meetings.action_source(action)
    if meeting is None:
        return "From a meeting that is no longer in the file."
    where = f"{meeting.title}, {format_date(meeting.date)}"
    if item is None:
        return f"From {where} (the agenda item was removed)."
    label = str(item.number or item.position)
    return f"From {where} · item {label}: {item.title}"


class ActionsScreen(SectionScreen):
    SECTION = "actions"
    CSS_PATH = "actions.tcss"
    AUTO_FOCUS = "#actions-table"
    BINDINGS = [
        bind("select", "details", "Where from", show=False),
        bind("status", "update_status", "Update status"),
        bind("edit", "correct", "Correct"),
        bind("meeting", "go_to_meeting", "Go to meeting"),
        bind("filter", "toggle_overdue", "Overdue only"),
        bind("find", "find", "Find"),
        bind("reset", "reset_filters", "Clear filters"),
        bind("export", "export", "Export"),
        bind("history", "history", "History", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.overdue_only = False

    @property
    def service(self) -> ActionsService:
        return self.services.actions

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="action-filters"):
            yield Label("Find")
            yield Input(placeholder="words, ref or owner", id="filter-text", compact=True)
            yield Label("Owner")
            yield Select([], prompt="Anyone", compact=True, id="filter-owner")
            yield Label("Status")
            yield Select([(label, key) for key, label in ACTION_STATUSES.items()],
                         prompt="Any status", compact=True, id="filter-status")
        yield Static("", id="action-summary")
        yield RecordTable("Ref", "Action", "Owner", "Due", "Status", id="actions-table",
                          classes="body")
        yield Static("", id="action-detail", markup=False)

    # ---------------------------------------------------------------- filling

    def current_filter(self) -> ActionFilter:
        owner = self.query_one("#filter-owner", Select).value
        status = self.query_one("#filter-status", Select).value
        return ActionFilter(owner=owner if isinstance(owner, str) else "",
                            status=status if isinstance(status, str) else "",
                            overdue_only=self.overdue_only,
                            text=self.query_one("#filter-text", Input).value)

    def refresh_data(self) -> None:
        service = self.service
        owner_select = self.query_one("#filter-owner", Select)
        owners = service.owners()
        chosen = owner_select.value
        owner_select.set_options([(plain_cell(name), name) for name in owners])
        if isinstance(chosen, str) and chosen in owners:
            owner_select.value = chosen
        self._fill(service)

    def _fill(self, service: ActionsService | None = None) -> None:
        service = service or self.service
        names = service.organisation_names()
        found = service.actions(self.current_filter())
        spare = max(0, self.size.width - 80)
        text_width, owner_width = 22 + spare * 2 // 3, 14 + spare // 3

        def cells(action: Action) -> list[RenderableType]:
            owner = action.owner_name or names.get(action.owner_organisation_id, "")
            return [Text(action.ref), Text(fit(action.description, text_width)),
                    Text(fit(owner, owner_width) or "! no owner"),
                    format_date_short(action.due) or "! no date", _status_text(action)]

        self.table.refill((action.id, cells(action)) for action in found)
        overdue = sum(1 for action in found if action.is_overdue())
        flagged = sum(1 for action in found if action.problems())
        shown = "overdue only" if self.overdue_only else "all dates"
        self.query_one("#action-summary", Static).update(plain(
            f"{len(found)} actions · {overdue} overdue · {flagged} need an owner or date · "
            f"showing {shown} ({key_label(self.app, 'filter')})"))
        self._show_detail()

    def on_resize(self) -> None:
        self._fill()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter-text":
            self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter-text":
            self.table.focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id in ("filter-owner", "filter-status"):
            self._fill()

    # ---------------------------------------------------------------- selection

    @property
    def table(self) -> RecordTable:
        return self.query_one("#actions-table", RecordTable)

    def selected_id(self) -> str | None:
        return self.table.selected_id

    def action_history(self) -> None:
        """Corrections side by side (what it said, what it says now), else who changed it."""
        from ...domain.corrections import corrections
        from ..meetings.corrections import CorrectionsScreen

        action_id = self.selected_id()
        if not action_id:
            return
        if corrections(self.compact.store, table="actions", record_id=action_id):
            action = self.service.action(action_id)
            names = {o.id: o.name for o in self.services.register.organisations()}
            self.app.push_screen(CorrectionsScreen(
                f"Action {action.ref}" if action else "Action", "actions", action_id, names))
        else:
            self.compact.show_history("actions", action_id)

    def action_correct(self) -> None:
        """Correct wording, owner, due date or status; the wording of an action in approved
        minutes stays as minuted (the form says so)."""
        from ...domain.meeting_views import owner_choices
        from .action_form import ActionFormScreen

        action = self.selected_action()
        if action is None:
            return

        def done(result: object) -> None:
            if result:
                self.notify(f"{action.ref} corrected; {key_label(self.app, 'history')} shows "
                            "what it said before.",
                            markup=False)
                self._fill()

        self.app.push_screen(ActionFormScreen(
            f"Correct action {action.ref}", owner_choices(self.compact.store), action=action,
            apply=lambda values: self.service.update_action(action.id, **values)), done)

    def selected_action(self) -> Action | None:
        action_id = self.selected_id()
        action = self.service.action(action_id) if action_id else None
        if action is None:
            self.notify("No action is selected.")
        return action

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_details()

    def _show_detail(self) -> None:
        action_id = self.selected_id()
        service = self.service
        action = service.action(action_id) if action_id else None
        detail = self.query_one("#action-detail", Static)
        if action is None:
            detail.update(f"No actions match. Press {key_label(self.app, 'reset')} to clear the "
                          "filters.")
            return
        overdue = "OVERDUE, " if action.is_overdue() else ""
        owner = owner_label(action, service.organisation_names()) or "no owner"
        lines = [f"{action.ref} · {overdue}{action.status_label} · {owner} · due "
                 f"{format_date(action.due, 'not set')}",
                 source_text(self.services.meetings, action)]
        if action.problems():
            lines.append("Needs attention: " + "; ".join(action.problems()))
        if action.notes:
            last = action.notes[-1]
            lines.append(f"Last note ({format_date(last.get('at', ''))}, {last.get('by', '')}): "
                         f"{last.get('note') or ACTION_STATUSES.get(last.get('status', ''), '')}")
        detail.update(plain("\n".join(lines)))

    def open_record(self, record_id: str) -> None:
        if not self.table.select(record_id):  # hidden by the filters?
            self.action_reset_filters()
            if not self.table.select(record_id):  # removed elsewhere
                self.notify("That action is no longer in the log.", severity="warning")
                return
        self.table.focus()

    # ---------------------------------------------------------------- actions

    def action_details(self) -> None:
        from .action_detail import ActionDetailScreen

        action = self.selected_action()
        if action is None:
            return
        service = self.service
        screen = ActionDetailScreen(action, owner_label(action, service.organisation_names()),
                                    source_text(self.services.meetings, action))

        def chosen(choice: str | None) -> None:
            if choice == "meeting":
                self._go_to_meeting(action)
            elif choice == "status":
                self.action_update_status()

        self.app.push_screen(screen, chosen)

    def action_update_status(self) -> None:
        from .action_status_form import ActionStatusFormScreen

        action = self.selected_action()
        if action is None:
            return

        def chosen(result: dict[str, str] | None) -> None:
            if result:
                self.notify(f"{action.ref}: {ACTION_STATUSES[result['status']]}",
                            markup=False)
                self._fill()

        self.app.push_screen(ActionStatusFormScreen(action, lambda result: (
            self.service.update_status(action.id, result["status"], result["note"]))), chosen)

    def action_go_to_meeting(self) -> None:
        action = self.selected_action()
        if action is not None:
            self._go_to_meeting(action)

    def _go_to_meeting(self, action: Action) -> None:
        meeting, _ = self.services.meetings.action_source(action)
        if meeting is None:
            self.notify("The meeting this action came from is no longer in the file.")
            return
        self.compact.open_record("meetings", meeting.id)

    def action_toggle_overdue(self) -> None:
        self.overdue_only = not self.overdue_only
        self._fill()

    def action_find(self) -> None:
        self.query_one("#filter-text", Input).focus()

    def action_reset_filters(self) -> None:
        self.overdue_only = False
        with self.prevent(Input.Changed, Select.Changed):
            self.query_one("#filter-text", Input).value = ""
            self.query_one("#filter-owner", Select).clear()
            self.query_one("#filter-status", Select).clear()
        self._fill()

    def action_export(self) -> None:
        from ...domain.exports import actions_markdown
        from ...word import markdown_to_docx

        store = self.compact.store
        wanted = self.current_filter()
        default = export_folder(store.path) / "action-log.md"
        self.app.push_screen(ExportDialog(
            "Export the action log (as filtered)", default,
            {".md": lambda: actions_markdown(store, wanted),
             ".docx": lambda: markdown_to_docx(actions_markdown(store, wanted), "Action log")},
            data_file=store.path), self._exported)

    def _exported(self, path: Path | None) -> None:
        if path is not None:
            self.notify(f"Saved {path}", title="Exported", markup=False)


def _status_text(action: Action) -> str:
    """Overdue actions are open or in progress by definition; the detail line says which."""
    return "OVERDUE" if action.is_overdue() else action.status_label
