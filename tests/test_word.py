"""Word both ways: minutes, agenda and action log as A4 Word documents with bordered tables;
forms as real Word forms that come back (saved by Word via python-docx, re-saved by
LibreOffice, or a Markdown form that went to Word and back through pandoc)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.shared import Mm

from compact_tui.cli import main
from compact_tui.domain.assessments import SELF_ASSESSMENTS
from compact_tui.domain.forms import SELF_ASSESSMENT
from compact_tui.store import open_store

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason=(
    "LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer-nogui"))
needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason=(
    "pandoc is not installed; .ci/run installs it from Debian's packages"))


def _a4_with_bordered_tables(path: Path) -> docx.document.Document:
    document = docx.Document(str(path))
    for section in document.sections:
        assert abs(section.page_width - Mm(210)) < Mm(1)
        assert abs(section.page_height - Mm(297)) < Mm(1)
    assert document.tables, "no tables"
    return document


def _text(document: docx.document.Document) -> str:
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_minutes_agenda_and_actions_as_word(demo_path: Path, tmp_path: Path, capsys) -> None:
    minutes, agenda, actions = (tmp_path / name for name in
                                ("minutes.docx", "agenda.docx", "actions.docx"))
    assert main(["export", "minutes", "--latest", "--store", str(demo_path),
                 "-o", str(minutes)]) == 0
    assert main(["export", "agenda", "--next", "--store", str(demo_path),
                 "-o", str(agenda)]) == 0
    assert main(["export", "actions", "--store", str(demo_path), "--format", "docx",
                 "-o", str(actions)]) == 0
    capsys.readouterr()
    document = _a4_with_bordered_tables(minutes)
    text = _text(document)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Brentwood Compact Steering Group"
    assert "Present" in headings and "Actions" in headings
    assert "Minutes of the meeting held on" in text
    assert all(t.style.name == "Table Grid" for t in document.tables[:-1])
    present = document.tables[0]
    assert [c.text for c in present.rows[0].cells] == ["Name", "Organisation", "Role"]
    assert all(run.bold for run in present.rows[0].cells[0].paragraphs[0].runs)
    assert "Signed:" in text and "Chair of the meeting at which these minutes" in text
    assert "Agenda for the meeting on" in _text(docx.Document(str(agenda)))
    assert "Action log" in _text(_a4_with_bordered_tables(actions))


@needs_soffice
def test_libreoffice_opens_the_minutes(demo_path: Path, tmp_path: Path, capsys) -> None:
    minutes = tmp_path / "minutes.docx"
    assert main(["export", "minutes", "--latest", "--store", str(demo_path),
                 "-o", str(minutes)]) == 0
    capsys.readouterr()
    _soffice(tmp_path, "txt:Text", minutes)
    text = (tmp_path / "out" / "minutes.txt").read_text(encoding="utf-8-sig")
    assert "Brentwood Compact Steering Group" in text and "Signed:" in text


def _soffice(folder: Path, target: str, source: Path) -> None:
    profile = folder / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", target, "--outdir", str(folder / "out"), str(source)],
                   check=True, capture_output=True, timeout=180)


def _export_form(demo_path: Path, target: Path, capsys) -> None:
    assert main(["forms", "export", "Active Brentwood", "--kind", "self-assessment",
                 "--store", str(demo_path), "-o", str(target)]) == 0
    capsys.readouterr()


def _fill_in_word(source: Path, target: Path) -> None:
    """What a member does in Word: an x in the Partly box of 1.1, a note, every other
    question rated Good."""
    document = docx.Document(str(source))
    for table in document.tables:
        for row in table.rows[1:]:
            wanted = "Partly" if row.cells[0].text == "1.1" else "Good"
            for paragraph in row.cells[2].paragraphs:
                if paragraph.text.endswith(wanted):
                    for run in paragraph.runs:
                        run.text = run.text.replace("[ ]", "[x]")
            if row.cells[0].text == "1.1":
                row.cells[-1].text = "#1 priority: commissioning\n- the new ICB\n(end of notes)"
    document.save(str(target))


def _imported_answers(demo_path: Path, form: Path, capsys) -> dict:
    assert main(["forms", "import", str(form), "--store", str(demo_path)]) == 0, \
        capsys.readouterr()
    capsys.readouterr()
    store = open_store(demo_path, read_only=True)
    org = next(r for r in store.all("organisations") if r["name"] == "Active Brentwood")
    record = next(r for r in store.all(SELF_ASSESSMENTS)
                  if r["organisation_id"] == org["id"] and r["year"] == 2026)
    store.close()
    return record


def test_a_word_form_has_the_identifier_tables_and_the_toolkit_words(demo_path: Path,
                                                                   tmp_path: Path,
                                                                   capsys) -> None:
    form = tmp_path / "form.docx"
    _export_form(demo_path, form, capsys)
    document = _a4_with_bordered_tables(form)
    assert document.core_properties.subject.startswith(f"compact-tui form: {SELF_ASSESSMENT}")
    assert document.core_properties.subject in [p.text for p in document.paragraphs]
    first = document.tables[0]
    assert [c.text for c in first.rows[0].cells] == ["ID", "Question", "Rating", "Notes"]
    assert first.rows[1].cells[2].text == "[ ] Good\n[ ] Partly\n[ ] Not yet\n[ ] Not applicable"


def test_a_word_form_filled_in_comes_back(demo_path: Path, tmp_path: Path, capsys) -> None:
    form, filled = tmp_path / "form.docx", tmp_path / "filled.docx"
    _export_form(demo_path, form, capsys)
    _fill_in_word(form, filled)
    record = _imported_answers(demo_path, filled, capsys)
    assert record["answer.1.1"] == {"rating": "partly", "notes": (
        "#1 priority: commissioning\n- the new ICB\n(end of notes)")}
    assert record["answer.8.3"]["rating"] == "good"


@needs_soffice
def test_a_word_form_resaved_by_libreoffice_comes_back(demo_path: Path, tmp_path: Path,
                                                       capsys) -> None:
    form, filled = tmp_path / "form.docx", tmp_path / "filled.docx"
    _export_form(demo_path, form, capsys)
    _fill_in_word(form, filled)
    _soffice(tmp_path, "docx", filled)
    resaved = tmp_path / "out" / "filled.docx"
    assert resaved.read_bytes() != filled.read_bytes()
    record = _imported_answers(demo_path, resaved, capsys)
    assert record["answer.1.1"]["rating"] == "partly"
    assert record["answer.1.1"]["notes"].startswith("#1 priority: commissioning")


@needs_pandoc
def test_a_markdown_form_through_word_and_back_by_pandoc(demo_path: Path, tmp_path: Path,
                                                        capsys) -> None:
    form = tmp_path / "form.md"
    _export_form(demo_path, form, capsys)
    text = form.read_bytes().decode("utf-8").replace("\r\n", "\n")
    text = text.replace("[ ] Good", "[x] Good")  # every question Good
    text = text.replace("Notes:\n\n(end of notes)",
                        "Notes:\n#1 priority: commissioning\nwith the | bar\n(end of notes)", 1)
    form.write_text(text, encoding="utf-8")
    word, back = tmp_path / "form.docx", tmp_path / "back.md"
    subprocess.run(["pandoc", str(form), "-o", str(word)], check=True, timeout=120)
    subprocess.run(["pandoc", str(word), "-t", "markdown", "-o", str(back)], check=True,
                   timeout=120)
    assert "\\|" in back.read_text(encoding="utf-8")  # pandoc did escape and rewrap it
    record = _imported_answers(demo_path, back, capsys)
    # the note's words come back; pandoc joins a paragraph's lines, so its line break is lost
    assert record["answer.1.1"] == {"rating": "good",
                                    "notes": "#1 priority: commissioning with the | bar"}
    assert all(record[f"answer.{q}"]["rating"] == "good" for q in ("1.2", "8.3"))


async def test_minutes_as_word_from_the_meetings_screen(make_app, demo_path: Path,
                                                       tmp_path: Path) -> None:
    from textual import events

    from compact_tui.ui.meetings.meetings import MeetingsScreen
    from compact_tui.ui.shell.export_dialog import ExportDialog

    target = tmp_path / "minutes.docx"
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "x")  # the last meeting, held
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("ctrl+u")
        app.focused.post_message(events.Paste(str(target)))
        await pilot.pause()
        await pilot.press("enter")
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, MeetingsScreen):
                break
        assert isinstance(app.screen, MeetingsScreen)
    document = _a4_with_bordered_tables(target)
    text = _text(document)
    assert "Consultation on the community grants programme" in text
    assert "DRAFT" in text and "Signed:" in text
