"""The quick-entry parser: minute lines that become actions, decisions, apologies."""

from __future__ import annotations

from datetime import date

import pytest

from compact_tui.domain.quick_entry import (
    ACTION,
    APOLOGIES,
    DECISION,
    DECLARATION,
    Owner,
    is_quick_entry_line,
    match_owner,
    name_matches,
    parse_quick_entries,
)

OWNERS = [
    Owner("Brentwood Borough Council", "bbc"),
    Owner("Brentwood Council for Voluntary Services", "cvs"),
    Owner("Essex County Council", "ecc"),
    Owner("Basildon and Brentwood Clinical Commissioning Group", "ccg"),
    Owner("Brentwood Community Safety Partnership", "csp"),
    Owner("Active Brentwood", "ab"),
    Owner("Jo Morgan", "bbc", is_person=True),
    Owner("Priya Shah", "bbc", is_person=True),
    Owner("Rita Gomez", "ecc", is_person=True),
    Owner("Sam Patel", "cvs", is_person=True),
]


def one(line: str):
    entries = parse_quick_entries(line, OWNERS)
    assert len(entries) == 1
    return entries[0]


@pytest.mark.parametrize(("typed", "expected"), [
    ("Brentwood CVS", "Brentwood Council for Voluntary Services"),
    ("brentwood cvs", "Brentwood Council for Voluntary Services"),
    ("CVS", "Brentwood Council for Voluntary Services"),
    ("Brentwood Borough", "Brentwood Borough Council"),
    ("brentwood borough council", "Brentwood Borough Council"),
    ("Essex", "Essex County Council"),
    ("ECC", "Essex County Council"),
    ("Essex CC", "Essex County Council"),
    ("Active", "Active Brentwood"),
    ("Basildon and Brentwood CCG", "Basildon and Brentwood Clinical Commissioning Group"),
    ("Brentwood CSP", "Brentwood Community Safety Partnership"),
    ("Jo", "Jo Morgan"),
    ("jo morgan", "Jo Morgan"),
    ("Morgan", "Jo Morgan"),
    ("Rita", "Rita Gomez"),
])
def test_owners_match_loosely(typed, expected):
    found = match_owner(typed, OWNERS)
    assert found is not None and found.name == expected


@pytest.mark.parametrize("typed", ["Brentwood", "Council", "Fred Bloggs", "", "xyz"])
def test_ambiguous_or_unknown_owner_is_not_guessed(typed):
    assert match_owner(typed, OWNERS) is None


def test_name_matches_for_filters():
    assert name_matches("Brentwood CVS", "Brentwood Council for Voluntary Services")
    assert not name_matches("Essex", "Brentwood Borough Council")


def test_action_with_organisation_owner_and_due_date():
    entry = one("#action @Brentwood CVS due:12/01/2027 Circulate the consultation draft")
    assert entry.kind == ACTION
    assert entry.owner == OWNERS[1] and entry.owner_text == "Brentwood CVS"
    assert entry.due == date(2027, 1, 12) and entry.due_text == "12/01/2027"
    assert entry.text == "Circulate the consultation draft"
    assert entry.problem == ""
    assert entry.line_number == 1


@pytest.mark.parametrize(("due_text", "expected"), [
    ("03/12/2026", date(2026, 12, 3)),
    ("2026-12-03", date(2026, 12, 3)),
    ("3/12/26", date(2026, 12, 3)),
    ("3 December 2026", date(2026, 12, 3)),
    ("3 Dec 2026", date(2026, 12, 3)),
])
def test_due_dates_in_the_forms_people_type(due_text, expected):
    entry = one(f"#action @Jo Morgan Publish the list due:{due_text}")
    assert entry.due == expected
    assert entry.owner.name == "Jo Morgan"
    assert entry.text == "Publish the list"


@pytest.mark.parametrize(("due_text", "message"), [
    ("31/02/2027", "not a real date"),
    ("soon", "not a date we can read"),
    ("2027-13-01", "not a real date"),
])
def test_bad_due_date_is_reported_and_the_action_still_read(due_text, message):
    entry = one(f"#action @Rita Gomez to ask the team due:{due_text}")
    assert entry.due is None and entry.due_text == due_text
    assert message in entry.problem and entry.problem.startswith("due date not recorded")
    assert entry.owner.name == "Rita Gomez" and entry.text == "Ask the team"


def test_owner_delimiters_for_people_not_in_the_register():
    assert one('#action @"Fred Bloggs" book the room').owner_text == "Fred Bloggs"
    entry = one("#action @Fred Bloggs: book the room")
    assert (entry.owner_text, entry.owner, entry.text) == ("Fred Bloggs", None, "Book the room")
    entry = one("#action @Fred Bloggs to book the room")
    assert (entry.owner_text, entry.text) == ("Fred Bloggs", "Book the room")
    entry = one("#action @Fred_Bloggs book the room")
    assert (entry.owner_text, entry.text) == ("Fred Bloggs", "Book the room")
    entry = one("#action @Fred Bloggs due:1/2/2027 Book the room")
    assert (entry.owner_text, entry.text, entry.due) == ("Fred Bloggs", "Book the room",
                                                          date(2027, 2, 1))
    entry = one("#action @Fred book the room")
    assert (entry.owner_text, entry.text) == ("Fred", "Book the room")


def test_action_without_owner_or_due_is_read():
    entry = one("#action Find a bigger room")
    assert (entry.owner, entry.owner_text, entry.due, entry.text) == (None, "", None,
                                                                      "Find a bigger room")
    assert one("#action").problem == "the action has no description"


def test_decisions_apologies_and_declarations():
    text = "\n".join([
        "The Chair welcomed members.",
        "#agreed Publish the list of signatories",
        "  - #Decision: Meet quarterly",
        "#apologies Essex County Council; Tom Ellis, Brentwood CSP",
        "#declare Lee Chan: Active Brentwood has applied to the fund",
        "#declare nobody said what",
        "# A heading, not a quick entry",
        "#hashtag is not a tag we know",
    ])
    entries = parse_quick_entries(text, OWNERS)
    assert [e.kind for e in entries] == [DECISION, DECISION, APOLOGIES, DECLARATION,
                                         DECLARATION]
    assert [e.line_number for e in entries] == [2, 3, 4, 5, 6]
    assert entries[0].text == "Publish the list of signatories"
    assert entries[1].text == "Meet quarterly"
    assert entries[2].names == ["Essex County Council", "Tom Ellis, Brentwood CSP"]
    assert (entries[3].who, entries[3].text) == ("Lee Chan",
                                                 "Active Brentwood has applied to the fund")
    assert "#declare Name: the interest" in entries[4].problem


def test_lines_are_returned_as_typed_and_keyed_loosely():
    entries = parse_quick_entries("#agreed   Meet  in March  ", OWNERS)
    assert entries[0].line == "#agreed   Meet  in March"
    assert entries[0].key == "#agreed meet in march"
    assert is_quick_entry_line("#action x") and not is_quick_entry_line("# action x")
