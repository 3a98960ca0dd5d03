"""Quick-entry lines typed into the minutes (``#action``, ``#agreed``, ``#apologies``,
``#declare``) turned into records once each; the parsing itself is ``domain/quick_entry.py``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..actions import ACTIONS, ActionsService
from ..dates import format_date, iso
from ..quick_entry import (
    ACTION,
    APOLOGIES,
    DECISION,
    PRESENT,
    Owner,
    is_quick_entry_line,
    match_person,
    parse_quick_entries,
)
from .approval import MinutesAndApproval
from .decisions import Decisions
from .declarations import Declarations
from .model import (
    AGENDA_ITEMS,
    AgendaItem,
    Meeting,
)


class QuickEntries(MinutesAndApproval, Declarations, Decisions):
    """Records made from the minute taker's quick-entry lines."""

    def owner_candidates(self) -> list[Owner]:
        return ActionsService(self.store).owner_candidates()

    def apply_quick_entries(self, item_id: str) -> list[str]:
        """Turn new quick-entry lines in the item's minutes into records, once each.

        A processed line is remembered by its words. When an action or decision line is
        edited afterwards (a due date corrected), the record it made is updated rather than
        a second one created. A line that cannot be read is reported once.
        """
        item = self.require_item(item_id)
        meeting = self.require(item.meeting_id)
        if meeting.minutes_locked:
            return []
        # Owners are the whole register: only gathered when there is a line to read them for
        # (leaving an item runs this on every press of next/previous).
        has_lines = any(is_quick_entry_line(line) for line in item.minutes.splitlines())
        owners = self.owner_candidates() if has_lines else []
        entries = parse_quick_entries(item.minutes, owners)
        present = {entry.key for entry in entries}
        done = list(item.quick_entries_done)
        made = dict(item.quick_entry_records)
        messages: list[str] = []
        for entry in entries:
            if entry.key in done:
                continue
            edited = self._edited_entry(entry, entries, made, present)
            if edited is not None:
                info = made.pop(edited)
                messages.append(self._update_from_entry(entry, info))
                done = [key for key in done if key != edited]
                record_id = str(info.get("id", ""))
            elif entry.kind == ACTION:
                message, record_id = self._quick_action(meeting, item, entry)
                messages.append(message)
            elif entry.kind == DECISION:
                record_id = ""
                if entry.text:
                    record_id = self.add_decision(meeting.id, item.id, entry.text)
                    ref = self.decision(record_id).ref  # type: ignore[union-attr]
                    messages.append(f"Decision {ref} recorded.")
                else:
                    messages.append(f"Line {entry.line_number}: {entry.problem}; nothing "
                                    "recorded.")
            elif entry.kind in (APOLOGIES, PRESENT):
                record_id = ""
                messages.append(self._quick_people(meeting, entry, owners))
            else:
                record_id = ""
                if entry.problem:
                    messages.append(f"Line {entry.line_number}: {entry.problem}.")
                else:
                    self.declare_interest(item.id, entry.who, entry.text)
                    messages.append(f"Declaration of interest recorded for {entry.who}.")
            if record_id:
                made[entry.key] = {"kind": entry.kind, "id": record_id,
                                   "line": entry.line_number}
            done.append(entry.key)
        fields: dict[str, Any] = {}
        if done != item.quick_entries_done:
            fields["quick_entries_done"] = done
        if made != item.quick_entry_records:
            fields["quick_entry_records"] = made
        if fields:
            self.store.update(AGENDA_ITEMS, item.id, fields)
        return messages

    @staticmethod
    def _edited_entry(entry: Any, entries: Sequence[Any], made: dict[str, dict[str, Any]],
                      present: set[str]) -> str | None:
        """The remembered line this new line replaces: same kind, gone from the text, and
        either on the same line or the only such line."""
        if entry.kind not in (ACTION, DECISION):
            return None
        gone = [key for key, info in made.items()
                if info.get("kind") == entry.kind and key not in present]
        same_line = [key for key in gone if made[key].get("line") == entry.line_number]
        if same_line:
            return same_line[0]
        new_of_kind = [e for e in entries if e.kind == entry.kind and e.key not in made]
        return gone[0] if len(gone) == 1 and len(new_of_kind) == 1 else None

    def _update_from_entry(self, entry: Any, info: dict[str, Any]) -> str:
        info_id = str(info.get("id", ""))
        if entry.kind == DECISION:
            decision = self.decision(info_id)
            if decision is None or not entry.text:
                return f"Line {entry.line_number}: the decision it made was removed; not changed."
            self.update_decision(info_id, text=entry.text)
            return f"Decision {decision.ref} updated."
        log = ActionsService(self.store)
        action = log.action(info_id)
        if action is None:
            return f"Line {entry.line_number}: the action it made was removed; not changed."
        owner: Owner | None = entry.owner
        fields: dict[str, Any] = {
            "description": entry.text or action.description,
            "owner_name": (owner.name if owner and owner.is_person else
                           "" if owner else entry.owner_text),
            "owner_organisation_id": owner.organisation_id if owner else "",
            "due": iso(entry.due),
            "flag": (f'due date "{entry.due_text}" could not be read'
                     if entry.due_text and entry.due is None else "")}
        self.store.update(ACTIONS, info_id, fields)
        message = f"Action {action.ref} updated"
        if entry.due:
            message += f", due {format_date(entry.due)}"
        return message + (f" (check: {entry.problem})." if entry.problem else ".")

    def _quick_people(self, meeting: Meeting, entry: Any, owners: Sequence[Owner]) -> str:
        """Apologies or presence for exactly the people typed; the register only links them
        to an organisation when one fits without doubt."""
        if not entry.people:
            return f"Line {entry.line_number}: {entry.problem}."
        status = "apologies" if entry.kind == APOLOGIES else "present"
        recorded = []
        for person in entry.people:
            found = match_person(person, owners)
            self.set_attendance(meeting.id, organisation_id=found.organisation_id,
                                organisation=found.organisation if not found.organisation_id
                                else "", name=found.name, status=status)
            shown = (f"{found.name} ({found.organisation})"
                     if found.name and found.organisation else found.name or found.organisation)
            recorded.append(f"{shown} — {found.note}" if found.note else shown)
        label = "Apologies" if status == "apologies" else "Present"
        return f"{label} recorded: " + "; ".join(recorded) + "."

    def _quick_action(self, meeting: Meeting, item: AgendaItem,
                      entry: Any) -> tuple[str, str]:
        owner: Owner | None = entry.owner
        owner_name = ""
        organisation_id = ""
        if owner is not None:
            organisation_id = owner.organisation_id
            owner_name = owner.name if owner.is_person else ""
        elif entry.owner_text:
            owner_name = entry.owner_text
        flag = ""
        if entry.due_text and entry.due is None:
            flag = f'due date "{entry.due_text}" could not be read'
        action_id = self.add_action(meeting.id, item.id, entry.text or entry.line,
                                    owner_name=owner_name,
                                    owner_organisation_id=organisation_id, due=entry.due,
                                    flag=flag)
        action = ActionsService(self.store).action(action_id)
        assert action is not None
        message = f"Action {action.ref} recorded"
        who = owner.name if owner else entry.owner_text
        if who:
            message += f" for {who}"
        if entry.due:
            message += f", due {format_date(entry.due)}"
        notes = []
        if entry.problem:
            notes.append(entry.problem)
        if entry.owner_text and owner is None:
            notes.append(f'"{entry.owner_text}" is not in the register; kept as typed')
        notes.extend(p for p in action.problems() if p not in notes and not p.startswith("due"))
        return message + (f" (check: {'; '.join(notes)})." if notes else "."), action_id
