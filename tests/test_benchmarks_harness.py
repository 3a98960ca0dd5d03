"""The benchmark harness measures something real: right counts, real samples, honest table.

No timing is asserted here (benchmarks never fail on speed); these tests make sure the harness
cannot quietly time nothing: an empty store, an edit that never lands, a key that never reaches
the text area, or a missed goal printed as if it were met.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.generate import TINY, cached_store, generate
from benchmarks.keystrokes import (
    BareTextAreaApp,
    StoreBackedTextAreaApp,
    TypingPlan,
    type_and_time,
    typing_keys,
)
from benchmarks.measure import (
    MeasureError,
    Samples,
    fresh_copy,
    measure_call,
    measure_floor,
    measure_start,
    measure_store_edit,
    measure_tinydb_edit,
    percentile,
    tinydb_copy,
)
from benchmarks.report import FAILED, MISSED, OK, absolute, failed, judged, table
from compact_tui.content import default_content
from compact_tui.store import open_store


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    home = tmp_path_factory.mktemp("gen-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COMPACT_TUI_HOME", str(home))
        patch.setenv("COMPACT_TUI_TODAY", "2026-11-25")
        return generate(tmp_path_factory.mktemp("tiny") / "tiny.json", TINY)


def _all_positive(samples: Samples, count: int) -> None:
    assert len(samples.seconds) == count
    assert all(math.isfinite(s) and s > 0 for s in samples.seconds)


# ------------------------------------------------------------------------- generator


def test_generator_writes_the_requested_records(tiny) -> None:  # type: ignore[no-untyped-def]
    with open_store(tiny.path, member="check", read_only=True) as store:
        found = {table: len(store.all(table)) for table in tiny.counts}
        for table, count in TINY.expected().items():
            assert found[table] == count, table
        assert found == tiny.counts
        meetings = store.all("meetings")
        for meeting in meetings:
            items = [i for i in store.all("agenda_items") if i["meeting_id"] == meeting["id"]]
            assert 10 <= len(items) <= 15
        assert store.get("meetings", tiny.held_meeting_id)["status"] == "held"
        assert {i["meeting_id"] for i in (store.get("agenda_items", x) for x in tiny.item_ids)
                } == {tiny.held_meeting_id}
        assert all(len(i["minutes"]) > 150 for i in (store.get("agenda_items", x)
                                                     for x in tiny.item_ids))
        content = default_content()
        for assessment in store.all("self_assessments"):
            assert {f"answer.{q.id}" for q in content.all_questions()} <= set(assessment)
        for plan in store.all("action_plans"):
            assert {f"rating.{p.id}" for p in content.all_practices()} <= set(plan)
        disputes = {d["id"] for d in store.all("disputes")}
        assert {e["dispute_id"] for e in store.all("dispute_events")} == disputes
        assert any(a["notes"] for a in store.all("actions")) or found["actions"] < 3
        assert all(c["organisation_id"] for c in store.all("champions"))


def test_generator_lands_near_the_requested_size(tiny) -> None:  # type: ignore[no-untyped-def]
    assert tiny.size_bytes == tiny.path.stat().st_size
    assert TINY.target_bytes / 2 <= tiny.size_bytes <= TINY.target_bytes * 2


def test_generator_refuses_an_existing_file(tiny) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(FileExistsError):
        generate(tiny.path, TINY)


def test_cached_store_is_made_once_per_spec(tmp_path: Path) -> None:
    first = cached_store(TINY, tmp_path)
    made_at = first.path.stat().st_mtime_ns
    again = cached_store(TINY, tmp_path)
    assert again.path == first.path and again.path.stat().st_mtime_ns == made_at
    assert again.counts == first.counts and again.item_ids == first.item_ids
    other = cached_store(replace(TINY, seed=99), tmp_path)
    assert other.path != first.path


# ---------------------------------------------------------------------- measurements


def test_saved_edit_measurements_take_the_samples_asked_for(
        tiny, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    item = tiny.item_ids[0]
    edits = measure_store_edit(fresh_copy(tiny.path, tmp_path, "edit"), "agenda_items", item,
                               "minutes", 3)
    _all_positive(edits, 3)
    with open_store(tmp_path / "edit" / tiny.path.name, member="check",
                    read_only=True) as store:
        assert store.get("agenda_items", item)["minutes"].endswith("Edit 2.")

    target = tmp_path / "tinydb" / "db.json"
    doc_id = tinydb_copy(tiny.path, target, "agenda_items", item)
    tiny_db = measure_tinydb_edit(target, "agenda_items", doc_id, "minutes", 4)
    _all_positive(tiny_db, 4)
    assert b"Edit 3." in target.read_bytes()

    floor = measure_floor(tiny.path, tmp_path / "floor.json", 2)
    _all_positive(floor, 2)
    assert (tmp_path / "floor.json").stat().st_size > TINY.target_bytes / 2


def test_start_measurement_runs_real_processes(tiny, tmp_path: Path,
                                                isolated_home: Path) -> None:  # type: ignore[no-untyped-def]
    samples = measure_start("json", tiny.path, isolated_home, 2)
    _all_positive(samples, 2)
    assert samples.extra["peak_rss_kb"] > 0


def test_measure_call_refuses_an_empty_answer() -> None:
    timed = measure_call("list", lambda: [1, 2, 3], 5, check=bool)
    _all_positive(timed, 5)
    assert timed.note == "3 results"
    with pytest.raises(MeasureError):
        measure_call("nothing", lambda: [], 2, check=bool)


def test_samples_refuse_nothing_and_impossible_timings() -> None:
    with pytest.raises(MeasureError):
        Samples("empty", [])
    with pytest.raises(MeasureError):
        Samples("zero", [0.0, 0.1])
    with pytest.raises(MeasureError):
        Samples("nan", [float("nan")])
    assert percentile([float(n) for n in range(1, 101)], 99) == 99.0


async def test_keystrokes_reach_the_bare_text_area() -> None:
    app = BareTextAreaApp()
    plan = TypingPlan(keys=6, gap=0, pause_every=100, pause=0)
    async with app.run_test() as pilot:
        latencies = await type_and_time(pilot, "#minutes", plan)
        typed = "".join(char for _, char in typing_keys(6))
        assert app.screen.query_one("#minutes").text == typed
    assert len(latencies) == 6 and all(math.isfinite(x) and x > 0 for x in latencies)


async def test_keystrokes_reach_the_store_in_the_stand_in(
        tiny, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(fresh_copy(tiny.path, tmp_path, "keys"), member="check")
    item = tiny.item_ids[0]
    before = store.get("agenda_items", item)["minutes"]
    app = StoreBackedTextAreaApp(store, item)
    plan = TypingPlan(keys=5, gap=0, pause_every=100, pause=0)
    async with app.run_test() as pilot:
        latencies = await type_and_time(pilot, "#minutes", plan)
    store.close()
    assert len(latencies) == 5
    typed = "".join(char for _, char in typing_keys(5))
    assert store.get("agenda_items", item)["minutes"] == before + typed


# ---------------------------------------------------------------------------- table


def test_table_marks_missed_goals_and_failures() -> None:
    rows = [
        judged("10y", "start", 2.0, 1.0, "1000 ms bare app", "start"),
        judged("10y", "saved edit vs TinyDB", 0.010, 0.100, "100 ms", "save_tinydb"),
        absolute("10y", "filter", 0.250, "under_100ms"),
        absolute("1y", "filter", 0.250, "under_100ms", applies=False),
        failed("10y", "export", "not there yet"),
    ]
    assert [r.status for r in rows] == [MISSED, OK, MISSED, "info", FAILED]
    printed = table(rows)
    lines = printed.splitlines()
    start = next(line for line in lines if " start " in line)
    assert "MISSED (2.00x; goal 1.3x)" in start
    assert "ok" in next(line for line in lines if "TinyDB" in line)
    assert "MISSED (250 ms; goal 100 ms)" in next(line for line in lines
                                                 if line.startswith("10y") and "filter" in line)
    assert "FAILED" in printed and "not there yet" in printed


# ----------------------------------------------------------------------- end to end


def test_entry_point_runs_end_to_end_on_a_tiny_store(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.run import main

    assert main(["--tiny", "--strict", "--out", str(tmp_path),
                 "--docs", str(tmp_path / "performance.md")]) == 0
    printed = capsys.readouterr().out
    assert "Goals (issues 8 and 14)" in printed
    for measure in ("start to Dashboard", "peak RSS", "saved edit vs TinyDB",
                    "saved edit vs floor", "keystroke p99", "filter action log",
                    "filter register", "export one meeting", "chair key p99 (attendance)",
                    "chair key p99 (next item)", "chair key p99 (form)",
                    "chair key p99 (typing while others' edits merge)", "switch section",
                    "open the palette"):
        assert measure in printed, measure
    assert "FAILED" not in printed
    docs = (tmp_path / "performance.md").read_text()
    assert "| Size |" in docs and "Machine:" in docs
    assert (tmp_path / "latest.json").exists()
