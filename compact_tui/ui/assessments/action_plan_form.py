"""Fill in an action plan: rate each practice, with a note, and a target date for the ones
being improved. One practice group per page; everything saves as you go."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from ...domain.assessments import (
    ACTION_PLANS,
    Answer,
    AssessmentError,
    improving_ratings,
)
from ...domain.dates import DateInputError, format_date, parse_optional_date
from ..widgets.plain import plain
from ..widgets.rating_picker import RatingPicker
from .self_assessment_form import FormPage, ReturnFormScreen, dom_id

TARGET_PLACEHOLDER = "Target date, e.g. 03/12/2026"


class ActionPlanFormScreen(ReturnFormScreen):
    KIND = ACTION_PLANS
    DRAFT = "action_plan"
    CSS_PATH = ["self_assessment_form.tcss", "action_plan_form.tcss"]
    NOTES_LABEL = "Note"
    PAGE_WORD = "Group"

    def pages(self) -> list[FormPage]:
        return [FormPage(f"{g.key}. {g.title}", tuple((p.id, p.text) for p in g.practices))
                for g in self.service.content.action_plan.groups]

    def extra_fields(self, item_id: str, answer: Answer) -> list[Widget]:
        row = Horizontal(Label("Target:", classes="item-label"),
                         Input(format_date(answer.target), placeholder=TARGET_PLACEHOLDER,
                               id=f"target-{dom_id(item_id)}", classes="item-target"),
                         id=f"target-row-{dom_id(item_id)}", classes="item-field")
        row.display = answer.rating in improving_ratings(self.service.content)
        error = Static("", id=f"target-error-{dom_id(item_id)}", classes="item-target-error")
        error.display = False
        return [row, error]

    # ------------------------------------------------------------------ saving

    def on_rating_picker_changed(self, event: RatingPicker.Changed) -> None:
        item_id = event.picker.item_id
        if item_id:
            improving = event.value in improving_ratings(self.service.content)
            target = self.query_one(f"#target-{dom_id(item_id)}", Input)
            self.query_one(f"#target-row-{dom_id(item_id)}").display = improving
            if not improving:
                target.value = ""
                self._target_error(item_id, "")
        super().on_rating_picker_changed(event)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.has_class("item-target"):
            event.stop()
            self.save_target(self.item_of(event.input))

    def on_input_blurred(self, event: Input.Blurred) -> None:
        if event.input.has_class("item-target"):
            self.save_target(self.item_of(event.input))
        else:
            super().on_input_blurred(event)

    def save_target(self, item_id: str) -> None:
        typed = self.query_one(f"#target-{dom_id(item_id)}", Input).value
        if typed.strip() == format_date(self.stored[item_id].target):
            self._target_error(item_id, "")
            return
        self.flush_notes()
        self.save(item_id)

    def _target_error(self, item_id: str, message: str) -> None:
        error = self.query_one(f"#target-error-{dom_id(item_id)}", Static)
        error.update(plain(f"✗ {message}" if message else ""))
        error.display = bool(message)

    def store_item(self, item_id: str) -> None:
        """A target that cannot be read is refused, but the rating and note still save
        (with the target stored before), so nothing typed elsewhere is lost."""
        rating = self.query_one(f"#rating-{dom_id(item_id)}", RatingPicker).value
        note = self.query_one(f"#notes-{dom_id(item_id)}", Input).value
        target_input = self.query_one(f"#target-{dom_id(item_id)}", Input)
        try:
            target = parse_optional_date(target_input.value)
        except DateInputError as error:
            kept = self.stored[item_id].target_date
            if rating not in improving_ratings(self.service.content):
                kept = None
            self.service.set_practice(self.assessment_id, item_id, rating, note, kept)
            self._target_error(item_id, str(error))
            raise AssessmentError(f"{item_id}: {error} The target date was not saved.") from error
        try:
            self.service.set_practice(self.assessment_id, item_id, rating, note, target)
        except AssessmentError as error:
            self._target_error(item_id, str(error))
            raise
        self._target_error(item_id, "")
        if target is not None:
            target_input.value = format_date(target)

    def refresh_item(self, item_id: str, answer: Answer) -> None:
        super().refresh_item(item_id, answer)
        target = self.query_one(f"#target-{dom_id(item_id)}", Input)
        self.query_one(f"#target-row-{dom_id(item_id)}").display = (
            answer.rating in improving_ratings(self.service.content))
        if not target.has_focus:
            target.value = format_date(answer.target)
