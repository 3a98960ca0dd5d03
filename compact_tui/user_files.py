"""Files a person names to import from or export to (not the shared data file: that is the
store's). The CLI and the screens both use this, so neither opens files itself and both give
the same clear messages.
"""

from __future__ import annotations

import os
from pathlib import Path

MAX_IMPORT_BYTES = 20 * 1024 * 1024


class UserFileError(OSError):
    """A file could not be read or written; the message says which and why, in plain words."""


def user_path(text: str | Path) -> Path:
    return Path(str(text).strip()).expanduser()


def read_user_file(path: str | Path) -> bytes:
    target = user_path(path)
    if not str(path).strip():
        raise UserFileError("Type the path of the file.")
    if target.is_dir():
        raise UserFileError(f"{target} is a folder, not a file.")
    try:
        if target.stat().st_size > MAX_IMPORT_BYTES:
            raise UserFileError(f"{target} is too large to be a register CSV.")
        return target.read_bytes()
    except FileNotFoundError as error:
        raise UserFileError(f"There is no file at {target}.") from error
    except PermissionError as error:
        raise UserFileError(f"You do not have permission to read {target}.") from error
    except OSError as error:
        raise UserFileError(f"{target} could not be read: {error.strerror or error}.") from error


def write_user_file(path: str | Path, text: str, *, bom: bool = False) -> Path:
    """Write through a temporary file, so a failed write never leaves half a file behind.

    ``bom`` adds the byte-order mark Excel needs to read UTF-8 CSV correctly.
    """
    target = user_path(path)
    if not str(path).strip():
        raise UserFileError("Type the path of the file to write.")
    if target.is_dir():
        raise UserFileError(f"{target} is a folder: add a file name.")
    if not target.parent.exists():
        raise UserFileError(f"The folder {target.parent} does not exist.")
    temporary = target.with_name(f"~${target.name}.part")
    try:
        temporary.write_text(text, encoding="utf-8-sig" if bom else "utf-8", newline="")
        os.replace(temporary, target)
    except PermissionError as error:
        temporary.unlink(missing_ok=True)
        raise UserFileError(f"You do not have permission to write {target}.") from error
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UserFileError(f"{target} could not be written: {error.strerror or error}."
                            ) from error
    return target
