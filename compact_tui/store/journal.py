"""The local edit journal: every edit is on this machine's disk before the shared file is saved.

It lives in the user's data directory, outside the shared folder, so a crash mid-meeting, a
read-only folder or a damaged shared file never costs an edit. Each line holds the whole record
after the edit; replaying is a merge, so replaying an edit that did reach the file is harmless.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson


def journal_path_for(store_path: Path, journal_folder: Path) -> Path:
    key = hashlib.sha1(str(store_path.resolve()).encode()).hexdigest()[:16]
    return journal_folder / f"{store_path.stem}-{key}.jsonl"


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, table: str, record_id: str, doc: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = orjson.dumps({"table": table, "id": record_id, "doc": doc}) + b"\n"
        with open(self.path, "ab") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())

    def entries(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Every complete entry; a line cut short by a crash is skipped."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        for line in raw.splitlines():
            try:
                entry = orjson.loads(line)
                yield entry["table"], entry["id"], entry["doc"]
            except (orjson.JSONDecodeError, KeyError, TypeError):
                continue

    def __len__(self) -> int:
        return sum(1 for _ in self.entries())

    def mark(self) -> int:
        """The journal's length now; edits after it are not in the save about to happen."""
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def clear_through(self, mark: int) -> None:
        """Forget entries up to ``mark`` once the shared file holds them; keep later ones."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        tail = raw[mark:]
        if not tail:
            self.path.unlink(missing_ok=True)
            return
        temp = self.path.with_suffix(".tmp")
        temp.write_bytes(tail)
        os.replace(temp, self.path)
