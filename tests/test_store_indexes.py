"""The store's foreign-key indexes answer ``where`` exactly as a scan of the table would, through
edits, deletes, a foreign key moving, journal replay and others' edits merged from the file."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compact_tui.store import open_store


def scan(store, table: str, **equals) -> list[str]:
    return sorted(r["id"] for r in store.all(table)
                  if all(r.get(k) == v for k, v in equals.items()))


def ids(records) -> list[str]:
    return sorted(r["id"] for r in records)


def test_index_follows_edits_moves_and_deletes(tmp_path: Path) -> None:
    with open_store(tmp_path / "compact.json", member="Jo") as store:
        first = store.insert("agenda_items", {"meeting_id": "m1", "title": "Welcome"})
        second = store.insert("agenda_items", {"meeting_id": "m1", "title": "AOB"})
        store.insert("agenda_items", {"meeting_id": "m2", "title": "Other meeting"})
        assert ids(store.where("agenda_items", meeting_id="m1")) == sorted([first, second])
        store.update("agenda_items", second, {"meeting_id": "m2"})      # moved
        third = store.insert("agenda_items", {"meeting_id": "m1", "title": "Late"})
        store.delete("agenda_items", first)
        for meeting in ("m1", "m2", "m3"):
            assert ids(store.where("agenda_items", meeting_id=meeting)) == \
                scan(store, "agenda_items", meeting_id=meeting)
        assert ids(store.where("agenda_items", meeting_id="m1")) == [third]
        assert ids(store.where("agenda_items", meeting_id="m1", title="Late")) == [third]
        assert store.where("agenda_items", meeting_id="m1", title="Welcome") == []


def test_index_takes_in_another_members_edits_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Jo") as mine:
        item = mine.insert("agenda_items", {"meeting_id": "m1", "title": "Welcome"})
        mine.save()
        assert ids(mine.where("agenda_items", meeting_id="m1")) == [item]  # index built
        with open_store(path, member="Priya") as theirs:
            added = theirs.insert("agenda_items", {"meeting_id": "m1", "title": "Theirs"})
            theirs.update("agenda_items", item, {"meeting_id": "m9"})
            theirs.save()
        mine.refresh()
        assert ids(mine.where("agenda_items", meeting_id="m1")) == [added]
        assert ids(mine.where("agenda_items", meeting_id="m9")) == [item]


def test_damaged_foreign_key_values_do_not_break_the_index(tmp_path: Path) -> None:
    """A free-form table (a member's script's own) takes any value; the app's tables refuse
    one that does not fit (test_schemas.py), but a damaged record can still arrive by hand."""
    with open_store(tmp_path / "compact.json", member="Jo") as store:
        odd = store.insert("script_actions", {"meeting_id": ["not", "an", "id"]})
        fine = store.insert("script_actions", {"meeting_id": "m1"})
        assert ids(store.where("script_actions", meeting_id="m1")) == [fine]
        store.update("script_actions", odd, {"meeting_id": "m1"})
        assert ids(store.where("script_actions", meeting_id="m1")) == sorted([odd, fine])


OPERATIONS = st.lists(st.tuples(st.sampled_from(["insert", "move", "delete", "ask"]),
                                st.integers(0, 5), st.sampled_from(["m1", "m2", "m3"])),
                      max_size=40)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(OPERATIONS)
def test_where_equals_a_scan_after_any_edits(tmp_path: Path, operations) -> None:
    path = tmp_path / "property.json"
    path.unlink(missing_ok=True)
    with open_store(path, member="Jo") as store:
        made: list[str] = []
        for operation, index, meeting in operations:
            live = [record_id for record_id in made if store.get("actions", record_id)]
            if operation == "insert" or not live:
                made.append(store.insert("actions", {"meeting_id": meeting}))
            elif operation == "move":
                store.update("actions", live[index % len(live)], {"meeting_id": meeting})
            elif operation == "delete":
                store.delete("actions", live[index % len(live)])
            for wanted in ("m1", "m2", "m3"):
                assert ids(store.where("actions", meeting_id=wanted)) == \
                    scan(store, "actions", meeting_id=wanted)
