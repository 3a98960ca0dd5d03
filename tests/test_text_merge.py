"""Long text fields merge as text: concurrent edits keep both members' words, on every machine.

Two stores on one file stand for two machines; a third and different merge orders check that
every machine reaches the same text. Only edits that touch the same words go to Conflicts.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compact_tui.store import open_store
from compact_tui.store.records import merge_records
from compact_tui.store.text_merge import (
    TextDocs,
    diff_ops,
    merge_text,
    state_for,
    three_way,
)

BASE = "Apologies were noted.\n"


def _stores(tmp_path: Path, count: int = 2):
    path = tmp_path / "compact.json"
    with open_store(path, member="Seeder", device="seed",
                    journal_folder=tmp_path / "j-seed") as seed:
        item = seed.insert("agenda_items", {"title": "Welcome", "minutes": BASE})
    names = ["Alice Adams", "Bob Baker", "Cai Chen"][:count]
    stores = [open_store(path, member=name, device=f"dev{index}",
                         journal_folder=tmp_path / f"j{index}")
              for index, name in enumerate(names)]
    return path, item, stores


def test_three_way_keeps_both_sentences_typed_at_the_end() -> None:
    merged, overlap = three_way(BASE, BASE + "Alice's point.", BASE + "Bob's point.")
    assert "Alice's point." in merged and "Bob's point." in merged
    assert merged.startswith(BASE)
    assert not overlap


def test_three_way_flags_two_rewrites_of_the_same_words() -> None:
    base = "The budget is 40,000 pounds this year."
    ours, theirs = base.replace("40,000", "45,000"), base.replace("40,000", "50,000")
    merged, overlap = three_way(base, ours, theirs)
    assert overlap  # the merged figure is neither member's: a person must look
    assert merged not in (ours, theirs)


def test_diff_ops_turn_old_into_new_with_accents_and_emoji() -> None:
    old, new = "Café meeting 😀 at noon", "Café board meeting 😀 at half past noon!"
    docs = TextDocs("replica-1")
    state = docs.edit(old, None, new)
    assert merge_text(new, state, new, state)[0] == new
    rebuilt = old
    for start, end, text in reversed(diff_ops(old, new)):
        rebuilt = rebuilt[:start] + text + rebuilt[end:]
    assert rebuilt == new


def test_two_stores_typing_into_one_item_both_keep_their_words(tmp_path: Path) -> None:
    path, item, (alice, bob) = _stores(tmp_path)
    alice.update("agenda_items", item, {"minutes": BASE + "Rita Gomez sent apologies."})
    bob.update("agenda_items", item, {"minutes": "Chair: Lee Chan.\n" + BASE})
    assert alice.save() and bob.save() and alice.save()
    for store in (alice, bob):
        minutes = store.get("agenda_items", item)["minutes"]
        assert minutes == "Chair: Lee Chan.\n" + BASE + "Rita Gomez sent apologies."
        assert store.conflicts() == []
    for store in (alice, bob):
        store.close()
    with open_store(path, member="Reader", journal_folder=tmp_path / "j-read") as reader:
        assert reader.get("agenda_items", item)["minutes"].endswith("apologies.")


def test_edit_text_merges_a_stale_screen_into_newer_text(tmp_path: Path) -> None:
    _, item, (alice, bob) = _stores(tmp_path)
    bob.update("agenda_items", item, {"minutes": BASE + "Bob's line."})
    bob.save()
    alice.refresh()
    result = alice.edit_text("agenda_items", item, "minutes", BASE, BASE + "Alice's line.")
    assert "Bob's line." in result.text and "Alice's line." in result.text
    assert not result.overlapped
    assert alice.get("agenda_items", item)["minutes"] == result.text


def test_edit_text_overlap_goes_to_conflicts_with_both_versions(tmp_path: Path) -> None:
    _, item, (alice, bob) = _stores(tmp_path)
    bob.update("agenda_items", item, {"minutes": "Apologies were received.\n"})
    bob.save()
    alice.refresh()
    result = alice.edit_text("agenda_items", item, "minutes", BASE,
                             "Apologies were accepted.\n")
    assert result.overlapped
    [conflict] = alice.conflicts()
    assert conflict["field"] == "minutes"
    assert conflict["lost_value"] == "Apologies were received.\n"
    assert conflict["lost_by"] == "Bob Baker"
    assert conflict["kept_value"] == result.text


def test_records_without_text_history_still_clash_as_before(tmp_path: Path) -> None:
    """Old files carry no text history: two concurrent values cannot be merged safely."""
    _, item, (alice, bob) = _stores(tmp_path)
    for store, text in ((alice, "one"), (bob, "two")):
        doc = store.records.data["agenda_items"][item]
        doc.pop("_text", None)
        store.update("agenda_items", item, {"title": text})
    alice.save(), bob.save(), alice.save()
    assert len(alice.conflicts()) == 1


def test_a_value_written_without_its_history_is_repaired_alike_everywhere() -> None:
    docs = TextDocs("replica-x")
    state = docs.edit("abc", None, "abcdef")
    repaired_here = state_for("abc-written-by-a-tool", state)
    repaired_there = state_for("abc-written-by-a-tool", state)
    assert repaired_here == repaired_there
    assert merge_text("abc-written-by-a-tool", state, "abc-written-by-a-tool",
                      repaired_here)[0] == "abc-written-by-a-tool"


edits = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 40), st.integers(0, 3),
                           st.text("xyz .é", max_size=4)), min_size=1, max_size=12)


def _replay(edits: list[tuple[int, int, int, str]]) -> list[dict]:
    from compact_tui.store.records import edit_record

    records = [{"minutes": BASE, "_vv": {}, "_dots": {}, "_deleted": False} for _ in range(3)]
    texts = [TextDocs(f"r{i}") for i in range(3)]
    for replica, position, delete, text in edits:
        old = records[replica]["minutes"]
        at = min(position, len(old))
        new = old[:at] + text + old[at + delete:]
        records[replica], _ = edit_record(records[replica], {"minutes": new}, f"r{replica}",
                                          "0000", f"m{replica}", table="agenda_items",
                                          texts=texts[replica])
    return records


def _merge_in_order(records: list[dict], order: list[int]) -> str:
    merged = records[order[0]]
    for index in order[1:]:
        merged, _ = merge_records("agenda_items", "i", merged, records[index])
    return merged["minutes"]


def _is_subsequence(part: str, whole: str) -> bool:
    letters = iter(whole)
    return all(ch in letters for ch in part)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=edits, order=st.permutations([0, 1, 2]))
def test_three_machines_converge_whatever_the_order(edits, order) -> None:
    records = _replay(edits)
    assert _merge_in_order(records, order) == _merge_in_order(records, list(reversed(order)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=edits, order=st.permutations([0, 1, 2]))
def test_insertions_from_three_machines_all_survive(edits, order) -> None:
    """With only insertions, every machine's text is inside the merged one, in order."""
    records = _replay([(r, p, 0, t) for r, p, _, t in edits])
    merged = _merge_in_order(records, order)
    for record in records:
        assert _is_subsequence(record["minutes"], merged)
    assert len(merged) == len(BASE) + sum(len(r["minutes"]) - len(BASE) for r in records)
