"""Demo of the Compact's clock: consultations and funding changes that trip every flag (and
some that keep the Compact), the Compact's cycle with its annual event overdue, this year's
returns deadline, and the group's introduction to this year's annual report."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from ..domain.annual_report import ANNUAL_REPORTS
from ..domain.clock.consultations import CONSULTATIONS
from ..domain.clock.cycle import COMPACT_CYCLE, RETURNS
from ..domain.clock.funding import FUNDING_CHANGES
from ..domain.dates import add_months, iso
from ..domain.ports import RecordPort

if TYPE_CHECKING:
    from . import DemoContext

INTRODUCTION = (
    "This is the Brentwood Compact Steering Group's report on our Compact work this year. "
    "It sets out who has signed up, how often we met, what we decided and how well the "
    "Compact's promises on consultation and funding were kept.\n\n"
    "We thank every Compact Champion for their work, and we welcome comments on this report "
    "through Brentwood CVS or Brentwood Borough Council.")


def populate(store: RecordPort, context: DemoContext) -> None:
    orgs = context.organisations
    day = context.today

    def ago(days: int) -> str:
        return iso(day - timedelta(days=days))

    def ahead(days: int) -> str:
        return iso(day + timedelta(days=days))

    council = orgs["Brentwood Borough Council"]
    cvs = orgs["Brentwood Council for Voluntary Services"]
    county = orgs["Essex County Council"]
    ccg = orgs["Basildon and Brentwood Clinical Commissioning Group"]
    active = orgs["Active Brentwood"]
    for fields in (
        # six weeks, no reason, closing in two days: short and closing soon
        {"title": "Community grants programme 2027", "organisation_id": county,
         "opened_on": ago(40), "closes_on": ahead(2), "told_early": False},
        # short with a sound reason, but results never reported back
        {"title": "Town centre parking strategy", "organisation_id": council,
         "opened_on": ago(150), "closes_on": ago(120), "told_early": True,
         "shorter_reason": "The Department for Transport set the deadline for the bid."},
        # keeps the Compact: 13 weeks, VSOs told early
        {"title": "Health and wellbeing strategy refresh", "organisation_id": ccg,
         "opened_on": ago(20), "closes_on": ahead(71), "told_early": True},
        # kept it, and reported back
        {"title": "Leisure centre opening hours", "organisation_id": council,
         "opened_on": ago(200), "closes_on": ago(110), "told_early": True,
         "report_back": "You said, we did page on the council website and a CVS briefing.",
         "reported_back_on": ago(60)},
    ):
        store.insert(CONSULTATIONS, {"shorter_reason": "", "report_back": "",
                                     "reported_back_on": "", "notes": "", **fields})
    changes: tuple[dict[str, object], ...] = (
        # an agreement ended on three months' notice: the Compact asks six
        {"programme": "Volunteering grant", "funder_organisation_id": council,
         "recipient_ids": [cvs], "kind": "ending", "notice_given_on": ago(30),
         "takes_effect_on": ahead(60)},
        # a cut with no written notice, and the last day to give it has passed
        {"programme": "Youth activities fund", "funder_organisation_id": county,
         "recipient_ids": [active], "kind": "reduction", "notice_given_on": "",
         "takes_effect_on": iso(add_months(day, 3) - timedelta(days=10))},
        # a new programme announced in good time
        {"programme": "Social prescribing programme", "funder_organisation_id": ccg,
         "recipient_ids": [cvs, active], "kind": "new_programme", "notice_given_on": ago(100),
         "takes_effect_on": ahead(20)},
        # an ending with proper notice, to a group not (yet) signed up
        {"programme": "Community transport contract", "funder_organisation_id": council,
         "recipient_ids": [], "recipients_note": "Brentwood Community Transport",
         "kind": "ending", "notice_given_on": ago(10), "takes_effect_on": ahead(200)},
    )
    for fields in changes:
        store.insert(FUNDING_CHANGES, {"recipients_note": "", "notes": "", **fields})
    for kind, on, next_due, note in (
        ("review", iso(add_months(day, -24) + timedelta(days=20)), "",
         "Reviewed the 2016 Compact against the new commissioning landscape."),
        ("annual_event", ago(380), "", "Compact Day at the Brentwood Centre: 64 came."),
        ("membership", ago(200), "", "Membership confirmed at the Steering Group."),
    ):
        store.insert(COMPACT_CYCLE, {"kind": kind, "on": on, "next_due": next_due, "year": 0,
                                     "note": note})
    store.insert(COMPACT_CYCLE, {"kind": RETURNS, "on": ahead(21), "next_due": "",
                                 "year": day.year, "note": "Agreed at the September meeting."})
    store.insert(ANNUAL_REPORTS, {"year": day.year, "introduction": INTRODUCTION})
