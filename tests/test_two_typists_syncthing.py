"""Two app processes type into the same minutes item for a minute over a real Syncthing pair
(issue 12): every character of both is there, in the order each typed it, only a handful of
conflict copies were made, and none is left once an app has opened the store again.

Each typist is its own OS process with its own home (device id, journal) and its own Syncthing
folder, typing through the path chair mode uses (``Store.edit_text`` at the typist's cursor,
the background saver deciding when to write); ``benchmarks/two_typists.py`` runs the same for
ten minutes on the 10-year store and reports the numbers in ``docs/performance.md``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks.two_typists import run
from compact_tui.store import open_store

pytestmark = [
    pytest.mark.syncthing,
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("syncthing") is None,
                       reason="the syncthing binary is not installed "
                       "(apt-get install syncthing; .ci/run does this)"),
]
HANDFUL = 5


def test_two_processes_typing_into_one_item_for_a_minute_lose_nothing(tmp_path: Path) -> None:
    source = tmp_path / "compact.json"
    with open_store(source, member="Seeder", device="seeder",
                    journal_folder=tmp_path / "seed-journal") as store:
        meeting = store.insert("meetings", {"date": "2026-11-25", "venue": "Town Hall"})
        item = store.insert("agenda_items", {"meeting_id": meeting, "position": 1,
                                             "title": "Welcome", "minutes": "Minutes:\n"})
    results = run(1.0, tmp_path / "run", source=(source, item))
    assert results["characters typed"] > 200  # both typed for the whole minute
    assert results["characters lost"] == 0
    assert results["every character of each typist there, in typed order"] is True
    assert results["copies made"] <= HANDFUL
    assert results["copies left once an app opened again"] == 0
