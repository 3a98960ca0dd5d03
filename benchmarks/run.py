"""``python -m benchmarks [--quick]``: measure every size side by side and print the table.

Timings never fail the run (exit status 0 whatever the numbers); a measurement that could not
be taken at all is printed as FAILED with the reason, and only ``--strict`` turns that into a
non-zero exit.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from .cases import export_case, filter_cases
from .chair_keys import measure_chair_keys
from .generate import MB, OUT_DIR, SIZES, TINY, Generated, StoreSpec, cached_store
from .keystrokes import (
    BareTextAreaApp,
    StoreBackedTextAreaApp,
    TypingPlan,
    measure_typing,
    typing_keys,
)
from .measure import (
    BENCH_MEMBER,
    MeasureError,
    Samples,
    fresh_copy,
    measure_call,
    measure_floor,
    measure_start,
    measure_store_edit,
    measure_tinydb_edit,
    tinydb_copy,
)
from .report import (
    FAILED,
    GOALS,
    Row,
    absolute,
    busy_warning,
    failed,
    judged,
    machine,
    markdown_table,
    seconds,
    summary,
    table,
)
from .two_typists import SECTION as TWO_TYPISTS_SECTION

GOALS_TEXT = ("Goals (issues 8 and 14): start within 1.3x the baseline; a saved edit under "
              "0.2x TinyDB's default and within 2x the floor; every chair-mode key (typing, "
              "p/a/d, next item, opening a form, typing while others' edits merge in) p99 "
              "within 1.2x the bare TextArea app and under 50 ms at 55 years; switching "
              "section and opening the palette under 100 ms at 55 years; filter and export "
              "under 100 ms at 10 years.")


@dataclass
class Plan:
    specs: list[StoreSpec]
    start_runs: int = 5
    edit_samples: int = 15
    call_samples: int = 15
    typing: TypingPlan = field(default_factory=TypingPlan)
    goal_size: str = "10y"        # where "under 100 ms" applies
    speed_size: str = "55y"       # where "under 50 ms" (keys) and "under 100 ms" (switch) apply
    key_repeats: int = 10         # of each chair key, section switch and palette


FULL = Plan([SIZES["1y"], SIZES["10y"], SIZES["55y"]])
QUICK = Plan([SIZES["1y"], SIZES["10y"]], start_runs=3, edit_samples=10, call_samples=10,
             typing=TypingPlan(keys=100, pause_every=20), key_repeats=4)
TINY_PLAN = Plan([TINY], start_runs=1, edit_samples=3, call_samples=3,
                 typing=TypingPlan(keys=8, gap=0.005, pause_every=4, pause=0.45),
                 goal_size="tiny", speed_size="tiny", key_repeats=1)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ------------------------------------------------------------------------ keystrokes


def typing_with_chair(path: Path, gen: Generated, plan: TypingPlan) -> Samples:
    """The real chair-mode minutes area of the real app, background saver on."""
    from compact_tui.config import Settings
    from compact_tui.content import load_content
    from compact_tui.store import open_store
    from compact_tui.ui.app import CompactApp
    from compact_tui.ui.meetings.chair import ChairScreen

    store = open_store(path, member=BENCH_MEMBER)
    saves: list[str] = []
    store.subscribe(lambda event: saves.append(event.kind) if event.kind == "saved" else None)
    app = CompactApp(store, load_content(None), Settings(member=BENCH_MEMBER),
                     persist_settings=False, background=True)

    async def open_chair(pilot: Any) -> None:
        await app.push_screen(ChairScreen(gen.held_meeting_id))
        await pilot.pause()
        if not isinstance(app.screen, ChairScreen):
            raise MeasureError(f"chair mode did not open (showing {type(app.screen).__name__})")

    try:
        samples = asyncio.run(measure_typing(app, "#minutes", plan, "chair-mode minutes",
                                             before=open_chair))
        typed = "".join(char for _, char in typing_keys(plan.keys))
        landed = [item for item in store.all("agenda_items")
                  if item.get("meeting_id") == gen.held_meeting_id
                  and str(item.get("minutes", "")).endswith(typed)]
        if not landed:
            raise MeasureError("the keys typed in chair mode never reached the store")
    finally:
        store.close()
    samples.extra["saves"] = len(saves)
    samples.extra["what"] = "chair-mode minutes (compact_tui/ui/meetings/chair.py)"
    return samples


def typing_with_stand_in(path: Path, gen: Generated, plan: TypingPlan) -> Samples:
    """A TextArea whose Changed handler calls store.update on an item's minutes."""
    from compact_tui.store import open_store

    store = open_store(path, member=BENCH_MEMBER)
    app = StoreBackedTextAreaApp(store, gen.item_ids[0])
    try:
        samples = asyncio.run(measure_typing(app, "#minutes", plan, "stand-in minutes"))
    finally:
        store.close()
    samples.extra["saves"] = app.saves
    samples.extra["what"] = ("STAND-IN, not chair mode: a TextArea calling store.update on an "
                             "agenda item's minutes per keystroke, background saver on")
    return samples


def measure_keystrokes(path: Path, gen: Generated, plan: TypingPlan) -> tuple[Samples, str]:
    """Chair mode if it can run here, else the stand-in; the string says why if stand-in."""
    try:
        import compact_tui.ui.meetings.chair  # noqa: F401
    except Exception as error:  # not there yet, or mid-edit by its author
        reason = f"chair mode could not be imported ({type(error).__name__}: {error})"
    else:
        try:
            return typing_with_chair(path, gen, plan), ""
        except Exception as error:
            reason = f"chair mode could not be driven ({type(error).__name__}: {error})"
    fresh = fresh_copy(path, path.parent.parent, path.parent.name + "-standin")
    return typing_with_stand_in(fresh, gen, plan), reason


def chair_key_rows(size: str, found: dict[str, Samples], bare: Samples | None,
                   applies: bool) -> list[Row]:
    """Each chair key against the bare TextArea and under 50 ms; sections and the palette
    under 100 ms."""
    rows = []
    for name in ("attendance", "next item", "form", "typing while others' edits merge"):
        timed = found[name]
        what = {"attendance": "p/a/d on the attendance sheet", "next item": "F9/F8",
                "form": "F2 opens the decision form"}.get(name, name)
        note = (f"{what}: {len(timed.seconds)} presses, median {seconds(timed.median)}, "
                f"worst {seconds(timed.worst)}")
        if "merged" in timed.extra:
            note += (f"; another process saved {timed.extra['other_saves']} edits, "
                     f"{timed.extra['merged']} merged in while typing")
        if bare is not None:
            rows.append(judged(size, f"chair key p99 ({name})", timed.p99, bare.p99,
                               f"{seconds(bare.p99)} bare", "keys_p99", note=note))
        rows.append(absolute(size, f"chair key p99 ({name}), absolute", timed.p99,
                             "keys_50ms", applies=applies, note="" if bare else note))
    for name, label in (("section", "switch section"), ("palette", "open the palette")):
        timed = found[name]
        rows.append(absolute(size, f"{label} (median)", timed.median, "switch_100ms",
                             applies=applies, note=f"{len(timed.seconds)} times, p99 "
                                                   f"{seconds(timed.p99)}, worst "
                                                   f"{seconds(timed.worst)}"))
    return rows


# ------------------------------------------------------------------------- one size


def _attempt(rows: list[Row], size: str, measure: str, work: Callable[[], None]) -> None:
    try:
        work()
    except Exception as error:
        rows.append(failed(size, measure, f"{type(error).__name__}: {error}"))


def measure_size(spec: StoreSpec, plan: Plan, out_dir: Path, bare_typing: Samples | None,
                 rows: list[Row]) -> None:
    began = time.perf_counter()
    gen = cached_store(spec, out_dir)
    work = out_dir / "work" / spec.name
    size = f"{spec.name} {gen.size_bytes / MB:.1f}MB"
    records = sum(gen.counts.values())
    rows.append(Row(size, "generated store", f"{records} records",
                    note=f"{spec.name}: {gen.size_bytes / MB:.2f} MB (aimed at about "
                         f"{spec.target_bytes / MB:.1f} MB), {spec.years} years, "
                         + ", ".join(f"{n} {t}" for t, n in sorted(gen.counts.items()))))
    _log(f"[{spec.name}] store ready ({gen.size_bytes / MB:.1f} MB) in "
         f"{time.perf_counter() - began:.1f} s; start-up...")

    # start-up, interleaved so drift hits both alike
    start_path = fresh_copy(gen.path, work, "start")
    home = out_dir / "home"
    runs: dict[str, list[Samples]] = {"app": [], "bare": [], "json": []}
    errors: dict[str, str] = {}
    for _ in range(plan.start_runs):
        for mode in runs:
            if mode in errors:
                continue
            try:
                runs[mode].append(measure_start(mode, start_path, home, 1))
            except Exception as error:
                errors[mode] = f"{type(error).__name__}: {error}"
    merged = {mode: Samples(f"start {mode}", [s for one in found for s in one.seconds],
                            note=found[-1].note,
                            extra={"peak_rss_kb": max(o.extra["peak_rss_kb"] for o in found)})
              for mode, found in runs.items() if found and mode not in errors}
    if "app" in merged and "bare" in merged:
        app, bare = merged["app"], merged["bare"]
        rows.append(judged(size, "start to Dashboard (median)", app.median, bare.median,
                           f"{seconds(bare.median)} bare app", "start",
                           note=f"baseline: a bare Textual app that json.loads the file and "
                                f"shows a DataTable; both headless, process start to first "
                                f"paint, median of {len(app.seconds)} runs"))
        rows.append(Row(size, "peak RSS at start", f"{app.extra['peak_rss_kb'] / 1024:.0f} MB",
                        f"{bare.extra['peak_rss_kb'] / 1024:.0f} MB bare",
                        app.extra["peak_rss_kb"] / bare.extra["peak_rss_kb"]))
    for mode in ("app", "bare"):
        if mode in errors:
            rows.append(failed(size, f"start ({mode})", errors[mode]))
    if "json" in merged:
        rows.append(Row(size, "json.load alone (process)", seconds(merged["json"].median)))

    # one saved edit
    _log(f"[{spec.name}] saved edit...")
    item_id = gen.item_ids[0]
    edits: dict[str, Samples] = {}
    # big stores make TinyDB and the export slow: fewer repetitions keep make bench short
    few = gen.size_bytes > 8 * MB
    slow_samples = max(3, plan.edit_samples // 3) if few else plan.edit_samples
    call_samples = max(3, plan.call_samples // 3) if few else plan.call_samples

    def store_edit() -> None:
        edits["store"] = measure_store_edit(fresh_copy(gen.path, work, "edit"), "agenda_items",
                                            item_id, "minutes", plan.edit_samples)

    def tinydb_edit() -> None:
        target = work / "tinydb" / "tinydb.json"
        shutil.rmtree(target.parent, ignore_errors=True)
        doc_id = tinydb_copy(gen.path, target, "agenda_items", item_id)
        edits["tinydb"] = measure_tinydb_edit(target, "agenda_items", doc_id, "minutes",
                                              slow_samples)

    def floor() -> None:
        edits["floor"] = measure_floor(gen.path, work / "floor.json", plan.edit_samples)

    _attempt(rows, size, "saved edit (store)", store_edit)
    _attempt(rows, size, "saved edit (TinyDB)", tinydb_edit)
    _attempt(rows, size, "saved edit (floor)", floor)
    if "store" in edits:
        mine = edits["store"]
        if "tinydb" in edits:
            tiny = edits["tinydb"]
            rows.append(judged(size, "saved edit vs TinyDB", mine.median, tiny.median,
                               f"{seconds(tiny.median)} TinyDB", "save_tinydb",
                               note=f"store.update + store.save() on the generated file vs "
                                    f"TinyDB(path) + table.update on the same data; medians "
                                    f"of {len(mine.seconds)} and {len(tiny.seconds)}; store "
                                    f"worst {seconds(mine.worst)}"))
        if "floor" in edits:
            low = edits["floor"]
            rows.append(judged(size, "saved edit vs floor", mine.median, low.median,
                               f"{seconds(low.median)} floor", "save_floor",
                               note="floor: orjson.dumps of the same data + write + fsync"))

    # keystrokes while saves run
    _log(f"[{spec.name}] keystrokes...")

    def keystrokes() -> None:
        typed, reason = measure_keystrokes(fresh_copy(gen.path, work, "keys"), gen, plan.typing)
        what = typed.extra["what"] + (f"; {reason}" if reason else "")
        label = "chair" if not reason else "STAND-IN"
        rows.append(absolute(size, f"keystroke p99 ({label}), absolute", typed.p99, "keys_50ms",
                             applies=spec.name == plan.speed_size))
        if bare_typing is None:
            rows.append(Row(size, f"keystroke p99 ({label})", seconds(typed.p99), note=what))
            return
        note = (f"{what}. {len(typed.seconds)} keys, {typed.extra['saves']} background saves "
                f"during typing; median {seconds(typed.median)} vs bare "
                f"{seconds(bare_typing.median)}, worst {seconds(typed.worst)}")
        rows.append(judged(size, f"keystroke p99 ({label})", typed.p99, bare_typing.p99,
                           f"{seconds(bare_typing.p99)} bare", "keys_p99", note=note))

    _attempt(rows, size, "keystroke latency", keystrokes)

    # the chair's other keys, sections, palette, typing while others' edits merge in
    _log(f"[{spec.name}] chair keys, sections, palette, typing with merges...")

    def chair_and_sections() -> None:
        found = measure_chair_keys(fresh_copy(gen.path, work, "chairkeys"), gen,
                                   plan.key_repeats, plan.typing, out_dir / "home-other")
        rows.extend(chair_key_rows(size, found, bare_typing, spec.name == plan.speed_size))

    _attempt(rows, size, "chair keys", chair_and_sections)

    # filters and export
    _log(f"[{spec.name}] filters and export...")

    def domain_calls() -> None:
        from compact_tui.content import load_content
        from compact_tui.store import open_store

        store = open_store(fresh_copy(gen.path, work, "calls"), member=BENCH_MEMBER,
                           read_only=True)
        content = load_content(None)
        applies = spec.name == plan.goal_size
        for case in [*filter_cases(store, content),
                     export_case(store, content, gen.held_meeting_id)]:
            if case.call is None:
                rows.append(failed(size, case.label, case.missing))
                continue
            try:
                timed = measure_call(case.label, case.call, call_samples, case.check)
            except Exception as error:
                rows.append(failed(size, case.label, f"{type(error).__name__}: {error}"))
                continue
            rows.append(absolute(size, case.label, timed.median, "under_100ms", applies=applies,
                                 value_text=f"{seconds(timed.median)} ({timed.note})"))

    _attempt(rows, size, "filters and export", domain_calls)
    _log(f"[{spec.name}] done in {time.perf_counter() - began:.1f} s")


# ------------------------------------------------------------------------------ run


def run(plan: Plan, out_dir: Path = OUT_DIR) -> list[Row]:
    out_dir.mkdir(parents=True, exist_ok=True)
    home = out_dir / "home"
    shutil.rmtree(home, ignore_errors=True)  # a fresh journal and device id every run
    home.mkdir(parents=True)
    os.environ["COMPACT_TUI_HOME"] = str(home)
    shutil.rmtree(out_dir / "work", ignore_errors=True)
    rows: list[Row] = []
    bare_typing: Samples | None = None
    _log("bare TextArea typing baseline...")
    try:
        bare_typing = asyncio.run(measure_typing(BareTextAreaApp(), "#minutes", plan.typing,
                                                 "bare TextArea"))
    except Exception as error:
        rows.append(failed("all", "keystrokes (bare TextArea)", f"{error}"))
    for spec in plan.specs:
        measure_size(spec, plan, out_dir, bare_typing, rows)
    shutil.rmtree(out_dir / "work", ignore_errors=True)
    return rows


def write_docs(path: Path, rows: list[Row], took: float, quick: bool, busy: str = "") -> None:
    info = machine()
    lines = [
        "# Performance",
        "",
        "Measured by `make bench` (`python -m benchmarks`); every ratio is against a baseline",
        "measured in the same run on the same machine. " + GOALS_TEXT,
        "",
        "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()) + ".",
        f"Run: {'--quick' if quick else 'full'}, {took:.0f} s, {time.strftime('%Y-%m-%d')}.",
        *([busy] if busy else []),
        "",
        markdown_table(rows),
        "",
        summary(rows),
        "",
        "How it is measured: stores of 1, 10 and 55 years are generated through the store API",
        "(`python -m benchmarks.generate --years N PATH`; cached under `benchmarks/out/`).",
        "Start-up is process start to the first painted Dashboard, headless, against a bare",
        "Textual app that `json.load`s the same file and shows a DataTable. A saved edit is",
        "`store.update` + `store.save()` against TinyDB 4.9's default JSONStorage updating one",
        "document in the same data, and against the floor (orjson dump + write + fsync).",
        "Keystroke latency is key sent to text shown and screen refreshed, in chair mode's",
        "minutes area with the background saver running, against a bare TextArea app.",
        "The chair's other keys (p/a/d on the attendance sheet, F9/F8, F2 opening the decision",
        "form), switching section (1-5) and opening the palette (ctrl+p) are timed the same way,",
        "key sent to its work on screen and the screen refreshed, in the real app on each store;",
        "\"typing while others' edits merge\" types minutes while another process, with its own",
        "device, saves edits to the same file every half second (`benchmarks/chair_keys.py`).",
        "`make bench-quick` runs the 1-year and 10-year stores only. Timings never fail a build;",
        "`tests/test_benchmarks_harness.py` checks the harness measures something real.",
        "",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    kept = ""  # the two-typist section (benchmarks/two_typists.py) is measured on its own
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if "\n" + TWO_TYPISTS_SECTION in old:
            kept = "\n" + TWO_TYPISTS_SECTION + old.split("\n" + TWO_TYPISTS_SECTION, 1)[1]
    path.write_text("\n".join(lines) + kept, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Measure compact-tui side by side with baselines as the store grows.")
    parser.add_argument("--quick", action="store_true",
                        help="1-year and 10-year stores only, fewer repetitions (< 60 s)")
    parser.add_argument("--tiny", action="store_true",
                        help="one tiny store, one repetition each: checks the harness runs")
    parser.add_argument("--out", type=Path, default=OUT_DIR,
                        help="where generated stores and scratch files go (benchmarks/out)")
    parser.add_argument("--docs", type=Path, metavar="FILE",
                        help="also write the table as Markdown, with the machine, to FILE")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 if a measurement could not be taken (never for timing)")
    args = parser.parse_args(argv)
    plan = TINY_PLAN if args.tiny else QUICK if args.quick else FULL
    began = time.perf_counter()
    print(GOALS_TEXT)
    print("Machine: " + "; ".join(f"{k} {v}" for k, v in machine().items()), flush=True)
    busy_before = busy_warning()
    if busy_before:
        print(busy_before, flush=True)
    rows = run(plan, args.out)
    took = time.perf_counter() - began
    print()
    print(table(rows))
    print()
    print(f"{summary(rows)} Took {took:.0f} s.", flush=True)
    busy = busy_warning() or busy_before
    if busy:
        print(busy, flush=True)
    (args.out / "latest.json").write_bytes(orjson.dumps(
        {"rows": [row.__dict__ for row in rows], "seconds": took, "machine": machine(),
         "goals": {k: g.text for k, g in GOALS.items()}}, option=orjson.OPT_INDENT_2))
    if args.docs:
        write_docs(args.docs, rows, took, args.quick, busy)
    if args.strict and any(row.status == FAILED for row in rows):
        return 1
    return 0
