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
        # a return in before the meeting and not yet reviewed: the minutes quote it
        for summary in AssessmentsService(store).awaiting_review():
            store.update(summary.kind, summary.id, {"submitted_on": "2026-09-30"})
        store.update("meetings", last.id, {"kept_on": ""})  # matters arising kept again
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
    assert "Active Brentwood: self-assessment 2026 awaiting review" in text
    assert "Action 2026-08/1: Publish the list of signatories" in text  # matters arising
    assert "Brentwood Borough Council" in text and "Thursday 3 December 2026" in text

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


def _as_if_approved_by_an_older_version(store_path: Path) -> str:
    """The demo store as a version before "approved means fixed" left it: the approved
    meeting has no stored text and nothing kept from its meeting day. Returns its date."""
    import json

    data = json.loads(store_path.read_bytes())
    [meeting] = [m for m in data["meetings"].values() if m["status"] == "minutes_approved"]
    for name in ("approved_minutes", "approved_minutes_note", "kept_on", "kept_arising",
                 "kept_actions"):
        meeting.pop(name, None)
        meeting["_dots"].pop(name, None)
    store_path.write_text(json.dumps(data), encoding="utf-8")
    return str(meeting["date"])


def _change_every_record_the_minutes_quote(store_path: Path) -> None:
    with open_store(store_path, member="Jo Morgan") as store:
        meetings = MeetingsService(store)
        for action in ActionsService(store).all_actions():
            store.update("actions", action.id, {"status": "done", "due": "2027-06-30",
                                                "description": action.description + " (v2)"})
        for summary in AssessmentsService(store).awaiting_review():
            AssessmentsService(store).mark_reviewed(summary.id, "Reviewed after approval.")
        for meeting in meetings.upcoming():
            meetings.update_meeting(meeting.id, date=date(2027, 3, 11), venue="Elsewhere")
        for organisation in RegisterService(store).organisations():
            store.update("organisations", organisation.id,
                         {"name": organisation.name + " (renamed)"})


async def test_minutes_approved_by_an_older_version_are_fixed_on_first_open(
        make_app, demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Point 6 for stores made before the freeze: the first open that can write fixes the
    approved minutes as they read that day (what every export showed until then), says so,
    and notes it on the meeting; from then on they export the same bytes."""
    from compact_tui.ui.meetings.meetings import MeetingsScreen
    from tests.waiting import wait_until

    day = _as_if_approved_by_an_older_version(demo_path)
    capsys.readouterr()
    circulated = _export(demo_path, day, tmp_path / "circulated.md")
    assert ("were approved before compact-tui kept the text of approved minutes, so this "
            "export is built from today's records") in capsys.readouterr().err
    app = make_app(demo_path, section="meetings", member="Alex Hart")
    async with app.run_test(size=(120, 36)) as pilot:
        meetings = MeetingsService(app.store)
        [old] = [m for m in meetings.meetings() if m.date == day]
        await wait_until(pilot, lambda: bool(meetings.require(old.id).approved_minutes))
        assert any(n.title == "Approved minutes fixed" and format_date(day) in n.message
                   for n in app._notifications)
        note = meetings.require(old.id).approved_minutes_note
        assert note == ("Approved before compact-tui kept the text of approved minutes: the "
                        "text was fixed on 25 November 2026, after approval, as the minutes "
                        "read that day.")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingsScreen))
        table = app.screen.query_one("#meetings-table")
        table.move_cursor(row=[r.key.value for r in table.ordered_rows].index(old.id))
        await pilot.pause()
        assert "fixed on 25 November 2026, after approval" in str(
            app.screen.query_one("#meeting-detail").render())
        await pilot.press("h")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HistoryScreen")
        history = app.screen.query_one("#history-table")
        assert "approved minutes note" in str(history.get_row_at(0)[-1])
        assert app.store.save()
    capsys.readouterr()
    assert _export(demo_path, day, tmp_path / "fixed.md") == circulated
    assert "approved before" not in capsys.readouterr().err
    _change_every_record_the_minutes_quote(demo_path)
    assert _export(demo_path, day, tmp_path / "later.md") == circulated
    app = make_app(demo_path, section="meetings")  # a second open fixes nothing again
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert not any(n.title == "Approved minutes fixed" for n in app._notifications)
