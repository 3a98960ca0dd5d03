"""Exported documents: minutes, agenda, calendar file and action log, all as strings.

The domain never writes files; the CLI (``commands/export.py``) or a screen writes what these
return. Every function taking a meeting id raises ``MeetingNotFound`` for an unknown meeting.
"""

from __future__ import annotations

from ..meetings import MeetingNotFound
from .action_log import actions_markdown
from .agenda import agenda_html, agenda_markdown
from .html import html_page, render_markdown
from .ics import meeting_ics
from .markdown_text import escape_block, escape_cell, escape_inline
from .minutes import minutes_html, minutes_markdown

__all__ = [
    "MeetingNotFound",
    "actions_markdown",
    "agenda_html",
    "agenda_markdown",
    "escape_block",
    "escape_cell",
    "escape_inline",
    "html_page",
    "meeting_ics",
    "minutes_html",
    "minutes_markdown",
    "render_markdown",
]
