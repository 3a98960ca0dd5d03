"""Reports on disputes: the non-compliance log, the lessons list and a timeline for a mediator.

Each returns Markdown text (the CLI or a screen helper writes files). Confidential disputes are
counted but never named, described, tied to an organisation or to the commitments at issue (in
a small borough "4.4" alone can say which dispute it is) unless the caller explicitly asks for
their details (``include_confidential=True``, which the CLI and screens only pass after the
person asked in so many words); a file that does hold them says so at its top.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..content import Content
from .dates import format_date, from_iso, today
from .disputes import (
    CONFIDENTIAL_MARKER,
    MEDIATION,
    NEXT_STEP_EVENT,
    Dispute,
    DisputesService,
)
from .exports.markdown_text import escape_block, escape_inline
from .ports import RecordPort

CONFIDENTIAL_ORGANISATION = "Not shown (confidential)"
CONFIDENTIAL_COMMITMENTS = "Not shown (confidential)"
NO_COMMITMENT = "No commitment recorded"


class ConfidentialDisputeError(PermissionError):
    """A confidential dispute's details were asked for without confirming."""


@dataclass(frozen=True)
class ReportEntry:
    """One dispute as the report lists it; ``label`` is neutral when details are withheld."""

    dispute_id: str
    label: str
    outcome: str
    opened_on: str
    closed_on: str
    confidential: bool


@dataclass(frozen=True)
class ReportGroup:
    heading: str
    entries: tuple[ReportEntry, ...]

    @property
    def count(self) -> int:
        return len(self.entries)


@dataclass
class NonComplianceReport:
    """Disputes open at any time in the period, grouped three ways for the annual review."""

    start: date
    end: date
    entries: list[ReportEntry] = field(default_factory=list)
    by_commitment: list[ReportGroup] = field(default_factory=list)
    by_organisation: list[ReportGroup] = field(default_factory=list)
    by_outcome: list[ReportGroup] = field(default_factory=list)
    include_confidential: bool = False

    @property
    def confidential_count(self) -> int:
        return sum(1 for e in self.entries if e.confidential)


def _overlaps(dispute: Dispute, start: date, end: date) -> bool:
    opened = from_iso(dispute.opened_on)
    closed = from_iso(dispute.closed_on) if not dispute.is_open else None
    if opened is None or opened > end:
        return False
    return closed is None or closed >= start


def _grouped(pairs: Iterable[tuple[str, ReportEntry]],
             order: Callable[[str], Any]) -> list[ReportGroup]:
    groups: dict[str, list[ReportEntry]] = {}
    for heading, entry in pairs:
        groups.setdefault(heading, []).append(entry)
    return [ReportGroup(h, tuple(groups[h])) for h in sorted(groups, key=order)]


def non_compliance_report(store: RecordPort, content: Content | None, start: date, end: date,
                          include_confidential: bool = False) -> NonComplianceReport:
    """Group the disputes open at any point from ``start`` to ``end`` (inclusive)."""
    if end < start:
        raise ValueError(f"The period ends ({format_date(end)}) before it starts "
                         f"({format_date(start)}).")
    service = DisputesService(store, content)
    names = service.organisation_names()
    chosen = sorted((d for d in service.disputes() if _overlaps(d, start, end)),
                    key=lambda d: (d.opened_on, d.title))
    report = NonComplianceReport(start, end, include_confidential=include_confidential)
    by_commitment, by_organisation, by_outcome = [], [], []
    for dispute in chosen:
        stage = service.stage_label(dispute.stage)
        outcome = stage if not dispute.is_open else f"Still open ({stage.lower()})"
        entry = ReportEntry(dispute.id, dispute.label(include_confidential), outcome,
                            dispute.opened_on, dispute.closed_on, dispute.confidential)
        report.entries.append(entry)
        withheld = dispute.confidential and not include_confidential
        for pair_id in [""] if withheld else dispute.commitments or [""]:
            if withheld:
                heading = CONFIDENTIAL_COMMITMENTS
            else:
                heading = service.commitment_label(pair_id) if pair_id else NO_COMMITMENT
            by_commitment.append((heading, entry))
        if withheld:
            organisation = CONFIDENTIAL_ORGANISATION
        else:
            organisation = names.get(dispute.concerns_organisation_id, "Unknown organisation")
        by_organisation.append((organisation, entry))
        by_outcome.append((outcome, entry))
    pair_order = {p.id: i for i, p in enumerate(service.content.all_commitment_pairs())}
    report.by_commitment = _grouped(
        by_commitment, lambda h: (h == CONFIDENTIAL_COMMITMENTS,
                                  pair_order.get(h.split(" ")[0], len(pair_order))))
    report.by_organisation = _grouped(
        by_organisation, lambda h: (h == CONFIDENTIAL_ORGANISATION, h.casefold()))
    stage_order = {s.label: i for i, s in enumerate(service.content.dispute_stages)}
    report.by_outcome = _grouped(
        by_outcome, lambda h: (h.startswith("Still open"), stage_order.get(h, 99), h))
    return report


def default_period(on: date | None = None) -> tuple[date, date]:
    """The last twelve months up to ``on``: the annual review's usual window."""
    end = on or today()
    try:
        start = end.replace(year=end.year - 1)
    except ValueError:
        start = end.replace(year=end.year - 1, day=28)
    return start, end


def confidential_warning(exported_by: str) -> list[str]:
    """The top of a file that holds confidential details: whoever opens it is told at once."""
    who = f"{exported_by} asked" if exported_by else "The person who exported it asked"
    return [f"**{CONFIDENTIAL_MARKER}** This file holds the details of confidential disputes: "
            f"{escape_inline(who)} for them in so many words. Share it only with people "
            "entitled to see them (such as the mediator); do not circulate it.", ""]


def non_compliance_markdown(report: NonComplianceReport, exported_by: str = "") -> str:
    lines = ["# Non-compliance log", ""]
    if report.include_confidential and report.confidential_count:
        lines += confidential_warning(exported_by)
    lines.append(f"Disputes open at any time from {format_date(report.start)} to "
                 f"{format_date(report.end)}: {len(report.entries)}.")
    if report.confidential_count and not report.include_confidential:
        lines.append(f"{_count(report.confidential_count, 'of them is', 'of them are')} "
                     "confidential: counted, but not named nor tied to an organisation or "
                     "to the commitments at issue.")
    if not report.entries:
        lines += ["", "No disputes in this period."]
        return "\n".join(lines) + "\n"
    for title, groups in (("By commitment", report.by_commitment),
                          ("By organisation concerned", report.by_organisation),
                          ("By outcome", report.by_outcome)):
        lines += ["", f"## {title}", ""]
        for group in groups:
            lines.append(f"### {escape_inline(group.heading)} ({group.count})")
            lines.append("")
            for entry in group.entries:
                lines.append(f"- {_entry_line(entry)}")
            lines.append("")
        while lines[-1] == "":
            lines.pop()
    return "\n".join(lines) + "\n"


def _entry_line(entry: ReportEntry) -> str:
    when = f"raised {format_date(entry.opened_on)}"
    if entry.closed_on:
        when += f", closed {format_date(entry.closed_on)}"
    return f"{escape_inline(entry.label)}: {escape_inline(entry.outcome.lower())} ({when})"


def _count(count: int, singular: str, plural: str) -> str:
    return f"1 {singular}" if count == 1 else f"{count} {plural}"


def lessons_markdown(store: RecordPort, content: Content | None = None,
                     include_confidential: bool = False) -> str:
    """Every lesson for the annual review; a confidential dispute's lesson only if confirmed."""
    service = DisputesService(store, content)
    lessons = service.lessons()
    lines = ["# Lessons from disputes", ""]
    if include_confidential and any(lesson.dispute.confidential for lesson in lessons):
        lines += confidential_warning(store.member)
    lines.append("What the Compact should change, recorded when each dispute closed, so that "
                 f"the {escape_inline(service.content.compact.name)} can be adapted and "
                 "strengthened.")
    if not lessons:
        lines += ["", "No lessons recorded yet."]
        return "\n".join(lines) + "\n"
    withheld = 0
    for lesson in lessons:
        dispute = lesson.dispute
        if dispute.confidential and not include_confidential:
            withheld += 1
            continue
        commitments = ", ".join(service.commitment_label(c) for c in dispute.commitments)
        lines += ["", f"## {escape_inline(dispute.label(include_confidential))}", "",
                  f"- Closed: {format_date(dispute.closed_on)} "
                  f"({escape_inline(lesson.outcome.lower())})",
                  f"- Commitments: {escape_inline(commitments) or 'none recorded'}", "",
                  escape_block(lesson.lesson)]
    if withheld:
        hidden = _count(withheld, "lesson from a confidential dispute is",
                        "lessons from confidential disputes are")
        lines += ["", f"{hidden} not shown here; see the Disputes screen."]
    return "\n".join(lines) + "\n"


def timeline_markdown(store: RecordPort, dispute_id: str, content: Content | None = None,
                      include_confidential: bool = False, on: date | None = None) -> str:
    """The dispute's story for a mediator: parties, commitments at issue and every dated move.

    Raises ConfidentialDisputeError for a confidential dispute unless the caller confirmed.
    """
    service = DisputesService(store, content)
    dispute = service.dispute(dispute_id)
    if dispute.confidential and not include_confidential:
        raise ConfidentialDisputeError(
            f"{dispute.neutral_label} is confidential: its timeline is exported only when you "
            "confirm that its details may leave the app.")
    on = on or today()
    names = service.organisation_names()
    status = service.stage_label(dispute.stage)
    lines = [f"# Dispute timeline: {escape_inline(dispute.title)}", ""]
    if dispute.confidential:
        lines += [f"**{CONFIDENTIAL_MARKER}** Shared with the mediator in confidence. Do not "
                  "circulate.", ""]
    raised_by = service.raised_by_label(dispute, names)
    concerns = names.get(dispute.concerns_organisation_id, "")
    lines += [
        f"- Raised by: {escape_inline(raised_by) or 'not recorded'}",
        f"- Concerns: {escape_inline(concerns) or 'not recorded'}",
        f"- Raised on: {format_date(dispute.opened_on)}",
        f"- What happened on: {format_date(dispute.happened_on, 'not recorded')}",
        f"- Stage now: {escape_inline(status)}"
        + (f" (closed {format_date(dispute.closed_on)})" if not dispute.is_open else
           f" (open {dispute.age_days(on)} days)"),
    ]
    if dispute.mediator:
        lines.append(f"- Mediator: {escape_inline(dispute.mediator)}")
    if dispute.is_open and dispute.next_step:
        late = " (OVERDUE)" if dispute.next_step_overdue(on) else ""
        lines.append(f"- Next step: {escape_inline(dispute.next_step)}, due "
                     f"{format_date(dispute.next_step_due, 'no date')}{late}")
    lines += ["", "## Is this Compact compliant?", "",
              escape_block(dispute.compliance_question) or "-",
              "", "## Compact commitments at issue", ""]
    for pair_id in dispute.commitments:
        try:
            pair = service.content.commitment(pair_id)
        except KeyError:
            lines += [f"- Commitment {escape_inline(pair_id)} (no longer in the Compact's text)"]
            continue
        lines += [f"### Commitment {escape_inline(service.commitment_label(pair_id))}", "",
                  f"- {escape_inline(service.content.statutory_heading)} "
                  f"{escape_inline(pair.statutory)}",
                  f"- {escape_inline(service.content.vso_heading)} {escape_inline(pair.vso)}",
                  ""]
    if not dispute.commitments:
        lines += ["None recorded.", ""]
    lines += ["## What happened", "", escape_block(dispute.what_happened) or "-", "",
              "## Outcome sought", "", escape_block(dispute.outcome_sought) or "-", "",
              "## Timeline", ""]
    for event in service.events(dispute_id):
        lines.append(f"- **{format_date(event.on)}**: "
                     f"{escape_inline(_event_text(service, event))}")
    if dispute.lesson:
        lines += ["", "## Lesson for the Compact", "", escape_block(dispute.lesson)]
    return "\n".join(lines) + "\n"


def _event_text(service: DisputesService, event: Any) -> str:
    """One timeline entry in words: what moved, why, who recorded it."""
    if event.kind == NEXT_STEP_EVENT:
        text = (f"Next step set: {event.next_step}, due "
                f"{format_date(event.next_step_due, 'no date')}.")
    else:
        label = service.stage_label(event.stage)
        text = (f"{service.stage_label(event.from_stage)} → {label}."
                if event.from_stage else f"{label}.")
        if event.stage == MEDIATION and event.mediator:
            text += f" Mediator: {event.mediator}."
    if event.note:
        text += f" {event.note}"
    if event.reason:
        text += f" Reason: {event.reason}"
    if event.recorded_by:
        text += f" (recorded by {event.recorded_by})"
    return text
