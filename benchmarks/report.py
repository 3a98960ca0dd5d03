"""Rows, goals and the printed table. A missed goal is printed as MISSED with its numbers."""

from __future__ import annotations

import os
import platform
import re
from dataclasses import dataclass
from pathlib import Path

OK, MISSED, INFO, FAILED = "ok", "MISSED", "info", "FAILED"


@dataclass(frozen=True)
class Goal:
    """``ratio`` must be under (``strict``) or at most ``limit``; ``text`` says it for people."""

    limit: float
    text: str
    strict: bool = False

    def met(self, ratio: float) -> bool:
        return ratio < self.limit if self.strict else ratio <= self.limit


GOALS = {
    "start": Goal(1.3, "within 1.3x the baseline"),
    "save_tinydb": Goal(0.2, "under 0.2x TinyDB's default", strict=True),
    "save_floor": Goal(2.0, "within 2x the floor"),
    "keys_p99": Goal(1.2, "p99 within 1.2x the bare app"),
    "under_100ms": Goal(0.1, "under 100 ms at 10 years", strict=True),
    "keys_50ms": Goal(0.05, "p99 under 50 ms at 55 years", strict=True),
    "switch_100ms": Goal(0.1, "under 100 ms at 55 years", strict=True),
}


@dataclass
class Row:
    size: str
    measure: str
    value: str
    baseline: str = ""
    ratio: float | None = None
    goal: str = ""
    status: str = INFO
    note: str = ""


def seconds(value: float) -> str:
    """Milliseconds below 10 s, one decimal under 10 ms."""
    ms = value * 1000
    if ms < 10:
        return f"{ms:.1f} ms"
    if ms < 10_000:
        return f"{ms:.0f} ms"
    return f"{value:.1f} s"


def judged(size: str, measure: str, value: float, baseline: float, baseline_text: str,
           goal_key: str, *, value_text: str | None = None, note: str = "") -> Row:
    """A row compared with a baseline and judged against one of the GOALS."""
    goal = GOALS[goal_key]
    ratio = value / baseline if baseline > 0 else float("inf")
    status = OK if goal.met(ratio) else MISSED
    return Row(size, measure, value_text or seconds(value), baseline_text, ratio, goal.text,
               status, note)


def absolute(size: str, measure: str, value: float, goal_key: str | None, *,
             applies: bool = True, value_text: str | None = None, note: str = "") -> Row:
    """A row judged on its own value (``under 100 ms``); ``applies`` False makes it info."""
    text = value_text or seconds(value)
    if goal_key is None:
        return Row(size, measure, text, note=note)
    goal = GOALS[goal_key]
    if not applies:
        return Row(size, measure, text, goal=f"({goal.text})", status=INFO, note=note)
    status = OK if goal.met(value) else MISSED
    return Row(size, measure, text, goal=goal.text, status=status, note=note)


def failed(size: str, measure: str, reason: str) -> Row:
    return Row(size, measure, "not measured", status=FAILED, note=reason)


COLUMNS = ("Size", "Measure", "Value", "Baseline", "Ratio", "Goal", "Result")


def _cells(row: Row) -> list[str]:
    ratio = "" if row.ratio is None else f"{row.ratio:.2f}x"
    result = row.status
    if row.status == MISSED:
        result = f"MISSED ({ratio or row.value}; {_limit(row)})"
    return [row.size, row.measure, row.value, row.baseline, ratio, row.goal, result]


def _limit(row: Row) -> str:
    match = re.search(r"(\d+(?:\.\d+)?x|\d+ ms)", row.goal)
    return f"goal {match.group(1)}" if match else "goal"


def table(rows: list[Row]) -> str:
    """A plain-text table; notes follow it, numbered, so lines stay short."""
    body = [_cells(row) for row in rows]
    widths = [max(len(COLUMNS[i]), *(len(cells[i]) for cells in body)) for i in
              range(len(COLUMNS))]
    lines = ["  ".join(c.ljust(widths[i]) for i, c in enumerate(COLUMNS)).rstrip(),
             "  ".join("-" * w for w in widths)]
    notes = []
    for row, cells in zip(rows, body, strict=True):
        if row.note:
            notes.append(row.note)
            cells = [*cells[:-1], f"{cells[-1]} [{len(notes)}]"]
        lines.append("  ".join(c.ljust(widths[i]) for i, c in enumerate(cells)).rstrip())
    if notes:
        lines.append("")
        lines += [f"[{n}] {text}" for n, text in enumerate(notes, start=1)]
    return "\n".join(lines)


def markdown_table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    notes = []
    for row in rows:
        cells = _cells(row)
        if row.note:
            notes.append(row.note)
            cells[-1] = f"{cells[-1]} [{len(notes)}]"
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    if notes:
        lines.append("")
        lines += [f"{n}. {text}" for n, text in enumerate(notes, start=1)]
    return "\n".join(lines)


def summary(rows: list[Row]) -> str:
    missed = [r for r in rows if r.status == MISSED]
    broken = [r for r in rows if r.status == FAILED]
    parts = [f"{sum(r.status == OK for r in rows)} goals met", f"{len(missed)} MISSED"]
    if broken:
        parts.append(f"{len(broken)} not measured")
    return ", ".join(parts) + "."


def machine() -> dict[str, str]:
    """Where the numbers came from: cores, CPU, memory, Python, OS."""
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except (OSError, ValueError):
        pass
    return {"cores (nproc)": str(os.cpu_count() or "?"), "CPU": cpu, "RAM": ram,
            "Python": platform.python_version(), "OS": f"{platform.system()} "
            f"{platform.release()}"}


def busy_warning() -> str:
    """A warning when other work is competing for the CPU, which makes every timing noisy."""
    try:
        load = os.getloadavg()[0]
    except OSError:
        return ""
    cores = os.cpu_count() or 1
    if load <= cores * 0.75:
        return ""
    return (f"WARNING: the machine is busy (load average {load:.1f} on {cores} cores): timings "
            "are noisy and ratios less trustworthy; run again when it is quiet.")
