"""Chair mode's attendance sheet (F5 swaps it for the minutes): one row per member
organisation and guest, marked present, apologies or absent with one key each, the quorum
above it; someone other than the proposed contact, guests, and corrections of a mark."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ContentSwitcher, Static
from textual.widgets.data_table import ColumnKey

from ...domain.meeting_views import SheetRow, attendance_sheet
from ...domain.meetings import QuorumState
from ...domain.quorum import QuorumRule
from ..keys import key_label
from ..widgets.plain import plain, plain_cell
from ..widgets.record_table import RecordTable
from .chair_base import ChairBase
from .chair_widgets import MinutesArea

STATUS_WIDTH = 13  # "In attendance"


class AttendanceSheet(ChairBase):
    """The attendance part of chair mode."""

    def compose_attendance_panel(self) -> ComposeResult:
        with Vertical(id="attendance-panel"):
            yield Static("", id="attendance-quorum", markup=False)
            yield Static("", id="attendance-keys", markup=False)
            table = RecordTable(id="attendance-table")
            table.add_column("Status", key="status", width=STATUS_WIDTH)
            table.add_column("Organisation or person", key="label")
            table.add_column("Who", key="who")
            yield table

    def show_attendance_keys(self) -> None:
        """The sheet's keys, spelt out above it (the footer keeps the chair's keys)."""
        self.query_one("#attendance-keys", Static).update(" · ".join(
            f"{key_label(self.app, meaning)} {what}" for meaning, what in (
                ("present", "present"), ("apologies", "apologies"), ("absent", "absent"),
                ("other_person", "someone else"), ("new", "guest"), ("edit", "correct"),
                ("remove", "remove"), ("history", "corrections"),
                ("attendance", "minutes"))))

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
            self._recorded("Attendance corrected; the old entry is kept "
                           f"({key_label(self.app, 'history')} shows it)."))

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
