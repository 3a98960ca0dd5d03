"""One key, one meaning, none the terminal owns: every binding of every screen, modal, widget
and the app is walked; remapping from the settings file works and bad entries are explained."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections import defaultdict
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import Input, TextArea

import compact_tui.ui as ui_package
from compact_tui.config import ConfigError, Settings, load_settings
from compact_tui.ui.keys import (
    FLOW_CONTROL,
    FLOW_CONTROL_FALLBACK,
    KEYS,
    TERMINAL_OWNED,
    check_keymap,
)

# The digits type a rating into a focused rating picker, as letters type into a text box.
TYPED_VALUES = {f"rating.pick{n}" for n in range(1, 10)}


def our_bindings() -> list[tuple[str, Binding]]:
    """(class name, binding) for every class in compact_tui.ui that declares BINDINGS."""
    found: list[tuple[str, Binding]] = []
    seen: set[type] = set()
    for module_info in pkgutil.walk_packages(ui_package.__path__, f"{ui_package.__name__}."):
        module = importlib.import_module(module_info.name)
        for cls in vars(module).values():
            if (inspect.isclass(cls) and issubclass(cls, DOMNode) and cls not in seen
                    and cls.__module__ == module.__name__ and "BINDINGS" in vars(cls)):
                seen.add(cls)
                for binding in cls.BINDINGS:
                    found.append((cls.__name__, binding if isinstance(binding, Binding)
                                  else Binding(*binding)))
    return found


def split(keys: str) -> list[str]:
    return [key.strip() for key in keys.split(",") if key.strip()]


def text_box_keys() -> set[str]:
    """Keys a focused text box keeps for itself: a screen binding on them would never fire."""
    keys = set()
    for widget in (TextArea, Input):
        for cls in widget.__mro__:
            for binding in vars(cls).get("BINDINGS", []):
                binding = binding if isinstance(binding, Binding) else Binding(*binding)
                keys.update(key for key in split(binding.key)
                            if key.startswith("ctrl+") or re.fullmatch(r"f\d+", key))
    return keys


def test_the_walk_finds_every_kind_of_place() -> None:
    owners = {owner for owner, _ in our_bindings()}
    assert {"CompactApp", "ChairScreen", "MeetingsScreen", "ConfirmScreen", "HelpScreen",
            "FormScreen", "RatingPicker", "OrganisationDetailScreen"} <= owners


def test_every_binding_has_a_known_meaning_on_its_keys() -> None:
    wrong = []
    for owner, binding in our_bindings():
        if binding.id in TYPED_VALUES:
            continue
        if binding.id not in KEYS:
            wrong.append(f"{owner}: {binding.key} has id {binding.id!r}, not a meaning in "
                         f"ui/keys.py")
        elif split(binding.key) != split(KEYS[binding.id].keys):
            wrong.append(f"{owner}: {binding.id} is on {binding.key}, but means "
                         f"{KEYS[binding.id].keys} everywhere else")
    assert not wrong, "\n".join(wrong)


def test_one_key_one_meaning_across_all_screens() -> None:
    meanings: dict[str, set[str]] = defaultdict(set)
    where: dict[str, set[str]] = defaultdict(set)
    for owner, binding in our_bindings():
        if binding.id in TYPED_VALUES:
            continue
        for key in split(binding.key):
            meanings[key].add(binding.id or "(no id)")
            where[key].add(f"{owner}:{binding.id}")
    for table_id, entry in KEYS.items():
        for key in split(entry.keys):
            meanings[key].add(table_id)
    clashes = {key: sorted(where[key]) for key, ids in meanings.items() if len(ids) > 1}
    assert not clashes, f"keys with more than one meaning: {clashes}"


def test_no_key_the_terminal_takes_first() -> None:
    taken = [(owner, binding.id, key) for owner, binding in our_bindings()
             for key in split(binding.key) if key in TERMINAL_OWNED]
    taken += [("ui/keys.py", meaning, key) for meaning, entry in KEYS.items()
              for key in split(entry.keys) if key in TERMINAL_OWNED]
    assert not taken, f"bound on a key the terminal owns: {taken}"


def test_flow_control_keys_always_have_another_way() -> None:
    stranded = []
    for meaning, entry in KEYS.items():
        keys = split(entry.keys)
        if all(key in FLOW_CONTROL for key in keys) and meaning not in FLOW_CONTROL_FALLBACK:
            stranded.append(meaning)
    assert not stranded, f"only reachable through ctrl+s/ctrl+q: {stranded}"


def test_no_ctrl_or_function_key_is_swallowed_by_a_text_box() -> None:
    swallowed = text_box_keys()
    hidden = [(owner, binding.id, key) for owner, binding in our_bindings()
              for key in split(binding.key) if key in swallowed]
    assert not hidden, f"a focused text box takes these first: {hidden}"


def test_enter_never_says_yes_to_a_question() -> None:
    from compact_tui.ui.shell.confirm import ConfirmScreen

    for binding in ConfirmScreen.BINDINGS:
        if "enter" in split(binding.key) or "escape" in split(binding.key):
            assert binding.action == "answer(False)"
    yes = [b for b in ConfirmScreen.BINDINGS if b.action == "answer(True)"]
    assert [b.id for b in yes] == ["yes"] and KEYS["yes"].keys == "y"


def test_check_keymap_applies_good_entries_and_explains_bad_ones() -> None:
    usable, problems = check_keymap({
        "export": "Ctrl+E",          # fine, written the way people write keys
        "history": "ctrl+b",          # tmux's prefix
        "new": "x",                   # x already means export... but export moved away
        "chair": "h",                 # h means history (which failed to move)
        "frobnicate": "f6",          # no such meaning
        "save": "ctrl+s",             # flow control alone
        "edit": 5,                    # not text
        "find": "ctrl+ee,",            # no such key
    })
    assert usable == {"export": "ctrl+e", "new": "x"}
    text = "\n".join(problems)
    assert "history: ctrl+b is tmux's prefix key" in text
    assert "chair: h already means 'history'" in text
    assert "'frobnicate' is not a key name" in text
    assert "save: ctrl+s alone is unsafe" in text
    assert "edit: give the key as text" in text
    assert "find: 'ctrl+ee' is not a key name" in text


def test_keys_section_in_settings_file(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("member: Jo Morgan\nkeys:\n  export: ctrl+e\n  history: f11\n",
                    encoding="utf-8")
    assert load_settings(path).keys == {"export": "ctrl+e", "history": "f11"}
    path.write_text("keys: [export, ctrl+e]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="keys must be lines of 'meaning: key'"):
        load_settings(path)


async def test_remapped_key_works_on_every_screen_and_bad_entry_is_shown(
        make_app, demo_path: Path) -> None:
    from compact_tui.ui.shell.export_dialog import ExportDialog
    from compact_tui.ui.shell.help import HelpScreen

    app = make_app(demo_path, section="meetings")
    app.settings.keys = {"export": "ctrl+e", "history": "ctrl+b"}
    app.keymap, app.keymap_problems = check_keymap(app.settings.keys)
    app.set_keymap(app.keymap)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert any("ctrl+b is tmux's prefix key" in str(n.message)
                   for n in app._notifications)
        await pilot.press("x")               # the old key does nothing now
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("escape")
        await pilot.press("3")               # the action log: the same meaning moved there too
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("escape", "f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one("#help-box Static").render())
        assert "ctrl+e" in shown and "export" in shown


def test_settings_keep_the_keys_section_when_saved(tmp_path: Path) -> None:
    from compact_tui.config import save_settings

    path = tmp_path / "config.yaml"
    save_settings(Settings(member="Jo", keys={"export": "ctrl+e"}), path)
    assert load_settings(path).keys == {"export": "ctrl+e"}
    save_settings(Settings(member="Jo"), path)
    assert "keys" not in path.read_text(encoding="utf-8")


async def test_chair_keys_fit_the_footer_at_80_columns(make_app, demo_path: Path) -> None:
    """Next, previous, decision, action, attendance, end meeting and help all in view at
    80x24, over the minutes and over the attendance sheet alike."""
    from textual.widgets._footer import FooterKey

    from compact_tui.ui.meetings.chair import ChairScreen

    essential = {"Next", "Prev", "Decision", "Action", "Attendance", "End", "Help"}
    app = make_app(demo_path, section="meetings")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        for _ in range(20):
            await pilot.pause()
            if isinstance(app.screen, ChairScreen):
                break
        for panel in ("minutes", "attendance"):
            await pilot.pause()
            in_view = {key.description for key in app.screen.query(FooterKey)
                       if key.region.width and key.region.right <= 80}
            assert essential <= in_view, f"{panel}: missing {essential - in_view}"
            await pilot.press("f5")


def test_readme_key_table_is_the_one_the_app_uses() -> None:
    from compact_tui.ui.keys import keys_markdown

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert keys_markdown() in readme


async def test_hints_spell_a_remapped_key_as_remapped(make_app, demo_path: Path) -> None:
    """Hints are spelt from the key table and the user's keymap, never by hand: with back on
    f6, save on ctrl+e and the disputes' filter on ctrl+k, the form hints, the disputes heading
    and the dispute form say so."""
    from textual.widgets import Static

    from compact_tui.ui.disputes.dispute_form import DisputeForm
    from compact_tui.ui.register.organisation_form import OrganisationForm
    from compact_tui.ui.widgets.key_hint import KeyHint

    app = make_app(demo_path, section="disputes")
    app.settings.keys = {"back": "f6", "save": "ctrl+e", "filter": "ctrl+k"}
    app.keymap, problems = check_keymap(app.settings.keys)
    assert problems == []
    app.set_keymap(app.keymap)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        heading = str(app.screen.query_one("#disputes-heading", Static).render())
        assert "ctrl+k shows closed ones" in heading and " f shows" not in heading
        app.push_screen(OrganisationForm())
        await pilot.pause()
        hint = str(app.screen.query_one(KeyHint).render())
        assert hint == "Tab: next field · Enter: save · f6: cancel"
        await pilot.press("f6")  # and the key does what the hint says
        await pilot.pause()
        assert not isinstance(app.screen, OrganisationForm)
        app.push_screen(DisputeForm())
        await pilot.pause()
        hint = str(app.screen.query_one(KeyHint).render())
        assert "ctrl+e: save" in hint and "f6: cancel" in hint and "Esc" not in hint
