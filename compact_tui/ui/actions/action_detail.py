"""Where an action came from and what has happened to it, with a key to that meeting."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...domain.actions import ACTION_STATUSES, Action
from ...domain.dates import format_date
from ..keys import bind, key_label
from ..widgets.plain import plain


class ActionDetailScreen(ModalScreen[str | None]):
    """Dismisses with "meeting" (go there), "status" (update it) or None."""

    CSS_PATH = "action_detail.tcss"
    BINDINGS = [
        bind("meeting", "choose('meeting')", "Go to meeting"),
        bind("status", "choose('status')", "Update status"),
        bind("back", "choose('')", "Close"),
        bind("select", "choose('')", "Close", show=False),
        bind("close", "choose('')", "Close", show=False),
    ]

    def __init__(self, action: Action, owner: str, source: str) -> None:
        super().__init__()
        self.action_record = action
        self.owner = owner
        self.source = source

    def compose(self) -> ComposeResult:
        action = self.action_record
        lines = [f"Action {action.ref} · {action.status_label}"
                 + (" · OVERDUE" if action.is_overdue() else ""),
                 action.description, "",
                 self.source,
                 f"Owner: {self.owner or 'nobody yet'} · "
                 f"due {format_date(action.due, 'not set')}"]
        if action.problems():
            lines.append("Needs attention: " + "; ".join(action.problems()))
        lines.append("")
        if action.notes:
            lines.append("History:")
            for note in action.notes:
                status = ACTION_STATUSES.get(note.get("status", ""), "")
                text = note.get("note", "")
                lines.append(f"  {format_date(note.get('at', ''))} {note.get('by', '')}: "
                             f"{status}{' — ' + text if text else ''}")
        else:
            lines.append("No updates yet.")
        with Vertical(id="action-detail-box"):
            with VerticalScroll():
                yield Static(plain("\n".join(lines)))
            yield Static(f"{key_label(self.app, 'meeting')}: go to the meeting · "
                         f"{key_label(self.app, 'status')}: update status · Escape: close",
                         id="action-detail-keys")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)
