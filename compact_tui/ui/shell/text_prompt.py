"""A small form of a few text fields: a guest's name, a declaration of interest, a note."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ...store import StoreError
from ..widgets.form import FieldLink, FormScreen, form_hint, form_input, form_row
from ..widgets.plain import plain


@dataclass(frozen=True)
class PromptField:
    key: str
    label: str
    placeholder: str = ""
    required: bool = False
    value: str = ""
    shown: Callable[[Any], str] | None = None  # a stored value as typed (a record followed)


class TextPromptScreen(FormScreen[dict[str, str] | None]):
    """Dismisses with {key: text} for every field, or None when cancelled.

    With ``apply``, the change is made before the form closes: a ``ValueError`` it raises (the
    domain's input errors) is shown in the form, which stays open with what was typed. With
    ``record`` (table, id) as well, the form edits that record's fields of the same keys and
    follows it: only the fields the member changed are applied (the form then dismisses with
    those), and others' changes meanwhile are taken in and marked.
    """

    def __init__(self, title: str, fields: list[PromptField], note: str = "",
                 apply: Callable[[dict[str, str]], object] | None = None,
                 record: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.note = note
        self.apply = apply
        self.record = record

    def on_mount(self) -> None:
        if self.record is not None and self.apply is not None:
            self.follow_record(*self.record, [
                FieldLink(f"prompt-{field.key}", field.key, field.shown) if field.shown
                else FieldLink(f"prompt-{field.key}", field.key) for field in self.fields])

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Static(plain(self.title_text), classes="form-title")
            if self.note:
                yield Static(plain(self.note), classes="form-hint")
            for field in self.fields:
                yield form_row(field.label, form_input(f"prompt-{field.key}", field.value,
                                                       field.placeholder))
            yield Static("", classes="form-error")
            yield form_hint()

    def submit(self) -> None:
        values = {}
        for field in self.fields:
            text = self.value_of(f"prompt-{field.key}")
            if field.required and not text:
                self.show_error(f"{field.label} is needed.",
                                self.query_one(f"#prompt-{field.key}"))
                return
            values[field.key] = text
        if self.apply is not None:
            try:
                values = self.save_edits(self.apply, values,
                                         {f.key: f"prompt-{f.key}" for f in self.fields})
            except (ValueError, StoreError) as error:
                self.show_error(str(error))
                return
        self.dismiss(values)
