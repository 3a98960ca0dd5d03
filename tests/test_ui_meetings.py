"""Meetings list, new-meeting form and agenda editor, driven from the keyboard."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from textual import events
from textual.widgets import DataTable, Static

from compact_tui.content.agenda_templates import load_templates
from compact_tui.domain.meetings import MeetingsService
from compact_tui.domain.meetings.matters_arising import matters_arising_lines
from compact_tui.locations import default_agendas_folder
from compact_tui.ui.meetings.agenda_editor import AgendaEditorScreen
from compact_tui.ui.meetings.meeting_form import MeetingFormScreen
from compact_tui.ui.meetings.meetings import MeetingsScreen
from compact_tui.ui.shell.export_dialog import ExportDialog

SIZE = (100, 30)


def _text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


async def _paste(pilot, text: str) -> None:
    """Paste into the focused field, as a person pastes a long file path."""
    pilot.app.focused.post_message(events.Paste(text))
    await pilot.pause()


async def _type(pilot, text: str) -> None:
    await pilot.press(*list(text))


def _service(app) -> MeetingsService:
    return MeetingsService(app.store, app.content)


async def test_list_shows_upcoming_and_past_with_status(make_app, demo_path: Path) -> None:
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#meetings-table", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert [row[0] for row in rows] == ["Upcoming", "Past", "Past"]
        assert rows[0][1] == "3 Dec 2026" and rows[0][4] == "Agenda issued"
        assert [row[4] for row in rows[1:]] == ["Held", "Minutes approved"]
        assert "Chair: Sam Patel" in _text(app)


async def test_new_meeting_from_template_opens_its_agenda(make_app, demo_path: Path) -> None:
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        before = {m.id for m in _service(app).meetings()}
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MeetingFormScreen)
        names = [t.name for t in app.screen.templates]
        steering = names.index("Steering Group meeting")
        await pilot.press(*["down"] * steering, "enter")  # choose, then on to the date
        await _type(pilot, "4/2/2027")
        await pilot.press("tab", "ctrl+u")
        await _type(pilot, "18:30")
        await pilot.press("tab")
        await _type(pilot, "Town Hall")
        await pilot.press("tab", "tab")
        await _type(pilot, "Sam Patel")
        await pilot.press("tab")
        await _type(pilot, "Alex Hart")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AgendaEditorScreen)
        created = [m for m in _service(app).meetings() if m.id not in before]
        assert len(created) == 1
        meeting = created[0]
        assert (meeting.date, meeting.start_time, meeting.venue) == ("2027-02-04", "18:30",
                                                                    "Town Hall")
        assert (meeting.chair, meeting.minute_taker, meeting.status) == ("Sam Patel",
                                                                         "Alex Hart", "draft")
        template = _steering_group_template()
        titles = [i.title for i in _service(app).items(meeting.id)]
        assert titles[: len(template.items)] == [i.title for i in template.items]


async def test_new_meeting_refuses_bad_date_and_time(make_app, demo_path: Path) -> None:
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        count = len(_service(app).meetings())
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")
        await _type(pilot, "31/02/2027")
        await pilot.press("tab", "tab")
        await _type(pilot, "Town Hall")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingFormScreen)
        error = str(app.screen.query_one(".form-error", Static).render())
        assert "Date:" in error and "not a real date" in error
        assert app.screen.focused.id == "meeting-date"
        await pilot.press("ctrl+u")
        await _type(pilot, "25/02/2027")
        await pilot.press("tab", "ctrl+u")
        await _type(pilot, "25:61")
        await pilot.press("enter")
        await pilot.pause()
        error = str(app.screen.query_one(".form-error", Static).render())
        assert "Start time:" in error and "24-hour" in error
        assert len(_service(app).meetings()) == count
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert len(_service(app).meetings()) == count


def _steering_group_template():
    return next(t for t in load_templates(default_agendas_folder())
                if t.name == "Steering Group meeting")


async def _draft_meeting(app) -> str:
    template = _steering_group_template()
    return _service(app).create_from_template(template, date(2027, 2, 4), time(14, 0),
                                              venue="Town Hall")


async def test_agenda_editor_add_edit_move_remove_issue(make_app, demo_path: Path) -> None:
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        meeting_id = await _draft_meeting(app)
        service = _service(app)
        app.screen.refresh_data()
        app.screen.open_record(meeting_id)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AgendaEditorScreen)
        planned_before = service.planned_end(meeting_id)
        count = len(service.items(meeting_id))

        await pilot.press("n")
        await pilot.pause()
        await _type(pilot, "Community grants review")
        await pilot.press("tab")
        await _type(pilot, "Rita Gomez")
        await pilot.press("tab", "ctrl+u")
        await _type(pilot, "20")
        await pilot.press("enter")
        await pilot.pause()
        items = service.items(meeting_id)
        assert len(items) == count + 1
        added = next(i for i in items if i.title == "Community grants review")
        assert (added.presenter, added.planned_minutes) == ("Rita Gomez", 20)
        planned_after = service.planned_end(meeting_id)
        minutes = (planned_after.hour * 60 + planned_after.minute) - (
            planned_before.hour * 60 + planned_before.minute)
        assert minutes == 20
        assert f"planned end {planned_after:%H:%M}" in _text(app)

        table = app.screen.query_one("#agenda-table", DataTable)
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == added.id
        await pilot.press("enter")  # edit: bad minutes are refused, then fixed
        await pilot.pause()
        await pilot.press("tab", "tab", "ctrl+u")
        await _type(pilot, "lots")
        await pilot.press("enter")
        await pilot.pause()
        assert "whole number" in str(app.screen.query_one(".form-error", Static).render())
        await pilot.press("ctrl+u")
        await _type(pilot, "30")
        await pilot.press("enter")
        await pilot.pause()
        assert service.item(added.id).planned_minutes == 30

        position = service.item(added.id).position
        await pilot.press("shift+up", "shift+up")
        await pilot.pause()
        assert service.item(added.id).position == position - 2
        await pilot.press("shift+down")
        await pilot.pause()
        assert service.item(added.id).position == position - 1
        assert [i.position for i in service.items(meeting_id)] == list(range(1, count + 2))

        last = service.items(meeting_id)[-1]
        await pilot.press("ctrl+end", "delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert service.item(last.id) is None
        assert len(service.items(meeting_id)) == count

        await pilot.press("u")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert service.meeting(meeting_id).status == "agenda_issued"
        numbers = {i.id: service.item_label(i) for i in service.items(meeting_id)}
        await pilot.press("ctrl+home", "shift+down")
        await pilot.pause()
        assert {i.id: service.item_label(i) for i in service.items(meeting_id)} == numbers
        first_row = [str(cell) for cell in table.get_row_at(0)]
        assert first_row[0] == numbers[service.items(meeting_id)[0].id]


async def test_agenda_shows_matters_arising(make_app, demo_path: Path) -> None:
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        text = _text(app)
        assert "Matters arising" in text
        meeting_id = app.screen.meeting_id
        for line in matters_arising_lines(app.store, meeting_id)[:2]:
            assert line in text


async def test_export_minutes_to_a_file(make_app, demo_path: Path, tmp_path: Path) -> None:
    app = make_app(demo_path, section="meetings")
    target = tmp_path / "out" / "minutes.md"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "x")  # the last meeting, held
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("ctrl+u")
        await _paste(pilot, str(target))
        await pilot.press("enter")
        await pilot.pause()
        assert "does not exist" in str(app.screen.query_one(".form-error",
                                                               Static).render())
        target.parent.mkdir()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        text = target.read_text(encoding="utf-8")
        assert "DRAFT" in text
        assert "Consultation on the community grants programme" in text
        assert "Take the 12-week consultation request to the commissioning team" in text

        await pilot.press("x", "ctrl+u")
        await _paste(pilot, str(target.with_suffix(".html")))
        await pilot.press("enter")
        await pilot.pause()
        html = target.with_suffix(".html").read_text(encoding="utf-8")
        assert "<h1" in html and "<script" not in html

        await pilot.press("x", "ctrl+u")
        await _paste(pilot, str(target))
        await pilot.press("enter")
        await pilot.pause()
        assert "already exists" in str(app.screen.query_one(".form-error", Static).render())
        await pilot.press("escape")


async def test_amendment_only_to_approved_minutes(make_app, demo_path: Path) -> None:
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        service = _service(app)
        held, approved = service.past()
        assert (held.status, approved.status) == ("held", "minutes_approved")
        await pilot.press("down", "e")  # held: minutes still editable, so no amendment
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert any("not approved yet" in n.message for n in app._notifications)
        await pilot.press("down", "e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "Amendment is needed" in str(app.screen.query_one(".form-error",
                                                                Static).render())
        await _type(pilot, "Item 5: for 4 read 5")
        await pilot.press("enter")
        await pilot.pause()
        assert [(a.text, a.on) for a in service.amendments(approved.id)] == [
            ("Item 5: for 4 read 5", "2026-11-25")]
        assert service.amendments(held.id) == []


async def test_meeting_details_are_checked_before_saving(make_app, demo_path: Path) -> None:
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "e")
        await pilot.pause()
        meeting_id = _service(app).upcoming()[0].id
        await pilot.press("tab", "ctrl+u")
        await _type(pilot, "31/13/2026")
        await pilot.press("enter")
        await pilot.pause()
        assert "Meeting date:" in str(app.screen.query_one(".form-error", Static).render())
        assert _service(app).meeting(meeting_id).date == "2026-12-03"
        await pilot.press("ctrl+u")
        await _type(pilot, "10/12/2026")
        await pilot.press("tab", "tab", "ctrl+u")
        await _type(pilot, "Online")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AgendaEditorScreen)
        meeting = _service(app).meeting(meeting_id)
        assert (meeting.date, meeting.venue) == ("2026-12-10", "Online")
        assert "10 December 2026" in _text(app)


async def test_agenda_and_calendar_exports(make_app, demo_path: Path, tmp_path: Path) -> None:
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "x")  # one export key: the ending picks agenda or calendar
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert str(app.screen.query_one("#export-path").value).endswith("agenda-2026-12-03.md")
        await pilot.press("ctrl+u")
        await _paste(pilot, str(tmp_path / "meeting.txt"))
        await pilot.press("enter")
        await pilot.pause()
        error = str(app.screen.query_one(".form-error", Static).render())
        assert "End the file name with .md or .html or .docx or .ics" in error
        await pilot.press("ctrl+u")
        await _paste(pilot, str(tmp_path / "meeting.ics"))
        await pilot.press("enter")
        await pilot.pause()
        ics = (tmp_path / "meeting.ics").read_text(encoding="utf-8")
        assert ics.startswith("BEGIN:VCALENDAR") and "DTSTART" in ics
        await pilot.press("x", "ctrl+u")
        await _paste(pilot, str(tmp_path / "agenda.md"))
        await pilot.press("enter")
        await pilot.pause()
        agenda = (tmp_path / "agenda.md").read_text(encoding="utf-8")
        assert "Planning the annual Compact review" in agenda
