"""Agenda templates load, match their packaged copies, and report mistakes by file and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compact_tui.content.agenda_templates import (
    ITEM_KINDS,
    PURPOSES,
    AgendaTemplate,
    TemplateError,
    load_template,
    load_templates,
    load_templates_reporting,
)
from compact_tui.locations import agendas_folder, default_agendas_folder

PROJECT_AGENDAS = Path(__file__).resolve().parents[1] / "agendas"
SHIPPED = ("annual-review", "dispute-mediation", "steering-group")

GOOD = """\
name: Tiny meeting
description: Just for tests.
default_start: "09:30"
items:
  - title: Welcome and apologies
    planned_minutes: 5
    purpose: information
    standing: true
    kind: apologies
  - title: Budget
    planned_minutes: 20
    purpose: decision
    presenter: Treasurer
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def error_for(path: Path) -> TemplateError:
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    return caught.value


# --- the shipped templates ----------------------------------------------------------------


def test_all_shipped_templates_load() -> None:
    templates, errors = load_templates_reporting(PROJECT_AGENDAS)
    assert errors == []
    assert sorted(t.key for t in templates) == list(SHIPPED)
    names = [t.name for t in templates]
    assert names == sorted(names, key=str.casefold)
    for template in templates:
        assert template.default_start == "14:00"
        assert template.items
        assert all(item.purpose in PURPOSES for item in template.items)
        assert all(item.kind is None or item.kind in ITEM_KINDS for item in template.items)
        assert template.planned_minutes == template.default_duration_minutes


def test_steering_group_follows_the_usual_shape() -> None:
    template = load_template(PROJECT_AGENDAS / "steering-group.yaml")
    assert [item.kind for item in template.items] == [
        "apologies",
        "declarations",
        "previous_minutes",
        "matters_arising",
        "disputes_update",
        None,
        "assessments",
        "aob",
        "next_meeting",
    ]
    assert template.items[0].title == "Welcome and apologies"
    assert template.item_of_kind("disputes_update").title == "Disputes update"
    assert template.item_of_kind("previous_minutes").purpose == "decision"
    discussion_slot = template.items[5]
    assert discussion_slot.purpose == "discussion"
    assert not discussion_slot.standing
    assert all(item.standing for item in template.items if item.kind)


def test_one_copy_of_the_templates_and_the_default_is_it() -> None:
    assert sorted(p.name for p in PROJECT_AGENDAS.glob("*.yaml")) == [
        f"{key}.yaml" for key in SHIPPED]
    copies = [path for path in (PROJECT_AGENDAS.parent / "compact_tui").rglob("*.yaml")
              if path.name in {f"{key}.yaml" for key in SHIPPED}]
    assert copies == []
    assert default_agendas_folder() == PROJECT_AGENDAS
    assert agendas_folder("") == PROJECT_AGENDAS
    assert agendas_folder("~/my-agendas") == Path.home() / "my-agendas"


def test_an_installed_wheel_carries_the_one_copy(tmp_path: Path) -> None:
    """What pipx installs: setup.py maps agendas/ to compact_tui/agendas/ inside the wheel."""
    import importlib.util
    import subprocess
    import sys
    import zipfile

    if importlib.util.find_spec("setuptools") is None:
        pytest.skip("setuptools is not installed here to build the wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(PROJECT_AGENDAS.parent)],
        capture_output=True, text=True, timeout=300)
    if built.returncode != 0 and "project.license" in built.stderr:
        pytest.skip("this setuptools is too old for the pyproject licence field")
    assert built.returncode == 0, built.stderr
    wheel = next(tmp_path.glob("compact_tui-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert sorted(n for n in names if n.startswith("compact_tui/agendas/")) == [
        f"compact_tui/agendas/{key}.yaml" for key in SHIPPED]


def test_good_template_fields(tmp_path: Path) -> None:
    template = load_template(write(tmp_path, "tiny.yaml", GOOD))
    assert template == AgendaTemplate(
        key="tiny",
        name="Tiny meeting",
        description="Just for tests.",
        default_start="09:30",
        items=template.items,
        default_duration_minutes=None,
        path=tmp_path / "tiny.yaml",
    )
    welcome, budget = template.items
    assert (welcome.kind, welcome.standing, welcome.presenter) == ("apologies", True, "")
    assert (budget.kind, budget.standing, budget.presenter) == (None, False, "Treasurer")
    assert template.planned_minutes == 25


# --- bad templates ------------------------------------------------------------------------


def test_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.yaml", GOOD.replace("  - title: Budget", "  - title: [Budget"))
    error = error_for(path)
    assert str(error).startswith("broken.yaml, line ")
    assert "not valid YAML" in str(error)


def test_missing_title(tmp_path: Path) -> None:
    path = write(tmp_path, "no-title.yaml", GOOD.replace("  - title: Budget\n", "  - \n"))
    error = error_for(path)
    assert str(error) == 'no-title.yaml, line 11: item 2 is missing "title"'


def test_non_integer_minutes(tmp_path: Path) -> None:
    path = write(
        tmp_path, "minutes.yaml", GOOD.replace("planned_minutes: 20", "planned_minutes: ten")
    )
    error = error_for(path)
    assert str(error) == (
        'minutes.yaml, line 11: item 2 ("Budget"): "planned_minutes" must be a whole number '
        'of minutes, got "ten"'
    )
    assert (error.file_name, error.line) == ("minutes.yaml", 11)


def test_fractional_and_zero_minutes(tmp_path: Path) -> None:
    half = write(tmp_path, "half.yaml", GOOD.replace("planned_minutes: 20", "planned_minutes: 2.5"))
    assert "must be a whole number of minutes, got 2.5" in str(error_for(half))
    zero = write(tmp_path, "zero.yaml", GOOD.replace("planned_minutes: 20", "planned_minutes: 0"))
    assert "planned_minutes must be between 1 and 480, got 0" in str(error_for(zero))


def test_unknown_purpose(tmp_path: Path) -> None:
    path = write(tmp_path, "purpose.yaml", GOOD.replace("purpose: decision", "purpose: vote"))
    error = error_for(path)
    assert str(error) == (
        'purpose.yaml, line 12: item 2 ("Budget"): purpose must be one of information, '
        'discussion, decision, got "vote"'
    )


def test_unknown_kind_and_repeated_kind(tmp_path: Path) -> None:
    typo = write(tmp_path, "kind.yaml", GOOD.replace("kind: apologies", "kind: apology"))
    assert 'item 1 ("Welcome and apologies"): kind must be one of' in str(error_for(typo))
    twice = write(tmp_path, "twice.yaml", GOOD + "    kind: apologies\n")
    error = error_for(twice)
    assert "kind apologies is already used by item 1" in str(error)
    assert error.line == 14


def test_empty_items(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.yaml", GOOD[: GOOD.index("items:")] + "items: []\n")
    assert str(error_for(path)) == 'empty.yaml, line 4: "items" is an empty list'


def test_not_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "list.yaml", "- Welcome\n- Any other business\n")
    error = error_for(path)
    assert str(error) == "list.yaml, line 1: the file must be a set of fields, got a list"


def test_unquoted_start_time_is_kept_as_typed(tmp_path: Path) -> None:
    """YAML 1.1 would read 09:30 as the number 570; the reader keeps the text."""
    path = write(tmp_path, "time.yaml", GOOD.replace('"09:30"', "09:30"))
    assert load_template(path).default_start == "09:30"
    bad = write(tmp_path, "late.yaml", GOOD.replace('"09:30"', '"25:00"'))
    assert 'default_start" must be a 24-hour time in quotes like "14:00", got "25:00"' in str(
        error_for(bad)
    )


def test_missing_file(tmp_path: Path) -> None:
    assert str(error_for(tmp_path / "gone.yaml")).startswith("gone.yaml: file not found")


def test_bad_files_do_not_hide_good_ones(tmp_path: Path) -> None:
    for source in PROJECT_AGENDAS.glob("*.yaml"):
        shutil.copy(source, tmp_path / source.name)
    write(tmp_path, "broken.yaml", "name: Broken\nitems: {\n")
    write(tmp_path, "no-items.yaml", "name: Nothing planned\n")
    templates, errors = load_templates_reporting(tmp_path)
    assert sorted(t.key for t in templates) == list(SHIPPED)
    assert sorted(e.file_name for e in errors) == ["broken.yaml", "no-items.yaml"]
    assert 'the file is missing "items"' in str(
        next(e for e in errors if e.file_name == "no-items.yaml")
    )
    assert sorted(t.key for t in load_templates(tmp_path)) == list(SHIPPED)


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    templates, errors = load_templates_reporting(tmp_path / "nowhere")
    assert templates == []
    assert "agenda templates folder not found" in str(errors[0])
