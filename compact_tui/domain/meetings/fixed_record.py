"""Approved means fixed: what the minutes show is stored with them.

When a meeting ends, matters arising and the actions table are kept as they stood that day.
When its minutes are approved, the whole text of the minutes is stored with the meeting and
every later export is that text (plus dated amendments), whatever happens to actions,
returns, organisations or later meetings.

Kept out of ``MeetingsService`` because it renders the minutes (``domain/exports``) and reads
matters arising (every other area): the service itself stays free of both.
"""

from __future__ import annotations

from datetime import date, datetime

from ...content import Content
from ..dates import format_date, today
from ..exports.common import load
from ..exports.minutes import actions_table_rows, fresh_minutes_markdown
from ..ports import RecordPort
from ..quorum import QuorumRule
from . import Meeting, MeetingsService
from .matters_arising import matters_arising_lines


def keep_meeting_day(store: RecordPort, meeting_id: str, content: Content | None = None) -> None:
    """Keep matters arising and the actions table as they stand now (the meeting day)."""
    view = load(store, meeting_id, content)
    view.service.keep_meeting_day(meeting_id, matters_arising_lines(store, meeting_id, content),
                                  actions_table_rows(view), view.meeting.on or today())


def end_meeting(store: RecordPort, meeting_id: str, at: datetime,
                content: Content | None = None) -> None:
    """End the meeting and keep what its minutes quote from other records."""
    MeetingsService(store, content).end_meeting(meeting_id, at)
    keep_meeting_day(store, meeting_id, content)


def approve_minutes(store: RecordPort, meeting_id: str, approved_at_meeting_id: str = "", *,
                    reason: str = "", quorum_rule: QuorumRule | None = None,
                    content: Content | None = None, on: date | None = None) -> None:
    """Approve as a true record (ApprovalNeedsReason when a reason is needed) and fix the
    text the minutes show."""
    service = MeetingsService(store, content)
    if service.require(meeting_id).minutes_locked:
        return
    keep_meeting_day(store, meeting_id, content)
    service.approve_minutes(meeting_id, approved_at_meeting_id or None, on, reason=reason,
                            quorum_rule=quorum_rule)
    service.fix_approved_text(meeting_id, fresh_minutes_markdown(
        load(store, meeting_id, content), quorum_rule))


def fix_minutes_approved_earlier(service: MeetingsService, *,
                                 quorum_rule: QuorumRule | None = None,
                                 on: date | None = None) -> list[Meeting]:
    """Minutes approved by a version of the app that did not keep their text are fixed now,
    as they read today (what every export has shown until now), with a note on the meeting
    saying when and that it was done after approval. Returns the meetings fixed."""
    day = format_date(on or today())
    fixed = []
    for meeting in service.meetings():
        if not meeting.minutes_locked or meeting.approved_minutes:
            continue
        view = load(service.store, meeting.id, service.content)
        text = fresh_minutes_markdown(view, quorum_rule)
        service.fix_approved_text(meeting.id, text, note=(
            f"Approved before compact-tui kept the text of approved minutes: the text was "
            f"fixed on {day}, after approval, as the minutes read that day."))
        fixed.append(service.require(meeting.id))
    return fixed
