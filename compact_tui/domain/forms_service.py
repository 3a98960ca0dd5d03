"""Forms out, answers back in: exporting forms for organisations and importing returned ones.

Uses the fixed shape of the assessments area: one record per organisation per year per kind in
``self_assessments`` / ``action_plans``, answers one field per question. An imported form becomes
a submitted return (``source`` "form") for the Steering Group to review. Importing is two steps,
``preview`` then ``apply``, so a person (or ``--dry-run``) sees what will change first.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from ..content import Content
from .assessments import AssessmentError, AssessmentsService, improving_ratings
from .dates import format_date, iso, today
from .forms import (
    ACTION_PLAN,
    FORM_KINDS,
    KIND_LABELS,
    KIND_TABLES,
    SELF_ASSESSMENT,
    FormIdentity,
    answer_field,
    answers_from_record,
    describe_answer,
    file_name,
    form_items,
    render_form,
)
from .forms_parse import ParsedForm, Problem, loose, parse_form
from .ports import RecordPort
from .register import Organisation, RegisterService

NEW, REPLACE, UNCHANGED, REFUSED = "new", "replace", "unchanged", "refused"
FORMAT_NAMES = {"md": "Markdown", "csv": "CSV", "docx": "Word"}


class FormImportError(Exception):
    """The import cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class ExportedForm:
    """One form ready to be written: its suggested file name and its text."""

    organisation: Organisation
    kind: str
    year: int
    fmt: str
    file_name: str
    text: str  # a docx form's text is its Markdown twin; compact_tui.word lays out the file
    prefilled_from: int | None = None
    identity: FormIdentity | None = None
    answers: Mapping[str, Mapping[str, str]] | None = None


@dataclass(frozen=True)
class AnswerChange:
    """One question whose answer a resubmission changes: old -> new, in words."""

    item: str
    old: str
    new: str


@dataclass
class ImportPreview:
    """What importing a form would do; nothing is written until ``apply``."""

    text: str
    form: ParsedForm
    organisation: Organisation | None = None
    existing_id: str = ""
    existing_status: str = ""
    changes: list[AnswerChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    file_name: str = ""  # the returned file's name, which may name its organisation
    mismatch: str = ""  # the identifier's organisation is not the one the form or file names

    @property
    def kind(self) -> str:
        return self.form.identity.kind if self.form.identity else ""

    @property
    def year(self) -> int:
        return self.form.identity.year if self.form.identity else 0

    @property
    def outcome(self) -> str:
        if self.problems:
            return REFUSED
        if not self.existing_id:
            return NEW
        if not self.changes and self.existing_status in ("submitted", "reviewed"):
            return UNCHANGED
        return REPLACE

    @property
    def replaces_reviewed(self) -> bool:
        return self.outcome == REPLACE and self.existing_status == "reviewed"

    def describe(self) -> str:
        """The return this form is for: "Active Brentwood's self-assessment for 2026"."""
        if self.organisation is None or not self.kind:
            return "this form"
        return (f"{self.organisation.name}'s {KIND_LABELS[self.kind].lower()} "
                f"for {self.year}")

    def summary(self) -> str:
        """One sentence saying what will happen (or why nothing can)."""
        items = len(self.form.answers)
        answered = f"{self.form.answered} of {items} answered"
        if self.outcome == REFUSED:
            count = len(self.problems)
            return (f"Nothing can be imported: {count} problem{'s' if count != 1 else ''} "
                    "to correct in the file first.")
        if self.outcome == NEW:
            return (f"{_first_upper(self.describe())} will be imported as submitted, ready for "
                    f"review ({answered}).")
        if self.outcome == UNCHANGED:
            return f"Already imported, nothing changed: {self.describe()} holds these answers."
        changed = len(self.changes)
        what = (f"{changed} answer{'s' if changed != 1 else ''} change"
                if changed else "the answers are the same")
        status = {"reviewed": "an already REVIEWED return",
                  "submitted": "the submitted return",
                  "draft": "the draft"}.get(self.existing_status, "the earlier return")
        return (f"This replaces {status} of {self.describe()} ({what}); it will be marked "
                "submitted, ready for review.")


    def form_line(self) -> str:
        """Which form this is, as its identifier line says."""
        identity = self.form.identity
        if identity is None:
            return ""
        return (f"Form: {KIND_LABELS[identity.kind].lower()} for "
                f"{identity.organisation or identity.organisation_id}, {identity.year} "
                f"({FORMAT_NAMES[self.form.fmt]}, content {identity.content_version})")

    def change_lines(self) -> list[str]:
        """Each answer a resubmission changes, old -> new, under a heading."""
        if not self.changes or self.outcome == REFUSED:
            return []
        noun = "Question" if self.kind == SELF_ASSESSMENT else "Practice"
        return ["Changes (old → new):"] + [f"  {noun} {c.item}: {c.old} → {c.new}"
                                           for c in self.changes]


class FormsService:
    """Exports and imports forms through the store's scripting API."""

    def __init__(self, store: RecordPort, content: Content) -> None:
        self.store = store
        self.content = content
        self.register = RegisterService(store)
        self.assessments = AssessmentsService(store, content)

    # -------------------------------------------------------------- export

    def identity(self, kind: str, organisation: Organisation, year: int) -> FormIdentity:
        return FormIdentity(kind, organisation.name, organisation.id, year, self.content.version)

    def export(self, organisation: Organisation, kind: str, year: int, fmt: str = "md",
               prefill: bool = False) -> ExportedForm:
        """A form for one organisation; ``prefill`` fills it with last year's return, if any."""
        answers = None
        prefilled_from = None
        if prefill:
            last_year = self.find(kind, organisation.id, year - 1)
            if last_year is not None:
                answers = answers_from_record(kind, self.content, last_year)
                prefilled_from = year - 1
        identity = self.identity(kind, organisation, year)
        text = render_form(self.content, identity, "md" if fmt == "docx" else fmt, answers)
        return ExportedForm(organisation, kind, year, fmt,
                            file_name(organisation.name, kind, year, fmt, organisation.id), text,
                            prefilled_from, identity, answers)

    def export_all(self, year: int, kinds: Iterable[str] = FORM_KINDS, fmt: str = "md",
                   prefill: bool = False) -> list[ExportedForm]:
        """One form per active signatory and kind, ready to attach to emails; two names that
        spell the same file ("Age UK", "Age-UK") get their ids added, so none is overwritten."""
        kinds = tuple(kinds)
        forms = [self.export(org, kind, year, fmt, prefill)
                 for org in self.register.organisations(include_inactive=False)
                 for kind in kinds]
        taken = Counter(form.file_name for form in forms)
        return [form if taken[form.file_name] == 1 else dataclasses.replace(
                    form, file_name=file_name(f"{form.organisation.name} {form.organisation.id}",
                                              form.kind, form.year, form.fmt))
                for form in forms]

    def find_organisation(self, wanted: str) -> Organisation:
        """An organisation by id, exact name, or a loose unique match of its name."""
        organisations = self.register.organisations()
        for org in organisations:
            if wanted in (org.id, org.name):
                return org
        matches = _by_loose_name(wanted, organisations)
        if len(matches) == 1:
            return matches[0]
        if not matches:
            matches = [o for o in organisations if loose(wanted) in loose(o.name)]
            if len(matches) == 1:
                return matches[0]
        if matches:
            names = ", ".join(o.name for o in matches)
            raise FormImportError(f'"{wanted}" could be any of: {names}. Give the full name.')
        raise FormImportError(f'No organisation called "{wanted}" is in the register.')

    # -------------------------------------------------------------- import

    def find(self, kind: str, organisation_id: str, year: int) -> dict[str, Any] | None:
        """The stored return of this kind for an organisation and year, if there is one."""
        summary = self.assessments.find(KIND_TABLES[kind], organisation_id, year)
        return self.store.get(KIND_TABLES[kind], summary.id) if summary else None

    def preview(self, text: str, file_name: str = "") -> ImportPreview:
        """Read a returned form and work out what importing it would do; ``file_name`` (the
        returned file's name) is checked against the organisation too."""
        form = parse_form(text, self.content)
        preview = ImportPreview(text, form, problems=list(form.problems), file_name=file_name)
        if form.identity is None:
            return preview
        identity = form.identity
        organisation, problem = _match_organisation(identity, self.register.organisations())
        if organisation is None:
            preview.problems.insert(0, Problem(problem))
            return preview
        preview.organisation = organisation
        preview.mismatch = _mismatch(identity, organisation, file_name,
                                     self.register.organisations())
        if identity.kind == ACTION_PLAN:
            order = {item.id: i for i, item in enumerate(form_items(self.content, ACTION_PLAN))}
            preview.problems = sorted(
                preview.problems + self._target_problems(identity.year, form.answers),
                key=lambda p: (bool(p.item), order.get(p.item, len(order))))
        existing = self.find(identity.kind, organisation.id, identity.year)
        if existing is not None:
            preview.existing_id = existing["id"]
            preview.existing_status = str(existing.get("status", "draft"))
            preview.changes = self._changes(identity.kind, existing, form.answers)
        return preview

    def apply(self, preview: ImportPreview, replace_reviewed: bool = False,
              trust_identifier: bool = False) -> str:
        """Store the previewed form as a submitted return; returns the record id.

        The preview is worked out again first, so an edit that arrived from another member in
        the meantime is never overwritten unseen. A form whose identifier and names disagree
        (``mismatch``) is imported only when the member said so (``trust_identifier``).
        """
        fresh = self.preview(preview.text, preview.file_name)
        if fresh.outcome == REFUSED:
            raise FormImportError("Nothing was imported: " + "; ".join(
                str(p) for p in fresh.problems))
        if (fresh.outcome, fresh.existing_id, fresh.changes) != (
                preview.outcome, preview.existing_id, preview.changes):
            raise FormImportError("The stored return changed since this preview (another member "
                                  "edited it). Look at the preview again before importing.")
        if fresh.outcome == UNCHANGED:
            return fresh.existing_id
        if fresh.mismatch and not trust_identifier:
            raise FormImportError(f"Nothing was imported: {fresh.mismatch}")
        if fresh.replaces_reviewed and not replace_reviewed:
            raise FormImportError(
                f"{_first_upper(fresh.describe())} has already been reviewed. Replacing it "
                "sends it back for review; confirm that you mean to replace a reviewed return.")
        assert fresh.organisation is not None and fresh.form.identity is not None
        table = KIND_TABLES[fresh.kind]
        fields = {**fresh.form.answers, "status": "submitted",
                  "submitted_on": iso(today()), "source": "form"}
        # Not AssessmentsService.replace_answers/submit: those are for drafts typed in the
        # app, while a returned form may replace a submitted return and may leave questions
        # unrated. The fields written are exactly the assessments area's shape.
        try:
            record_id = fresh.existing_id or self.assessments.start(
                table, fresh.organisation.id, fresh.year, source="form")
        except AssessmentError as error:
            raise FormImportError(f"Nothing was imported: {error}") from error
        self.store.update(table, record_id, fields)
        return record_id

    def _target_problems(self, year: int,
                         answers: Mapping[str, Mapping[str, str]]) -> list[Problem]:
        """The assessments area's rules for target dates, reported per practice."""
        improving = improving_ratings(self.content)
        labels = [r.label for r in self.content.action_plan.ratings if r.key in improving]
        problems = []
        for name, answer in answers.items():
            item = name.split(".", 1)[1]
            if answer["target"] and answer["rating"] not in improving:
                problems.append(Problem(
                    f"a target date is only for practices rated {' or '.join(labels)}",
                    item, ACTION_PLAN))
            elif answer["target"] and int(answer["target"][:4]) < year:
                problems.append(Problem(
                    f"the target date {format_date(answer['target'])} is before {year}: "
                    f"expected a date in {year} or later", item, ACTION_PLAN))
        return problems

    def _changes(self, kind: str, existing: Mapping[str, Any],
                 answers: Mapping[str, Mapping[str, str]]) -> list[AnswerChange]:
        before = answers_from_record(kind, self.content, existing)
        changes = []
        for item in form_items(self.content, kind):
            name = answer_field(kind, item.id)
            old, new = before.get(name), answers.get(name)
            if old is not None and new is not None and _layout_free(old) != _layout_free(new):
                changes.append(AnswerChange(item.id, describe_answer(kind, self.content, old),
                                            describe_answer(kind, self.content, new)))
        return changes


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _layout_free(answer: Mapping[str, str]) -> dict[str, str]:
    """An answer with its notes' line breaks and spacing ignored: an editor that drops a blank
    line must not turn a re-sent form into a 'changed' one."""
    return {key: " ".join(value.split()) for key, value in answer.items()}


def _by_loose_name(name: str, organisations: Iterable[Organisation]) -> list[Organisation]:
    wanted = _name_key(name)
    return [org for org in organisations if _name_key(org.name) == wanted]


def _name_key(name: str) -> str:
    words = loose(name).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def _mismatch(identity: FormIdentity, organisation: Organisation, file_path: str,
              organisations: list[Organisation]) -> str:
    """What disagrees with the organisation the identifier gave: the name the form carries,
    or a file named as another organisation's form (a form sent to the wrong member, or an
    identifier copied from another organisation's form). Empty when all agree."""
    said = []
    if identity.organisation and _name_key(identity.organisation) != _name_key(
            organisation.name):
        said.append(f'the form names "{identity.organisation}"')
    slug = _file_slug(PurePath(file_path).name, identity) if file_path else ""
    owners = [org for org in organisations if slug and slug in _slugs(org, identity)]
    if owners and organisation not in owners:
        said.append(f'the file is named for "{owners[0].name}"')
    if not said:
        return ""
    return (f"this form's identifier is {organisation.name}'s, but {' and '.join(said)}. "
            f"Importing it stores the answers as {organisation.name}'s return (expected only if "
            "the organisation was renamed since the form was sent).")


def _file_slug(name: str, identity: FormIdentity) -> str:
    """The organisation part of an exported form's file name ("age-uk-self-assessment-2026
    (1).csv" gives "age-uk"); empty if the name is not one the export made."""
    marker = f"-{identity.kind}-{identity.year}"
    stem = name.casefold()
    return stem.split(marker, 1)[0] if marker in stem else ""


def _slugs(organisation: Organisation, identity: FormIdentity) -> set[str]:
    """The names an export gives this organisation's files (plain, and with its id)."""
    marker = f"-{identity.kind}-{identity.year}"
    names = (file_name(organisation.name, identity.kind, identity.year, "x", organisation.id),
             file_name(f"{organisation.name} {organisation.id}", identity.kind, identity.year,
                       "x"))
    return {name.split(marker, 1)[0] for name in names}


def _match_organisation(identity: FormIdentity,
                        organisations: list[Organisation]) -> tuple[Organisation | None, str]:
    """By the id on the form, else by its name (loosely); a clear message when neither fits."""
    for org in organisations:
        if identity.organisation_id and org.id == identity.organisation_id:
            return org, ""
    matches = _by_loose_name(identity.organisation, organisations) if identity.organisation \
        else []
    if len(matches) == 1:
        return matches[0], ""
    if matches:
        return None, (f'The form is for "{identity.organisation}", and {len(matches)} '
                      "organisations in the register have that name: nothing can be imported "
                      "until only one does.")
    return None, (f'The form is for "{identity.organisation or identity.organisation_id}", '
                  "which is not in this register. Check the form came from this Compact, or add "
                  "the organisation to the register first.")
