"""Typed records at the boundary (issue 17, point 2): every table has a schema; a record that
does not fit is a damaged record that is read without crashing, reported by ``check`` by table
and field, and refused by ``open_store``; a file holding a table twice is never saved over."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from compact_tui.cli import main
from compact_tui.domain.actions import Action
from compact_tui.domain.damaged import DamagedRecordsService, RepairError
from compact_tui.domain.records import from_record
from compact_tui.domain.schemas import APP_TABLES, TABLE_SCHEMAS, record_problems
from compact_tui.store import StoreError, open_store
from compact_tui.store.files import UnreadableStoreError

from .damage import HAND_EDITOR, damage, first_id


def test_every_table_the_app_uses_has_a_schema(demo_path: Path) -> None:
    stored = {table for table in orjson.loads(demo_path.read_bytes())
              if not table.startswith("_")}
    assert stored <= APP_TABLES
    for table in APP_TABLES:
        assert TABLE_SCHEMAS[table].section, table


def test_the_demo_store_has_no_damaged_record(demo_path: Path) -> None:
    with open_store(demo_path, member="Jo", read_only=True) as store:
        for table in TABLE_SCHEMAS:
            for record in store.all(table):
                assert record_problems(table, record) == [], (table, record)


def test_a_damaged_field_is_read_as_its_default_and_the_rest_is_kept() -> None:
    action = from_record(Action, {"id": "a1", "ref": 5, "description": "Write to the council",
                                  "due": ["2026-12-01"], "notes": [{"at": 3}],
                                  "_updated_by": "Mallory"})
    assert (action.id, action.ref, action.description, action.due, action.notes) == (
        "a1", "", "Write to the council", "", [])
    assert action.updated_by == "Mallory"


def test_problems_are_named_by_field_in_words() -> None:
    problems = record_problems("agenda_items", {"title": 7, "papers": ["a", 3],
                                                "votes_for": "two", "minutes": "fine"})
    said = {p.field: p.problem for p in problems}
    assert said == {
        "title": "should be text; it is a whole number",
        "papers": "should be a list of text; it is a list of 2 (item 2 should be text, not a "
                  "whole number)",
        "votes_for": "should be a whole number or nothing (null); it is text",
    }
    assert record_problems("self_assessments", {"answer.1.1": {"rating": 3},
                                                "review.1.1": None, "year": "2026"})
    assert record_problems("a_scripts_own_table", {"anything": [{"x": None}]}) == []


def test_open_store_refuses_a_write_that_does_not_fit_naming_the_field(tmp_path: Path) -> None:
    with open_store(tmp_path / "compact.json", member="Jo") as store:
        org = store.insert("organisations", {"name": "Brentwood CVS"})
        for fields, named in [({"name": 5}, '"name" should be text; it is a whole number'),
                              ({"date_signed": None}, '"date_signed" should be text')]:
            with pytest.raises(StoreError, match=named):
                store.update("organisations", org, fields)
        with pytest.raises(StoreError, match='"is_lead" should be yes or no'):
            store.insert("champions", {"name": "Lee", "is_lead": "no"})
        with pytest.raises(StoreError, match='"year" should be a whole number'):
            store.insert("self_assessments", {"organisation_id": org, "year": "2026"})
        with pytest.raises(StoreError, match=r'"answer\.1\.1" should be a group'):
            store.insert("self_assessments", {"answer.1.1": "good"})
        assert store.get("organisations", org)["name"] == "Brentwood CVS"
        assert len(store.all("champions")) == 0 and len(store.all("self_assessments")) == 0
        # Other tables stay free-form, and a field a newer version added is kept.
        free = store.insert("my_notes", {"anything": [1, {"deep": None}], "when": 3})
        store.update("organisations", org, {"added_by_a_newer_app": {"x": 1}})
        assert store.get("my_notes", free)["anything"] == [1, {"deep": None}]
        assert store.get("organisations", org)["added_by_a_newer_app"] == {"x": 1}


def test_check_reports_damaged_records_by_table_and_field(demo_path: Path, capsys) -> None:
    org = first_id(demo_path, "organisations")
    action = first_id(demo_path, "actions")
    damage(demo_path, "organisations", org, {"name": 42})
    damage(demo_path, "actions", action, {"due": ["soon"], "status": None})
    assert main(["check", str(demo_path)]) == 1
    out = capsys.readouterr().out
    assert (f'damaged record in "organisations": record "{org}", field "name" should be text; '
            f"it is a whole number, last changed by {HAND_EDITOR}") in out
    assert f'damaged record in "actions": record "{action}", field "due"' in out
    assert f'damaged record in "actions": record "{action}", field "status"' in out
    assert "3 problem(s)" in out


def _twice(path: Path, table: str) -> bytes:
    """The file with a second copy of one table (as a hand merge of two files makes it)."""
    data = orjson.loads(path.read_bytes())
    first = orjson.dumps({table: data.pop(table)})[1:-1]
    second_doc = {"id-of-a-second-copy": {"name": "Only in the first copy", "_vv": {"x": 1},
                                           "_dots": {}, "_rev": 1}}
    second = orjson.dumps({table: second_doc})[1:-1]
    rest = orjson.dumps(data)[1:-1]
    payload = b"{" + second + b"," + rest + b"," + first + b"}"
    path.write_bytes(payload)
    return payload


def test_a_table_twice_fails_check_and_is_never_saved_over(demo_path: Path, capsys) -> None:
    payload = _twice(demo_path, "organisations")
    assert main(["check", str(demo_path)]) == 1
    out = capsys.readouterr().out
    assert 'holds the table "organisations" twice' in out
    assert "does not save over it; both copies are still in the file" in out
    store = open_store(demo_path, member="Jo")
    assert 'holds the table "organisations" twice' in (store.problem or "")
    store.insert("organisations", {"name": "New"})   # kept in the local journal
    assert not store.save()
    with pytest.raises(StoreError, match="twice"):
        store.close()
    assert demo_path.read_bytes() == payload


def test_a_record_id_twice_in_a_table_is_named(demo_path: Path) -> None:
    text = demo_path.read_bytes()
    key, doc = next(iter(orjson.loads(text)["organisations"].items()))
    record = orjson.dumps({key: doc})[1:-1]
    doubled = text.replace(b'"organisations":{', b'"organisations":{' + record + b",", 1)
    demo_path.write_bytes(doubled)
    with pytest.raises(UnreadableStoreError, match=f'the record "{key}" of "organisations" '
                                                    "twice"):
        from compact_tui.store.files import parse_store_bytes

        parse_store_bytes(doubled, demo_path.name)


def test_repair_reads_each_value_for_its_type_and_writes_only_changes(demo_path: Path) -> None:
    item = first_id(demo_path, "agenda_items")
    damage(demo_path, "agenda_items", item, {"planned_minutes": "ten", "papers": "a.pdf",
                                             "standing": "yes"})
    with open_store(demo_path, member="Jo") as store:
        service = DamagedRecordsService(store)
        [damaged] = service.find("meetings")
        assert damaged.updated_by == HAND_EDITOR
        fields = {f.name: f for f in service.repair_fields(damaged)}
        assert list(fields)[:3] == ["planned_minutes", "standing", "papers"]
        assert fields["planned_minutes"].text == "ten"
        assert fields["planned_minutes"].problem.startswith("should be a whole number")
        typed = {name: field.text for name, field in fields.items()}
        with pytest.raises(RepairError, match="planned_minutes should be a whole number"):
            service.repair(damaged, {**typed, "planned_minutes": "12 minutes"})
        assert store.get("agenda_items", item)["planned_minutes"] == "ten"  # nothing written
        changed = service.repair(damaged, {**typed, "planned_minutes": "12", "standing": "no",
                                           "papers": '["a.pdf"]'})
        assert sorted(changed) == ["papers", "planned_minutes", "standing"]
        assert service.find() == []
        record = store.get("agenda_items", item)
        assert (record["planned_minutes"], record["standing"], record["papers"]) == (
            12, False, ["a.pdf"])
