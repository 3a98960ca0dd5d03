"""Fill in a self-assessment, one toolkit section per page, saving every answer as you go.

``ReturnFormScreen`` is shared with the action plan form: pages of items, each with a rating
picker and notes. Each answer is saved on its own as it is typed (the store decides when the
shared file is written), so two people filling different questions never clash.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual._path import CSSPathType
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Footer, Input, Label, Static

from ...content import Rating
from ...domain.assessments import (
    SELF_ASSESSMENTS,
    Answer,
    AssessmentError,
    AssessmentsService,
    ratings_for,
)
from ...domain.dates import format_date
from ..keys import bind
from ..shell.section import LiveScreen
from ..widgets.plain import PlainInput, plain, template
from ..widgets.rating_picker import RatingPicker
from .assessment_dialog import AssessmentDialog
from .return_draft import ReturnDraft


@dataclass(frozen=True)
class FormPage:
    title: str
    items: tuple[tuple[str, str], ...]  # (item id, text)


def dom_id(item_id: str) -> str:
    return item_id.replace(".", "-")


class ReturnFormScreen(ReturnDraft, LiveScreen):
    """A return's items page by page; subclasses say which kind and how to save an item."""

    KIND = SELF_ASSESSMENTS
    CSS_PATH: ClassVar[CSSPathType | None] = "self_assessment_form.tcss"
    NOTES_LABEL = "Notes"
    PAGE_WORD = "Section"
    BINDINGS = [
        bind("page_next", "page(1)", "Next section", priority=True),
        bind("page_previous", "page(-1)", "Previous section", priority=True),
        bind("next_line", "item(1)", "Next question", show=False),
        bind("previous_line", "item(-1)", "Previous question", show=False),
        bind("status", "submit", "Submit"),
        bind("history", "history", "History", show=False),
        bind("back", "close", "Back"),
    ]

    def __init__(self, service: AssessmentsService, assessment_id: str) -> None:
        super().__init__()
        self.service = service
        self.assessment_id = assessment_id
        self.summary = service.summary(assessment_id)
        self.stored: dict[str, Answer] = service.answers(assessment_id)
        self.pending_notes: dict[str, str] = {}
        self.page_index = 0

    # ------------------------------------------------------------------ after a crash


    def draft_label(self) -> str:
        return f"the notes of {self.service.title(self.summary)}"

    def draft_state(self) -> dict[str, str]:
        return {"page": str(self.page_index)}

    async def restore_state(self, state: dict[str, str]) -> None:
        if state.get("page", "").isdigit():
            await self.show_page(int(state["page"]))

    # ------------------------------------------------------------------ what to show

    def pages(self) -> list[FormPage]:
        return [FormPage(f"{s.number}. {s.title}", tuple((q.id, q.text) for q in s.questions))
                for s in self.service.content.toolkit.sections]

    def ratings(self) -> Sequence[Rating]:
        return ratings_for(self.service.content, self.KIND)

    def extra_fields(self, item_id: str, answer: Answer) -> list[Widget]:
        """More fields under an item's notes (the action plan's target date)."""
        return []

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        self.page_list = self.pages()
        yield Static(id="form-heading")
        yield Static(id="form-pages")
        yield Vertical(id="form-page")
        yield Static(id="form-message")
        yield Footer()

    def item_widget(self, item_id: str, text: str) -> Vertical:
        """Only the shown page's items exist, so the screen stays quick on old laptops."""
        answer = self.stored.get(item_id, Answer(item_id))
        review = Static(self._review_text(answer), id=f"review-{dom_id(item_id)}",
                        classes="item-review")
        review.display = bool(answer.review)
        return Vertical(
            Static(template("[b]$item[/b] $text", item=item_id, text=text), classes="item-text"),
            RatingPicker(self.ratings(), answer.rating, item_id=item_id,
                         id=f"rating-{dom_id(item_id)}", classes="item-rating"),
            Horizontal(Label(f"{self.NOTES_LABEL}:", classes="item-label"),
                       PlainInput(answer.notes, placeholder="optional",
                             id=f"notes-{dom_id(item_id)}", classes="item-notes"),
                       classes="item-field"),
            *self.extra_fields(item_id, answer),
            review,
            id=f"item-{dom_id(item_id)}", classes="form-item")

    @staticmethod
    def _review_text(answer: Answer) -> Content:
        return plain(f"Reviewer: {answer.review}" if answer.review else "")

    async def on_mount(self) -> None:
        await self.show_page(0)
        if self.summary.editable:
            self.say("Every answer is saved as you go. Number keys rate; Tab moves to the "
                     "notes.")

    def show_state(self) -> None:
        summary = self.summary
        heading = f"{self.service.title(summary)} · {summary.status_label}"
        if summary.submitted_on:
            heading += f" {format_date(summary.submitted_on)} · read-only"
        self.query_one("#form-heading", Static).update(plain(heading))
        for widget in self.query(".item-rating, .item-notes, .item-target"):
            widget.disabled = not summary.editable

    def shown_items(self) -> tuple[tuple[str, str], ...]:
        return self.page_list[self.page_index].items

    async def show_page(self, index: int) -> None:
        self.flush_notes()
        self.page_index = max(0, min(index, len(self.page_list) - 1))
        page = self.page_list[self.page_index]
        container = self.query_one("#form-page", Vertical)
        await container.remove_children()
        await container.mount_all([self.item_widget(i, text) for i, text in page.items])
        container.scroll_home(animate=False)
        self.query_one("#form-pages", Static).update(plain(
            f"{self.PAGE_WORD} {self.page_index + 1} of {len(self.page_list)} · {page.title}"))
        self.show_state()
        if page.items:
            self.focus_item(page.items[0][0])

    def focus_item(self, item_id: str) -> None:
        target = self.query_one(f"#rating-{dom_id(item_id)}", RatingPicker)
        if target.disabled:
            self.query_one(f"#item-{dom_id(item_id)}").scroll_visible(animate=False)
            self.current_item = item_id
        else:
            target.focus()
            target.scroll_visible(animate=False)
        self.current_item = item_id

    def item_of(self, widget: Widget | None) -> str:
        node: DOMNode | None = widget
        while node is not None:
            if node.has_class("form-item") and node.id:
                return self._item_from_dom(node.id.removeprefix("item-"))
            node = node.parent
        return getattr(self, "current_item", "")

    def _item_from_dom(self, dom: str) -> str:
        for item_id, _text in self.shown_items():
            if dom_id(item_id) == dom:
                return item_id
        return ""

    def say(self, message: str, error: bool = False) -> None:
        widget = self.query_one("#form-message", Static)
        widget.set_class(error, "-error")
        widget.update(plain(f"✗ {message}" if error else message))

    # ------------------------------------------------------------------ keys

    async def action_page(self, step: int) -> None:
        await self.show_page(self.page_index + step)

    async def action_item(self, step: int) -> None:
        items = [item_id for page in self.page_list for item_id, _text in page.items]
        current = self.item_of(self.focused)
        index = items.index(current) + step if current in items else 0
        if 0 <= index < len(items):
            await self.go_to(items[index])

    def action_close(self) -> None:
        self.flush_notes()
        self.dismiss()

    def action_history(self) -> None:
        self.compact.show_history(self.KIND, self.assessment_id)

    async def action_submit(self) -> None:
        self.flush_notes()
        if not self.summary.editable:
            self.say(f"This {self.summary.kind_label.lower()} is already "
                     f"{self.summary.status_label.lower()}.", error=True)
            return
        missing = self.service.unrated(self.assessment_id)
        if missing:
            try:
                self.service.submit(self.assessment_id)
            except AssessmentError as error:
                self.say(str(error), error=True)
            await self.go_to(missing[0])
            return
        self.app.push_screen(AssessmentDialog(
            f"Submit {self.service.title(self.summary)}?",
            "It goes to the Steering Group for review. After this its answers cannot be "
            "changed; reviewers can add comments."), self._submit_confirmed)

    def _submit_confirmed(self, answer: str | None) -> None:
        if answer is None:
            return
        try:
            self.service.submit(self.assessment_id)
        except AssessmentError as error:
            self.say(str(error), error=True)
            return
        self.summary = self.service.summary(self.assessment_id)
        self.show_state()
        self.say(f"Submitted on {format_date(self.summary.submitted_on)}. It is now read-only.")
        self.notify("Submitted for review.", title=self.service.title(self.summary))

    async def go_to(self, item_id: str) -> None:
        for number, page in enumerate(self.page_list):
            if any(i == item_id for i, _text in page.items):
                if number != self.page_index:
                    await self.show_page(number)
                self.focus_item(item_id)
                return

    # ------------------------------------------------------------------ saving

    def on_rating_picker_changed(self, event: RatingPicker.Changed) -> None:
        item_id = event.picker.item_id
        if not item_id or event.value == self.stored.get(item_id, Answer(item_id)).rating:
            return
        self.flush_notes()
        self.save(item_id)

    def on_input_changed(self, event: Input.Changed) -> None:
        if not event.input.has_class("item-notes"):
            return
        item_id = self.item_of(event.input)
        if event.value.strip() == self.stored.get(item_id, Answer(item_id)).notes:
            self.pending_notes.pop(item_id, None)
            return
        # Handed to the store at once (it journals the key and decides when the shared file
        # is written); the screen keeps no save timer of its own.
        self.pending_notes[item_id] = event.value
        self.flush_notes()

    def on_input_blurred(self, event: Input.Blurred) -> None:
        if event.input.has_class("item-notes"):
            self.flush_notes()

    def flush_notes(self) -> None:
        for item_id in list(self.pending_notes):
            self.save(item_id)

    def flush_pending_edits(self) -> None:
        """After an unexpected error elsewhere: notes typed a moment ago go to the store."""
        self.flush_notes()

    def save(self, item_id: str) -> None:
        """Store one item as the form shows it; a refusal is shown and nothing is lost."""
        self.pending_notes.pop(item_id, None)
        try:
            self.store_item(item_id)
        except AssessmentError as error:
            self.say(str(error), error=True)
            return
        finally:
            self.stored = self.service.answers(self.assessment_id)
        self.say(f"Saved {item_id}.")

    def store_item(self, item_id: str) -> None:
        rating = self.query_one(f"#rating-{dom_id(item_id)}", RatingPicker).value
        notes = self.query_one(f"#notes-{dom_id(item_id)}", Input).value
        self.service.set_answer(self.assessment_id, item_id, rating, notes)

    # ------------------------------------------------------------------ others' edits

    def refresh_data(self) -> None:
        """Show answers others saved meanwhile, without touching what is being typed."""
        try:
            self.summary = self.service.summary(self.assessment_id)
        except AssessmentError as error:
            self.say(str(error), error=True)
            return
        self.stored = self.service.answers(self.assessment_id)
        for item_id, _text in self.shown_items():
            self.refresh_item(item_id, self.stored[item_id])
        self.show_state()

    def refresh_item(self, item_id: str, answer: Answer) -> None:
        picker = self.query_one(f"#rating-{dom_id(item_id)}", RatingPicker)
        picker.value = answer.rating
        notes = self.query_one(f"#notes-{dom_id(item_id)}", Input)
        if item_id not in self.pending_notes and not notes.has_focus:
            notes.value = answer.notes
        review = self.query_one(f"#review-{dom_id(item_id)}", Static)
        review.update(self._review_text(answer))
        review.display = bool(answer.review)


class SelfAssessmentFormScreen(ReturnFormScreen):
    KIND = SELF_ASSESSMENTS
    DRAFT = "self_assessment"
