"""Conflict copies that sync services leave beside the data file, found and put away.

Every service names them differently, and Dropbox translates its words, so names are matched
loosely, by shape. Between the data file's stem and its suffix a conflict copy carries one or
more *marks* (a copy of a copy carries two):

- `` (…)``: Dropbox ``(Priya's conflicted copy 2026-11-25)`` in any language, ``(Case
  Conflict)``, ``(Unicode Encoding Conflict)``; Nextcloud ``(conflicted copy 2026-11-25
  101010)``; Google Drive ``(1)`` or ``(Conflict …)``;
- ``.sync-conflict-YYYYMMDD-HHMMSS-DEVICE``: Syncthing;
- ``-WORD``: OneDrive ``-LAPTOP42``, ``-LAPTOP42-1``, ``-host-safeBackup-0001``.

Only names a sync service really makes for this file are merged without asking:

- a name with an unmistakable mark (a date, a sync-conflict stamp, a "conflict" word,
  safeBackup) is *certain*: it is merged, or archived and reported if it cannot be read;
- Google Drive's ``compact (1).json`` is merged if its content is this very store (same
  ``store_id``): merging an old download of the store adds nothing, so nothing can go wrong;
- OneDrive's ``compact-HOST.json`` (``-HOST-1`` …) only where HOST is the computer name of a
  device the group's presence files know (``presence.known_hosts``): ``compact-training.json``
  is a person's practice copy, not a conflict, and merging it once deleted real signatories.

Everything else that holds this store, whatever its name (``compact-training.json``,
``compact copy.json``, a ``-WORD`` that is no known computer), *waits*: it is listed (the app's
copies dialog, ``compact-tui copies``, ``check``) and merged only when a member confirms.

After merging, a copy that held nothing the store lacked (its version vectors say every edit
in it is already here) is deleted; one that brought something new is archived, and the archive
is pruned by age and total size so it cannot grow without bound in everyone's folder.

Our own files never match: backups, presence files and the archive live in folders, temp files
start with ``~syncthing~`` (or ``~$`` from older versions) and the services' temp files with a
dot.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..locations import archive_folder
from .files import is_temp_name, own_folder
from .records import merge_databases

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
ARCHIVE_MAX_AGE_DAYS = 30
ARCHIVE_MIN_BYTES = 20_000_000
ARCHIVE_SIZE_FACTOR = 5
_STORE_TABLES_IGNORED = frozenset({"_meta"})


@dataclass(frozen=True)
class ConflictCopy:
    """A file beside the data file that may hold edits the store lacks.

    ``certain``: the name alone says a sync service made it. ``host``: the computer name in
    OneDrive's ``-HOST`` mark. ``recognised``: False for a file found only by its content.
    """

    path: Path
    service: str
    certain: bool
    host: str = ""
    recognised: bool = True

    @property
    def description(self) -> str:
        if not self.recognised:
            return "a copy of this store under another name"
        return f"conflict copy from {self.service}" if self.service else "conflict copy"

    def merges_without_asking(self, known_hosts: Iterable[str]) -> bool:
        """Certain names merge; OneDrive's only for a known computer; Google Drive's (N) too
        (its content is checked to be this store); anything else waits for a member."""
        if self.certain:
            return True
        if self.service == "OneDrive":
            return self.host.casefold() in {h.casefold() for h in known_hosts}
        return self.service == "Google Drive"


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
    return ConflictCopy(data_file.parent / name, service, certain, _host_of(middle))


def _host_of(middle: str) -> str:
    """OneDrive's computer name: ``-LAPTOP42`` or ``-LAPTOP42-1`` (a numbered repeat)."""
    match = re.fullmatch(r"-([A-Za-z0-9_][A-Za-z0-9_.]*?)(?:-\d+)?", middle)
    return match.group(1) if match else ""


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
    """Conflict copies of ``data_file`` in its folder, by name, oldest first."""
    return [copy for copy in _scan(data_file) if copy.recognised]


def find_lookalikes(data_file: Path) -> list[Path]:
    """Other ``.json`` files whose name starts with the data file's stem then a separator
    (``compact copy.json``, ``compact_old.json``): copies of the store only if their content
    says so, and then merged only when a member confirms."""
    return [copy.path for copy in _scan(data_file) if not copy.recognised]


def _scan(data_file: Path) -> list[ConflictCopy]:
    found = []
    try:
        entries = list(os.scandir(data_file.parent))
    except OSError:
        return []
    stem, suffix = _normal(data_file.stem), _normal(data_file.suffix)
    for entry in entries:
        if is_temp_name(entry.name):
            continue
        try:  # a link could bring in (and then archive) a file from outside the folder
            if entry.is_symlink() or not entry.is_file():
                continue
        except OSError:
            continue
        copy = classify(entry.name, data_file)
        if copy is not None:
            found.append(copy)
            continue
        normal = _normal(entry.name)
        rest = normal[len(stem):len(normal) - len(suffix)] if normal.endswith(suffix) else ""
        if (normal.startswith(stem) and rest and not rest[0].isalpha()
                and normal != _normal(data_file.name)):
            found.append(ConflictCopy(data_file.parent / entry.name, "", False,
                                      recognised=False))
    return sorted(found, key=lambda c: c.path.name)


def adds_nothing(ours: Mapping[str, Mapping[str, Any]],
                 theirs: Mapping[str, Mapping[str, Any]]) -> bool:
    """True when every edit in ``theirs`` is already in ``ours`` (by version information).

    Goes through the records' merge, so it holds whatever the record layout: merging
    ``theirs`` into ``ours`` would change no record (the clock high-water mark in ``_meta``
    does not count: it is bookkeeping, not data).
    """
    result = merge_databases(ours, theirs)
    return not any(table not in _STORE_TABLES_IGNORED for table, _ in result.new_to_a)


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


def move_to_archive(source: Path, data_file: Path, label: str = "") -> Path:
    """Move a file into the archive folder beside the data file; never overwrite anything."""
    folder = own_folder(archive_folder(data_file))
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
    with contextlib.suppress(OSError):
        os.utime(target)  # its age in the archive counts from now, for pruning
    return target


def prune_archive(data_file: Path, *, max_age_days: float = ARCHIVE_MAX_AGE_DAYS,
                  max_bytes: int | None = None, now: float | None = None) -> list[Path]:
    """Remove archived copies older than ``max_age_days``, then the oldest until the archive
    is within ``max_bytes`` (default: five times the data file, at least 20 MB).

    Every copy in the archive was merged before it got there (or could not be read), so
    pruning loses nothing the store holds; the bound keeps a long meeting's copies from
    filling every member's disk.
    """
    folder = archive_folder(data_file)
    if folder.is_symlink():
        return []  # a link to elsewhere: nothing there is ours to remove
    if max_bytes is None:
        try:
            size = data_file.stat().st_size
        except OSError:
            size = 0
        max_bytes = max(ARCHIVE_MIN_BYTES, ARCHIVE_SIZE_FACTOR * size)
    now = time.time() if now is None else now
    entries = []
    try:
        for entry in os.scandir(folder):
            if entry.is_file() and not is_temp_name(entry.name):
                info = entry.stat()
                entries.append((info.st_mtime, info.st_size, Path(entry.path)))
    except OSError:
        return []
    entries.sort()
    removed = []
    total = sum(size for _, size, _ in entries)
    for mtime, size, path in entries:
        if now - mtime <= max_age_days * 86400 and total <= max_bytes:
            break
        try:
            path.unlink()
        except OSError:
            continue
        total -= size
        removed.append(path)
    return removed


def archive_size(data_file: Path) -> int:
    """Bytes in the archive folder (for ``check`` and the benchmark)."""
    try:
        return sum(entry.stat().st_size for entry in os.scandir(archive_folder(data_file))
                   if entry.is_file())
    except OSError:
        return 0
