"""Every path the app uses outside the data folder, in one place (platformdirs).

Tests and scripts point these elsewhere with ``COMPACT_TUI_HOME``, which keeps a user's real
config and journal out of the way.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "compact-tui"
PROJECT_ROOT = Path(__file__).resolve().parents[1]


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


def default_store_path() -> Path:
    """The embedded default store: ``store/compact.json`` beside the project."""
    return PROJECT_ROOT / "store" / "compact.json"


def problem_log_file() -> Path:
    """Errors the app met in the background (with tracebacks), for whoever helps the member."""
    return data_dir() / "problems.log"
