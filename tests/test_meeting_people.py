"""Point 2 of the meeting record: quick entry never invents anybody.

People in #apologies and #present are split on ";" and new lines only; a bracket is the
organisation; the register is used only when exactly one person or organisation fits.
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from compact_tui.content.agenda_templates import load_templates_reporting
from compact_tui.domain.meetings import MeetingsService
from compact_tui.domain.quick_entry import (
    Owner,
    TypedPerson,
    match_person,
    parse_quick_entries,
    split_people,
)
from compact_tui.domain.register import Champion, Organisation, RegisterService
from compact_tui.locations import default_agendas_folder
from compact_tui.store import open_store

APOLOGIES_LINE = ("#apologies Dr Mark Ellis (Basildon and Brentwood CCG); "
                  "Cllr Helen Ward (Health and Wellbeing Board)")


def test_split_on_semicolons_and_new_lines_only_and_brackets_are_the_organisation() -> None:
    assert split_people("Dr Mark Ellis (Basildon and Brentwood CCG); Cllr Helen Ward "
                        "(Health and Wellbeing Board)") == [
        TypedPerson("Dr Mark Ellis", "Basildon and Brentwood CCG"),
        TypedPerson("Cllr Helen Ward", "Health and Wellbeing Board")]
    assert split_people("Tom Ellis, Brentwood CSP\nSmith and Jones Ltd;;") == [
        TypedPerson("Tom Ellis, Brentwood CSP"), TypedPerson("Smith and Jones Ltd")]
    assert split_people("(Brentwood CVS)") == [TypedPerson("", "Brentwood CVS")]
    entry = parse_quick_entries(APOLOGIES_LINE)[0]
    assert entry.names == ["Dr Mark Ellis (Basildon and Brentwood CCG)",
                           "Cllr Helen Ward (Health and Wellbeing Board)"]


OWNERS = [
    Owner("Basildon and Brentwood Clinical Commissioning Group", "ccg"),
    Owner("Brentwood Health and Wellbeing Board", "hwb"),
    Owner("Brentwood Borough Council", "bbc"),
    Owner("Brentwood Council for Voluntary Services", "cvs"),
    Owner("Dr Ama Owusu", "ccg", is_person=True),
    Owner("Jo Morgan", "bbc", is_person=True),
    Owner("Jo Morgan", "cvs", is_person=True),
]


def test_a_person_is_linked_only_when_exactly_one_fits() -> None:
    ellis = match_person(TypedPerson("Dr Mark Ellis", "Basildon and Brentwood CCG"), OWNERS)
    assert (ellis.name, ellis.organisation_id, ellis.note) == ("Dr Mark Ellis", "ccg", "")
    owusu = match_person(TypedPerson("Ama Owusu"), OWNERS)
    assert (owusu.name, owusu.organisation_id) == ("Ama Owusu", "ccg")
    twice = match_person(TypedPerson("Jo Morgan"), OWNERS)
    assert (twice.name, twice.organisation_id) == ("Jo Morgan", "")
    assert "several people" in twice.note
    stranger = match_person(TypedPerson("Tom Ellis"), OWNERS)
    assert (stranger.name, stranger.organisation_id, stranger.note) == (
        "Tom Ellis", "", "not in the register; kept as typed")
    vague = match_person(TypedPerson("Priya Shah", "Brentwood"), OWNERS)
    assert (vague.organisation_id, vague.organisation) == ("", "Brentwood")
    organisation = match_person(TypedPerson("Brentwood Borough Council"), OWNERS)
    assert (organisation.name, organisation.organisation_id) == ("", "bbc")


@pytest.fixture
def service(tmp_path: Path):
    with open_store(tmp_path / "compact.json", member="Alex Hart") as store:
        register = RegisterService(store)
        ccg = register.add_organisation(Organisation(
            name="Basildon and Brentwood Clinical Commissioning Group", sector="health"))
        hwb = register.add_organisation(Organisation(
            name="Brentwood Health and Wellbeing Board", sector="council"))
        register.add_champion(Champion(organisation_id=ccg, name="Dr Ama Owusu"))
        register.add_champion(Champion(organisation_id=hwb, name="Pat Quinn"))
        yield MeetingsService(store), {"ccg": ccg, "hwb": hwb}


def test_the_apologies_line_records_exactly_the_two_people_typed(service) -> None:
    meetings, ids = service
    templates, _ = load_templates_reporting(default_agendas_folder())
    template = next(t for t in templates if t.key == "steering-group")
    meeting_id = meetings.create_from_template(template, date(2026, 12, 3), time(14))
    item = meetings.items(meeting_id)[0]
    meetings.set_minutes(item.id, APOLOGIES_LINE + "\n#present Dr Ama Owusu; Sam Patel")
    messages = meetings.apply_quick_entries(item.id)
    people = {(a.status, a.name, a.organisation_id, a.organisation)
              for a in meetings.attendance(meeting_id)}
    assert people == {
        ("apologies", "Dr Mark Ellis", ids["ccg"], ""),
        ("apologies", "Cllr Helen Ward", ids["hwb"], ""),
        ("present", "Dr Ama Owusu", ids["ccg"], ""),
        ("present", "Sam Patel", "", "")}
    assert messages[0] == ("Apologies recorded: Dr Mark Ellis (Basildon and Brentwood "
                           "Clinical Commissioning Group); Cllr Helen Ward (Brentwood Health "
                           "and Wellbeing Board).")
    assert "Sam Patel — not in the register; kept as typed" in messages[1]
