"""Two app instances on one store file, both typing: every member's words stay in both.

Each test runs two apps (Alice and Bob) on the same file, saving and reading it the way the
background saver does, and asserts on both screens and on the file itself.
"""

from __future__ import annotations

from pathlib import Path

from compact_tui.store.files import load_store_file
from compact_tui.ui.meetings.chair import ChairScreen, MinutesArea
from compact_tui.ui.meetings.meetings import MeetingsScreen
from tests.waiting import wait_until

# Two apps share one event loop: on a loaded machine (the suite under xdist beside other
# work) each step can take seconds, so the waits here allow a minute before they fail.
PATIENCE = 60.0


async def _type(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space", ".": "full_stop", ",": "comma"}.get(ch, ch)
                        for ch in text])


async def _open_chair(app, pilot) -> MinutesArea:
    """Open the chair on the upcoming meeting once the list shows it (a key pressed before
    the list is filled opens nothing), and wait until the minutes box is bound and focused."""
    await wait_until(pilot, lambda: isinstance(app.screen, MeetingsScreen)
                     and app.screen.selected_id() is not None, PATIENCE)
    await pilot.press("c")
    await wait_until(pilot, lambda: isinstance(app.screen, ChairScreen)
                     and app.screen.query("#minutes"), PATIENCE)
    box = app.screen.query_one("#minutes", MinutesArea)
    await wait_until(pilot, lambda: box.binding is not None and box.has_focus, PATIENCE)
    return box


async def _until(pilot, condition) -> None:
    await wait_until(pilot, condition, PATIENCE)


def _stored_minutes(app, item_id: str) -> str:
    return app.store.get("agenda_items", item_id)["minutes"]


async def test_same_minutes_item_typed_by_both_keeps_both_sentences(
        make_app, demo_path: Path) -> None:
    alice = make_app(demo_path, section="meetings", member="Alice Adams")
    bob = make_app(demo_path, section="meetings", member="Bob Baker")
    bob_says, alice_says = "Apologies from Rita Gomez.", "Welcome by the chair."
    async with alice.run_test(size=(120, 36)) as pilot_a, \
            bob.run_test(size=(120, 36)) as pilot_b:
        alice_box, bob_box = await _open_chair(alice, pilot_a), await _open_chair(bob, pilot_b)
        item_id = alice.screen.current_id
        assert bob.screen.current_id == item_id
        bob_box.focus()
        await _until(pilot_b, lambda: bob_box.has_focus)
        await _type(pilot_b, bob_says)
        await _until(pilot_b, lambda: _stored_minutes(bob, item_id) == bob_says)
        assert bob.store.save()
        # Alice has not seen Bob's sentence yet and types her own.
        await _type(pilot_a, alice_says)
        await _until(pilot_a, lambda: _stored_minutes(alice, item_id) == alice_says)
        assert alice.store.save()  # merges Bob's file with her edit
        await _until(pilot_a, lambda: bob_says in alice_box.text and alice_says in alice_box.text)
        bob.store.refresh()
        await _until(pilot_b, lambda: alice_says in bob_box.text)
        assert bob_box.text == alice_box.text
        assert alice.store.conflicts() == [] and bob.store.conflicts() == []

        # Bob adds a line while Alice's cursor sits in the middle of her text, mid-word.
        before = alice_box.text
        alice_box.move_cursor((0, 3))
        await _type(pilot_a, "XY")
        bob_box.move_cursor(bob_box.document.end)
        await _type(pilot_b, " Noted.")
        await _until(pilot_b, lambda: _stored_minutes(bob, item_id).endswith("Noted."))
        assert bob.store.save()
        alice.store.refresh()
        await _until(pilot_a, lambda: alice_box.text.endswith("Noted."))
        assert alice_box.cursor_location == (0, 5)  # right after her "XY", not moved
        assert "XY" in alice_box.text
        await _until(pilot_a, lambda: "XY" in _stored_minutes(alice, item_id))
        assert alice.store.save()
        bob.store.refresh()
        await _until(pilot_b, lambda: "XY" in bob_box.text)
        assert bob_box.text == alice_box.text
    on_disk = load_store_file(demo_path)["agenda_items"][item_id]["minutes"]
    assert on_disk == before[:3] + "XY" + before[3:] + " Noted."
    # Typed at one place at the same time, the two sentences come out apart, not glued.
    assert before in (f"{bob_says} {alice_says}", f"{alice_says} {bob_says}")


async def test_stale_conflict_dialog_keeps_the_current_value_not_the_old_one(
        make_app, demo_path: Path) -> None:
    from textual.widgets import Button, Static

    from compact_tui.ui.shell.settle_conflict import SettleConflictScreen

    alice = make_app(demo_path, section="conflicts", member="Alice Adams")
    bob = make_app(demo_path, section="dashboard", member="Bob Baker")
    org_id = alice.store.all("organisations")[0]["id"]
    alice.store.update("organisations", org_id, {"telephone": "01277 111111"})
    bob.store.update("organisations", org_id, {"telephone": "01277 222222"})
    assert alice.store.save() and bob.store.save()
    alice.store.refresh()
    [clash] = alice.store.conflicts()
    assert clash["field"] == "telephone"
    async with alice.run_test(size=(120, 36)) as pilot_a, \
            bob.run_test(size=(120, 36)) as pilot_b:
        await pilot_a.press("enter")
        await wait_until(pilot_a, lambda: isinstance(alice.screen, SettleConflictScreen))
        dialog = alice.screen
        kept_before = str(dialog.query_one("#settle-kept", Static).render())
        # Bob, who is not looking at Conflicts, corrects the number again.
        bob.store.update("organisations", org_id, {"telephone": "01277 999999"})
        assert bob.store.save()
        alice.store.refresh()
        await wait_until(pilot_a, lambda: "01277 999999" in str(
            dialog.query_one("#settle-kept", Static).render()))
        assert "01277 999999" not in kept_before
        assert "Bob Baker" in str(dialog.query_one("#settle-kept-who").render())
        dialog.query_one("#settle-keep", Button).press()
        await wait_until(pilot_a, lambda: not isinstance(alice.screen, SettleConflictScreen))
        assert alice.store.get("organisations", org_id)["telephone"] == "01277 999999"
        assert alice.store.conflicts() == []
        assert alice.store.save()
        bob.store.refresh()
        await pilot_b.pause()
        assert bob.store.get("organisations", org_id)["telephone"] == "01277 999999"


async def _open_organisation_form(app, pilot):
    from compact_tui.ui.register.organisation_form import OrganisationForm

    await wait_until(pilot, lambda: app.screen.query("DataTable"))
    await pilot.press("e")
    await wait_until(pilot, lambda: isinstance(app.screen, OrganisationForm))
    return app.screen


async def test_stale_organisation_form_keeps_the_phone_number_changed_elsewhere(
        make_app, demo_path: Path) -> None:
    """Bob changes the phone while Alice's form is open; Alice changes only Notes and saves:
    Bob's number stays, on both machines, and Alice's form said what Bob changed."""
    alice = make_app(demo_path, section="register", member="Alice Adams")
    bob = make_app(demo_path, section="register", member="Bob Baker")
    async with alice.run_test(size=(120, 36)) as pilot_a, \
            bob.run_test(size=(120, 36)) as pilot_b:
        form = await _open_organisation_form(alice, pilot_a)
        org_id = form.organisation_id
        old_phone = alice.store.get("organisations", org_id)["telephone"]
        bob.store.update("organisations", org_id, {"telephone": "01277 555000"})
        assert bob.store.save()
        # First the stale case: Alice's app has not yet read Bob's save.
        form.query_one("#org-notes").focus()
        await _type(pilot_a, " Met on 3 Dec")
        await pilot_a.press("enter")
        await wait_until(pilot_a, lambda: alice.screen is not form)
        assert alice.store.save()  # merges Bob's file
        saved = alice.store.get("organisations", org_id)
        assert saved["telephone"] == "01277 555000" != old_phone
        assert saved["notes"].endswith("Met on 3 Dec")
        bob.store.refresh()
        await pilot_b.pause()
        assert bob.store.get("organisations", org_id)["notes"].endswith("Met on 3 Dec")
        assert alice.store.conflicts() == []

        # Then the open form sees Bob's next change arrive, and marks it.
        form = await _open_organisation_form(alice, pilot_a)
        bob.store.update("organisations", org_id, {"address": "1 New Road, Brentwood"})
        assert bob.store.save()
        alice.store.refresh()
        await wait_until(pilot_a, lambda: form.query("#org-address-changed"))
        assert form.query_one("#org-address").value == "1 New Road, Brentwood"
        note = str(form.query_one("#org-address-changed").render())
        assert note.startswith("changed by Bob Baker at ")
        await pilot_a.press("enter")  # saves, changing nothing
        await wait_until(pilot_a, lambda: alice.screen is not form)
        assert alice.store.get("organisations", org_id)["address"] == "1 New Road, Brentwood"


async def test_a_field_both_members_changed_goes_to_conflicts_with_both_values(
        make_app, demo_path: Path) -> None:
    alice = make_app(demo_path, section="register", member="Alice Adams")
    bob = make_app(demo_path, section="register", member="Bob Baker")
    async with alice.run_test(size=(120, 36)) as pilot_a, bob.run_test(size=(120, 36)):
        form = await _open_organisation_form(alice, pilot_a)
        org_id = form.organisation_id
        phone = form.query_one("#org-telephone")
        phone.value = "01277 111000"
        bob.store.update("organisations", org_id, {"telephone": "01277 222000"})
        assert bob.store.save()
        alice.store.refresh()
        await wait_until(pilot_a, lambda: form.query("#org-telephone-changed"))
        assert "theirs goes to Conflicts" in str(form.query_one("#org-telephone-changed")
                                                 .render())
        assert phone.value == "01277 111000"  # the member's own value stays on screen
        phone.focus()
        await pilot_a.press("enter")
        await wait_until(pilot_a, lambda: alice.screen is not form)
        assert alice.store.get("organisations", org_id)["telephone"] == "01277 111000"
        [conflict] = alice.store.conflicts()
        assert (conflict["field"], conflict["lost_value"], conflict["lost_by"]) == (
            "telephone", "01277 222000", "Bob Baker")
        assert conflict["kept_value"] == "01277 111000"
