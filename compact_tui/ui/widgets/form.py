"""The shape every modal form shares: a titled box, label + field rows, an error line.

Tab moves between fields, Enter saves, Escape cancels. A form never closes on bad input: it
shows the message, focuses the field at fault and stores nothing.
"""

from __future__ import annotations

from typing import TypeVar

from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from ..keys import bind
from ..shell.app_access import UsesApp
from .plain import PlainInput, plain

ResultType = TypeVar("ResultType")

FORM_HINT = "Tab: next field · Enter: save · Escape: cancel"


class FormScreen(UsesApp, ModalScreen[ResultType]):
    """Subclasses compose inside ``.form-box`` and implement ``submit()``."""

    DEFAULT_CSS = """
    /* Opaque: blending the screen below into a dimmed backdrop costs every frame. */
    FormScreen { align: center middle; background: $background; }
    FormScreen .form-box {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    FormScreen .form-title { text-style: bold; margin-bottom: 1; }
    FormScreen .form-row { height: auto; margin-bottom: 0; }
    FormScreen .form-row > Label { width: 16; color: $text-muted; }
    FormScreen .form-row > Input { width: 1fr; }
    FormScreen .form-row > Select { width: 1fr; }
    FormScreen .form-error { color: $text-error; height: auto; }
    FormScreen .form-hint { color: $text-muted; height: auto; }
    """
    BINDINGS = [bind("back", "cancel", "Cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)

    # Long forms set this False: there Enter moves to the next field and ctrl+s saves.
    ENTER_SAVES = True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.ENTER_SAVES:
            self.submit()
        else:
            self.focus_next()

    def action_save(self) -> None:
        self.submit()

    def submit(self) -> None:
        raise NotImplementedError

    def show_error(self, message: object, field: Widget | None = None) -> None:
        """Plain text only: a message quoting what was typed must not be read as markup."""
        self.query_one(".form-error", Static).update(plain(str(message)))
        if field is not None:
            field.focus()

    def value_of(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()


def form_row(label: str, field: Widget) -> Horizontal:
    """A label beside its field, one line high when the field is compact."""
    return Horizontal(Label(label), field, classes="form-row")


def form_input(field_id: str, value: str = "", placeholder: str = "") -> Input:
    return PlainInput(value=value, placeholder=placeholder, id=field_id, compact=True)
