"""Self-assessments (the toolkit) and action plans (the template), per organisation per year.

Tables: ``self_assessments`` and ``action_plans``, one record per organisation per year per kind.
Every answer is a field of its own so two people filling different questions never clash:

- self-assessment: ``answer.<question id>`` = ``{"rating": key or "", "notes": str}``
- action plan: ``rating.<practice id>`` = ``{"rating": key or "", "note": str,
  "target": ISO date or ""}``
- reviewer comments on either: ``review.<item id>`` = str

Record fields: ``organisation_id``, ``year`` (int), ``status`` (draft, submitted, reviewed),
``submitted_on``, ``reviewed_on``, ``reviewed_by``, ``review_summary`` and ``source`` ("app", or
"form" when the answers came back on an emailed form). The email-form round trip relies on this
shape: change it only together with that code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..content import Content, Rating, default_content
from .dates import format_date, from_iso, iso, today
from .meetings import AGENDA_ITEMS, Meeting, MeetingsService
from .ports import RecordPort
from .records import from_record
from .register import Organisation, RegisterService, normalise_name

SELF_ASSESSMENTS = "self_assessments"
ACTION_PLANS = "action_plans"
KINDS = {SELF_ASSESSMENTS: "Self-assessment", ACTION_PLANS: "Action plan"}
ASSESSMENT_STATUSES = {"draft": "Draft", "submitted": "Submitted", "reviewed": "Reviewed"}
SOURCES = ("app", "form")
NOT_APPLICABLE = "na"
AGENDA_KIND = "assessments"

_ANSWER_PREFIX = {SELF_ASSESSMENTS: "answer.", ACTION_PLANS: "rating."}
_NOTES_KEY = {SELF_ASSESSMENTS: "notes", ACTION_PLANS: "note"}
REVIEW_PREFIX = "review."


class AssessmentError(ValueError):
    """A change the rules refuse; the message says why, in words for the person at the screen."""


@dataclass
class AssessmentSummary:
    """Either kind of return, as the lists and the dashboard need it."""

    id: str = ""
    kind: str = SELF_ASSESSMENTS
    organisation_id: str = ""
    year: int = 0
    status: str = "draft"
    submitted_on: str = ""
    reviewed_on: str = ""
    reviewed_by: str = ""
    review_summary: str = ""
    source: str = "app"
    updated_at: str = ""
    updated_by: str = ""

    @property
    def status_label(self) -> str:
        return ASSESSMENT_STATUSES.get(self.status, self.status)

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def editable(self) -> bool:
        """Only a draft's answers may change; a submitted return takes reviewer comments only."""
        return self.status == "draft"


@dataclass
class Answer:
    """One question's or practice's answer, the same shape for both kinds.

    ``notes`` is the self-assessment's notes or the action plan's note; ``target`` (ISO date)
    is used by action plans only; ``review`` is the reviewer's comment.
    """

    item_id: str = ""
    rating: str = ""
    notes: str = ""
    target: str = ""
    review: str = ""

    @property
    def target_date(self) -> date | None:
        return from_iso(self.target)


def kind_label(kind: str) -> str:
    return KINDS.get(kind, kind)


def ratings_for(content: Content, kind: str) -> tuple[Rating, ...]:
    return content.toolkit.ratings if kind == SELF_ASSESSMENTS else content.action_plan.ratings


def item_ids_for(content: Content, kind: str) -> tuple[str, ...]:
    if kind == SELF_ASSESSMENTS:
        return tuple(q.id for q in content.all_questions())
    return tuple(p.id for p in content.all_practices())


def item_text(content: Content, kind: str, item_id: str) -> str:
    things = content.all_questions() if kind == SELF_ASSESSMENTS else content.all_practices()
    for thing in things:
        if thing.id == item_id:
            return thing.text
    return "(not in this version of the Compact)"


def improving_ratings(content: Content) -> frozenset[str]:
    """Action-plan ratings that take a target date: every one after "We already do this"."""
    return frozenset(r.key for r in content.action_plan.ratings[1:])


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise AssessmentError(f'"{kind}" is not a kind of return; use {" or ".join(KINDS)}.')


def _year(value: Any) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError) as error:
        raise AssessmentError(f'"{value}" is not a year; type it as 2026.') from error
    if not 2000 <= year <= 2100:
        raise AssessmentError(f"{year} is not a year we can record; use one like 2026.")
    return year


class AssessmentsService:
    """Returns of both kinds, read and changed through the store's scripting API."""

    def __init__(self, store: RecordPort, content: Content | None = None) -> None:
        self.store = store
        self.content = content or default_content()

    # ------------------------------------------------------------------ reading

    def summaries(self) -> list[AssessmentSummary]:
        found = []
        for table in KINDS:
            for record in self.store.all(table):
                summary = from_record(AssessmentSummary, record)
                summary.kind = table
                found.append(summary)
        return sorted(found, key=lambda s: (-s.year, s.kind))

    def listing(self) -> list[tuple[AssessmentSummary, str]]:
        """Every return with its organisation's name: newest year first, then by name."""
        names = {o.id: o.name for o in RegisterService(self.store).organisations()}
        rows = [(s, names.get(s.organisation_id, "an organisation no longer in the register"))
                for s in self.summaries()]
        return sorted(rows, key=lambda r: (-r[0].year, r[1].casefold(),
                                           r[0].kind != SELF_ASSESSMENTS))

    def awaiting_review(self) -> list[AssessmentSummary]:
        return [s for s in self.summaries() if s.status == "submitted"]

    def _record(self, assessment_id: str) -> tuple[str, dict[str, Any]]:
        for table in KINDS:
            record = self.store.get(table, assessment_id)
            if record is not None:
                return table, record
        raise AssessmentError("That return no longer exists; someone may have deleted it.")

    def summary(self, assessment_id: str) -> AssessmentSummary:
        table, record = self._record(assessment_id)
        summary = from_record(AssessmentSummary, record)
        summary.kind = table
        return summary

    def find(self, kind: str, organisation_id: str, year: int) -> AssessmentSummary | None:
        _check_kind(kind)
        for summary in self.summaries():
            if (summary.kind, summary.organisation_id, summary.year) == (
                    kind, organisation_id, int(year)):
                return summary
        return None

    def for_organisation(self, organisation_id: str, kind: str | None = None
                         ) -> list[AssessmentSummary]:
        """An organisation's returns, newest year first."""
        return [s for s in self.summaries() if s.organisation_id == organisation_id
                and (kind is None or s.kind == kind)]

    def find_organisation(self, text: str) -> Organisation:
        """An organisation by id, by name however it is typed, or by a unique part of it."""
        organisations = RegisterService(self.store).organisations()
        wanted = normalise_name(text)
        for org in organisations:
            if org.id == text.strip() or normalise_name(org.name) == wanted:
                return org
        found = [o for o in organisations if wanted and wanted in normalise_name(o.name)]
        if len(found) == 1:
            return found[0]
        if found:
            names = "; ".join(o.name for o in found)
            raise AssessmentError(f'"{text}" matches more than one organisation: {names}. '
                                  "Type more of the name.")
        raise AssessmentError(f'No organisation in the register matches "{text}".')

    def organisation_name(self, organisation_id: str) -> str:
        org = RegisterService(self.store).organisation(organisation_id)
        return org.name if org else "an organisation no longer in the register"

    def title(self, summary: AssessmentSummary) -> str:
        """"Active Brentwood: self-assessment 2026"."""
        return (f"{self.organisation_name(summary.organisation_id)}: "
                f"{summary.kind_label.lower()} {summary.year}")

    def answers(self, assessment_id: str) -> dict[str, Answer]:
        """Every item of the content in order (blank when not answered), then any the
        record holds that this content no longer has, so nothing stored is hidden."""
        kind, record = self._record(assessment_id)
        prefix, notes_key = _ANSWER_PREFIX[kind], _NOTES_KEY[kind]
        ids = list(item_ids_for(self.content, kind))
        for name in record:
            for field_prefix in (prefix, REVIEW_PREFIX):
                if name.startswith(field_prefix) and name[len(field_prefix):] not in ids:
                    ids.append(name[len(field_prefix):])
        found = {}
        for item_id in ids:
            value = record.get(prefix + item_id)
            value = value if isinstance(value, dict) else {}
            found[item_id] = Answer(
                item_id=item_id, rating=str(value.get("rating") or ""),
                notes=str(value.get(notes_key) or ""), target=str(value.get("target") or ""),
                review=str(record.get(REVIEW_PREFIX + item_id) or ""))
        return found

    def unrated(self, assessment_id: str) -> list[str]:
        kind = self.summary(assessment_id).kind
        known = set(item_ids_for(self.content, kind))
        return [a.item_id for a in self.answers(assessment_id).values()
                if a.item_id in known and not a.rating]

    # ------------------------------------------------------------------ changing

    def start(self, kind: str, organisation_id: str, year: int | str,
              source: str = "app") -> str:
        """``year`` as typed (``"2026"``) or a number; a bad one raises ``AssessmentError``."""
        _check_kind(kind)
        year = _year(year)
        if RegisterService(self.store).organisation(organisation_id) is None:
            raise AssessmentError("Choose an organisation from the register.")
        existing = self.find(kind, organisation_id, year)
        if existing is not None:
            raise AssessmentError(
                f"{self.organisation_name(organisation_id)} already has "
                f"{_a(kind_label(kind).lower())} for {year} ({existing.status_label.lower()}); "
                "open that one instead.")
        return self.store.insert(kind, {
            "organisation_id": organisation_id, "year": year, "status": "draft",
            "submitted_on": "", "reviewed_on": "", "reviewed_by": "", "review_summary": "",
            "source": self._source(source)})

    @staticmethod
    def _source(source: str) -> str:
        if source not in SOURCES:
            raise AssessmentError(f'"{source}" is not a source; use "app" or "form".')
        return source

    def _editable(self, assessment_id: str, kind: str) -> AssessmentSummary:
        summary = self.summary(assessment_id)
        if summary.kind != kind:
            raise AssessmentError(f"This return is {_a(summary.kind_label.lower())}, not "
                                  f"{_a(kind_label(kind).lower())}.")
        if not summary.editable:
            raise AssessmentError(
                f"This {summary.kind_label.lower()} is {summary.status_label.lower()}, so its "
                "answers can no longer change; reviewers can still add comments.")
        return summary

    def _rating(self, kind: str, rating: str) -> str:
        keys = [r.key for r in ratings_for(self.content, kind)]
        if rating and rating not in keys:
            labels = ", ".join(r.label for r in ratings_for(self.content, kind))
            raise AssessmentError(f'"{rating}" is not a rating; choose one of: {labels}.')
        return rating

    def _item(self, kind: str, item_id: str) -> str:
        if item_id not in item_ids_for(self.content, kind):
            what = "question" if kind == SELF_ASSESSMENTS else "practice"
            raise AssessmentError(f'There is no {what} "{item_id}" in the Compact.')
        return item_id

    def set_answer(self, assessment_id: str, question_id: str, rating: str,
                   notes: str = "") -> None:
        self._editable(assessment_id, SELF_ASSESSMENTS)
        self.store.update(SELF_ASSESSMENTS, assessment_id, {
            f"answer.{self._item(SELF_ASSESSMENTS, question_id)}":
                {"rating": self._rating(SELF_ASSESSMENTS, rating), "notes": notes.strip()}})

    def _target(self, year: int, rating: str, target: date | None) -> str:
        if target is None:
            return ""
        if rating not in improving_ratings(self.content):
            raise AssessmentError("A target date is only for practices you could do better "
                                  "or need help with.")
        if target.year < year:
            raise AssessmentError(f"The target date {format_date(target)} is before the plan's "
                                  f"year ({year}); choose a date in {year} or later.")
        return iso(target)

    def set_practice(self, assessment_id: str, practice_id: str, rating: str, note: str = "",
                     target: date | None = None) -> None:
        summary = self._editable(assessment_id, ACTION_PLANS)
        rating = self._rating(ACTION_PLANS, rating)
        self.store.update(ACTION_PLANS, assessment_id, {
            f"rating.{self._item(ACTION_PLANS, practice_id)}": {
                "rating": rating, "note": note.strip(),
                "target": self._target(summary.year, rating, target)}})

    def replace_answers(self, assessment_id: str, answers: Mapping[str, Answer | Mapping[str, Any]],
                        source: str = "form") -> list[str]:
        """Put a whole set of answers in at once (a returned form): every item is checked
        first, so a bad one changes nothing. Items not given become blank. Returns the
        names of the fields that changed."""
        summary = self.summary(assessment_id)
        kind = summary.kind
        self._editable(assessment_id, kind)
        given = {item_id: self._as_answer(item_id, value) for item_id, value in answers.items()}
        fields: dict[str, Any] = {"source": self._source(source)}
        for item_id in given:
            self._item(kind, item_id)
        for item_id in item_ids_for(self.content, kind):
            answer = given.get(item_id) or Answer(item_id=item_id)
            rating = self._rating(kind, answer.rating)
            if kind == SELF_ASSESSMENTS:
                fields[f"answer.{item_id}"] = {"rating": rating, "notes": answer.notes.strip()}
            else:
                target = self._target(summary.year, rating, _typed_target(answer))
                fields[f"rating.{item_id}"] = {"rating": rating, "note": answer.notes.strip(),
                                               "target": target}
        return self.store.update(kind, assessment_id, fields)

    @staticmethod
    def _as_answer(item_id: str, value: Answer | Mapping[str, Any]) -> Answer:
        if isinstance(value, Answer):
            return Answer(item_id, value.rating, value.notes, value.target)
        notes = value.get("notes", value.get("note", ""))
        return Answer(item_id, str(value.get("rating") or ""), str(notes or ""),
                      str(value.get("target") or ""))

    def submit(self, assessment_id: str) -> None:
        summary = self.summary(assessment_id)
        self._editable(assessment_id, summary.kind)
        missing = self.unrated(assessment_id)
        if missing:
            what = "question" if summary.kind == SELF_ASSESSMENTS else "practice"
            shown = ", ".join(missing[:6]) + (" …" if len(missing) > 6 else "")
            plural = "s have" if len(missing) > 1 else " has"
            hint = " (Not applicable is a rating)" if summary.kind == SELF_ASSESSMENTS else ""
            raise AssessmentError(f"{len(missing)} {what}{plural} no rating yet: {shown}. "
                                  f"Rate every {what}{hint} before submitting.")
        self.store.update(summary.kind, assessment_id,
                          {"status": "submitted", "submitted_on": iso(today())})

    def add_review_comment(self, assessment_id: str, item_id: str, text: str) -> None:
        summary = self.summary(assessment_id)
        if summary.status == "draft":
            raise AssessmentError("This return is still a draft; reviewers comment once it "
                                  "has been submitted.")
        self._item(summary.kind, item_id)
        self.store.update(summary.kind, assessment_id, {f"review.{item_id}": text.strip()})

    def edit_review_comment(self, assessment_id: str, item_id: str, base: str,
                            text: str) -> str:
        """A reviewer's comment as typed from ``base``: merged into what another reviewer
        wrote meanwhile, never over it. Returns the comment as stored."""
        summary = self.summary(assessment_id)
        if summary.status == "draft":
            raise AssessmentError("This return is still a draft; reviewers comment once it "
                                  "has been submitted.")
        self._item(summary.kind, item_id)
        return self.store.edit_text(summary.kind, assessment_id, f"{REVIEW_PREFIX}{item_id}",
                                    base, text).text

    def mark_reviewed(self, assessment_id: str, summary_text: str) -> None:
        summary = self.summary(assessment_id)
        if summary.status != "submitted":
            raise AssessmentError(
                f"Only a submitted return can be marked reviewed; this one is "
                f"{summary.status_label.lower()}.")
        if not summary_text.strip():
            raise AssessmentError("Write a short summary of the review (what the group "
                                  "concluded) before marking it reviewed.")
        self.store.update(summary.kind, assessment_id, {
            "status": "reviewed", "reviewed_on": iso(today()),
            "reviewed_by": self.store.member or "", "review_summary": summary_text.strip()})

    def add_to_next_meeting(self, assessment_id: str) -> tuple[Meeting, str]:
        """Put the review of this return on the next meeting's agenda (once)."""
        summary = self.summary(assessment_id)
        meetings = MeetingsService(self.store)
        meeting = meetings.next_meeting()
        if meeting is None:
            raise AssessmentError("There is no meeting coming up; plan one in Meetings first.")
        title = f"Review: {self.title(summary)}"
        for item in meetings.items(meeting.id):
            if item.title == title:
                raise AssessmentError(
                    f"This review is already on the agenda for {format_date(meeting.date)}.")
        notes = f"{summary.kind_label} {summary.status_label.lower()}"
        if summary.submitted_on:
            notes += f", submitted {format_date(summary.submitted_on)}"
        item_id = meetings.add_item(meeting.id, title, purpose="discussion", planned_minutes=10,
                                    notes=notes)
        self.store.update(AGENDA_ITEMS, item_id, {"kind": AGENDA_KIND})
        return meeting, item_id


def _typed_target(answer: Answer) -> date | None:
    if not answer.target:
        return None
    try:
        return date.fromisoformat(answer.target)
    except ValueError as error:
        raise AssessmentError(f'Practice {answer.item_id}: "{answer.target}" is not a date; '
                              "use 2026-12-03.") from error

