"""The Compact's clock in the domain: every flag checked against the numbers read from the
content (12 weeks, six months, three months), records refused with clear messages, the cycle
and the "Due and overdue" list."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from compact_tui.content import content_folder, default_content, load_content
from compact_tui.domain.clock.consultations import (
    CLOSING_SOON,
    CONSULTATIONS,
    REPORT_BACK_MISSING,
    SHORT,
    ConsultationDetails,
    ConsultationInputError,
    ConsultationsService,
)
from compact_tui.domain.clock.cycle import (
    RETURNS,
    CompactCycleService,
    CycleDetails,
    CycleInputError,
)
from compact_tui.domain.clock.due import due_items
from compact_tui.domain.clock.funding import (
    FUNDING_CHANGES,
    NO_NOTICE,
    SHORT_NOTICE,
    FundingChangeDetails,
    FundingChangeInputError,
    FundingChangesService,
)
from compact_tui.domain.dates import add_months, format_date, iso
from compact_tui.domain.register import Organisation, RegisterService
from compact_tui.store import open_store

TODAY = date(2026, 11, 25)


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "compact.json", member="Jo Morgan") as opened:
        yield opened


@pytest.fixture
def orgs(store) -> dict[str, str]:
    register = RegisterService(store)
    return {name: register.add_organisation(Organisation(
        name=name, sector=sector, date_signed="2026-06-01", last_confirmed="2026-06-01"))
        for name, sector in (("Brentwood CVS", "infrastructure"),
                             ("Essex County Council", "council"))}


def seed_numbers() -> tuple[int, int, int]:
    """The seed's numbers, as the content gives them: 12 weeks, six and three months."""
    clock = default_content().timescales
    return (clock.consultation.weeks, clock.notice_rule("ending").months,
            clock.notice_rule("reduction").months)


def test_the_content_holds_the_seeds_numbers_and_words() -> None:
    clock = default_content().timescales
    assert seed_numbers() == (12, 6, 3)
    assert clock.notice_rule("new_programme").months == 3
    assert "(12 weeks)" in clock.consultation.words
    assert "six months notice, in writing" in clock.notice_rule("ending").words
    assert "three months notice before cutting or allocating" in \
        clock.notice_rule("reduction").words


def consultation(service: ConsultationsService, orgs, opened: date, days: int,
                 **more: str) -> str:
    return service.add(ConsultationDetails(
        title=more.pop("title", "Grants"), organisation_id=orgs["Essex County Council"],
        opened_on=iso(opened), closes_on=iso(opened + timedelta(days=days)), **more))


def flag_keys(service, record) -> set[str]:
    return {flag.key for flag in service.flags(record, TODAY)}


def test_consultation_flags_follow_the_weeks_in_the_content(store, orgs) -> None:
    service = ConsultationsService(store)
    weeks = service.rule.weeks
    opened = TODAY - timedelta(days=200)
    short = service.consultation(consultation(service, orgs, opened, weeks * 7 - 1))
    enough = service.consultation(consultation(service, orgs, opened, weeks * 7))
    reasoned = service.consultation(consultation(
        service, orgs, opened, weeks * 7 - 1, shorter_reason="A statutory deadline."))
    assert SHORT in flag_keys(service, short)
    assert SHORT not in flag_keys(service, enough)
    assert SHORT not in flag_keys(service, reasoned)
    [flag] = [f for f in service.flags(short, TODAY) if f.key == SHORT]
    assert f"the Compact asks for {weeks} weeks" in flag.text
    assert flag.words == service.rule.words


def test_closing_soon_is_the_contents_days_before_closing(store, orgs) -> None:
    service = ConsultationsService(store)
    soon = service.rule.closing_soon_days
    opened = TODAY - timedelta(days=80)
    inside = service.consultation(consultation(service, orgs, opened, 80 + soon))
    outside = service.consultation(consultation(service, orgs, opened, 80 + soon + 1))
    closed = service.consultation(consultation(service, orgs, opened, 79))
    assert CLOSING_SOON in flag_keys(service, inside)
    assert CLOSING_SOON not in flag_keys(service, outside)
    assert CLOSING_SOON not in flag_keys(service, closed)


def test_report_back_missing_months_after_closing(store, orgs) -> None:
    service = ConsultationsService(store)
    months = service.rule.report_back_months
    closes_on_time = add_months(TODAY, -months)  # due today: not yet missing
    late = add_months(TODAY - timedelta(days=1), -months)
    due_today = service.consultation(consultation(service, orgs, closes_on_time - timedelta(
        days=90), 90))
    missing = service.consultation(consultation(service, orgs, late - timedelta(days=90), 90))
    reported = service.consultation(consultation(
        service, orgs, late - timedelta(days=90), 90, reported_back_on=iso(TODAY)))
    assert REPORT_BACK_MISSING not in flag_keys(service, due_today)
    assert REPORT_BACK_MISSING in flag_keys(service, missing)
    assert REPORT_BACK_MISSING not in flag_keys(service, reported)


@pytest.mark.parametrize("kind", ["ending", "reduction", "new_programme"])
def test_notice_flags_follow_the_months_in_the_content(store, orgs, kind: str) -> None:
    service = FundingChangesService(store)
    months = service.rule(kind).months
    effect = TODAY + timedelta(days=40)

    def change(notice: date | None) -> object:
        return service.change(service.add(FundingChangeDetails(
            programme="Grant", funder_organisation_id=orgs["Essex County Council"],
            recipient_ids=[orgs["Brentwood CVS"]], kind=kind,
            notice_given_on=iso(notice) if notice else "", takes_effect_on=iso(effect))))

    in_time = change(add_months(effect, -months))
    a_day_late = change(add_months(effect, -months) + timedelta(days=1))
    none_given = change(None)
    assert service.flags(in_time, TODAY) == []
    [late] = service.flags(a_day_late, TODAY)
    assert late.key == SHORT_NOTICE and f"needs {months} months in writing" in late.text
    assert late.words == service.rule(kind).words
    [missing] = service.flags(none_given, TODAY)
    assert missing.key == NO_NOTICE
    assert format_date(add_months(effect, -months)) in missing.text


def test_seed_numbers_are_read_from_content_not_code(tmp_path: Path, store, orgs) -> None:
    """Another borough changes the numbers in its own timescales.yaml and the flags follow."""
    folder = tmp_path / "fenwick"
    shutil.copytree(content_folder(), folder, ignore=shutil.ignore_patterns("*.py",
                                                                            "__pycache__"))
    path = folder / "timescales.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("weeks: 12", "weeks: 8").replace("months: 6", "months: 4", 1)
    path.write_text(text, encoding="utf-8")
    fenwick = load_content(folder)
    assert fenwick.timescales.consultation.weeks == 8
    consultations = ConsultationsService(store, fenwick)
    nine_weeks = consultations.consultation(consultation(consultations, orgs,
                                                         TODAY - timedelta(days=10), 63))
    assert SHORT not in flag_keys(consultations, nine_weeks)
    assert SHORT in flag_keys(ConsultationsService(store), nine_weeks)
    funding = FundingChangesService(store, fenwick)
    effect = TODAY + timedelta(days=200)
    five_months = funding.change(funding.add(FundingChangeDetails(
        programme="Grant", funder_organisation_id=orgs["Essex County Council"], kind="ending",
        notice_given_on=iso(add_months(effect, -5)), takes_effect_on=iso(effect))))
    assert funding.flags(five_months, TODAY) == []
    assert [f.key for f in FundingChangesService(store).flags(five_months, TODAY)] == [
        SHORT_NOTICE]


def test_a_borough_without_timescales_uses_brentwoods(tmp_path: Path) -> None:
    folder = tmp_path / "other"
    shutil.copytree(content_folder(), folder, ignore=shutil.ignore_patterns("*.py",
                                                                            "__pycache__"))
    (folder / "timescales.yaml").unlink()
    assert load_content(folder).timescales == default_content().timescales


def test_bad_timescales_are_reported_with_the_line(tmp_path: Path) -> None:
    from compact_tui.content import ContentError

    folder = tmp_path / "broken"
    shutil.copytree(content_folder(), folder, ignore=shutil.ignore_patterns("*.py",
                                                                            "__pycache__"))
    path = folder / "timescales.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("weeks: 12", "weeks: 0"),
                    encoding="utf-8")
    with pytest.raises(ContentError, match=r"timescales.yaml, line \d+: .*weeks.* must be 1"):
        load_content(folder)


def test_bad_dates_and_closing_before_opening_are_refused(store, orgs) -> None:
    service = ConsultationsService(store)
    with pytest.raises(ConsultationInputError) as error:
        service.add(ConsultationDetails(title="Grants", organisation_id=orgs["Brentwood CVS"],
                                        opened_on="31/02/2026", closes_on="01/01/2026"))
    assert 'Opened on: "31/02/2026" is not a real date' in str(error.value)
    with pytest.raises(ConsultationInputError) as error:
        service.add(ConsultationDetails(title="Grants", organisation_id=orgs["Brentwood CVS"],
                                        opened_on="03/12/2026", closes_on="01/12/2026"))
    assert ("A consultation cannot close (1 December 2026) before it opens (3 December 2026)"
            in str(error.value))
    with pytest.raises(ConsultationInputError, match="Choose who is consulting"):
        service.add(ConsultationDetails(title="Grants", opened_on="01/12/2026",
                                        closes_on="01/03/2027"))
    assert store.all(CONSULTATIONS) == []
    funding = FundingChangesService(store)
    with pytest.raises(FundingChangeInputError) as error:
        funding.add(FundingChangeDetails(programme="Grant", kind="ending",
                                         funder_organisation_id=orgs["Brentwood CVS"],
                                         notice_given_on="2027-01-02",
                                         takes_effect_on="2027-01-01"))
    assert "Notice cannot be given (2 January 2027) after the change takes effect" in str(
        error.value)
    with pytest.raises(FundingChangeInputError, match="Choose the kind of change"):
        funding.add(FundingChangeDetails(programme="Grant", kind="",
                                         funder_organisation_id=orgs["Brentwood CVS"],
                                         takes_effect_on="2027-01-01"))
    assert store.all(FUNDING_CHANGES) == []


def test_an_edit_writes_only_the_fields_changed(store, orgs) -> None:
    service = ConsultationsService(store)
    record_id = consultation(service, orgs, TODAY, 90)
    store.update(CONSULTATIONS, record_id, {"notes": "Another member's note"})
    assert service.update(record_id, {"report_back": "A 'you said, we did' page"}) == [
        "report_back"]
    saved = service.consultation(record_id)
    assert saved.notes == "Another member's note"
    with pytest.raises(ConsultationInputError, match="cannot close"):
        service.update(record_id, {"closes_on": iso(TODAY - timedelta(days=1))})


def test_the_cycle_falls_due_by_the_contents_months(store, orgs) -> None:
    cycle = CompactCycleService(store)
    months = cycle.content.timescales.cycle_rule("review").months
    assert cycle.status("review").last is None
    cycle.record(CycleDetails(kind="review", on="2025-03-03"))
    assert cycle.status("review").next_due == add_months(date(2025, 3, 3), months)
    cycle.record(CycleDetails(kind="annual_event", on="2025-10-01", next_due="2026-10-15"))
    status = cycle.status("annual_event")
    assert status.next_due == date(2026, 10, 15) and status.overdue(TODAY)
    assert "(OVERDUE)" in status.sentence(TODAY)
    with pytest.raises(CycleInputError, match="must fall after"):
        cycle.record(CycleDetails(kind="membership", on="2026-10-01", next_due="2026-09-01"))
    with pytest.raises(CycleInputError, match="not a year"):
        cycle.record(CycleDetails(kind=RETURNS, on="2027-03-31", year="next"))


def test_due_list_sorted_with_overdue_and_jumps(store, orgs) -> None:
    consultations = ConsultationsService(store)
    short_id = consultation(consultations, orgs, TODAY - timedelta(days=10), 42, title="Short")
    cycle = CompactCycleService(store)
    cycle.record(CycleDetails(kind=RETURNS, on=iso(TODAY + timedelta(days=5)), year="2026"))
    for key in ("review", "annual_event", "membership"):
        cycle.record(CycleDetails(kind=key, on="2026-06-01"))
    items = due_items(store, on=TODAY, within_days=30)
    assert [i.due for i in items] == sorted(i.due for i in items)
    short = next(i for i in items if i.record_id == short_id and "no reason" in i.text)
    assert short.overdue and short.mode == "compact"
    returns = [i for i in items if i.kind == "returns"]
    assert {i.record_id for i in returns} == set(orgs.values())
    assert all("self-assessment and action plan 2026 not received" in i.text for i in returns)
    champions = [i for i in items if "no Compact Champion" in i.text]
    assert len(champions) == 2
    far = due_items(store, on=TODAY, within_days=0)
    assert all(i.due <= TODAY for i in far)


def test_clock_items_reach_matters_arising_and_stay_frozen_once_approved(demo_path: Path
                                                                         ) -> None:
    """The next agenda's matters arising carry the clock's items; once the meeting ends and
    its minutes are approved, later changes to a consultation do not change them."""
    from compact_tui.domain.exports import minutes_markdown
    from compact_tui.domain.meetings import MeetingsService
    from compact_tui.domain.meetings.fixed_record import approve_minutes, end_meeting
    from compact_tui.domain.meetings.matters_arising import matters_arising_lines

    with open_store(demo_path, member="Alex Hart") as store:
        meetings = MeetingsService(store, default_content())
        upcoming = meetings.meetings()[0]
        lines = matters_arising_lines(store, upcoming.id)
        parking = next(line for line in lines if "Town centre parking strategy" in line)
        assert parking.startswith("28 October 2026 (OVERDUE) Consultation:")
        assert any("Returns: 6 signatories have not sent" in line for line in lines)
        assert "written notice (3 months) due" in "\n".join(lines)
        end_meeting(store, upcoming.id, datetime(2026, 12, 3, 15, 40))
        approve_minutes(store, upcoming.id, content=default_content(),
                        on=date(2026, 12, 3), reason="Approved by email")
        before = minutes_markdown(store, upcoming.id, default_content())
        assert "Town centre parking strategy" in before
        consultations = ConsultationsService(store)
        target = next(c for c in consultations.consultations()
                      if c.title == "Town centre parking strategy")
        consultations.update(target.id, {"reported_back_on": "2026-12-04",
                                         "report_back": "A briefing note"})
        assert not any("Town centre parking" in line
                       for line in matters_arising_lines(store, upcoming.id))
        assert minutes_markdown(store, upcoming.id, default_content()) == before
