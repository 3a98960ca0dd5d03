"""Symbolic links in the shared folder are not followed: a linked data file is written through
(the link stays and the sync folder gets the edits); a linked conflict copy is never merged or
moved; linked backups, archive and presence folders get nothing written (or pruned) in them,
and the member is told."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from compact_tui.locations import archive_folder, backups_folder, presence_folder
from compact_tui.store import open_store
from compact_tui.store.backups import list_backups
from compact_tui.store.conflict_copies import prune_archive

from .shared_folder import copy_with

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")


def test_a_linked_data_file_is_written_through(demo_path: Path, tmp_path: Path) -> None:
    synced = tmp_path / "OneDrive" / "compact.json"
    synced.parent.mkdir()
    demo_path.replace(synced)
    link = tmp_path / "compact.json"
    link.symlink_to(synced)
    with open_store(link, member="Jo Morgan") as store:
        org = store.all("organisations")[0]
        store.update("organisations", org["id"], {"notes": "written through the link"})
    assert link.is_symlink() and link.resolve() == synced.resolve()
    assert "written through the link" in synced.read_text(encoding="utf-8")


def test_a_linked_conflict_copy_is_not_merged(demo_path: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    other = elsewhere / "other.json"
    with open_store(other, member="Mallory") as store:
        store.insert("organisations", {"name": "Planted from outside", "sector": "charity"})
    copy = demo_path.parent / "compact.sync-conflict-20261125-101010-ABCDEFG.json"
    copy.symlink_to(other)
    with open_store(demo_path, member="Jo Morgan") as store:
        store.absorb_conflict_copies()
        names = [o["name"] for o in store.all("organisations")]
    assert "Planted from outside" not in names
    assert copy.is_symlink() and other.exists()


def _linked_elsewhere(folder: Path, tmp_path: Path) -> Path:
    """Make ``folder`` (beside the data file) a link to a folder outside the shared folder."""
    outside = tmp_path / "outside" / folder.name
    outside.mkdir(parents=True)
    (outside / "someone-elses-file.json").write_text("{}")
    folder.symlink_to(outside, target_is_directory=True)
    return outside


def _untouched(outside: Path) -> bool:
    return [p.name for p in outside.iterdir()] == ["someone-elses-file.json"]


def test_a_linked_backups_folder_gets_nothing_and_the_member_is_told(demo_path: Path,
                                                                     tmp_path: Path) -> None:
    outside = _linked_elsewhere(backups_folder(demo_path), tmp_path)
    events = []
    with open_store(demo_path, member="Jo Morgan") as store:
        store.subscribe(events.append)
        org = store.all("organisations")[0]
        store.update("organisations", org["id"], {"notes": "saved all the same"})
        assert store.save()
        assert list_backups(demo_path) == []  # backups are not looked for there either
    assert "saved all the same" in demo_path.read_text(encoding="utf-8")
    assert _untouched(outside)
    told = [e.message for e in events if e.kind == "problem"]
    assert any("No backup was kept" in m and "is a link to another place" in m for m in told)


def test_a_linked_archive_folder_gets_no_copy_and_is_not_pruned(demo_path: Path,
                                                                tmp_path: Path) -> None:
    outside = _linked_elsewhere(archive_folder(demo_path), tmp_path)
    old = outside / "someone-elses-file.json"
    os.utime(old, (1, 1))  # older than any archive keeps a copy
    copy = demo_path.parent / "compact.sync-conflict-20261125-101011-ABCDEFG.json"
    copy_with(demo_path, copy, {"actions": {"description": "theirs"}})
    with open_store(demo_path, member="Jo Morgan") as store:
        assert any(a["description"] == "theirs" for a in store.all("actions"))  # merged
        assert any("could not be moved" in n and "is a link to another place" in n
                   for n in store.notes), store.notes
    assert prune_archive(demo_path) == []
    assert _untouched(outside) and copy.exists()


def test_a_linked_presence_folder_gets_no_heartbeat(demo_path: Path, tmp_path: Path) -> None:
    outside = _linked_elsewhere(presence_folder(demo_path), tmp_path)
    with open_store(demo_path, member="Jo Morgan") as store:
        store.presence.beat("Jo Morgan", "chair")
    assert _untouched(outside)
