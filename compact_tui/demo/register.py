"""Demo register: the seven Working Group members named in the seed, with champions."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from ..domain.dates import iso
from ..domain.ports import RecordPort
from ..domain.register import Champion, Organisation, RegisterService

if TYPE_CHECKING:
    from . import DemoContext

# name, sector, signatory (name, role), address, phone, email, months since signed,
# champions [(name, role, department, lead)]
WORKING_GROUP = [
    ("Brentwood Borough Council", "council", ("Louise McKinlay", "Leader of the Council"),
     "Town Hall, Ingrave Road, Brentwood CM15 8AY", "01277 312500", "localism@brentwood.gov.uk",
     30, [("Jo Morgan", "Localism Officer", "Communities", True),
          ("Priya Shah", "Commissioning Manager", "Commissioning", False)]),
    ("Brentwood Council for Voluntary Services", "infrastructure",
     ("Sam Patel", "Chief Officer"), "8-12 Crown Street, Brentwood CM14 4BA", "01277 222299",
     "info@brentwoodcvs.org.uk", 30, [("Sam Patel", "Chief Officer", "", True)]),
    ("Essex County Council", "council", ("Rita Gomez", "Head of Commissioning"),
     "County Hall, Market Road, Chelmsford CM1 1QH", "0345 743 0430", "compact@essex.gov.uk",
     26, [("Rita Gomez", "Head of Commissioning", "Commissioning", True)]),
    ("Basildon and Brentwood Clinical Commissioning Group", "health",
     ("Dr Ama Owusu", "Clinical Lead"), "Phoenix Court, Christopher Martin Road, Basildon",
     "01268 594350", "bbccg.compact@nhs.net", 24,
     [("Dr Ama Owusu", "Clinical Lead", "", True)]),
    ("Brentwood Community Safety Partnership", "police", ("Insp. Mark Reid", "Chair"),
     "Brentwood Police Station, London Road, Brentwood", "101", "csp@brentwood.gov.uk", 13,
     []),
    ("Brentwood Health and Wellbeing Board", "other_public", ("Cllr Helen Ward", "Chair"),
     "Town Hall, Ingrave Road, Brentwood CM15 8AY", "01277 312500",
     "hwb@brentwood.gov.uk", 20, [("Tom Ellis", "Board Officer", "", True)]),
    ("Active Brentwood", "charity", ("Lee Chan", "Director"),
     "Brentwood Centre, Doddinghurst Road, Brentwood CM15 9NN", "01277 215151",
     "hello@activebrentwood.org.uk", 18, [("Lee Chan", "Director", "", True)]),
]


def populate(store: RecordPort, context: DemoContext) -> None:
    service = RegisterService(store)
    for (name, sector, (signatory, role), address, phone, email, months, champions
         ) in WORKING_GROUP:
        signed = context.today - timedelta(days=months * 30)
        confirmed = signed + timedelta(days=365 * ((months * 30) // 365))
        org_id = service.add_organisation(Organisation(
            name=name, sector=sector, status="active", date_signed=iso(signed),
            signed_by=signatory, signatory_name=signatory, signatory_role=role,
            address=address, telephone=phone, email=email, last_confirmed=iso(confirmed)))
        context.organisations[name] = org_id
        for person, person_role, department, lead in champions:
            service.add_champion(Champion(
                organisation_id=org_id, name=person, role=person_role, department=department,
                email=f"{person.split()[-1].lower()}@example.org.uk", phone=phone,
                is_lead=lead, direct_access=True))
            context.people.setdefault(person, (name, org_id))
