"""The group's own introduction to the year's annual report: prose, in their words.

Saved as a text edit on what the form opened with, so another member's words typed meanwhile
are merged in, not overwritten."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Static, TextArea

from ...domain.annual_report import introduction, save_introduction
from ..keys import bind
from ..widgets.form import FormScreen
from ..widgets.plain import PlainTextArea, plain


class IntroductionForm(FormScreen[bool | None]):
    CSS_PATH = "clock_forms.tcss"
    ENTER_SAVES = False
    BINDINGS = [bind("save", "save", "Save")]

    def __init__(self, year: int) -> None:
        super().__init__()
        self.year = year

    def compose(self) -> ComposeResult:
        self.base = introduction(self.compact.store, self.year)
        with Vertical(classes="form-box clock-form"):
            yield Static(plain(f"Introduction to the annual report {self.year}"),
                         classes="form-title")
            yield Static("Your group's words, published before the figures. A blank line "
                         "starts a new paragraph.", classes="form-hint")
            yield PlainTextArea(self.base, id="introduction", soft_wrap=True,
                                show_line_numbers=False)
            yield Button("Save (Ctrl+S)", id="save", variant="primary", compact=True)
            yield Static("", classes="form-error")
            yield Static("Ctrl+S or the Save button: save · Esc: cancel", classes="form-hint")

    def on_mount(self) -> None:
        area = self.query_one("#introduction", TextArea)
        area.cursor_blink = False  # a steady cursor: no repaint twice a second over ssh
        area.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        text = self.query_one("#introduction", TextArea).text
        if text == self.base:
            self.dismiss(False)
            return
        save_introduction(self.compact.store, self.year, self.base, text)
        self.dismiss(True)
