"""Meetings, agenda items, attendance, declarations, decisions, minutes and the chair's clocks.

Tables: ``meetings``, ``agenda_items`` (``meeting_id``), ``attendance`` (``meeting_id``),
``decisions`` (``meeting_id``, ``item_id``), ``amendments`` (``meeting_id``). Actions live in
``actions`` (see ``domain/actions.py``). Long texts such as an item's minutes are fields of
their own record, so two people editing different items never clash.

Chair-mode times are local wall-clock ISO datetimes ("2026-12-03T14:05:00"): the meeting
happens in one room, and the minutes quote the times as the room saw them.

Where each part lives:

- ``model``: tables, statuses, record types, shared conversions
- ``core``: finding meetings and items, a meeting's own fields, the approval lock
- ``agenda``: items from a template, order, numbers, planned times, issuing, deferring
- ``chair_clock``: starting and ending the meeting and items, clocks, projected end
- ``attendance``: attendance marks, guests, quorum
- ``declarations``: declarations of interest
- ``decisions``: decisions, votes, actions agreed at the meeting
- ``approval``: minutes text, approval as a true record, amendments
- ``quick_entries``: ``#action``/``#agreed``/``#apologies``/``#declare`` lines made into records
- ``series``, ``series_rule``: meeting series and the next meeting with items carried
- ``matters_arising``: what earlier meetings and the registers bring (reads every other area,
  so ``MeetingsService`` does not import it)
"""

from __future__ import annotations

from .agenda import validate_item_fields
from .approval import ApprovalNeedsReason
from .chair_clock import ChairClock
from .core import validate_meeting_fields
from .decisions import VoteCountError
from .model import (
    AGENDA_ITEMS,
    AMENDMENTS,
    ATTENDANCE,
    ATTENDANCE_STATUSES,
    CANCELLED,
    CLOSING_KINDS,
    DECISIONS,
    DECLARATION_ACTIONS,
    DECLARATIONS,
    DEFAULT_TITLE,
    LONGEST_ITEM_MINUTES,
    MEETING_STATUSES,
    MEETINGS,
    PURPOSES,
    AgendaItem,
    Amendment,
    Attendee,
    Decision,
    Declaration,
    ItemClock,
    Meeting,
    MeetingInputError,
    MeetingNotFound,
    MinutesLockedError,
    QuorumState,
)
from .quick_entries import QuickEntries
from .series import MeetingSeries


class MeetingsService(QuickEntries, ChairClock, MeetingSeries):
    """Queries and changes to meetings, through the store's scripting API."""


__all__ = [
    "AGENDA_ITEMS",
    "AMENDMENTS",
    "ATTENDANCE",
    "ATTENDANCE_STATUSES",
    "CANCELLED",
    "CLOSING_KINDS",
    "DECISIONS",
    "DECLARATIONS",
    "DECLARATION_ACTIONS",
    "DEFAULT_TITLE",
    "LONGEST_ITEM_MINUTES",
    "MEETINGS",
    "MEETING_STATUSES",
    "PURPOSES",
    "AgendaItem",
    "Amendment",
    "ApprovalNeedsReason",
    "Attendee",
    "Decision",
    "Declaration",
    "ItemClock",
    "Meeting",
    "MeetingInputError",
    "MeetingNotFound",
    "MeetingsService",
    "MinutesLockedError",
    "QuorumState",
    "VoteCountError",
    "validate_item_fields",
    "validate_meeting_fields",
]
