"""Property: any interleaving of edits, saves and file exchanges between N machines loses no
edit, and every machine ends with the same data whatever order the files travelled in.

Each machine is a Store on its own copy of the file (its own folder, journal and device id).
A "sync" step delivers one machine's file to another the way a sync service does: either by
renaming it over the other's file, or by leaving it beside as a conflict copy. An edit counts
as lost unless its value is the final one, is kept in the conflicts table, or was on the
writer's screen when a later edit replaced it (a person saw it and changed it).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compact_tui.store import Store, UnknownRecordError, open_store

RECORDS = 3
FIELDS = ("a", "b")

machine = st.integers(min_value=0, max_value=3)
step = st.one_of(
    st.tuples(st.just("edit"), machine, st.integers(0, RECORDS - 1), st.sampled_from(FIELDS)),
    st.tuples(st.just("delete"), machine, st.integers(0, RECORDS - 1)),
    st.tuples(st.just("insert"), machine),
    st.tuples(st.just("save"), machine),
    st.tuples(st.just("refresh"), machine),
    st.tuples(st.just("sync"), machine, machine, st.booleans()),
    st.tuples(st.just("absorb"), machine),
)


class World:
    def __init__(self, root: Path, count: int) -> None:
        self.root = root
        seed_path = root / "seed" / "compact.json"
        with open_store(seed_path, member="Seeder", device="seed",
                        journal_folder=root / "seed-journal") as seed:
            self.ids = [seed.insert("actions", {f: "seed" for f in FIELDS})
                        for _ in range(RECORDS)]
        self.stores: list[Store] = []
        for index in range(count):
            path = root / f"m{index}" / "compact.json"
            path.parent.mkdir()
            shutil.copy(seed_path, path)
            self.stores.append(open_store(path, member=f"Member {index}", device=f"dev{index}",
                                          journal_folder=root / f"journal{index}",
                                          backups_kept=0))
        self.written: dict[tuple[str, str], set[str]] = {}
        self.seen_replaced: set[str] = {"seed"}
        self.inserted: set[str] = set()
        self.counter = 0
        self.copies = 0

    def apply(self, action: tuple) -> None:
        kind, who = action[0], action[1] % len(self.stores)
        store = self.stores[who]
        if kind == "edit":
            record_id, name = self.ids[action[2]], action[3]
            current = store.get("actions", record_id)
            if current is None:
                return
            self.counter += 1
            value = f"m{who}-{self.counter}"
            self.seen_replaced.add(current.get(name, "seed"))
            store.update("actions", record_id, {name: value})
            self.written.setdefault((record_id, name), set()).add(value)
        elif kind == "delete":
            record_id = self.ids[action[2]]
            current = store.get("actions", record_id)
            if current is None:
                return
            self.seen_replaced.update(current.get(name, "seed") for name in FIELDS)
            try:
                store.delete("actions", record_id)
            except UnknownRecordError:
                return
        elif kind == "insert":
            self.inserted.add(store.insert("notes", {"by": who}))
        elif kind == "save":
            store.save()
        elif kind == "refresh":
            store.refresh()
        elif kind == "absorb":
            store.absorb_conflict_copies()
        elif kind == "sync":
            self.deliver(who, action[2] % len(self.stores), as_copy=action[3])

    def deliver(self, source: int, target: int, *, as_copy: bool) -> None:
        if source == target or not self.stores[source].path.exists():
            return
        src, dst = self.stores[source].path, self.stores[target].path
        if as_copy:
            self.copies += 1
            name = f"compact.sync-conflict-20261125-1010{self.copies % 100:02d}-DEV{source}.json"
            shutil.copy(src, dst.with_name(f"{name}.tmp"))
            os.replace(dst.with_name(f"{name}.tmp"), dst.with_name(name))
        else:
            shutil.copy(src, dst.with_name(".incoming.tmp"))
            os.replace(dst.with_name(".incoming.tmp"), dst)

    def settle(self) -> None:
        """Everyone saves, then the files go round until every machine has everything."""
        for store in self.stores:
            store.absorb_conflict_copies()
            assert store.save()
        for _ in range(2):
            for source in range(len(self.stores)):
                for target in range(len(self.stores)):
                    self.deliver(source, target, as_copy=False)
                    assert self.stores[target].save()
        for store in self.stores:
            store.refresh()

    def view(self, store: Store) -> tuple:
        records = {table: sorted((r["id"], sorted((k, str(v)) for k, v in r.items()
                                                  if not k.startswith("_")))
                                 for r in store.all(table))
                   for table in ("actions", "notes")}
        clashes = sorted((c["record_id"], c["field"], str(c["kept_value"]),
                          str(c["lost_value"])) for c in store.conflicts())
        return records, clashes

    def close(self) -> None:
        for store in self.stores:
            store.close()


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(count=st.integers(min_value=2, max_value=4),
       steps=st.lists(step, min_size=1, max_size=30))
def test_no_edit_is_lost_and_every_machine_agrees(tmp_path_factory, count: int,
                                                   steps: list[tuple]) -> None:
    with mock.patch("os.fsync"):  # durability is tested elsewhere; here only the merge
        run_world(tmp_path_factory.mktemp("world"), count, steps)


def run_world(root: Path, count: int, steps: list[tuple]) -> None:
    world = World(root, count)
    try:
        for action in steps:
            world.apply(action)
        world.settle()
        views = [world.view(store) for store in world.stores]
        assert all(view == views[0] for view in views[1:])
        reference = world.stores[0]
        kept_in_conflicts = {str(c[key]) for c in reference.conflicts()
                             for key in ("kept_value", "lost_value")}
        for (record_id, name), values in world.written.items():
            record = reference.get("actions", record_id)
            final = record.get(name) if record is not None else None
            for value in values:
                assert (value == final or value in kept_in_conflicts
                        or value in world.seen_replaced), (value, record_id, name)
        assert world.inserted <= {r["id"] for r in reference.all("notes")}
        assert not list(world.root.glob("m*/compact.sync-conflict-*"))
    finally:
        world.close()
