"""Forms rendered as Markdown and CSV, and read back unchanged (no damage yet)."""

from __future__ import annotations

import re

import pytest

from compact_tui.content import default_content
from compact_tui.domain.forms import (
    ACTION_PLAN,
    SELF_ASSESSMENT,
    FormIdentity,
    answer_field,
    file_name,
    form_items,
    render_csv,
    render_markdown,
)
from compact_tui.domain.forms_parse import parse_form
from compact_tui.form_files import decode_form_bytes, encode_form
from tests.forms_edits import csv_rows

CONTENT = default_content()
ORG_ID = "0b7f3f4e-1111-4c5e-9d7a-123456789abc"


def identity(kind: str, organisation: str = "Active Brentwood", year: int = 2026) -> FormIdentity:
    return FormIdentity(kind, organisation, ORG_ID, year, CONTENT.version)


def sample_answers(kind: str) -> dict[str, dict[str, str]]:
    """Every item answered differently, with multi-line notes and targets where allowed."""
    answers = {}
    ratings = [r.key for r in (CONTENT.toolkit.ratings if kind == SELF_ASSESSMENT
                               else CONTENT.action_plan.ratings)]
    for index, item in enumerate(form_items(CONTENT, kind)):
        rating = ratings[index % len(ratings)] if index % 5 else ""
        notes = f"Point one for {item.id}.\nPoint two: it's \"fine\"." if index % 3 == 0 else ""
        if kind == SELF_ASSESSMENT:
            answers[answer_field(kind, item.id)] = {"rating": rating, "notes": notes}
        else:
            target = "2027-03-31" if rating in ("better", "help") else ""
            answers[answer_field(kind, item.id)] = {"rating": rating, "note": notes,
                                                    "target": target}
    return answers


def test_markdown_form_numbers_each_question_with_a_marked_answer_space() -> None:
    text = render_markdown(CONTENT, identity(SELF_ASSESSMENT))
    questions = CONTENT.all_questions()
    assert text.splitlines()[2] == (
        f"compact-tui form: self-assessment | organisation: Active Brentwood | org-id: {ORG_ID} "
        f"| year: 2026 | content: {CONTENT.version}")
    for question in questions:
        assert f"### {question.id} {question.text}\n" in text
    rating_lines = [line for line in text.splitlines() if line.startswith("Rating (")]
    assert len(rating_lines) == len(questions)
    assert set(rating_lines) == {"Rating (put an x in one box): [ ] Good  [ ] Partly  "
                                 "[ ] Not yet  [ ] Not applicable"}
    assert text.count("\nNotes:\n") == text.count("\n(end of notes)\n") == len(questions)
    assert "## 3. Procedures and systems" in text


def test_action_plan_markdown_has_target_dates_and_its_own_ratings() -> None:
    text = render_markdown(CONTENT, identity(ACTION_PLAN))
    practices = CONTENT.all_practices()
    assert text.count("Target date (for example 31/03/2027):") == len(practices)
    assert ("[ ] We already do this  [ ] We could do this better  [ ] We need help with this"
            in text)
    assert "### C.4 We conduct and annual review of our Compact work" in text


def test_csv_form_has_one_row_per_question_and_a_column_per_rating() -> None:
    text = render_csv(CONTENT, identity(SELF_ASSESSMENT))
    rows = csv_rows(text)
    assert rows[0] == [identity(SELF_ASSESSMENT).line()]
    header_at = next(i for i, row in enumerate(rows) if row[0] == "ID")
    assert rows[header_at] == ["ID", "Section", "Question", "Good", "Partly", "Not yet",
                               "Not applicable", "Notes"]
    body = rows[header_at + 1:]
    assert [row[0] for row in body] == [q.id for q in CONTENT.all_questions()]
    assert body[0][1] == "1. Membership and level of reach and involvement"
    assert body[0][2] == CONTENT.all_questions()[0].text


def test_action_plan_csv_has_a_target_date_column() -> None:
    rows = csv_rows(render_csv(CONTENT, identity(ACTION_PLAN)))
    header = next(row for row in rows if row[0] == "ID")
    assert header == ["ID", "Group", "Practice", "We already do this",
                      "We could do this better", "We need help with this", "Target date", "Note"]
    assert len([row for row in rows if re.fullmatch(r"[A-F]\.\d+", row[0])]) == len(
        CONTENT.all_practices())


def test_csv_is_written_with_a_byte_order_mark_for_excel_and_markdown_with_crlf() -> None:
    csv_bytes = encode_form(render_csv(CONTENT, identity(SELF_ASSESSMENT)), "csv")
    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    md_bytes = encode_form(render_markdown(CONTENT, identity(SELF_ASSESSMENT)), "md")
    assert b"\r\n" in md_bytes and b"\n" not in md_bytes.replace(b"\r\n", b"")
    assert decode_form_bytes(md_bytes).replace("\r\n", "\n") == render_markdown(
        CONTENT, identity(SELF_ASSESSMENT))


@pytest.mark.parametrize("kind", [SELF_ASSESSMENT, ACTION_PLAN])
@pytest.mark.parametrize("render", [render_markdown, render_csv])
def test_a_prefilled_form_reads_back_to_the_same_answers(kind, render) -> None:
    answers = sample_answers(kind)
    form = parse_form(render(CONTENT, identity(kind), answers), CONTENT)
    assert form.problems == []
    assert form.identity == identity(kind)
    assert form.answers == answers


@pytest.mark.parametrize("render", [render_markdown, render_csv])
def test_a_blank_form_reads_back_as_every_question_unanswered(render) -> None:
    form = parse_form(render(CONTENT, identity(SELF_ASSESSMENT)), CONTENT)
    assert form.problems == []
    assert len(form.answers) == len(CONTENT.all_questions())
    assert form.answered == 0
    assert set(map(str, (a["rating"] for a in form.answers.values()))) == {""}


def test_prefilled_markdown_shows_the_chosen_box_and_the_target_as_typed() -> None:
    answers = {answer_field(ACTION_PLAN, "A.1"): {"rating": "help", "note": "Ask the CVS.",
                                                  "target": "2027-01-15"}}
    text = render_markdown(CONTENT, identity(ACTION_PLAN), answers)
    start = text.index("### A.1")
    block = text[start:text.index("### A.2")]
    assert "[ ] We already do this  [ ] We could do this better  [x] We need help with this" \
        in block
    assert "Target date (for example 31/03/2027): 15/01/2027" in block
    assert "Notes:\nAsk the CVS.\n(end of notes)" in block


def test_file_names_are_safe_and_readable() -> None:
    assert file_name("Active Brentwood", SELF_ASSESSMENT, 2026, "md") == \
        "active-brentwood-self-assessment-2026.md"
    assert file_name("St Mary's Church & Hall", ACTION_PLAN, 2027, "csv") == \
        "st-mary-s-church-and-hall-action-plan-2027.csv"


def test_a_bar_in_an_organisation_name_cannot_break_the_identifier_line() -> None:
    form = parse_form(render_markdown(CONTENT, identity(SELF_ASSESSMENT, "Arts | Crafts")),
                      CONTENT)
    assert form.problems == []
    assert (form.identity.organisation, form.identity.organisation_id, form.identity.year) == (
        "Arts / Crafts", ORG_ID, 2026)
