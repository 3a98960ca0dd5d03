"""Importing a returned form and exporting forms from the screen, driven from the keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Static

from compact_tui.content import default_content
from compact_tui.domain.assessments import SELF_ASSESSMENTS
from compact_tui.domain.forms import ACTION_PLAN, SELF_ASSESSMENT
from compact_tui.domain.forms_service import FormsService
from compact_tui.domain.register import RegisterService
from compact_tui.ui.assessments.forms_export import FormsExportScreen
from compact_tui.ui.assessments.forms_import import FormsImportScreen
from tests import forms_edits as edit

CONTENT = default_content()
ORGANISATION = "Brentwood Borough Council"


def returned_form(app, tmp_path: Path, edits, name: str = "returned.md", year: int = 2027) -> Path:
    """A form exported from the app's store, edited as a person would, saved as bytes."""
    service = FormsService(app.store, CONTENT)
    org = next(o for o in RegisterService(app.store).organisations() if o.name == ORGANISATION)
    text = service.export(org, SELF_ASSESSMENT, year).text
    path = tmp_path / name
    path.write_bytes(edits(text))
    return path


def stored(app, year: int = 2027) -> dict | None:
    org = next(o for o in RegisterService(app.store).organisations() if o.name == ORGANISATION)
    return FormsService(app.store, CONTENT).find(SELF_ASSESSMENT, org.id, year)


def shown(app, widget_id: str) -> str:
    return str(app.screen.query_one(widget_id, Static).content)


@pytest.fixture(autouse=True)
def in_tmp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forms sit in the current folder so the tests type short names, as people often do."""
    monkeypatch.chdir(tmp_path)


async def open_import(app, pilot, path: Path) -> None:
    await pilot.press("i")
    await pilot.pause()
    await pilot.press(*path.name, "enter")
    await pilot.pause()


async def test_import_from_the_screen_previews_then_imports(make_app, demo_path,
                                                            tmp_path) -> None:
    app = make_app(demo_path, section="assessments")
    async with app.run_test(size=(100, 30)) as pilot:
        path = returned_form(app, tmp_path, lambda text: edit.utf16(edit.crlf(edit.write_notes(
            edit.tick(edit.tick(text, "1.1", "Good"), "2.3", "Partly", "✓"), "2.3",
            "Mostly; see our\nannual report."))))
        await open_import(app, pilot, path)
        assert isinstance(app.screen, FormsImportScreen)
        assert shown(app, "#forms-import-summary") == (
            "Brentwood Borough Council's self-assessment for 2027 will be imported as "
            "submitted, ready for review (2 of 27 answered).")
        assert "25 left without a rating." in shown(app, "#forms-import-detail")
        assert stored(app) is None
        button = app.screen.query_one("#forms-import-confirm", Button)
        assert not button.disabled and str(button.label) == "Import"
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, FormsImportScreen)
        record = stored(app)
        assert (record["status"], record["source"], record["submitted_on"]) == (
            "submitted", "form", "2026-11-25")
        assert record["answer.2.3"] == {"rating": "partly",
                                        "notes": "Mostly; see our\nannual report."}


async def test_a_form_with_problems_shows_each_and_cannot_be_imported(make_app, demo_path,
                                                                      tmp_path) -> None:
    app = make_app(demo_path, section="assessments")
    async with app.run_test(size=(100, 30)) as pilot:
        path = returned_form(app, tmp_path, lambda text: edit.rating_line(
            edit.tick(edit.tick(text, "1.3", "Good"), "1.3", "Not yet"), "4.1",
            "Rating: sort of").encode())
        await open_import(app, pilot, path)
        assert shown(app, "#forms-import-summary") == (
            "Nothing can be imported: 2 problems to correct in the file first.")
        detail = shown(app, "#forms-import-detail")
        assert "✗ Question 1.3: 2 ratings chosen (Good, Not yet): expected one box ticked" in detail
        assert '✗ Question 4.1: unknown rating "sort of"' in detail
        assert app.screen.query_one("#forms-import-confirm", Button).disabled
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert stored(app) is None


async def test_a_resubmission_shows_the_difference_and_asks_before_replacing_a_reviewed_return(
        make_app, demo_path, tmp_path) -> None:
    app = make_app(demo_path, section="assessments")
    async with app.run_test(size=(100, 30)) as pilot:
        first = returned_form(app, tmp_path, lambda t: edit.tick(t, "1.1", "Good").encode(),
                              name="first.md")
        service = FormsService(app.store, CONTENT)
        record_id = service.apply(service.preview(first.read_text()))
        app.store.update(SELF_ASSESSMENTS, record_id, {"status": "reviewed"})
        again = returned_form(app, tmp_path, lambda t: edit.tick(t, "1.1", "Not yet").encode(),
                              name="again.md")
        await open_import(app, pilot, again)
        assert "an already REVIEWED return" in shown(app, "#forms-import-summary")
        detail = shown(app, "#forms-import-detail")
        assert "This return has already been REVIEWED" in detail
        assert "Question 1.1: Good → Not yet" in detail
        button = app.screen.query_one("#forms-import-confirm", Button)
        assert str(button.label) == "Replace reviewed return"
        assert stored(app)["answer.1.1"]["rating"] == "good"
        await pilot.click("#forms-import-confirm")
        await pilot.pause()
        record = stored(app)
        assert (record["id"], record["status"], record["answer.1.1"]["rating"]) == (
            record_id, "submitted", "not_yet")
        assert len([r for r in app.store.all(SELF_ASSESSMENTS) if r["year"] == 2027]) == 1


async def test_the_same_form_again_is_already_imported(make_app, demo_path, tmp_path) -> None:
    app = make_app(demo_path, section="assessments")
    async with app.run_test(size=(100, 30)) as pilot:
        path = returned_form(app, tmp_path, lambda t: edit.tick(t, "3.1", "Partly").encode())
        service = FormsService(app.store, CONTENT)
        service.apply(service.preview(path.read_text()))
        revision = stored(app)["_rev"]
        await open_import(app, pilot, path)
        assert shown(app, "#forms-import-summary").startswith(
            "Already imported, nothing changed")
        assert app.screen.query_one("#forms-import-confirm", Button).disabled
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FormsImportScreen)
        assert stored(app)["_rev"] == revision


async def test_a_path_that_does_not_exist_is_explained(make_app, demo_path, tmp_path) -> None:
    app = make_app(demo_path, section="assessments")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_import(app, pilot, tmp_path / "nowhere.md")
        assert shown(app, "#forms-import-summary").startswith("There is no file at")
        assert shown(app, "#forms-import-summary").endswith("nowhere.md.")
        assert app.screen.query_one("#forms-import-confirm", Button).disabled


async def test_export_forms_for_every_active_signatory_from_the_screen(make_app, demo_path,
                                                                       tmp_path) -> None:
    app = make_app(demo_path, section="assessments")
    folder = tmp_path / "out"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, FormsExportScreen)
        app.screen.query_one("#forms-export-folder").focus()
        await pilot.press("ctrl+u", *folder.name)
        await pilot.click("#forms-export-go")
        await pilot.pause()
        active = RegisterService(app.store).organisations(include_inactive=False)
        files = sorted(folder.glob("*.md"))
        assert len(files) == 2 * len(active)
        assert shown(app, "#forms-export-result").startswith(
            f"{len(files)} forms written to out:")


async def test_export_one_organisations_csv_prefilled_from_the_screen(make_app, demo_path,
                                                                      tmp_path) -> None:
    app = make_app(demo_path, section="assessments")
    folder = tmp_path / "out"
    async with app.run_test(size=(100, 30)) as pilot:
        org = next(o for o in RegisterService(app.store).organisations()
                   if o.name == "Active Brentwood")
        screen = FormsExportScreen(organisation_id=org.id, folder=folder)
        app.push_screen(screen)
        await pilot.pause()
        screen.query_one("#forms-export-kind").value = ACTION_PLAN
        screen.query_one("#forms-export-format").value = "csv"
        screen.query_one("#forms-export-prefill").value = True
        year = screen.query_one("#forms-export-year")
        year.focus()
        await pilot.press("ctrl+u", *"2027", "enter")
        await pilot.pause()
        written = folder / "active-brentwood-action-plan-2027.csv"
        assert sorted(folder.iterdir()) == [written]
        assert "pre-filled from 2026" in shown(app, "#forms-export-result")
        assert written.read_bytes().startswith(b"\xef\xbb\xbf")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FormsExportScreen)
