"""The data file is a plain TinyDB database (file format 2): TinyDB reads it, a script's insert
becomes a record of the store, older files migrate with a backup first, an older version's
edits merge in, and a newer file is refused with "please upgrade"."""

from __future__ import annotations

import gzip
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

import orjson
import pytest
from tinydb import Query, TinyDB

from compact_tui.cli import main
from compact_tui.store import StoreError, open_store
from compact_tui.store.file_format import (
    ADOPTED_BY,
    DELETED_TABLE,
    FILE_FORMAT,
    FORMAT_TABLE,
    to_memory,
)
from compact_tui.store.files import load_store_file, shape_problems
from compact_tui.store.records import is_live

SYNCTHING_COPY = "compact.sync-conflict-20261125-101010-ABCDEFG.json"


def fields(record: dict[str, Any]) -> dict[str, Any]:
    """A record as a script uses it: its fields and its id, bookkeeping aside."""
    return {k: v for k, v in record.items() if not k.startswith("_")}


def app_view(path: Path) -> dict[str, list[dict[str, Any]]]:
    with open_store(path, member="Checker", read_only=True) as store:
        return {table: sorted((fields(r) for r in store.all(table)), key=lambda r: r["id"])
                for table in store.tables()}


def plain_view(path: Path, **storage: Any) -> dict[str, list[dict[str, Any]]]:
    db = TinyDB(path, **storage)
    try:
        return {table: sorted((fields(dict(doc)) for doc in db.table(table).all()),
                              key=lambda r: r["id"])
                for table in db.tables() if table not in (FORMAT_TABLE, DELETED_TABLE)}
    finally:
        db.close()


def old_format_bytes(store_data: dict[str, Any]) -> bytes:
    """What compact-tui 0.1 wrote: the memory layout itself (UUID keys, tombstones inline)."""
    return orjson.dumps(store_data)


def test_plain_tinydb_reads_every_table_of_the_demo_store_as_the_app_sees_it(
        demo_path: Path) -> None:
    with open_store(demo_path, member="Jo") as store:
        gone = store.all("actions")[0]["id"]
        store.delete("actions", gone)
    plain, app = plain_view(demo_path), app_view(demo_path)
    assert plain == app
    assert {"organisations", "meetings", "agenda_items", "actions", "_meta"} <= set(plain)
    assert gone not in {r["id"] for r in plain["actions"]}
    db = TinyDB(demo_path)
    org = db.table("organisations").all()[0]
    assert str(uuid.UUID(int=org.doc_id)) == org["id"]
    [tombstone] = [d for d in db.table(DELETED_TABLE).all() if d["id"] == gone]
    assert tombstone["_table"] == "actions"
    meeting = db.table("meetings").all()[0]
    items = db.table("agenda_items").search(Query().meeting_id == meeting["id"])
    assert items and {i["id"] for i in items} == {
        r["id"] for r in app["agenda_items"] if r["meeting_id"] == meeting["id"]}
    db.close()


def test_the_file_is_ascii_so_a_windows_code_page_still_reads_cafe(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    names = ["Café Nour", "Zoë’s “Youth” Trust — Brentwood", "Family Hub 🏠", "Ελληνικά"]
    with open_store(path, member="Zoë") as store:
        ids = [store.insert("organisations", {"name": name}) for name in names]
    payload = path.read_bytes()
    assert payload.isascii()
    assert b"\\u00e9" in payload and b"\\ud83c\\udfe0" in payload
    # TinyDB(path) opens the file in the locale's encoding: cp1252 on many Windows machines
    for encoding in ("cp1252", "utf-8", "ascii"):
        db = TinyDB(path, encoding=encoding)
        assert sorted(d["name"] for d in db.table("organisations").all()) == sorted(names)
        db.close()
    with open_store(path, member="Jo") as store:
        assert [store.get("organisations", i)["name"] for i in ids] == names


def test_a_record_inserted_by_plain_tinydb_becomes_a_record_of_the_store(
        demo_path: Path) -> None:
    db = TinyDB(demo_path)
    doc_id = db.table("actions").insert({"description": "Added by a script", "status": "open",
                                         "owner_name": "Sam Patel"})
    db.close()
    record_id = str(uuid.UUID(int=doc_id))
    with open_store(demo_path, member="Priya", device="dev-a") as mine, \
            open_store(demo_path, member="Jo", device="dev-b") as theirs:
        for store in (mine, theirs):
            record = store.get("actions", record_id)
            assert record["description"] == "Added by a script"
            assert record["_updated_by"] == ADOPTED_BY
            assert not store.unsaved  # adopting alike everywhere needs no save
        mine.update("actions", record_id, {"status": "done"})
        assert mine.save()
        theirs.update("actions", record_id, {"owner_name": "Jo Morgan"})
        assert theirs.save()
        mine.refresh()
        assert mine.save()
        theirs.refresh()
        for store in (mine, theirs):
            record = store.get("actions", record_id)
            assert (record["status"], record["owner_name"]) == ("done", "Jo Morgan")
            assert store.conflicts() == []
    assert app_view(demo_path) == plain_view(demo_path)
    db = TinyDB(demo_path)
    again = db.table("actions").get(doc_id=doc_id)
    assert again["status"] == "done" and again["id"] == record_id
    second = db.table("actions").insert({"description": "Another"})
    db.close()
    assert second != doc_id
    with open_store(demo_path, member="Priya") as store:
        assert store.get("actions", str(uuid.UUID(int=second)))["description"] == "Another"


def test_a_script_copying_a_record_with_insert_makes_a_new_record(demo_path: Path) -> None:
    db = TinyDB(demo_path)
    table = db.table("organisations")
    original = table.all()[0]
    copy_id = table.insert({**dict(original), "name": "A copy"})
    db.close()
    with open_store(demo_path, member="Priya") as store:
        assert store.get("organisations", original["id"])["name"] == original["name"]
        assert store.get("organisations", str(uuid.UUID(int=copy_id)))["name"] == "A copy"


def test_an_old_store_migrates_on_open_with_a_backup_first(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    with open_store(tmp_path / "made.json", member="Priya") as store:
        kept = store.insert("actions", {"description": "Kept"})
        gone = store.insert("actions", {"description": "Gone"})
        store.delete("actions", gone)
        old = old_format_bytes(store.raw())
    path.write_bytes(old)
    with pytest.raises(ValueError, match="invalid literal for int"):
        TinyDB(path).table("actions").all()  # format 1: UUID keys
    with open_store(path, member="Priya") as store:
        assert any("file format 2" in note and "backup" in note for note in store.notes)
        [backup] = (tmp_path / "compact-backups").glob(f"*before-format-{FILE_FORMAT}*")
        assert gzip.decompress(backup.read_bytes()) == old
    raw = orjson.loads(path.read_bytes())
    assert FORMAT_TABLE in raw and str(uuid.UUID(kept).int) in raw["actions"]
    assert [r["id"] for r in plain_view(path)["actions"]] == [kept]
    memory, before = load_store_file(path), to_memory(orjson.loads(old))
    assert not is_live(memory["actions"][gone])
    assert {t: r for t, r in memory.items() if t != "_meta"} == {
        t: r for t, r in before.items() if t != "_meta"}


def test_an_older_versions_conflict_copy_merges_in(tmp_path: Path) -> None:
    """A member still on 0.1 edited offline; their sync service left their file beside ours."""
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya", device="dev-a") as store:
        record_id = store.insert("actions", {"description": "Book the room", "status": "open"})
    old_member = tmp_path / "old-member.json"
    shutil.copyfile(path, old_member)
    with open_store(old_member, member="Sam", device="dev-old") as store:
        store.update("actions", record_id, {"status": "done"})
        added = store.insert("actions", {"description": "Sam's offline action"})
        old = old_format_bytes(store.raw())
    with open_store(path, member="Priya", device="dev-a") as store:
        store.update("actions", record_id, {"description": "Book the big room"})
    (tmp_path / SYNCTHING_COPY).write_bytes(old)
    with open_store(path, member="Priya", device="dev-a") as store:
        record = store.get("actions", record_id)
        assert (record["description"], record["status"]) == ("Book the big room", "done")
        assert store.get("actions", added)["description"] == "Sam's offline action"
        assert any(SYNCTHING_COPY in note for note in store.notes)
    assert not (tmp_path / SYNCTHING_COPY).exists()
    assert orjson.loads(path.read_bytes())[FORMAT_TABLE]


def test_an_old_format_file_synced_over_the_new_one_merges_while_the_app_runs(
        tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    store = open_store(path, member="Priya", device="dev-a")
    record_id = store.insert("actions", {"description": "Mine", "status": "open"})
    assert store.save()
    with open_store(tmp_path / "sam.json", member="Sam", device="dev-old") as sam:
        sam.sync.merge_data(store.raw())
        sam.update("actions", record_id, {"status": "done"})
        theirs = sam.insert("actions", {"description": "Sam's"})
        old = old_format_bytes(sam.raw())
    store.insert("actions", {"description": "Typed meanwhile"})
    temp = tmp_path / "incoming.tmp"
    temp.write_bytes(old)
    os.replace(temp, path)
    store.refresh()
    assert store.save()
    store.close()
    after = app_view(path)
    assert plain_view(path) == after
    descriptions = {r["description"]: r.get("status") for r in after["actions"]}
    assert descriptions == {"Mine": "done", "Sam's": None, "Typed meanwhile": None}
    assert theirs in {r["id"] for r in after["actions"]}


def test_a_file_both_versions_wrote_merges_each_record_once() -> None:
    """0.1 writing back a format-2 file it had merged would hold each record twice."""
    record_id = str(uuid.uuid4())
    dot_a, dot_b = ["a", 1, "1795000000000.0000", "Priya"], ["b", 1, "1795000000001.0000", "Sam"]
    new = {"id": record_id, "title": "Priya's", "_deleted": False,
           "_dots": {"title": dot_a}, "_vv": {"a": 1}, "_rev": 1}
    old = {"title": "Sam's", "_deleted": False, "_dots": {"title": dot_b}, "_vv": {"b": 1},
           "_rev": 1}
    memory = to_memory({"meetings": {str(uuid.UUID(record_id).int): new, record_id: old}})
    assert list(memory["meetings"]) == [record_id]
    assert memory["meetings"][record_id]["title"] == "Sam's"
    [clash] = memory["_conflicts"].values()
    assert clash["lost_value"] == "Priya's"


def test_a_newer_format_is_refused_with_please_upgrade_and_never_written(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya") as store:
        store.insert("actions", {"description": "Saved by 2"})
    raw = orjson.loads(path.read_bytes())
    raw[FORMAT_TABLE]["1"][0] = ["file_format", FILE_FORMAT + 1]
    raw["actions_v3"] = {"1": {"new": "layout"}}
    newer = orjson.dumps(raw)
    path.write_bytes(newer)
    store = open_store(path, member="Priya")
    assert "Please upgrade compact-tui" in (store.problem or "")
    assert store.all("actions") == []
    with pytest.raises(StoreError, match="upgrade"):
        store.restore_backup(next((tmp_path / "compact-backups").iterdir()))
    assert not store.save()
    store.close()
    assert path.read_bytes() == newer
    assert main(["check", str(path)]) == 1
    assert "Please upgrade compact-tui" in capsys.readouterr().out
    copy = tmp_path / SYNCTHING_COPY
    copy.write_bytes(newer)
    path.write_bytes(raw_format_2(tmp_path))
    with open_store(path, member="Priya") as store:
        assert store.problem is None
    assert copy.read_bytes() == newer  # left for a newer version to merge, not archived


def raw_format_2(tmp_path: Path) -> bytes:
    other = tmp_path / "other" / "compact.json"
    other.parent.mkdir()
    with open_store(other, member="Jo"):
        pass
    return other.read_bytes()


def test_compact_tui_0_1_refuses_the_new_file_naming_the_upgrade(demo_path: Path) -> None:
    """0.1 shape-checked every file with what is still ``shape_problems`` and reported the
    first problem, deep on opening and shallow on each merge; it wrote nothing over a file
    with a problem. (Checked by hand too: 0.1's `compact-tui check` prints it.)"""
    raw = orjson.loads(demo_path.read_bytes())
    for deep in (True, False):
        first = shape_problems(raw, deep=deep)[0]
        assert first == f'record "1" in table "{FORMAT_TABLE}" is not an object'
        assert "please upgrade compact-tui" in first


def test_a_scripts_update_of_a_field_is_kept_as_a_conflict_never_lost(
        demo_path: Path) -> None:
    """TinyDB's update changes a value but not who changed it when: nothing says which value
    is newer, so both are kept, on every machine alike, and a person settles it."""
    with open_store(demo_path, member="Priya") as store, \
            open_store(demo_path, member="Jo", device="dev-b") as other:
        action = store.all("actions")[0]
        db = TinyDB(demo_path)
        db.table("actions").update({"status": "late"}, doc_ids=[uuid.UUID(action["id"]).int])
        db.close()
        store.refresh()
        [clash] = store.conflicts()
        assert (clash["field"], clash["record_id"]) == ("status", action["id"])
        assert {clash["kept_value"], clash["lost_value"]} == {action["status"], "late"}
        assert store.save()
        other.refresh()
        assert other.conflicts() == store.conflicts()
        assert other.get("actions", action["id"])["status"] == clash["kept_value"]
