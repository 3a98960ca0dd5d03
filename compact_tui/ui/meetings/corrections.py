"""What a record said before each correction and what it says now, side by side (key h)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...domain.corrections import corrections
from ...domain.dates import format_moment
from ..keys import bind
from ..shell.app_access import UsesApp
from ..widgets.plain import plain

FIELD_LABELS = {"text": "Wording", "description": "Wording", "votes_for": "Votes for",
                "votes_against": "Votes against", "votes_abstain": "Abstentions",
                "took_no_part": "Took no part", "count_reason": "Count is right because",
                "owner_name": "Owner", "owner_organisation_id": "Owner's organisation",
                "due": "Due", "status": "Status", "person": "Who", "item_id": "Item",
                "kind": "Kind", "interest": "Interest", "action": "What they did",
                "name": "Name", "organisation_id": "Organisation",
                "organisation": "Organisation (typed)", "role": "Role",
                "deputy_for": "Deputy for", "represented_by": "Represented by",
                "note": "Note"}


def shown(value: object) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or "(none)"
    return str(value)


class CorrectionsScreen(UsesApp, ModalScreen[None]):
    CSS_PATH = "corrections.tcss"
    BINDINGS = [bind("back", "dismiss", "Close"), bind("history", "dismiss", "Close", show=False),
                bind("close", "dismiss", "Close", show=False)]

    def __init__(self, title: str, table: str, record_id: str,
                 names: dict[str, str] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.table_name = table
        self.record_id = record_id
        self.names = names or {}

    def compose(self) -> ComposeResult:
        store = self.compact.store
        found = corrections(store, table=self.table_name, record_id=self.record_id)
        with Vertical(id="corrections-box"):
            yield Static(Content.from_markup("[b]Corrections[/b] · $title",
                                             title=self.title_text), id="corrections-title")
            with VerticalScroll(id="corrections-list"):
                for entry in found:
                    what = FIELD_LABELS.get(entry.field, entry.field)
                    yield Static(plain(f"{format_moment(entry.at)} · {entry.by or 'someone'} "
                                       f"· {what}"), classes="correction-heading")
                    with Horizontal(classes="correction"):
                        yield Static(plain("Was: " + self._shown(entry.old)), classes="was")
                        yield Static(plain("Now: " + self._shown(entry.new)), classes="now")
            if not found:
                yield Static("Not corrected since it was recorded.", classes="hint")
            yield Static("Escape closes.", classes="hint")

    def _shown(self, value: object) -> str:
        text = shown(value)
        return self.names.get(text, text)

    def on_mount(self) -> None:
        self.query_one("#corrections-list").focus()
