"""The shape every modal form shares: a titled box, label + field rows, an error line.

Tab moves between fields, Enter saves, Escape cancels. A form never closes on bad input: it
shows the message, focuses the field at fault and stores nothing.

A form that edits a stored record follows it (``follow_record``): it remembers what each field
showed when loaded, saves only the fields the member changed, and while open takes in fields
others change, marking each ("changed by Bob Baker at 14:32"). A field both changed is a
clash: saving keeps the member's value and puts the other in Conflicts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.select import InvalidSelectValueError

from ...store.views import FieldChange, field_changes
from ..keys import bind
from ..shell.drafts import KeepsDraft
from ..shell.section import FollowsEdits
from .key_hint import KeyHint
from .plain import PlainInput, plain
from .shared_text import SharedTextArea

ResultType = TypeVar("ResultType")

# Enter is the text box's own key (it submits the form), so it is spelt; Escape is "back".
FORM_HINT = (("Tab", "next field"), ("Enter", "save"), ("back", "cancel"))


def _as_text(value: Any) -> Any:
    return "" if value is None else value


def as_choice(value: Any) -> Any:
    """A stored choice as a ``Select`` holds it (none: blank); for ``FieldLink.shown``."""
    return value if value else Select.NULL


def as_text(value: Any) -> str:
    """A stored value as an ``Input`` holds it; for ``FieldLink.shown``."""
    return "" if value is None else str(value)


@dataclass(frozen=True)
class FieldLink:
    """A form widget showing one stored field; ``shown`` turns the stored value into what the
    widget holds (a date typed as 03/12/2026, say)."""

    widget_id: str
    field: str
    shown: Callable[[Any], Any] = _as_text


class FormScreen(KeepsDraft, FollowsEdits, ModalScreen[ResultType]):
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
    FormScreen .form-changed { color: $text-warning; height: auto; padding-left: 16; }
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

    # ------------------------------------------------------------ following a record

    _record: tuple[str, str] | None = None

    @property
    def following(self) -> bool:
        """Is the form following a stored record (``follow_record`` has run)?"""
        return self._record is not None

    def follow_record(self, table: str, record_id: str, links: list[FieldLink]) -> None:
        """Call from ``on_mount`` once the widgets hold the record's values."""
        self._record = (table, record_id)
        self._links = [link for link in links if self.query(f"#{link.widget_id}")]
        self._loaded = {link.widget_id: self.widget_value(link.widget_id)
                        for link in self._links}
        self._seen = field_changes(self.compact.store, table, record_id,
                                   [link.field for link in self._links]) or {}
        self._theirs: dict[str, FieldChange] = {}

    def widget_value(self, widget_id: str) -> Any:
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, SelectionList):
            return list(widget.selected)
        if isinstance(widget, Input | Select | Checkbox):
            return widget.value
        raise TypeError(f"#{widget_id} is not a form field")

    def edited(self, widget_id: str) -> bool:
        """Did the member change this field? (Every field counts in a form for a new record.)"""
        if self._record is None or widget_id not in self._loaded:
            return True
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, SharedTextArea):
            return widget.unsaved
        return self.widget_value(widget_id) != self._loaded[widget_id]

    def refresh_data(self) -> None:
        """Others' edits arrived: take in the fields they changed, and say so on the form."""
        if self._record is None:
            return
        table, record_id = self._record
        now = field_changes(self.compact.store, table, record_id,
                            [link.field for link in self._links])
        if now is None:
            self.show_error("Another member removed this record while the form was open; "
                            "saving is not possible. Escape closes the form.")
            return
        for link in self._links:
            change = now[link.field]
            if change.dot == (self._seen.get(link.field) or FieldChange("", "", None,
                                                                        None)).dot:
                continue
            self._seen[link.field] = change
            wanted = link.shown(change.value)
            note = f"changed by {change.by or 'another member'} at {change.local_time}"
            widget = self.query_one(f"#{link.widget_id}")
            if isinstance(widget, SharedTextArea):
                widget.pull()  # their words merge with the member's own, nothing to settle
                self._mark(link.widget_id, note + "; their words are merged in")
                continue
            if self.edited(link.widget_id) and self.widget_value(link.widget_id) != wanted:
                self._theirs[link.widget_id] = change
                note += f" to “{_short(wanted)}”: saving keeps yours, theirs goes to Conflicts"
            else:
                try:
                    self._set_widget_value(link.widget_id, wanted)
                except InvalidSelectValueError:
                    # Not one of this form's choices: the field keeps what it shows, and the
                    # member's save leaves the stored value alone unless they change it.
                    note += f" to “{_short(change.value)}”, which this form cannot show"
                else:
                    self._loaded[link.widget_id] = wanted
                self._theirs.pop(link.widget_id, None)
            self._mark(link.widget_id, note)

    def _set_widget_value(self, widget_id: str, value: Any) -> None:
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, TextArea):
            widget.load_text(str(value))
        elif isinstance(widget, SelectionList):
            widget.deselect_all()
            for chosen in value or []:
                widget.select(chosen)
        elif isinstance(widget, Select):
            widget.value = value if value else Select.NULL
        else:
            widget.value = value  # type: ignore[attr-defined]

    def _mark(self, widget_id: str, note: str) -> None:
        """The note goes on a line under the field's row, replacing an earlier one."""
        widget = self.query_one(f"#{widget_id}")
        row = widget.parent if isinstance(widget.parent, Widget) and widget.parent.has_class(
            "form-row") else widget
        marks = self.query(f"#{widget_id}-changed")
        if marks:
            marks.first(Static).update(plain(note))
        elif isinstance(row.parent, Widget):
            row.parent.mount(Static(plain(note), id=f"{widget_id}-changed",
                                    classes="form-changed"), after=row)

    def only_edited(self, values: Mapping[str, Any],
                    widget_for: Mapping[str, str]) -> dict[str, Any]:
        """Of the values the form would save, those whose widget (``widget_for[key]``) the
        member changed; every value for a new record, and values no widget shows."""
        return {key: value for key, value in values.items()
                if key not in widget_for or self.edited(widget_for[key])}

    def save_edits(self, apply: Callable[[dict[str, Any]], object],
                   values: Mapping[str, Any], widget_for: Mapping[str, str]) -> dict[str, Any]:
        """Store only what the member changed (nothing at all if they changed nothing), then
        put the other member's value of each field both changed in Conflicts. Returns what
        was stored; the domain's refusals propagate for the form to show."""
        edits = self.only_edited(values, widget_for)
        if edits:
            apply(dict(edits))
            self.keep_theirs_in_conflicts()
        return edits

    def keep_theirs_in_conflicts(self) -> None:
        """After saving: each field both changed keeps ours; theirs goes to Conflicts."""
        if self._record is None:
            return
        table, record_id = self._record
        fields = {link.widget_id: link.field for link in self._links}
        for widget_id, change in self._theirs.items():
            if self.edited(widget_id):
                self.compact.store.keep_both(
                    table, record_id, fields[widget_id], change.value, change.dot)


def _short(value: Any, width: int = 30) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def form_row(label: str, field: Widget) -> Horizontal:
    """A label beside its field, one line high when the field is compact."""
    return Horizontal(Label(label), field, classes="form-row")


def form_input(field_id: str, value: str = "", placeholder: str = "") -> Input:
    return PlainInput(value=value, placeholder=placeholder, id=field_id, compact=True)


def form_hint() -> KeyHint:
    """The keys every form shares, under its fields."""
    return KeyHint(*FORM_HINT, classes="form-hint")
