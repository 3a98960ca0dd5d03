"""The public scripting API of the store, on one machine (sync has its own tests)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from tinydb import Query

from compact_tui.store import (
    ReadOnlyStoreError,
    StoreError,
    UnknownRecordError,
    open_store,
)
from compact_tui.store.files import load_store_file, lock_path_for


def test_insert_update_get_all_delete_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Jane Smith") as store:
        org_id = store.insert("organisations", {"name": "Brentwood CVS", "sector": "charity"})
        store.update("organisations", org_id, {"sector": "infrastructure"})
        other = store.insert("organisations", {"name": "Active Brentwood"})
        store.delete("organisations", other)
    with open_store(path, member="Someone else") as store:
        record = store.get("organisations", org_id)
        assert record is not None
        assert record["name"] == "Brentwood CVS"
        assert record["sector"] == "infrastructure"
        assert record["id"] == org_id
        assert record["_rev"] == 2
        assert record["_updated_by"] == "Jane Smith"
        assert record["_updated_at"].endswith("Z")
        assert store.get("organisations", other) is None
        assert [r["id"] for r in store.all("organisations")] == [org_id]


def test_file_is_tinydb_json_keyed_by_uuid_number_with_tombstones_apart(
        tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Jane") as store:
        kept = store.insert("actions", {"description": "Circulate the toolkit"})
        gone = store.insert("actions", {"description": "Drop me"})
        store.delete("actions", gone)
    raw = json.loads(path.read_text())
    assert set(raw["actions"]) == {str(uuid.UUID(kept).int)}
    assert raw["actions"][str(uuid.UUID(kept).int)]["id"] == kept
    [tombstone] = raw["_deleted"].values()
    assert (tombstone["id"], tombstone["_table"]) == (gone, "actions")
    assert tombstone["_deleted"]
    memory = load_store_file(path)
    assert set(memory["actions"]) == {kept, gone}
    assert memory["actions"][gone]["_deleted"]
    assert memory["actions"][kept]["_deleted"] is False
    assert memory["_meta"]["schema"]["schema_version"] == 1


def test_any_table_name_works_and_search_uses_tinydb_queries(tmp_path: Path) -> None:
    with open_store(tmp_path / "c.json", member="Jane") as store:
        store.insert("my_notes", {"text": "hello", "n": 1})
        store.insert("my_notes", {"text": "bye", "n": 2})
        found = store.search("my_notes", Query().n == 2)
        assert [r["text"] for r in found] == ["bye"]


def test_update_and_delete_of_unknown_or_deleted_records_fail_clearly(tmp_path: Path) -> None:
    with open_store(tmp_path / "c.json", member="Jane") as store:
        record_id = store.insert("t", {"x": 1})
        store.delete("t", record_id)
        with pytest.raises(UnknownRecordError):
            store.update("t", record_id, {"x": 2})
        with pytest.raises(UnknownRecordError):
            store.delete("t", "no-such-id")


@pytest.mark.parametrize("fields", [{"_rev": 3}, {"id": "x"}, {"": 1}, {"when": object()}])
def test_bad_fields_are_refused_and_nothing_is_stored(tmp_path: Path, fields: dict) -> None:
    with open_store(tmp_path / "c.json", member="Jane") as store:
        with pytest.raises(StoreError):
            store.insert("t", fields)
        assert store.all("t") == []


def test_update_reports_only_changed_fields_and_history_records_them(tmp_path: Path) -> None:
    with open_store(tmp_path / "c.json", member="Priya") as store:
        record_id = store.insert("meetings", {"venue": "Town Hall", "chair": "Sam"})
        assert store.update("meetings", record_id, {"venue": "Town Hall", "chair": "Jo"}) == [
            "chair"]
        history = store.history("meetings", record_id)
        assert history[0]["by"] == "Priya"
        assert set(history[0]["fields"]) >= {"chair", "venue"}


def test_read_only_store_refuses_edits_and_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    with open_store(path, member="Jane") as store:
        store.insert("t", {"x": 1})
    before = path.read_bytes()
    store = open_store(path, member="Jane", read_only=True)
    with pytest.raises(ReadOnlyStoreError):
        store.insert("t", {"x": 2})
    store.close()
    assert path.read_bytes() == before


def test_closing_saves_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    store = open_store(path, member="Jane")
    store.insert("t", {"x": 1})
    assert store.unsaved
    store.close()
    assert not store.unsaved
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith((".part", ".tmp"))
                 and p != lock_path_for(path)]
    assert leftovers == []
    assert load_store_file(path)["t"]


@pytest.mark.parametrize("payload", [b"", b"{not json", b'{"t": {}} trailing', b"[1, 2]",
                                     b'{"t": [1]}'])
def test_unreadable_file_is_never_overwritten(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "c.json"
    path.write_bytes(payload)
    store = open_store(path, member="Jane")
    assert store.problem
    store.insert("t", {"x": 1})
    assert store.save() is False
    assert path.read_bytes() == payload
    assert len(store.journal) >= 1
    with pytest.raises(StoreError):
        store.close()
    assert path.read_bytes() == payload


def test_where_returns_live_records_matching_every_field(tmp_path: Path) -> None:
    with open_store(tmp_path / "c.json", member="Jane") as store:
        first = store.insert("agenda_items", {"meeting_id": "m1", "title": "Welcome"})
        store.insert("agenda_items", {"meeting_id": "m2", "title": "Welcome"})
        gone = store.insert("agenda_items", {"meeting_id": "m1", "title": "AOB"})
        store.delete("agenda_items", gone)
        assert [r["id"] for r in store.where("agenda_items", meeting_id="m1")] == [first]
        assert store.where("agenda_items", meeting_id="m1", title="AOB") == []
        assert store.where("no_such_table", meeting_id="m1") == []
