"""Ask where to save an export, then write it: the one place the screens write a file.

The domain renders text; this dialog confirms the path with the user (the file name's ending
picks the format) and writes it. An existing file is replaced only after a second Enter.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ..widgets.form import FORM_HINT, FormScreen, form_input, form_row
from ..widgets.plain import plain


def export_folder(store_path: Path) -> Path:
    """Exports default to the store's own folder, where the group already looks for files."""
    return store_path.parent


def write_export(path: Path, text: str) -> None:
    """Write through a temporary file so a reader never sees half an export."""
    temp = path.with_name(f"~${path.name}.part")
    temp.write_text(text, encoding="utf-8", newline="\n")
    os.replace(temp, path)


class ExportDialog(FormScreen[Path | None]):
    """``formats`` maps a file ending (".md") to a function that renders the text."""

    def __init__(self, title: str, default_path: Path,
                 formats: Mapping[str, Callable[[], str]]) -> None:
        super().__init__()
        self.title_text = title
        self.default_path = default_path
        self.formats = dict(formats)
        self._confirm_replace: Path | None = None

    def compose(self) -> ComposeResult:
        endings = " or ".join(self.formats)
        with Vertical(classes="form-box"):
            yield Static(plain(self.title_text), classes="form-title")
            yield form_row("Save to", form_input("export-path", str(self.default_path)))
            yield Static(f"The file name's ending picks the format: {endings}.",
                         classes="form-hint")
            yield Static("", classes="form-error")
            yield Static(FORM_HINT, classes="form-hint")

    def submit(self) -> None:
        field = self.query_one("#export-path")
        typed = self.value_of("export-path")
        if not typed:
            self.show_error("Type the file to save to.", field)
            return
        path = Path(typed).expanduser()
        render = self.formats.get(path.suffix.lower())
        if render is None:
            endings = " or ".join(self.formats)
            self.show_error(f'End the file name with {endings} (got "{path.name}").', field)
            return
        if path.is_dir():
            self.show_error(f"{path} is a folder; add a file name.", field)
            return
        if not path.parent.is_dir():
            self.show_error(f"There is no folder {path.parent}.", field)
            return
        if path.exists() and self._confirm_replace != path:
            self._confirm_replace = path
            self.show_error(f"{path.name} already exists. Press Enter again to replace it.",
                            field)
            return
        try:
            text = render()
        except (LookupError, ValueError) as error:
            self.show_error(f"Could not prepare the export: {error}", field)
            return
        try:
            write_export(path, text)
        except OSError as error:
            self.show_error(f"Could not write {path}: {error.strerror or error}", field)
            return
        self.dismiss(path)
