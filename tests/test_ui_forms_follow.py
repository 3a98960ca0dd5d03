"""Two app instances on one store: every form that edits a stored record writes only the
fields its member changed, marks fields changed elsewhere while it is open, and puts a true
clash (both changed one field) in Conflicts (issue 12, "Screens follow others' edits").

Each test: Alice opens the form; Alice changes field C; Bob changes fields X and C and saves;
Alice's app reads Bob's save while the form is open (X is taken in and marked, C is marked as
a clash); Alice changes field Y and saves. Then X is Bob's, Y and C are Alice's, Bob's C is
in Conflicts, and Bob's app, reading Alice's save, holds the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input

from compact_tui.ui.widgets.form import FormScreen
from tests.waiting import wait_until

PATIENCE = 30.0


@dataclass(frozen=True)
class Change:
    """One field changed: in the widget (``typed``, as a member types it) and as stored."""

    field: str
    widget: str
    typed: Any
    stored: Any


async def _until(pilot, condition) -> None:
    await wait_until(pilot, condition, PATIENCE)


async def _table_ready(app, pilot, table_id: str = "") -> DataTable:
    selector = f"#{table_id}" if table_id else "DataTable"
    await _until(pilot, lambda: app.screen.query(selector)
                 and app.screen.query_one(selector, DataTable).row_count > 0)
    table = app.screen.query_one(selector, DataTable)
    table.focus()
    await _until(pilot, lambda: table.has_focus)
    return table


def _set(form: FormScreen, change: Change) -> None:
    form.query_one(f"#{change.widget}").value = change.typed


async def _stale_form_keeps_both(alice, bob, pilot_a, form: FormScreen, table: str,
                                 record_id: str, *, theirs: Change, ours: Change,
                                 clash: Change, their_clash: Any, save_key: str = "enter",
                                 shown_theirs: Any = None) -> None:
    await _until(pilot_a, lambda: form.following)
    _set(form, clash)
    bob.store.update(table, record_id, {theirs.field: theirs.stored, clash.field: their_clash})
    assert bob.store.save()
    alice.store.refresh()
    await _until(pilot_a, lambda: form.query(f"#{theirs.widget}-changed")
                 and form.query(f"#{clash.widget}-changed"))
    assert str(form.query_one(f"#{theirs.widget}-changed").render()).startswith(
        "changed by Bob Baker at ")
    assert "theirs goes to Conflicts" in str(form.query_one(f"#{clash.widget}-changed")
                                              .render())
    shown = theirs.typed if shown_theirs is None else shown_theirs
    assert form.query_one(f"#{theirs.widget}").value == shown
    assert form.query_one(f"#{clash.widget}").value == clash.typed  # the member's own stays
    _set(form, ours)
    focus = form.query(f"#{ours.widget}").first()
    focus = focus if isinstance(focus, Input) else form.query(Input).first()
    focus.focus()
    await _until(pilot_a, lambda: focus.has_focus)
    await pilot_a.press(save_key)
    await _until(pilot_a, lambda: alice.screen is not form)
    saved = alice.store.get(table, record_id)
    assert saved[theirs.field] == theirs.stored
    assert saved[ours.field] == ours.stored
    assert saved[clash.field] == clash.stored
    [conflict] = [c for c in alice.store.conflicts() if c["record_id"] == record_id]
    assert (conflict["field"], conflict["lost_value"], conflict["lost_by"]) == (
        clash.field, their_clash, "Bob Baker")
    assert alice.store.save()
    bob.store.refresh()
    there = bob.store.get(table, record_id)
    assert (there[theirs.field], there[ours.field], there[clash.field]) == (
        theirs.stored, ours.stored, clash.stored)


async def _chair_with(make_app, demo_path: Path, record: Callable[[Any, Any, Any], str]):
    """Alice's app in chair mode on the upcoming meeting, with a record ``record(service,
    meeting, first item)`` made and saved before; Bob's app on the same file."""
    from compact_tui.domain.meetings import MeetingsService

    alice = make_app(demo_path, section="meetings", member="Alice Adams")
    service = MeetingsService(alice.store)
    meeting = service.next_meeting()
    record_id = record(service, meeting, service.items(meeting.id)[0])
    assert alice.store.save()
    return alice, make_app(demo_path, section="meetings", member="Bob Baker"), record_id


async def _open_chair(alice, pilot_a):
    from compact_tui.ui.meetings.chair import ChairScreen

    await _table_ready(alice, pilot_a)
    await pilot_a.press("c")
    await _until(pilot_a, lambda: isinstance(alice.screen, ChairScreen))
    return alice.screen


async def _correct_listed_record(alice, pilot_a, form_type: type) -> FormScreen:
    """In chair mode: to the records under the minutes, e, and the correction form."""
    screen = await _open_chair(alice, pilot_a)
    records = screen.query_one("#item-records")
    await _until(pilot_a, lambda: len(records.children) > 0)
    records.focus()
    await _until(pilot_a, lambda: records.has_focus)
    await pilot_a.press("e")
    await _until(pilot_a, lambda: isinstance(alice.screen, form_type))
    return alice.screen


async def test_agenda_item_form_follows_the_item(make_app, demo_path: Path) -> None:
    from compact_tui.ui.meetings.agenda_editor import AgendaEditorScreen
    from compact_tui.ui.meetings.item_form import ItemFormScreen

    alice = make_app(demo_path, section="meetings", member="Alice Adams")
    bob = make_app(demo_path, section="meetings", member="Bob Baker")
    async with alice.run_test(size=(120, 36)) as pilot_a, bob.run_test(size=(120, 36)):
        await _table_ready(alice, pilot_a)
        await pilot_a.press("enter")
        await _until(pilot_a, lambda: isinstance(alice.screen, AgendaEditorScreen))
        await _table_ready(alice, pilot_a)
        await pilot_a.press("enter")
        await _until(pilot_a, lambda: isinstance(alice.screen, ItemFormScreen))
        form = alice.screen
        await _stale_form_keeps_both(
            alice, bob, pilot_a, form, "agenda_items", form.item.id,
            theirs=Change("presenter", "item-presenter", "Rita Gomez", "Rita Gomez"),
            ours=Change("planned_minutes", "item-minutes", "25", 25),
            clash=Change("title", "item-title", "Welcome (as Alice put it)",
                         "Welcome (as Alice put it)"),
            their_clash="Welcome (as Bob put it)")


async def test_meeting_details_follow_the_meeting(make_app, demo_path: Path) -> None:
    from compact_tui.ui.meetings.agenda_editor import AgendaEditorScreen
    from compact_tui.ui.shell.text_prompt import TextPromptScreen

    alice = make_app(demo_path, section="meetings", member="Alice Adams")
    bob = make_app(demo_path, section="meetings", member="Bob Baker")
    async with alice.run_test(size=(120, 36)) as pilot_a, bob.run_test(size=(120, 36)):
        await _table_ready(alice, pilot_a)
        await pilot_a.press("enter")
        await _until(pilot_a, lambda: isinstance(alice.screen, AgendaEditorScreen))
        meeting_id = alice.screen.meeting_id
        await _table_ready(alice, pilot_a)
        await pilot_a.press("e")
        await _until(pilot_a, lambda: isinstance(alice.screen, TextPromptScreen))
        await _stale_form_keeps_both(
            alice, bob, pilot_a, alice.screen, "meetings", meeting_id,
            theirs=Change("date", "prompt-date", "10/12/2026", "2026-12-10"),
            ours=Change("minute_taker", "prompt-minute_taker", "Lee Chan", "Lee Chan"),
            clash=Change("venue", "prompt-venue", "Room 1 (Alice's booking)",
                         "Room 1 (Alice's booking)"),
            their_clash="Room 7 (Bob's booking)")


async def test_champion_form_follows_the_champion(make_app, demo_path: Path) -> None:
    from compact_tui.ui.register.champion_form import ChampionForm
    from compact_tui.ui.register.organisation_detail import OrganisationDetailScreen

    alice = make_app(demo_path, section="register", member="Alice Adams")
    bob = make_app(demo_path, section="register", member="Bob Baker")
    async with alice.run_test(size=(120, 36)) as pilot_a, bob.run_test(size=(120, 36)):
        await _table_ready(alice, pilot_a, "register-table")
        await pilot_a.press("enter")
        await _until(pilot_a, lambda: isinstance(alice.screen, OrganisationDetailScreen))
        await _table_ready(alice, pilot_a, "champion-table")
        await pilot_a.press("enter")
        await _until(pilot_a, lambda: isinstance(alice.screen, ChampionForm))
        form = alice.screen
        await _stale_form_keeps_both(
            alice, bob, pilot_a, form, "champions", form.champion_id,
            theirs=Change("phone", "champion-phone", "01277 300300", "01277 300300"),
            ours=Change("department", "champion-department", "Grants", "Grants"),
            clash=Change("role", "champion-role", "Chief officer (says Alice)",
                         "Chief officer (says Alice)"),
            their_clash="Director (says Bob)")


async def test_action_form_follows_the_action(make_app, demo_path: Path) -> None:
    from compact_tui.ui.actions.action_form import ActionFormScreen

    alice = make_app(demo_path, section="actions", member="Alice Adams")
    bob = make_app(demo_path, section="actions", member="Bob Baker")
    async with alice.run_test(size=(120, 36)) as pilot_a, bob.run_test(size=(120, 36)):
        await _table_ready(alice, pilot_a)
        await pilot_a.press("e")
        await _until(pilot_a, lambda: isinstance(alice.screen, ActionFormScreen))
        form = alice.screen
        # An action from approved minutes keeps its wording, so the owner is Alice's field.
        key, owner = next((k, c) for k, c in form.owners.items()
                          if c.owner_name and c.owner_name != form.action.owner_name)
        await _stale_form_keeps_both(
            alice, bob, pilot_a, form, "actions", form.action.id,
            theirs=Change("status", "action-status", "in_progress", "in_progress"),
            ours=Change("owner_name", "action-owner", key, owner.owner_name),
            clash=Change("due", "action-due", "31/01/2027", "2027-01-31"),
            their_clash="2027-02-28")


async def test_dispute_form_follows_the_dispute_and_merges_what_happened(
        make_app, demo_path: Path) -> None:
    """Besides the fields, Bob adds a sentence to "what happened" while Alice types one:
    both sentences are kept, merged as text (no conflict for that field)."""
    from compact_tui.ui.disputes.dispute_form import DisputeForm
    from compact_tui.ui.widgets.shared_text import SharedTextArea

    alice = make_app(demo_path, section="disputes", member="Alice Adams")
    bob = make_app(demo_path, section="disputes", member="Bob Baker")
    async with alice.run_test(size=(120, 36)) as pilot_a, bob.run_test(size=(120, 36)):
        await _table_ready(alice, pilot_a)
        await pilot_a.press("e")
        await _until(pilot_a, lambda: isinstance(alice.screen, DisputeForm))
        form = alice.screen
        dispute_id = form.dispute_id
        area = form.query_one("#what-happened", SharedTextArea)
        before = area.text
        area.focus()
        area.move_cursor(area.document.end)
        await pilot_a.press("space", *"Alice", "space", *"noted", "full_stop")
        bob.store.edit_text("disputes", dispute_id, "what_happened", before,
                            "Bob saw it first. " + before)
        await _stale_form_keeps_both(
            alice, bob, pilot_a, form, "disputes", dispute_id,
            theirs=Change("outcome_sought", "outcome", "Extend it to 12 weeks",
                          "Extend it to 12 weeks"),
            ours=Change("next_step", "next-step", "Chair writes to the council",
                        "Chair writes to the council"),
            clash=Change("title", "title", "Consultation on grants", "Consultation on grants"),
            their_clash="Grants consultation too short", save_key="ctrl+s")
        for store in (alice.store, bob.store):
            assert store.get("disputes", dispute_id)["what_happened"] == (
                "Bob saw it first. " + before + " Alice noted.")


async def test_decision_correction_follows_the_decision(make_app, demo_path: Path) -> None:
    from compact_tui.ui.meetings.decision_form import DecisionFormScreen

    alice, bob, decision_id = await _chair_with(
        make_app, demo_path, lambda service, meeting, item: service.add_decision(
            meeting.id, item.id, "Adopt the terms of reference"))
    async with alice.run_test(size=(120, 36)) as pilot_a, bob.run_test(size=(120, 36)):
        await _correct_listed_record(alice, pilot_a, DecisionFormScreen)
        await _stale_form_keeps_both(
            alice, bob, pilot_a, alice.screen, "decisions", decision_id,
            theirs=Change("took_no_part", "decision-no-part", "Lee Chan", ["Lee Chan"]),
            ours=Change("votes_abstain", "decision-abstain", "0", 0),
            clash=Change("text", "decision-text", "Adopt the terms (as Alice put it)",
                         "Adopt the terms (as Alice put it)"),
            their_clash="Adopt the terms (as Bob put it)")


async def test_closing_a_dispute_merges_a_lesson_another_member_adds(
        make_app, demo_path: Path) -> None:
    """Alice closes a dispute and types its lesson; Bob adds a sentence to the lesson
    meanwhile: Alice's box takes his words in while she types, and both are stored."""
    from textual.widgets import Select

    from compact_tui.domain.disputes import DisputesService
    from compact_tui.ui.disputes.dispute_stage_form import DisputeStageForm
    from compact_tui.ui.widgets.shared_text import SharedTextArea

    alice = make_app(demo_path, section="disputes", member="Alice Adams")
    bob = make_app(demo_path, section="disputes", member="Bob Baker")
    async with alice.run_test(size=(120, 36)) as pilot_a, bob.run_test(size=(120, 36)):
        await _table_ready(alice, pilot_a)
        await pilot_a.press("s")
        await _until(pilot_a, lambda: isinstance(alice.screen, DisputeStageForm))
        form = alice.screen
        service = DisputesService(alice.store, alice.content)
        dispute = service.dispute(form.dispute_id)
        closing = next(s.key for s in service.stages_to_move_to(dispute.stage) if s.closed)
        form.query_one("#to-stage", Select).value = closing
        lesson = form.query_one("#lesson", SharedTextArea)
        await _until(pilot_a, lambda: lesson.display and lesson.binding is not None)
        before = lesson.text
        lesson.focus()
        lesson.move_cursor(lesson.document.end)
        await pilot_a.press(*"Consult", "space", *"earlier.")
        bob.store.edit_text("disputes", dispute.id, "lesson", before,
                            "Bob: share the timetable. " + before)
        assert bob.store.save()
        alice.store.refresh()
        await _until(pilot_a, lambda: "Bob: share the timetable." in lesson.text)
        assert "Consult earlier." in lesson.text
        shown = lesson.text
        await pilot_a.press("ctrl+s")
        await _until(pilot_a, lambda: alice.screen is not form)
        stored = alice.store.get("disputes", dispute.id)
        assert stored["stage"] == closing
        assert stored["lesson"] == shown  # both members' words, as Alice saw them


async def test_declaration_correction_follows_the_declaration(
        make_app, demo_path: Path) -> None:
    from compact_tui.ui.meetings.declaration_form import DeclarationFormScreen

    alice, bob, declaration_id = await _chair_with(
        make_app, demo_path, lambda service, meeting, item: service.declare_interest(
            item.id, "Lee Chan", "Trustee of the CVS", item_id=item.id, action="stayed"))
    async with alice.run_test(size=(120, 36)) as pilot_a, bob.run_test(size=(120, 36)):
        await _correct_listed_record(alice, pilot_a, DeclarationFormScreen)
        await _stale_form_keeps_both(
            alice, bob, pilot_a, alice.screen, "declarations", declaration_id,
            theirs=Change("interest", "declaration-interest", "Trustee of the CVS since 2020",
                          "Trustee of the CVS since 2020"),
            ours=Change("person", "declaration-person", "Cllr Lee Chan", "Cllr Lee Chan"),
            clash=Change("action", "declaration-action", "left_room", "left_room"),
            their_clash="no_vote")


async def test_attendance_correction_follows_the_attendance_record(
        make_app, demo_path: Path) -> None:
    from compact_tui.ui.meetings.attendee_form import AttendeeFormScreen

    alice, bob, guest_id = await _chair_with(
        make_app, demo_path, lambda service, meeting, item: service.add_guest(
            meeting.id, "Rita Gomez", "Essex County Council"))
    async with alice.run_test(size=(120, 36)) as pilot_a, bob.run_test(size=(120, 36)):
        screen = await _open_chair(alice, pilot_a)
        await pilot_a.press("f5")
        await _until(pilot_a, lambda: screen._attendance_showing()
                     and any(r.attendee_id == guest_id for r in screen.sheet_rows.values()))
        table = screen.query_one("#attendance-table")
        for _ in range(table.row_count):  # down the sheet to the guest's line
            if screen.selected_record() == ("attendance", guest_id):
                break
            await pilot_a.press("down")
        assert screen.selected_record() == ("attendance", guest_id)
        await pilot_a.press("e")
        await _until(pilot_a, lambda: isinstance(alice.screen, AttendeeFormScreen))
        await _stale_form_keeps_both(
            alice, bob, pilot_a, alice.screen, "attendance", guest_id,
            theirs=Change("represented_by", "attendee-represented", "Sam Green", "Sam Green"),
            ours=Change("deputy_for", "attendee-deputy", "Lee Chan", "Lee Chan"),
            clash=Change("note", "attendee-note", "for item 5 (Alice)", "for item 5 (Alice)"),
            their_clash="left at 15:10 (Bob)")


async def test_action_status_form_takes_in_a_status_set_elsewhere(
        make_app, demo_path: Path) -> None:
    """Bob marks the action done while Alice's status form is open; Alice only adds a note:
    Bob's status stays (the form took it in and said so). Then both choose a status: Alice's
    is kept, Bob's goes to Conflicts."""
    from textual.widgets import Select

    from compact_tui.ui.actions.action_status_form import ActionStatusFormScreen

    alice = make_app(demo_path, section="actions", member="Alice Adams")
    bob = make_app(demo_path, section="actions", member="Bob Baker")
    async with alice.run_test(size=(120, 36)) as pilot_a, bob.run_test(size=(120, 36)):
        await _table_ready(alice, pilot_a)
        action_id = alice.screen.selected_id()
        first, second, third = [s for s in ("open", "in_progress", "done", "dropped")
                                if s != alice.store.get("actions", action_id)["status"]]
        for bobs, alices in ((first, None), (second, third)):
            await pilot_a.press("s")
            await _until(pilot_a, lambda: isinstance(alice.screen, ActionStatusFormScreen)
                         and alice.screen.following)
            form = alice.screen
            if alices:
                form.query_one("#status-value", Select).value = alices
            bob.store.update("actions", action_id, {"status": bobs})
            assert bob.store.save()
            alice.store.refresh()
            await _until(pilot_a, lambda form=form: form.query("#status-value-changed"))
            note = form.query_one("#status-note")
            note.value = "Chased by email"
            note.focus()
            await _until(pilot_a, lambda note=note: note.has_focus)
            await pilot_a.press("enter")
            await _until(pilot_a, lambda form=form: alice.screen is not form)
            assert alice.store.get("actions", action_id)["status"] == (alices or bobs)
        [conflict] = [c for c in alice.store.conflicts() if c["record_id"] == action_id]
        assert (conflict["field"], conflict["lost_value"], conflict["lost_by"]) == (
            "status", second, "Bob Baker")


async def test_next_step_form_follows_the_dispute(make_app, demo_path: Path) -> None:
    from compact_tui.ui.disputes.dispute_next_step_form import DisputeNextStepForm

    alice = make_app(demo_path, section="disputes", member="Alice Adams")
    bob = make_app(demo_path, section="disputes", member="Bob Baker")
    async with alice.run_test(size=(120, 36)) as pilot_a, bob.run_test(size=(120, 36)):
        await _table_ready(alice, pilot_a)
        await pilot_a.press("t")
        await _until(pilot_a, lambda: isinstance(alice.screen, DisputeNextStepForm))
        form = alice.screen
        await _stale_form_keeps_both(
            alice, bob, pilot_a, form, "disputes", form.dispute_id,
            theirs=Change("next_step_due", "next-step-due", "18 December 2026", "2026-12-18"),
            ours=Change("next_step", "next-step", "Chair meets the council",
                        "Chair meets the council"),
            clash=Change("next_step", "next-step", "Chair meets the council",
                         "Chair meets the council"),
            their_clash="Council replies in writing")
