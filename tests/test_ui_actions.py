"""The action log from the keyboard: filters, status updates with notes, back to the meeting."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import DataTable, Static

from compact_tui.domain.actions import ActionFilter, ActionsService
from compact_tui.domain.meetings import MeetingsService
from compact_tui.ui.actions.action_detail import ActionDetailScreen
from compact_tui.ui.actions.action_status_form import ActionStatusFormScreen
from compact_tui.ui.actions.actions import ActionsScreen
from compact_tui.ui.meetings.meetings import MeetingsScreen

SIZE = (100, 30)


def _rows(app) -> list[tuple]:
    table = app.screen.query_one("#actions-table", DataTable)
    return [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


async def _paste(pilot, text: str) -> None:
    """Paste into the focused field, as a person pastes a long file path."""
    pilot.app.focused.post_message(events.Paste(text))
    await pilot.pause()


async def _type(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


async def test_log_lists_every_action_with_overdue_in_words(make_app, demo_path: Path) -> None:
    app = make_app(demo_path, section="actions")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        service = ActionsService(app.store)
        rows = _rows(app)
        assert [row[0] for row in rows] == [a.ref for a in service.actions()]
        overdue = {a.ref for a in service.actions() if a.is_overdue()}
        assert overdue
        assert {row[0] for row in rows if row[4] == "OVERDUE"} == overdue
        assert isinstance(app.screen.focused, DataTable)
        summary = str(app.screen.query_one("#action-summary", Static).render())
        assert f"{len(rows)} actions · {len(overdue)} overdue" in summary


async def test_filters_overdue_text_and_status(make_app, demo_path: Path) -> None:
    app = make_app(demo_path, section="actions")
    async with app.run_test(size=SIZE) as pilot:
        service = ActionsService(app.store)
        await pilot.press("f")
        await pilot.pause()
        overdue = service.actions(ActionFilter(overdue_only=True))
        assert [row[0] for row in _rows(app)] == [a.ref for a in overdue]

        await pilot.press("slash")
        await _type(pilot, "police")
        await pilot.press("enter")
        await pilot.pause()
        found = service.actions(ActionFilter(overdue_only=True, text="police"))
        assert len(found) == 1
        assert [row[0] for row in _rows(app)] == [found[0].ref]
        assert isinstance(app.screen.focused, DataTable)

        await pilot.press("r")
        await pilot.pause()
        assert len(_rows(app)) == len(service.actions())

        await pilot.press("shift+tab", "enter")  # the status filter: choose "Done"
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        done = service.actions(ActionFilter(status="done"))
        assert [row[0] for row in _rows(app)] == [a.ref for a in done]
        assert all(row[4] == "Done" for row in _rows(app))


async def test_update_status_with_a_note(make_app, demo_path: Path) -> None:
    app = make_app(demo_path, section="actions")
    async with app.run_test(size=SIZE) as pilot:
        service = ActionsService(app.store)
        await pilot.press("f")
        await pilot.pause()
        target = service.actions(ActionFilter(overdue_only=True))[0]
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ActionStatusFormScreen)
        await pilot.press("enter", "down", "down", "enter")  # Open -> Done
        await pilot.press("tab")
        await _type(pilot, "Sent on 20 Nov")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionsScreen)
        changed = service.action(target.id)
        assert changed.status == "done"
        assert changed.notes[-1]["note"] == "Sent on 20 Nov"
        assert changed.notes[-1]["by"] == "Jo Morgan"
        assert target.ref not in [row[0] for row in _rows(app)]  # no longer overdue


async def test_enter_shows_the_source_and_m_jumps_to_the_meeting(make_app,
                                                                 demo_path: Path) -> None:
    app = make_app(demo_path, section="actions")
    async with app.run_test(size=SIZE) as pilot:
        service = ActionsService(app.store)
        first = service.actions()[0]
        meeting, item = MeetingsService(app.store).action_source(first)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionDetailScreen)
        text = "\n".join(str(w.render()) for w in app.screen.query(Static))
        assert f"item {item.number}: {item.title}" in text
        assert first.description in text
        await pilot.press("m")
        await pilot.pause()
        await pilot.pause()
        assert app.current_mode == "meetings"
        assert isinstance(app.screen, MeetingsScreen)
        assert app.screen.selected_id() == meeting.id


async def test_actions_without_owner_or_date_are_flagged(make_app, demo_path: Path) -> None:
    app = make_app(demo_path, section="actions")
    async with app.run_test(size=SIZE) as pilot:
        from compact_tui.domain.meetings import MeetingsService

        meetings = MeetingsService(app.store)
        upcoming = meetings.upcoming()[0]
        item = meetings.items(upcoming.id)[0]
        meetings.add_action(upcoming.id, item.id, "Book a room")
        app.screen.refresh_data()
        await pilot.pause()
        row = next(r for r in _rows(app) if r[1] == "Book a room")
        assert row[2] == "! no owner" and row[3] == "! no date"
        app.screen.open_record(next(a.id for a in ActionsService(app.store).actions()
                                    if a.description == "Book a room"))
        await pilot.pause()
        detail = str(app.screen.query_one("#action-detail", Static).render())
        assert "Needs attention: no owner; no due date" in detail


async def test_palette_targets_open_meetings_and_actions(make_app, demo_path: Path) -> None:
    from compact_tui.ui.shell.jump_targets import jump_targets

    app = make_app(demo_path, section="actions")
    async with app.run_test(size=SIZE) as pilot:
        service = ActionsService(app.store)
        targets = {label: (mode, record_id)
                   for label, _help, mode, record_id in jump_targets(app.services)}
        done = next(a for a in service.actions() if a.status == "done")
        assert targets[f"Action {done.ref}: {done.description}"] == ("actions", done.id)
        meeting, _ = MeetingsService(app.store).action_source(done)
        label = next(label for label, (_mode, record_id) in targets.items()
                     if record_id == meeting.id)
        assert label.endswith(meeting.title) and targets[label][0] == "meetings"

        await pilot.press("f")  # the done action is hidden by the overdue filter
        await pilot.pause()
        app.open_record("actions", done.id)
        await pilot.pause()
        assert app.screen.selected_id() == done.id
        app.open_record("meetings", meeting.id)
        await pilot.pause()
        await pilot.pause()
        assert app.screen.selected_id() == meeting.id


async def test_export_the_filtered_log(make_app, demo_path: Path, tmp_path: Path) -> None:
    app = make_app(demo_path, section="actions")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "x", "ctrl+u")
        await _paste(pilot, str(tmp_path / "log.md"))
        await pilot.press("enter")
        await pilot.pause()
        text = (tmp_path / "log.md").read_text(encoding="utf-8")
        service = ActionsService(app.store)
        for action in service.actions():
            assert (action.description in text) == action.is_overdue()


async def test_h_shows_who_changed_the_action(make_app, demo_path: Path) -> None:
    from compact_tui.ui.shell.history import HistoryScreen

    app = make_app(demo_path, section="actions")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        action_id = app.screen.selected_id()
        app.store.update("actions", action_id, {"status": "in_progress"})
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        table = app.screen.query_one("#history-table", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert any(row[1] == "Jo Morgan" and "status" in row[2].lower() for row in rows)
        assert any(row[1] == "Demo data" for row in rows)
