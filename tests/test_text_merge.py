"""Long text fields merge as text: concurrent edits keep both members' words, on every machine.

Two stores on one file stand for two machines; a third and different merge orders check that
every machine reaches the same text. Only edits that touch the same words go to Conflicts.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compact_tui.store import open_store, text_merge
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


# ------------------------------------------------ sentences typed at one place


def _type_apart(tmp_path: Path, alice_adds: str, bob_adds: str):
    """Alice and Bob each add to the end of the minutes without seeing the other's words,
    then their apps exchange saves the way the background loop does."""
    _, item, (alice, bob) = _stores(tmp_path)
    bob.edit_text("agenda_items", item, "minutes", BASE, BASE + bob_adds)
    alice.edit_text("agenda_items", item, "minutes", BASE, BASE + alice_adds)
    assert bob.save() and alice.save() and bob.save()
    alice.refresh()
    texts = [store.get("agenda_items", item)["minutes"] for store in (alice, bob)]
    return item, alice, bob, texts


def test_two_sentences_typed_at_one_place_come_out_separated_by_a_space(
        tmp_path: Path) -> None:
    alice_says, bob_says = "Welcome by the chair.", "Apologies from Rita Gomez."
    item, alice, bob, (at_alice, at_bob) = _type_apart(tmp_path, alice_says, bob_says)
    assert at_alice == at_bob
    assert at_alice in (f"{BASE}{alice_says} {bob_says}", f"{BASE}{bob_says} {alice_says}")
    assert alice.conflicts() == [] and bob.conflicts() == []
    # The separator is one member's edit: saving and merging again adds nothing more.
    assert alice.save() and bob.save()
    alice.refresh()
    assert alice.get("agenda_items", item)["minutes"] == at_alice


def test_runs_holding_a_line_break_are_separated_by_a_line_break(tmp_path: Path) -> None:
    alice_says, bob_says = "Present: Lee Chan\nRita Gomez", "Apologies: Sam Green"
    _, _, _, (at_alice, at_bob) = _type_apart(tmp_path, alice_says, bob_says)
    assert at_alice == at_bob
    assert at_alice in (f"{BASE}{alice_says}\n{bob_says}", f"{BASE}{bob_says}\n{alice_says}")


def test_no_separator_where_either_run_already_has_a_space_at_the_join(
        tmp_path: Path) -> None:
    alice_says, bob_says = " Noted.", " Agreed."
    _, _, _, (at_alice, at_bob) = _type_apart(tmp_path, alice_says, bob_says)
    assert at_alice == at_bob
    assert at_alice in (BASE + alice_says + bob_says, BASE + bob_says + alice_says)


def test_whoever_goes_on_typing_continues_their_own_sentence(tmp_path: Path) -> None:
    """The separator sits after the first member's words; that member, typing on at their
    cursor (kept before the words that arrived, as the shared text area keeps it), adds to
    their own sentence, and every character of both stays, in the order typed."""
    _, item, (alice, bob) = _stores(tmp_path)
    alice_says, bob_says = "Welcome by th", "Apologies from Rita Gomez."
    bob.edit_text("agenda_items", item, "minutes", BASE, BASE + bob_says)
    alice.edit_text("agenda_items", item, "minutes", BASE, BASE + alice_says)
    assert bob.save() and alice.save()
    merged = alice.get("agenda_items", item)["minutes"]
    cursor = text_merge.moved_index(len(BASE + alice_says), BASE + alice_says, merged)
    typed = merged[:cursor] + "e chair." + merged[cursor:]
    alice.edit_text("agenda_items", item, "minutes", merged, typed)
    assert alice.save()
    bob.refresh()
    final = bob.get("agenda_items", item)["minutes"]
    assert final == alice.get("agenda_items", item)["minutes"]
    assert final in (f"{BASE}Welcome by the chair. {bob_says}",
                     f"{BASE}{bob_says} Welcome by the chair.")


def test_a_screen_merging_its_sentence_into_newer_text_separates_them() -> None:
    for ours, theirs in (("Welcome by the chair.", "Apologies from Rita Gomez."),
                         ("Apologies from Rita Gomez.", "Welcome by the chair.")):
        merged, overlap = three_way(BASE, BASE + ours, BASE + theirs)
        assert merged in (f"{BASE}{ours} {theirs}", f"{BASE}{theirs} {ours}")
        assert not overlap


def test_words_typed_onto_anothers_seen_word_are_never_split(tmp_path: Path) -> None:
    """Finishing a word someone else wrote (seen, not typed at the same time) is an edit,
    not two runs meeting: no separator goes into the word."""
    _, item, (alice, bob) = _stores(tmp_path)
    alice.edit_text("agenda_items", item, "minutes", BASE, BASE + "Welcom")
    assert alice.save()
    bob.refresh()
    bob.edit_text("agenda_items", item, "minutes", BASE + "Welcom", BASE + "Welcome")
    alice.edit_text("agenda_items", item, "minutes", BASE + "Welcom", "Draft. " + BASE + "Welcom")
    assert bob.save() and alice.save()
    bob.refresh()
    for store in (alice, bob):
        assert store.get("agenda_items", item)["minutes"] == "Draft. " + BASE + "Welcome"


def test_a_cursor_stays_before_words_arriving_right_at_it() -> None:
    assert text_merge.moved_index(3, "abc", "abcXYZ") == 3
    assert text_merge.moved_index(3, "abc", "XYabc") == 5
    assert text_merge.moved_index(2, "abcd", "aXd") == 1  # its place replaced: to the start


def test_two_machines_finding_the_same_join_keep_one_separator(tmp_path: Path) -> None:
    """Each app merges the other's copy before seeing the other's merge (both separate the
    sentences), even after one sentence grew: the texts end the same, with one separator."""
    _, item, (alice, bob) = _stores(tmp_path)
    alice.edit_text("agenda_items", item, "minutes", BASE, BASE + "Welcome by the chair.")
    bob.edit_text("agenda_items", item, "minutes", BASE, BASE + "Apologies from Rita")
    alice_copy, bob_copy = alice.raw(), bob.raw()
    bob.edit_text("agenda_items", item, "minutes", BASE + "Apologies from Rita",
                  BASE + "Apologies from Rita Gomez.")
    for store, other in ((alice, bob_copy), (bob, alice_copy)):
        store._merge_data(other)
    alice._merge_data(bob.raw())
    bob._merge_data(alice.raw())
    texts = {store.get("agenda_items", item)["minutes"] for store in (alice, bob)}
    assert texts in ({f"{BASE}Welcome by the chair. Apologies from Rita Gomez."},
                     {f"{BASE}Apologies from Rita Gomez. Welcome by the chair."})
    assert alice.conflicts() == [] and bob.conflicts() == []
