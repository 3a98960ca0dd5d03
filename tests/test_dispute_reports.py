"""Non-compliance log, lessons and mediator timeline; confidential details stay out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from compact_tui.domain.dispute_reports import (
    CONFIDENTIAL_ORGANISATION,
    ConfidentialDisputeError,
    default_period,
    lessons_markdown,
    non_compliance_markdown,
    non_compliance_report,
    timeline_markdown,
)
from compact_tui.domain.disputes import DisputeDetails, DisputesService
from compact_tui.domain.register import Organisation, RegisterService
from compact_tui.store import open_store

SECRETS = ("Hush matter", "Wanda Whistle", "Quietwater Trust", "badger incident")


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "compact.json", member="Jo Morgan") as opened:
        yield opened


@pytest.fixture
def cases(store) -> dict[str, str]:
    """Three disputes over 2026: resolved, still open, and a confidential one withdrawn."""
    register = RegisterService(store)
    cvs = register.add_organisation(Organisation(name="Brentwood CVS"))
    council = register.add_organisation(Organisation(name="Essex County Council"))
    quiet = register.add_organisation(Organisation(name="Quietwater Trust"))
    service = DisputesService(store)

    def raise_one(title: str, concerns: str, commitments: list[str], opened: str,
                  **extra) -> str:
        return service.raise_dispute(DisputeDetails(
            title=title, compliance_question="No.", raised_by_organisation_id=cvs,
            concerns_organisation_id=concerns, commitments=commitments,
            what_happened=f"What happened in {title}.", happened_on=opened,
            opened_on=opened, next_step="Reply", next_step_due="01/12/2026", **extra))

    ids = {
        "grant": raise_one("Late grant", council, ["3.2"], "10/02/2026"),
        "consult": raise_one("Short consultation", council, ["2.4", "3.2"], "01/09/2026"),
        "hush": raise_one("Hush matter", quiet, ["4.4"], "01/06/2026", confidential=True,
                          raised_by_name="Wanda Whistle", outcome_sought="Stop the badger "
                          "incident happening again."),
        "old": raise_one("Old case", council, ["1.1"], "01/01/2025"),
    }
    service.move_stage(ids["grant"], "resolved", on="01/04/2026",
                       lesson="Agree payment dates in writing.")
    service.move_stage(ids["hush"], "withdrawn", on="01/07/2026",
                       lesson="Quietwater Trust wanted a badger incident clause.")
    service.move_stage(ids["old"], "resolved", on="01/02/2025")
    return ids


def test_report_groups_by_commitment_organisation_and_outcome(store, cases) -> None:
    report = non_compliance_report(store, None, date(2026, 1, 1), date(2026, 12, 31))
    assert len(report.entries) == 3
    by_commitment = {g.heading.split(" ")[0]: g.count for g in report.by_commitment}
    # The confidential dispute's commitment (4.4) would say which dispute it is: not named.
    assert by_commitment == {"2.4": 1, "3.2": 2, "Not": 1}
    assert report.by_commitment[-1].heading == "Not shown (confidential)"
    shown = non_compliance_report(store, None, date(2026, 1, 1), date(2026, 12, 31),
                                  include_confidential=True)
    assert [g.heading.split(" ")[0] for g in shown.by_commitment] == ["2.4", "3.2", "4.4"]
    by_org = {g.heading: g.count for g in report.by_organisation}
    assert by_org == {"Essex County Council": 2, CONFIDENTIAL_ORGANISATION: 1}
    by_outcome = [(g.heading, g.count) for g in report.by_outcome]
    assert by_outcome == [("Resolved", 1), ("Withdrawn", 1),
                          ("Still open (concern raised)", 1)]


def test_report_period_includes_disputes_open_during_it(store, cases) -> None:
    report = non_compliance_report(store, None, date(2026, 5, 1), date(2026, 8, 31))
    labels = sorted(e.label for e in report.entries)
    assert labels == ["Confidential dispute (raised 1 June 2026)"]
    with pytest.raises(ValueError, match="ends"):
        non_compliance_report(store, None, date(2026, 5, 1), date(2026, 4, 1))


def test_report_markdown_counts_but_hides_confidential(store, cases) -> None:
    text = non_compliance_markdown(
        non_compliance_report(store, None, date(2026, 1, 1), date(2026, 12, 31)))
    assert "# Non-compliance log" in text
    assert "### Essex County Council (2)" in text
    assert "1 of them is confidential" in text
    for secret in SECRETS:
        assert secret not in text
    shown = non_compliance_markdown(non_compliance_report(
        store, None, date(2026, 1, 1), date(2026, 12, 31), include_confidential=True))
    assert "\\[CONFIDENTIAL\\] Hush matter" in shown  # escaped: only ever shown as typed
    assert "4.4" not in text
    # A file holding the details says so before anything else.
    assert shown.splitlines()[2].startswith("**[CONFIDENTIAL]** This file holds the details")
    assert "[CONFIDENTIAL]" not in text.splitlines()[2]
    assert "### Quietwater Trust (1)" in shown


def test_empty_period_says_so(store, cases) -> None:
    text = non_compliance_markdown(
        non_compliance_report(store, None, date(2024, 1, 1), date(2024, 12, 31)))
    assert "No disputes in this period." in text


def test_lessons_markdown_withholds_confidential_lessons(store, cases) -> None:
    text = lessons_markdown(store)
    assert "## Late grant" in text and "Agree payment dates in writing." in text
    assert "1 lesson from a confidential dispute is not shown here" in text
    for secret in SECRETS:
        assert secret not in text
    included = lessons_markdown(store, include_confidential=True)
    assert "badger incident clause" in included
    assert included.splitlines()[2].startswith("**[CONFIDENTIAL]** This file holds")
    assert "Jo Morgan asked for them in so many words" in included.splitlines()[2]


def test_timeline_for_mediator(store, cases) -> None:
    service = DisputesService(store)
    service.move_stage(cases["consult"], "discussion", on="05/09/2026", note="Met the council.")
    service.move_stage(cases["consult"], "unresolved", on="10/09/2026",
                       reason="The council would not meet a mediator.")
    text = timeline_markdown(store, cases["consult"], on=date(2026, 11, 25))
    assert text.startswith("# Dispute timeline: Short consultation\n")
    assert "- Concerns: Essex County Council" in text
    assert "Give early notice of consultations" in text  # statutory wording of 2.4
    assert "- **5 September 2026**: Concern raised → Discussion between the parties. " \
           "Met the council. (recorded by Jo Morgan)" in text
    assert "Reason: The council would not meet a mediator." in text


def test_confidential_timeline_needs_confirmation(store, cases) -> None:
    with pytest.raises(ConfidentialDisputeError) as refused:
        timeline_markdown(store, cases["hush"])
    for secret in SECRETS:
        assert secret not in str(refused.value)
    text = timeline_markdown(store, cases["hush"], include_confidential=True)
    assert "[CONFIDENTIAL]" in text and "Hush matter" in text and "Wanda Whistle" in text


def test_default_period_is_the_last_twelve_months() -> None:
    assert default_period(date(2026, 11, 25)) == (date(2025, 11, 25), date(2026, 11, 25))
    assert default_period(date(2028, 2, 29)) == (date(2027, 2, 28), date(2028, 2, 29))


def test_confidential_details_never_reach_minutes_agendas_or_reports(demo_path: Path,
                                                                     tmp_path: Path) -> None:
    """Every export the app makes, for every demo meeting, with a confidential dispute that
    is open, due at the next meeting and named with unmistakable words."""
    from compact_tui.domain.exports import (
        actions_markdown,
        agenda_html,
        agenda_markdown,
        meeting_ics,
        minutes_html,
        minutes_markdown,
    )
    from compact_tui.domain.meetings import MeetingsService
    from compact_tui.domain.meetings.matters_arising import matters_arising_lines

    with open_store(demo_path, member="Jo Morgan") as store:
        register = RegisterService(store)
        quiet = register.add_organisation(Organisation(name="Quietwater Trust"))
        service = DisputesService(store)
        service.raise_dispute(DisputeDetails(
            title="Hush matter", compliance_question="No, the badger incident was not.",
            raised_by_name="Wanda Whistle", concerns_organisation_id=quiet,
            commitments=["4.4"], what_happened="The badger incident at the hall.",
            happened_on="01/09/2026", opened_on="02/09/2026", outcome_sought="An apology.",
            next_step="Wanda Whistle to meet Quietwater Trust", next_step_due="01/12/2026",
            confidential=True))
        meetings = MeetingsService(store)
        exported = [service.update_lines_for_export(), [actions_markdown(store)],
                    [lessons_markdown(store)],
            [non_compliance_markdown(non_compliance_report(
                store, None, date(2026, 1, 1), date(2026, 12, 31)))]]
        for meeting in meetings.meetings():
            for render in (minutes_markdown, minutes_html, agenda_markdown, agenda_html,
                           meeting_ics):
                exported.append([render(store, meeting.id)])
            exported.append(matters_arising_lines(store, meeting.id))
        text = "\n".join(line for lines in exported for line in lines)
        next_meeting = meetings.next_meeting()
        assert next_meeting is not None
        agenda = agenda_markdown(store, next_meeting.id)
        assert "2 confidential disputes were discussed." in agenda
        for secret in (*SECRETS, "Ending of the carers' support contract",
                       "A trustee of a carers' charity", "two months' notice"):
            assert secret not in text
