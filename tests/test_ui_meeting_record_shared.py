"""Two members correcting one meeting's record at once, each in chair mode on the same file:
both corrections survive, each keeps its old and new value, and each screen shows the other's
change after the file is read again."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from compact_tui.domain.corrections import corrections
from compact_tui.domain.meetings import MeetingsService
from compact_tui.store import open_store
from compact_tui.ui.meetings.chair import ChairScreen


async def _until(pilot, condition, tries: int = 200) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause()
    assert condition()


async def _type(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def _records_text(app) -> str:
    return "\n".join(str(s.render()) for s in app.screen.query("#item-records Static"))


async def test_two_members_correct_the_same_item(make_app, demo_path: Path) -> None:
    with open_store(demo_path, member="Setup") as store:
        service = MeetingsService(store)
        meeting = service.upcoming()[0]
        item = service.items(meeting.id)[0]
        service.start_meeting(meeting.id, datetime(2026, 11, 25, 14))
        decision = service.add_decision(meeting.id, item.id, "Note the terms of reference")
    alice = make_app(demo_path, section="meetings", member="Alice Adams")
    bob = make_app(demo_path, section="meetings", member="Bob Baker")
    async with alice.run_test(size=(120, 36)) as pilot_a, \
            bob.run_test(size=(120, 36)) as pilot_b:
        for app, pilot in ((alice, pilot_a), (bob, pilot_b)):
            await pilot.press("c")
            await _until(pilot, lambda app=app: isinstance(app.screen, ChairScreen))
        # Alice corrects the decision's wording from the list under the minutes
        await pilot_a.press("tab", "e")
        await _until(pilot_a, lambda: type(alice.screen).__name__ == "DecisionFormScreen")
        await _type(pilot_a, "Adopt the terms of reference")
        await pilot_a.press("enter")
        await _until(pilot_a, lambda: isinstance(alice.screen, ChairScreen))
        # Bob, not having seen it, records a declaration on the same item
        await pilot_b.press("f4")
        await _until(pilot_b, lambda: type(bob.screen).__name__ == "DeclarationFormScreen")
        await _type(pilot_b, "Lee Chan")
        await pilot_b.press("tab", "tab", "tab", "tab")
        await _type(pilot_b, "trustee")
        await pilot_b.press("enter")
        await _until(pilot_b, lambda: isinstance(bob.screen, ChairScreen))
        assert alice.store.save() and bob.store.save()
        alice.store.refresh()
        bob.store.refresh()
        for app, pilot in ((alice, pilot_a), (bob, pilot_b)):
            await _until(pilot, lambda app=app: "Lee Chan" in _records_text(app)
                         and "Adopt the terms" in _records_text(app))
            service = MeetingsService(app.store)
            assert service.decision(decision).text == "Adopt the terms of reference"
            assert [d.person for d in service.declarations(meeting.id)] == ["Lee Chan"]
            assert [(c.field, c.old, c.new, c.by) for c in corrections(
                app.store, record_id=decision)] == [
                ("text", "Note the terms of reference", "Adopt the terms of reference",
                 "Alice Adams")]
        assert alice.store.conflicts() == [] and bob.store.conflicts() == []
