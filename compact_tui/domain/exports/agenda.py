"""The agenda to circulate: numbered items with times, presenter, purpose and papers."""

from __future__ import annotations

from typing import Any

from ..dates import format_date
from ..meetings import AgendaItem
from ..meetings.matters_arising import matters_arising_lines
from ..ports import RecordPort
from .common import MeetingView, load, meeting_day, on_or_today, time_range
from .html import html_page
from .markdown_text import bullet_list, escape_block, escape_inline


def agenda_markdown(store: RecordPort, meeting_id: str, content: Any = None) -> str:
    """Raises MeetingNotFound for an unknown id."""
    view = load(store, meeting_id, content)
    return "\n\n".join(part for part in _parts(view) if part) + "\n"


def agenda_html(store: RecordPort, meeting_id: str, content: Any = None) -> str:
    view = load(store, meeting_id, content)
    title = f"Agenda: {view.meeting.title}, {meeting_day(view.meeting)}"
    return html_page(agenda_markdown(store, meeting_id, content), title)


def _parts(view: MeetingView) -> list[str]:
    meeting = view.meeting
    service = view.service
    end = service.planned_end(meeting.id)
    header = [f"**Agenda for the meeting on {meeting_day(meeting)}, "
              f"{time_range(meeting.start, end)}**"]
    if meeting.venue:
        header.append(f"**Venue:** {escape_inline(meeting.venue)}")
    if meeting.video_link:
        header.append(f"**Join online:** {escape_inline(meeting.video_link)}")
    people = []
    if meeting.chair:
        people.append(f"**Chair:** {escape_inline(meeting.chair)}")
    if meeting.minute_taker:
        people.append(f"**Minutes:** {escape_inline(meeting.minute_taker)}")
    if people:
        header.append(" · ".join(people))
    parts = [f"# {escape_inline(meeting.title)}", "  \n".join(header)]
    if meeting.status == "draft":
        parts.append("**Draft agenda — not yet issued**")
    items = service.items(meeting.id)
    times = service.item_times(meeting.id)
    kinds = {i.kind for i in items}
    for item in items:
        parts.append(_item(view, item, times, kinds))
    return parts


def _item(view: MeetingView, item: AgendaItem, times: dict[str, Any], kinds: set[str]) -> str:
    service = view.service
    parts = [f"## {service.item_label(item)}. {escape_inline(item.title)}"]
    if item.deferred:
        parts.append("*Deferred to the next meeting.*")
    else:
        start, end = times.get(item.id, (None, None))
        facts = [f"{time_range(start, end)} ({item.planned_minutes} minutes)" if start
                 else f"{item.planned_minutes} minutes", f"For {item.purpose_label.lower()}"]
        if item.presenter:
            facts.append(f"Presenter: {escape_inline(item.presenter)}")
        parts.append(" · ".join(facts))
    if item.papers:
        parts.append("Papers:\n\n" + bullet_list(item.papers))
    if item.notes.strip():
        parts.append(escape_block(item.notes))
    if item.kind == "previous_minutes":
        previous = service.previous_meeting(view.meeting.id)
        if previous and previous.on:
            parts.append(f"To approve the minutes of the meeting held on "
                         f"{format_date(previous.on)}.")
    if item.kind == "matters_arising" or (
            item.kind == "previous_minutes" and "matters_arising" not in kinds):
        lines = matters_arising_lines(view.store, view.meeting.id)
        if lines:
            parts.append("Matters arising:\n\n" + bullet_list(lines))
    if item.kind == "disputes_update":
        parts.append("Open disputes:\n\n" + bullet_list(disputes_open_on_the_day(view)))
    return "\n\n".join(parts)


def disputes_open_on_the_day(view: MeetingView) -> list[str]:
    """The register's open disputes as they stand on the meeting day (confidential ones only
    counted): a paper for the "disputes update" item. The minutes hold only what the minute
    taker writes about them."""
    from ..disputes import DisputesService

    return DisputesService(view.store, view.service.content).update_lines_for_export(
        on_or_today(view.meeting))
