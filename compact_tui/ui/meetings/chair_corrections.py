"""The records listed under chair mode's minutes (declarations, a vote, decisions, actions of
the current item) and correcting them, or an attendance mark: e corrects, Delete removes
(asking first), h shows the corrections; the old wording is always kept. A vote on the item
is recorded and recounted with the same form (F11)."""

from __future__ import annotations

from typing import Any

from textual.widgets import ListView

from ...domain.actions import ActionsService
from ...domain.dates import format_date, today
from ...domain.meeting_views import owner_choices
from ...domain.meetings import AgendaItem
from ..keys import key_label
from ..shell.confirm import ConfirmScreen
from .chair_attendance import AttendanceSheet
from .chair_widgets import RecordRow


class RecordCorrections(AttendanceSheet):
    """Built on the attendance part: a correction applies to the list under the minutes or to
    the sheet, whichever is showing."""

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
        if item.has_votes:
            rows.append(RecordRow(("votes", item.id), f"Vote on the item:{_votes(item)}"))
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
        if item.kind == "disputes_update":
            rows.extend(self._disputes_paper())
        if not rows:
            rows = [RecordRow(None, "No decisions or actions yet.")]
        return rows

    def _disputes_paper(self) -> list[RecordRow]:
        """The disputes open on the meeting day, as the agenda's paper lists them: for the
        minute taker to read, not minuted unless they write it."""
        meeting = self.service.meeting(self.meeting_id)
        on = meeting.on if meeting and meeting.on else today()
        return [RecordRow(None, f"On the agenda paper (not minuted): {line}")
                for line in self.services.disputes.update_lines_for_export(on)]

    def action_votes(self) -> None:
        """A vote taken on the current item (or a recount of the one recorded)."""
        item = self._with_item()
        if item is not None:
            self.edit_votes(item)

    def edit_votes(self, item: AgendaItem) -> None:
        from .decision_form import DecisionFormScreen

        service = self.service

        def apply(result: dict[str, Any]) -> None:
            service.record_votes(item.id, result["votes_for"], result["votes_against"],
                                 result["votes_abstain"], took_no_part=result["took_no_part"],
                                 count_reason=result["count_reason"])

        recount = item.has_votes
        self.app.push_screen(DecisionFormScreen(
            f"item {service.item_label(item)}: {item.title}", apply,
            service.voting_members_present(self.meeting_id), item if recount else None,
            wording=False),
            self._recorded("Vote corrected; the old count is kept (h shows it)." if recount
                           else "Vote recorded."))

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
        done = self._recorded("Corrected; the old wording is kept "
                              f"({key_label(self.app, 'history')} shows it).")
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
        elif table == "votes" and (item := service.item(record_id)):
            self.edit_votes(item)
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
                    "attendance": service.remove_attendee, "votes": service.clear_votes}

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
        self.app.push_screen(CorrectionsScreen(_RECORD_LABELS.get(table, table),
                                               _STORED_IN.get(table, table), record_id, names))


_RECORD_LABELS = {"decisions": "Decision", "actions": "Action", "declarations": "Declaration",
                  "attendance": "Attendance", "votes": "Vote on the item"}
_STORED_IN = {"votes": "agenda_items"}  # a vote is kept on its agenda item


def _votes(voted: Any) -> str:
    """A vote as the list under the minutes shows it (a decision's or the item's)."""
    if not voted.has_votes:
        return ""
    notes = [f"for {voted.votes_for or 0}, against {voted.votes_against or 0}, "
             f"abstain {voted.votes_abstain or 0}"]
    if voted.took_no_part:
        notes.append("took no part: " + ", ".join(voted.took_no_part))
    if voted.count_reason:
        notes.append(f"count confirmed: {voted.count_reason}")
    return f" ({'; '.join(notes)})"
