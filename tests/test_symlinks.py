"""Symbolic links in the shared folder: a linked data file is written through (the link stays
and the sync folder gets the edits); a linked conflict copy is never merged or moved."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from compact_tui.store import open_store

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
