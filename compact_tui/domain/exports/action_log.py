"""The action log as Markdown: every action (or a filtered list) with owner, due and status."""

from __future__ import annotations

from ..actions import ActionFilter, ActionsService, owner_label, status_key
from ..dates import format_date, format_date_short, today
from ..meetings import MeetingsService
from ..ports import RecordPort
from .markdown_text import bullet_list, escape_inline, table


def actions_markdown(store: RecordPort, filter: ActionFilter | None = None) -> str:
    service = ActionsService(store)
    meetings = MeetingsService(store)
    names = service.organisation_names()
    actions = service.actions(filter or ActionFilter())
    on = today()
    parts = ["# Action log", f"As at {format_date(on)}." + _filter_words(filter)]
    if not actions:
        parts.append("No actions match.")
        return "\n\n".join(parts) + "\n"
    rows = []
    for action in actions:
        status = action.status_label
        if action.is_overdue(on):
            status += " — OVERDUE"
        problems = [p for p in action.problems()]
        if problems:
            status += " (check: " + "; ".join(problems) + ")"
        meeting = meetings.meeting(action.meeting_id)
        item = meetings.item(action.item_id)
        source = format_date_short(meeting.date) if meeting else ""
        if meeting and item:
            source += f", item {meetings.item_label(item)}"
        rows.append([action.ref, action.description, owner_label(action, names) or "—",
                     format_date_short(action.due, "—"), status, source])
    parts.append(table(["Ref", "Action", "Owner", "Due", "Status", "From meeting"], rows))
    noted = [a for a in actions if a.notes]
    if noted:
        lines = []
        for action in noted:
            for note in action.notes:
                label = status_label_of(str(note.get("status", "")))
                text = f"{action.ref}, {format_date(str(note.get('at', '')))}"
                if note.get("by"):
                    text += f", {note['by']}"
                text += f": {label}"
                if note.get("note"):
                    text += f" — {note['note']}"
                lines.append(text)
        parts.append("## Status notes\n\n" + bullet_list(lines))
    return "\n\n".join(parts) + "\n"


def status_label_of(key: str) -> str:
    from ..actions import ACTION_STATUSES

    return ACTION_STATUSES.get(key, key)


def _filter_words(filter: ActionFilter | None) -> str:
    if filter is None:
        return ""
    words = []
    if filter.owner:
        words.append(f"owner {escape_inline(filter.owner)}")
    if filter.status:
        words.append(f"status {status_label_of(status_key(filter.status)).lower()}")
    if filter.overdue_only:
        words.append("overdue only")
    if filter.text:
        words.append(f"containing “{escape_inline(filter.text)}”")
    return (" Showing " + ", ".join(words) + ".") if words else ""
