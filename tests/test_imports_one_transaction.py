"""A register import is one transaction: all rows or none, also when the process is killed
half-way (the next start or import must not commit half of it), and in the app it runs on a
worker thread with a progress bar (Escape stops it, leaving nothing behind)."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from textual.widgets import ProgressBar, Static

from compact_tui.cli import main
from compact_tui.domain.register import Organisation, RegisterService
from compact_tui.store import open_store
from compact_tui.store.journal import Journal
from compact_tui.ui.register.register import RegisterScreen
from compact_tui.ui.register.register_import import RegisterImportScreen

from .waiting import wait_until


def write_register_csv(path: Path, rows: int, prefix: str = "Imported Org") -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Organisation name", "Sector", "Date signed", "Signed by", "Email",
                      "Champion", "Champion email"])
        for number in range(rows):
            out.writerow([f"{prefix} {number:05d}", "Charity", "2026-03-01",
                          f"Signer {number}", f"org{number}@example.org",
                          f"Champion {number}", f"champion{number}@example.org"])
    return path


def names(path: Path) -> set[str]:
    with open_store(path, member="Reader", read_only=True) as store:
        return {o.name for o in RegisterService(store).organisations()}


def test_a_transaction_cut_short_in_the_journal_replays_nothing(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.jsonl")
    journal.append_many([("organisations", "a", {"name": "Before"})])
    journal.append_many([("organisations", str(n), {"name": f"Row {n}"}) for n in range(50)],
                        together=True)
    whole = journal.path.read_bytes()
    assert [doc["name"] for _, _, doc in journal.entries()][:2] == ["Before", "Row 0"]
    assert len(journal) == 51
    journal.path.write_bytes(whole[:-40])  # killed while the transaction's line was written
    assert [doc["name"] for _, _, doc in journal.entries()] == ["Before"]


def test_an_error_half_way_leaves_nothing(demo_path: Path) -> None:
    before = names(demo_path)

    def rows():
        for number in range(300):
            if number == 250:
                raise RuntimeError("the file went away")
            yield Organisation(name=f"Half Way {number}", sector="charity"), []

    with open_store(demo_path, member="Jo Morgan") as store:
        with pytest.raises(RuntimeError):
            RegisterService(store).import_organisations(rows())
        assert {o.name for o in RegisterService(store).organisations()} == before
        assert len(store.journal) == 0
    assert names(demo_path) == before


def test_no_save_writes_part_of_a_transaction(demo_path: Path) -> None:
    with open_store(demo_path, member="Jo Morgan") as store:
        saved_meanwhile: list[bool] = []
        with store.transaction():
            store.insert("organisations", {"name": "Inside", "sector": "charity"})
            saver = threading.Thread(target=lambda: saved_meanwhile.append(store.save()))
            saver.start()
            saver.join(timeout=0.5)
            assert saver.is_alive()  # the save waits for the transaction
            assert "Inside" not in demo_path.read_text(encoding="utf-8")
        saver.join(timeout=30)
        assert saved_meanwhile == [True]
    assert "Inside" in names(demo_path)


KILLED_IMPORT = """
import sys, time
from pathlib import Path
from compact_tui.cli import main
from compact_tui.store import core

insert = core.Store.insert
done = 0

def slow_insert(self, table, fields):
    global done
    done += 1
    if done == 600:  # 300 organisations and their champions are in: stop here
        Path(sys.argv[3]).write_text("half way")
        time.sleep(120)
    return insert(self, table, fields)

core.Store.insert = slow_insert
sys.exit(main(["--store", sys.argv[1], "register", "import", sys.argv[2]]))
"""


def test_a_killed_import_is_not_committed_half_way_later(demo_path: Path,
                                                         tmp_path: Path) -> None:
    before = names(demo_path)
    big = write_register_csv(tmp_path / "big.csv", 1000)
    marker = tmp_path / "half-way"
    process = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, str(demo_path), str(big),
                                str(marker)], env=os.environ.copy(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the import never got half way"
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    small = write_register_csv(tmp_path / "small.csv", 3, prefix="Later Org")
    assert main(["--store", str(demo_path), "register", "import", str(small)]) == 0
    after = names(demo_path)
    assert after - before == {f"Later Org {n:05d}" for n in range(3)}
    assert not any(name.startswith("Imported Org") for name in after)


async def test_the_app_imports_on_a_worker_with_a_bar_and_escape_stops_it(
        make_app, demo_path: Path, tmp_path: Path, monkeypatch) -> None:
    path = write_register_csv(tmp_path / "register.csv", 400)
    before = names(demo_path)
    app = make_app(demo_path, section="register")
    gate = threading.Event()
    threads: set[int] = set()
    real_insert = app.store.insert
    inserted = 0

    def gated_insert(table, fields):
        nonlocal inserted
        threads.add(threading.get_ident())
        inserted += 1
        if inserted == 300:
            gate.wait(30)
        return real_insert(table, fields)

    monkeypatch.setattr(app.store, "insert", gated_insert)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, RegisterImportScreen))
        screen = app.screen
        screen.query_one("#import-path").value = str(path)
        await pilot.press("enter")  # the preview
        await wait_until(pilot, lambda: "400 organisation(s)" in str(
            screen.query_one("#import-hint", Static).content))
        await pilot.press("enter")  # the import
        bar = screen.query_one("#import-progress", ProgressBar)
        await wait_until(pilot, lambda: inserted >= 300 and bar.display
                         and (bar.progress or 0) >= 100)
        assert app.ui_thread not in threads  # the UI thread stays free
        assert bar.total == 400
        await pilot.press("escape")
        gate.set()
        await app.workers.wait_for_complete()
        await wait_until(pilot, lambda: any("stopped: nothing was imported" in n.message
                                            for n in app._notifications))
        assert isinstance(app.screen, RegisterScreen)
        assert {o.name for o in RegisterService(app.store).organisations()} == before
        app.store.save()
    assert names(demo_path) == before

    app = make_app(demo_path, section="register")
    async with app.run_test(size=(100, 30)) as pilot:  # no gate this time: all rows go in
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, RegisterImportScreen))
        app.screen.query_one("#import-path").value = str(path)
        for _ in range(2):
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
        await wait_until(pilot, lambda: isinstance(app.screen, RegisterScreen))
        assert len(RegisterService(app.store).organisations()) == len(before) + 400


def test_the_import_benchmark_imports_every_row(tmp_path: Path) -> None:
    from benchmarks.register_import import report, run

    results = run(25, 1, tmp_path)
    assert [r.imported for r in results] == [25]
    assert results[0].add > 0 and results[0].save > 0
    assert "(25 imported)" in "\n".join(report(25, results))
