"""One dispute: where it is on the route, the parties, the commitments at issue, its timeline."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...domain.dates import format_date
from ...domain.disputes import NEXT_STEP_EVENT, Dispute, DisputesService, UnknownDisputeError
from ..keys import bind, key_label
from ..shell.section import SectionScreen
from ..widgets.plain import plain, plain_cell
from .dispute_actions import DisputeActions


class DisputeDetailScreen(DisputeActions, SectionScreen):
    SECTION = "disputes"
    CSS_PATH = "dispute_detail.tcss"
    BINDINGS = [
        bind("back", "back", "Back"),
        bind("status", "move_stage", "Move stage"),
        bind("next_step", "next_step", "Next step"),
        bind("edit", "edit_dispute", "Edit"),
        bind("export", "export_timeline", "Export"),
        bind("history", "history", "History"),
    ]

    def __init__(self, dispute_id: str) -> None:
        super().__init__()
        self.dispute_id = dispute_id

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="dispute-detail", classes="body"):
            yield Static("", id="dispute-marker")
            yield Static("", id="dispute-title", classes="section-title")
            yield Static("", id="dispute-status")
            yield Static("", id="dispute-facts")
            yield Static("Timeline", classes="detail-heading")
            yield Static("", id="dispute-timeline")
            yield Static("What happened", classes="detail-heading")
            yield Static("", id="dispute-story")
            yield Static("Compact commitments at issue", classes="detail-heading")
            yield Static("", id="dispute-commitments")
            yield Static("", id="dispute-lesson")

    def refresh_data(self) -> None:
        service = self.services.disputes
        try:
            dispute = service.dispute(self.dispute_id)
        except UnknownDisputeError:
            self.query_one("#dispute-title", Static).update(
                f"This dispute is no longer in the file. Press {key_label(self.app, 'back')} "
                "to go back.")
            return
        marker = self.query_one("#dispute-marker", Static)
        marker.display = dispute.confidential
        marker.update(plain_cell("[CONFIDENTIAL] Kept out of minutes and agendas"))
        self.query_one("#dispute-title", Static).update(plain_cell(dispute.title))
        self.query_one("#dispute-status", Static).update(plain(self._status(service, dispute)))
        self.query_one("#dispute-facts", Static).update(plain(self._facts(service, dispute)))
        self.query_one("#dispute-commitments", Static).update(
            plain_cell(self._commitments(service, dispute)))
        self.query_one("#dispute-story", Static).update(plain_cell(
            f"{dispute.what_happened}\n"
            f"Outcome sought: {dispute.outcome_sought or 'not given'}"))
        self.query_one("#dispute-timeline", Static).update(
            plain_cell(self._timeline(service, dispute)))
        lesson = self.query_one("#dispute-lesson", Static)
        lesson.display = bool(dispute.lesson)
        lesson.update(plain_cell(f"Lesson for the Compact: {dispute.lesson}"))

    def _status(self, service: DisputesService, dispute: Dispute) -> str:
        stage = service.content.stage(dispute.stage) if dispute.stage in {
            s.key for s in service.content.dispute_stages} else None
        label = service.stage_label(dispute.stage)
        if not dispute.is_open:
            line = (f"Stage: {label}, closed {format_date(dispute.closed_on)} after "
                    f"{dispute.age_days()} days")
        else:
            line = f"Stage: {label} · open {dispute.age_days()} days"
            if dispute.next_step:
                late = " · OVERDUE" if dispute.next_step_overdue() else ""
                line += (f"\nNext step: {dispute.next_step}, due "
                         f"{format_date(dispute.next_step_due, 'no date')}{late}")
            else:
                line += f"\nNext step: none set (press {key_label(self.app, 'next_step')})"
        if stage is not None and stage.guidance and dispute.is_open:
            line += f"\n{stage.guidance}"
        return line

    @staticmethod
    def _facts(service: DisputesService, dispute: Dispute) -> str:
        names = service.organisation_names()
        rows = [
            ("Is this Compact compliant?", dispute.compliance_question or "not answered"),
            ("Raised by", service.raised_by_label(dispute, names) or "not recorded"),
            ("About", names.get(dispute.concerns_organisation_id, "not recorded")),
            ("Raised on", format_date(dispute.opened_on)),
            ("Happened on", format_date(dispute.happened_on, "not recorded")),
        ]
        if dispute.mediator:
            rows.append(("Mediator", dispute.mediator))
        return "\n".join(f"{label}: {value}" for label, value in rows)

    @staticmethod
    def _commitments(service: DisputesService, dispute: Dispute) -> str:
        content = service.content
        blocks = []
        for pair_id in dispute.commitments:
            try:
                pair = content.commitment(pair_id)
            except KeyError:
                blocks.append(f"{pair_id} (no longer in the Compact's text)")
                continue
            blocks.append(f"{service.commitment_label(pair_id)}\n"
                          f"  {content.statutory_heading} {pair.statutory}\n"
                          f"  {content.vso_heading} {pair.vso}")
        return "\n".join(blocks) or "None recorded."

    @staticmethod
    def _timeline(service: DisputesService, dispute: Dispute) -> str:
        lines = []
        for event in service.events(dispute.id):
            if event.kind == NEXT_STEP_EVENT:
                what = (f"Next step: {event.next_step}, due "
                        f"{format_date(event.next_step_due, 'no date')}")
            elif event.from_stage:
                what = (f"{service.stage_label(event.from_stage)} → "
                        f"{service.stage_label(event.stage)}")
            else:
                what = service.stage_label(event.stage)
            if event.mediator:
                what += f" (mediator: {event.mediator})"
            if event.note:
                what += f". {event.note}"
            if event.reason:
                what += f" Reason: {event.reason}"
            who = f" ({event.recorded_by})" if event.recorded_by else ""
            lines.append(f"{format_date(event.on)}: {what}{who}")
        return "\n".join(lines) or "Nothing recorded yet."

    def current_dispute_id(self) -> str | None:
        return self.dispute_id

    def after_change(self, dispute_id: str | None) -> None:
        self.refresh_data()

    def action_back(self) -> None:
        self.app.pop_screen()
