"""The Compact's own words (commitments, dispute route, toolkit, action plan) as typed data.

The wording lives in YAML files beside this module so a council officer can correct or
replace it without touching code, and so another borough can point the app at its own folder.
Everything is checked on load: a mistake is reported as a ``ContentError`` naming the file,
the line and the problem, rather than surfacing later as a crash in the middle of a meeting.

Plain Python on purpose (no Textual, no other compact_tui imports) so reports, scripts and
tests can use it cheaply.

Why one module of ~520 lines: every loader here shares the same checker (``ContentError`` with
file, line and problem), and each content kind is a short typed loader; one file keeps the
checking rules in one place. Agenda templates, which have their own folder, live apart.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from compact_tui.content.yaml_reader import Fields, Located, LocatedError, UniqueIds, read_document

__all__ = [
    "ActionPlanTemplate",
    "CommitmentArea",
    "CommitmentPair",
    "CompactInfo",
    "ConsultationRule",
    "Content",
    "ContentError",
    "CycleRule",
    "DisputeStage",
    "FormField",
    "FundingNoticeRule",
    "Practice",
    "PracticeGroup",
    "Question",
    "Rating",
    "Resource",
    "SignupForm",
    "Timescales",
    "Toolkit",
    "ToolkitSection",
    "content_folder",
    "default_content",
    "load_content",
]

REQUIRED_FILES = (
    "compact.yaml",
    "commitments.yaml",
    "disputes.yaml",
    "signup.yaml",
    "champions.yaml",
    "toolkit.yaml",
    "action_plan.yaml",
)
OPTIONAL_FILES = ("resources.yaml", "timescales.yaml")

# Keys are stored in the data file and used in code, so keep them simple and predictable.
_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class ContentError(LocatedError):
    """The content folder has a missing file or a mistake; the message says where and what."""


# --- the data -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CompactInfo:
    """Who the Compact belongs to and how it describes itself."""

    name: str
    borough: str
    strapline: str
    version: str
    steering_group: str
    summary: str
    working_group_members: tuple[str, ...]
    not_a_compact: tuple[str, ...]
    declaration_kinds: tuple[str, ...] = ("Pecuniary", "Other registrable", "Non-registrable")


@dataclass(frozen=True)
class CommitmentPair:
    """One row of a commitments table: what each sector aims to do, cited as "commitment 2.4"."""

    id: str
    statutory: str
    vso: str


@dataclass(frozen=True)
class CommitmentArea:
    number: int
    title: str
    intro: str
    pairs: tuple[CommitmentPair, ...]


@dataclass(frozen=True)
class DisputeStage:
    """A step on the "If things go wrong" route; ``closed`` stages end a dispute."""

    key: str
    label: str
    guidance: str
    closed: bool


@dataclass(frozen=True)
class FormField:
    key: str
    label: str


@dataclass(frozen=True)
class SignupForm:
    """The sign-up statement an organisation agrees to, and the details it gives."""

    statement: str
    fields: tuple[FormField, ...]
    contact: str
    title: str = "Signing up"
    invitation: str = ""


@dataclass(frozen=True)
class Rating:
    key: str
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    text: str


@dataclass(frozen=True)
class ToolkitSection:
    number: int
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Toolkit:
    """The Self-Assessment Toolkit and the scale its questions are rated on."""

    sections: tuple[ToolkitSection, ...]
    ratings: tuple[Rating, ...]
    title: str = "Self-Assessment Toolkit"


@dataclass(frozen=True)
class Practice:
    id: str
    text: str


@dataclass(frozen=True)
class PracticeGroup:
    key: str
    title: str
    practices: tuple[Practice, ...]


@dataclass(frozen=True)
class ActionPlanTemplate:
    """The Action Plan Template: practices an organisation rates itself against."""

    groups: tuple[PracticeGroup, ...]
    ratings: tuple[Rating, ...]
    title: str = "Compact Action Plan"


@dataclass(frozen=True)
class Resource:
    """Somewhere to get help; contact details are empty strings when not given."""

    title: str
    text: str
    telephone: str = ""
    website: str = ""
    email: str = ""


@dataclass(frozen=True)
class ConsultationRule:
    """How long a consultation should run, and what follows it, in the Compact's words."""

    weeks: int
    words: str
    source: str
    closing_soon_days: int
    report_back_months: int
    report_back_words: str
    report_back_source: str


@dataclass(frozen=True)
class FundingNoticeRule:
    """The written notice a kind of funding change needs before it takes effect."""

    kind: str
    label: str
    months: int
    words: str
    source: str


@dataclass(frozen=True)
class CycleRule:
    """Something the Compact itself must do again every ``months`` (a review, an event)."""

    key: str
    label: str
    months: int
    words: str
    source: str


@dataclass(frozen=True)
class Timescales:
    """The Compact's clock (``timescales.yaml``): every period the app checks records against."""

    consultation: ConsultationRule
    funding_notice: tuple[FundingNoticeRule, ...]
    cycle: tuple[CycleRule, ...]
    due_within_days: int
    returns_words: str
    returns_source: str

    def notice_rule(self, kind: str) -> FundingNoticeRule:
        return _find(self.funding_notice, kind, lambda rule: rule.kind, "kind of funding change")

    def cycle_rule(self, key: str) -> CycleRule:
        return _find(self.cycle, key, lambda rule: rule.key, "part of the Compact's cycle")


T = TypeVar("T")


def _find(things: Iterable[T], wanted: str, key: Callable[[T], str], what: str) -> T:
    for thing in things:
        if key(thing) == wanted:
            return thing
    raise KeyError(f"no {what} {wanted!r} in this Compact's content")


@dataclass(frozen=True)
class Content:
    """Everything the app quotes from the Compact, as loaded from one content folder."""

    compact: CompactInfo
    commitments_intro: str
    statutory_heading: str
    vso_heading: str
    commitment_areas: tuple[CommitmentArea, ...]
    dispute_intro: str
    dispute_lead_in: str
    dispute_feedback: str
    dispute_stages: tuple[DisputeStage, ...]
    signup: SignupForm
    champion_role: str
    toolkit: Toolkit
    action_plan: ActionPlanTemplate
    resources: tuple[Resource, ...]
    timescales: Timescales
    folder: Path

    @property
    def version(self) -> str:
        """Recorded with meetings and assessments so we know which wording they used."""
        return self.compact.version

    def all_commitment_pairs(self) -> tuple[CommitmentPair, ...]:
        return tuple(pair for area in self.commitment_areas for pair in area.pairs)

    def commitment(self, pair_id: str) -> CommitmentPair:
        """The pair cited as ``pair_id`` ("2.4"); KeyError if there is none."""
        return _find(self.all_commitment_pairs(), pair_id, lambda pair: pair.id, "commitment")

    def commitment_area(self, pair_id: str) -> CommitmentArea:
        """The area a pair belongs to, for showing its title beside a citation."""
        for area in self.commitment_areas:
            if any(pair.id == pair_id for pair in area.pairs):
                return area
        raise KeyError(f"no commitment {pair_id!r} in this Compact's content")

    def all_questions(self) -> tuple[Question, ...]:
        return tuple(q for section in self.toolkit.sections for q in section.questions)

    def question(self, question_id: str) -> Question:
        return _find(self.all_questions(), question_id, lambda q: q.id, "toolkit question")

    def all_practices(self) -> tuple[Practice, ...]:
        return tuple(p for group in self.action_plan.groups for p in group.practices)

    def practice(self, practice_id: str) -> Practice:
        return _find(self.all_practices(), practice_id, lambda p: p.id, "action plan practice")

    def stage(self, key: str) -> DisputeStage:
        return _find(self.dispute_stages, key, lambda s: s.key, "dispute stage")

    def open_stages(self) -> tuple[DisputeStage, ...]:
        return tuple(s for s in self.dispute_stages if not s.closed)

    def closing_stages(self) -> tuple[DisputeStage, ...]:
        return tuple(s for s in self.dispute_stages if s.closed)


# --- loading ------------------------------------------------------------------------------


def content_folder() -> Path:
    """The Brentwood content shipped with the app (this package's folder)."""
    return Path(__file__).resolve().parent


@functools.lru_cache(maxsize=1)
def default_content() -> Content:
    """The shipped content, loaded once: it never changes while the app runs."""
    return load_content()


def load_content(folder: Path | None = None) -> Content:
    """Load and check every content file in ``folder`` (default: the shipped Brentwood one)."""
    folder = content_folder() if folder is None else Path(folder)
    if not folder.is_dir():
        raise ContentError(str(folder), None, "content folder not found")
    compact = _read_compact(_root(folder, "compact.yaml"))
    commitments = _root(folder, "commitments.yaml").fields(
        {"intro", "statutory_heading", "vso_heading", "areas"}
    )
    disputes = _root(folder, "disputes.yaml").fields({"intro", "lead_in", "feedback", "stages"})
    champions = _root(folder, "champions.yaml").fields({"title", "paragraphs"})
    resources_file = folder / "resources.yaml"
    return Content(
        compact=compact,
        commitments_intro=commitments.optional_text("intro"),
        statutory_heading=commitments.optional_text(
            "statutory_heading", "Statutory organisations aim to..."
        ),
        vso_heading=commitments.optional_text("vso_heading", "VSOs aim to..."),
        commitment_areas=_read_areas(commitments),
        dispute_intro=disputes.text("intro"),
        dispute_lead_in=disputes.optional_text("lead_in"),
        dispute_feedback=disputes.optional_text("feedback"),
        dispute_stages=_read_stages(disputes),
        signup=_read_signup(_root(folder, "signup.yaml")),
        champion_role="\n\n".join(champions.text_list("paragraphs", "paragraph")),
        toolkit=_read_toolkit(_root(folder, "toolkit.yaml")),
        action_plan=_read_action_plan(_root(folder, "action_plan.yaml")),
        resources=_read_resources(_root(folder, "resources.yaml"))
        if resources_file.exists()
        else (),
        timescales=_read_timescales(_root(
            folder if (folder / "timescales.yaml").exists() else content_folder(),
            "timescales.yaml")),
        folder=folder,
    )


def _root(folder: Path, file_name: str) -> Located:
    return read_document(folder / file_name, ContentError)


def _key(fields: Fields, name: str = "key") -> str:
    value = fields.text(name)
    if not _KEY_PATTERN.match(value):
        located = fields.node(name)
        located.fail(
            f'{located.where} must be lower-case letters, digits and underscores, got "{value}"'
        )
    return value


def _numbered_id(fields: Fields, prefix: str, seen: UniqueIds) -> str:
    """An id like "2.4" or "C.3": it must start with its parent's number or key."""
    value = fields.text("id")
    located = fields.node("id")
    if not re.fullmatch(rf"{re.escape(prefix)}\.[1-9][0-9]*", value):
        located.fail(f'{located.where} must look like "{prefix}.<number>", got "{value}"')
    seen.add(value, fields, "id")
    return value


def _number(fields: Fields, seen: UniqueIds) -> int:
    """A section or area number: positive and unique (gaps are allowed)."""
    value = fields.integer("number")
    located = fields.node("number")
    if value < 1:
        located.fail(f"{located.where} must be 1 or more, got {value}")
    seen.add(str(value), fields, "number")
    return value


def _read_compact(root: Located) -> CompactInfo:
    fields = root.fields(
        {
            "name",
            "borough",
            "strapline",
            "version",
            "steering_group",
            "summary",
            "working_group_members",
            "not_a_compact",
            "declaration_kinds",
        }
    )
    return CompactInfo(
        name=fields.text("name"),
        borough=fields.text("borough"),
        strapline=fields.optional_text("strapline"),
        version=fields.text("version"),
        steering_group=fields.text("steering_group"),
        summary=fields.optional_text("summary"),
        working_group_members=fields.text_list("working_group_members", "member")
        if fields.has("working_group_members")
        else (),
        not_a_compact=fields.text_list("not_a_compact", "item")
        if fields.has("not_a_compact")
        else (),
        **({"declaration_kinds": fields.text_list("declaration_kinds", "kind")}
           if fields.has("declaration_kinds") else {}),
    )


def _read_areas(commitments: Fields) -> tuple[CommitmentArea, ...]:
    numbers = UniqueIds("area number")
    pair_ids = UniqueIds("commitment id")
    areas = []
    for area_node in commitments.items("areas", "area"):
        area = area_node.fields({"number", "title", "intro", "pairs"})
        number = _number(area, numbers)
        pairs = []
        for pair_node in area.items("pairs", "pair"):
            pair = pair_node.fields({"id", "statutory", "vso"})
            pairs.append(
                CommitmentPair(
                    id=_numbered_id(pair, str(number), pair_ids),
                    statutory=pair.text("statutory"),
                    vso=pair.text("vso"),
                )
            )
        areas.append(
            CommitmentArea(
                number=number,
                title=area.text("title"),
                intro=area.optional_text("intro"),
                pairs=tuple(pairs),
            )
        )
    return tuple(areas)


def _read_stages(disputes: Fields) -> tuple[DisputeStage, ...]:
    keys = UniqueIds("stage key")
    stages = []
    for stage_node in disputes.items("stages", "stage"):
        stage = stage_node.fields({"key", "label", "guidance", "closed"})
        key = _key(stage)
        keys.add(key, stage, "key")
        stages.append(
            DisputeStage(
                key=key,
                label=stage.text("label"),
                guidance=stage.optional_text("guidance"),
                closed=stage.boolean("closed", default=False),
            )
        )
    located = disputes.node("stages")
    if stages[0].closed:
        located.fail(f"{located.where}: the first stage must be open (not closed: true)")
    if not any(stage.closed for stage in stages):
        located.fail(f"{located.where} needs at least one closing stage (closed: true)")
    return tuple(stages)


def _read_signup(root: Located) -> SignupForm:
    signup = root.fields({"title", "invitation", "contact", "statement", "fields"})
    keys = UniqueIds("field key")
    form_fields = []
    for field_node in signup.items("fields", "field"):
        field = field_node.fields({"key", "label"})
        key = _key(field)
        keys.add(key, field, "key")
        form_fields.append(FormField(key=key, label=field.text("label")))
    return SignupForm(
        statement=signup.text("statement"),
        fields=tuple(form_fields),
        contact=signup.optional_text("contact"),
        title=signup.optional_text("title", "Signing up"),
        invitation=signup.optional_text("invitation"),
    )


def _read_ratings(fields: Fields) -> tuple[Rating, ...]:
    keys = UniqueIds("rating key")
    ratings = []
    for rating_node in fields.items("ratings", "rating"):
        rating = rating_node.fields({"key", "label"})
        key = _key(rating)
        keys.add(key, rating, "key")
        ratings.append(Rating(key=key, label=rating.text("label")))
    return tuple(ratings)


def _read_toolkit(root: Located) -> Toolkit:
    toolkit = root.fields({"title", "ratings", "sections"})
    numbers = UniqueIds("section number")
    question_ids = UniqueIds("question id")
    sections = []
    for section_node in toolkit.items("sections", "section"):
        section = section_node.fields({"number", "title", "questions"})
        number = _number(section, numbers)
        questions = []
        for question_node in section.items("questions", "question"):
            question = question_node.fields({"id", "text"})
            questions.append(
                Question(
                    id=_numbered_id(question, str(number), question_ids),
                    text=question.text("text"),
                )
            )
        sections.append(
            ToolkitSection(number=number, title=section.text("title"), questions=tuple(questions))
        )
    return Toolkit(
        sections=tuple(sections),
        ratings=_read_ratings(toolkit),
        title=toolkit.optional_text("title", "Self-Assessment Toolkit"),
    )


def _read_action_plan(root: Located) -> ActionPlanTemplate:
    plan = root.fields({"title", "ratings", "groups"})
    group_keys = UniqueIds("group key")
    practice_ids = UniqueIds("practice id")
    groups = []
    for group_node in plan.items("groups", "group"):
        group = group_node.fields({"key", "title", "practices"})
        key = group.text("key")
        located_key = group.node("key")
        if not re.fullmatch(r"[A-Z]", key):
            located_key.fail(f'{located_key.where} must be one capital letter, got "{key}"')
        group_keys.add(key, group, "key")
        practices = []
        for practice_node in group.items("practices", "practice"):
            practice = practice_node.fields({"id", "text"})
            practices.append(
                Practice(id=_numbered_id(practice, key, practice_ids), text=practice.text("text"))
            )
        groups.append(PracticeGroup(key=key, title=group.text("title"), practices=tuple(practices)))
    return ActionPlanTemplate(
        groups=tuple(groups),
        ratings=_read_ratings(plan),
        title=plan.optional_text("title", "Compact Action Plan"),
    )


def _read_resources(root: Located) -> tuple[Resource, ...]:
    listing = root.fields({"resources"})
    resources = []
    for resource_node in listing.items("resources", "resource", allow_empty=True):
        resource = resource_node.fields({"title", "text", "telephone", "website", "email"})
        resources.append(
            Resource(
                title=resource.text("title"),
                text=resource.text("text"),
                telephone=resource.optional_text("telephone"),
                website=resource.optional_text("website"),
                email=resource.optional_text("email"),
            )
        )
    return tuple(resources)


def _positive(fields: Fields, key: str) -> int:
    value = fields.integer(key)
    if value < 1:
        located = fields.node(key)
        located.fail(f"{located.where} must be 1 or more, got {value}")
    return value


def _read_timescales(root: Located) -> Timescales:
    clock = root.fields({"consultation", "funding_notice", "cycle", "due_within_days",
                         "returns_words", "returns_source"})
    consultation = clock.node("consultation").fields({
        "weeks", "words", "source", "closing_soon_days", "report_back_months",
        "report_back_words", "report_back_source"})
    kinds = UniqueIds("kind")
    notices = []
    for node in clock.items("funding_notice", "rule"):
        rule = node.fields({"kind", "label", "months", "words", "source"})
        kind = _key(rule, "kind")
        kinds.add(kind, rule, "kind")
        notices.append(FundingNoticeRule(kind=kind, label=rule.text("label"),
                                         months=_positive(rule, "months"),
                                         words=rule.text("words"),
                                         source=rule.optional_text("source")))
    keys = UniqueIds("cycle key")
    cycle = []
    for node in clock.items("cycle", "part"):
        rule = node.fields({"key", "label", "months", "words", "source"})
        key = _key(rule)
        keys.add(key, rule, "key")
        cycle.append(CycleRule(key=key, label=rule.text("label"), months=_positive(rule, "months"),
                               words=rule.text("words"), source=rule.optional_text("source")))
    return Timescales(
        consultation=ConsultationRule(
            weeks=_positive(consultation, "weeks"),
            words=consultation.text("words"),
            source=consultation.optional_text("source"),
            closing_soon_days=_positive(consultation, "closing_soon_days"),
            report_back_months=_positive(consultation, "report_back_months"),
            report_back_words=consultation.optional_text("report_back_words"),
            report_back_source=consultation.optional_text("report_back_source")),
        funding_notice=tuple(notices),
        cycle=tuple(cycle),
        due_within_days=_positive(clock, "due_within_days"),
        returns_words=clock.optional_text("returns_words"),
        returns_source=clock.optional_text("returns_source"),
    )
