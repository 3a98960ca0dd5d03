"""Minutes in the usual UK shape, as Markdown (and HTML through ``html.py``).

Title, date and times, venue; DRAFT until approved; who was present, in attendance and sent
apologies; quorum; declarations of interest; each item with its discussion, decisions and
actions; a table of actions grouped by owner; the next meeting; amendments once approved.
Contact details (email, telephone, address) are never included.
"""

from __future__ import annotations

import contextlib
import inspect
import re
from typing import Any

from ..actions import Action
from ..dates import format_date
from ..meetings import AgendaItem, Attendee, Meeting
from ..meetings.matters_arising import matters_arising_lines
from ..ports import RecordPort
from ..quick_entry import entry_key, is_quick_entry_line
from .common import (
    MeetingView,
    action_owner,
    actual_start,
    due_text,
    load,
    meeting_day,
    next_meeting_line,
    on_or_today,
    time_range,
)
from .html import html_page
from .markdown_text import bullet_list, escape_block, escape_inline, table

DRAFT_LINE = "**DRAFT — subject to approval at the next meeting**"


def minutes_markdown(store: RecordPort, meeting_id: str, content: Any = None, *,
                     quorum_rule: Any = None) -> str:
    """The minutes of one meeting; raises MeetingNotFound for an unknown id."""
    view = load(store, meeting_id, content)
    return "\n\n".join(part for part in _parts(view, quorum_rule) if part) + "\n"


def minutes_html(store: RecordPort, meeting_id: str, content: Any = None, *,
                 quorum_rule: Any = None) -> str:
    view = load(store, meeting_id, content)
    text = minutes_markdown(store, meeting_id, content, quorum_rule=quorum_rule)
    return html_page(text, f"Minutes: {_title(view)}, {meeting_day(view.meeting)}")


def _title(view: MeetingView) -> str:
    if view.meeting.title:
        return view.meeting.title
    content = view.service.content
    return content.compact.steering_group if content else "Minutes"


def _parts(view: MeetingView, quorum_rule: Any) -> list[str]:
    meeting = view.meeting
    service = view.service
    attendance = service.attendance(meeting.id)
    items = service.items(meeting.id)
    parts = [f"# {escape_inline(_title(view))}", _heading_lines(meeting), _status_line(view)]
    parts.extend(_attendance_parts(view, attendance))
    parts.append(_quorum_line(view, quorum_rule))
    has_declarations_item = any(i.kind == "declarations" for i in items)
    if not has_declarations_item and any(i.declarations for i in items):
        parts.append("## Declarations of interest\n\n" + _declarations(view, items))
    for item in items:
        parts.append(_item(view, item, items))
    parts.append(_actions_table(view))
    if not any(i.kind == "next_meeting" for i in items):
        line = next_meeting_line(view)
        parts.append("## Date of next meeting\n\n" + (escape_inline(line) if line
                                                       else "To be confirmed."))
    parts.append(_amendments(view))
    return parts


def _heading_lines(meeting: Meeting) -> str:
    when = time_range(actual_start(meeting), meeting.end_time)
    lines = [f"**Minutes of the meeting held on {meeting_day(meeting)}"
             + (f", {when}**" if when else "**")]
    if meeting.venue:
        lines.append(f"**Venue:** {escape_inline(meeting.venue)}")
    return "  \n".join(lines)


def _status_line(view: MeetingView) -> str:
    meeting = view.meeting
    if not meeting.minutes_locked:
        return DRAFT_LINE
    approver = view.service.meeting(meeting.approved_at_meeting_id)
    if approver and approver.on:
        return f"**Approved** as a true record at the meeting held on {format_date(approver.on)}."
    if meeting.approved_on:
        return f"**Approved** as a true record on {format_date(meeting.approved_on)}."
    return "**Approved** as a true record."


def _person(attendee: Attendee, names: dict[str, str], with_org: bool = True) -> str:
    organisation = names.get(attendee.organisation_id, "")
    if attendee.name and organisation and with_org:
        return f"{attendee.name} ({organisation})"
    return attendee.name or organisation or "(not named)"


def _attendance_parts(view: MeetingView, attendance: list[Attendee]) -> list[str]:
    names = view.organisation_names
    chair = view.meeting.chair.strip().casefold()
    present = [a for a in attendance if a.status == "present"]
    rows = []
    for attendee in present:
        name = attendee.name or "Representative"
        if chair and attendee.name.strip().casefold() == chair:
            name += " (Chair)"
        rows.append([name, names.get(attendee.organisation_id, ""), attendee.role])
    parts = ["## Present\n\n" + (table(["Name", "Organisation", "Role"], rows) if rows
                                  else "No attendance was recorded.")]
    guests = [a for a in attendance if a.status == "in_attendance"]
    if guests:
        shown = [f"{a.name} ({a.role})" if a.role else _person(a, names) for a in guests]
        parts.append("**In attendance:** " + "; ".join(escape_inline(s) for s in shown) + ".")
    for status, label in (("apologies", "Apologies"), ("absent", "Absent")):
        people = [a for a in attendance if a.status == status]
        if people:
            parts.append(f"**{label}:** " + "; ".join(escape_inline(_person(a, names))
                                                     for a in people) + ".")
        elif status == "apologies":
            parts.append("**Apologies:** none.")
    return parts


def _quorum_line(view: MeetingView, quorum_rule: Any) -> str:
    from ..quorum import QuorumRule

    state = view.service.quorum(view.meeting.id, quorum_rule or QuorumRule())
    return f"**Quorum:** {escape_inline(state.explanation)}"


def _declarations(view: MeetingView, items: list[AgendaItem]) -> str:
    lines = []
    for item in items:
        label = view.service.item_label(item)
        for declaration in item.declarations:
            who, _, interest = declaration.partition(":")
            text = (f"{who.strip()} declared an interest in item {label}: {interest.strip()}"
                    if interest.strip() else f"{who.strip()} declared an interest in item "
                    f"{label}.")
            lines.append(text)
    return bullet_list(lines) if lines else "None."


def _discussion(item: AgendaItem) -> str:
    """The item's minutes without quick-entry lines already turned into records."""
    done = set(item.quick_entries_done)
    kept = [line for line in item.minutes.splitlines()
            if not (is_quick_entry_line(line) and entry_key(line) in done)]
    return escape_block("\n".join(kept))


def _item(view: MeetingView, item: AgendaItem, items: list[AgendaItem]) -> str:
    service = view.service
    label = service.item_label(item)
    parts = [f"## {label}. {escape_inline(item.title)}"]
    if item.deferred:
        target = service.meeting(item.deferred_to)
        parts.append(f"*Deferred to the meeting on {format_date(target.on)}.*"
                     if target and target.on else "*Deferred to the next meeting.*")
    discussion = _discussion(item)
    if discussion:
        parts.append(discussion)
    parts.extend(_kind_parts(view, item, items))
    for decision in service.decisions_for_item(item.id):
        line = f"**Decision {escape_inline(decision.ref)}:** {escape_inline(decision.text)}"
        if decision.has_votes:
            line += (f" (For {decision.votes_for or 0}, against {decision.votes_against or 0},"
                     f" abstained {decision.votes_abstain or 0})")
        parts.append(line)
    for action in service.actions_for_item(item.id):
        parts.append(_action_line(view, action))
    return "\n\n".join(parts)


def _action_line(view: MeetingView, action: Action) -> str:
    owner = action_owner(action, view.organisation_names)
    description = action.description
    if owner:
        text = f"{owner} to {_lower_first(description, view)}"
    else:
        text = f"{description} (owner to be confirmed)"
    due = f"due {due_text(action)}" if action.due else "no due date set"
    return f"**Action {escape_inline(action.ref)}:** {escape_inline(text)} — {due}"


def _lower_first(text: str, view: MeetingView) -> str:
    """ "Circulate the draft" reads "to circulate the draft"; proper names keep capitals."""
    first = text.split(" ", 1)[0]
    if not re.fullmatch(r"[A-Z][a-z]+", first):
        return text
    proper = {w for name in view.organisation_names.values() for w in name.split()}
    return text if first in proper else first.lower() + text[len(first):]


def _kind_parts(view: MeetingView, item: AgendaItem, items: list[AgendaItem]) -> list[str]:
    service = view.service
    meeting = view.meeting
    kinds = {i.kind for i in items}
    parts: list[str] = []
    if item.kind == "declarations":
        parts.append(_declarations(view, items))
    elif item.kind == "previous_minutes":
        previous = service.previous_meeting(meeting.id)
        if previous and previous.approved_at_meeting_id == meeting.id:
            parts.append(f"The minutes of the meeting held on {format_date(previous.on)} "
                         "were **approved** as a true record.")
        if "matters_arising" not in kinds:
            parts.append(_matters_arising(view))
    elif item.kind == "matters_arising":
        parts.append(_matters_arising(view))
    elif item.kind == "disputes_update":
        parts.append(_disputes_update(view))
    elif item.kind == "next_meeting":
        line = next_meeting_line(view)
        parts.append(escape_inline(line) if line else "To be confirmed.")
    return [p for p in parts if p]


def _matters_arising(view: MeetingView) -> str:
    lines = matters_arising_lines(view.store, view.meeting.id)
    return ("Matters arising:\n\n" + bullet_list(lines)) if lines else ""


def disputes_update_lines(store: RecordPort, meeting: Meeting, content: Any = None) -> list[str]:
    """One line per dispute open at the meeting; a confidential one shows nothing but that
    it was discussed."""
    from ..disputes import DisputesService

    service = DisputesService(store, content) if content is not None else DisputesService(store)
    provided = getattr(service, "update_lines_for_export", None)
    if callable(provided):
        accepts_on = "on" in inspect.signature(provided).parameters
        return list(provided(on=on_or_today(meeting)) if accepts_on else provided())
    on = on_or_today(meeting).isoformat()
    lines = []
    for dispute in service.disputes():
        opened = dispute.opened_on or ""
        closed = getattr(dispute, "closed_on", "") or ""
        if opened > on or (closed and closed <= on) or (not dispute.is_open and not closed):
            continue
        if dispute.confidential:
            lines.append("A confidential dispute was discussed.")
            continue
        stage = dispute.stage
        with contextlib.suppress(AttributeError, KeyError):
            stage = service.stage_label(dispute.stage)
        line = f"{dispute.title} (stage: {stage})"
        if dispute.next_step:
            line += f"; next step: {dispute.next_step}"
            if dispute.next_step_due:
                line += f", due {format_date(dispute.next_step_due)}"
        lines.append(line)
    return lines


def _disputes_update(view: MeetingView) -> str:
    lines = disputes_update_lines(view.store, view.meeting, view.service.content)
    return bullet_list(lines) if lines else "No open disputes."


def _actions_table(view: MeetingView) -> str:
    """This meeting's actions and those still open from earlier meetings, by owner."""
    service = view.service
    meeting = view.meeting
    names = view.organisation_names
    mine = service.actions_for(meeting.id)
    earlier_ids = {m.id for m in service.meetings() if m.date < meeting.date}
    carried = [a for a in service.store.all("actions")
               if a.get("meeting_id") in earlier_ids and a.get("status") in ("open",
                                                                              "in_progress")]
    from ..actions import Action as ActionRecord
    from ..records import from_record

    actions = mine + [from_record(ActionRecord, r) for r in carried]
    if not actions:
        return "## Actions\n\nNo actions."

    def owner_of(action: Action) -> str:
        return action_owner(action, names) or "Owner to be confirmed"

    actions.sort(key=lambda a: (owner_of(a).casefold(), a.due or "9999", a.ref_key))
    rows = []
    previous_owner = None
    for action in actions:
        owner = owner_of(action)
        rows.append([owner if owner != previous_owner else "", action.ref, action.description,
                     due_text(action, short=True)])
        previous_owner = owner
    return "## Actions\n\n" + table(["Owner", "Ref", "Action", "Due"], rows)


def _amendments(view: MeetingView) -> str:
    amendments = view.service.amendments(view.meeting.id)
    if not amendments:
        return ""
    lines = [f"{format_date(a.on)}: {a.text}" for a in amendments]
    return "## Amendments after approval\n\n" + bullet_list(lines)
