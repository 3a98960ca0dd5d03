"""Demo disputes: one in discussion, one resolved with a lesson, one confidential in mediation."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..domain.dates import iso
from ..domain.disputes import DISPUTE_EVENTS, DISPUTES
from ..domain.ports import RecordPort

if TYPE_CHECKING:
    from . import DemoContext


def _event(store: RecordPort, dispute_id: str, stage: str, on: date, note: str, *,
           from_stage: str = "", reason: str = "", mediator: str = "",
           next_step: tuple[str, date] | None = None, by: str = "Sam Patel") -> None:
    step, due = next_step if next_step else ("", None)
    store.insert(DISPUTE_EVENTS, {"dispute_id": dispute_id, "kind": "stage", "stage": stage,
                                  "from_stage": from_stage, "on": iso(on), "note": note,
                                  "recorded_by": by, "reason": reason, "mediator": mediator,
                                  "next_step": step, "next_step_due": iso(due)})


def populate(store: RecordPort, context: DemoContext) -> None:
    orgs = context.organisations
    opened = context.today - timedelta(days=40)
    moved = context.today - timedelta(days=21)
    dispute_id = store.insert(DISPUTES, {
        "title": "Six-week consultation on community grants",
        "raised_by_organisation_id": orgs["Active Brentwood"],
        "raised_by_name": "Lee Chan",
        "concerns_organisation_id": orgs["Essex County Council"],
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
    _event(store, dispute_id, "raised", opened,
           "Concern raised with the Steering Group and listened to.",
           next_step=("Chair to arrange a meeting of the parties", opened + timedelta(days=14)))
    _event(store, dispute_id, "discussion", moved,
           "Discussed between the parties using the Compact as the framework.",
           from_stage="raised", next_step=("Essex County Council to reply in writing",
                                           context.today + timedelta(days=10)))

    opened = context.today - timedelta(days=150)
    closed = context.today - timedelta(days=95)
    resolved_id = store.insert(DISPUTES, {
        "title": "Grant paid in arrears to Brentwood CVS",
        "raised_by_organisation_id": orgs["Brentwood Council for Voluntary Services"],
        "raised_by_name": "Sam Patel",
        "concerns_organisation_id": orgs["Brentwood Borough Council"],
        "commitments": ["3.2"],
        "what_happened": "The first quarter of the volunteering grant was paid three months "
                         "in arrears, leaving the CVS to cover staff costs from reserves.",
        "happened_on": iso(opened - timedelta(days=10)),
        "outcome_sought": "Pay quarterly in advance, as the funding agreement says.",
        "compliance_question": "Not quite: 3.2 asks for payment in advance where possible.",
        "stage": "resolved",
        "opened_on": iso(opened),
        "closed_on": iso(closed),
        "next_step": "",
        "next_step_due": "",
        "mediator": "",
        "confidential": False,
        "lesson": "Add a line to the funding commitments: grant payment dates are agreed in "
                  "writing before the agreement starts.",
    })
    _event(store, resolved_id, "raised", opened, "Raised at the Steering Group meeting.",
           next_step=("Council finance team to meet the CVS", opened + timedelta(days=20)))
    _event(store, resolved_id, "discussion", opened + timedelta(days=20),
           "Finance and the CVS met with the Compact as the framework.", from_stage="raised",
           next_step=("Council to propose a payment schedule", opened + timedelta(days=50)))
    _event(store, resolved_id, "resolved", closed,
           "Payments moved to quarterly in advance from the next quarter.",
           from_stage="discussion", by="Jo Morgan")

    opened = context.today - timedelta(days=75)
    confidential_id = store.insert(DISPUTES, {
        "title": "Ending of the carers' support contract",
        "raised_by_organisation_id": "",
        "raised_by_name": "A trustee of a carers' charity",
        "concerns_organisation_id": orgs["Basildon and Brentwood Clinical Commissioning Group"],
        "commitments": ["4.2", "4.4"],
        "what_happened": "The contract was ended with two months' notice and no assessment of "
                         "the impact on the carers supported.",
        "happened_on": iso(opened - timedelta(days=14)),
        "outcome_sought": "Six months' notice and a joint impact assessment.",
        "compliance_question": "No: 4.4 asks for six months' notice in writing.",
        "stage": "mediation",
        "opened_on": iso(opened),
        "next_step": "Mediator to propose a date for a joint meeting",
        "next_step_due": iso(context.today - timedelta(days=5)),
        "mediator": "Essex Compact Steering Group mediation panel",
        "confidential": True,
    })
    _event(store, confidential_id, "raised", opened, "Raised in confidence with the Chair.",
           next_step=("Chair to speak to both parties", opened + timedelta(days=14)))
    _event(store, confidential_id, "discussion", opened + timedelta(days=14),
           "One meeting between the parties; no agreement.", from_stage="raised",
           next_step=("Chair to ask the mediation panel for help", opened + timedelta(days=40)))
    _event(store, confidential_id, "mediation", opened + timedelta(days=45),
           "Both parties agreed to mediation.", from_stage="discussion",
           mediator="Essex Compact Steering Group mediation panel",
           next_step=("Mediator to propose a date for a joint meeting",
                      context.today - timedelta(days=5)))
