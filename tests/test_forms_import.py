"""Returned forms, damaged as people damage them, read and imported (or refused) correctly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from compact_tui.content import default_content
from compact_tui.domain.assessments import ACTION_PLANS, SELF_ASSESSMENTS
from compact_tui.domain.forms import ACTION_PLAN, SELF_ASSESSMENT, FormIdentity, render_markdown
from compact_tui.domain.forms_parse import parse_form
from compact_tui.domain.forms_service import (
    NEW,
    REFUSED,
    REPLACE,
    UNCHANGED,
    FormImportError,
    FormsService,
)
from compact_tui.domain.register import Organisation, RegisterService
from compact_tui.form_files import FormFileError, decode_form_bytes, encode_form, read_form_file
from compact_tui.store import open_store
from compact_tui.user_files import UserFileError, write_user_file
from tests import forms_edits as edit

CONTENT = default_content()
FIXTURES = Path(__file__).parent / "fixtures" / "forms"


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "compact.json", member="Jo Morgan") as opened:
        yield opened


@pytest.fixture
def org(store) -> Organisation:
    register = RegisterService(store)
    register.add_organisation(Organisation(name="Brentwood Foodbank", status="active"))
    org_id = register.add_organisation(Organisation(name="Active Brentwood", status="active"))
    return register.organisation(org_id)


@pytest.fixture
def service(store) -> FormsService:
    return FormsService(store, CONTENT)


def blank(service: FormsService, org: Organisation, kind: str = SELF_ASSESSMENT,
          fmt: str = "md", year: int = 2026) -> str:
    return service.export(org, kind, year, fmt).text


def answers_of(service, org, kind=SELF_ASSESSMENT, year=2026) -> dict:
    record = service.find(kind, org.id, year)
    return {k: v for k, v in record.items() if k.startswith(("answer.", "rating."))}


def parsed(text: str):
    return parse_form(text, CONTENT)


def messages(form_or_preview) -> list[str]:
    return [str(p) for p in form_or_preview.problems]


# --- the small damage people do: all of it is accepted -----------------------------------------


def filled(service, org) -> str:
    md = blank(service, org)
    md = edit.tick(md, "1.1", "Good")
    md = edit.tick(md, "1.2", "Partly")
    md = edit.write_notes(md, "1.2", "We told the CCG's new team.\n\nAnd the PCC's office.")
    md = edit.tick(md, "8.3", "Not applicable")
    return md


EXPECTED = {
    "answer.1.1": {"rating": "good", "notes": ""},
    "answer.1.2": {"rating": "partly",
                   "notes": "We told the CCG's new team.\n\nAnd the PCC's office."},
    "answer.8.3": {"rating": "na", "notes": ""},
}


def check_expected(form, blank_lines_lost: bool = False) -> None:
    assert messages(form) == []
    for field, answer in EXPECTED.items():
        if blank_lines_lost:
            answer = {**answer, "notes": answer["notes"].replace("\n\n", "\n")}
        assert form.answers[field] == answer
    assert form.answered == 3


@pytest.mark.parametrize("damage", [
    edit.crlf,
    edit.smart_quotes,
    edit.without_blank_lines,
    edit.with_trailing_spaces,
    lambda text: edit.crlf(edit.smart_quotes(edit.with_trailing_spaces(text))),
    lambda text: text.replace("\n\n", "\n\n\n"),
], ids=["crlf", "smart-quotes", "blank-lines-deleted", "trailing-spaces", "word", "extra-blanks"])
def test_markdown_damage_is_accepted(service, org, damage) -> None:
    check_expected(parsed(damage(filled(service, org))),
                   blank_lines_lost=damage is edit.without_blank_lines)


def test_blank_lines_lost_inside_notes_count_as_the_same_answers(service, org) -> None:
    text = filled(service, org)
    service.apply(service.preview(text))
    assert service.preview(edit.without_blank_lines(text)).outcome == UNCHANGED


def test_a_form_saved_as_utf16_by_word_or_notepad_is_read(service, org) -> None:
    saved = edit.utf16(edit.crlf(edit.smart_quotes(filled(service, org))))
    assert saved[:2] == b"\xff\xfe"
    check_expected(parsed(decode_form_bytes(saved)))


def test_utf16_without_a_byte_order_mark_and_utf8_with_one_are_read(service, org) -> None:
    text = filled(service, org)
    check_expected(parsed(decode_form_bytes(text.encode("utf-16-le"))))
    check_expected(parsed(decode_form_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))))


@pytest.mark.parametrize("line", [
    "Rating (put an x in one box): PARTLY",
    "Rating: partly",
    "rating (put an x in one box): Partly.",
    "Rating (put an x in one box): [ ] good  [X] PARTLY  [ ] not yet  [ ] not applicable",
    "Rating (put an x in one box): [ ] Good  [✓] Partly  [ ] Not yet  [ ] Not applicable",
    "Rating (put an x in one box): [ ] Good  [ x ] Partly  [ ] Not yet  [ ] Not applicable",
    "**Rating:** [ ] Good [✔]Partly [ ] Not yet [ ] Not applicable",
])
def test_a_rating_typed_as_a_word_in_any_case_or_ticked_with_any_mark(service, org, line) -> None:
    form = parsed(edit.rating_line(blank(service, org), "2.1", line))
    assert messages(form) == []
    assert form.answers["answer.2.1"]["rating"] == "partly"


def test_rating_word_on_its_own_line_and_notes_before_the_rating(service, org) -> None:
    md = blank(service, org)
    start, end = edit.block_span(md, "2.2")
    heading = md[start:end].split("\n")[0]
    reordered = (f"{heading}\nNotes:\nFirst line\nsecond line\n(end of notes)\n"
                 "Rating (put an x in one box):\nNot yet\n\n")
    form = parsed(md[:start] + reordered + md[end:])
    assert messages(form) == []
    assert form.answers["answer.2.2"] == {"rating": "not_yet",
                                          "notes": "First line\nsecond line"}


def test_notes_without_their_end_marker_stop_at_the_next_question(service, org) -> None:
    md = edit.edit_block(blank(service, org), "3.1", "Notes:\n\n(end of notes)",
                         "Notes: We meet\nfour times a year.")
    form = parsed(md)
    assert messages(form) == []
    assert form.answers["answer.3.1"]["notes"] == "We meet\nfour times a year."
    assert form.answers["answer.3.2"]["notes"] == ""


def test_action_plan_targets_in_the_ways_people_type_dates(service, org) -> None:
    md = blank(service, org, ACTION_PLAN)
    md = edit.tick(md, "A.1", "We could do this better")
    md = edit.target(md, "A.1", "31/3/27")
    md = edit.tick(md, "A.2", "We need help with this")
    md = edit.target(md, "A.2", "1 June 2027")
    form = parsed(md)
    assert messages(form) == []
    assert form.answers["rating.A.1"]["target"] == "2027-03-31"
    assert form.answers["rating.A.2"]["target"] == "2027-06-01"


# --- CSV, as Excel returns it ------------------------------------------------------------------


def filled_csv(service, org) -> str:
    text = blank(service, org, ACTION_PLAN, "csv")
    text = edit.csv_set(text, "A.1", "We already do this", "x")
    text = edit.csv_set(text, "B.2", "We could do this better", "X")
    text = edit.csv_set(text, "B.2", "Target date", "31/03/2027")
    text = edit.csv_set(text, "B.2", "Note", "Intranet first;\nthen the e-bulletin, “soon”.")
    text = edit.csv_set(text, "F.1", "We need help with this", "✓")
    return text


def check_csv(form) -> None:
    assert messages(form) == []
    assert form.fmt == "csv"
    assert form.answers["rating.A.1"] == {"rating": "already", "note": "", "target": ""}
    assert form.answers["rating.B.2"] == {
        "rating": "better", "note": 'Intranet first;\nthen the e-bulletin, "soon".',
        "target": "2027-03-31"}
    assert form.answers["rating.F.1"]["rating"] == "help"
    assert form.answered == 3


def test_x_in_the_chosen_csv_column(service, org) -> None:
    check_csv(parsed(filled_csv(service, org)))


def test_csv_saved_by_excel_as_unicode_text_utf16_tabs(service, org) -> None:
    check_csv(parsed(decode_form_bytes(edit.excel_unicode_text(filled_csv(service, org)))))


def test_csv_saved_by_excel_with_semicolons_in_windows_1252(service, org) -> None:
    text = filled_csv(service, org)
    check_csv(parsed(decode_form_bytes(edit.excel_semicolons_ansi(text))))


def test_excel_style_dates_and_a_reordered_csv(service, org) -> None:
    text = edit.csv_set(blank(service, org, ACTION_PLAN, "csv"), "C.3",
                        "We need help with this", "yes")
    text = edit.csv_set(text, "C.3", "Target date", "30-Apr-27")
    rows = edit.csv_rows(text)
    header = next(i for i, row in enumerate(rows) if row[0] == "ID")
    body = rows[header + 1:]
    body.reverse()
    form = parsed(edit.csv_text(rows[:header + 1] + body + [["", "", ""]]))
    assert messages(form) == []
    assert form.answers["rating.C.3"] == {"rating": "help", "note": "", "target": "2027-04-30"}


# --- problems: every one reported with its question, nothing imported -------------------------


def test_two_boxes_ticked_and_an_unknown_rating_word_are_reported(service, org) -> None:
    md = edit.tick(edit.tick(blank(service, org), "1.3", "Good"), "1.3", "Not yet")
    md = edit.rating_line(md, "4.2", "Rating: Mostly")
    preview = service.preview(md)
    assert preview.outcome == REFUSED
    assert messages(preview) == [
        'Question 1.3: 2 ratings chosen (Good, Not yet): expected one box ticked',
        'Question 4.2: unknown rating "Mostly": expected one of "Good", "Partly", "Not yet", '
        '"Not applicable"',
    ]
    with pytest.raises(FormImportError):
        service.apply(preview)
    assert service.find(SELF_ASSESSMENT, org.id, 2026) is None


def test_csv_with_two_columns_marked_and_a_date_that_is_not_a_date(service, org) -> None:
    text = blank(service, org, ACTION_PLAN, "csv")
    text = edit.csv_set(text, "D.1", "We already do this", "x")
    text = edit.csv_set(text, "D.1", "We need help with this", "x")
    text = edit.csv_set(text, "E.2", "We need help with this", "x")
    text = edit.csv_set(text, "E.2", "Target date", "end of March")
    assert messages(service.preview(text)) == [
        "Practice D.1: 2 ratings chosen (We already do this, We need help with this): expected "
        "one box ticked",
        'Practice E.2: the target date "end of March" is not a date: expected a date such as '
        "31/03/2027",
    ]


def test_a_missing_question_refuses_the_whole_form(service, org) -> None:
    md = edit.tick(blank(service, org), "1.1", "Good")
    preview = service.preview(edit.delete_block(md, "5.3"))
    assert preview.outcome == REFUSED
    assert messages(preview) == [
        "Question 5.3: missing from the form (expected all 27 of the toolkit's questions)"]


def test_a_missing_csv_row_and_an_unknown_question(service, org) -> None:
    rows = edit.csv_rows(blank(service, org, fmt="csv"))
    rows = [row for row in rows if row[0] != "2.4"] + [["9.1", "9. Extra", "Anything else?"]]
    assert messages(service.preview(edit.csv_text(rows))) == [
        "Question 2.4: missing from the form (expected all 27 of the toolkit's questions)",
        "Question 9.1: not in this toolkit (the form's questions do not match it)",
    ]


def test_question_wording_that_differs_from_the_toolkit_is_refused(service, org) -> None:
    md = blank(service, org).replace("### 7.2 Is it known about and used?",
                                     "### 7.2 Is it known about and liked?")
    assert messages(service.preview(md)) == [
        'Question 7.2: wording "Is it known about and liked?" differs from the toolkit\'s '
        '"Is it known about and used?"']


def test_a_form_from_another_boroughs_compact_is_refused(service, org) -> None:
    text = (FIXTURES / "other-borough-self-assessment.md").read_text(encoding="utf-8")
    preview = service.preview(text)
    assert preview.outcome == REFUSED
    assert len(preview.problems) == 1
    message = str(preview.problems[0])
    assert '"barnet-2019.2"' in message and f'"{CONTENT.version}"' in message
    assert "another borough's Compact or an older toolkit" in message


def test_a_form_from_an_older_toolkit_csv_is_refused(service, org) -> None:
    text = decode_form_bytes((FIXTURES / "older-toolkit-action-plan.csv").read_bytes())
    message = messages(service.preview(text))[0]
    assert '"brentwood-2012.1"' in message and "older toolkit" in message


def test_a_file_that_is_not_a_form_is_refused(service, org) -> None:
    assert messages(service.preview("Dear Jo,\nplease find our answers below.\n"))[0].startswith(
        "This is not a compact-tui form")


def test_an_organisation_not_in_the_register_is_refused(service, org, store) -> None:
    other = Organisation(id="not-here", name="Billericay Band")
    text = service.export(other, SELF_ASSESSMENT, 2026).text
    preview = service.preview(text)
    assert preview.outcome == REFUSED
    assert messages(preview) == [
        'The form is for "Billericay Band", which is not in this register. Check the form came '
        "from this Compact, or add the organisation to the register first."]


def test_matched_by_name_loosely_when_the_id_is_lost(service, org) -> None:
    md = blank(service, org).replace(f"org-id: {org.id}", "org-id: ").replace(
        "organisation: Active Brentwood", "organisation: the ACTIVE  brentwood")
    preview = service.preview(edit.tick(md, "1.1", "Good"))
    assert preview.outcome == NEW
    assert preview.organisation.id == org.id


def test_target_date_rules_of_the_action_plan_are_checked(service, org) -> None:
    md = blank(service, org, ACTION_PLAN)
    md = edit.tick(md, "A.1", "We already do this")
    md = edit.target(md, "A.1", "1/5/2027")
    md = edit.tick(md, "A.2", "We need help with this")
    md = edit.target(md, "A.2", "1/5/2024")
    assert messages(service.preview(md)) == [
        "Practice A.1: a target date is only for practices rated We could do this better or "
        "We need help with this",
        "Practice A.2: the target date 1 May 2024 is before 2026: expected a date in 2026 or "
        "later",
    ]


# --- importing: a submitted return, once; a resubmission shown as a difference -----------------


def test_import_makes_a_submitted_return_from_the_form(service, org, store) -> None:
    preview = service.preview(edit.crlf(filled(service, org)))
    assert preview.outcome == NEW
    record_id = service.apply(preview)
    record = store.get(SELF_ASSESSMENTS, record_id)
    assert (record["organisation_id"], record["year"], record["status"], record["source"],
            record["submitted_on"]) == (org.id, 2026, "submitted", "form", "2026-11-25")
    for field, answer in EXPECTED.items():
        assert record[field] == answer
    assert record["answer.2.1"] == {"rating": "", "notes": ""}
    assert len([k for k in record if k.startswith("answer.")]) == 27


def test_importing_the_same_form_twice_changes_nothing(service, org, store) -> None:
    text = filled(service, org)
    service.apply(service.preview(text))
    before = store.all(SELF_ASSESSMENTS)
    again = service.preview(edit.smart_quotes(edit.crlf(text)))
    assert again.outcome == UNCHANGED
    assert again.summary().startswith("Already imported, nothing changed")
    service.apply(again)
    assert store.all(SELF_ASSESSMENTS) == before


def test_a_changed_resubmission_is_a_difference_then_replaces(service, org, store) -> None:
    text = filled(service, org)
    record_id = service.apply(service.preview(text))
    changed = edit.rating_line(text, "1.1", "Rating: Not yet")
    changed = edit.edit_block(changed, "1.2", "And the PCC's office.", "And the police.")
    preview = service.preview(changed)
    assert preview.outcome == REPLACE
    assert [(c.item, c.old, c.new) for c in preview.changes] == [
        ("1.1", "Good", "Not yet"),
        ("1.2", "Partly; notes: We told the CCG's new team.\n\nAnd the PCC's office.",
         "Partly; notes: We told the CCG's new team.\n\nAnd the police."),
    ]
    assert service.find(SELF_ASSESSMENT, org.id, 2026)["answer.1.1"]["rating"] == "good"
    assert service.apply(preview) == record_id
    assert len(store.all(SELF_ASSESSMENTS)) == 1
    assert store.get(SELF_ASSESSMENTS, record_id)["answer.1.1"]["rating"] == "not_yet"


def test_a_reviewed_return_is_replaced_only_when_asked(service, org, store) -> None:
    record_id = service.apply(service.preview(filled(service, org)))
    store.update(SELF_ASSESSMENTS, record_id, {"status": "reviewed"})
    preview = service.preview(edit.rating_line(filled(service, org), "1.1", "Rating: Partly"))
    assert preview.replaces_reviewed
    assert "REVIEWED" in preview.summary()
    with pytest.raises(FormImportError, match="already been reviewed"):
        service.apply(preview)
    assert store.get(SELF_ASSESSMENTS, record_id)["answer.1.1"]["rating"] == "good"
    service.apply(preview, replace_reviewed=True)
    record = store.get(SELF_ASSESSMENTS, record_id)
    assert (record["status"], record["answer.1.1"]["rating"]) == ("submitted", "partly")


def test_a_draft_started_in_the_app_is_replaced_and_submitted(service, org, store) -> None:
    draft_id = service.assessments.start(ACTION_PLANS, org.id, 2026)
    text = edit.csv_set(blank(service, org, ACTION_PLAN, "csv"), "A.3", "We already do this", "x")
    preview = service.preview(text)
    assert (preview.outcome, preview.existing_status) == (REPLACE, "draft")
    assert [(c.item, c.old, c.new) for c in preview.changes] == [
        ("A.3", "no rating", "We already do this")]
    assert service.apply(preview) == draft_id
    record = store.get(ACTION_PLANS, draft_id)
    assert (record["status"], record["source"]) == ("submitted", "form")
    assert record["rating.A.3"] == {"rating": "already", "note": "", "target": ""}


def test_an_edit_arriving_after_the_preview_stops_the_import(service, org, store) -> None:
    text = filled(service, org)
    record_id = service.apply(service.preview(text))
    preview = service.preview(edit.rating_line(text, "1.1", "Rating: Partly"))
    store.update(SELF_ASSESSMENTS, record_id, {"answer.1.1": {"rating": "na", "notes": ""}})
    with pytest.raises(FormImportError, match="changed since this preview"):
        service.apply(preview)
    assert store.get(SELF_ASSESSMENTS, record_id)["answer.1.1"]["rating"] == "na"


def test_prefill_uses_last_years_answers(service, org) -> None:
    service.apply(service.preview(filled(service, org)))
    form = service.export(org, SELF_ASSESSMENT, 2027, prefill=True)
    assert form.prefilled_from == 2026
    read = parsed(form.text)
    assert read.identity.year == 2027
    assert read.answers["answer.1.2"] == EXPECTED["answer.1.2"]
    assert service.export(org, SELF_ASSESSMENT, 2028, prefill=True).prefilled_from is None


def test_a_workbook_or_old_word_file_is_explained_not_misread(tmp_path) -> None:
    """Word forms (.docx) are read (tests/test_word.py); a zip that is not one is refused."""
    saved = tmp_path / "returned.xlsx"
    saved.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(FormFileError, match=r"Save it as Word \(.docx\) or Plain Text"):
        read_form_file(saved)
    old = tmp_path / "returned.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 200)
    with pytest.raises(FormFileError, match="older Word document"):
        read_form_file(old)


def test_writing_a_form_under_a_file_says_so(tmp_path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("")
    with pytest.raises(UserFileError, match="is a file, not a folder"):
        write_user_file(blocker / "form.md", encode_form("text", "md"), make_folder=True)
    assert blocker.read_text() == ""


# --- a note may hold any text; nothing unread is dropped ---------------------------------------

HOSTILE_NOTE = ("#1 priority: commissioning\n"
                "## 2.1 is the question we struggle with\n"
                "- a dash line\n"
                "> a quoted line\n"
                "| a | table |\n"
                "[ ] a box we did not tick\n"
                "[x] Good is what we hope for\n"
                "Rating: we would say Partly\n"
                "Notes: inside notes\n"
                "(end of notes)\n"
                "\\ a backslash line\n"
                "(end of form)\n"
                "last line")


def test_a_note_keeps_lines_that_look_like_form_structure(service, org) -> None:
    md = edit.tick(blank(service, org), "1.3", "Partly")
    md = edit.edit_block(md, "1.3", "Notes:\n\n(end of notes)",
                         "Notes:\n#1 priority: commissioning\nthen the rest\n(end of notes)")
    form = parsed(md)
    assert messages(form) == []
    assert form.answers["answer.1.3"] == {"rating": "partly",
                                          "notes": "#1 priority: commissioning\nthen the rest"}
    assert "1 of 27 answered" in service.preview(md).summary()


def test_notes_exported_by_the_app_come_back_exactly(service, org, store) -> None:
    md = edit.tick(blank(service, org, year=2025), "2.1", "Good")
    service.apply(service.preview(md))
    record = service.find(SELF_ASSESSMENT, org.id, 2025)
    store.update(SELF_ASSESSMENTS, record["id"],
                 {"answer.2.1": {"rating": "good", "notes": HOSTILE_NOTE}})
    again = service.export(org, SELF_ASSESSMENT, 2026, prefill=True).text
    form = parsed(again)
    assert messages(form) == []
    assert form.answers["answer.2.1"] == {"rating": "good", "notes": HOSTILE_NOTE}
    assert form.answers["answer.2.2"] == {"rating": "", "notes": ""}
    assert service.preview(again).summary().endswith("(1 of 27 answered).")


_note_line = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                                   blacklist_characters="‘’‚‛′“”„‟″\u00a0\u2007\u202f\u200b"
                                                        "\ufeff\u0085"),
                     max_size=20).map(str.rstrip)
_prefix = st.sampled_from(["", "#", "# ", "##", "### 1.2 ", "- ", "> ", "| ", "[ ] ", "[x] ",
                           "Rating: ", "Notes: ", "(end of notes)", "(end of form)", "\\",
                           "\\\\", "### ", "*", "1. "])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_prefix, _note_line).map("".join), min_size=1, max_size=6))
def test_any_note_survives_a_markdown_form(lines: list[str]) -> None:
    note = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in lines)).strip("\n")
    note = note.rstrip()
    assume(note and not note[0].isspace())
    identity = FormIdentity(SELF_ASSESSMENT, "Active Brentwood", "id-1", 2026, CONTENT.version)
    text = render_markdown(CONTENT, identity, {"answer.1.1": {"rating": "good", "notes": note},
                                               "answer.1.2": {"rating": "no", "notes": ""}})
    form = parsed(text)
    assert messages(form) == []
    assert form.answers["answer.1.1"] == {"rating": "good", "notes": note}
    assert form.answers["answer.1.2"]["notes"] == ""


def test_a_line_outside_every_notes_section_is_named_not_dropped(service, org) -> None:
    md = blank(service, org)
    md = md.replace("\n\n### 2.1 ", "\n\nOur chair says hello\n\n### 2.1 ", 1)
    form = parsed(md)
    assert messages(form) == [
        'The line "Our chair says hello" is outside every question\'s notes, so it cannot be '
        'imported: move it between a question\'s "Notes:" and "(end of notes)".']


def test_text_after_the_end_of_notes_joins_that_questions_notes(service, org) -> None:
    md = edit.edit_block(blank(service, org), "1.4", "(end of notes)",
                         "(end of notes)\n# none signed yet")
    assert parsed(md).answers["answer.1.4"]["notes"] == "# none signed yet"
