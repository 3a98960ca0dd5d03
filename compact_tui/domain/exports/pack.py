"""The agenda pack: one document to send before a meeting, with the agenda, the minutes of
the last meeting (to be approved), the action log and the "Due and overdue" list.

In HTML each part starts a new printed page; in Markdown the parts are divided by a rule and a
page break that pandoc's HTML and Python-Markdown keep, so printing either one gives the same
pages."""

from __future__ import annotations

from typing import Any

from ...content import default_content
from ..actions import ActionFilter
from ..clock.due import due_items
from ..dates import today
from .action_log import actions_markdown
from .agenda import agenda_markdown
from .common import load, meeting_day
from .due_list import due_markdown
from .html import PRINT_STYLE, render_markdown
from .minutes import minutes_markdown

PAGE_BREAK = '<div class="page-break" style="break-before: page; page-break-before: always">' \
             "</div>"
PACK_STYLE = """
.pack-part + .pack-part { break-before: page; page-break-before: always; }
@media screen { .pack-part + .pack-part { border-top: 3px double #888; margin-top: 2em; } }
""".strip()


def pack_parts(store: Any, meeting_id: str, content: Any = None,
               quorum_rule: Any = None) -> list[str]:
    """The pack's parts, each a Markdown document; raises MeetingNotFound."""
    view = load(store, meeting_id, content)
    meeting = view.meeting
    parts = [agenda_markdown(store, meeting_id, content)]
    previous = view.service.previous_meeting(meeting_id)
    if previous is not None:
        minutes = minutes_markdown(store, previous.id, content, quorum_rule=quorum_rule)
        state = ("approved" if previous.minutes_locked else
                 "to be approved at this meeting")
        heading, _, rest = minutes.partition("\n")
        parts.append(f"{heading}\n\n*The minutes of the last meeting, {state}.*\n{rest}")
    parts.append(actions_markdown(store, ActionFilter()))
    on = meeting.on or today()
    rules = content or default_content()
    days = rules.timescales.due_within_days
    parts.append(due_markdown(due_items(store, rules, on, within_days=days),
                              on, days, heading="# Due and overdue at the meeting"))
    return parts


def pack_title(store: Any, meeting_id: str, content: Any = None) -> str:
    meeting = load(store, meeting_id, content).meeting
    return f"Agenda pack: {meeting.title}, {meeting_day(meeting)}"


def pack_markdown(store: Any, meeting_id: str, content: Any = None,
                  quorum_rule: Any = None) -> str:
    parts = pack_parts(store, meeting_id, content, quorum_rule)
    return f"\n\n{PAGE_BREAK}\n\n".join(part.strip() for part in parts) + "\n"


def pack_html(store: Any, meeting_id: str, content: Any = None, quorum_rule: Any = None) -> str:
    import html

    sections = "\n".join(f'<section class="pack-part">\n{render_markdown(part)}\n</section>'
                         for part in pack_parts(store, meeting_id, content, quorum_rule))
    title = html.escape(pack_title(store, meeting_id, content))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f"<style>\n{PRINT_STYLE}\n{PACK_STYLE}\n</style>\n</head>\n<body>\n{sections}\n"
        "</body>\n</html>\n"
    )
