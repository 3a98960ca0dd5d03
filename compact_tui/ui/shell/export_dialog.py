"""Ask where to save an export, then write it: the one place the screens write a file.

The domain renders text; this dialog confirms the path with the user (the file name's ending
picks the format) and writes it with ``user_files`` (atomic, plain messages, never over the
data file or the folders kept beside it). An existing file is replaced only after a second
Enter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ...user_files import UserFileError, refuse_store_paths, user_path, write_user_file
from ..widgets.form import FormScreen, form_hint, form_input, form_row
from ..widgets.plain import plain


class ExportDialog(FormScreen[Path | None]):
    """``formats`` maps a file ending (".md", ".docx") to a function that renders the text
    (or, for Word, the document's bytes); ``data_file`` is the store's file, which an export
    never replaces."""

    def __init__(self, title: str, default_path: Path,
                 formats: Mapping[str, Callable[[], str | bytes]], *,
                 data_file: Path) -> None:
        super().__init__()
        self.data_file = data_file
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
            yield form_hint()

    def submit(self) -> None:
        field = self.query_one("#export-path")
        typed = self.value_of("export-path")
        if not typed:
            self.show_error("Type the file to save to.", field)
            return
        path = user_path(typed)
        try:
            refuse_store_paths(path, self.data_file)
        except UserFileError as error:
            self.show_error(str(error), field)
            return
        render = self.formats.get(path.suffix.lower())
        if render is None:
            endings = " or ".join(self.formats)
            self.show_error(f'End the file name with {endings} (got "{path.name}").', field)
            return
        if path.is_file() and self._confirm_replace != path:
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
            write_user_file(path, text, data_file=self.data_file)
        except UserFileError as error:
            self.show_error(str(error), field)
            return
        self.dismiss(path)
