"""Point 6: approved means fixed. Approved minutes export byte for byte the same whatever
happens later to the records they quote; an action born in approved minutes keeps its
minuted wording; matters arising are kept as they stood on the meeting day."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from compact_tui.cli import main
from compact_tui.content import default_content
from compact_tui.domain.actions import ActionInputError, ActionsService
from compact_tui.domain.assessments import AssessmentsService
from compact_tui.domain.dates import format_date
from compact_tui.domain.meetings import ApprovalNeedsReason, MeetingsService
from compact_tui.domain.meetings.fixed_record import approve_minutes, end_meeting
from compact_tui.domain.register import RegisterService
from compact_tui.store import open_store


def _export(store_path: Path, on: str, target: Path) -> bytes:
    assert main(["export", "minutes", "--store", str(store_path), on, "-o", str(target)]) == 0
    return target.read_bytes()


def test_approved_minutes_export_the_same_bytes_whatever_changes_later(
        demo_path: Path, tmp_path: Path) -> None:
    with open_store(demo_path, member="Alex Hart") as store:
        meetings = MeetingsService(store, default_content())
        upcoming, last = meetings.meetings()[0], meetings.meetings()[1]
        assert last.status == "held"
        approve_minutes(store, last.id, upcoming.id, content=default_content())
        assert meetings.meeting(last.id).approved_minutes
    exported = {suffix: _export(demo_path, last.date, tmp_path / f"before.{suffix}")
                for suffix in ("md", "html")}
    text = exported["md"].decode()
    assert "DRAFT" not in text
    assert (f"**Approved** as a true record at the meeting held on "
            f"{format_date(upcoming.date)}.") in text
    assert "Signed (Chair): ___" in text and "Date: ___" in text
    assert "Take the 12-week consultation request to the commissioning team" in text

    with open_store(demo_path, member="Jo Morgan") as store:
        meetings = MeetingsService(store)
        log = ActionsService(store)
        mine = meetings.actions_for(last.id)
        with pytest.raises(ActionInputError, match="worded as in approved minutes"):
            log.update_action(mine[0].id, description="Something else entirely")
        for action in log.all_actions():  # status, due date and (behind the app) wording
            log.update_action(action.id, status="done", due=date(2027, 6, 30))
            store.update("actions", action.id, {"description": action.description + " (v2)"})
        for summary in AssessmentsService(store).awaiting_review():
            AssessmentsService(store).mark_reviewed(summary.id, "Reviewed after approval.")
        meetings.update_meeting(upcoming.id, date=date(2027, 3, 11), venue="Somewhere else")
        register = RegisterService(store)
        for organisation in register.organisations():
            store.update("organisations", organisation.id,
                         {"name": organisation.name + " (renamed)"})
        for champion in store.all("champions"):
            store.update("champions", champion["id"], {"name": champion["name"] + " Jr"})
        for dispute in store.all("disputes"):
            store.update("disputes", dispute["id"], {"title": "Retitled", "status": "closed"})
    for suffix in ("md", "html"):
        assert _export(demo_path, last.date, tmp_path / f"after.{suffix}") == exported[suffix]


def test_amendments_follow_the_fixed_text_dated(demo_path: Path) -> None:
    with open_store(demo_path, member="Alex Hart") as store:
        meetings = MeetingsService(store, default_content())
        upcoming, last = meetings.meetings()[0], meetings.meetings()[1]
        approve_minutes(store, last.id, upcoming.id)
        from compact_tui.domain.exports import minutes_markdown

        before = minutes_markdown(store, last.id)
        meetings.add_amendment(last.id, "Item 5: the period was 6 weeks.", date(2026, 12, 10))
        after = minutes_markdown(store, last.id)
        assert after.startswith(before)
        assert after[len(before):] == ("\n## Amendments after approval\n\n"
                                       "- 10 December 2026: Item 5: the period was 6 weeks.\n")


def test_matters_arising_are_kept_as_they_stood_on_the_meeting_day(demo_path: Path) -> None:
    with open_store(demo_path, member="Alex Hart") as store:
        meetings = MeetingsService(store, default_content())
        upcoming = meetings.meetings()[0]
        end_meeting(store, upcoming.id, datetime(2026, 12, 3, 15, 40))
        from compact_tui.domain.exports import minutes_markdown

        before = minutes_markdown(store, upcoming.id)
        assert "Matters arising:" in before and ": open, due" in before
        for action in ActionsService(store).all_actions():
            ActionsService(store).update_status(action.id, "done", "Finished later")
        assert minutes_markdown(store, upcoming.id) == before


def test_approval_of_a_meeting_not_held_or_not_quorate_needs_a_minuted_reason(
        demo_path: Path) -> None:
    from compact_tui.config import QuorumRule

    with open_store(demo_path, member="Alex Hart") as store:
        meetings = MeetingsService(store, default_content())
        upcoming, last = meetings.meetings()[0], meetings.meetings()[1]
        store.update("meetings", last.id, {"status": "agenda_issued", "started_at": ""})
        with pytest.raises(ApprovalNeedsReason) as asked:
            approve_minutes(store, last.id, upcoming.id, quorum_rule=QuorumRule())
        assert asked.value.questions == [
            f"The meeting of {format_date(last.date)} was never recorded as held (it was not "
            "run in chair mode or ended).",
            "This meeting is not quorate. Not quorate: 0 of the 4 signatory organisations "
            "needed are present; no statutory organisation is present; no voluntary or "
            "community organisation is present."]
        assert meetings.meeting(last.id).status == "agenda_issued"
        approve_minutes(store, last.id, upcoming.id, quorum_rule=QuorumRule(),
                        reason="Held informally; members agreed by email.")
        from compact_tui.domain.exports import minutes_markdown

        text = minutes_markdown(store, last.id)
        assert ("**Reason recorded at approval:** Held informally; members agreed by email."
                in text)
        following = minutes_markdown(store, upcoming.id)
        assert "**Reason recorded at approval:** Held informally" in following
