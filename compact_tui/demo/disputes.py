"""Demo dispute: a charity's concern about a short consultation, now in discussion."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ..domain.dates import iso
from ..domain.disputes import DISPUTE_EVENTS, DISPUTES

if TYPE_CHECKING:
    from . import DemoContext


def populate(store: Any, context: DemoContext) -> None:
    opened = context.today - timedelta(days=40)
    moved = context.today - timedelta(days=21)
    dispute_id = store.insert(DISPUTES, {
        "title": "Six-week consultation on community grants",
        "raised_by_organisation_id": context.organisations["Active Brentwood"],
        "raised_by_name": "Lee Chan",
        "concerns_organisation_id": context.organisations["Essex County Council"],
        "commitments": ["2.4"],
        "what_happened": "The consultation on the community grants programme was opened for "
                         "six weeks, with no reasons given for the shorter period.",
        "happened_on": iso(opened - timedelta(days=7)),
        "outcome_sought": "Extend the consultation to 12 weeks or publish the reasons.",
        "compliance_question": "No: commitment 2.4 asks for 12 weeks or sound reasons.",
        "stage": "discussion",
        "opened_on": iso(opened),
        "next_step": "Essex County Council to reply in writing",
        "next_step_due": iso(context.today + timedelta(days=10)),
        "mediator": "",
        "confidential": False,
    })
    for stage, on, note in (
        ("raised", opened, "Concern raised with the Steering Group and listened to."),
        ("discussion", moved, "Discussed between the parties using the Compact as the "
                              "framework."),
    ):
        store.insert(DISPUTE_EVENTS, {"dispute_id": dispute_id, "stage": stage, "on": iso(on),
                                      "note": note, "recorded_by": "Sam Patel", "reason": ""})
