"""Minutes in the usual UK shape, as Markdown (and HTML through ``html.py``).

Title, date and times, venue; DRAFT until approved; who was present (with their role on the
group), in attendance and sent apologies; quorum; each item with the minute taker's words,
declarations, decisions and actions; the time the meeting closed; the actions table (every row
names its owner, with its status); the next meeting; a "Signed (Chair) / Date" block once
approved. Nothing is written that the minute taker did not write except fixed headings and the
standard approval line. Contact details (email, telephone, address) are never included.

Approved means fixed: approval stores the text these functions produce, and from then on the
export is that text (with any dated amendments after it), whatever changes later. Matters
arising and the actions table are kept as they stood on the meeting day when it ends.
"""

from __future__ import annotations

from typing import Any

from ..actions import Action, ActionsService
from ..dates import format_date
from ..meetings import AgendaItem, Attendee, Decision, Declaration, Meeting
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
    time_range,
)
from .html import html_page
from .markdown_text import bullet_list, escape_block, escape_inline, table

DRAFT_LINE = "**DRAFT — subject to approval at the next meeting**"
SIGNATURE_BLOCK = ("Signed (Chair): ______________________________  \n"
                   "Date: ______________________________")
ACTIONS_HEADERS = ["Ref", "Action", "Owner", "Due", "Status"]


def minutes_markdown(store: RecordPort, meeting_id: str, content: Any = None, *,
                     quorum_rule: Any = None) -> str:
    """The minutes of one meeting; raises MeetingNotFound for an unknown id.

    Approved minutes are the text fixed at approval, then any dated amendments.
    """
    view = load(store, meeting_id, content)
    fixed = view.meeting.approved_minutes if view.meeting.minutes_locked else ""
    text = fixed or fresh_minutes_markdown(view, quorum_rule)
    amendments = _amendments(view)
    return text + (f"\n{amendments}\n" if amendments else "")


def fresh_minutes_markdown(view: MeetingView, quorum_rule: Any = None) -> str:
    """The minutes as today's records show them (what approval then fixes)."""
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
    declarations = service.declarations(meeting.id)
    parts = [f"# {escape_inline(_title(view))}", _heading_lines(meeting), _status_line(view)]
    parts.extend(_attendance_parts(view, attendance))
    parts.append(_quorum_line(view, quorum_rule))
    has_declarations_item = any(i.kind == "declarations" for i in items)
    if not has_declarations_item and (declarations or any(i.declarations for i in items)):
        parts.append("## Declarations of interest\n\n" + _declarations(view, items))
    for item in items:
        parts.append(_item(view, item, items))
    if meeting.end_time and (meeting.ended_at or meeting.status != "draft"):
        parts.append(f"**Meeting closed:** {escape_inline(meeting.end_time)}")
    parts.append(_actions_table(view))
    if not any(i.kind == "next_meeting" for i in items):
        line = next_meeting_line(view)
        parts.append("## Date of next meeting\n\n" + (escape_inline(line) if line
                                                       else "To be confirmed."))
    if meeting.minutes_locked:
        parts.append(SIGNATURE_BLOCK)
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
        line = f"**Approved** as a true record at the meeting held on {format_date(approver.on)}."
    elif meeting.approved_on:
        line = f"**Approved** as a true record on {format_date(meeting.approved_on)}."
    else:
        line = "**Approved** as a true record."
    if meeting.approval_reason:
        line += f"  \n**Reason recorded at approval:** {escape_inline(meeting.approval_reason)}"
    return line


def _organisation(attendee: Attendee, names: dict[str, str]) -> str:
    return names.get(attendee.organisation_id, "") or attendee.organisation


def _person(attendee: Attendee, names: dict[str, str]) -> str:
    organisation = _organisation(attendee, names)
    if attendee.name and organisation:
        return f"{attendee.name} ({organisation})"
    return attendee.name or organisation or "(not named)"


def _role(attendee: Attendee, chair: str) -> str:
    if attendee.deputy_for:
        return f"Deputy for {attendee.deputy_for}"
    if attendee.role:
        return attendee.role
    return "Chair" if chair and attendee.name.strip().casefold() == chair else "Member"


def _attendance_parts(view: MeetingView, attendance: list[Attendee]) -> list[str]:
    names = view.organisation_names
    chair = view.meeting.chair.strip().casefold()
    present = [a for a in attendance if a.status == "present"]
    rows = []
    for attendee in present:
        name = attendee.name or "Representative"
        if chair and attendee.name.strip().casefold() == chair:
            name += " (Chair)"
        rows.append([name, _organisation(attendee, names), _role(attendee, chair)])
    parts = ["## Present\n\n" + (table(["Name", "Organisation", "Role"], rows) if rows
                                  else "No attendance was recorded.")]
    guests = [a for a in attendance if a.status == "in_attendance"]
    shown = []
    for guest in guests:
        details = [d for d in (_organisation(guest, names), guest.role, guest.note) if d]
        shown.append(f"{guest.name} ({', '.join(details)})" if details else guest.name)
    taker = view.meeting.minute_taker.strip()
    if taker and not any(g.name.strip().casefold() == taker.casefold() for g in attendance):
        shown.append(f"{taker} (minutes)")
    if shown:
        parts.append("**In attendance:** " + "; ".join(escape_inline(s) for s in shown) + ".")
    for status, label in (("apologies", "Apologies"), ("absent", "Absent")):
        people = []
        for attendee in (a for a in attendance if a.status == status):
            text = _person(attendee, names)
            if attendee.represented_by:
                text += f", represented by {attendee.represented_by}"
            people.append(text)
        if people:
            parts.append(f"**{label}:** " + "; ".join(escape_inline(p) for p in people) + ".")
        elif status == "apologies":
            parts.append("**Apologies:** none.")
    return parts


def _quorum_line(view: MeetingView, quorum_rule: Any) -> str:
    from ..quorum import QuorumRule

    state = view.service.quorum(view.meeting.id, quorum_rule or QuorumRule())
    return f"**Quorum:** {escape_inline(state.explanation)}"


def _item_name(view: MeetingView, item_id: str) -> str:
    item = view.service.item(item_id)
    if item is None:
        return "item not stated"
    return f"Item {view.service.item_label(item)}: {item.title}"


def _declarations(view: MeetingView, items: list[AgendaItem]) -> str:
    """Every declaration at the meeting, as recorded: a table, then older text entries."""
    rows = [[d.person, _item_name(view, d.item_id), d.kind, d.interest, d.action_label]
            for d in view.service.declarations(view.meeting.id)]
    parts = [table(["Name", "Item", "Kind of interest", "Interest", "What they did"], rows)
             ] if rows else []
    older = [f"{declaration} (item {view.service.item_label(item)})"
             for item in items for declaration in item.declarations]
    if older:
        parts.append(bullet_list(older))
    return "\n\n".join(parts) or "None."


def _declaration_line(declaration: Declaration) -> str:
    kind = f", {declaration.kind.lower()} interest" if declaration.kind else ""
    interest = f": {declaration.interest}" if declaration.interest else ""
    done = f" {declaration.action_label}." if declaration.action else ""
    return "**Declaration:** " + escape_inline(f"{declaration.person}{kind}{interest}.{done}")


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
    if item.deferred_from_date:
        parts.append(f"*Deferred from {format_date(item.deferred_from_date)}.*")
    if item.deferred:
        target = service.meeting(item.deferred_to)
        parts.append(f"*Deferred to the meeting on {format_date(target.on)}.*"
                     if target and target.on else "*Deferred to the next meeting.*")
    discussion = [_discussion(item)]
    if item.kind != "declarations":
        discussion.extend(_declaration_line(d) for d in service.declarations_about(item))
    recorded = _kind_parts(view, item, items)
    # The approval of the last minutes and the matters arising lead their item, as a clerk
    # minutes them; elsewhere what was recorded follows the discussion.
    leads = item.kind in ("previous_minutes", "matters_arising")
    parts.extend(p for p in ([*recorded, *discussion] if leads else [*discussion, *recorded])
                 if p)
    decisions = service.decisions_for_item(item.id)
    parts.extend(_decision_line(decision) for decision in decisions)
    vote = _vote_line(item, decisions)
    if vote:
        parts.append(vote)
    for action in service.actions_for_item(item.id):
        parts.append(_action_line(view, action))
    return "\n\n".join(parts)


def _decision_line(decision: Decision) -> str:
    line = f"**Decision {escape_inline(decision.ref)}:** {escape_inline(decision.text)}"
    notes = _vote_notes(decision)
    return line + (f" ({escape_inline(notes)})" if notes else "")


def _vote_line(item: AgendaItem, decisions: list[Decision]) -> str:
    """A vote taken on the item, unless one of its decisions already shows that count."""
    count = (item.votes_for, item.votes_against, item.votes_abstain)
    if not item.has_votes or any((d.votes_for, d.votes_against, d.votes_abstain) == count
                                 for d in decisions):
        return ""
    return f"**Vote:** {escape_inline(_vote_notes(item))}."


def _vote_notes(voted: Decision | AgendaItem) -> str:
    notes = []
    if voted.has_votes:
        notes.append(f"For {voted.votes_for or 0}, against {voted.votes_against or 0}, "
                     f"abstained {voted.votes_abstain or 0}")
    if voted.took_no_part:
        notes.append("took no part: " + ", ".join(voted.took_no_part))
    if voted.count_reason:
        notes.append(f"count confirmed by the Chair: {voted.count_reason}")
    return "; ".join(notes)


def _owner(action: Action, names: dict[str, str]) -> str:
    return action_owner(action, names) or "Owner to be confirmed"


def _action_line(view: MeetingView, action: Action) -> str:
    owner = _owner(action, view.organisation_names)
    due = f"due {due_text(action)}" if action.due else "no due date set"
    return (f"**Action {escape_inline(action.ref)}:** {escape_inline(action.description)} — "
            f"{escape_inline(owner)}, {due}.")


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
            if previous.approval_reason:
                parts.append("**Reason recorded at approval:** "
                             + escape_inline(previous.approval_reason))
        if "matters_arising" not in kinds:
            parts.append(_matters_arising(view))
    elif item.kind == "matters_arising":
        parts.append(_matters_arising(view))
    elif item.kind == "next_meeting":
        line = next_meeting_line(view)
        parts.append(escape_inline(line) if line else "To be confirmed.")
    return [p for p in parts if p]


def _matters_arising(view: MeetingView) -> str:
    meeting = view.meeting
    lines = (meeting.kept_arising if meeting.kept_on
             else matters_arising_lines(view.store, meeting.id))
    return ("Matters arising:\n\n" + bullet_list(lines)) if lines else ""


def actions_table_rows(view: MeetingView) -> list[dict[str, str]]:
    """This meeting's actions, then those still open from earlier meetings, as they stand."""
    service = view.service
    meeting = view.meeting
    names = view.organisation_names
    mine = service.actions_for(meeting.id)
    earlier = {m.id for m in service.meetings() if m.date < meeting.date}
    carried = sorted((a for a in ActionsService(view.store).all_actions()
                      if a.meeting_id in earlier and a.is_open), key=lambda a: a.ref_key)
    return [{"ref": a.ref, "action": a.description, "owner": _owner(a, names),
             "due": due_text(a, short=True), "status": a.status_label}
            for a in [*mine, *carried]]


def _actions_table(view: MeetingView) -> str:
    meeting = view.meeting
    rows = meeting.kept_actions if meeting.kept_on else actions_table_rows(view)
    if not rows:
        return "## Actions\n\nNo actions."
    return "## Actions\n\n" + table(ACTIONS_HEADERS, [
        [row.get("ref", ""), row.get("action", ""), row.get("owner", ""), row.get("due", ""),
         row.get("status", "")] for row in rows])


def _amendments(view: MeetingView) -> str:
    amendments = view.service.amendments(view.meeting.id)
    if not amendments:
        return ""
    lines = [f"{format_date(a.on)}: {a.text}" for a in amendments]
    return "## Amendments after approval\n\n" + bullet_list(lines)
