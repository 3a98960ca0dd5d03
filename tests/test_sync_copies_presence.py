"""Conflict copies left by sync services are merged and archived; presence files say who is in."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import orjson
import pytest

from compact_tui.store import open_store
from compact_tui.store.check import check_store_file
from compact_tui.store.conflict_copies import classify, find_conflict_copies
from compact_tui.store.files import load_store_file
from compact_tui.store.presence import Presence

DATA = Path("/shared/compact.json")

CERTAIN = {
    "compact (Priya's conflicted copy 2026-11-25).json": "Dropbox",
    "compact (Priya's conflicted copy 2026-11-25 (1)).json": "Dropbox",
    "compact (Kopie mit Konflikten von Priya 2026-11-25).json": "Dropbox",
    "compact (copie en conflit de Priya 2026-11-25).json": "Dropbox",
    "compact (Case Conflict).json": "Dropbox",
    "Compact (Case Conflict 1).json": "Dropbox",
    "compact (Unicode Encoding Conflict).json": "Dropbox",
    "compact-host-safeBackup-0001.json": "OneDrive",
    "compact.sync-conflict-20261125-101010-ABCDEFG.json": "Syncthing",
    "compact (conflicted copy 2026-11-25 101010).json": "Nextcloud",
    "compact (Conflict 2026-11-25 10:10).json": "Google Drive",
    "compact.sync-conflict-20261125-101010-ABCDEFG.sync-conflict-20261125-111111-XYZ1234.json":
        "Syncthing",
    "compact (Jo's conflicted copy 2026-11-25) (Priya's conflicted copy 2026-11-26).json":
        "Dropbox",
}
SHAPE_ONLY = {
    "compact-LAPTOP42.json": "OneDrive",
    "compact-LAPTOP42-1.json": "OneDrive",
    "compact (1).json": "Google Drive",
}
NOT_COPIES = ["compact.json", "compact.json.bak", "compactness.json", "other.json",
              "~$compact.json.123.ab12cd34.part", ".syncthing.compact.json.tmp",
              "~$compact.json.lock", "compact.txt", "compact-archive", "compact-backups",
              "compact-presence", "minutes compact (1).json", "compact .json"]


@pytest.mark.parametrize(("name", "service"), CERTAIN.items())
def test_certain_conflict_copy_names_are_recognised(name: str, service: str) -> None:
    copy = classify(name, DATA)
    assert copy is not None and copy.certain and copy.service == service


@pytest.mark.parametrize(("name", "service"), SHAPE_ONLY.items())
def test_names_with_only_the_shape_need_their_content_to_agree(name: str, service: str) -> None:
    copy = classify(name, DATA)
    assert copy is not None and not copy.certain and copy.service == service


@pytest.mark.parametrize("name", NOT_COPIES)
def test_our_own_files_and_unrelated_files_never_match(name: str) -> None:
    assert classify(name, DATA) is None


def _store_copy(source: Path, target: Path, edit: dict, member: str = "Jo") -> None:
    """What another machine's app wrote, as the sync service leaves it beside ours."""
    other = open_store(target.parent / "elsewhere" / target.name, member=member, device="dev-b")
    other._merge_data(load_store_file(source))
    for table, fields in edit.items():
        other.insert(table, fields)
    other.save()
    shutil.copy(other.path, target)
    other.close()
    shutil.rmtree(target.parent / "elsewhere")


def _known_computer(data: Path, host: str) -> None:
    """The device card LAPTOP42's app leaves when it opens the store (OneDrive names copies
    after the computer, so only a known computer's name is a conflict copy)."""
    folder = data.parent / f"{data.stem}-presence"
    folder.mkdir(exist_ok=True)
    (folder / "dev-laptop42.device.json").write_bytes(orjson.dumps(
        {"device": "dev-laptop42", "hosts": [host], "member": "Jo"}))


@pytest.mark.parametrize("name", [*CERTAIN, *SHAPE_ONLY])
def test_each_conflict_copy_is_merged_then_archived_at_open(tmp_path: Path, name: str) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya") as store:
        mine = store.insert("actions", {"description": "mine"})
    _known_computer(path, "LAPTOP42")
    copy = tmp_path / name
    _store_copy(path, copy, {"actions": {"description": "from the copy"}})
    with open_store(path, member="Priya") as store:
        descriptions = sorted(r["description"] for r in store.all("actions"))
        assert descriptions == ["from the copy", "mine"]
        assert store.get("actions", mine) is not None
        [note] = store.notes
        assert note.startswith(f"Merged in {name} (conflict copy from ")
    assert not copy.exists()
    assert (tmp_path / "compact-archive" / name).exists()
    raw = load_store_file(path)
    assert len([d for d in raw["actions"].values() if not d["_deleted"]]) == 2


def test_an_unparsable_conflict_copy_is_archived_and_reported_never_merged(
        tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya") as store:
        store.insert("actions", {"description": "mine"})
    copy = tmp_path / "compact.sync-conflict-20261125-101010-ABCDEFG.json"
    copy.write_bytes(b'{"actions": {"half')
    with open_store(path, member="Priya") as store:
        assert [r["description"] for r in store.all("actions")] == ["mine"]
        [note] = store.notes
        assert "could not be read" in note and "nothing was merged" in note
    assert (tmp_path / "compact-archive" / copy.name).read_bytes() == b'{"actions": {"half'


def test_a_shape_only_name_holding_something_else_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya") as store:
        store.insert("actions", {"description": "mine"})
    personal = tmp_path / "compact (1).json"
    personal.write_text('{"shopping": ["milk"]}')
    another_store = tmp_path / "compact-training.json"
    with open_store(another_store, member="Trainer") as store:
        store.insert("actions", {"description": "training only"})
    with open_store(path, member="Priya") as store:
        assert [r["description"] for r in store.all("actions")] == ["mine"]
        assert store.notes == []
    assert personal.exists() and another_store.exists()


def test_more_than_ten_copies_and_copies_of_copies_all_merge(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya") as store:
        store.insert("actions", {"description": "mine"})
    names = [f"compact.sync-conflict-20261125-1010{n:02d}-ABCDEFG.json" for n in range(12)]
    names.append("compact.sync-conflict-20261125-101000-ABCDEFG.sync-conflict-"
                 "20261125-101500-XYZ.json")
    for number, name in enumerate(names):
        _store_copy(path, tmp_path / name, {"actions": {"description": f"copy {number}"}})
    assert len(find_conflict_copies(path)) == 13
    with open_store(path, member="Priya") as store:
        assert len(store.all("actions")) == 14
        assert len(store.notes) == 13
    assert find_conflict_copies(path) == []
    assert len(list((tmp_path / "compact-archive").iterdir())) == 13


def test_the_background_loop_absorbs_a_copy_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    store = open_store(path, member="Priya")
    store.insert("actions", {"description": "mine"})
    store.save()
    events = []
    store.subscribe(events.append)
    copy = tmp_path / "compact (Jo's conflicted copy 2026-11-25).json"
    _store_copy(path, copy, {"actions": {"description": "Jo's"}})
    notices = store.absorb_conflict_copies()
    assert notices == [f"Merged in {copy.name} (conflict copy from Dropbox); it was moved to "
                       "compact-archive/."]
    assert [e.kind for e in events if e.kind == "absorbed"] == ["absorbed"]
    assert len(store.all("actions")) == 2
    store.close()


def test_check_reports_copies_waiting_conflicts_and_the_newest_backup(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya", backup_interval=0) as store:
        record_id = store.insert("actions", {"status": "open"})
        store.save()
        store.update("actions", record_id, {"status": "later"})
    other = open_store(path, member="Jo", device="dev-b", absorb_copies=False)
    mine = open_store(path, member="Priya", absorb_copies=False)
    other.update("actions", record_id, {"status": "done"})
    mine.update("actions", record_id, {"status": "dropped"})
    other.close()
    mine.close()
    (tmp_path / "compact (Jo's conflicted copy 2026-11-25).json").write_bytes(path.read_bytes())
    lines = "\n".join(check_store_file(path).lines())
    assert "1 unsettled conflict(s)" in lines
    assert "copy waiting: compact (Jo's conflicted copy 2026-11-25).json" in lines
    assert "newest valid backup: " in lines


# ------------------------------------------------------------------ presence


class FakeTime:
    def __init__(self) -> None:
        self.wall = 1_800_000_000.0
        self.mono = 100.0

    def advance(self, seconds: float) -> None:
        self.wall += seconds
        self.mono += seconds


def test_presence_shows_fresh_others_not_ourselves_nor_stale_ones(tmp_path: Path) -> None:
    data = tmp_path / "compact.json"
    clock = FakeTime()
    me = Presence(data, "dev-me", "s1", wall=lambda: clock.wall, monotonic=lambda: clock.mono)
    priya = Presence(data, "dev-p", "s2", wall=lambda: clock.wall,
                     monotonic=lambda: clock.mono)
    skewed = Presence(data, "dev-s", "s3", wall=lambda: clock.wall - 86400,
                      monotonic=lambda: clock.mono)
    me.beat("Jo Morgan", "chair")
    priya.beat("Priya Shah", "minute taker")
    skewed.beat("Sam Green", "")
    assert me.scan() == ["Priya Shah (minute taker)"]
    clock.advance(15)
    priya.beat("Priya Shah", "minute taker")
    skewed.beat("Sam Green", "")  # a day behind, but its heartbeat keeps changing
    assert me.scan() == ["Priya Shah (minute taker)", "Sam Green"]
    clock.advance(61)  # Priya's app crashed: her file stays but stops changing
    skewed.beat("Sam Green", "")
    assert me.scan() == ["Sam Green"]
    skewed.remove()
    assert me.scan() == []
    assert sorted(p.name for p in (tmp_path / "compact-presence").iterdir()
                  if not p.name.endswith(".device.json")) == ["dev-me.s1.json", "dev-p.s2.json"]


def test_store_presence_is_written_while_open_and_removed_on_close(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    jo = open_store(path, member="Jo Morgan", role="chair")
    priya = open_store(path, member="Priya Shah", role="minute taker", device="dev-p")
    jo.start_background()
    priya.start_background()
    try:
        assert priya.presence.scan() == ["Jo Morgan (chair)"]
        assert jo.presence.scan() == ["Priya Shah (minute taker)"]
        assert jo.others_present() == ["Priya Shah (minute taker)"]
    finally:
        priya.close()
    assert jo.presence.scan() == []
    jo.close()
    left = [p.name for p in (tmp_path / "compact-presence").iterdir()]
    assert [name for name in left if not name.endswith(".device.json")] == []


def test_a_crashed_app_on_this_machine_is_not_shown_as_present(tmp_path: Path) -> None:
    data = tmp_path / "compact.json"
    me = Presence(data, "dev-me", "now")
    me.beat("Jo Morgan", "chair")
    folder = tmp_path / "compact-presence"
    crashed = {"member": "Jo Morgan", "role": "chair", "device": "dev-me", "beat": 3,
               "pid": 2**22 + 12345, "updated": "2099-01-01T00:00:00+00:00"}
    (folder / "dev-me.before.json").write_bytes(orjson.dumps(crashed))
    other_window = dict(crashed, pid=os.getpid(), member="Jo (second window)")
    (folder / "dev-me.window.json").write_bytes(orjson.dumps(other_window))
    assert me.scan() == []  # the second window's time is far off and it has not beaten yet
    other_window["beat"] = 4
    (folder / "dev-me.window.json").write_bytes(orjson.dumps(other_window))
    assert me.scan() == ["Jo (second window) (chair)"]
