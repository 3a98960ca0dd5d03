"""Copies waiting beside the data file, read (never written) so readers see everything.

The app merges the sync services' conflict copies as it meets them, but a copy left when both
apps closed together waits until someone opens the app. Exports, reports and ``check`` read
such copies into memory through ``waiting_copies``, so a document never silently misses what
is only in a copy; copies that wait for a member's confirmation are named, not merged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .conflict_copies import (
    ConflictCopy,
    find_conflict_copies,
    find_lookalikes,
    looks_like_our_store,
)
from .errors import NewerFormatError, UnreadableStoreError
from .files import read_file
from .presence import known_hosts
from .records import merge_databases
from .tables import META_ID, META_TABLE

_BOOKKEEPING = frozenset({META_TABLE, "_history"})


@dataclass
class WaitingCopy:
    """A copy beside the file: its data (None if unreadable) and what it would add."""

    copy: ConflictCopy
    data: dict[str, Any] | None
    problem: str = ""
    automatic: bool = False
    adds: int = 0
    newer: bool = False  # written by a newer compact-tui: left where it is for it to merge

    @property
    def name(self) -> str:
        return self.copy.path.name

    def describe(self) -> str:
        if self.data is None:
            return (f"{self.name} ({self.copy.description}) cannot be read, so nothing is "
                    f"merged from it: {self.problem}")
        what = (f"holds {self.adds} record(s) the file lacks" if self.adds
                else "holds nothing the file lacks")
        if self.automatic:
            return f"{self.name} ({self.copy.description}) {what}; opening the app merges it"
        return (f"{self.name} (a copy of this store that no sync service made for it) {what}; "
                f"it is merged only when a member confirms (compact-tui copies merge "
                f"\"{self.name}\")")


def store_id(data: Mapping[str, Any]) -> str:
    meta = data.get(META_TABLE, {})
    schema = meta.get(META_ID, {}) if isinstance(meta, Mapping) else {}
    value = schema.get("store_id", "") if isinstance(schema, Mapping) else ""
    return value if isinstance(value, str) else ""


def same_store(ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> bool:
    """Is ``theirs`` a copy of our store (not another store that happens to be named alike)?"""
    if not looks_like_our_store(theirs):
        return False
    mine, other = store_id(ours), store_id(theirs)
    if mine and mine == other:
        return True
    for table, records in theirs.items():
        if table.startswith("_") or not isinstance(records, Mapping):
            continue
        present = ours.get(table, {})
        if any(record_id in present for record_id in records):
            return True
    return False


def records_added(ours: Mapping[str, Mapping[str, Any]],
                  theirs: Mapping[str, Mapping[str, Any]]) -> int:
    """How many records merging ``theirs`` would change in ``ours`` (bookkeeping aside)."""
    result = merge_databases(ours, theirs)
    return len({key for key in result.new_to_a if key[0] not in _BOOKKEEPING})


def waiting_copies(path: Path, ours: Mapping[str, Mapping[str, Any]]) -> list[WaitingCopy]:
    """Every copy of this store beside ``path``: recognised conflict copies (merged without
    asking when their name is one a service really makes) and look-alikes (always asked)."""
    hosts = known_hosts(path)
    candidates = [*find_conflict_copies(path),
                  *(ConflictCopy(p, "", False, recognised=False) for p in find_lookalikes(path))]
    found = []
    for copy in candidates:
        try:
            data, _, _ = read_file(copy.path, attempts=2)
        except FileNotFoundError:
            continue
        except NewerFormatError as error:
            found.append(WaitingCopy(copy, None, str(error), newer=True))
            continue
        except UnreadableStoreError as error:
            if copy.certain:
                found.append(WaitingCopy(copy, None, str(error), automatic=True))
            continue
        if not same_store(ours, data) and not (copy.certain and looks_like_our_store(data)):
            continue
        automatic = copy.merges_without_asking(hosts)
        found.append(WaitingCopy(copy, data, automatic=automatic,
                                 adds=records_added(ours, data)))
    return found


def merged_view(ours: dict[str, Any], copies: list[WaitingCopy]) -> dict[str, Any]:
    """The store as it will read once the automatic copies are merged (nothing is written)."""
    merged = ours
    for waiting in copies:
        if waiting.automatic and waiting.data is not None and waiting.adds:
            merged = merge_databases(merged, waiting.data).data
    return merged
