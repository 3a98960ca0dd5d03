"""The fault scenarios of DESIGN.md, with real processes writing one real file.

Each writer process is its own "machine": its own COMPACT_TUI_HOME (device id and journal) and
its own device id. Faults that cannot be caused for real as root (a read-only folder, a full
disk, Windows' PermissionError on rename) are injected at the file-writing call.
"""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import time
from pathlib import Path

import orjson
import pytest

from compact_tui.store import StoreError, open_store
from compact_tui.store import files as store_files
from compact_tui.store import sync as store_sync
from compact_tui.store.clock import HybridClock, parse_stamp
from compact_tui.store.files import RecordEncoder, dumps, load_store_file, lock_path_for

from .sync_workers.helpers import finish, run_writers, start_writer

pytestmark = pytest.mark.slow


def user_data(path: Path) -> dict:
    """Live records per user table, without bookkeeping: what every machine must agree on."""
    with open_store(path, member="Checker", read_only=True) as store:
        return {table: sorted((r["id"], sorted((k, json.dumps(v)) for k, v in r.items()
                                               if not k.startswith("_")))
                              for r in store.all(table))
                for table in store.tables() if not table.startswith("_")}


def seed(path: Path, **fields: object) -> str:
    with open_store(path, member="Seeder", device="seeder") as store:
        return store.insert("actions", dict(fields) or {"description": "Seed"})


def homes(tmp_path: Path, count: int) -> list[Path]:
    return [tmp_path / f"home{index}" for index in range(count)]


# ------------------------------------------------------------------ concurrent writers


def test_two_processes_edit_different_records_and_both_survive(tmp_path: Path) -> None:
    path = tmp_path / "shared" / "compact.json"
    path.parent.mkdir()
    seed(path)
    home_a, home_b = homes(tmp_path, 2)
    logs = run_writers([("Priya", "dev-a", [["inserts", "actions", 25, 2]], home_a),
                        ("Jo", "dev-b", [["inserts", "actions", 25, 3]], home_b)],
                       path, tmp_path / "go")
    written = {e["id"]: e["fields"] for log in logs for e in log if e["op"] == "insert"}
    assert len(written) == 50
    with open_store(path, member="Checker") as store:
        for record_id, fields in written.items():
            record = store.get("actions", record_id)
            assert record is not None and record["who"] == fields["who"]
        assert store.conflicts() == []


def test_two_processes_edit_the_same_field_one_wins_other_is_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    record_id = seed(path, status="open")
    home_a, home_b = homes(tmp_path, 2)
    run_writers([("Priya", "dev-a", [["update", "actions", record_id, {"status": "done"}],
                                     ["save"]], home_a),
                 ("Jo", "dev-b", [["update", "actions", record_id, {"status": "dropped"}],
                                  ["save"]], home_b)], path, tmp_path / "go")
    with open_store(path, member="Checker") as store:
        final = store.get("actions", record_id)["status"]
        [conflict] = store.conflicts()
        assert {final, conflict["lost_value"]} == {"done", "dropped"}
        assert conflict["kept_value"] == final
        assert conflict["field"] == "status"
        assert {conflict["kept_by"], conflict["lost_by"]} == {"Priya", "Jo"}


def test_a_delete_against_a_concurrent_edit_keeps_the_record_and_shows_a_conflict(
        tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    record_id = seed(path, status="open")
    home_a, home_b = homes(tmp_path, 2)
    run_writers([("Priya", "dev-a", [["delete", "actions", record_id], ["save"]], home_a),
                 ("Jo", "dev-b", [["update", "actions", record_id, {"status": "done"}],
                                  ["save"]], home_b)], path, tmp_path / "go")
    with open_store(path, member="Checker") as store:
        record = store.get("actions", record_id)
        assert record is not None and record["status"] == "done"
        [conflict] = store.conflicts()
        assert conflict["field"] == "_deleted" and conflict["lost_value"] == "deleted"


def test_three_writers_interleaving_saves_end_with_the_same_content(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    shared = seed(path, status="open")
    specs = []
    for index, (member, home) in enumerate(zip(["Priya", "Jo", "Sam"], homes(tmp_path, 3),
                                               strict=True)):
        specs.append((member, f"dev-{index}", [["inserts", "notes", 8, 2],
                                               ["updates", "actions", shared, "status", 6, 2],
                                               ["refresh"], ["save"]], home))
    logs = run_writers(specs, path, tmp_path / "go")
    inserted = {e["id"] for log in logs for e in log if e["op"] == "insert"}
    values = {e["fields"]["status"] for log in logs for e in log if e["op"] == "update"}
    readers = [open_store(path, member=f"Reader {n}", read_only=True) for n in range(3)]
    views = [{r["id"] for r in reader.all("notes")} for reader in readers]
    assert views[0] == views[1] == views[2] == inserted
    final = readers[0].get("actions", shared)["status"]
    assert final in values
    for reader in readers:
        reader.close()
    assert user_data(path) == user_data(path)


def test_a_cloned_device_id_loses_no_edit(tmp_path: Path) -> None:
    """Two machines restored from one profile share a device id; counters must not collide."""
    path = tmp_path / "compact.json"
    record_id = seed(path, status="open", owner="Sam")
    home_a, home_b = homes(tmp_path, 2)
    run_writers([("Priya", "clone", [["update", "actions", record_id, {"status": "done"}],
                                     ["insert", "notes", {"text": "from A"}], ["save"]], home_a),
                 ("Jo", "clone", [["update", "actions", record_id, {"owner": "Jo"}],
                                  ["insert", "notes", {"text": "from B"}], ["save"]], home_b)],
                path, tmp_path / "go")
    with open_store(path, member="Checker") as store:
        record = store.get("actions", record_id)
        assert (record["status"], record["owner"]) == ("done", "Jo")
        assert sorted(r["text"] for r in store.all("notes")) == ["from A", "from B"]


# ------------------------------------------------------------------ crashes


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.45])
def test_kill_9_at_a_random_moment_loses_no_accepted_edit(tmp_path: Path, delay: float,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "compact.json"
    seed(path)
    home = tmp_path / "home"
    process = start_writer(path, "Priya", "dev-a", [["inserts", "actions", 100000, 1]], home)
    assert process.stdout is not None
    first = json.loads(process.stdout.readline())  # the writer is editing and saving
    time.sleep(delay + random.random() * 0.05)
    process.send_signal(signal.SIGKILL)
    accepted = [first, *finish(process, expect_ok=False)]
    assert process.returncode == -signal.SIGKILL
    monkeypatch.setenv("COMPACT_TUI_HOME", str(home))
    with open_store(path, member="Priya", device="dev-a") as store:
        for entry in accepted:
            assert store.get("actions", entry["id"]) is not None, entry
    with open_store(path, member="Checker", read_only=True) as store:
        assert {e["id"] for e in accepted} <= {r["id"] for r in store.all("actions")}
    assert not list((home / "data" / "journal").glob("*.jsonl"))


def test_kill_between_temp_file_and_rename_keeps_the_file_and_the_edit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "compact.json"
    record_id = seed(path, status="open")
    before = path.read_bytes()
    home = tmp_path / "home"
    process = start_writer(path, "Priya", "dev-a",
                           [["update", "actions", record_id, {"status": "done"}],
                            ["kill_at_replace"], ["save"]], home)
    accepted = finish(process, expect_ok=False)
    assert process.returncode == -signal.SIGKILL
    assert [e["op"] for e in accepted] == ["update"]
    assert path.read_bytes() == before
    assert list(tmp_path.glob("~syncthing~compact.json.*.tmp"))
    monkeypatch.setenv("COMPACT_TUI_HOME", str(home))
    with open_store(path, member="Priya") as store:
        assert store.get("actions", record_id)["status"] == "done"
        assert any("Recovered" in note for note in store.notes)
    assert load_store_file(path)["actions"][record_id]["status"] == "done"


def test_a_crash_in_the_middle_of_an_edit_leaves_a_readable_journal(
        tmp_path: Path) -> None:
    """A journal line cut short by the crash is skipped; earlier edits come back."""
    path = tmp_path / "compact.json"
    record_id = seed(path, status="open")
    store = open_store(path, member="Priya")
    store.update("actions", record_id, {"status": "done"})
    with open(store.journal.path, "ab") as handle:
        handle.write(b'{"table": "actions", "id": "half')
    store._session_lock.release(remove=False)  # the process "dies" without saving
    with open_store(path, member="Priya") as again:
        assert again.get("actions", record_id)["status"] == "done"


# ------------------------------------------------------------------ the file under us


@pytest.mark.parametrize("damage", [
    pytest.param(lambda good: good[: len(good) // 2], id="truncated"),
    pytest.param(lambda good: b"", id="zero-bytes"),
    pytest.param(lambda good: b"   \n", id="placeholder-blank"),
    pytest.param(lambda good: b"<html>not json</html>", id="not-json"),
    pytest.param(lambda good: b'{"actions": ["a list"]}', id="wrong-shape"),
    pytest.param(lambda good: b'{"actions": {"x": {"_vv": [1]}}}', id="bad-bookkeeping"),
    pytest.param(lambda good: good + b'{"extra": 1}', id="trailing-garbage"),
])
def test_an_unreadable_file_is_never_written_over_and_edits_wait_in_the_journal(
        tmp_path: Path, damage: object) -> None:
    path = tmp_path / "compact.json"
    record_id = seed(path, status="open")
    good = path.read_bytes()
    store = open_store(path, member="Priya")
    events = []
    store.subscribe(events.append)
    bad = damage(good)  # type: ignore[operator]
    path.write_bytes(bad)
    store.update("actions", record_id, {"status": "done"})
    assert store.save() is False
    assert path.read_bytes() == bad
    assert store.problem and "untouched" in store.problem and "journal" in store.problem
    assert store.status().read_only and len(store.journal) >= 1
    assert [e.kind for e in events] == ["problem"]
    assert store.get("actions", record_id)["status"] == "done"
    path.write_bytes(good)  # the sync service finishes delivering the file
    assert store.save() is True
    assert store.problem is None and "recovered" in [e.kind for e in events]
    store.close()
    assert load_store_file(path)["actions"][record_id]["status"] == "done"


def test_opening_an_unreadable_file_shows_the_newest_backup_read_only(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya", backup_interval=0) as store:
        record_id = store.insert("actions", {"status": "open"})
        store.save()
        store.update("actions", record_id, {"status": "later"})
    path.write_bytes(b"")
    store = open_store(path, member="Jo")
    assert store.problem and "backup" in store.problem
    assert store.get("actions", record_id) is not None
    assert store.save() is False and path.read_bytes() == b""
    backup = store.backups_available()[0]
    store.restore_backup(backup.path)
    assert store.problem is None
    assert store.get("actions", record_id) is not None
    archived = list((tmp_path / "compact-archive").iterdir())
    assert len(archived) == 1 and archived[0].read_bytes() == b""
    store.close()
    assert record_id in load_store_file(path)["actions"]


def test_replaced_by_rename_while_open_then_saving_keeps_both(tmp_path: Path) -> None:
    """The TinyDB trap: a sync client renames a new file in; our next save must merge it."""
    path = tmp_path / "compact.json"
    record_id = seed(path, status="open")
    store = open_store(path, member="Priya")
    store.update("actions", record_id, {"status": "done"})
    other = open_store(tmp_path / "elsewhere" / "compact.json", member="Jo", device="dev-b")
    other._merge_data(load_store_file(path))
    other.update("actions", record_id, {"owner": "Jo"})
    theirs = other.insert("notes", {"text": "from Jo"})
    other.save()
    temp = tmp_path / ".syncthing.compact.json.tmp"
    temp.write_bytes(other.path.read_bytes())
    os.replace(temp, path)
    assert store.save()
    store.close()
    other.close()
    raw = load_store_file(path)
    assert raw["actions"][record_id]["status"] == "done"
    assert raw["actions"][record_id]["owner"] == "Jo"
    assert theirs in raw["notes"]


def test_file_deleted_or_moved_away_while_running_is_written_back(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    record_id = seed(path, status="open")
    store = open_store(path, member="Priya")
    events = []
    store.subscribe(events.append)
    path.rename(tmp_path / "moved.json")
    store.refresh()
    assert store.unsaved
    assert store.save()
    assert record_id in load_store_file(path)["actions"]
    assert any("disappeared" in e.message for e in events)
    path.unlink()
    store.update("actions", record_id, {"status": "done"})
    store.close()
    assert load_store_file(path)["actions"][record_id]["status"] == "done"


def test_an_older_version_restored_by_the_sync_service_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    record_id = seed(path, status="open")
    old = path.read_bytes()
    store = open_store(path, member="Priya")
    store.update("actions", record_id, {"status": "done"})
    added = store.insert("actions", {"status": "new"})
    assert store.save()
    path.write_bytes(old)  # "restore previous version"
    store.refresh()
    assert store.save()
    store.close()
    raw = load_store_file(path)
    assert raw["actions"][record_id]["status"] == "done" and added in raw["actions"]


def test_missing_for_an_instant_during_a_sync_swap_is_not_a_new_store(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    record_id = seed(path, status="open")
    payload = path.read_bytes()
    path.unlink()
    import threading

    def put_back() -> None:
        time.sleep(0.02)
        path.write_bytes(payload)

    threading.Thread(target=put_back).start()
    with open_store(path, member="Priya") as store:
        assert store.get("actions", record_id) is not None
        assert not store.notes


def test_a_missing_file_with_backups_beside_it_starts_from_the_newest_backup(
        tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya", backup_interval=0) as store:
        record_id = store.insert("actions", {"status": "open"})
        store.save()
        store.update("actions", record_id, {"status": "done"})
    path.unlink()
    with open_store(path, member="Jo") as store:
        assert store.get("actions", record_id) is not None
        assert any("backup" in note for note in store.notes)


# ------------------------------------------------------------------ the folder refuses


@pytest.mark.parametrize(("error", "words"), [
    (PermissionError(errno.EACCES, "Permission denied"), "Permission denied"),
    (OSError(errno.ENOSPC, "No space left on device"), "No space left on device"),
    (OSError(errno.EROFS, "Read-only file system"), "Read-only file system"),
])
def test_read_only_folder_or_full_disk_gives_a_clear_message_and_keeps_the_edit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, words: str) -> None:
    path = tmp_path / "compact.json"
    record_id = seed(path, status="open")
    before = path.read_bytes()
    store = open_store(path, member="Priya")
    events = []
    store.subscribe(events.append)
    real_write = store_sync.write_atomically

    def refuse(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(store_sync, "write_atomically", refuse)
    store.update("actions", record_id, {"status": "done"})
    assert store.save() is False
    assert store.problem and words in store.problem and "local journal" in store.problem
    assert path.read_bytes() == before
    assert store.unsaved and len(store.journal) >= 1
    assert events[-1].kind == "problem"
    monkeypatch.setattr(store_sync, "write_atomically", real_write)
    assert store.save() is True
    assert store.problem is None and events[-2].kind == "recovered"
    assert len(store.journal) == 0
    store.close()
    assert load_store_file(path)["actions"][record_id]["status"] == "done"


def test_an_edit_survives_a_crash_while_the_folder_is_read_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "compact.json"
    record_id = seed(path, status="open")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    real_write = store_sync.write_atomically
    monkeypatch.setattr(store_sync, "write_atomically", refuse)
    store = open_store(path, member="Priya")
    store.update("actions", record_id, {"status": "done"})
    with pytest.raises(StoreError):
        store.close()
    monkeypatch.setattr(store_sync, "write_atomically", real_write)
    with open_store(path, member="Priya") as again:
        assert again.get("actions", record_id)["status"] == "done"
    assert load_store_file(path)["actions"][record_id]["status"] == "done"


def test_replace_failing_with_permission_error_a_few_times_then_succeeding(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "compact.json"
    record_id = seed(path, status="open")
    real_replace = os.replace
    failures = []

    def flaky_replace(source: object, target: object) -> None:
        if str(target) == str(path) and len(failures) < 3:
            failures.append(target)
            raise PermissionError(errno.EACCES, "The process cannot access the file")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(store_files.os, "replace", flaky_replace)
    with open_store(path, member="Priya") as store:
        store.update("actions", record_id, {"status": "done"})
        assert store.save() is True
    assert len(failures) == 3
    assert load_store_file(path)["actions"][record_id]["status"] == "done"
    assert [p for p in tmp_path.glob("*.tmp") if p != lock_path_for(path)] == []


# ------------------------------------------------------------------ clocks


def test_a_machine_a_day_behind_still_orders_its_later_edits_after(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    record_id = seed(path, status="open")
    ahead = open_store(path, member="Priya", device="dev-a")
    behind = open_store(path, member="Jo", device="dev-b",
                        clock=HybridClock(wall=lambda: time.time() - 86400))
    ahead.update("actions", record_id, {"status": "done"})
    ahead.save()
    behind.refresh()
    behind.update("actions", record_id, {"status": "reopened"})
    behind.save()
    ahead.refresh()
    assert ahead.get("actions", record_id)["status"] == "reopened"
    assert ahead.conflicts() == [] and behind.conflicts() == []
    # Now both edit at once: whatever wins, the other value is kept as a conflict.
    ahead.update("actions", record_id, {"owner": "Priya"})
    behind.update("actions", record_id, {"owner": "Jo"})
    ahead.save()
    behind.save()
    ahead.refresh()
    [conflict] = ahead.conflicts()
    assert {conflict["kept_value"], conflict["lost_value"]} == {"Priya", "Jo"}
    assert ahead.get("actions", record_id)["owner"] == behind.get("actions", record_id)["owner"]
    ahead.close()
    behind.close()


def test_a_clock_jumping_backwards_mid_session_never_reorders_edits(tmp_path: Path) -> None:
    walls = iter([1_800_000_000.0, 1_800_000_100.0, 1_700_000_000.0, 1_700_000_001.0,
                  1_600_000_000.0] + [1_600_000_000.0] * 50)
    clock = HybridClock(wall=lambda: next(walls))
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya", clock=clock) as store:
        record_id = store.insert("actions", {"status": "a"})
        stamps = []
        for value in "bcd":
            store.update("actions", record_id, {"status": value})
            stamps.append(store.raw_record("actions", record_id)["_dots"]["status"][2])
        assert stamps == sorted(stamps) and len(set(stamps)) == 3
        assert parse_stamp(stamps[-1])[0] >= 1_800_000_100_000
        assert store.get("actions", record_id)["status"] == "d"


# ------------------------------------------------------------------ strangers in the folder


def test_other_machines_temp_files_and_stale_presence_files_are_left_alone(
        tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    record_id = seed(path, status="open")
    strangers = [tmp_path / "~$compact.json.4242.abcd1234.part",
                 tmp_path / ".syncthing.compact.json.tmp", tmp_path / "~$compact.json.lock",
                 tmp_path / "compact.json.bak", tmp_path / "minutes-2026.json",
                 tmp_path / "compactness.json"]
    for stranger in strangers:
        stranger.write_bytes(b"{half")
    presence = tmp_path / "compact-presence"
    presence.mkdir()
    (presence / "crashed.abc123.json").write_bytes(orjson.dumps(
        {"member": "Sam", "role": "chair", "beat": 7, "updated": "2026-11-24T09:00:00+00:00"}))
    with open_store(path, member="Priya") as store:
        store.update("actions", record_id, {"status": "done"})
        assert store.others_present() == []
        assert not store.notes
    for stranger in strangers:
        assert stranger.read_bytes() == b"{half"
    assert not (tmp_path / "compact-archive").exists()


# ------------------------------------------------------------------ saving fast and right


def test_the_incremental_encoder_writes_exactly_the_data(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    store = open_store(path, member="Priya")
    ids = [store.insert("actions", {"n": n}) for n in range(30)]
    for step in range(60):
        store.update("actions", random.choice(ids), {"n": step, "note": "x" * step})
        if step % 7 == 0:
            store.delete("actions", ids.pop())
        if step % 5 == 0:
            assert store.save()
            assert load_store_file(path) == store.raw()
    other = open_store(path, member="Jo", device="dev-b")
    other.update("actions", ids[0], {"n": "from Jo"})
    other.insert("notes", {"text": "new table"})
    other.close()
    store.update("actions", ids[1], {"n": "from Priya"})
    assert store.save()
    assert load_store_file(path) == store.raw()
    assert bytes(RecordEncoder().encode(store.raw())) == dumps(store.raw())
    store.close()


def test_edits_made_while_a_merge_runs_are_kept(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The merge runs without the edit lock; an edit typed meanwhile is merged in on top."""
    path = tmp_path / "compact.json"
    record_id = seed(path, status="open", owner="Sam")
    mine = open_store(path, member="Priya", device="dev-a")
    theirs = open_store(path, member="Jo", device="dev-b")
    theirs.update("actions", record_id, {"status": "done", "owner": "Jo"})
    assert theirs.save()
    real_merge = store_sync.merge_databases

    def merge_while_typing(*args: object, **kwargs: object) -> object:
        mine.update("actions", record_id, {"owner": "Priya", "note": "typed meanwhile"})
        return real_merge(*args, **kwargs)

    monkeypatch.setattr(store_sync, "merge_databases", merge_while_typing)
    changes = mine.refresh()
    monkeypatch.setattr(store_sync, "merge_databases", real_merge)
    record = mine.get("actions", record_id)
    assert record["status"] == "done" and record["note"] == "typed meanwhile"
    [clash] = mine.conflicts()
    assert clash["field"] == "owner"
    assert {clash["kept_value"], clash["lost_value"]} == {"Priya", "Jo"}
    assert record["owner"] == clash["kept_value"]
    assert mine.unsaved and [c.table for c in changes] == ["_conflicts"]
    mine.close()
    theirs.close()
    with open_store(path, member="Checker", read_only=True) as check:
        assert check.get("actions", record_id)["note"] == "typed meanwhile"
