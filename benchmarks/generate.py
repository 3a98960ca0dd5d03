"""Make realistic stores of a given size through the public store API.

``python -m benchmarks.generate --years 10 PATH`` writes a store holding ten years of a busy
Steering Group: organisations with champions, meetings of 10-15 agenda items with minutes,
attendance, decisions, actions with status notes, disputes with timelines, self-assessments
answering every toolkit question and action plans rating every practice.

Records go in through ``open_store(...).insert`` like any script's would, so each record
carries the store's real version vectors, per-field dots and history entries, and the file has
the shape and size the app would really meet. Everything is built in memory and saved once; the
store's crash journal (one fsync per edit, for people typing) is swapped for a no-op while
generating, since a generated store that crashes half-way is simply generated again.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
from collections import Counter
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

GENERATOR_VERSION = 4  # 4: stores in file format 2 (issue 16), not migrated on every open
OUT_DIR = Path(__file__).resolve().parent / "out"
GENERATOR_MEMBER = "Benchmark generator"
GENERATOR_DEVICE = "benchgen0001"


@dataclass(frozen=True)
class StoreSpec:
    """How much of everything a generated store holds; counts are exact unless noted."""

    name: str
    years: int
    meetings_per_year: int = 4
    organisations: int = 25          # on the register at the start
    new_organisations_per_year: int = 2
    disputes_per_year: int = 1
    self_assessments_per_year: int = 3
    action_plans_per_year: int = 2
    target_bytes: int = 0            # what the calibration aims at (for reports and tests)
    seed: int = 8

    def expected(self) -> dict[str, int]:
        """Exact record counts for the tables whose count follows from the spec alone."""
        return {
            "organisations": self.organisations + self.new_organisations_per_year * self.years,
            "meetings": self.meetings_per_year * self.years,
            "disputes": self.disputes_per_year * self.years,
            "self_assessments": self.self_assessments_per_year * self.years,
            "action_plans": self.action_plans_per_year * self.years,
        }

    def key(self) -> str:
        """Cache key: changes when the spec or the generator changes."""
        digest = hashlib.sha1(repr(sorted(asdict(self).items())).encode()).hexdigest()[:10]
        return f"{self.name}-v{GENERATOR_VERSION}-{digest}"


MB = 1_000_000
# Calibrated so the files land near the sizes in issue 8 (10 years about 3 MB, 55 years of a
# county-wide group about 15 MB). About a third of every file is the store's own history table.
SIZES: dict[str, StoreSpec] = {
    "1y": StoreSpec("1y", years=1, target_bytes=int(0.45 * MB)),
    "10y": StoreSpec("10y", years=10, target_bytes=3 * MB),
    # county-wide: more signatories, a little less per year each, 55 years of records
    "55y": StoreSpec("55y", years=55, organisations=150, new_organisations_per_year=3,
                     meetings_per_year=3, self_assessments_per_year=3, action_plans_per_year=1,
                     target_bytes=15 * MB),
}
# Small enough for tests; the same code path as the real sizes.
TINY = StoreSpec("tiny", years=1, meetings_per_year=1, organisations=4,
                 new_organisations_per_year=1, disputes_per_year=1, self_assessments_per_year=1,
                 action_plans_per_year=1, target_bytes=120_000)


def spec_for_years(years: int) -> StoreSpec:
    """A Brentwood-sized spec for any number of years (county-wide from 50 years up)."""
    if years >= 50:
        base = SIZES["55y"]
        return replace(base, name=f"{years}y", years=years,
                       target_bytes=base.target_bytes * years // base.years)
    base = SIZES["10y"]
    return replace(base, name=f"{years}y", years=years, target_bytes=years * base.target_bytes
                   // base.years)


@dataclass
class Generated:
    path: Path
    spec: StoreSpec
    counts: dict[str, int]
    size_bytes: int
    meeting_ids: list[str]
    held_meeting_id: str       # the latest meeting held: status "held", minutes not locked
    item_ids: list[str]        # its agenda items


# ------------------------------------------------------------------------------- text

FIRST = ["Sam", "Jo", "Priya", "Lee", "Rita", "Ama", "Tom", "Helen", "Mark", "Alex", "Fatima",
         "Gareth", "Siobhan", "Dev", "Chloe", "Imran", "Ruth", "Callum", "Nadia", "Owen",
         "Bethan", "Kwame", "Lucy", "Marek", "Zara", "Graham", "Aisha", "Rhys", "Maureen", "Ian"]
LAST = ["Patel", "Morgan", "Shah", "Chan", "Gomez", "Owusu", "Ellis", "Ward", "Reid", "Hart",
        "Khan", "Jones", "O'Brien", "Mistry", "Taylor", "Hussain", "Green", "Fraser", "Ali",
        "Price", "Evans", "Mensah", "Clarke", "Nowak", "Ahmed", "Turner", "Begum", "Lloyd",
        "Baker", "Wright"]
PLACES = ["Brentwood", "Shenfield", "Hutton", "Ingatestone", "Warley", "Pilgrims Hatch",
          "Doddinghurst", "Blackmore", "Kelvedon Hatch", "Herongate", "Chelmsford",
          "Basildon", "Billericay", "Harlow", "Epping", "Maldon", "Braintree", "Colchester"]
ORG_KINDS = [
    ("{place} Foodbank", "charity"), ("{place} Community Association", "community_group"),
    ("{place} Youth Trust", "charity"), ("{place} Citizens Advice", "charity"),
    ("{place} Carers Network", "charity"), ("{place} Mind", "charity"),
    ("{place} Lions Club", "community_group"), ("{place} Methodist Church", "faith"),
    ("{place} Mosque Trust", "faith"), ("{place} Good Neighbours", "community_group"),
    ("{place} Community Transport", "social_enterprise"), ("{place} Housing Trust", "housing"),
    ("{place} Primary Care Network", "health"), ("{place} Town Council", "council"),
    ("{place} Arts Collective", "social_enterprise"), ("{place} Sports Club", "community_group"),
    ("{place} Age Concern", "charity"), ("{place} Police Neighbourhood Team", "police"),
    ("{place} Fire Station", "fire"), ("{place} Volunteer Centre", "infrastructure"),
    ("{place} Ltd", "private"),
]
ROLES = ["Chief Officer", "Director", "Trustee", "Volunteer Coordinator", "Chair",
         "Commissioning Manager", "Partnerships Officer", "Head of Service", "Secretary"]
TOPICS = [
    ("Consultation on the community grants programme", "decision"),
    ("Refreshing the Compact action plan", "discussion"),
    ("Commissioning timetable for the coming year", "discussion"),
    ("Volunteering strategy", "discussion"),
    ("Funding for infrastructure support", "decision"),
    ("Annual review of the Compact", "decision"),
    ("Social value in procurement", "discussion"),
    ("Premises and community buildings", "information"),
    ("Health and wellbeing partnership update", "information"),
    ("Cost of living response", "discussion"),
    ("Signatory recruitment", "discussion"),
    ("Training for Compact Champions", "information"),
]
STANDING = [("Welcome and apologies", "information", "apologies"),
            ("Declarations of interest", "information", "declarations"),
            ("Minutes of the last meeting and matters arising", "decision", "previous_minutes"),
            ("Disputes update", "information", "disputes_update")]
CLOSING = [("Self-assessments received", "discussion", "assessments"),
           ("Any other business", "discussion", "aob"),
           ("Date of next meeting", "information", "next_meeting")]
OPENINGS = [
    "{person} introduced the item and summarised the paper circulated with the agenda.",
    "{person} presented an update on progress since the last meeting.",
    "The Chair invited {person} to report on behalf of {org}.",
    "Members discussed the paper tabled by {person}.",
]
MIDDLES = [
    "Members noted that the proposed timetable falls short of the 12 weeks the Compact commits "
    "to for formal consultation, and asked for the reasons to be published.",
    "It was agreed that smaller groups should be given plain-English summaries and at least "
    "four weeks to respond.",
    "Several members reported that volunteers were finding the new application forms long and "
    "hard to complete without support.",
    "The group welcomed the commitment to full cost recovery in the next round of contracts.",
    "Concerns were raised about the short notice given of changes to premises charges for "
    "community buildings.",
    "Members noted that the self-assessment returns showed most partners rating themselves as "
    "partly meeting the commitments on information sharing.",
    "It was reported that the annual signatory update had been sent to all organisations and "
    "that replies were still awaited from a third of them.",
    "The group discussed how the Compact could be promoted to new commissioners and to town and "
    "parish councils.",
    "Members asked that future reports show which commitments each proposal relates to.",
    "There was a discussion of how disputes could be resolved earlier, before formal mediation "
    "became necessary.",
]
CLOSINGS = [
    "The Chair thanked {person} for the update.",
    "It was agreed to return to this item at the next meeting.",
    "The recommendations in the paper were agreed.",
    "Members noted the report.",
    "{person} would circulate a revised draft before the next meeting.",
]
ACTION_TEXTS = [
    "Circulate the revised timetable to all signatories",
    "Write to the commissioning team asking for the consultation to run for 12 weeks",
    "Publish the list of signatories on the council website",
    "Arrange a training session for new Compact Champions",
    "Report back on premises charges for community buildings",
    "Draft a plain-English summary of the consultation paper",
    "Chase outstanding annual signatory updates",
    "Invite the Police, Fire and Crime Commissioner to sign the Compact",
    "Collate self-assessment returns for the annual review",
    "Propose wording on full cost recovery for the next contract round",
]
NOTES = ["Spoken to the team; a reply is expected shortly.", "Draft circulated for comment.",
         "Delayed by staff absence; new date agreed with the Chair.",
         "Completed and reported to the group.", "No longer needed after the decision at the "
         "last meeting."]


def _skip_journal(table: str, record_id: str, doc: dict[str, Any]) -> None:
    """Stands in for the crash journal's append while a store is generated in memory."""


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _minutes(rng: random.Random, person: str, org: str) -> str:
    sentences = [rng.choice(OPENINGS)]
    sentences += rng.sample(MIDDLES, rng.randint(2, 4))
    sentences.append(rng.choice(CLOSINGS))
    return " ".join(s.format(person=person, org=org) for s in sentences)


def _iso(day: date) -> str:
    return day.isoformat()


def generate(path: Path | str, spec: StoreSpec, *, on: date | None = None) -> Generated:
    """Write a new store at ``path`` (refuses an existing file) and return what went in."""
    from compact_tui.content import default_content
    from compact_tui.domain.dates import today
    from compact_tui.store import open_store

    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} already exists; choose a new file for the store.")
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(spec.seed)
    content = default_content()
    questions = [q.id for q in content.all_questions()]
    practices = [p.id for p in content.all_practices()]
    ratings = [r.key for r in content.toolkit.ratings]
    plan_ratings = [r.key for r in content.action_plan.ratings]
    end = on or today()
    start = date(end.year - spec.years + 1, 1, 1)
    counts: Counter[str] = Counter()

    store = open_store(path, member=GENERATOR_MEMBER, device=GENERATOR_DEVICE,
                       journal_folder=path.parent, backups_kept=0)
    # no fsync'd journal line per insert while generating (see the module docstring)
    store.journal.append = _skip_journal  # type: ignore[method-assign]

    def insert(table: str, fields: dict[str, Any]) -> str:
        counts[table] += 1
        return store.insert(table, fields)

    orgs: list[tuple[str, str]] = []   # (id, name)
    people: list[tuple[str, str, str]] = []  # (name, org id, org name)
    used_names: set[str] = set()

    def add_organisation(signed: date) -> None:
        while True:
            pattern, sector = rng.choice(ORG_KINDS)
            name = pattern.format(place=rng.choice(PLACES))
            if name not in used_names:
                break
            name = f"{name} ({rng.choice(PLACES)})"
            if name not in used_names:
                break
        used_names.add(name)
        signatory = _person(rng)
        status = rng.choices(["active", "lapsed", "withdrawn"], [8, 1, 1])[0]
        slug = "".join(ch for ch in name.lower() if ch.isalnum())[:24]
        org_id = insert("organisations", {
            "name": name, "sector": sector, "status": status, "date_signed": _iso(signed),
            "signed_by": signatory, "signatory_name": signatory,
            "signatory_role": rng.choice(ROLES),
            "address": f"{rng.randint(1, 200)} High Street, {rng.choice(PLACES)}, "
                       f"CM{rng.randint(1, 16)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}"
                       f"{rng.choice('LNPQRSTU')}",
            "telephone": f"01277 {rng.randint(200000, 899999)}",
            "email": f"info@{slug}.org.uk",
            "notes": "Signed at the annual Compact event." if rng.random() < 0.3 else "",
            "last_confirmed": _iso(min(end, signed + timedelta(days=365 * rng.randint(0, 3)))),
        })
        orgs.append((org_id, name))
        for index in range(rng.choice([1, 1, 2, 2, 3])):
            person = _person(rng)
            insert("champions", {
                "organisation_id": org_id, "name": person, "role": rng.choice(ROLES),
                "department": rng.choice(["", "Communities", "Commissioning", "Operations"]),
                "email": f"{person.split()[-1].lower()}@{slug}.org.uk",
                "phone": f"07{rng.randint(100000000, 999999999)}", "is_lead": index == 0,
                "direct_access": rng.random() < 0.7})
            people.append((person, org_id, name))

    for _ in range(spec.organisations):
        add_organisation(start - timedelta(days=rng.randint(30, 900)))

    meeting_ids: list[str] = []
    last_items: list[str] = []
    last_held = ""
    action_number = 0
    for year_index in range(spec.years):
        year = start.year + year_index
        for _ in range(spec.new_organisations_per_year):
            add_organisation(date(year, rng.randint(1, 12), rng.randint(1, 28)))
        for number in range(spec.meetings_per_year):
            month = 1 + number * 12 // spec.meetings_per_year
            on_day = date(year, month, rng.randint(1, 25))
            # the latest meeting held is set to "held" at the end: its minutes are not yet
            # approved (that happens at the next meeting), so they can still be typed
            status = "minutes_approved" if on_day <= end else "agenda_issued"
            chair, minute_taker = rng.choice(people)[0], _person(rng)
            meeting_id = insert("meetings", {
                "title": "Brentwood Compact Steering Group", "template": "steering-group",
                "date": _iso(on_day), "start_time": "14:00",
                "end_time": "15:45" if status != "agenda_issued" else "",
                "venue": "Committee Room 2, Town Hall, Brentwood (and online)",
                "video_link": "", "chair": chair, "minute_taker": minute_taker,
                "status": status, "notes": ""})
            meeting_ids.append(meeting_id)
            topics = rng.sample(TOPICS, rng.randint(3, 8))
            items = [*STANDING, *((t, p, "") for t, p in topics), *CLOSING]
            held = status != "agenda_issued"
            item_ids: list[str] = []
            for position, (title, purpose, kind) in enumerate(items, start=1):
                presenter, _, org_name = rng.choice(people)
                item_ids.append(insert("agenda_items", {
                    "meeting_id": meeting_id, "position": position, "number": position,
                    "title": title, "presenter": "" if kind else presenter,
                    "planned_minutes": rng.choice([5, 10, 15, 20, 25]), "purpose": purpose,
                    "kind": kind, "papers": [f"{title}.pdf"] if not kind else [], "notes": "",
                    "minutes": _minutes(rng, presenter, org_name) if held else "",
                    "declarations": [], "deferred": False, "votes_for": None,
                    "votes_against": None, "votes_abstain": None}))
            if held:
                last_items, last_held = item_ids, meeting_id
            present = rng.sample(people, min(len(people), rng.randint(5, 8)))
            for person, org_id, _ in present:
                insert("attendance", {"meeting_id": meeting_id, "name": person,
                                      "organisation_id": org_id, "status": "present",
                                      "role": "Chair" if person == chair else "Compact Champion"})
            for org_id, _ in rng.sample(orgs, min(len(orgs), rng.randint(1, 3))):
                insert("attendance", {"meeting_id": meeting_id, "name": "",
                                      "organisation_id": org_id, "role": "",
                                      "status": "apologies"})
            insert("attendance", {"meeting_id": meeting_id, "name": minute_taker,
                                  "organisation_id": "", "role": "Minutes",
                                  "status": "in_attendance"})
            if not held:
                continue
            topic_items = item_ids[len(STANDING):len(STANDING) + len(topics)]
            for n in range(1, rng.randint(1, 3) + 1):
                insert("decisions", {"meeting_id": meeting_id,
                                     "item_id": rng.choice(topic_items),
                                     "ref": f"{on_day:%Y-%m}/{n}",
                                     "text": rng.choice(MIDDLES), "votes_for": rng.randint(3, 9),
                                     "votes_against": rng.randint(0, 2), "votes_abstain": 0})
            for n in range(1, rng.randint(3, 6) + 1):
                action_number += 1
                owner, owner_org, _ = rng.choice(people)
                due = on_day + timedelta(days=rng.choice([14, 28, 42, 56, 90]))
                age = (end - due).days
                status_ = ("open" if age < -30 else rng.choice(["open", "in_progress"])
                           if age < 30 else rng.choices(["done", "dropped", "open"], [8, 1, 1])[0])
                notes = [{"at": _iso(on_day + timedelta(days=7 * (k + 1))), "by": owner,
                          "status": "in_progress", "note": rng.choice(NOTES)}
                         for k in range(rng.randint(0, 3))]
                insert("actions", {
                    "ref": f"{on_day:%Y-%m}/{n}", "meeting_id": meeting_id,
                    "item_id": rng.choice(topic_items), "description": rng.choice(ACTION_TEXTS),
                    "owner_name": owner, "owner_organisation_id": owner_org, "due": _iso(due),
                    "status": status_, "notes": notes})
        for _ in range(spec.disputes_per_year):
            opened = date(year, rng.randint(1, 12), rng.randint(1, 28))
            raiser, raiser_org, _ = rng.choice(people)
            path_stages = ["raised", "discussion", "mediation"][:rng.randint(1, 3)]
            closing = rng.choice(["resolved", "resolved", "withdrawn", "unresolved", None])
            if opened > end - timedelta(days=90):
                closing = None
            stages = [*path_stages, closing] if closing else path_stages
            dispute_id = insert("disputes", {
                "title": rng.choice(TOPICS)[0], "raised_by_organisation_id": raiser_org,
                "raised_by_name": raiser, "concerns_organisation_id": rng.choice(orgs)[0],
                "commitments": rng.sample(["1.1", "2.1", "2.4", "3.2", "4.1", "5.3"], 2),
                "what_happened": " ".join(rng.sample(MIDDLES, 3)),
                "happened_on": _iso(opened - timedelta(days=10)),
                "outcome_sought": "Extend the consultation to 12 weeks or publish the reasons.",
                "compliance_question": "No: the commitment asks for 12 weeks or sound reasons.",
                "stage": stages[-1], "opened_on": _iso(opened),
                "closed_on": _iso(opened + timedelta(days=20 * len(stages))) if closing else "",
                "next_step": "" if closing else "Reply in writing to the group",
                "next_step_due": "" if closing else _iso(opened + timedelta(days=100)),
                "mediator": _person(rng) if "mediation" in stages else "",
                "confidential": rng.random() < 0.2,
                "lesson": "Earlier conversation would have helped." if closing else ""})
            for k, stage in enumerate(stages):
                insert("dispute_events", {
                    "dispute_id": dispute_id, "stage": stage,
                    "on": _iso(opened + timedelta(days=20 * k)),
                    "note": rng.choice(MIDDLES), "recorded_by": rng.choice(people)[0],
                    "reason": ""})
        active = list(orgs)
        for org_id, _ in rng.sample(active, min(len(active), spec.self_assessments_per_year)):
            answers = {f"answer.{qid}": {"rating": rng.choice(ratings),
                                         "notes": rng.choice(NOTES) if rng.random() < 0.3
                                         else ""} for qid in questions}
            status_ = "reviewed" if year < end.year else rng.choice(["draft", "submitted"])
            insert("self_assessments", {"organisation_id": org_id, "year": year,
                                        "status": status_, "submitted_on": _iso(
                                            date(year, rng.randint(1, 12), rng.randint(1, 28))),
                                        "reviewed_on": "", **answers})
        for org_id, _ in rng.sample(active, min(len(active), spec.action_plans_per_year)):
            plan = {f"rating.{pid}": {"rating": rng.choice(plan_ratings),
                                      "note": rng.choice(NOTES) if rng.random() < 0.2 else "",
                                      "target": ""} for pid in practices}
            status_ = "reviewed" if year < end.year else "draft"
            insert("action_plans", {"organisation_id": org_id, "year": year,
                                    "status": status_, **plan})
    if last_held:
        store.update("meetings", last_held, {"status": "held"})
    store.close()
    return Generated(path, spec, dict(counts), path.stat().st_size, meeting_ids, last_held,
                     last_items)


def cached_store(spec: StoreSpec, out_dir: Path = OUT_DIR) -> Generated:
    """The generated store for ``spec`` under ``out_dir``, made once per spec and version."""
    import orjson

    from compact_tui.store.files import lock_path_for

    path = out_dir / "stores" / f"{spec.key()}.json"
    manifest = path.with_suffix(".manifest.json")
    if path.exists() and manifest.exists():
        info = orjson.loads(manifest.read_bytes())
        return Generated(path, spec, info["counts"], path.stat().st_size, info["meeting_ids"],
                         info["held_meeting_id"], info["item_ids"])
    partial = path.with_name(f"{path.stem}.{os.getpid()}.partial.json")
    partial.unlink(missing_ok=True)
    made = generate(partial, spec)
    os.replace(partial, path)
    # the store's own save lock, left beside the file it saved under the partial name
    lock_path_for(partial).unlink(missing_ok=True)
    made.path = path
    manifest.write_bytes(orjson.dumps({"counts": made.counts, "meeting_ids": made.meeting_ids,
                                       "held_meeting_id": made.held_meeting_id,
                                       "item_ids": made.item_ids}))
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate",
        description="Write a realistic compact-tui store holding N years of a busy group.")
    parser.add_argument("--years", type=int, default=10, help="years of records (default 10)")
    parser.add_argument("--seed", type=int, default=8, help="random seed (default 8)")
    parser.add_argument("path", type=Path, help="the new store file (must not exist)")
    args = parser.parse_args(argv)
    if args.years < 1:
        parser.error("--years must be 1 or more")
    spec = replace(spec_for_years(args.years), seed=args.seed)
    try:
        made = generate(args.path, spec)
    except FileExistsError as error:
        print(f"generate: {error}", file=sys.stderr)
        return 2
    total = sum(made.counts.values())
    print(f"Wrote {made.path}: {made.size_bytes / MB:.1f} MB, {total} records "
          f"({', '.join(f'{n} {t}' for t, n in sorted(made.counts.items()))}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
