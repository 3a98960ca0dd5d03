"""Repair a damaged record: each stored value as text, what it should be, what is wrong.

Text fields take text as typed; yes-or-no fields take yes or no; numbers, lists and groups
are typed as JSON. Only the fields the member changed are written, each checked against its
field first: a value that still does not fit is named on the form and nothing is stored.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static

from ...domain.damaged import DamagedRecord, RepairError
from ...store import StoreError
from ..keys import bind
from ..widgets.form import FormScreen, form_input, form_row
from ..widgets.plain import plain


class RepairScreen(FormScreen[str | None]):
    """Dismisses with a message saying what was repaired, or None."""

    ENTER_SAVES = False
    BINDINGS = [bind("save", "save", "Save")]
    DEFAULT_CSS = """
    RepairScreen .form-box { width: 100; height: 90%; }
    RepairScreen #repair-fields { height: 1fr; }
    RepairScreen .repair-wrong { color: $text-warning; padding-left: 16; height: auto; }
    RepairScreen .repair-expected { color: $text-muted; padding-left: 16; height: auto; }
    """

    def __init__(self, damaged: DamagedRecord) -> None:
        super().__init__()
        self.damaged = damaged

    def compose(self) -> ComposeResult:
        damaged = self.damaged
        self.fields = self.services.damaged.repair_fields(damaged)
        with Vertical(classes="form-box"):
            yield Static(plain(f"Repair the damaged {damaged.noun} {damaged.label}".strip()),
                         classes="form-title")
            who = damaged.who()
            yield Static(plain(f"{who[:1].upper()}{who[1:]}. Text is typed as it is; yes or "
                               "no for yes-or-no fields; numbers, lists and groups as JSON."),
                         classes="form-hint")
            with VerticalScroll(id="repair-fields"):
                for index, field in enumerate(self.fields):
                    yield form_row(field.name[:15], form_input(f"repair-{index}", field.text))
                    if field.problem:
                        yield Static(plain(f"! damaged: {field.problem}"),
                                     classes="repair-wrong")
                    else:
                        yield Static(plain(f"should be {field.expected}"),
                                     classes="repair-expected")
            yield Static("", classes="form-error")
            yield Static("Tab: next field · ctrl+s: save · Escape: cancel", classes="form-hint")

    def on_mount(self) -> None:
        if self.fields:
            self.query_one("#repair-0").focus()

    def submit(self) -> None:
        typed = {field.name: self.query_one(f"#repair-{index}", Input).value
                 for index, field in enumerate(self.fields)}
        try:
            changed = self.services.damaged.repair(self.damaged, typed)
        except RepairError as error:
            index = next(i for i, f in enumerate(self.fields) if f.name == error.field)
            self.show_error(str(error), self.query_one(f"#repair-{index}"))
            return
        except StoreError as error:
            self.show_error(str(error))
            return
        left = self.services.damaged.get(self.damaged.table, self.damaged.record_id)
        message = (f"Repaired {', '.join(changed)}." if changed else "Nothing was changed.")
        if left is not None:
            message += " Still damaged: " + "; ".join(p.describe() for p in left.problems)
        self.dismiss(message)
