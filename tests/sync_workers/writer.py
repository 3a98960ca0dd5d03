"""A small program that edits a store through the public API, as one member's app would.

Run as ``python writer.py PATH MEMBER DEVICE SCRIPT_JSON``. The script is a list of steps:

- ``["ready", FILE]``: create FILE (the store is open); ``["wait", FILE]``: wait until FILE
  exists (together they let the test release several open writers at the same moment);
- ``["insert", TABLE, FIELDS]``, ``["update", TABLE, ID, FIELDS]``, ``["delete", TABLE, ID]``;
- ``["inserts", TABLE, COUNT, SAVE_EVERY]``: COUNT inserts of ``{"who": MEMBER, "n": i}``;
- ``["updates", TABLE, ID, FIELD, COUNT, SAVE_EVERY]``: values ``"<MEMBER>-<i>"``;
- ``["save"]``, ``["refresh"]``, ``["sleep", SECONDS]``, ``["close"]``;
- ``["background", SECONDS]``: run the app's background saver/watcher for SECONDS (it merges
  others' edits and absorbs conflict copies, as the running app does);
- ``["kill_at_replace"]``: SIGKILL this process at the moment the data file would be renamed
  into place (after the temp file is written and fsync'd).

Every edit is printed as a JSON line (``{"op": ..., "table": ..., "id": ..., "fields": ...}``)
and flushed only after the store call returned, so the test knows exactly which edits the
store had accepted when the process died.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any


def main() -> None:
    path, member, device, script = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    from compact_tui.store import files, open_store

    store = open_store(path, member=member, device=device)

    def say(**entry: object) -> None:
        print(json.dumps(entry), flush=True)

    for step in json.loads(script):
        kind = step[0]
        if kind == "ready":
            Path(step[1]).write_text("ready")
        elif kind == "wait":
            while not Path(step[1]).exists():
                time.sleep(0.005)
        elif kind == "insert":
            record_id = store.insert(step[1], step[2])
            say(op="insert", table=step[1], id=record_id, fields=step[2])
        elif kind == "update":
            store.update(step[1], step[2], step[3])
            say(op="update", table=step[1], id=step[2], fields=step[3])
        elif kind == "delete":
            store.delete(step[1], step[2])
            say(op="delete", table=step[1], id=step[2])
        elif kind == "inserts":
            for number in range(step[2]):
                fields = {"who": member, "n": number}
                record_id = store.insert(step[1], fields)
                say(op="insert", table=step[1], id=record_id, fields=fields)
                if step[3] and number % step[3] == step[3] - 1:
                    store.save()
        elif kind == "updates":
            for number in range(step[4]):
                fields = {step[3]: f"{member}-{number}"}
                store.update(step[1], step[2], fields)
                say(op="update", table=step[1], id=step[2], fields=fields)
                if step[5] and number % step[5] == step[5] - 1:
                    store.save()
        elif kind == "save":
            say(op="save", ok=store.save())
        elif kind == "refresh":
            store.refresh()
        elif kind == "background":
            store.start_background(poll_interval=0.5)
            time.sleep(step[1])
            store.stop_background()
        elif kind == "sleep":
            time.sleep(step[1])
        elif kind == "close":
            store.close()
            say(op="closed")
            return
        elif kind == "kill_at_replace":
            files.os.replace = _dying_replace(os.replace, str(store.path))  # type: ignore
        else:
            raise SystemExit(f"unknown step {step!r}")
    store.close()
    say(op="closed")


def _dying_replace(real_replace: Any, target: str) -> Any:
    def replace_then_die(source: object, destination: object) -> None:
        if str(destination) == target:
            os.kill(os.getpid(), signal.SIGKILL)
        real_replace(source, destination)

    return replace_then_die


if __name__ == "__main__":
    main()
