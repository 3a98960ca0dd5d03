"""Run writer.py in real OS processes, each as its own machine (own home, own device id)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

WRITER = Path(__file__).with_name("writer.py")
ROOT = Path(__file__).resolve().parents[2]


def start_writer(path: Path, member: str, device: str, script: list[Any],
                 home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "COMPACT_TUI_HOME": str(home), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(path), member, device, json.dumps(script)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def finish(process: subprocess.Popen[str], timeout: float = 60,
           expect_ok: bool = True) -> list[dict[str, Any]]:
    out, err = process.communicate(timeout=timeout)
    if expect_ok:
        assert process.returncode == 0, err
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def run_writers(specs: list[tuple[str, str, list[Any], Path]], path: Path,
                go: Path) -> list[list[dict[str, Any]]]:
    """Start every writer, wait until each has the store open, then release them all at once."""
    ready = [go.with_name(f"{go.name}.ready{index}") for index in range(len(specs))]
    processes = [start_writer(path, member, device,
                              [["ready", str(flag)], ["wait", str(go)], *script], home)
                 for (member, device, script, home), flag in zip(specs, ready, strict=True)]
    deadline = time.monotonic() + 30
    while not all(flag.exists() for flag in ready):
        assert time.monotonic() < deadline, "a writer did not start"
        assert all(p.poll() is None for p in processes), [p.communicate() for p in processes]
        time.sleep(0.01)
    go.write_text("go")
    return [finish(process) for process in processes]
