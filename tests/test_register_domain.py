"""The register's rules: typed input, duplicates, champions, status changes, annual updates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from compact_tui.domain.register import (
    UPDATE_DUE,
    UPDATE_NOT_NEEDED,
    UPDATE_OK,
    UPDATE_OVERDUE,
    UPDATE_UNKNOWN,
    Champion,
    InvalidInput,
    Organisation,
    RegisterError,
    RegisterFilter,
    RegisterService,
    champion_warning,
    normalise_name,
    organisation_from_text,
    parse_sector,
    update_status,
)
from compact_tui.domain.register_export import public_list_markdown
from compact_tui.store import open_store

TODAY = date(2026, 11, 25)


@pytest.fixture
def service(tmp_path: Path) -> RegisterService:
    return RegisterService(open_store(tmp_path / "compact.json", member="Jo Morgan"))


@pytest.fixture
def demo(demo_path: Path) -> RegisterService:
    return RegisterService(open_store(demo_path, member="Jo Morgan"))


def sign(service: RegisterService, name: str, sector: str = "Charity", signed: str = "",
         **extra: str) -> str:
    return service.sign_up({"name": name, "sector": sector, "date_signed": signed, **extra})


# --------------------------------------------------------------------------- typed input

@pytest.mark.parametrize(("typed", "expected"), [
    ("Brentwood C.V.S.", "brentwood cvs"),
    ("brentwood  cvs", "brentwood cvs"),
    ("BRENTWOOD CVS", "brentwood cvs"),
    ("St. Thomas' Church", "st thomas church"),
    ("Age UK – Brentwood", "age uk brentwood"),
    ("Friends & Neighbours", "friends and neighbours"),
    ("Café Connect", "cafe connect"),
])
def test_names_are_compared_ignoring_case_and_punctuation(typed: str, expected: str) -> None:
    assert normalise_name(typed) == expected


@pytest.mark.parametrize(("typed", "key"), [
    ("Council", "council"), ("health (nhs)", "health"), ("NHS", "health"),
    ("CVS / infrastructure", "infrastructure"), ("cvs", "infrastructure"),
    ("community_group", "community_group"), ("Private sector", "private"),
    ("Fire and Rescue", "fire"),
])
def test_sectors_are_read_from_labels_keys_and_common_words(typed: str, key: str) -> None:
    assert parse_sector(typed) == key


def test_an_unknown_sector_names_the_choices() -> None:
    with pytest.raises(RegisterError, match=r'"Sports club" is not a sector.*Community group'):
        parse_sector("Sports club")


def test_organisation_from_text_reads_both_date_styles_and_reports_each_field() -> None:
    org, problems = organisation_from_text({"name": "  Brentwood   Mencap ", "sector": "Charity",
                                            "date_signed": "03/12/2025", "email": ""})
    assert (org.name, org.sector, org.date_signed, problems) == (
        "Brentwood Mencap", "charity", "2025-12-03", [])
    assert organisation_from_text({"name": "x", "sector": "charity",
                                   "date_signed": "2025-12-03"})[0].date_signed == "2025-12-03"

    _org, problems = organisation_from_text({"name": "", "sector": "Golf",
                                             "date_signed": "31/02/2026", "email": "jo@"})
    assert [p.field for p in problems] == ["name", "sector", "date_signed", "email"]
    assert "not a real date" in problems[2].message
    assert "does not look like an email address" in problems[3].message


# --------------------------------------------------------------------------- signing up

def test_sign_up_stores_the_form_and_a_lead_champion(service: RegisterService) -> None:
    org_id = service.sign_up(
        {"name": "Brentwood Foodbank", "sector": "Charity", "date_signed": "03/12/2025",
         "signed_by": "Ruth Okafor", "signatory_name": "Ruth Okafor",
         "signatory_role": "Project Manager", "address": "Unit 4, Hutton",
         "telephone": "01277 200111", "email": "info@brentwoodfoodbank.org.uk"},
        lead={"name": "Ruth Okafor", "role": "Project Manager", "email": "ruth@bf.org.uk",
              "phone": "", "direct_access": True})
    stored = service.store.get("organisations", org_id)
    assert stored["name"] == "Brentwood Foodbank"
    assert stored["date_signed"] == "2025-12-03"
    assert stored["signatory_role"] == "Project Manager"
    assert stored["status"] == "active"
    [lead] = service.champions(org_id)
    assert (lead.name, lead.is_lead, lead.direct_access) == ("Ruth Okafor", True, True)


def test_sign_up_refuses_a_duplicate_and_bad_input_and_stores_nothing(
        service: RegisterService) -> None:
    sign(service, "Brentwood C.V.S.", "CVS")
    with pytest.raises(InvalidInput, match=r'looks the same as "Brentwood C\.V\.S\."'):
        sign(service, "brentwood cvs", "CVS")
    with pytest.raises(InvalidInput) as caught:
        service.sign_up({"name": "New Group", "sector": "Charity", "date_signed": "32/01/2026"},
                        lead={"name": "", "email": "nobody"})
    fields = [p.field for p in caught.value.problems]
    assert fields == ["date_signed", "champion.name", "champion.email"]
    assert [o.name for o in service.organisations()] == ["Brentwood C.V.S."]
    assert service.champions() == []


def test_add_organisation_refuses_duplicates_too(service: RegisterService) -> None:
    service.add_organisation(Organisation(name="Active Brentwood", sector="charity"))
    with pytest.raises(RegisterError, match="already in the register"):
        service.add_organisation(Organisation(name="ACTIVE BRENTWOOD.", sector="charity"))


def test_edit_changes_fields_and_refuses_a_name_taken_by_another(
        service: RegisterService) -> None:
    first = sign(service, "Brentwood Mencap")
    sign(service, "Brentwood Carers")
    changed = service.edit_organisation(first, {"name": "Brentwood Mencap", "telephone":
                                                "01277 200444", "date_signed": "1/9/2025"})
    assert sorted(changed) == ["date_signed", "telephone"]
    with pytest.raises(InvalidInput, match="already in the register"):
        service.edit_organisation(first, {"name": "brentwood carers"})
    assert service.organisation(first).name == "Brentwood Mencap"
    # Renaming to its own name in other case is not a duplicate of itself.
    service.edit_organisation(first, {"name": "BRENTWOOD MENCAP"})
    assert service.organisation(first).name == "BRENTWOOD MENCAP"


# --------------------------------------------------------------------------- champions

def test_one_lead_champion_a_new_lead_takes_over(service: RegisterService) -> None:
    org = sign(service, "Brentwood Borough Council", "Council")
    first = service.save_champion(org, {"name": "Jo Morgan", "is_lead": True})
    second = service.save_champion(org, {"name": "Priya Shah", "department": "Commissioning",
                                         "is_lead": False})
    assert [c.name for c in service.champions(org) if c.is_lead] == ["Jo Morgan"]
    service.save_champion(org, {"is_lead": True}, champion_id=second)
    assert [c.name for c in service.champions(org) if c.is_lead] == ["Priya Shah"]
    service.remove_champion(first)
    assert [c.name for c in service.champions(org)] == ["Priya Shah"]
    with pytest.raises(RegisterError, match="already been removed"):
        service.remove_champion(first)


def test_champion_input_is_checked(service: RegisterService) -> None:
    org = sign(service, "Brentwood Mencap")
    with pytest.raises(InvalidInput, match="champion's email"):
        service.save_champion(org, {"name": "Alan Price", "email": "alan at mencap"})
    assert service.champions(org) == []


def test_warning_when_no_champion_or_no_lead() -> None:
    assert champion_warning([]) == "! No champion"
    assert champion_warning([Champion(name="A")]) == "! No lead champion"
    assert champion_warning([Champion(name="A", is_lead=True)]) == ""


def test_demo_partnership_has_no_champion_and_is_flagged(demo: RegisterService) -> None:
    flagged = [e.organisation.name for e in demo.entries(TODAY) if e.champion_warning]
    assert flagged == ["Brentwood Community Safety Partnership"]


# --------------------------------------------------------------------------- status, updates

def test_lapse_withdraw_and_reinstate_keep_the_reason(service: RegisterService) -> None:
    org = sign(service, "Warley Residents", "Community group", "2024-01-10")
    service.set_status(org, "lapsed", "No reply to two letters", on=TODAY)
    stored = service.organisation(org)
    assert (stored.status, stored.status_note, stored.status_changed) == (
        "lapsed", "No reply to two letters", "2026-11-25")
    with pytest.raises(RegisterError, match="already lapsed"):
        service.set_status(org, "lapsed")
    service.set_status(org, "active", "Rejoined at the AGM", on=TODAY)
    assert service.organisation(org).last_confirmed == "2026-11-25"
    service.set_status(org, "withdrawn", "Closed down", on=TODAY)
    assert service.organisation(org).status_label == "Withdrawn"


@pytest.mark.parametrize(("signed", "confirmed", "state"), [
    ("2025-11-20", "", UPDATE_OVERDUE),
    ("2025-12-20", "", UPDATE_DUE),
    ("2025-12-25", "", UPDATE_DUE),
    ("2025-12-26", "", UPDATE_OK),
    ("2020-01-01", "2026-02-01", UPDATE_OK),
    ("", "", UPDATE_UNKNOWN),
])
def test_update_status(signed: str, confirmed: str, state: str) -> None:
    org = Organisation(name="x", date_signed=signed, last_confirmed=confirmed)
    assert update_status(org, TODAY).state == state


def test_confirming_moves_the_update_a_year_on_and_inactive_ones_are_not_due(
        service: RegisterService) -> None:
    org = sign(service, "Brentwood Mencap", signed="2025-11-01")
    assert [o.name for o, _due in service.due_for_update(TODAY)] == ["Brentwood Mencap"]
    assert service.confirm_update(org, on=TODAY) == date(2027, 11, 25)
    assert service.due_for_update(TODAY) == []
    service.set_status(org, "lapsed", on=TODAY)
    assert update_status(service.organisation(org), TODAY).state == UPDATE_NOT_NEEDED
    with pytest.raises(RegisterError, match="reinstate"):
        service.confirm_update(org, on=TODAY)


def test_update_status_reads_with_a_symbol_not_only_colour() -> None:
    status = update_status(Organisation(date_signed="2025-10-01"), TODAY)
    assert status.short == "! Overdue"
    assert update_status(Organisation(date_signed="2025-12-05"), TODAY).short == "! Due 5 Dec"
    assert update_status(Organisation(date_signed="2026-06-03"), TODAY).short == "3 Jun 2027"
    assert status.sentence == "! Annual update overdue: it was due on 1 October 2026."


# --------------------------------------------------------------------------- search

def test_search_filters_by_sector_group_status_due_and_text(demo: RegisterService) -> None:
    def names(**wanted: object) -> list[str]:
        return [e.organisation.name for e in demo.search(RegisterFilter(**wanted), TODAY)]

    assert names(sector="council") == ["Brentwood Borough Council", "Essex County Council"]
    assert names(sector="vcs") == ["Active Brentwood", "Brentwood Council for Voluntary Services"]
    essex = demo.find_duplicate("Essex County Council").id
    demo.edit_organisation(essex, {"last_confirmed": "01/11/2025"})
    assert names(due="overdue") == ["Essex County Council"]
    assert names(due="attention") == ["Basildon and Brentwood Clinical Commissioning Group",
                                      "Essex County Council"]
    assert names(text="priya") == ["Brentwood Borough Council"]  # a champion's name
    # Punctuation is ignored: "c.v.s" finds the sector label "CVS / infrastructure".
    assert names(text="brentwood c.v.s") == ["Brentwood Council for Voluntary Services"]
    assert names(text="no such words") == []
    assert names(text="voluntary services") == ["Brentwood Council for Voluntary Services"]

    org = demo.find_duplicate("active brentwood").id
    demo.set_status(org, "lapsed", on=TODAY)
    assert names(status="lapsed") == ["Active Brentwood"]
    assert "Active Brentwood" not in names(status="active")


def test_search_sorts_by_each_column_both_ways(demo: RegisterService) -> None:
    wanted = RegisterFilter()
    seen = []
    for _ in range(5):
        entries = demo.search(wanted, TODAY)
        seen.append(wanted.sort)
        if wanted.sort == "signed":
            dates = [e.organisation.date_signed for e in entries]
            assert dates == sorted(dates)
            reverse = demo.search(RegisterFilter(sort="signed", descending=True), TODAY)
            assert [e.organisation.date_signed for e in reverse] == sorted(dates, reverse=True)
        if wanted.sort == "sector":
            assert entries[0].organisation.sector == "council"
            assert entries[-1].organisation.sector_group == "vcs"
        wanted = wanted.next_sort()
    assert seen == ["name", "sector", "status", "signed", "update"]
    assert wanted.sort == "name"


# --------------------------------------------------------------------------- public list

def test_public_list_groups_active_signatories_without_contacts(demo: RegisterService) -> None:
    org = demo.find_duplicate("Essex County Council").id
    demo.set_status(org, "withdrawn", on=TODAY)
    sign(demo, "Friends_of *Weald* Park", "Community group", "2025-12-03",
         email="friends@weald.org.uk", telephone="01277 999999")
    text = public_list_markdown(demo.organisations(), "Brentwood Compact", TODAY)
    assert text.startswith("# Signatories of the Brentwood Compact\n")
    assert "As at 25 November 2026, 7 organisations have signed up" in text
    statutory = text.index("## Statutory")
    vcs = text.index("## Voluntary and community")
    assert statutory < text.index("- Brentwood Borough Council (signed ") < vcs
    assert "- Friends\\_of \\*Weald\\* Park (signed 3 December 2025)" in text
    assert "Essex County Council" not in text
    assert "## Private" not in text
    for private in ("@", "01277", "Jo Morgan", "Town Hall"):
        assert private not in text
