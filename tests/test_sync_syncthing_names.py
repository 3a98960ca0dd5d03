"""The installed Syncthing never sends our temp and lock files to the other machine.

``files.py`` names them ``~syncthing~….tmp`` from Syncthing's own rule (``lib/fs/tempname.go``:
any name starting ``~syncthing~`` is its temp file); this checks that rule against the real
program, beside the older ``~$….part`` name, which Syncthing does send.
"""

from __future__ import annotations

import time
from pathlib import Path

from compact_tui.store.files import lock_path_for

from .test_sync_syncthing import Instance, pytestmark, wait_until  # noqa: F401 - the marks

DEADLINE_SECONDS = 60


def test_syncthing_skips_our_temp_and_lock_names_and_sends_the_old_ones(tmp_path: Path) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    one, two = Instance(tmp_path, "one"), Instance(tmp_path, "two")
    one.configure(two)
    two.configure(one)
    data = one.folder / "compact.json"
    ours = [one.folder / "~syncthing~compact.json.4242.abcd1234.tmp", lock_path_for(data)]
    old = one.folder / "~$compact.json.4242.abcd1234.part"
    for path in [data, *ours, old]:
        path.write_bytes(b"{}")
    try:
        one.start()
        one.wait_for_api(deadline)
        two.start()
        two.wait_for_api(deadline)
        wait_until(lambda: (two.folder / data.name).exists() and (two.folder / old.name).exists()
                   and one.in_sync_with(two) and two.in_sync_with(one),
                   deadline, "the folders are in sync")
        assert [p.name for p in ours if (two.folder / p.name).exists()] == []
    finally:
        one.stop()
        two.stop()
