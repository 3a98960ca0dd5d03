"""Forms for members who do not run the app: the toolkit or action plan as Markdown or CSV text.

A Compact Champion receives a form by email, fills it in with whatever they have (Notepad, Word,
Excel) and sends it back; ``forms_parse`` reads it again. Everything here is pure: text in,
text out. The CLI and the screens decide where the text goes.

Every form carries one identifier line, e.g.::

    compact-tui form: self-assessment | organisation: Active Brentwood | org-id: 4f1c… |
    year: 2026 | content: brentwood-2016.1

so a returned form is matched to its organisation and year, and a form made from another
borough's Compact or an older toolkit is recognised and refused.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..content import Content, Rating
from .assessments import ACTION_PLANS, SELF_ASSESSMENTS
from .dates import format_date, from_iso
from .register import without_latin_accents
from .spreadsheet_cells import guard_formula

SELF_ASSESSMENT = "self-assessment"
ACTION_PLAN = "action-plan"
FORM_KINDS = (SELF_ASSESSMENT, ACTION_PLAN)
KIND_TABLES = {SELF_ASSESSMENT: SELF_ASSESSMENTS, ACTION_PLAN: ACTION_PLANS}
KIND_LABELS = {SELF_ASSESSMENT: "Self-assessment", ACTION_PLAN: "Action plan"}
FORMATS = ("md", "csv", "docx")  # docx is laid out outside the domain (compact_tui/word.py)

IDENTIFIER_PREFIX = "compact-tui form:"
NOTES_END = "(end of notes)"
RATING_PROMPT = "Rating (put an x in one box):"
TARGET_PROMPT = "Target date (for example 31/03/2027):"
ID_HEADER = "ID"
TARGET_HEADER = "Target date"
QUESTION_HEADING = re.compile(
    r"^#{1,6}\s*(?:question\s+|practice\s+)?([0-9]+|[A-Za-z])\s*\.\s*([0-9]+)\b[.:)]?\s*(.*)$",
    re.IGNORECASE)
END_OF_NOTES_LINE = re.compile(r"^[\s*_(\[]*end of notes?\b.*$", re.IGNORECASE)
END_OF_FORM_LINE = re.compile(r"^[\s*_(\[]*end of form\b.*$", re.IGNORECASE)


def escape_note_line(line: str) -> str:
    """A note line that would read as the form's own ("(end of notes)", a question heading)
    gets a ``\\`` before it, as does one already starting with ``\\``, so
    ``unescape_note_line`` gives the note back."""
    if line.startswith("\\") or any(marker.match(line.strip()) for marker in (
            END_OF_NOTES_LINE, END_OF_FORM_LINE, QUESTION_HEADING)):
        return "\\" + line
    return line


def unescape_note_line(line: str) -> str:
    if line.startswith("\\") and escape_note_line(line[1:]) == line:
        return line[1:]
    return line


@dataclass(frozen=True)
class FormItem:
    """One question of the toolkit or one practice of the action plan, as a form shows it."""

    id: str
    section: str
    text: str


@dataclass(frozen=True)
class FormIdentity:
    """What the identifier line says: which form, for whom, which year, which wording."""

    kind: str
    organisation: str
    organisation_id: str
    year: int
    content_version: str

    def line(self) -> str:
        name = self.organisation.replace("|", "/")  # "|" separates the line's parts
        return (f"{IDENTIFIER_PREFIX} {self.kind} | organisation: {name} | "
                f"org-id: {self.organisation_id} | year: {self.year} | "
                f"content: {self.content_version}")


def form_items(content: Content, kind: str) -> tuple[FormItem, ...]:
    """The questions (self-assessment) or practices (action plan) in the content's order."""
    if kind == SELF_ASSESSMENT:
        return tuple(FormItem(q.id, f"{section.number}. {section.title}", q.text)
                     for section in content.toolkit.sections for q in section.questions)
    if kind == ACTION_PLAN:
        return tuple(FormItem(p.id, f"{group.key}. {group.title}", p.text)
                     for group in content.action_plan.groups for p in group.practices)
    raise ValueError(f"unknown form kind {kind!r}")


def form_ratings(content: Content, kind: str) -> tuple[Rating, ...]:
    return content.toolkit.ratings if kind == SELF_ASSESSMENT else content.action_plan.ratings


def form_title(content: Content, kind: str) -> str:
    return content.toolkit.title if kind == SELF_ASSESSMENT else content.action_plan.title


def answer_field(kind: str, item_id: str) -> str:
    """The store field an item's answer lives in: ``answer.1.2`` or ``rating.C.4``."""
    return f"answer.{item_id}" if kind == SELF_ASSESSMENT else f"rating.{item_id}"


def notes_key(kind: str) -> str:
    return "notes" if kind == SELF_ASSESSMENT else "note"


def blank_answer(kind: str) -> dict[str, str]:
    if kind == SELF_ASSESSMENT:
        return {"rating": "", "notes": ""}
    return {"rating": "", "note": "", "target": ""}


def normalise_answer(kind: str, value: Any) -> dict[str, str]:
    """A stored answer in the fixed shape, whatever a record holds (missing, partial)."""
    answer = blank_answer(kind)
    if isinstance(value, Mapping):
        for key in answer:
            found = value.get(key)
            answer[key] = found if isinstance(found, str) else ""
    return answer


def answers_from_record(kind: str, content: Content,
                        record: Mapping[str, Any] | None) -> dict[str, dict[str, str]]:
    """Every item's answer from a stored return (blank where it has none), by store field."""
    record = record or {}
    return {answer_field(kind, item.id): normalise_answer(kind, record.get(
        answer_field(kind, item.id))) for item in form_items(content, kind)}


def file_name(organisation: str, kind: str, year: int, fmt: str,
              organisation_id: str = "") -> str:
    """A name safe on every system, readable in an email: active-brentwood-action-plan-2026.csv.

    Latin accents are dropped ("Café" gives "cafe"); a name in another script (中文学校,
    Ελληνική Κοινότητα) cannot be spelt in these letters, so the organisation's id is added
    and two such names never share a file."""
    folded = without_latin_accents(organisation).casefold().replace("&", " and ")
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    lost_letters = any(char.isalnum() and not char.isascii() for char in folded)
    if (lost_letters or not slug) and organisation_id:
        slug = f"{slug}-{organisation_id[:8]}".strip("-")
    return f"{slug or 'organisation'}-{kind}-{year}.{fmt}"


# --- Markdown ---------------------------------------------------------------------------------


def render_markdown(content: Content, identity: FormIdentity,
                    answers: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The form as Markdown that reads well in any editor and on paper.

    ``answers`` (store field -> answer) pre-fills it, e.g. with last year's return.
    """
    kind = identity.kind
    ratings = form_ratings(content, kind)
    noun = "question" if kind == SELF_ASSESSMENT else "practice"
    lines = [
        f"# {form_title(content, kind)}: {identity.organisation}, {identity.year}",
        "",
        identity.line(),
        "",
        f"From the {content.compact.steering_group}. Please fill in this form and send it back "
        "by email as it is (plain text is best; Word is fine).",
        "",
        "How to fill it in:",
        "",
        f"- For each {noun}, put an x in one box on its Rating line, for example "
        f"[x] {ratings[0].label}.",
    ]
    if kind == ACTION_PLAN:
        lines.append("- If you plan to act on a practice, give a target date, "
                     "for example 31/03/2027.")
    lines += [
        f"- Write anything you want to add below \"Notes:\", above \"{NOTES_END}\". "
        "Notes can run over several lines.",
        "- Please do not change the identifier line above or the lines starting with #.",
        "",
    ]
    section = ""
    for item in form_items(content, kind):
        if item.section != section:
            section = item.section
            lines += [f"## {section}", ""]
        answer = normalise_answer(kind, (answers or {}).get(answer_field(kind, item.id)))
        boxes = "  ".join(f"[{'x' if answer['rating'] == r.key else ' '}] {r.label}"
                          for r in ratings)
        lines += [f"### {item.id} {item.text}", "", f"{RATING_PROMPT} {boxes}", ""]
        if kind == ACTION_PLAN:
            target = from_iso(answer["target"])
            typed = target.strftime("%d/%m/%Y") if target else ""
            lines += [f"{TARGET_PROMPT} {typed}".rstrip(), ""]
        lines.append("Notes:")
        note = answer[notes_key(kind)]
        lines += [escape_note_line(line) for line in note.split("\n")] if note else [""]
        lines += [NOTES_END, ""]
    lines.append("(end of form)")
    return "\n".join(lines) + "\n"


# --- CSV --------------------------------------------------------------------------------------


def csv_headers(content: Content, kind: str) -> list[str]:
    ratings = [r.label for r in form_ratings(content, kind)]
    if kind == SELF_ASSESSMENT:
        return [ID_HEADER, "Section", "Question", *ratings, "Notes"]
    return [ID_HEADER, "Group", "Practice", *ratings, TARGET_HEADER, "Note"]


def render_csv(content: Content, identity: FormIdentity,
               answers: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The form as CSV text, one row per question or practice; x goes in a rating column.

    Written with a UTF-8 byte order mark (see ``form_files``) so Excel shows every accent.
    """
    kind = identity.kind
    ratings = form_ratings(content, kind)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([identity.line()])
    writer.writerow([f"{form_title(content, kind)} for {identity.organisation}, "
                     f"{identity.year}. Put an x in one rating column on each row"
                     + (", a target date if you plan to act," if kind == ACTION_PLAN else ",")
                     + " and any notes; please keep the first line and the ID column."])
    writer.writerow(csv_headers(content, kind))
    for item in form_items(content, kind):
        answer = normalise_answer(kind, (answers or {}).get(answer_field(kind, item.id)))
        marks = ["x" if answer["rating"] == r.key else "" for r in ratings]
        row = [item.id, guard_formula(item.section), guard_formula(item.text), *marks]
        if kind == ACTION_PLAN:
            target = from_iso(answer["target"])
            row.append(target.strftime("%d/%m/%Y") if target else "")
        row.append(guard_formula(answer[notes_key(kind)]))
        writer.writerow(row)
    return out.getvalue()


def render_form(content: Content, identity: FormIdentity, fmt: str,
                answers: Mapping[str, Mapping[str, str]] | None = None) -> str:
    if fmt == "csv":
        return render_csv(content, identity, answers)
    if fmt == "md":
        return render_markdown(content, identity, answers)
    raise ValueError(f"unknown form format {fmt!r} (md or csv)")


def describe_answer(kind: str, content: Content, answer: Mapping[str, str]) -> str:
    """An answer in words for a difference view: 'Partly; notes: …'."""
    labels = {r.key: r.label for r in form_ratings(content, kind)}
    parts = [labels.get(answer.get("rating", ""), answer.get("rating", "")) or "no rating"]
    if answer.get("target"):
        parts.append(f"target {format_date(answer['target'])}")
    note = answer.get(notes_key(kind), "")
    if note:
        parts.append(f"notes: {note}")
    return "; ".join(parts)
