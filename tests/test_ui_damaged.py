"""Damaged records in the app (issue 17, point 2): a record that does not fit its schema is
listed in its section marked as damaged, with what is wrong and who last changed it, and the
"Damaged records" screen (palette) repairs it in a form or removes it after asking; a second
app on the same file sees the repair."""

from __future__ import annotations

from pathlib import Path

from compact_tui.ui.shell.confirm import ConfirmScreen
from compact_tui.ui.shell.damaged import DamagedScreen
from compact_tui.ui.shell.repair_damaged import RepairScreen
from compact_tui.ui.widgets.record_table import DAMAGED_MARK, RecordTable

from .damage import HAND_EDITOR, damage, first_id
from .hostile import screen_text
from .waiting import palette_command, wait_until

SIZE = (120, 36)


async def test_each_section_marks_its_damaged_records(make_app, demo_path: Path) -> None:
    org = first_id(demo_path, "organisations")
    action = first_id(demo_path, "actions")
    meeting = first_id(demo_path, "meetings")
    damage(demo_path, "organisations", org, {"name": 42, "sector": None})
    damage(demo_path, "actions", action, {"ref": 7, "due": ["2026-12-01"]})
    damage(demo_path, "meetings", meeting, {"date": None, "title": {"x": 1}})
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "3 damaged records" in screen_text(app))
        for key, record_id, said in [
                ("4", org, "Damaged organisation: name: should be text; it is a whole number"),
                ("3", action, "Damaged action"),
                ("2", meeting, "date: should be text; it is nothing (null)")]:
            await pilot.press(key)
            await wait_until(pilot, lambda said=said: said in " ".join(screen_text(app).split()))
            shown = " ".join(screen_text(app).split())
            assert f"last changed by {HAND_EDITOR}" in shown
            assert "ctrl+p, then Damaged records" in shown
            table = app.screen.query(RecordTable).first()
            row = table.get_row(record_id)
            assert str(row[0]).startswith(DAMAGED_MARK), row
        assert app.is_running


async def test_repair_in_a_form_reaches_another_app(make_app, demo_path: Path) -> None:
    org = first_id(demo_path, "organisations")
    damage(demo_path, "organisations", org, {"name": 42})
    first, second = make_app(demo_path), make_app(demo_path, member="Sam Green")
    async with first.run_test(size=SIZE) as pilot, second.run_test(size=SIZE) as other:
        await palette_command(pilot, first, "Damaged records")
        await wait_until(pilot, lambda: isinstance(first.screen, DamagedScreen))
        assert "organisation" in screen_text(first) and HAND_EDITOR in screen_text(first)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(first.screen, RepairScreen))
        shown = " ".join(screen_text(first).split())
        assert "! damaged: should be text; it is a whole number" in shown
        await pilot.press("end", "ctrl+u", *"Brentwood Mind", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(first.screen, DamagedScreen))
        await wait_until(pilot, lambda: "No damaged records" in screen_text(first))
        assert first.store.get("organisations", org)["name"] == "Brentwood Mind"
        assert first.store.save()
        second.store.refresh()
        second.refresh_screen()
        assert second.store.get("organisations", org)["name"] == "Brentwood Mind"
        assert second.services.damaged.find() == []
        await other.pause()


async def test_a_value_that_still_does_not_fit_is_named_and_nothing_is_stored(
        make_app, demo_path: Path) -> None:
    champion = first_id(demo_path, "champions")
    damage(demo_path, "champions", champion, {"is_lead": "maybe"})
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await palette_command(pilot, app, "Damaged records")
        await wait_until(pilot, lambda: isinstance(app.screen, DamagedScreen))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RepairScreen))
        await pilot.press("end", "ctrl+u", *"perhaps", "ctrl+s")
        await wait_until(pilot, lambda: "type yes or no" in screen_text(app))
        assert isinstance(app.screen, RepairScreen)
        assert app.store.get("champions", champion)["is_lead"] == "maybe"
        await pilot.press("end", "ctrl+u", *"yes", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, DamagedScreen))
        assert app.store.get("champions", champion)["is_lead"] is True


async def test_remove_asks_first(make_app, demo_path: Path) -> None:
    action = first_id(demo_path, "actions")
    damage(demo_path, "actions", action, {"notes": "not a list"})
    app = make_app(demo_path, section="actions")
    async with app.run_test(size=SIZE) as pilot:
        await palette_command(pilot, app, "Damaged records")
        await wait_until(pilot, lambda: isinstance(app.screen, DamagedScreen))
        await pilot.press("delete")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")                 # no: nothing removed
        await wait_until(pilot, lambda: isinstance(app.screen, DamagedScreen))
        assert app.store.get("actions", action) is not None
        await pilot.press("delete")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_until(pilot, lambda: app.store.get("actions", action) is None)
        await wait_until(pilot, lambda: "No damaged records" in screen_text(app))
        assert app.store.raw_record("actions", action)["notes"] == "not a list"  # a tombstone
