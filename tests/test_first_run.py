"""The first run of an installed app asks where the group's file is (the sync folders found
are offered) or opens a demo store named and marked as one; commands say when they work on a
demo store."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static

from compact_tui import cli, locations
from compact_tui.config import Settings, load_settings
from compact_tui.demo import write_demo
from compact_tui.store import open_store
from compact_tui.ui.shell.first_run import FirstRunApp, StoreChoice

from .waiting import wait_until

SIZE = (80, 24)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A home with OneDrive (the group's file two folders down), Dropbox and ~/Sync."""
    home = tmp_path / "home"
    group = home / "OneDrive - Brentwood Council" / "Brentwood Compact"
    group.mkdir(parents=True)
    write_demo(group / "compact.json", marked=False)
    (group / "compact.sync-conflict-20261125-101010-ABCDEFG.json").write_bytes(b"{}")
    assert (group / "compact-backups").is_dir()  # the backup written on closing
    (home / "Dropbox").mkdir()
    (home / "Sync").mkdir()
    (home / "Documents").mkdir()
    return home


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(locations, "PROJECT_ROOT", tmp_path / "site-packages")


def option_texts(app: FirstRunApp) -> list[str]:
    options = app.screen.query_one("#first-run-options", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def wait_for_answer(app: FirstRunApp, pilot: object) -> StoreChoice | None:
    await wait_until(pilot, lambda: app.return_value is not None or not app.is_running)
    return app.return_value


def test_the_sync_folders_found_and_the_files_in_them(home: Path) -> None:
    assert locations.sync_folders(home) == [
        ("OneDrive", home / "OneDrive - Brentwood Council"), ("Dropbox", home / "Dropbox"),
        ("Syncthing", home / "Sync")]
    onedrive = home / "OneDrive - Brentwood Council"
    assert locations.store_files_in(onedrive) == [onedrive / "Brentwood Compact" / "compact.json"]


async def test_the_group_file_found_in_onedrive_is_offered_first_and_chosen(
        home: Path) -> None:
    app = FirstRunApp(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        texts = option_texts(app)
        assert texts[0].startswith("Brentwood Compact/compact.json in your OneDrive folder")
        assert [t.split(" (")[0] for t in texts[1:4]] == [
            "Your OneDrive folder", "Your Dropbox folder", "Your Syncthing folder"]
        assert texts[-1].startswith("DEMO store: made-up data")
        assert not any("conflict" in t for t in texts)
        await pilot.press("enter")
        choice = await wait_for_answer(app, pilot)
    assert choice == StoreChoice(home / "OneDrive - Brentwood Council" / "Brentwood Compact"
                                 / "compact.json")


async def test_a_folder_fills_the_path_and_a_new_store_needs_a_second_enter(
        home: Path) -> None:
    app = FirstRunApp(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # the Dropbox folder
        field = app.screen.query_one("#first-run-path", Input)
        await wait_until(pilot, lambda: field.has_focus)
        assert field.value == f"{home / 'Dropbox'}/"
        await pilot.press(*"Compact/compact.json", "enter")
        message = app.screen.query_one("#first-run-message", Static)
        assert "There is no folder" in str(message.render())
        field.value = f"{home / 'Dropbox'}/compact.json"
        await pilot.press("enter")
        assert "Press Enter again to start a new, empty store".casefold() in \
            str(message.render()).casefold()
        assert app.return_value is None
        await pilot.press("enter")
        choice = await wait_for_answer(app, pilot)
    assert choice == StoreChoice(home / "Dropbox" / "compact.json", new=True)


async def test_typing_a_folder_opens_the_compact_json_in_it(home: Path) -> None:
    folder = home / "OneDrive - Brentwood Council" / "Brentwood Compact"
    app = FirstRunApp(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#first-run-path", Input)
        field.focus()
        field.value = str(folder)
        await pilot.press("enter")
        choice = await wait_for_answer(app, pilot)
    assert choice == StoreChoice(folder / "compact.json")


async def test_the_demo_store_can_be_chosen_and_escape_quits(home: Path) -> None:
    app = FirstRunApp(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("end", "enter")
        choice = await wait_for_answer(app, pilot)
    assert choice == StoreChoice(locations.default_store_path(), demo=True)
    app = FirstRunApp(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_value is None


def test_first_run_at_80x24(snap_compare, monkeypatch: pytest.MonkeyPatch,
                            installed: None) -> None:
    """Fixed folders, so the snapshot is the same on every machine."""
    from compact_tui.ui.shell import first_run

    monkeypatch.setenv("COMPACT_TUI_HOME", "/home/jo/.compact-tui")
    monkeypatch.setattr(first_run, "sync_folders", lambda home=None: [
        ("OneDrive", Path("/home/jo/OneDrive")), ("Syncthing", Path("/home/jo/Sync"))])
    monkeypatch.setattr(first_run, "store_files_in", lambda folder: [
        folder / "Brentwood Compact" / "compact.json"] if folder.name == "OneDrive" else [])
    assert snap_compare(FirstRunApp(), terminal_size=SIZE)


def namespace(store: str | None = None) -> argparse.Namespace:
    return argparse.Namespace(store=store)


def test_installed_with_nothing_named_the_member_is_asked_and_the_answer_kept(
        home: Path, installed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    group_file = home / "Dropbox" / "compact.json"
    asked: list[bool] = []

    def answer() -> StoreChoice:
        asked.append(True)
        return StoreChoice(group_file, new=True)

    assert cli.choose_store(namespace(), Settings(), answer) == (group_file, True)
    assert load_settings().store == str(group_file)
    assert cli.choose_store(namespace(), load_settings(), answer) == (group_file, False)
    assert cli.choose_store(namespace("elsewhere.json"), Settings(), answer) == (
        Path("elsewhere.json"), False)
    assert asked == [True]  # asked once: then the settings name the file


def test_the_demo_answer_is_not_kept_and_nothing_is_asked_without_a_terminal(
        installed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    demo = StoreChoice(locations.default_store_path(), demo=True)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    assert cli.choose_store(namespace(), Settings(), lambda: demo) == (demo.path, False)
    assert load_settings().store == ""
    assert cli.choose_store(namespace(), Settings(), lambda: None) is None
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert cli.choose_store(namespace(), Settings(), lambda: None) == (demo.path, False)


def test_in_a_copy_of_the_project_nothing_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    assert cli.choose_store(namespace(), Settings(), lambda: None) == (
        locations.default_store_path(), False)


def test_commands_on_a_demo_store_say_so_plainly(tmp_path: Path, installed: None,
                                                capsys: pytest.CaptureFixture) -> None:
    demo_file = locations.default_store_path()
    assert cli.main(["export", "actions", "-o", str(tmp_path / "actions.md")]) == 0
    err = capsys.readouterr().err
    assert f"a new DEMO store was made at {demo_file}: made-up data, not your group's file" \
        in err
    assert cli.main(["export", "actions", "-o", "-"]) == 0
    captured = capsys.readouterr()
    assert f"this is the DEMO store at {demo_file}" in captured.err
    assert "DEMO" not in captured.out
    group = tmp_path / "compact.json"
    with open_store(group, member="Jo") as store:
        store.insert("actions", {"description": "Real"})
    assert cli.main(["export", "actions", "--store", str(group), "-o", "-"]) == 0
    assert "DEMO" not in capsys.readouterr().err
