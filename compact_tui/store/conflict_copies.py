"""Conflict copies that sync services leave beside the data file, found and put away.

Every service names them differently, and Dropbox translates its words, so names are matched
loosely, by shape. Between the data file's stem and its suffix a conflict copy carries one or
more *marks* (a copy of a copy carries two):

- `` (…)``: Dropbox ``(Priya's conflicted copy 2026-11-25)`` in any language, ``(Case
  Conflict)``, ``(Unicode Encoding Conflict)``; Nextcloud ``(conflicted copy 2026-11-25
  101010)``; Google Drive ``(1)`` or ``(Conflict …)``;
- ``.sync-conflict-YYYYMMDD-HHMMSS-DEVICE``: Syncthing;
- ``-WORD``: OneDrive ``-LAPTOP42``, ``-LAPTOP42-1``, ``-host-safeBackup-0001``.

A name with an unmistakable mark (a date, a sync-conflict stamp, a "conflict" word, safeBackup)
is *certain*: it is merged, or archived and reported if it cannot be read. A name that only has
the shape (``compact (1).json``, ``compact-LAPTOP42.json``) might be a person's own file, so it
is merged only if its content is a compact-tui store, and otherwise left alone.

Our own files never match: backups, presence files and the archive live in folders, temp files
start with ``~$`` and the sync services' temp files with a dot.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SYNCTHING_MARK = r"\.sync-conflict-\d{8}-\d{6}-[A-Za-z0-9]+"
PAREN_MARK = r" ?\((?:[^()]|\([^()]*\))*\)"
DASH_MARK = r"-[A-Za-z0-9_][A-Za-z0-9_.]*"
_MARKS = re.compile(rf"(?:{SYNCTHING_MARK}|{PAREN_MARK}|{DASH_MARK})+")
_ONE_MARK = re.compile(rf"{SYNCTHING_MARK}|{PAREN_MARK}|{DASH_MARK}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONFLICT_WORDS = re.compile(
    r"conflict|konflikt|conflit|conflict|conflicto|conflitto|conflito|kopie|copie|copia|"
    r"kopi|копия|конфликт|競合|冲突|衝突|충돌|safebackup", re.IGNORECASE)
_OUR_FOLDERS = ("-archive", "-backups", "-presence")
ARCHIVE_SUFFIX = "-archive"


@dataclass(frozen=True)
class ConflictCopy:
    path: Path
    service: str
    certain: bool

    @property
    def description(self) -> str:
        return f"conflict copy from {self.service}" if self.service else "conflict copy"


def _normal(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def classify(name: str, data_file: Path) -> ConflictCopy | None:
    """The conflict copy a file name describes, or None for any other file."""
    stem, suffix = _normal(data_file.stem), _normal(data_file.suffix)
    normal = _normal(name)
    if normal == _normal(data_file.name) or not normal.startswith(stem):
        return None
    if suffix and not normal.endswith(suffix):
        return None
    middle = name[len(data_file.stem): len(name) - len(data_file.suffix)]
    if not middle or any(middle == folder for folder in _OUR_FOLDERS):
        return None
    if not _MARKS.fullmatch(middle):
        return None
    service, certain = _service_of(middle)
    return ConflictCopy(data_file.parent / name, service, certain)


def _service_of(middle: str) -> tuple[str, bool]:
    """The most specific service any one mark names; certain if any mark is unmistakable."""
    services: list[tuple[str, bool]] = []
    for match in _ONE_MARK.finditer(middle):
        mark = match.group(0)
        services.append(_service_of_mark(mark))
    certain = any(c for _, c in services)
    named = [s for s, _ in services if s]
    return (named[0] if named else "a sync service"), certain


def _service_of_mark(mark: str) -> tuple[str, bool]:
    if mark.startswith(".sync-conflict-"):
        return "Syncthing", True
    if mark.startswith("-"):
        if "safebackup" in mark.casefold():
            return "OneDrive", True
        return "OneDrive", False
    inner = mark.strip()[1:-1]
    lowered = inner.casefold()
    if re.fullmatch(r"conflicted copy \d{4}-\d{2}-\d{2} \d{6}", lowered):
        return "Nextcloud", True
    if lowered in ("case conflict", "unicode encoding conflict") or re.fullmatch(
            r"(case|unicode encoding) conflict \d+", lowered):
        return "Dropbox", True
    if re.fullmatch(r"\d+", inner):
        return "Google Drive", False
    if lowered.startswith("conflict"):
        return "Google Drive", True
    if _DATE.search(inner):
        return "Dropbox", True
    if _CONFLICT_WORDS.search(inner):
        return "Dropbox", True
    return "", False


def find_conflict_copies(data_file: Path) -> list[ConflictCopy]:
    """Conflict copies of ``data_file`` in its folder, oldest first."""
    found = []
    try:
        entries = list(os.scandir(data_file.parent))
    except OSError:
        return []
    for entry in entries:
        if entry.name.startswith(("~$", ".")):
            continue
        try:
            if not entry.is_file():
                continue
        except OSError:
            continue
        copy = classify(entry.name, data_file)
        if copy is not None:
            found.append(copy)
    return sorted(found, key=lambda c: c.path.name)


def looks_like_our_store(data: Any) -> bool:
    """A parsed file that carries our bookkeeping, so merging it cannot surprise anyone."""
    if not isinstance(data, dict):
        return False
    meta = data.get("_meta", {}).get("schema", {}) if isinstance(data.get("_meta"), dict) else {}
    if isinstance(meta, dict) and meta.get("app") == "compact-tui":
        return True
    for records in data.values():
        if isinstance(records, dict):
            for doc in records.values():
                return isinstance(doc, dict) and "_vv" in doc and "_dots" in doc
    return False


def archive_folder(data_file: Path) -> Path:
    return data_file.parent / f"{data_file.stem}{ARCHIVE_SUFFIX}"


def move_to_archive(source: Path, data_file: Path, label: str = "") -> Path:
    """Move a file into the archive folder beside the data file; never overwrite anything."""
    folder = archive_folder(data_file)
    folder.mkdir(exist_ok=True)
    base = source.name
    if label:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        base = f"{source.stem}.{label}-{stamp}{source.suffix}"
    target = folder / base
    counter = 1
    while target.exists():
        target = folder / f"{Path(base).stem}.{counter}{Path(base).suffix}"
        counter += 1
    os.replace(source, target)
    return target
