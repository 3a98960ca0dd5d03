"""A returned form's identifier is checked against the organisation the form names and the
file's name: a form carrying another organisation's identifier is imported only after a
question in the app, or with --trust-identifier on the command line. A CSV form with a quote
left open before its ID row is a clear message, never a traceback."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from compact_tui.cli import main
from compact_tui.content import default_content
from compact_tui.domain.forms import SELF_ASSESSMENT, file_name
from compact_tui.domain.forms_service import FormsService
from compact_tui.domain.register import RegisterService
from compact_tui.store import open_store
from compact_tui.ui.assessments.forms_import import FormsImportScreen
from compact_tui.ui.shell.confirm import ConfirmScreen
from tests import forms_edits as edit

from .waiting import wait_until

CONTENT = default_content()
YEAR = 2027


def organisation(path: Path, name: str):
    with open_store(path, member="test", read_only=True) as store:
        return next(o for o in RegisterService(store).organisations() if o.name == name)


def exported(path: Path, name: str, fmt: str = "md") -> str:
    with open_store(path, member="test", read_only=True) as store:
        return FormsService(store, CONTENT).export(organisation(path, name), SELF_ASSESSMENT,
                                                   YEAR, fmt).text


def stored_for(path: Path, name: str) -> dict | None:
    with open_store(path, member="test", read_only=True) as store:
        return FormsService(store, CONTENT).find(SELF_ASSESSMENT,
                                                 organisation(path, name).id, YEAR)


async def preview_in_the_app(app, pilot, path: Path, shows: str) -> None:
    """Open the forms import screen, type the file's name, wait until the preview shows."""
    await pilot.press("i")
    await wait_until(pilot, lambda: isinstance(app.screen, FormsImportScreen))
    await pilot.press(*path.name, "enter")
    await wait_until(pilot, lambda: shows in str(
        app.screen.query_one("#forms-import-detail", Static).content))


def with_identifier_of(text: str, other_id: str, own_id: str) -> str:
    """Mallory copies Active Brentwood's org id into her own organisation's returned form."""
    assert own_id in text
    return text.replace(own_id, other_id)


def test_a_form_with_another_organisations_id_is_refused_without_the_flag(
        demo_path: Path, tmp_path: Path, capsys) -> None:
    mine, theirs = (organisation(demo_path, n) for n in ("Brentwood Borough Council",
                                                          "Active Brentwood"))
    text = edit.tick(with_identifier_of(exported(demo_path, mine.name), theirs.id, mine.id),
                     "1.1", "Good")
    path = tmp_path / file_name(mine.name, SELF_ASSESSMENT, YEAR, "md")
    path.write_text(text, encoding="utf-8")
    before = stored_for(demo_path, theirs.name)
    assert main(["--store", str(demo_path), "forms", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Not imported: this form's identifier is Active Brentwood's" in err
    assert 'the form names "Brentwood Borough Council"' in err
    assert 'the file is named for "Brentwood Borough Council"' in err
    assert "--trust-identifier" in err and "Traceback" not in err
    assert stored_for(demo_path, theirs.name) == before
    assert main(["--store", str(demo_path), "forms", "import", str(path),
                 "--trust-identifier"]) == 0
    assert stored_for(demo_path, theirs.name)["answer.1.1"]["rating"] == "good"


def test_a_file_named_for_another_organisation_is_questioned(demo_path: Path,
                                                             tmp_path: Path, capsys) -> None:
    text = edit.tick(exported(demo_path, "Active Brentwood"), "1.1", "Good")
    path = tmp_path / f"{file_name('Brentwood Borough Council', SELF_ASSESSMENT, YEAR, 'md')}"
    path.write_text(text, encoding="utf-8")
    assert main(["--store", str(demo_path), "forms", "import", str(path)]) == 1
    assert 'the file is named for "Brentwood Borough Council"' in capsys.readouterr().err
    renamed = tmp_path / "our answers.md"  # a file renamed by the member names nobody
    renamed.write_text(text, encoding="utf-8")
    assert main(["--store", str(demo_path), "forms", "import", str(renamed)]) == 0


async def test_the_app_asks_before_importing_under_another_organisation(
        make_app, demo_path: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    mine, theirs = (organisation(demo_path, n) for n in ("Brentwood Borough Council",
                                                          "Active Brentwood"))
    path = tmp_path / "returned.md"
    path.write_text(edit.tick(with_identifier_of(exported(demo_path, mine.name), theirs.id,
                                                 mine.id), "1.1", "Good"), encoding="utf-8")
    before = stored_for(demo_path, theirs.name)
    app = make_app(demo_path, section="assessments")
    async with app.run_test(size=(100, 30)) as pilot:
        await preview_in_the_app(app, pilot, path, "Check who sent it")
        screen = app.screen
        screen.action_confirm()
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen) and
                         "Import it as Active Brentwood's return?" in " ".join(
                             str(s.content) for s in app.screen.query(Static)))
        await pilot.press("enter")  # the safe answer: no
        await wait_until(pilot, lambda: app.screen is screen)
        assert FormsService(app.store, CONTENT).find(
            SELF_ASSESSMENT, theirs.id, YEAR) == before
        screen.action_confirm()
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_until(pilot, lambda: not isinstance(app.screen, (ConfirmScreen,
                                                                    FormsImportScreen)))
        record = FormsService(app.store, CONTENT).find(SELF_ASSESSMENT, theirs.id, YEAR)
        assert record["answer.1.1"]["rating"] == "good"


def _open_quote_csv(demo_path: Path, tmp_path: Path) -> Path:
    lines = exported(demo_path, "Active Brentwood", "csv").split("\r\n")
    lines[1] = '"Compact self-assessment for Active Brentwood, 2027. Put an x'  # never closed
    path = tmp_path / "open-quote.csv"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    return path


def test_a_quote_left_open_before_the_id_row_is_a_message_on_the_command_line(
        demo_path: Path, tmp_path: Path, capsys) -> None:
    path = _open_quote_csv(demo_path, tmp_path)
    for extra in ([], ["--dry-run"]):
        assert main(["--store", str(demo_path), "forms", "import", str(path), *extra]) == 1
        captured = capsys.readouterr()
        said = captured.out + captured.err
        assert "Traceback" not in said
        assert ('The row of headings that starts with ID cannot be found: a quote mark (") '
                "opened on line 2 is never closed") in said
        assert said.count("\n") < 8  # one problem, not one per question


async def test_a_quote_left_open_before_the_id_row_is_a_message_in_the_app(
        make_app, demo_path: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = _open_quote_csv(demo_path, tmp_path)
    app = make_app(demo_path, section="assessments")
    async with app.run_test(size=(100, 30)) as pilot:
        await preview_in_the_app(app, pilot, path, "opened on line 2 is never closed")
        assert app.is_running and app.crash is None
