"""Copies of a store as they turn up beside it, for the shared-folder tests (issue 12)."""

from __future__ import annotations

from pathlib import Path

from compact_tui.store import open_store


def copy_with(path: Path, copy: Path, edit: dict[str, dict[str, object]],
              member: str = "Trainer") -> None:
    """A copy of the store as another app left it, with an edit only it holds."""
    copy.write_bytes(path.read_bytes())
    with open_store(copy, member=member, device="dev-other", absorb_copies=False) as other:
        for table, fields in edit.items():
            other.insert(table, fields)


def training_copy(path: Path) -> tuple[list[str], str]:
    """A store of four signatories and a meeting, and ``compact-training.json`` beside it with
    practice edits: three real signatories deleted, the venue rewritten, a pretend
    organisation added (what once reached a real store). Returns the ids."""
    with open_store(path, member="Priya Shah", device="dev-priya") as store:
        orgs = [store.insert("organisations", {"name": f"Org {n}", "status": "active"})
                for n in range(4)]
        meeting = store.insert("meetings", {"venue": "Town Hall", "date": "2026-11-20"})
    training = path.with_name("compact-training.json")
    training.write_bytes(path.read_bytes())
    with open_store(training, member="Trainer", device="dev-train",
                    absorb_copies=False) as practice:
        for org in orgs[:3]:
            practice.delete("organisations", org)
        practice.update("meetings", meeting, {"venue": "Practice Room"})
        practice.insert("organisations", {"name": "Pretend Org"})
    return orgs, meeting
