"""``python -m benchmarks.register_import [--rows 10000]``: how long a register import takes.

Goal (issue 17): 10,000 rows (each an organisation with its lead champion) into the demo
store in under 2 s, from the CSV's bytes to the shared file saved: reading and checking the
rows (``plan_import``), the one transaction that adds them (``import_organisations``) and the
save. Each run starts from a fresh copy of the demo store; the median of the runs is judged.
Benchmarks never fail on speed: a missed goal is printed as missed.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

GOAL_SECONDS = 2.0


@dataclass(frozen=True)
class ImportRun:
    plan: float
    add: float
    save: float
    imported: int
    cpu: float  # this process's CPU seconds for all three: less swayed by a busy machine

    @property
    def total(self) -> float:
        return self.plan + self.add + self.save


def register_csv(rows: int) -> bytes:
    """A register as a council officer's spreadsheet would give it, one row per organisation."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Organisation name", "Sector", "Date signed", "Signed by",
                     "Role/Job Title", "Telephone", "Email", "Champion", "Champion email"])
    for number in range(rows):
        writer.writerow([f"Benchmark Organisation {number:05d}", "Charity", "01/03/2026",
                         f"Signer {number}", "Chair", "01277 200444",
                         f"office{number}@example.org.uk", f"Champion {number}",
                         f"champion{number}@example.org.uk"])
    return out.getvalue().encode("utf-8")


def import_once(store_path: Path, data: bytes) -> ImportRun:
    from compact_tui.domain.register import RegisterService
    from compact_tui.domain.register_csv import decode_csv, plan_import
    from compact_tui.store import open_store

    store = open_store(store_path, member="Benchmark importer")
    try:
        register = RegisterService(store)
        began, cpu_began = time.perf_counter(), time.process_time()
        plan = plan_import(decode_csv(data), register.organisations())
        planned = time.perf_counter()
        added, _ = register.import_organisations(
            (row.organisation, row.champions) for row in plan.good_rows)
        imported = time.perf_counter()
        store.save()
        saved, cpu = time.perf_counter(), time.process_time() - cpu_began
    finally:
        store.close()
    return ImportRun(planned - began, imported - planned, saved - imported, added, cpu)


def run(rows: int, runs: int, work: Path) -> list[ImportRun]:
    from compact_tui.demo import write_demo

    demo = work / "demo.json"
    write_demo(demo)
    data = register_csv(rows)
    results = []
    for number in range(runs):
        copy = work / f"run{number}.json"
        shutil.copyfile(demo, copy)
        results.append(import_once(copy, data))
    return results


def report(rows: int, results: list[ImportRun]) -> list[str]:
    median = statistics.median(run.total for run in results)
    verdict = "met" if median < GOAL_SECONDS else "MISSED"
    lines = [f"Register import of {rows} rows, {len(results)} run(s):"]
    lines += [f"  run {number + 1}: check {run.plan:.2f} s, add {run.add:.2f} s, "
              f"save {run.save:.2f} s, total {run.total:.2f} s, CPU {run.cpu:.2f} s "
              f"({run.imported} imported)"
              for number, run in enumerate(results)]
    if busy := _busy():
        lines.append(f"  {busy}")
    lines.append(f"  median {median:.2f} s; goal under {GOAL_SECONDS:.0f} s for 10,000 rows: "
                 f"{verdict}" + ("" if rows == 10_000 else f" (this run used {rows} rows)"))
    return lines


def _busy() -> str:
    """A warning when other work shares the processors (the wall-clock times then swell)."""
    try:
        load = os.getloadavg()[0]
    except OSError:
        return ""
    cores = os.cpu_count() or 1
    return (f"the machine is busy (load {load:.1f} on {cores} cores): judge by CPU time, or "
            "run again on a quiet machine" if load > cores else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.register_import",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="compact-bench-import-") as work:
        results = run(args.rows, args.runs, Path(work))
    print("\n".join(report(args.rows, results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
