"""Each smaller bad input of issue 17 gets one clear line and exit 2 (or a message in the
app), never a traceback, a hang, or a silently damaged file."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from compact_tui.cli import main
from compact_tui.config import ConfigError, load_settings
from compact_tui.content import ContentError, load_content
from compact_tui.domain.dates import DateInputError, parse_date
from compact_tui.domain.forms import ACTION_PLAN
from compact_tui.store import open_store

CONTENT_FOLDER = Path(__file__).parents[1] / "compact_tui" / "content"


def _one_line_exit_2(capsys, argv: list[str]) -> str:
    code = main(argv)
    captured = capsys.readouterr()
    said = captured.err or captured.out
    assert code == 2, said
    assert "Traceback" not in said and said.startswith("compact-tui") and said.count("\n") == 1
    return said


def test_store_naming_a_folder(tmp_path: Path, capsys) -> None:
    err = _one_line_exit_2(capsys, ["--store", str(tmp_path), "register", "export"])
    assert "is a folder" in err and "compact.json" in err
    assert "is a folder" in _one_line_exit_2(capsys, ["check", str(tmp_path)])


def test_member_name_that_is_not_utf8(demo_path: Path, capsys) -> None:
    member = os.fsdecode(b"J\xf6 Morgan")  # Latin-1 bytes from a misconfigured terminal
    before = demo_path.read_bytes()
    err = _one_line_exit_2(capsys, ["--member", member, "--store", str(demo_path),
                                    "register", "export", "-o", "-"])
    assert "--member is not valid text (UTF-8)" in err
    assert demo_path.read_bytes() == before


def test_demo_into_a_place_that_cannot_be_written(tmp_path: Path, capsys) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    assert "not a folder" in _one_line_exit_2(capsys, ["demo", str(a_file / "compact.json")])


@pytest.mark.parametrize("year", ["-5", "0", "20260"])
def test_years_that_cannot_be(demo_path: Path, capsys, year: str) -> None:
    with pytest.raises(SystemExit) as stopped:  # argparse's usage error
        main(["--store", str(demo_path), "assessments", "overview", "--year", year])
    assert stopped.value.code == 2
    assert "is not a year the Compact could have" in capsys.readouterr().err


def test_dates_in_year_zero_are_refused() -> None:
    for text in ("01/01/0000", "0000-01-01", "01/01/0999"):
        with pytest.raises(DateInputError, match="is not one the Compact could have"):
            parse_date(text)
    assert parse_date("03/12/26").year == 2026
    assert parse_date("03/12/2026").year == 2026


def test_a_store_saved_with_a_byte_order_mark_is_read(demo_path: Path, capsys) -> None:
    demo_path.write_bytes(b"\xef\xbb\xbf" + demo_path.read_bytes())
    with open_store(demo_path, member="Jo Morgan") as store:
        assert store.problem is None
        assert store.all("organisations")
    assert main(["check", str(demo_path)]) == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_or_a_device_given_as_a_file_does_not_hang(demo_path: Path, tmp_path: Path,
                                                          capsys) -> None:
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    for path in (pipe, Path("/dev/zero")):
        assert main(["--store", str(path), "register", "export", "-o", "-"]) != 0
        assert "not an ordinary file" in capsys.readouterr().err
        err = _one_line_exit_2(capsys, ["--store", str(demo_path), "register", "import",
                                        str(path), "--dry-run"])
        assert "not an ordinary file" in err
    assert "not an ordinary file" in _one_line_exit_2(capsys, ["check", str(pipe)])


def test_a_5000_digit_number_in_the_content_is_a_message(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_FOLDER, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    commitments = folder / "commitments.yaml"
    text = commitments.read_text(encoding="utf-8")
    commitments.write_text(text.replace("  - number: 1\n", f"  - number: {'9' * 5000}\n", 1),
                           encoding="utf-8")
    with pytest.raises(ContentError, match="a number 5000 characters long"):
        load_content(folder)


def test_a_text_quorum_in_the_settings_is_a_message(tmp_path: Path) -> None:
    settings = tmp_path / "config.yaml"
    settings.write_text("quorum:\n  min_organisations: four\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="min_organisations must be a whole number"):
        load_settings(settings)


async def test_an_unknown_theme_is_a_message_not_a_crash(make_app, demo_path: Path) -> None:
    app = make_app(demo_path)
    app.settings.theme = "no-such-theme"
    from compact_tui.ui.app import CompactApp

    app = CompactApp(app.store, app.content, app.settings, persist_settings=False,
                     background=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.is_running and app.theme == "textual-dark"
        assert any("no-such-theme" in n.message for n in app._notifications)


def test_forms_csv_export_neutralises_formulas_and_import_gives_them_back(
        demo_path: Path, tmp_path: Path, capsys) -> None:
    formula = '=HYPERLINK("http://evil.example","click")'
    with open_store(demo_path, member="Jo Morgan") as store:
        plan = next(p for p in store.all("action_plans") if p.get("status") == "draft")
        field = next(k for k in plan if k.startswith("rating."))
        store.update("action_plans", plan["id"], {field: {**plan[field], "note": formula}})
        org = plan["organisation_id"]
    target = tmp_path / "plan.csv"
    assert main(["--store", str(demo_path), "forms", "export", org, "--year",
                 str(plan["year"] + 1), "--kind", ACTION_PLAN, "--prefill", "--format", "csv",
                 "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8-sig")
    assert f"'{formula}" in text.replace('""', '"')
    assert "\n=" not in text and ",=" not in text and ',"=' not in text


def test_a_mistyped_store_path_does_not_start_a_new_store(tmp_path: Path, capsys) -> None:
    typo = tmp_path / "compcat.json"
    err = _one_line_exit_2(capsys, ["--store", str(typo)])
    assert "there is no store at" in err and "compact-tui demo" in err
    assert not typo.exists()


def test_a_new_store_after_saying_yes(tmp_path: Path, monkeypatch) -> None:
    from compact_tui import cli

    monkeypatch.setattr(cli.sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    assert not cli._agreed_to_create(tmp_path / "new.json")
    monkeypatch.setattr("builtins.input", lambda prompt: "Yes")
    assert cli._agreed_to_create(tmp_path / "new.json")


def test_a_5000_digit_number_or_latin_1_text_in_the_settings_is_a_message(tmp_path: Path,
                                                                          capsys) -> None:
    settings = tmp_path / "config.yaml"
    settings.write_text(f"quorum:\n  min_organisations: {'9' * 5000}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="thousands of digits long"):
        load_settings(settings)
    settings.write_bytes("member: Jo Morgan\ntheme: caf\xe9\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="is not UTF-8 text"):
        load_settings(settings)


def test_a_5000_digit_number_in_an_agenda_template_is_a_message(tmp_path: Path) -> None:
    from compact_tui.content.agenda_templates import load_templates_reporting
    from compact_tui.locations import default_agendas_folder

    folder = tmp_path / "agendas"
    shutil.copytree(default_agendas_folder(), folder)
    template = folder / "steering-group.yaml"
    text = template.read_text(encoding="utf-8")
    template.write_text(re.sub(r"planned_minutes: \d+", f"planned_minutes: {'9' * 5000}",
                               text, count=1), encoding="utf-8")
    loaded, problems = load_templates_reporting(folder)
    assert "steering-group" not in {t.key for t in loaded}
    assert any("a number 5000 characters long" in str(p) for p in problems)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_or_a_device_given_as_a_returned_form_does_not_hang(demo_path: Path,
                                                                    tmp_path: Path,
                                                                    capsys) -> None:
    pipe = tmp_path / "form.md"
    os.mkfifo(pipe)
    for path in (pipe, Path("/dev/zero")):
        err = _one_line_exit_2(capsys, ["--store", str(demo_path), "forms", "import", str(path),
                                        "--dry-run"])
        assert "not an ordinary file" in err
