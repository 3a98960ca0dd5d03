"""The annual Compact report ("We publish a report on our Compact work"; "We conduct and
annual review of our Compact work"): the year's figures from every area, in tables, after the
group's own introduction.

The introduction lives in ``annual_reports`` (one record per year, merged as text when two
members edit it). ``annual_report`` gathers the figures (tests check them against the store);
``annual_report_markdown`` writes them for the group's website: every member's words escaped,
confidential disputes only counted, never named.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..content import Content, default_content
from .actions import ActionsService
from .assessment_reports import group_overview, overview_markdown
from .assessments import ACTION_PLANS, KINDS, SELF_ASSESSMENTS, AssessmentsService
from .clock.consultations import ConsultationsService
from .clock.cycle import CompactCycleService
from .clock.funding import FundingChangesService
from .dates import format_date, today
from .dispute_reports import non_compliance_report
from .disputes import DisputesService
from .exports.markdown_text import escape_block, escape_inline, table
from .meetings import MeetingsService
from .meetings.model import ATTENDANCE, DECISIONS
from .ports import RecordPort
from .register import SECTOR_GROUP_LABELS, RegisterService

ANNUAL_REPORTS = "annual_reports"
HELD = ("held", "minutes_approved")
ATTENDED = ("present", "in_attendance")


def introduction_record(store: RecordPort, year: int) -> dict[str, Any] | None:
    """The year's introduction record (the oldest, should two members have started one)."""
    found = sorted(store.where(ANNUAL_REPORTS, year=year), key=lambda r: r["id"])
    return found[0] if found else None


def introduction(store: RecordPort, year: int) -> str:
    record = introduction_record(store, year)
    return str(record.get("introduction", "")) if record else ""


def save_introduction(store: RecordPort, year: int, base: str, text: str) -> str:
    """Store the group's words, merged as text with what others typed since ``base``."""
    record = introduction_record(store, year)
    if record is None:
        store.insert(ANNUAL_REPORTS, {"year": year, "introduction": text})
        return text
    return store.edit_text(ANNUAL_REPORTS, record["id"], "introduction", base, text).text


@dataclass(frozen=True)
class SectorRow:
    sector: str
    active: int
    joined: int
    lapsed: int
    withdrawn: int


@dataclass(frozen=True)
class AttendanceRow:
    organisation: str
    attended: int
    held: int


@dataclass(frozen=True)
class ReturnsRow:
    kind: str
    received: int
    reviewed: int
    expected: int


@dataclass
class AnnualReport:
    year: int
    as_at: date
    compact_name: str
    steering_group: str
    introduction: str = ""
    sectors: list[SectorRow] = field(default_factory=list)
    champions: list[tuple[str, str, int]] = field(default_factory=list)  # org, lead, count
    meetings_held: list[tuple[str, str]] = field(default_factory=list)  # date, title
    attendance: list[AttendanceRow] = field(default_factory=list)
    decisions: list[tuple[str, str]] = field(default_factory=list)  # date, text
    actions_opened: int = 0
    actions_completed: int = 0
    actions_overdue: int = 0
    disputes_by_outcome: list[tuple[str, int]] = field(default_factory=list)
    disputes_total: int = 0
    disputes_confidential: int = 0
    lessons: list[tuple[str, str, str]] = field(default_factory=list)  # closed, title, lesson
    confidential_lessons: int = 0
    consultations: int = 0
    consultations_meeting_weeks: int = 0
    consultation_weeks: int = 12
    funding_changes: int = 0
    funding_proper_notice: int = 0
    returns: list[ReturnsRow] = field(default_factory=list)
    heatmap: str = ""
    cycle: list[tuple[str, str, str]] = field(default_factory=list)  # part, last, next due


def _in(year: int, iso_date: str) -> bool:
    return iso_date[:4] == str(year)


def share(part: int, whole: int) -> str:
    """ "3 of 4 (75%)", or "none recorded"."""
    return f"{part} of {whole} ({round(100 * part / whole)}%)" if whole else "none recorded"


def annual_report(store: RecordPort, year: int, content: Content | None = None,
                  on: date | None = None) -> AnnualReport:
    content = content or default_content()
    on = on or today()
    year_end = min(date(year, 12, 31), on)
    report = AnnualReport(year, on, content.compact.name, content.compact.steering_group,
                          introduction(store, year))
    register = RegisterService(store)
    organisations = register.organisations()
    names = {o.id: o.name for o in organisations}
    for group, label in SECTOR_GROUP_LABELS.items():
        members = [o for o in organisations if o.sector_group == group]
        report.sectors.append(SectorRow(
            label, sum(1 for o in members if o.status == "active"),
            sum(1 for o in members if _in(year, o.date_signed)),
            sum(1 for o in members if o.status == "lapsed" and _in(year, o.status_changed)),
            sum(1 for o in members if o.status == "withdrawn"
                and _in(year, o.status_changed))))
    by_organisation = register.champions_by_organisation()
    for organisation in register.organisations(include_inactive=False):
        champions = by_organisation.get(organisation.id, [])
        lead = next((c.name for c in champions if c.is_lead), "")
        report.champions.append((organisation.name, lead or ("none named as lead" if
                                                             champions else "no champion"),
                                 len(champions)))
    _meetings(store, content, report, names)
    actions = ActionsService(store).all_actions()
    held_ids = {m_id for m_id, _ in _held(store, content, year)}
    opened = [a for a in actions if a.meeting_id in held_ids]
    report.actions_opened = len(opened)
    report.actions_completed = sum(1 for a in actions if a.status == "done" and any(
        note.get("status") == "done" and _in(year, str(note.get("at", "")))
        for note in a.notes))
    report.actions_overdue = sum(1 for a in actions if a.is_overdue(year_end))
    disputes = non_compliance_report(store, content, date(year, 1, 1), year_end)
    report.disputes_total = len(disputes.entries)
    report.disputes_confidential = disputes.confidential_count
    report.disputes_by_outcome = [(g.heading, g.count) for g in disputes.by_outcome]
    for lesson in DisputesService(store, content).lessons():
        if not _in(year, lesson.closed_on):
            continue
        if lesson.dispute.confidential:
            report.confidential_lessons += 1
        else:
            report.lessons.append((lesson.closed_on, lesson.dispute.title, lesson.lesson))
    consultations = ConsultationsService(store, content)
    chosen = consultations.in_year(year)
    report.consultation_weeks = consultations.rule.weeks
    report.consultations = len(chosen)
    report.consultations_meeting_weeks = sum(
        1 for c in chosen if c.meets_weeks(consultations.rule))
    funding = FundingChangesService(store, content)
    changes = funding.in_year(year)
    report.funding_changes = len(changes)
    report.funding_proper_notice = sum(
        1 for c in changes if c.proper_notice(funding.rule(c.kind)))
    _returns(store, content, report)
    cycle = CompactCycleService(store, content)
    for status in cycle.statuses():
        report.cycle.append((status.rule.label,
                             format_date(status.last.on) if status.last else "never recorded",
                             format_date(status.next_due) if status.next_due else "now"))
    return report


def _held(store: RecordPort, content: Content, year: int) -> list[tuple[str, Any]]:
    return [(m.id, m) for m in MeetingsService(store, content).meetings()
            if m.status in HELD and _in(year, m.date)]


def _meetings(store: RecordPort, content: Content, report: AnnualReport,
              names: dict[str, str]) -> None:
    held = sorted(_held(store, content, report.year), key=lambda pair: pair[1].date)
    report.meetings_held = [(m.date, m.title) for _, m in held]
    attended: Counter[str] = Counter()
    for meeting_id, _ in held:
        present = {r.get("organisation_id") for r in store.where(ATTENDANCE,
                                                                 meeting_id=meeting_id)
                   if r.get("status") in ATTENDED and r.get("organisation_id")}
        attended.update(str(org_id) for org_id in present)
    for organisation in RegisterService(store).organisations():
        if organisation.status == "active" or attended[organisation.id]:
            report.attendance.append(AttendanceRow(organisation.name,
                                                   attended[organisation.id], len(held)))
    for meeting_id, meeting in held:
        for record in sorted(store.where(DECISIONS, meeting_id=meeting_id),
                             key=lambda r: str(r.get("ref", ""))):
            report.decisions.append((meeting.date, str(record.get("text", ""))))


def _returns(store: RecordPort, content: Content, report: AnnualReport) -> None:
    service = AssessmentsService(store, content)
    expected = len(RegisterService(store).organisations(include_inactive=False))
    summaries = [s for s in service.summaries() if s.year == report.year]
    for kind in (SELF_ASSESSMENTS, ACTION_PLANS):
        mine = [s for s in summaries if s.kind == kind]
        report.returns.append(ReturnsRow(
            KINDS[kind], sum(1 for s in mine if s.status in ("submitted", "reviewed")),
            sum(1 for s in mine if s.status == "reviewed"), expected))
    report.heatmap = _demote(overview_markdown(group_overview(service, report.year)), 2)


def _demote(markdown_text: str, levels: int) -> str:
    """Another document's headings, under this one's: "# Title" becomes "### Title"."""
    return re.sub(r"(?m)^(#+) ", lambda m: "#" * min(6, len(m[1]) + levels) + " ",
                  markdown_text)


def annual_report_markdown(report: AnnualReport) -> str:
    year = report.year
    out = [f"# {escape_inline(report.compact_name)}: annual report {year}", "",
           escape_inline(f"{report.steering_group}. Figures as at {format_date(report.as_at)}."),
           ""]
    if report.introduction.strip():
        out += [escape_block(report.introduction), ""]
    out += ["## Signatories", "", table(
        ["Sector", "Active signatories", f"Joined in {year}", f"Lapsed in {year}",
         f"Withdrawn in {year}"],
        [[row.sector, str(row.active), str(row.joined), str(row.lapsed), str(row.withdrawn)]
         for row in report.sectors]), ""]
    out += ["## Compact Champions in post", "", table(
        ["Organisation", "Lead champion", "Champions"],
        [[org, lead, str(count)] for org, lead, count in report.champions]), ""]
    held = len(report.meetings_held)
    out += ["## Meetings and attendance", "",
            escape_inline(f"The Steering Group met {held} time{'s' if held != 1 else ''} in "
                          f"{year}."), ""]
    if report.meetings_held:
        out += [table(["Date", "Meeting"], [[format_date(d), t] for d, t in
                                            report.meetings_held]), ""]
        out += [table(["Organisation", "Meetings attended", "Meetings held"],
                      [[r.organisation, str(r.attended), str(r.held)]
                       for r in report.attendance]), ""]
    out += ["## Decisions made", ""]
    out += [table(["Meeting", "Decision"], [[format_date(d), text] for d, text in
                                            report.decisions]) if report.decisions
            else "No decisions were recorded.", ""]
    out += ["## Actions", "", table(["Actions", "Number"], [
        [f"Agreed at meetings in {year}", str(report.actions_opened)],
        [f"Completed in {year}", str(report.actions_completed)],
        [f"Overdue at {format_date(min(date(year, 12, 31), report.as_at))}",
         str(report.actions_overdue)]]), ""]
    out += ["## Disputes", "", escape_inline(
        f"Disputes open at any time in {year}: {report.disputes_total}."
        + (f" {report.disputes_confidential} of them confidential: counted here, never "
           "named." if report.disputes_confidential else "")), ""]
    if report.disputes_by_outcome:
        out += [table(["Stage or outcome", "Disputes"],
                      [[h, str(n)] for h, n in report.disputes_by_outcome]), ""]
    out += ["## Lessons learned", ""]
    if report.lessons:
        out += [table(["Closed", "Dispute", "Lesson for the Compact"],
                      [[format_date(c), t, lesson] for c, t, lesson in report.lessons]), ""]
    else:
        out += ["No lessons were recorded from disputes closed this year.", ""]
    if report.confidential_lessons:
        out += [escape_inline(f"{report.confidential_lessons} lesson(s) from confidential "
                              "disputes were recorded and are kept by the group."), ""]
    out += ["## Consultations and funding changes", "", table(["Measure", "Result"], [
        [f"Consultations opened in {year}", str(report.consultations)],
        [f"Allowing at least {report.consultation_weeks} weeks",
         share(report.consultations_meeting_weeks, report.consultations)],
        [f"Funding changes taking effect in {year}", str(report.funding_changes)],
        ["With the written notice the Compact asks for",
         share(report.funding_proper_notice, report.funding_changes)]]), ""]
    out += ["## Self-assessments and action plans", "", table(
        ["Return", "Received", "Reviewed", "Active signatories"],
        [[r.kind, str(r.received), str(r.reviewed), str(r.expected)] for r in report.returns]),
        "", report.heatmap.strip(), ""]
    out += ["## The Compact's own cycle", "", table(
        ["", "Last", "Next due"], [[part, last, due] for part, last, due in report.cycle]), ""]
    return "\n".join(out)
