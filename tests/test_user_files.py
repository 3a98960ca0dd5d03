"""Files a person names: one writer, one reader, one set of messages, for every command and
for the screens' export dialog.

Every command that writes a document takes ``-o``: ``-o -`` prints it (never a file named
"-"), data goes to stdout and messages to stderr, and ``-o`` naming the data file or a folder
the store keeps beside it is refused with one line and exit 2, leaving the store untouched.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, Static

from compact_tui.cli import main
from compact_tui.domain.forms import SELF_ASSESSMENT
from compact_tui.locations import archive_folder, backups_folder, presence_folder
from compact_tui.ui.shell.export_dialog import ExportDialog
from compact_tui.user_files import (
    RefusedPathError,
    UserFileError,
    read_user_file,
    write_user_file,
)
from tests.waiting import wait_until

COMMANDS = {
    "export minutes": ["export", "minutes", "--latest"],
    "export agenda": ["export", "agenda", "--next"],
    "export ics": ["export", "ics", "--next"],
    "export actions": ["export", "actions"],
    "assessments export": ["assessments", "export", "Active Brentwood", "--year", "2026"],
    "assessments overview": ["assessments", "overview"],
    "register export": ["register", "export"],
    "register public-list": ["register", "public-list"],
    "disputes timeline": ["disputes", "timeline", "Six-week consultation"],
    "disputes report": ["disputes", "report"],
    "disputes lessons": ["disputes", "lessons"],
    "forms export": ["forms", "export", "Active Brentwood", "--kind", SELF_ASSESSMENT,
                     "--year", "2027"],
}


def _ending(command: list[str]) -> str:
    return ".ics" if command[:2] == ["export", "ics"] else ".md"


def _run(capsys, demo_path: Path, command: list[str], output: str) -> tuple[int, str, str]:
    code = main(["--store", str(demo_path), *command, "-o", output])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_dash_prints_to_stdout_and_writes_no_file(command, demo_path, tmp_path, capsys,
                                                   monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, demo_path, command, "-")
    assert code == 0, err
    assert out.strip() and "Wrote" not in out
    assert err == ""
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_file_gets_the_data_and_stderr_the_message(command, demo_path, tmp_path,
                                                      capsys) -> None:
    target = tmp_path / "out" / f"document{_ending(command)}"
    target.parent.mkdir()
    code, out, err = _run(capsys, demo_path, command, str(target))
    assert code == 0, err
    assert out == ""
    assert err.startswith("Wrote ") and err.strip().endswith(f" to {target}")
    assert target.stat().st_size > 0
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temp left


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_the_store_and_its_folders_are_refused(command, demo_path, capsys) -> None:
    before = demo_path.read_bytes()
    backups_folder(demo_path).mkdir(exist_ok=True)
    for target, words in ((demo_path, "is the shared data file"),
                          (backups_folder(demo_path) / f"a{_ending(command)}",
                           "keeps for itself"),
                          (archive_folder(demo_path), "is a folder the app keeps"),
                          (presence_folder(demo_path) / f"b{_ending(command)}",
                           "keeps for itself")):
        code, out, err = _run(capsys, demo_path, command, str(target))
        assert code == 2, err
        assert words in err and err.count("\n") == 1 and out == ""
        assert demo_path.read_bytes() == before
    assert not archive_folder(demo_path).exists()
    assert list(backups_folder(demo_path).iterdir()) == []


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_path_under_a_file_is_a_clear_error(command, demo_path, tmp_path, capsys) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("keep me", encoding="utf-8")
    code, out, err = _run(capsys, demo_path, command, str(blocker / f"out{_ending(command)}"))
    assert code == 1
    assert f"{blocker} is a file, not a folder" in err and out == ""
    assert blocker.read_text(encoding="utf-8") == "keep me"


def test_the_export_command_refuses_its_own_store_option(demo_path, capsys) -> None:
    """The case that once left Markdown in the data file."""
    before = demo_path.read_bytes()
    code = main(["export", "minutes", "--latest", "--store", str(demo_path), "-o",
                 str(demo_path)])
    assert code == 2
    assert "is the shared data file" in capsys.readouterr().err
    assert demo_path.read_bytes() == before


def test_writer_and_reader_messages(tmp_path) -> None:
    target = tmp_path / "a.csv"
    assert write_user_file(target, "naïve", bom=True) == target
    assert target.read_bytes() == "\ufeffnaïve".encode()
    assert read_user_file(target) == target.read_bytes()
    write_user_file(target, b"bytes as given")
    assert target.read_bytes() == b"bytes as given"
    deep = tmp_path / "new" / "folder" / "f.md"
    with pytest.raises(UserFileError, match="does not exist"):
        write_user_file(deep, "x")
    assert write_user_file(deep, "x", make_folder=True).read_text() == "x"
    with pytest.raises(UserFileError, match="is a folder: add a file name"):
        write_user_file(tmp_path, "x")
    with pytest.raises(UserFileError, match="Type the path"):
        write_user_file("  ", "x")
    with pytest.raises(UserFileError, match="There is no file at"):
        read_user_file(tmp_path / "missing.csv")
    with pytest.raises(UserFileError, match="is a folder, not a file"):
        read_user_file(tmp_path)
    with pytest.raises(UserFileError, match="too large to be a returned form"):
        read_user_file(target, max_bytes=3, what="a returned form")
    data_file = tmp_path / "compact.json"
    with pytest.raises(RefusedPathError):
        write_user_file(tmp_path / "." / "compact.json", "x", data_file=data_file)
    assert not data_file.exists()


async def _paste(pilot, text: str) -> None:
    pilot.app.focused.post_message(events.Paste(text))
    await pilot.pause()


async def _submit(pilot, app, path: Path) -> str:
    """Type a path into the open export dialog and press Enter; the error line, if any."""
    field = app.screen.query_one("#export-path", Input)
    field.value = ""
    await _paste(pilot, str(path))
    await pilot.press("enter")
    await wait_until(pilot, lambda: not isinstance(app.screen, ExportDialog) or str(
        app.screen.query_one(".form-error", Static).render()))
    if not isinstance(app.screen, ExportDialog):
        return ""
    return str(app.screen.query_one(".form-error", Static).render())


async def test_export_dialog_refuses_the_store_and_writes_like_the_commands(
        make_app, demo_path: Path, tmp_path: Path) -> None:
    app = make_app(demo_path, section="actions")
    before = demo_path.read_bytes()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog))
        assert Path(app.screen.query_one("#export-path", Input).value).parent == \
            demo_path.parent
        assert "is the shared data file" in await _submit(pilot, app, demo_path)
        error = await _submit(pilot, app, backups_folder(demo_path) / "log.md")
        assert "End the file name" not in error and "keeps for itself" in error
        blocker = tmp_path / "notes.txt"
        blocker.write_text("keep me", encoding="utf-8")
        assert "is a file, not a folder" in await _submit(pilot, app, blocker / "log.md")
        assert demo_path.read_bytes() == before
        target = tmp_path / "log.md"
        assert await _submit(pilot, app, target) == ""
        assert target.read_text(encoding="utf-8").startswith("#")
        assert blocker.read_text(encoding="utf-8") == "keep me"
    assert demo_path.read_bytes() == before


HOSTILE_TEXT = "Evil\x1b]0;pwned\x07\x1b[2J\u202eName"
TEXT_FIELDS = ("name", "title", "description", "venue", "minutes", "owner_name", "notes",
               "summary", "outcome", "lessons")


@pytest.mark.parametrize("command", [c for c in COMMANDS.values()
                                     if c[:2] not in (["export", "ics"], ["register", "export"])],
                         ids=[k for k, c in COMMANDS.items()
                              if c[:2] not in (["export", "ics"], ["register", "export"])])
def test_files_read_in_a_terminal_carry_no_control_characters(command, demo_path, tmp_path,
                                                               capsys) -> None:
    from compact_tui.store import open_store

    with open_store(demo_path, member="Mallory") as store:
        for table in ("organisations", "meetings", "agenda_items", "actions", "disputes",
                      "champions"):
            for record in store.all(table):
                store.update(table, record["id"], {
                    key: value + HOSTILE_TEXT for key, value in record.items()
                    if key in TEXT_FIELDS and isinstance(value, str)})
    for ending in (".md", ".html") if command[:2] == ["export", "minutes"] else (".md",):
        target = tmp_path / f"out{ending}"
        extra = ["--format", "html"] if ending == ".html" else []
        code, _out, err = _run(capsys, demo_path, [*command, *extra], str(target))
        assert code == 0, err
        text = target.read_bytes().decode("utf-8-sig")
        unsafe = [c for c in text if (ord(c) < 32 and c not in "\t\r\n")
                  or c in "\u202a\u202b\u202d\u202e\u2066\u2067\u2068\u2069"]
        assert unsafe == [], f"{command} wrote {unsafe!r} into {target.name}"
