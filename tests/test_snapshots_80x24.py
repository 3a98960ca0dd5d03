"""Every screen and dialog at 80x24, the size of an ssh window on an old laptop.

The sections, chair mode, attendance, the action log, the register and dispute screens and the
assessment forms have their own snapshot files (also at 80x24); this file covers the rest, each
reached from the keyboard as a person would. Today and the status line's clock are frozen;
a record's history shows when edits were really made, and the palette fills its list while
the snapshot is taken, so flow tests cover those instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compact_tui.domain.assessments import SELF_ASSESSMENTS

from .test_snapshots_assessments import _open
from .test_snapshots_meetings import (
    meeting_under_way,  # noqa: F401  (a fixture)
    open_chair,
    settle,
)
from .test_ui_conflicts import store_with_clashes

SIZE = (80, 24)

# (test id, section, keys): each opens one screen or dialog from a section of the demo store
FROM_SECTIONS = [
    ("agenda_editor", "meetings", ["enter"]),
    ("new_meeting", "meetings", ["n"]),
    ("agenda_item_form", "meetings", ["enter", "n"]),
    ("meeting_details", "meetings", ["enter", "e"]),
    ("confirm_remove", "meetings", ["enter", "delete"]),
    ("action_detail", "actions", ["enter"]),
    ("action_status", "actions", ["s"]),
    ("organisation_form", "register", ["e"]),
    ("champion_form", "register", ["down", "down", "enter", "n"]),
    ("status_choice", "register", ["down", "down", "enter", "s"]),
    ("register_import", "register", ["i"]),
    ("dispute_next_step", "disputes", ["t"]),
    ("dispute_log", "disputes", ["v"]),
    ("dispute_lessons", "disputes", ["l"]),
    ("new_assessment", "assessments", ["n"]),
    ("forms_export", "assessments", ["x"]),
    ("forms_import", "assessments", ["i"]),
    ("help_in_a_section", "actions", ["f1"]),
]


@pytest.mark.parametrize(("section", "keys"), [case[1:] for case in FROM_SECTIONS],
                         ids=[case[0] for case in FROM_SECTIONS])
def test_screen_at_80x24(snap_compare, make_app, demo_path: Path, frozen_clock, section: str,
                         keys: list[str]) -> None:
    assert snap_compare(make_app(demo_path, section=section), press=keys, terminal_size=SIZE,
                        run_before=settle)


CHAIR_DIALOGS = [("decision_form", ["f2"]), ("action_form", ["f3"]),
                 ("declaration", ["f4"]), ("end_meeting", ["f12"]), ("guest", ["f5", "n"])]


@pytest.mark.parametrize("keys", [case[1] for case in CHAIR_DIALOGS],
                         ids=[case[0] for case in CHAIR_DIALOGS])
def test_chair_dialog_at_80x24(snap_compare, make_app, meeting_under_way: Path,  # noqa: F811
                               frozen_clock, keys: list[str]) -> None:
    assert snap_compare(make_app(meeting_under_way, section="meetings"), press=keys,
                        terminal_size=SIZE, run_before=open_chair)


def test_review_at_80x24(snap_compare, make_app, demo_path: Path, frozen_clock) -> None:
    assert snap_compare(make_app(demo_path, section="assessments"), terminal_size=SIZE,
                        run_before=_open(SELF_ASSESSMENTS, "submitted"))


def test_first_start_asks_the_name_at_80x24(snap_compare, make_app, demo_path: Path,
                                            frozen_clock) -> None:
    assert snap_compare(make_app(demo_path, member=""), terminal_size=SIZE, run_before=settle)


@pytest.mark.parametrize("keys", [[], ["enter"]], ids=["conflicts", "settle_conflict"])
def test_conflicts_at_80x24(snap_compare, make_app, tmp_path: Path, frozen_clock,
                            keys: list[str]) -> None:
    path = tmp_path / "compact.json"
    store_with_clashes(path)
    assert snap_compare(make_app(path, section="conflicts"), press=keys, terminal_size=SIZE,
                        run_before=settle)


def test_export_dialog_at_80x24(snap_compare, make_app, demo_path: Path, frozen_clock,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder offered is the store's; fixed here so the snapshot is the same anywhere."""
    from compact_tui.ui.meetings import agenda_editor

    monkeypatch.setattr(agenda_editor, "export_folder",
                        lambda store_path: Path("/home/jo/OneDrive/Brentwood Compact"))
    assert snap_compare(make_app(demo_path, section="meetings"), press=["enter", "x"],
                        terminal_size=SIZE, run_before=settle)



def test_history_at_80x24(snap_compare, make_app, demo_path: Path, frozen_clock,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A record's history; the times it shows (when the demo was made) are fixed here."""
    from compact_tui.ui.shell import history

    monkeypatch.setattr(history, "format_moment", lambda moment: "25 November 2026 14:00")
    assert snap_compare(make_app(demo_path, section="actions"), press=["h"],
                        terminal_size=SIZE, run_before=settle)


def test_restore_backup_at_80x24(snap_compare, make_app, demo_path: Path, frozen_clock,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The backups beside the file (three, at fixed local times)."""
    from datetime import datetime

    from compact_tui.store import Store
    from compact_tui.store.backups import Backup

    taken = [datetime(2026, 11, 25, hour, 5, 30).astimezone() for hour in (14, 11, 9)]
    monkeypatch.setattr(Store, "backups_available", lambda self: [
        Backup(Path(f"backups/compact-20261125-{at:%H%M%S}.json"), at) for at in taken])

    async def open_restore(pilot) -> None:
        await settle(pilot)
        pilot.app.action_restore()
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=open_restore)


def test_palette_at_80x24(snap_compare, make_app, demo_path: Path, frozen_clock) -> None:
    """The palette searching for "brent": the snapshot is taken once its list has stopped
    filling (it fills from a worker, which is why it flickered between runs before)."""
    from textual.command import CommandPalette
    from textual.widgets import OptionList

    from tests.waiting import wait_until

    async def search(pilot) -> None:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
        await pilot.press(*"brent")
        palette = pilot.app.screen
        counts: list[int] = []

        def filled() -> bool:
            counts.append(palette.query_one(OptionList).option_count)
            return len(counts) > 5 and counts[-1] > 0 and len(set(counts[-5:])) == 1 \
                and not palette.workers
        await wait_until(pilot, filled)

    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=search)
