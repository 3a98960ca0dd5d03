"""The shared folder stays calm: copies recognised (not guessed), bounded archive and backups,
temp files the sync services skip, the newest saved data always in a backup, clocks compared
as numbers (issue 12, points 3 to 7)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from compact_tui.store import open_store
from compact_tui.store.backups import list_backups, newest_backup_data, restore_edits
from compact_tui.store.check import check_store_file
from compact_tui.store.clock import HybridClock, format_stamp, stamp_key
from compact_tui.store.conflict_copies import (
    adds_nothing,
    archive_folder,
    classify,
    find_lookalikes,
    prune_archive,
)
from compact_tui.store.files import (
    load_store_file,
    lock_path_for,
    remove_stale_temp_files,
    write_atomically,
)
from compact_tui.store.presence import Presence, known_hosts, this_computer_names
from compact_tui.store.records import edit_record, merge_records, new_record
from compact_tui.store.schedule import SaveSchedule

from .shared_folder import copy_with, training_copy

DATA = Path("/shared/compact.json")


# ------------------------------------------------------------------ clocks


def test_counters_past_9999_are_compared_as_numbers() -> None:
    earlier, later = format_stamp(1_800_000_000_000, 9999), format_stamp(1_800_000_000_000, 10000)
    assert later < earlier  # as text the order is wrong ...
    assert stamp_key(later) > stamp_key(earlier)  # ... as numbers it is right
    base = new_record({"status": "open"}, "dev-a.s1", 1, earlier, "Priya")
    mine, _ = edit_record(base, {"status": "mine"}, "dev-a.s1", earlier, "Priya")
    theirs, _ = edit_record(base, {"status": "theirs"}, "dev-b.s2", later, "Jo")
    for a, b in ((mine, theirs), (theirs, mine)):
        merged, [clash] = merge_records("actions", "r1", a, b)
        assert merged["status"] == "theirs"  # the later stamp wins, whichever side is "ours"
        assert clash.lost_value == "mine"


def test_a_clock_far_behind_keeps_counting_past_9999_in_order() -> None:
    clock = HybridClock(wall=lambda: 1_700_000_000.0)
    clock.observe(format_stamp(1_800_000_000_000, 0))  # the file was stamped by a clock ahead
    stamps = [clock.now() for _ in range(10_050)]
    assert [stamp_key(s) for s in stamps] == sorted(stamp_key(s) for s in stamps)
    assert stamp_key(stamps[-1]) == (1_800_000_000_000, 10_050)


# ------------------------------------------------------------------ names


def test_onedrive_names_merge_only_for_a_computer_the_group_knows(tmp_path: Path) -> None:
    data = tmp_path / "compact.json"
    Presence(data, "dev-a", "s1").beat("Priya", "chair")
    hosts = known_hosts(data)
    assert set(this_computer_names()) <= hosts
    host = this_computer_names()[0]
    ours = classify(f"compact-{host}.json", data)
    numbered = classify(f"compact-{host}-1.json", data)
    training = classify("compact-training.json", data)
    assert ours is not None and ours.host == host and ours.merges_without_asking(hosts)
    assert numbered is not None and numbered.merges_without_asking(hosts)
    assert training is not None and not training.merges_without_asking(hosts)
    assert classify("compact-LAPTOP42.json", data).merges_without_asking({"laptop42"})


def test_certain_names_and_google_drive_numbers_merge_others_wait() -> None:
    assert classify("compact.sync-conflict-20261125-101010-ABCDEFG.json",
                    DATA).merges_without_asking(set())
    assert classify("compact (1).json", DATA).merges_without_asking(set())
    assert not classify("compact (old).json", DATA).merges_without_asking(set())


def test_copies_under_other_names_are_found_for_a_member_to_confirm(tmp_path: Path) -> None:
    data = tmp_path / "compact.json"
    for name in ("compact copy.json", "compact_old.json", "compactness.json", "compact.json",
                 "compact-training.json", "~syncthing~compact.json.1.ab.tmp", "other.json"):
        (tmp_path / name).write_text("{}")
    assert sorted(p.name for p in find_lookalikes(data)) == ["compact copy.json",
                                                              "compact_old.json"]


# ------------------------------------------------------------------ temp files


def test_temp_and_lock_files_have_names_every_sync_service_skips(tmp_path: Path) -> None:
    """Syncthing skips ``~syncthing~*``; Dropbox ``~*.tmp``; OneDrive ``*.tmp``."""
    path = tmp_path / "compact.json"
    seen = []
    real_replace = os.replace

    def spy(source: object, target: object) -> None:
        seen.append(Path(str(source)).name)
        real_replace(source, target)  # type: ignore[arg-type]

    try:
        os.replace = spy  # type: ignore[assignment]
        write_atomically(path, b"{}")
    finally:
        os.replace = real_replace  # type: ignore[assignment]
    for name in [*seen, lock_path_for(path).name]:
        assert name.startswith("~syncthing~") and name.endswith(".tmp"), name


def test_stale_temp_files_of_this_and_the_older_naming_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    old = time.time() - 3600
    stale = [tmp_path / "~syncthing~compact.json.1.ab.tmp", tmp_path / "~$compact.json.1.ab.part"]
    fresh = tmp_path / "~syncthing~compact.json.2.cd.tmp"
    for file in [*stale, fresh]:
        file.write_bytes(b"{half")
    for file in stale:
        os.utime(file, (old, old))
    assert sorted(remove_stale_temp_files(path)) == sorted(stale)
    assert fresh.exists()


# ------------------------------------------------------------------ nothing new, archive


def test_a_copy_is_known_to_add_nothing_by_its_version_information(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya") as store:
        record_id = store.insert("actions", {"status": "open"})
    before = load_store_file(path)
    with open_store(path, member="Priya") as store:
        store.update("actions", record_id, {"status": "done"})
    after = load_store_file(path)
    assert adds_nothing(after, before)  # an older version: everything in it is already here
    assert not adds_nothing(before, after)


def test_the_archive_is_pruned_by_age_then_size(tmp_path: Path) -> None:
    data = tmp_path / "compact.json"
    data.write_bytes(b"{}")
    folder = archive_folder(data)
    folder.mkdir()
    now = time.time()
    ages = {"old.json": 40, "week.json": 7, "day.json": 1, "hour.json": 0.04}
    for name, days in ages.items():
        (folder / name).write_bytes(b"x" * 1000)
        os.utime(folder / name, (now - days * 86400, now - days * 86400))
    removed = prune_archive(data, max_age_days=30, max_bytes=2500, now=now)
    assert [p.name for p in removed] == ["old.json", "week.json"]
    assert sorted(p.name for p in folder.iterdir()) == ["day.json", "hour.json"]


# ------------------------------------------------------------------ backups, restore


def test_restore_edits_set_records_back_as_new_edits(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya") as store:
        kept = store.insert("organisations", {"name": "Brentwood CVS", "phone": "01277 1"})
        doomed = store.insert("organisations", {"name": "Youth Trust"})
    backup = load_store_file(path)
    with open_store(path, member="Trainer") as store:
        store.update("organisations", kept, {"phone": "practice"})
        store.delete("organisations", doomed)
        added = store.insert("organisations", {"name": "Practice Org"})
    current = load_store_file(path)
    edits = {(e.record_id, e.action): e.fields for e in restore_edits(current, backup)}
    assert edits[(kept, "update")] == {"phone": "01277 1"}
    assert edits[(doomed, "revive")]["name"] == "Youth Trust"
    assert edits[(added, "delete")] == {}


def test_restore_removes_fields_added_after_the_backup_on_every_machine(
        tmp_path: Path) -> None:
    """A field a record gained after the backup is removed by the restore, and stays removed
    when a member whose app still holds it saves again (the removal is an edit, not a gap)."""
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya", device="dev-priya") as store:
        org = store.insert("organisations", {"name": "Brentwood CVS", "telephone": "01277 1"})
    backup = tmp_path / "before-training.json"
    backup.write_bytes(path.read_bytes())
    trainer = open_store(path, member="Trainer", device="dev-train",
                         journal_folder=tmp_path / "j-train")
    trainer.update("organisations", org, {"practice_note": "pretend", "telephone": "000"})
    assert trainer.save()
    priya = open_store(path, member="Priya", device="dev-priya",
                       journal_folder=tmp_path / "j-priya")
    assert priya.get("organisations", org)["practice_note"] == "pretend"
    [edit] = [e for e in restore_edits(load_store_file(path),
                                       load_store_file(backup)) if e.record_id == org]
    assert (edit.action, edit.fields, edit.removed) == (
        "update", {"telephone": "01277 1"}, ("practice_note",))
    assert priya.restore_backup(backup) == 1
    restored = priya.get("organisations", org)
    assert "practice_note" not in restored and restored["telephone"] == "01277 1"
    # The trainer's app, which still holds the field, edits something else and saves.
    trainer.update("organisations", org, {"email": "info@example.org"})
    assert trainer.save()
    priya.refresh()
    for store in (trainer, priya):
        doc = store.get("organisations", org)
        assert "practice_note" not in doc, store.member
        assert (doc["telephone"], doc["email"]) == ("01277 1", "info@example.org")
    assert "practice_note" not in load_store_file(path)["organisations"][org]
    assert priya.conflicts() == []
    trainer.close()
    priya.close()


def test_a_removed_field_stays_removed_whichever_side_merges_first() -> None:
    doc = new_record({"name": "Org", "extra": "x"}, "r1", 1, format_stamp(1_000, 0), "Priya")
    removed, changed = edit_record(doc, {}, "r2", format_stamp(2_000, 0), "Jo",
                                   removed=["extra"])
    assert changed == ["extra"] and "extra" not in removed
    never_had = new_record({"name": "Org"}, "r1", 1, format_stamp(1_000, 0), "Priya")
    for a, b in ((removed, doc), (doc, removed)):
        merged, clashes = merge_records("organisations", "x", a, b)
        assert "extra" not in merged and clashes == []
    # Passed through a copy that never had the field, the removal still wins later.
    via, _ = merge_records("organisations", "x", removed, never_had)
    merged, _ = merge_records("organisations", "x", via, doc)
    assert "extra" not in merged


def test_newest_backup_data_is_judged_by_edits_and_merges_every_device(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya", device="dev-aaaa1", backup_interval=0) as store:
        record_id = store.insert("actions", {"status": "open"})
    other = open_store(path, member="Jo", device="dev-bbbb2", backup_interval=0)
    mine = open_store(path, member="Priya", device="dev-aaaa1", backup_interval=0)
    other.update("actions", record_id, {"owner": "Jo"})
    mine.update("actions", record_id, {"status": "done"})
    other.close()
    mine.close()  # mine merged Jo's save, so its backup holds both
    found = newest_backup_data(path)
    assert found is not None and found.best.device == "dev-aaaa"
    doc = found.data["actions"][record_id]
    assert (doc["owner"], doc["status"]) == ("Jo", "done")


# ------------------------------------------------------------------ check


def test_check_says_when_edits_are_stamped_a_day_ahead_of_this_clock(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    ahead = HybridClock(wall=lambda: time.time() + 3 * 86400)
    with open_store(path, member="Sam Green", clock=ahead) as store:
        store.insert("actions", {"status": "open"})
    lines = "\n".join(check_store_file(path).lines())
    assert "clock: the newest edit by Sam Green is stamped 3 days ahead" in lines
    with open_store(tmp_path / "fine.json", member="Priya") as store:
        store.insert("actions", {"status": "open"})
    assert "clock: no edit is stamped ahead" in "\n".join(
        check_store_file(tmp_path / "fine.json").lines())


@pytest.mark.parametrize("name", ["compact.sync-conflict-20261125-101010-ABCDEFG.json",
                                  "compact-training.json"])
def test_check_reads_waiting_copies_into_memory_without_writing(tmp_path: Path,
                                                               name: str) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya") as store:
        store.insert("actions", {"status": "open"})
    copy = tmp_path / name
    copy.write_bytes(path.read_bytes())
    with open_store(copy, member="Jo", absorb_copies=False) as other:
        other.insert("actions", {"status": "only in the copy"})
    before = path.read_bytes(), copy.read_bytes()
    lines = "\n".join(check_store_file(path).lines())
    assert (path.read_bytes(), copy.read_bytes()) == before
    assert f"copy waiting: {name}" in lines and "holds 1 record(s)" in lines
    if name.startswith("compact-training"):
        assert "merged only when a member confirms" in lines
        assert "actions 1" in lines
    else:
        assert "opening the app merges it" in lines
        assert "actions 2 (including what waits in conflict copies)" in lines


# ------------------------------------------------------------------ the store with copies


def test_a_copy_holding_nothing_new_is_deleted_one_with_news_is_archived(
        tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya") as store:
        store.insert("actions", {"description": "mine"})
    stale = tmp_path / "compact.sync-conflict-20261125-101010-ABCDEFG.json"
    stale.write_bytes(path.read_bytes())
    news = tmp_path / "compact.sync-conflict-20261125-101011-ABCDEFG.json"
    copy_with(path, news, {"actions": {"description": "theirs"}})
    with open_store(path, member="Priya") as store:
        assert len(store.all("actions")) == 2
        assert any("held nothing new, so it was deleted" in n for n in store.notes)
    assert not stale.exists() and not news.exists()
    assert [p.name for p in archive_folder(path).iterdir()] == [news.name]


def test_an_onedrive_name_from_an_unknown_computer_waits_for_a_member(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya") as store:
        store.insert("actions", {"description": "mine"})
    copy = tmp_path / "compact-training.json"
    copy_with(path, copy, {"actions": {"description": "practice"}})
    with open_store(path, member="Priya") as store:
        assert [r["description"] for r in store.all("actions")] == ["mine"]
        assert [w.name for w in store.copies_waiting()] == [copy.name]
        assert any("compact-training.json waits for you" in n for n in store.notes)
    assert copy.exists()


def test_the_training_copy_merge_is_undone_by_restoring_the_backup_kept_first(
        tmp_path: Path) -> None:
    """Practice edits deleted three real signatories and rewrote a venue; restoring the
    backup taken before the merge brings them back, as edits a second machine takes in."""
    path = tmp_path / "compact.json"
    _orgs, meeting = training_copy(path)
    jo = open_store(path, member="Jo", device="dev-jo")
    with open_store(path, member="Priya", device="dev-priya") as store:
        message = store.merge_copy("compact-training.json")
        assert "restoring it undoes the merge" in message
        assert len(store.all("organisations")) == 2
        assert store.get("meetings", meeting)["venue"] == "Practice Room"
        [before] = [b for b in list_backups(path) if "before-merging" in b.path.name]
        assert store.restore_backup(before.path) >= 5
        assert sorted(o["name"] for o in store.all("organisations")) == [
            "Org 0", "Org 1", "Org 2", "Org 3"]
        assert store.get("meetings", meeting)["venue"] == "Town Hall"
    jo.refresh()  # another member's app converges on the restored values
    assert sorted(o["name"] for o in jo.all("organisations")) == [
        "Org 0", "Org 1", "Org 2", "Org 3"]
    assert jo.get("meetings", meeting)["venue"] == "Town Hall"
    jo.close()
    assert (archive_folder(path) / "compact-training.json").exists()


def test_an_emptied_file_with_no_app_open_loses_nothing_ever_saved(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya", device="dev-priya") as store:
        record_id = store.insert("actions", {"description": "Saved and closed"})
    path.write_bytes(b"")  # a bad sync empties it after everyone closed
    lines = "\n".join(check_store_file(path).lines())
    assert "is empty" in lines and "The newest data is in backup compact." in lines
    with open_store(path, member="Jo", device="dev-jo") as store:
        assert store.problem and "Showing backup" in store.problem
        assert store.get("actions", record_id)["description"] == "Saved and closed"
        [backup] = store.backups_available()
        store.restore_backup(backup.path)
        assert store.problem is None
    assert load_store_file(path)["actions"][record_id]["description"] == \
        "Saved and closed"


def test_a_read_only_store_includes_a_waiting_conflict_copy_in_memory(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya") as store:
        store.insert("actions", {"description": "mine"})
    copy = tmp_path / "compact (Jo's conflicted copy 2026-11-25).json"
    copy_with(path, copy, {"actions": {"description": "only in the copy"}}, member="Jo")
    before = path.read_bytes()
    with open_store(path, member="Reader", read_only=True) as store:
        assert len(store.all("actions")) == 2
        assert any("included what waits in" in note for note in store.notes)
    assert path.read_bytes() == before and copy.exists()


def test_opening_says_when_edits_are_stamped_days_ahead(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    ahead = HybridClock(wall=lambda: time.time() + 2 * 86400)
    with open_store(path, member="Sam Green", clock=ahead) as store:
        store.insert("actions", {"status": "open"})
    with open_store(path, member="Priya") as store:
        [warning] = [n for n in store.notes if "clock" in n]
        assert warning.startswith("Edits by Sam Green in the shared file are stamped 2 days "
                                  "ahead of this computer's clock")


def test_the_background_loop_merges_a_copy_but_leaves_the_save_to_the_schedule(
        tmp_path: Path) -> None:
    """Both machines find the same Syncthing copy: writing the file the moment each merged it
    made them clash again, a new copy every few seconds."""
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya") as store:
        store.insert("actions", {"description": "mine"})
    copy = tmp_path / "compact.sync-conflict-20261125-101010-ABCDEFG.json"
    copy_with(path, copy, {"actions": {"description": "theirs"}}, member="Jo")
    store = open_store(path, member="Priya", absorb_copies=False)
    before = path.read_bytes()
    store.sync.absorb_conflict_copies()  # what the background loop calls every few seconds
    assert len(store.all("actions")) == 2 and store.unsaved
    assert path.read_bytes() == before and copy.exists()  # nothing written yet, copy kept
    assert store.save()
    assert not copy.exists() and (archive_folder(path) / copy.name).exists()
    store.close()


def test_backups_are_compressed_what_was_written_and_old_plain_ones_still_read(
        tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "compact.json"
    with open_store(path, member="Priya", device="dev-priya") as store:
        store.insert("actions", {"description": "kept"})
    [backup] = list_backups(path)
    assert backup.path.name.endswith(".dev-priy.json.gz") and backup.device == "dev-priy"
    assert gzip.decompress(backup.path.read_bytes()) == path.read_bytes()  # what was written
    old = backup.path.with_name("compact.20200101T000000.olddevic.json")
    old.write_bytes(path.read_bytes())
    assert [b.path.name for b in list_backups(path)][-1] == old.name
    found = newest_backup_data(path)
    assert found is not None and found.best == backup


def test_a_present_member_whose_clock_is_days_off_is_named(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya") as store:
        skewed = Presence(path, "dev-sam", "s1", wall=lambda: time.time() - 2 * 86400)
        skewed.beat("Sam Green", "chair")
        store.presence.scan()
        skewed.beat("Sam Green", "chair")  # its heartbeat keeps changing: Sam is really there
        store.presence.scan()
        [warning] = store.clock_warnings()
        assert warning.startswith("Sam Green's computer clock is 2 days behind this one")


def test_saves_are_spaced_while_another_member_has_the_file_open(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    with open_store(path, member="Priya") as store:
        store.insert("actions", {"description": "mine"})
    priya = open_store(path, member="Priya", device="dev-priya")
    alone = (priya.schedule.debounce, priya.schedule.max_delay)
    jo = open_store(path, member="Jo", device="dev-jo")
    try:
        jo.start_background()
        priya.start_background()  # sees Jo's heartbeat at once
        assert priya.schedule.debounce >= 8 and priya.schedule.max_delay >= 60
        assert (priya.schedule.debounce, priya.schedule.max_delay) != alone
    finally:
        jo.close()
    priya.schedule.space_for(company=bool(priya.presence.scan()))
    assert (priya.schedule.debounce, priya.schedule.max_delay) == alone  # alone again
    priya.close()


def test_another_members_save_arriving_moves_ours_half_a_period_later() -> None:
    now = [1000.0]
    schedule = SaveSchedule(debounce=8, max_delay=60, clock=lambda: now[0])
    schedule.edited(first=True)
    now[0] = 1050.0  # typing on; the other typist, who started alike, has just saved
    schedule.heard_from_others()
    while now[0] < 1079.5:  # still typing, a key a second: not due before 1080, not 1060
        schedule.edited(first=False)
        assert not schedule.due()
        now[0] += 1
    now[0] = 1080.0
    assert schedule.due()
