"""A meeting as an iCalendar file (RFC 5545) for members' calendars.

Times carry ``TZID=Europe/London`` with a VTIMEZONE block (GMT/BST rules) rather than
floating local time: a floating time is shown at that clock time wherever the reader is, and
Outlook and some phone calendars handle floating events badly or convert them to UTC on
import; a named zone with its rules travels correctly and shows 14:00 in Brentwood all year.
The UID is the meeting id, so re-importing an updated file updates the same calendar entry.
Calendars take an update only when SEQUENCE rises (RFC 5545 3.8.7.4), and the event is made
from the meeting and its agenda items (the end time is the items' minutes added up), so
SEQUENCE counts every edit any machine made to any of them, deleted items included: it
rises with each change, never falls, and every machine exporting the same data writes the
same number. DTSTAMP is the newest of those edits. A cancelled meeting stays in the file as
STATUS:CANCELLED, so calendars strike it out rather than keep a stale entry.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from ..dates import format_time
from ..meetings import AGENDA_ITEMS, CANCELLED, MEETINGS
from ..ports import RecordPort
from .common import load

TZID = "Europe/London"
VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19810329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19961027T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]
UID_DOMAIN = "compact-tui"
_SAFE_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f\"<>\\]+")


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(ch for ch in value if ch == "\n" or ch >= " " or ch == "\t")
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line at 75 octets (3.1), never splitting a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _local(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _utc_stamp(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return "19700101T000000Z"
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def meeting_ics(store: RecordPort, meeting_id: str, content: Any = None) -> str:
    """Raises MeetingNotFound for an unknown id."""
    view = load(store, meeting_id, content)
    meeting, service = view.meeting, view.service
    sources = _sources(store, meeting_id)
    start_time = meeting.start
    on = meeting.on
    newest = max((str(r.get("_updated_at", "")) for r in sources), default="")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//compact-tui//Compact Steering "
             "Group//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH", *VTIMEZONE, "BEGIN:VEVENT",
             f"UID:{meeting_id}@{UID_DOMAIN}", f"DTSTAMP:{_utc_stamp(newest)}",
             f"SEQUENCE:{sum(_edits(r) for r in sources)}"]
    if on and start_time:
        start = datetime.combine(on, start_time)
        end_time = _end(meeting.end_time) or service.planned_end(meeting_id)
        end = datetime.combine(on, end_time) if end_time else start + timedelta(hours=2)
        if end <= start:
            end = start + timedelta(minutes=max(service.planned_minutes(meeting_id), 60))
        lines.append(f"DTSTART;TZID={TZID}:{_local(start)}")
        lines.append(f"DTEND;TZID={TZID}:{_local(end)}")
    elif on:
        lines.append(f"DTSTART;VALUE=DATE:{on:%Y%m%d}")
    lines.append(f"SUMMARY:{escape_text(meeting.title)}")
    if meeting.venue:
        lines.append(f"LOCATION:{escape_text(meeting.venue)}")
    if _SAFE_URL.fullmatch(meeting.video_link):
        lines.append(f"URL:{meeting.video_link}")
    lines.append(f"DESCRIPTION:{escape_text(_description(view))}")
    lines.append("STATUS:CANCELLED" if meeting.status == CANCELLED else "STATUS:CONFIRMED")
    lines.extend(["END:VEVENT", "END:VCALENDAR"])
    return "".join(fold(line) + "\r\n" for line in lines)


def _sources(store: RecordPort, meeting_id: str) -> list[dict[str, Any]]:
    """The meeting's record and all its agenda items' records, deleted ones too."""
    return [*store.raw_where(MEETINGS, id=meeting_id),
            *store.raw_where(AGENDA_ITEMS, meeting_id=meeting_id)]


def _edits(record: dict[str, Any]) -> int:
    """How many edits this record has seen from every machine (its version vector's sum):
    a merge keeps each machine's highest count, so the sum never falls."""
    counts = record.get("_vv")
    if isinstance(counts, dict) and counts:
        return sum(int(c) for c in counts.values() if isinstance(c, int))
    rev = record.get("_rev")
    return rev if isinstance(rev, int) else 0


def _end(text: str) -> Any:
    from ..meetings.model import time_or_none

    return time_or_none(text)


def _description(view: Any) -> str:
    meeting, service = view.meeting, view.service
    lines = []
    if meeting.video_link:
        lines.append(f"Join online: {meeting.video_link}")
    if meeting.chair:
        lines.append(f"Chair: {meeting.chair}")
    lines.append("Agenda:")
    times = service.item_times(meeting.id)
    for item in service.items(meeting.id):
        if item.deferred:
            continue
        start = times.get(item.id, (None, None))[0]
        when = f" ({format_time(start)})" if start else ""
        lines.append(f"{service.item_label(item)}. {item.title}{when}")
    return "\n".join(lines)
