"""Disputes: raising, the route's stage rules, next steps, ages, lessons, export lines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from compact_tui.domain.disputes import (
    DISPUTE_EVENTS,
    DISPUTES,
    DisputeDetails,
    DisputeInputError,
    DisputesService,
    UnknownDisputeError,
)
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
    return {name: register.add_organisation(Organisation(name=name, sector=sector))
            for name, sector in (("Brentwood CVS", "infrastructure"),
                                 ("Essex County Council", "council"),
                                 ("Hutton Youth Club", "community_group"))}


def details(orgs: dict[str, str], **changes) -> DisputeDetails:
    values = dict(
        title="Short consultation",
        compliance_question="No: 12 weeks are expected.",
        raised_by_organisation_id=orgs["Brentwood CVS"],
        concerns_organisation_id=orgs["Essex County Council"],
        commitments=["2.4"],
        what_happened="Six weeks' consultation with no reasons given.",
        happened_on="03/11/2026",
        outcome_sought="Extend to 12 weeks.",
        opened_on="2026-11-10",
        next_step="Council to reply",
        next_step_due="01/12/2026",
    )
    values.update(changes)
    return DisputeDetails(**values)


def test_raise_stores_dispute_at_first_stage_with_first_event(store, orgs) -> None:
    service = DisputesService(store)
    dispute_id = service.raise_dispute(details(orgs))
    dispute = service.dispute(dispute_id)
    assert dispute.stage == "raised"
    assert dispute.happened_on == "2026-11-03"
    assert dispute.opened_on == "2026-11-10"
    assert dispute.next_step_due == "2026-12-01"
    assert dispute.commitments == ["2.4"]
    [event] = service.events(dispute_id)
    assert (event.stage, event.on, event.recorded_by) == ("raised", "2026-11-10", "Jo Morgan")


def test_raise_defaults_the_raised_date_to_today(store, orgs) -> None:
    service = DisputesService(store)
    dispute = service.dispute(service.raise_dispute(details(orgs, opened_on="")))
    assert dispute.opened_on == "2026-11-25"


@pytest.mark.parametrize(("changes", "message"), [
    ({"compliance_question": " "}, "Is this Compact compliant?"),
    ({"title": ""}, "short title"),
    ({"raised_by_organisation_id": "", "raised_by_name": ""}, "who raised it"),
    ({"concerns_organisation_id": ""}, "organisation the concern is about"),
    ({"commitments": []}, "at least one Compact commitment"),
    ({"commitments": ["9.9"]}, "Unknown commitment(s): 9.9"),
    ({"what_happened": ""}, "what happened"),
    ({"happened_on": "31/02/2026"}, "not a real date"),
    ({"happened_on": "next Tuesday"}, "not a date we can read"),
    ({"next_step_due": ""}, "Next step due: enter a date"),
    ({"next_step": ""}, "next step"),
    ({"happened_on": "2026-11-20"}, "after the date it was raised"),
])
def test_raise_refuses_bad_input_and_stores_nothing(store, orgs, changes, message) -> None:
    service = DisputesService(store)
    with pytest.raises(DisputeInputError, match=message.replace("?", r"\?")
                       .replace("(", r"\(").replace(")", r"\)")):
        service.raise_dispute(details(orgs, **changes))
    assert store.all(DISPUTES) == []
    assert store.all(DISPUTE_EVENTS) == []


def test_raised_by_a_named_person_without_organisation(store, orgs) -> None:
    service = DisputesService(store)
    dispute_id = service.raise_dispute(details(orgs, raised_by_organisation_id="",
                                               raised_by_name="Ann Smith"))
    dispute = service.dispute(dispute_id)
    assert service.raised_by_label(dispute) == "Ann Smith"


def test_route_moves_in_order_need_no_reason(store, orgs) -> None:
    service = DisputesService(store)
    dispute_id = service.raise_dispute(details(orgs))
    service.move_stage(dispute_id, "discussion", on="12/11/2026", note="Met on Tuesday")
    service.move_stage(dispute_id, "mediation", on="20/11/2026",
                       mediator="Essex Compact Steering Group mediation panel",
                       next_step="Panel to set a date", next_step_due="10/12/2026")
    service.move_stage(dispute_id, "unresolved", on="24/11/2026",
                       lesson="Say who pays for mediation.")
    dispute = service.dispute(dispute_id)
    assert dispute.stage == "unresolved"
    assert dispute.closed_on == "2026-11-24"
    assert dispute.mediator == "Essex Compact Steering Group mediation panel"
    assert dispute.lesson == "Say who pays for mediation."
    assert (dispute.next_step, dispute.next_step_due) == ("", "")
    events = service.events(dispute_id)
    assert [(e.from_stage, e.stage) for e in events] == [
        ("", "raised"), ("raised", "discussion"), ("discussion", "mediation"),
        ("mediation", "unresolved")]
    assert events[1].note == "Met on Tuesday"
    assert events[2].mediator == "Essex Compact Steering Group mediation panel"
    assert all(e.recorded_by == "Jo Morgan" for e in events)


def test_skip_without_reason_is_refused_and_nothing_changes(store, orgs) -> None:
    service = DisputesService(store)
    dispute_id = service.raise_dispute(details(orgs))
    with pytest.raises(DisputeInputError, match="skips discussion between the parties"):
        service.move_stage(dispute_id, "mediation", mediator="A neutral figure")
    assert service.dispute(dispute_id).stage == "raised"
    assert len(service.events(dispute_id)) == 1
    service.move_stage(dispute_id, "mediation", mediator="A neutral figure",
                       reason="The council asked for a mediator straight away.")
    [_, event] = service.events(dispute_id)
    assert event.reason == "The council asked for a mediator straight away."


def test_backwards_reopen_and_outcome_change_need_a_reason(store, orgs) -> None:
    service = DisputesService(store)
    dispute_id = service.raise_dispute(details(orgs))
    service.move_stage(dispute_id, "discussion")
    with pytest.raises(DisputeInputError, match="Going back"):
        service.move_stage(dispute_id, "raised")
    service.move_stage(dispute_id, "resolved", lesson="")
    with pytest.raises(DisputeInputError, match="Reopening"):
        service.move_stage(dispute_id, "discussion")
    with pytest.raises(DisputeInputError, match="Changing the outcome"):
        service.move_stage(dispute_id, "withdrawn")
    service.move_stage(dispute_id, "discussion", reason="The agreement was not kept.",
                       next_step="Meet again", next_step_due="02/12/2026")
    reopened = service.dispute(dispute_id)
    assert reopened.is_open and reopened.closed_on == ""
    assert reopened.next_step == "Meet again"


def test_resolving_or_withdrawing_early_is_fine_but_unresolved_needs_mediation(
        store, orgs) -> None:
    service = DisputesService(store)
    assert service.reason_needed("raised", "resolved") == ""
    assert service.reason_needed("discussion", "withdrawn") == ""
    assert "skips" in service.reason_needed("discussion", "unresolved")
    assert service.reason_needed("mediation", "unresolved") == ""


def test_move_to_same_stage_mediation_without_mediator_and_bad_date_refused(
        store, orgs) -> None:
    service = DisputesService(store)
    dispute_id = service.raise_dispute(details(orgs))
    with pytest.raises(DisputeInputError, match="already at"):
        service.move_stage(dispute_id, "raised")
    service.move_stage(dispute_id, "discussion")
    with pytest.raises(DisputeInputError, match="Name the independent mediator"):
        service.move_stage(dispute_id, "mediation")
    with pytest.raises(DisputeInputError, match="not a date we can read"):
        service.move_stage(dispute_id, "resolved", on="yesterday")
    with pytest.raises(DisputeInputError, match="before the dispute was raised"):
        service.move_stage(dispute_id, "resolved", on="01/01/2026")
    with pytest.raises(DisputeInputError, match=r"before the last move on the timeline "
                                                 r"\(25 November 2026\)"):
        service.move_stage(dispute_id, "resolved", on="20/11/2026")
    with pytest.raises(UnknownDisputeError):
        service.move_stage("no-such-id", "resolved")
    assert service.dispute(dispute_id).stage == "discussion"


def test_ages_stop_when_closed(store, orgs) -> None:
    service = DisputesService(store)
    dispute_id = service.raise_dispute(details(orgs))
    assert service.dispute(dispute_id).age_days(TODAY) == 15
    service.move_stage(dispute_id, "withdrawn", on="20/11/2026")
    closed = service.dispute(dispute_id)
    assert closed.age_days(date(2027, 6, 1)) == 10


def test_next_step_due_and_overdue(store, orgs) -> None:
    service = DisputesService(store)
    early = service.raise_dispute(details(orgs, title="Early", next_step_due="20/11/2026"))
    later = service.raise_dispute(details(orgs, title="Later", next_step_due="10/12/2026"))
    assert [d.id for d in service.due_by(TODAY)] == [early]
    assert [d.id for d in service.due_by(date(2026, 12, 10))] == [early, later]
    assert service.dispute(early).next_step_overdue(TODAY)
    assert not service.dispute(later).next_step_overdue(TODAY)
    service.set_next_step(later, "Chair to write", "2026-11-01")
    assert service.dispute(later).next_step_overdue(TODAY)
    assert service.events(later)[-1].next_step == "Chair to write"
    with pytest.raises(DisputeInputError, match="not a real date"):
        service.set_next_step(later, "Chair to write", "32/11/2026")
    assert service.dispute(later).next_step_due == "2026-11-01"
    service.move_stage(early, "resolved")
    assert service.due_by(date(2027, 1, 1)) == [service.dispute(later)]
    with pytest.raises(DisputeInputError, match="closed"):
        service.set_next_step(early, "Anything", "01/12/2026")


def test_lessons_listed_newest_first_with_outcome(store, orgs) -> None:
    service = DisputesService(store)
    first = service.raise_dispute(details(orgs, title="First"))
    second = service.raise_dispute(details(orgs, title="Second", commitments=["3.2"]))
    third = service.raise_dispute(details(orgs, title="Third"))
    service.move_stage(first, "resolved", on="15/11/2026", lesson="Publish consultation dates.")
    service.move_stage(second, "withdrawn", on="20/11/2026", lesson="Clarify payment terms.")
    service.move_stage(third, "resolved", on="21/11/2026", lesson="  ")
    lessons = service.lessons()
    assert [(ls.dispute.title, ls.outcome, ls.lesson, ls.closed_on) for ls in lessons] == [
        ("Second", "Withdrawn", "Clarify payment terms.", "2026-11-20"),
        ("First", "Resolved", "Publish consultation dates.", "2026-11-15")]


def test_update_details_writes_only_changed_fields(store, orgs) -> None:
    service = DisputesService(store)
    dispute_id = service.raise_dispute(details(orgs))
    changed = service.update_details(dispute_id, details(orgs, title="Shorter consultation",
                                                         happened_on="3 November 2026"))
    assert changed == ["title"]
    with pytest.raises(DisputeInputError, match="short title"):
        service.update_details(dispute_id, details(orgs, title=""))
    assert service.dispute(dispute_id).title == "Shorter consultation"


def test_update_lines_hide_confidential_disputes(store, orgs) -> None:
    service = DisputesService(store)
    assert service.update_lines_for_export(TODAY) == ["No open disputes."]
    service.raise_dispute(details(orgs, title="Open one", next_step_due="20/11/2026"))
    secret = details(orgs, title="Secret matter", raised_by_organisation_id="",
                     raised_by_name="Wanda Whistle", concerns_organisation_id=orgs[
                         "Hutton Youth Club"], what_happened="Something delicate.",
                     confidential=True)
    service.raise_dispute(secret)
    lines = service.update_lines_for_export(TODAY)
    assert lines == [
        "Open one — Concern raised, open 15 days; next step: Council to reply, due "
        "20 November 2026 (OVERDUE)",
        "A confidential dispute was discussed."]
    service.raise_dispute(secret)
    assert service.update_lines_for_export(TODAY)[-1] == \
        "2 confidential disputes were discussed."
    text = "\n".join(service.update_lines_for_export(TODAY))
    for secret_word in ("Secret matter", "Wanda", "Hutton", "delicate"):
        assert secret_word not in text


def test_find_by_id_prefix_and_title(store, orgs) -> None:
    service = DisputesService(store)
    first = service.raise_dispute(details(orgs, title="Late grant payment"))
    service.raise_dispute(details(orgs, title="Short consultation"))
    assert [d.id for d in service.find(first)] == [first]
    assert [d.id for d in service.find(first[:8])] == [first]
    assert [d.title for d in service.find("late GRANT")] == ["Late grant payment"]
    assert service.find("nothing like it") == []


def test_update_lines_show_each_dispute_as_it_stood_on_the_meeting_day(store, orgs) -> None:
    service = DisputesService(store)
    dispute_id = service.raise_dispute(details(orgs))
    service.move_stage(dispute_id, "discussion", on="20/11/2026", next_step="Meet again",
                       next_step_due="27/11/2026")
    service.move_stage(dispute_id, "resolved", on="25/11/2026")
    assert service.update_lines_for_export(date(2026, 11, 5)) == ["No open disputes."]
    assert service.update_lines_for_export(date(2026, 11, 15)) == [
        "Short consultation — Concern raised, open 5 days; next step: Council to reply, due "
        "1 December 2026"]
    assert service.update_lines_for_export(date(2026, 11, 22)) == [
        "Short consultation — Discussion between the parties, open 12 days; next step: "
        "Meet again, due 27 November 2026"]
    assert service.update_lines_for_export(TODAY) == ["No open disputes."]
