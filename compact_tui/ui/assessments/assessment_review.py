"""Review a submitted return at a meeting: read it item by item, comment, mark it reviewed,
and put it on the next meeting's agenda."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Footer, Static

from ...domain.assessment_reports import rating_label
from ...domain.assessments import (
    SELF_ASSESSMENTS,
    Answer,
    AssessmentError,
    AssessmentsService,
    item_text,
)
from ...domain.dates import format_date, format_date_short
from ..keys import bind
from ..shell.section import LiveScreen
from ..widgets.plain import plain, template
from ..widgets.record_table import ColumnSpec, RecordTable
from ..widgets.shared_text import SharedTextArea, TextBinding
from .assessment_dialog import AssessmentDialog
from .return_draft import ReturnDraft


class CommentArea(SharedTextArea):
    """The reviewer's comment on the highlighted item: saved as it is typed, others'
    comments on the same item merged in; Enter finishes it (a line break is shift+enter's
    job nowhere here: comments are short)."""

    class Done(Message):
        """Enter was pressed: the comment is stored; move on."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Done())
            return
        await super()._on_key(event)


class AssessmentReviewScreen(ReturnDraft, LiveScreen):
    CSS_PATH = "assessment_review.tcss"
    BINDINGS = [
        bind("edit", "comment", "Comment"),
        bind("status", "mark_reviewed", "Mark reviewed"),
        bind("new", "agenda", "Add to agenda"),
        bind("progress", "progress", "Progress"),
        bind("history", "history", "History", show=False),
        bind("back", "close", "Back"),
    ]

    DRAFT = "assessment_review"

    def __init__(self, service: AssessmentsService, assessment_id: str) -> None:
        super().__init__()
        self.service = service
        self.assessment_id = assessment_id
        self.summary = service.summary(assessment_id)
        self.answers: dict[str, Answer] = {}
        self.comment_item = ""

    # ------------------------------------------------------------------ after a crash


    def draft_label(self) -> str:
        return f"the review comment on {self.comment_item}"

    def draft_state(self) -> dict[str, str]:
        return {"item": self.comment_item}

    async def restore_state(self, state: dict[str, str]) -> None:
        if state.get("item") in self.answers:
            self.table.select(state["item"])
            self.show_detail(reset_comment=True)

    def compose(self) -> ComposeResult:
        yield Static(id="review-heading")
        target: list[ColumnSpec] = [("Target", 11)] if self.is_plan else []
        yield RecordTable(("No.", 5), ("Rating", 16), *target, "Notes", ("Comment", 8),
                          id="review-table", zebra_stripes=True)
        yield Static(id="review-detail")
        yield CommentArea(placeholder="Reviewer comment: saved as you type; Enter: next item",
                          id="review-comment", compact=True)
        yield Static(id="review-message")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one(DataTable).focus()

    @property
    def is_plan(self) -> bool:
        return self.summary.kind != SELF_ASSESSMENTS

    def refresh_data(self) -> None:
        try:
            self.summary = self.service.summary(self.assessment_id)
        except AssessmentError as error:
            self.say(str(error), error=True)
            return
        self.answers = self.service.answers(self.assessment_id)
        self.show_heading()
        content = self.service.content

        def cells(answer: Answer) -> list[RenderableType]:
            row: list[RenderableType] = [
                answer.item_id,
                rating_label(content, self.summary.kind, answer.rating) if answer.rating
                else "—"]
            if self.is_plan:
                row.append(format_date_short(answer.target, "—"))
            return [*row, " ".join(answer.notes.split()) or "—",
                    Text("✎ yes", style="bold") if answer.review else ""]

        self.table.refill((answer.item_id, cells(answer)) for answer in self.answers.values())
        self.show_detail()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#review-table", RecordTable)

    def show_heading(self) -> None:
        summary = self.summary
        parts = [self.service.title(summary), summary.status_label]
        if summary.submitted_on:
            parts.append(f"submitted {format_date(summary.submitted_on)}")
        if summary.reviewed_on:
            by = f" by {summary.reviewed_by}" if summary.reviewed_by else ""
            parts.append(f"reviewed {format_date(summary.reviewed_on)}{by}")
        if summary.source == "form":
            parts.append("from an emailed form")
        heading = " · ".join(parts)
        if summary.review_summary:
            heading += f"\nReview: {summary.review_summary}"
        self.query_one("#review-heading", Static).update(plain(heading))

    def current(self) -> Answer | None:
        selected = self.table.selected_id
        return self.answers.get(selected) if selected else None

    def show_detail(self, reset_comment: bool = False) -> None:
        answer = self.current()
        detail = self.query_one("#review-detail", Static)
        comment = self.query_one("#review-comment", CommentArea)
        if answer is None:
            detail.update("")
            return
        content = self.service.content
        lines = [template("[b]$item[/b] $text", item=answer.item_id,
                          text=item_text(content, self.summary.kind, answer.item_id))]
        rating = (rating_label(content, self.summary.kind, answer.rating) if answer.rating
                  else "not rated")
        lines.append(template("Rating: [b]$rating[/b]", rating=rating))
        if answer.target:
            lines.append(plain(f"Target: {format_date(answer.target)}"))
        if answer.notes:
            lines.append(plain(f"{'Notes' if not self.is_plan else 'Note'}: {answer.notes}"))
        detail.update(Content("\n").join(lines))
        if reset_comment or not comment.has_focus or answer.item_id != self.comment_item:
            self.comment_item = item_id = answer.item_id
            comment.bind(TextBinding(
                (self.summary.kind, self.assessment_id, f"review.{item_id}"),
                read=lambda: self.service.answers(self.assessment_id)[item_id].review,
                write=lambda base, text: self.service.edit_review_comment(
                    self.assessment_id, item_id, base, text)))
        else:
            comment.pull()
        comment.disabled = self.summary.status == "draft"

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_comment()

    def say(self, message: str, error: bool = False) -> None:
        widget = self.query_one("#review-message", Static)
        widget.set_class(error, "-error")
        widget.update(plain(f"✗ {message}" if error else message))

    # ------------------------------------------------------------------ actions

    def action_comment(self) -> None:
        if self.summary.status == "draft":
            self.say("This return is still a draft; reviewers comment once it has been "
                     "submitted.", error=True)
            return
        self.query_one("#review-comment", CommentArea).focus()

    def on_comment_area_done(self, event: CommentArea.Done) -> None:
        event.stop()
        saved = self.save_comment()
        self.table.focus()
        if saved:
            self.table.step_down()
        self.show_detail(reset_comment=True)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, CommentArea):
            self.save_comment()

    def save_comment(self) -> bool:
        """Hand the rest of the comment to the store now; False if refused (said why)."""
        comment = self.query_one("#review-comment", CommentArea)
        typed = comment.unsaved
        try:
            comment.flush()
        except AssessmentError as error:
            self.say(str(error), error=True)
            return False
        if typed or comment.text != self.answers.get(self.comment_item, Answer("")).review:
            self.say(f"Comment on {self.comment_item} saved." if comment.text.strip()
                     else f"Comment on {self.comment_item} removed.")
        self.refresh_data()
        return True

    def action_mark_reviewed(self) -> None:
        if self.summary.status != "submitted":
            self.say(f"Only a submitted return can be marked reviewed; this one is "
                     f"{self.summary.status_label.lower()}.", error=True)
            return

        def check(text: str) -> str:
            return "" if text else "Write a short summary of what the group concluded."

        self.app.push_screen(AssessmentDialog(
            f"Mark {self.service.title(self.summary)} reviewed?",
            "Summarise the group's review; it is kept with the return and in its export.",
            text_label="Review summary", check=check), self._reviewed)

    def _reviewed(self, text: str | None) -> None:
        if text is None:
            return
        try:
            self.service.mark_reviewed(self.assessment_id, text)
        except AssessmentError as error:
            self.say(str(error), error=True)
            return
        self.refresh_data()
        self.say("Marked reviewed.")

    def action_agenda(self) -> None:
        try:
            meeting, _item_id = self.service.add_to_next_meeting(self.assessment_id)
        except AssessmentError as error:
            self.say(str(error), error=True)
            return
        self.say(f"Added to the agenda for {format_date(meeting.date)}.")
        self.notify(f"On the agenda for {format_date(meeting.date)}.",
                    title=self.service.title(self.summary))

    def action_progress(self) -> None:
        from .assessment_progress import AssessmentProgressScreen

        self.app.push_screen(AssessmentProgressScreen(
            self.service, self.summary.organisation_id, self.summary.kind))

    def action_history(self) -> None:
        self.compact.show_history(self.summary.kind, self.assessment_id)

    def action_close(self) -> None:
        if self.query_one("#review-comment", CommentArea).has_focus:
            self.save_comment()
            self.query_one(DataTable).focus()
            self.show_detail(reset_comment=True)
            return
        self.dismiss()
