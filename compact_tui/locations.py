"""Every default path the app uses, in one place: this machine's own folders (platformdirs),
the default data file, the folders kept beside the data file, where exports go, and which
content and agenda templates to read.

Tests and scripts point the machine's folders elsewhere with ``COMPACT_TUI_HOME``, which keeps
a user's real config and journal out of the way. Imports nothing of ours, so every layer may
use it.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "compact-tui"
PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent


def _home_override() -> Path | None:
    value = os.environ.get("COMPACT_TUI_HOME")
    return Path(value) if value else None


def config_dir() -> Path:
    """Where the user's settings live (member name, store path, theme)."""
    home = _home_override()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, False))


def data_dir() -> Path:
    """Where this machine's private state lives: device id and the edit journal.

    It is deliberately outside the shared folder: the journal must survive the shared file
    being damaged, and the device id must not be synced to other machines.
    """
    home = _home_override()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, False))


def config_file() -> Path:
    return config_dir() / "config.yaml"


def journal_dir() -> Path:
    return data_dir() / "journal"


def in_source_checkout() -> bool:
    """Running from a copy of the project (``make run``), not from an installed package."""
    return (PROJECT_ROOT / "pyproject.toml").is_file() and \
        (PROJECT_ROOT / "compact_tui").resolve() == PACKAGE_ROOT


def default_store_path() -> Path:
    """The data file when none is named: ``store/compact.json`` in a copy of the project;
    installed (pipx, a wheel), a demo store, named as one, in the user's data folder, never
    inside the installed package, which an upgrade or reinstall deletes."""
    if in_source_checkout():
        return PROJECT_ROOT / "store" / "compact.json"
    return data_dir() / "compact-DEMO.json"


# Where the sync services keep their folder by default (Windows, macOS and Linux clients):
# OneDrive for Business adds " - <organisation>", Dropbox Business " (<team>)"; on macOS both
# live under Library/CloudStorage; Syncthing's default folder is ~/Sync.
SYNC_FOLDER_PATTERNS = (
    ("OneDrive", "OneDrive"), ("OneDrive", "OneDrive - *"),
    ("OneDrive", "Library/CloudStorage/OneDrive*"),
    ("Dropbox", "Dropbox"), ("Dropbox", "Dropbox (*)"),
    ("Dropbox", "Library/CloudStorage/Dropbox*"),
    ("Nextcloud", "Nextcloud"), ("Syncthing", "Sync"),
)
_NOT_THE_GROUPS_FILE = ("conflict", "copy", "demo", "backup", "archive", "presence")


def sync_folders(home: Path | None = None) -> list[tuple[str, Path]]:
    """The sync services' usual folders found on this machine, with the service's name."""
    home = home or Path.home()
    found: list[tuple[str, Path]] = []
    for service, pattern in SYNC_FOLDER_PATTERNS:
        for folder in sorted(home.glob(pattern)):
            if folder.is_dir() and all(folder != known for _, known in found):
                found.append((service, folder))
    return found


def store_files_in(folder: Path, limit: int = 8) -> list[Path]:
    """Files that may be a group's store, up to two folders down: ``compact.json``,
    ``brentwood-compact.json``... (conflict copies, demos, backups and archives left out)."""
    found: list[Path] = []
    for pattern in ("*compact*.json", "*/*compact*.json", "*/*/*compact*.json"):
        for candidate in sorted(folder.glob(pattern)):
            names = [part.casefold() for part in candidate.relative_to(folder).parts]
            if not any(word in name for name in names for word in _NOT_THE_GROUPS_FILE) \
                    and candidate.is_file():
                found.append(candidate)
            if len(found) >= limit:
                return found
    return found


def problem_log_file() -> Path:
    """Errors the app met in the background (with tracebacks), for whoever helps the member."""
    return data_dir() / "problems.log"


# ------------------------------------------------------------- beside the data file

def backups_folder(data_file: Path) -> Path:
    """Rolling backups of what this machine saved (``compact-backups/``)."""
    return data_file.parent / f"{data_file.stem}-backups"


def archive_folder(data_file: Path) -> Path:
    """Conflict copies already merged, kept rather than deleted (``compact-archive/``)."""
    return data_file.parent / f"{data_file.stem}-archive"


def presence_folder(data_file: Path) -> Path:
    """One small file per running app, saying who else has the file open."""
    return data_file.parent / f"{data_file.stem}-presence"


def store_owned_paths(data_file: Path) -> tuple[Path, ...]:
    """What no export may overwrite: the data file and the folders the store keeps beside it."""
    return (data_file, backups_folder(data_file), archive_folder(data_file),
            presence_folder(data_file))


def export_folder(data_file: Path) -> Path:
    """Exports default to the data file's own folder, where the group already looks."""
    return data_file.parent


def private_export_folder() -> Path:
    """Exports holding personal data (the register with contacts) default to the member's own
    home folder, not the folder the whole group syncs."""
    return Path.home()


def forms_folder() -> Path:
    """Forms to email out: somewhere personal and easy to find when attaching them."""
    return private_export_folder() / "Compact forms"


# ------------------------------------------------------------- content and templates

def content_folder(given: Path | str | None, configured: str = "") -> Path | None:
    """The content to load: ``--content``, then the settings' folder; None means the shipped
    Brentwood content."""
    chosen = given or configured
    return Path(chosen).expanduser() if chosen else None


def default_agendas_folder() -> Path:
    """The one copy of the agenda templates: the project's ``agendas/`` in a checkout, which
    an installed app carries as ``compact_tui/agendas/`` (setup.py maps the folder there)."""
    installed = PACKAGE_ROOT / "agendas"
    return installed if installed.is_dir() else PROJECT_ROOT / "agendas"


def agendas_folder(configured: str = "") -> Path:
    """The settings' ``agendas_folder`` when set, else the shipped templates."""
    return Path(configured).expanduser() if configured else default_agendas_folder()
