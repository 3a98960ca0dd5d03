"""What a member is typing into a form survives a crash, and the app reopens the form with it.

A form keeps a draft (``KeepsDraft``): within a few tens of milliseconds of each key, the text
of every text field, the field with the focus and its cursor go to the local journal's place
file (``Store.note_place``; a writer thread fsyncs it, so a key never waits for the disk). A
clean close forgets it. After a crash the app rebuilds the form from the ids the draft names
(only forms listed in ``REOPENABLE``, never a name read from the file), puts the text back and
the cursor where it was, and says so.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, ClassVar

from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, TextArea

from .app_access import UsesApp

DRAFT_SECONDS = 0.02  # a burst of keys shares one note, well within 100 ms of the first

# draft name -> (section, module under ui/, class, table of the record it edits and the
# argument naming it: checked before reopening; "" when the screen checks in ``reopen``)
REOPENABLE: dict[str, tuple[str, str, str, str, str]] = {
    "dispute": ("disputes", "disputes.dispute_form", "DisputeForm", "disputes", "dispute_id"),
    "dispute_stage": ("disputes", "disputes.dispute_stage_form", "DisputeStageForm",
                      "disputes", "dispute_id"),
    "dispute_next_step": ("disputes", "disputes.dispute_next_step_form",
                          "DisputeNextStepForm", "disputes", "dispute_id"),
    "organisation": ("register", "register.organisation_form", "OrganisationForm",
                     "organisations", "organisation_id"),
    "champion": ("register", "register.champion_form", "ChampionForm", "organisations",
                 "organisation_id"),
    "self_assessment": ("assessments", "assessments.self_assessment_form",
                        "SelfAssessmentFormScreen", "", "assessment_id"),
    "action_plan": ("assessments", "assessments.action_plan_form", "ActionPlanFormScreen", "",
                    "assessment_id"),
    "assessment_review": ("assessments", "assessments.assessment_review",
                          "AssessmentReviewScreen", "", "assessment_id"),
}


class KeepsDraft(UsesApp):
    """Mixed into a screen with text fields (before the Textual base). ``DRAFT`` names it in
    ``REOPENABLE`` (empty: the draft is not kept); ``draft_args`` gives the ids it is rebuilt
    from."""

    DRAFT: ClassVar[str] = ""
    _draft_timer: Timer | None = None

    def draft_args(self) -> dict[str, str]:
        return {}

    def draft_label(self) -> str:
        return "a form"

    def draft_state(self) -> dict[str, str]:
        """What else the screen needs to show the field again (a page, a row)."""
        return {}

    async def restore_state(self, state: dict[str, str]) -> None:
        """Show what ``draft_state`` noted, before the fields are filled in."""

    @classmethod
    def reopen(cls, app: Any, args: dict[str, str]) -> Screen[Any] | None:
        """The screen rebuilt from ``draft_args`` (None: it cannot be, e.g. its record is
        gone)."""
        screen = cls(**args)
        assert isinstance(screen, Screen)
        return screen

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.has_focus:  # typed, not filled in by the screen
            self._draft_changed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.has_focus:
            self._draft_changed()

    def _draft_changed(self) -> None:
        screen = self._as_screen()
        if self.DRAFT and self._draft_timer is None and screen.is_mounted:
            self._draft_timer = screen.set_timer(DRAFT_SECONDS, self.note_draft)

    def _as_screen(self) -> _DraftScreen:
        assert isinstance(self, Screen)
        return self  # type: ignore[return-value]  # KeepsDraft is only mixed into screens

    def note_draft(self) -> None:
        """Every text field's text, the focused one and its cursor, to the local journal."""
        self._draft_timer = None
        screen = self._as_screen()
        fields: dict[str, str] = {}
        for widget in screen.query("Input, TextArea"):
            if widget.id and isinstance(widget, Input):
                fields[widget.id] = widget.value
            elif widget.id and isinstance(widget, TextArea):
                fields[widget.id] = widget.text
        focused = screen.focused
        cursor: list[int] | int | None = None
        if isinstance(focused, Input):
            cursor = focused.cursor_position
        elif isinstance(focused, TextArea):
            cursor = list(focused.cursor_location)
        screen.compact.store.note_place({
            "screen": "form", "form": self.DRAFT, "args": self.draft_args(),
            "label": self.draft_label(), "state": self.draft_state(), "fields": fields,
            "field": focused.id if focused is not None and focused.id in fields else None,
            "cursor": cursor})

    def forget_draft(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self.DRAFT:
            self._as_screen().compact.store.note_place(None)

    async def restore_draft(self, place: dict[str, Any]) -> None:
        """Put a recovered draft back: every field's text, then the focus and the cursor."""
        screen = self._as_screen()
        state = place.get("state")
        if isinstance(state, dict):
            await self.restore_state({str(k): str(v) for k, v in state.items()})
        fields = place.get("fields")
        for field_id, text in (fields.items() if isinstance(fields, dict) else ()):
            if not _is_dom_id(field_id):
                continue
            for widget in screen.query(f"#{field_id}"):
                if isinstance(widget, Input):
                    widget.value = str(text)
                elif isinstance(widget, TextArea):
                    widget.load_text(str(text))
        field_id = place.get("field")
        if not (isinstance(field_id, str) and _is_dom_id(field_id)):
            return
        found = screen.query(f"#{field_id}")
        if not found:
            return
        widget = found.first()
        widget.focus()
        cursor = place.get("cursor")

        def put_cursor() -> None:
            if isinstance(widget, Input) and isinstance(cursor, int):
                widget.cursor_position = cursor
            elif isinstance(widget, TextArea) and isinstance(cursor, list) and len(cursor) == 2:
                widget.move_cursor((int(cursor[0]), int(cursor[1])))

        screen.call_after_refresh(put_cursor)  # after the focus, which would select all

    def on_unmount(self) -> None:
        self.forget_draft()


if TYPE_CHECKING:
    class _DraftScreen(KeepsDraft, Screen[Any]):
        """The type of a screen a draft is kept for."""


def _is_dom_id(text: str) -> bool:
    return bool(text) and text.replace("-", "").replace("_", "").isalnum() and \
        not text[0].isdigit()


def reopenable_form(app: Any, place: dict[str, Any]) -> tuple[str, _DraftScreen] | None:
    """The section and the screen a recovered draft names, rebuilt; None when it names none
    this app reopens, or its record is gone."""
    spec = REOPENABLE.get(str(place.get("form")))
    if spec is None:
        return None
    section, module, class_name, table, argument = spec
    args = place.get("args")
    args = {str(k): str(v) for k, v in args.items()} if isinstance(args, dict) else {}
    if set(args) - {argument, "champion_id"}:
        return None
    if table and args.get(argument) and app.store.get(table, args[argument]) is None:
        return None
    screen_class = getattr(importlib.import_module(f"compact_tui.ui.{module}"), class_name)
    screen = screen_class.reopen(app, args)
    if screen is None:
        return None
    assert isinstance(screen, KeepsDraft) and isinstance(screen, Screen)
    return section, screen  # type: ignore[return-value]  # both, as just checked
