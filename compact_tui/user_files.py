"""Files a person names, to import from or export to: the one reader and the one writer.

Not the shared data file (that is the store's), though a person may type its name by mistake:
the writer refuses the data file and the folders the store keeps beside it. The commands, the
export dialog and the forms screens all come here, so each gives the same plain messages and
every write is atomic: the store's own ``write_atomically`` (a temporary file named so sync
services skip it, fsync, rename, retried while Windows holds the file), so a reader or a sync
service never sees half a file.
"""

from __future__ import annotations

from pathlib import Path

from .locations import store_owned_paths
from .store.files import write_atomically
from .visible_text import visible

# Files people read with cat, less or a browser: stored text in them shows its control and
# bidi characters as placeholders, as it does on screen, instead of acting on the terminal.
READ_IN_A_TERMINAL = (".md", ".markdown", ".txt", ".html", ".htm")

MAX_IMPORT_BYTES = 20 * 1024 * 1024


class UserFileError(OSError):
    """A file could not be read or written; the message says which and why, in plain words."""


class RefusedPathError(UserFileError):
    """The path names the shared data file or a folder the store keeps: never written."""


def describe_os_error(error: OSError, path: str | Path | None = None,
                      doing: str = "read") -> str:
    """One plain sentence for a file problem (no traceback); the only wording the app uses."""
    where = path or error.filename or "the file"
    if isinstance(error, UserFileError):
        return str(error)
    if isinstance(error, IsADirectoryError):
        return f"{where} is a folder, not a file."
    if isinstance(error, NotADirectoryError):
        return f"{where}: part of that path is a file, not a folder."
    if isinstance(error, FileNotFoundError):
        return f"There is no file at {where}."
    if isinstance(error, PermissionError):
        return (f"You do not have permission to {doing} {where} "
                "(choose a folder you can write to)." if doing == "write"
                else f"You do not have permission to {doing} {where}.")
    if doing == "write":
        return f"Could not write {where}: {error.strerror or error}."
    return f"{where} could not be {doing}: {error.strerror or error}."


def user_path(text: str | Path) -> Path:
    return Path(str(text).strip()).expanduser()


def read_user_file(path: str | Path, *, max_bytes: int = MAX_IMPORT_BYTES,
                   what: str = "a file to import") -> bytes:
    """The file's bytes, or a UserFileError saying plainly why not."""
    if not str(path).strip():
        raise UserFileError("Type the path of the file.")
    target = user_path(path)
    if target.is_dir():
        raise UserFileError(f"{target} is a folder, not a file.")
    if target.exists() and not target.is_file():
        raise UserFileError(f"{target} is not an ordinary file (a pipe or a device cannot be "
                            f"read as {what}).")
    try:
        if target.stat().st_size > max_bytes:
            raise UserFileError(f"{target} is too large to be {what}.")
        return target.read_bytes()
    except UserFileError:
        raise
    except OSError as error:
        raise UserFileError(describe_os_error(error, target)) from error


def refuse_store_paths(target: Path, data_file: Path | None) -> None:
    """An export must never land on the data file, nor in its backups, archive or presence
    folders (``export minutes -o compact.json`` once left Markdown where the data was)."""
    if data_file is None:
        return
    resolved = target.resolve()
    for owned in store_owned_paths(data_file):
        owned = owned.resolve()
        if resolved == owned:
            what = ("the shared data file" if owned == data_file.resolve()
                    else "a folder the app keeps")
            raise RefusedPathError(f"{target} is {what}; choose another file name.")
        if owned in resolved.parents:
            raise RefusedPathError(f"{target} is inside {owned}, which the app keeps for "
                                   "itself; choose another folder.")


def write_user_file(path: str | Path, data: str | bytes, *, bom: bool = False,
                    make_folder: bool = False, data_file: Path | None = None) -> Path:
    """Write text (UTF-8, newlines as given) or bytes through a temporary file.

    ``bom`` adds the byte-order mark Excel needs to read UTF-8 CSV; ``make_folder`` creates a
    missing folder (a folder of forms); ``data_file`` is the store, which is never written.
    """
    if not str(path).strip():
        raise UserFileError("Type the path of the file to write.")
    target = user_path(path)
    refuse_store_paths(target, data_file)
    if target.is_dir():
        raise UserFileError(f"{target} is a folder: add a file name.")
    folder = target.parent
    for above in (folder, *folder.parents):
        if above.exists() and not above.is_dir():
            raise UserFileError(f"Could not write {target}: {above} is a file, not a folder.")
    if not folder.exists():
        if not make_folder:
            raise UserFileError(f"Could not write {target}: the folder {folder} does not exist.")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UserFileError(f"Could not make the folder {folder}: "
                                f"{error.strerror or error}.") from error
    if isinstance(data, str) and target.suffix.casefold() in READ_IN_A_TERMINAL:
        data = "\r\n".join(visible(part) for part in data.split("\r\n"))
    payload = data if isinstance(data, bytes) else data.encode("utf-8-sig" if bom else "utf-8")
    try:
        write_atomically(target, payload)
    except OSError as error:
        raise UserFileError(describe_os_error(error, target, doing="write")) from error
    return target
