"""Reading returns together: one organisation's progress year on year, the group's overview of
action plans, and Markdown exports of both (strings; the caller decides where they go).

Ratings are ordered by the content: the first rating listed is the best ("Good", "We already do
this"). "Not applicable" cannot be better or worse than anything, so it is never compared.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..content import Content
from .assessments import (
    ACTION_PLANS,
    NOT_APPLICABLE,
    SELF_ASSESSMENTS,
    Answer,
    AssessmentsService,
    AssessmentSummary,
    kind_label,
    ratings_for,
)
from .dates import format_date, today
from .exports.markdown_text import bullet_list, escape_block, escape_cell, escape_inline
from .register import SECTOR_GROUP_LABELS, Organisation, RegisterService

IMPROVED, SAME, WORSE, NEW, NOT_COMPARED = "improved", "same", "worse", "new", "not compared"
CHANGE_SYMBOLS = {IMPROVED: "↑", SAME: "=", WORSE: "↓", NEW: "+", NOT_COMPARED: "·"}
CHANGE_LEGEND = "↑ improved  = same  ↓ worse  + new this year  · not compared"

PLAN_CODES = {"already": "✓", "better": "~", "help": "?"}
PLAN_SHORT = {"already": "already do", "better": "do better", "help": "need help"}
NO_RATING_CODE = "·"


def plan_code(rating: str) -> str:
    return PLAN_CODES.get(rating, NO_RATING_CODE if not rating else rating[:1])


def plan_legend(content: Content) -> str:
    parts = [f"{plan_code(r.key)} {r.label}" for r in content.action_plan.ratings]
    return "  ".join([*parts, f"{NO_RATING_CODE} not rated"])


def rating_label(content: Content, kind: str, key: str) -> str:
    for rating in ratings_for(content, kind):
        if rating.key == key:
            return rating.label
    return key or "—"


def _ranks(content: Content, kind: str) -> dict[str, int]:
    """Higher is better: the content lists the best rating first."""
    keys = [r.key for r in ratings_for(content, kind) if r.key != NOT_APPLICABLE]
    return {key: len(keys) - index for index, key in enumerate(keys)}


def compare(content: Content, kind: str, before: str, now: str) -> str:
    ranks = _ranks(content, kind)
    if now not in ranks:
        return NOT_COMPARED
    if before not in ranks:
        return NEW
    if ranks[now] > ranks[before]:
        return IMPROVED
    if ranks[now] < ranks[before]:
        return WORSE
    return SAME


# ---------------------------------------------------------------------------------- progress


@dataclass
class ProgressRow:
    item_id: str
    text: str
    heading: str
    ratings: dict[int, str]  # year -> rating key ("" when not answered)
    change: str

    @property
    def symbol(self) -> str:
        return CHANGE_SYMBOLS[self.change]


@dataclass
class Progress:
    """One organisation, one kind of return, every year it has one (oldest first)."""

    organisation: str
    kind: str
    years: list[int]
    rows: list[ProgressRow] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # rating key -> label

    def label(self, rating: str) -> str:
        return self.labels.get(rating, rating) if rating else "—"

    def short_label(self, rating: str) -> str:
        """For narrow columns: action-plan ratings as a mark and two words."""
        if self.kind == ACTION_PLANS and rating in PLAN_SHORT:
            return f"{plan_code(rating)} {PLAN_SHORT[rating]}"
        return self.label(rating)

    @property
    def compared(self) -> tuple[int, int] | None:
        return (self.years[-2], self.years[-1]) if len(self.years) > 1 else None

    def counts(self) -> dict[str, int]:
        counted = Counter(row.change for row in self.rows)
        return {change: counted.get(change, 0) for change in CHANGE_SYMBOLS}

    def headline(self) -> str:
        if not self.years:
            return "No returns yet."
        if self.compared is None:
            return f"Only {self.years[0]} so far: nothing earlier to compare with."
        counts = self.counts()
        parts = [f"{counts[c]} {c} {CHANGE_SYMBOLS[c]}" for c in (IMPROVED, SAME, WORSE, NEW)
                 if counts[c]]
        before, now = self.compared
        return f"{now} compared with {before}: " + ", ".join(parts or ["nothing to compare"])


def progress(service: AssessmentsService, organisation_id: str, kind: str,
             up_to_year: int | None = None) -> Progress:
    """Each item's rating in every year, and how the latest year compares with the one
    before it."""
    content = service.content
    returns = sorted((s for s in service.for_organisation(organisation_id, kind)
                      if up_to_year is None or s.year <= up_to_year), key=lambda s: s.year)
    answers = {s.year: service.answers(s.id) for s in returns}
    years = [s.year for s in returns]
    result = Progress(service.organisation_name(organisation_id), kind, years,
                      labels={r.key: r.label for r in ratings_for(content, kind)})
    for item_id, heading, text in _items(content, kind):
        ratings = {year: answers[year][item_id].rating if item_id in answers[year] else ""
                   for year in years}
        if len(years) > 1:
            change = compare(content, kind, ratings[years[-2]], ratings[years[-1]])
        else:
            change = NOT_COMPARED
        result.rows.append(ProgressRow(item_id, text, heading, ratings, change))
    return result


def _items(content: Content, kind: str) -> list[tuple[str, str, str]]:
    """(item id, section or group heading, text) in the content's order."""
    if kind == SELF_ASSESSMENTS:
        return [(q.id, f"{s.number}. {s.title}", q.text)
                for s in content.toolkit.sections for q in s.questions]
    return [(p.id, f"{g.key}. {g.title}", p.text)
            for g in content.action_plan.groups for p in g.practices]


# ---------------------------------------------------------------------------- group overview


@dataclass
class OverviewRow:
    organisation: Organisation
    plan: AssessmentSummary
    ratings: dict[str, str]  # practice id -> rating key

    def codes(self, practice_ids: list[str]) -> str:
        return "".join(plan_code(self.ratings.get(pid, "")) for pid in practice_ids)


@dataclass
class NeedRow:
    practice_id: str
    text: str
    help: list[str]  # organisation names that need help
    better: list[str]  # organisation names that could do better


@dataclass
class GroupOverview:
    year: int
    sector_group: str  # "" for every sector
    groups: list[tuple[str, str, list[str]]]  # (key, title, practice ids)
    rows: list[OverviewRow] = field(default_factory=list)
    needs: list[NeedRow] = field(default_factory=list)
    without_plan: list[str] = field(default_factory=list)
    legend: str = ""

    @property
    def sector_label(self) -> str:
        return SECTOR_GROUP_LABELS.get(self.sector_group, "All sectors")

    @property
    def practice_ids(self) -> list[str]:
        return [pid for _key, _title, ids in self.groups for pid in ids]


def plan_years(service: AssessmentsService) -> list[int]:
    """Years that have at least one action plan, newest first."""
    return sorted({s.year for s in service.summaries() if s.kind == ACTION_PLANS},
                  reverse=True)


def group_overview(service: AssessmentsService, year: int | None = None,
                   sector_group: str = "") -> GroupOverview:
    """Every active organisation's action plan for the year, by practice, and the practices
    most of them need help with (most "need help" first, then most "could do better")."""
    content = service.content
    if year is None:
        years = plan_years(service)
        year = today().year if not years or today().year in years else years[0]
    groups = [(g.key, g.title, [p.id for p in g.practices]) for g in content.action_plan.groups]
    overview = GroupOverview(year, sector_group, groups, legend=plan_legend(content))
    ratings_keys = [r.key for r in content.action_plan.ratings]
    help_key = ratings_keys[-1] if ratings_keys else ""
    better_keys = set(ratings_keys[1:-1])
    for org in RegisterService(service.store).organisations(include_inactive=False):
        if sector_group and org.sector_group != sector_group:
            continue
        plan = service.find(ACTION_PLANS, org.id, year)
        if plan is None:
            overview.without_plan.append(org.name)
            continue
        ratings = {pid: a.rating for pid, a in service.answers(plan.id).items()}
        overview.rows.append(OverviewRow(org, plan, ratings))
    for practice in content.all_practices():
        helped = [r.organisation.name for r in overview.rows
                  if r.ratings.get(practice.id) == help_key]
        better = [r.organisation.name for r in overview.rows
                  if r.ratings.get(practice.id) in better_keys]
        if helped:
            overview.needs.append(NeedRow(practice.id, practice.text, helped, better))
    overview.needs.sort(key=lambda n: (-len(n.help), -len(n.better)))
    return overview


# ---------------------------------------------------------------------------------- Markdown


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    """A pipe table of cells already escaped (members' text) or ours (codes, counts)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]


def return_markdown(service: AssessmentsService, assessment_id: str) -> str:
    """One return with its answers, the reviewer's comments and the review summary."""
    content = service.content
    summary = service.summary(assessment_id)
    answers = service.answers(assessment_id)
    kind = summary.kind
    title = content.toolkit.title if kind == SELF_ASSESSMENTS else content.action_plan.title
    lines = [f"## {escape_inline(title)} {summary.year}", ""]
    lines.append(f"- Status: {summary.status_label}")
    if summary.submitted_on:
        lines.append(f"- Submitted: {format_date(summary.submitted_on)}")
    if summary.source == "form":
        lines.append("- Answers came back on an emailed form")
    if summary.reviewed_on:
        by = f" by {escape_inline(summary.reviewed_by)}" if summary.reviewed_by else ""
        lines.append(f"- Reviewed: {format_date(summary.reviewed_on)}{by}")
    lines.append("")
    heading = None
    for item_id, item_heading, text in _items(content, kind):
        if item_heading != heading:
            heading = item_heading
            lines += [f"### {escape_inline(heading)}", ""]
        lines += _answer_markdown(content, kind, item_id, text, answers[item_id])
    extras = [a for a in answers.values()
              if a.item_id not in {i for i, _h, _t in _items(content, kind)}]
    if extras:
        lines += ["### Answers to items no longer in the Compact", ""]
        for answer in extras:
            lines += _answer_markdown(content, kind, answer.item_id, "", answer)
    lines += ["### Review", "", escape_block(summary.review_summary) or "Not reviewed yet.", ""]
    return "\n".join(lines)


def _answer_markdown(content: Content, kind: str, item_id: str, text: str,
                     answer: Answer) -> list[str]:
    lines = [f"**{escape_inline(item_id)}** {escape_inline(text)}".rstrip(), ""]
    lines.append(f"- Rating: {escape_inline(rating_label(content, kind, answer.rating))}"
                 if answer.rating else "- Rating: not rated")
    if answer.notes:
        label = "Notes" if kind == SELF_ASSESSMENTS else "Note"
        lines.append(f"- {label}: {escape_inline(answer.notes)}")
    if answer.target:
        lines.append(f"- Target date: {format_date(answer.target)}")
    if answer.review:
        lines.append(f"- Reviewer: {escape_inline(answer.review)}")
    lines.append("")
    return lines


def organisation_markdown(service: AssessmentsService, organisation_id: str, year: int) -> str:
    """An organisation's self-assessment and action plan for a year, with their reviews."""
    name = service.organisation_name(organisation_id)
    lines = [f"# {escape_inline(name)}: Compact returns for {year}", ""]
    compared = []
    for kind in (SELF_ASSESSMENTS, ACTION_PLANS):
        found = service.find(kind, organisation_id, year)
        if found is None:
            title = (service.content.toolkit.title if kind == SELF_ASSESSMENTS
                     else service.content.action_plan.title)
            lines += [f"## {escape_inline(title)} {year}", "", "No return for this year.", ""]
            continue
        lines.append(return_markdown(service, found.id))
        result = progress(service, organisation_id, kind, up_to_year=year)
        if result.compared is not None:
            compared.append(result)
    lines += [progress_markdown(result) for result in compared]
    return "\n".join(lines).rstrip() + "\n"


def progress_markdown(result: Progress) -> str:
    lines = [f"## Progress: {kind_label(result.kind).lower()}, "
             f"{escape_inline(result.organisation)}", "", result.headline(), ""]
    header = ["Item", *map(str, result.years), "Change"]
    rows = [[row.item_id, *(escape_cell(result.label(row.ratings[y])) for y in result.years),
             f"{row.symbol} {row.change}"] for row in result.rows]
    return "\n".join([*lines, *_table(header, rows), "", CHANGE_LEGEND, ""])


def overview_markdown(overview: GroupOverview) -> str:
    """The group overview as Markdown tables: one per practice group, then the needs."""
    lines = [f"# Compact action plans {overview.year}: group overview", "",
             f"Sector: {escape_inline(overview.sector_label)}. {len(overview.rows)} "
             "organisation(s) with an action plan.", "", f"Key: {overview.legend}",
             ""]
    for key, title, ids in overview.groups:
        lines += [f"## {escape_inline(key)}. {escape_inline(title)}", ""]
        rows = [[escape_cell(_org_label(row)),
                 *(plan_code(row.ratings.get(pid, "")) for pid in ids)]
                for row in overview.rows]
        lines += [*_table(["Organisation", *ids], rows), ""]
    lines += ["## Practices organisations need help with", ""]
    if overview.needs:
        rows = [[str(rank), need.practice_id, escape_cell(need.text), str(len(need.help)),
                 escape_cell(", ".join(need.help))]
                for rank, need in enumerate(overview.needs, start=1)]
        lines += _table(["Rank", "Practice", "Text", "Need help", "Organisations"], rows)
    else:
        lines.append("No organisation has asked for help.")
    lines.append("")
    if overview.without_plan:
        lines += ["## No action plan yet", "", bullet_list(overview.without_plan), ""]
    return "\n".join(lines)


def _org_label(row: OverviewRow) -> str:
    status = "" if row.plan.status == "reviewed" else f" ({row.plan.status_label.lower()})"
    return row.organisation.name + status
