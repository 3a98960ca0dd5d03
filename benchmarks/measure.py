"""The measurements: each returns ``Samples`` (seconds, one per repetition), never a guess.

Every function runs the real thing the requested number of times and raises if it could not
(so a broken app shows up as a failed row, not as a fast one).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

CHILD_START = Path(__file__).resolve().parent / "child_start.py"
BENCH_MEMBER = "Benchmark editor"


class MeasureError(RuntimeError):
    """A measurement could not be taken; the message says why."""


@dataclass
class Samples:
    """Timings of one measurement, in seconds, plus anything worth printing beside them."""

    label: str
    seconds: list[float]
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.seconds:
            raise MeasureError(f"{self.label}: no samples were taken")
        bad = [s for s in self.seconds if not (math.isfinite(s) and s > 0)]
        if bad:
            raise MeasureError(f"{self.label}: impossible timings {bad[:3]}")

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def p99(self) -> float:
        return percentile(self.seconds, 99)

    @property
    def worst(self) -> float:
        return max(self.seconds)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p99 of 100 samples is the 99th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def bench_env(home: Path) -> dict[str, str]:
    """The environment for child processes: a private COMPACT_TUI_HOME, nothing else changed."""
    env = dict(os.environ)
    env["COMPACT_TUI_HOME"] = str(home)
    env.pop("COMPACT_TUI_STORE", None)
    return env


# ------------------------------------------------------------------------------ start-up


@dataclass
class StartRun:
    seconds: float
    screen: str
    detail: str
    peak_rss_kb: int


def start_once(mode: str, path: Path, home: Path, timeout: float = 60) -> StartRun:
    """Start ``child_start.py MODE PATH`` and time process start to first painted screen."""
    started = time.time()
    result = subprocess.run([sys.executable, str(CHILD_START), mode, str(path)],
                            capture_output=True, text=True, env=bench_env(home),
                            timeout=timeout, check=False)
    lines = [line for line in result.stdout.splitlines() if line.startswith("BENCH ")]
    if result.returncode != 0 or not lines:
        tail = (result.stderr.strip().splitlines() or ["(no error output)"])[-1]
        raise MeasureError(f"{mode} start failed (exit {result.returncode}): {tail}")
    info = json.loads(lines[-1][len("BENCH "):])
    return StartRun(info["ready"] - started, info["screen"], info["detail"],
                    int(info["peak_rss_kb"]))


def measure_start(mode: str, path: Path, home: Path, runs: int) -> Samples:
    """Median-able start-up times of ``runs`` fresh processes; peak RSS in ``extra``."""
    done = [start_once(mode, path, home) for _ in range(runs)]
    expected = {"app": "DashboardScreen", "bare": "BareDataTableApp", "json": "json.load"}[mode]
    if any(run.screen != expected for run in done):
        raise MeasureError(f"{mode} start showed {done[0].screen!r}, not {expected}")
    return Samples(f"start {mode}", [run.seconds for run in done],
                   note=done[-1].detail,
                   extra={"peak_rss_kb": max(run.peak_rss_kb for run in done)})


# ----------------------------------------------------------------------------- saved edit


def fresh_copy(source: Path, work: Path, name: str) -> Path:
    """A private copy of a generated store in its own folder (backups land beside it)."""
    folder = work / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    target = folder / source.name
    shutil.copyfile(source, target)
    return target


def measure_store_edit(path: Path, table: str, record_id: str, field_name: str,
                       samples: int) -> Samples:
    """``store.update`` of one field plus ``store.save()``, on a store already open.

    The first save of a session also writes a rolling backup; it is made once before timing
    (a warm-up), so the samples are the saves a person makes every few seconds while typing.
    """
    from compact_tui.store import open_store

    store = open_store(path, member=BENCH_MEMBER)
    try:
        original = store.get(table, record_id)
        if original is None:
            raise MeasureError(f"no {table} record {record_id} in {path.name}")
        base = str(original.get(field_name, ""))
        store.update(table, record_id, {field_name: base + " (warm-up)"})
        if not store.save():
            raise MeasureError(f"the warm-up save failed: {store.problem}")
        times = []
        for index in range(samples):
            began = time.perf_counter()
            store.update(table, record_id, {field_name: f"{base} Edit {index}."})
            saved = store.save()
            times.append(time.perf_counter() - began)
            if not saved:
                raise MeasureError(f"a save failed: {store.problem}")
    finally:
        store.stop_background()
    return Samples("saved edit (store)", times)


def tinydb_copy(store_path: Path, target: Path, table: str, record_id: str) -> int:
    """The same data in TinyDB's own layout (integer document ids); returns the record's id."""
    from compact_tui.store.files import load_store_file

    data = load_store_file(store_path)
    converted: dict[str, dict[str, Any]] = {}
    wanted = 0
    for name, records in data.items():
        converted[name] = {}
        for number, (key, doc) in enumerate(records.items(), start=1):
            converted[name][str(number)] = doc
            if name == table and key == record_id:
                wanted = number
    if not wanted:
        raise MeasureError(f"no {table} record {record_id} to convert")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(converted, handle)  # what JSONStorage itself writes
    return wanted


def measure_tinydb_edit(path: Path, table: str, doc_id: int, field_name: str,
                        samples: int) -> Samples:
    """TinyDB 4.9 as documented: ``TinyDB(path)`` (default JSONStorage) + ``table.update``."""
    from tinydb import TinyDB

    times = []
    db = TinyDB(path)
    try:
        tiny = db.table(table)
        if tiny.get(doc_id=doc_id) is None:
            raise MeasureError(f"TinyDB copy has no document {doc_id} in {table}")
        for index in range(samples):
            began = time.perf_counter()
            tiny.update({field_name: f"Edit {index}."}, doc_ids=[doc_id])
            times.append(time.perf_counter() - began)
    finally:
        db.close()
    return Samples("saved edit (TinyDB JSONStorage)", times)


def measure_floor(store_path: Path, target: Path, samples: int) -> Samples:
    """The least a whole-file save can cost: orjson dump of the data, write, fsync."""
    data = orjson.loads(store_path.read_bytes())
    times = []
    for _ in range(samples):
        began = time.perf_counter()
        payload = orjson.dumps(data)
        with open(target, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        times.append(time.perf_counter() - began)
    return Samples("floor (orjson + write + fsync)", times)


# ------------------------------------------------------------------ domain calls, export


def measure_call(label: str, call: Callable[[], Any], samples: int,
                 check: Callable[[Any], bool] | None = None) -> Samples:
    """Time ``call()`` ``samples`` times; ``check`` guards against timing an empty answer."""
    times = []
    result: Any = None
    for _ in range(samples):
        began = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - began)
    if check is not None and not check(result):
        raise MeasureError(f"{label}: the call returned nothing useful ({result!r:.80})")
    size = len(result) if hasattr(result, "__len__") else None
    what = "characters" if isinstance(result, str) else "results"
    return Samples(label, times, note=f"{size} {what}" if size is not None else "")
