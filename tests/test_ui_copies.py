"""The shared folder from the app and the commands (issue 12): a training copy waits for a
member, merging it can be undone by restoring a backup, an emptied file loses nothing saved,
and exports include what waits in a conflict copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from compact_tui.cli import main
from compact_tui.domain.meetings import MeetingsService
from compact_tui.store import open_store
from compact_tui.store.files import load_store_file
from compact_tui.ui.shell.copies import CopiesScreen
from compact_tui.ui.shell.restore_backup import RestoreBackupScreen
from tests.waiting import palette_command, wait_until

from .shared_folder import training_copy

SIZE = (120, 36)


def _register(store) -> list[str]:
    return sorted(o["name"] for o in store.all("organisations"))


async def test_a_training_copy_waits_is_merged_on_request_and_undone_by_a_restore(
        make_app, tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    _orgs, meeting = training_copy(path)
    first, second = make_app(path, member="Jo Morgan"), make_app(path, member="Sam Green")
    async with first.run_test(size=SIZE) as pilot, second.run_test(size=SIZE) as other:
        # Nothing was merged on its own: the copy waits, and the dialog says so at once.
        await wait_until(pilot, lambda: isinstance(first.screen, CopiesScreen))
        assert _register(first.store) == ["Org 0", "Org 1", "Org 2", "Org 3"]
        listed = first.screen.query_one(OptionList).get_option_at_index(0).prompt
        assert "compact-training.json" in str(listed) and "holds 5 record(s)" in str(listed)
        await pilot.press("enter")          # choose the copy: Merge it has the focus
        await pilot.press("enter")          # the member confirms
        await wait_until(pilot, lambda: not isinstance(first.screen, CopiesScreen))
        assert _register(first.store) == ["Org 3", "Pretend Org"]
        second.store.refresh()              # the second app takes the merge in
        assert _register(second.store) == ["Org 3", "Pretend Org"]
        # The member sees the damage and restores the backup kept before the merge.
        await palette_command(pilot, first, "Restore a backup")
        await wait_until(pilot, lambda: isinstance(first.screen, RestoreBackupScreen))
        screen = first.screen
        index = next(i for i, b in enumerate(screen.backups)
                     if "before-merging" in b.path.name)
        screen.query_one(OptionList).highlighted = index
        await pilot.press("enter", "y")     # choose, then confirm with y
        await first.workers.wait_for_complete()
        await wait_until(pilot, lambda: not isinstance(first.screen, RestoreBackupScreen))
        assert _register(first.store) == ["Org 0", "Org 1", "Org 2", "Org 3"]
        assert first.store.get("meetings", meeting)["venue"] == "Town Hall"
        second.store.refresh()              # and everyone converges on the restored values
        await other.pause()
        assert _register(second.store) == ["Org 0", "Org 1", "Org 2", "Org 3"]
        assert second.store.get("meetings", meeting)["venue"] == "Town Hall"
    assert (tmp_path / "compact-archive" / "compact-training.json").exists()


async def test_putting_a_copy_aside_merges_nothing(make_app, tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    training_copy(path)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, CopiesScreen))
        await pilot.press("enter", "tab", "enter")   # choose it; Put it aside
        await wait_until(pilot, lambda: not isinstance(app.screen, CopiesScreen))
        assert _register(app.store) == ["Org 0", "Org 1", "Org 2", "Org 3"]
    assert not (tmp_path / "compact-training.json").exists()
    assert (tmp_path / "compact-archive" / "compact-training.json").exists()


def test_the_copies_command_lists_merges_and_the_backups_command_restores(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "compact.json"
    training_copy(path)
    assert main(["copies", "--store", str(path)]) == 0
    assert "compact-training.json (a conflict copy" not in capsys.readouterr().out
    assert main(["copies", "merge", "compact-training.json", "--store", str(path)]) == 0
    out = capsys.readouterr().err
    assert "Merged in compact-training.json" in out and "restoring it undoes" in out
    with open_store(path, member="Check", read_only=True) as store:
        assert _register(store) == ["Org 3", "Pretend Org"]
    assert main(["backups", "--store", str(path)]) == 0
    listing = capsys.readouterr().out
    [name] = [line.split()[-1] for line in listing.splitlines() if "before-merging" in line]
    assert main(["backups", "restore", name, "--store", str(path)]) == 0
    assert "record(s) set back" in capsys.readouterr().err
    with open_store(path, member="Check", read_only=True) as store:
        assert _register(store) == ["Org 0", "Org 1", "Org 2", "Org 3"]


async def test_an_emptied_file_with_no_app_open_is_restored_with_every_saved_edit(
        make_app, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Priya saves and closes; a bad sync empties the file; nothing she saved is lost."""
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya Shah", device="dev-priya") as store:
        record_id = store.insert("actions", {"description": "Circulate the toolkit"})
        store.save()
        store.update("actions", record_id, {"status": "done"})  # saved when she closes
    path.write_bytes(b"")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "The newest data is in backup" in out
    app = make_app(path, member="Jo Morgan")
    async with app.run_test(size=SIZE) as pilot:
        assert app.store.problem and "Showing backup" in app.store.problem
        assert app.store.get("actions", record_id)["status"] == "done"
        await palette_command(pilot, app, "Restore a backup")
        await wait_until(pilot, lambda: isinstance(app.screen, RestoreBackupScreen))
        await pilot.press("enter", "y")
        await app.workers.wait_for_complete()
        await wait_until(pilot, lambda: not isinstance(app.screen, RestoreBackupScreen))
        assert app.store.problem is None
    saved = load_store_file(path)["actions"][record_id]
    assert (saved["description"], saved["status"]) == ("Circulate the toolkit", "done")


def _latest_item_minutes(path: Path) -> tuple[str, str]:
    with open_store(path, member="Reader", read_only=True) as store:
        service = MeetingsService(store)
        meeting = service.meetings()[1]  # the last one held
        item = service.items(meeting.id)[0]
    return item.id, item.minutes


@pytest.mark.parametrize("name", ["compact.sync-conflict-20261125-101010-ABCDEFG.json",
                                  "compact-training.json"])
def test_export_with_a_waiting_copy_includes_it_or_says_it_is_left_out(
        demo_path: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Both apps closed together; Syncthing left a copy nobody merged."""
    item_id, _minutes = _latest_item_minutes(demo_path)
    copy = demo_path.with_name(name)
    copy.write_bytes(demo_path.read_bytes())
    with open_store(copy, member="Priya Shah", device="dev-priya",
                    absorb_copies=False) as other:
        other.update("agenda_items", item_id, {"minutes": "Words only in the copy."})
    before = demo_path.read_bytes()
    assert main(["export", "minutes", "--latest", "--store", str(demo_path)]) == 0
    captured = capsys.readouterr()
    if name.startswith("compact-training"):
        assert "Words only in the copy." not in captured.out
        assert "compact-training.json holds a copy of the store" in captured.err
    else:
        assert "Words only in the copy." in captured.out
        assert f"included what waits in {name}" in captured.err
    assert demo_path.read_bytes() == before and copy.exists()


def test_copies_dialog_snapshot(snap_compare, make_app, tmp_path: Path, frozen_clock) -> None:
    path = tmp_path / "compact.json"
    training_copy(path)
    assert snap_compare(make_app(path), press=["enter"], terminal_size=(80, 24))
