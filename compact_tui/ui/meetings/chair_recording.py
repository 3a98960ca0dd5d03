"""Recording in chair mode: a decision, an action or a declaration of interest on the
current item; deferring the item; approving the last meeting's minutes; ending the meeting
(and offering the next meeting of its series)."""

from __future__ import annotations

from typing import Any

from ...domain.dates import format_date
from ...domain.meeting_views import owner_choices
from ...domain.meetings import Meeting
from ...domain.meetings.fixed_record import approve_minutes, end_meeting
from ...domain.quorum import QuorumRule
from ..keys import key_label
from ..shell.confirm import ConfirmScreen
from .chair_base import ChairBase


class Recording(ChairBase):
    """The recording part of chair mode."""

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
