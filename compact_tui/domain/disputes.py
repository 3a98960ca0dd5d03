"""Disputes: the seed's "If things go wrong" route as a case tracker.

Tables: ``disputes`` and ``dispute_events`` (one dated entry per move between stages or change
of next step, so two people recording moves never clash). Stage keys and their order come from
the content (``disputes.yaml``): the open stages in order, then the closing outcomes.

Route rules, from the seed: a concern is raised and listened to, then discussed between the
parties, then (where that fails) taken to an independent mediator. Settling or withdrawing a
concern is welcome at any open stage (asking "is this Compact compliant?" often sparks a joint
resolve), so those closings need no reason. Any other jump forward, any move backwards, a
reopening and a change of outcome are recorded with a reason, so the timeline explains itself.

Why one module of ~540 lines: the route's rules (which move needs a reason, which stage may
follow which) and the service that applies them read as one story; split, each half would
need the other to be understood. Reports over disputes live apart in ``dispute_reports``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ..content import Content, DisputeStage, default_content
from .dates import date_from_typed as _typed_date
from .dates import format_date, from_iso, iso, today
from .ports import RecordPort
from .records import from_record, to_fields
from .register import organisation_names

DISPUTES = "disputes"
DISPUTE_EVENTS = "dispute_events"
CLOSED_STAGES = ("resolved", "withdrawn", "unresolved")
# Closing outcomes that may follow any open stage without a reason (see the module docstring).
EARLY_CLOSINGS = ("resolved", "withdrawn")
MEDIATION = "mediation"

STAGE_EVENT, NEXT_STEP_EVENT = "stage", "next_step"
CONFIDENTIAL_MARKER = "[CONFIDENTIAL]"


class DisputeInputError(ValueError):
    """Input a person must correct; the message says what and how. Nothing was stored."""


class UnknownDisputeError(KeyError):
    """No dispute with that id (deleted, or from another file)."""

    def __str__(self) -> str:
        return f"There is no dispute {self.args[0]!r} in this file."


@dataclass
class Dispute:
    id: str = ""
    title: str = ""
    raised_by_organisation_id: str = ""
    raised_by_name: str = ""
    concerns_organisation_id: str = ""
    commitments: list[str] = field(default_factory=list)
    what_happened: str = ""
    happened_on: str = ""
    outcome_sought: str = ""
    compliance_question: str = ""
    stage: str = "raised"
    opened_on: str = ""
    closed_on: str = ""
    next_step: str = ""
    next_step_due: str = ""
    mediator: str = ""
    confidential: bool = False
    lesson: str = ""
    updated_at: str = ""
    updated_by: str = ""

    @property
    def is_open(self) -> bool:
        return self.stage not in CLOSED_STAGES

    def age_days(self, on: date | None = None) -> int:
        """Days since it was raised; a closed dispute's age stops on the day it closed."""
        opened = from_iso(self.opened_on)
        if opened is None:
            return 0
        end = (None if self.is_open else from_iso(self.closed_on)) or on or today()
        return max(0, (end - opened).days)

    def next_step_overdue(self, on: date | None = None) -> bool:
        due = from_iso(self.next_step_due)
        return self.is_open and due is not None and due < (on or today())

    @property
    def neutral_label(self) -> str:
        """How a confidential dispute is named anywhere its details must not show."""
        raised = format_date(self.opened_on)
        return f"Confidential dispute (raised {raised})" if raised else "Confidential dispute"

    def label(self, include_confidential: bool = True) -> str:
        """The title, marked when confidential; the neutral label when details are withheld."""
        if not self.confidential:
            return self.title
        if include_confidential:
            return f"{CONFIDENTIAL_MARKER} {self.title}"
        return self.neutral_label


@dataclass
class DisputeEvent:
    """One dated entry on a dispute's timeline: a move between stages or a new next step."""

    id: str = ""
    dispute_id: str = ""
    kind: str = STAGE_EVENT
    stage: str = ""
    from_stage: str = ""
    on: str = ""
    note: str = ""
    recorded_by: str = ""
    reason: str = ""
    mediator: str = ""
    next_step: str = ""
    next_step_due: str = ""
    updated_at: str = ""
    updated_by: str = ""


@dataclass
class DisputeDetails:
    """What the raise/edit form collects, as typed (dates as the person typed them)."""

    title: str = ""
    compliance_question: str = ""
    raised_by_organisation_id: str = ""
    raised_by_name: str = ""
    concerns_organisation_id: str = ""
    commitments: list[str] = field(default_factory=list)
    what_happened: str = ""
    happened_on: str = ""
    outcome_sought: str = ""
    opened_on: str = ""
    next_step: str = ""
    next_step_due: str = ""
    confidential: bool = False

    @classmethod
    def from_dispute(cls, dispute: Dispute) -> DisputeDetails:
        return cls(
            title=dispute.title,
            compliance_question=dispute.compliance_question,
            raised_by_organisation_id=dispute.raised_by_organisation_id,
            raised_by_name=dispute.raised_by_name,
            concerns_organisation_id=dispute.concerns_organisation_id,
            commitments=list(dispute.commitments),
            what_happened=dispute.what_happened,
            happened_on=format_date(dispute.happened_on),
            outcome_sought=dispute.outcome_sought,
            opened_on=format_date(dispute.opened_on),
            next_step=dispute.next_step,
            next_step_due=format_date(dispute.next_step_due),
            confidential=dispute.confidential,
        )


@dataclass(frozen=True)
class Lesson:
    """What a closed dispute taught: for the annual review of the Compact."""

    dispute: Dispute
    outcome: str
    lesson: str

    @property
    def closed_on(self) -> str:
        return self.dispute.closed_on


class DisputesService:
    """Disputes and their timelines, read and changed through the store's scripting API."""

    def __init__(self, store: RecordPort, content: Content | None = None) -> None:
        self.store = store
        self.content = content or default_content()

    # ---------------------------------------------------------------- reading

    def disputes(self) -> list[Dispute]:
        found = [from_record(Dispute, r) for r in self.store.all(DISPUTES)]
        return sorted(found, key=lambda d: (d.opened_on, d.title), reverse=True)

    def open_disputes(self) -> list[Dispute]:
        return [d for d in self.disputes() if d.is_open]

    def closed_disputes(self) -> list[Dispute]:
        closed = [d for d in self.disputes() if not d.is_open]
        return sorted(closed, key=lambda d: (d.closed_on, d.opened_on), reverse=True)

    def dispute(self, dispute_id: str) -> Dispute:
        record = self.store.get(DISPUTES, dispute_id)
        if record is None:
            raise UnknownDisputeError(dispute_id)
        return from_record(Dispute, record)

    def find(self, text: str) -> list[Dispute]:
        """Disputes whose id is or starts with ``text``, else whose title contains it."""
        wanted = text.strip()
        if not wanted:
            return []
        everything = self.disputes()
        by_id = [d for d in everything if d.id == wanted]
        if by_id:
            return by_id
        by_prefix = [d for d in everything if d.id.startswith(wanted)]
        if by_prefix:
            return by_prefix
        folded = wanted.casefold()
        exact = [d for d in everything if d.title.casefold() == folded]
        return exact or [d for d in everything if folded in d.title.casefold()]

    def events(self, dispute_id: str) -> list[DisputeEvent]:
        """The timeline, oldest first (same-day entries in the order they were recorded)."""
        found = [from_record(DisputeEvent, r)
                 for r in self.store.where(DISPUTE_EVENTS, dispute_id=dispute_id)]
        return sorted(found, key=lambda e: (e.on, e.updated_at))

    def stage_label(self, key: str) -> str:
        try:
            return self.content.stage(key).label
        except KeyError:
            return key

    def organisation_names(self) -> dict[str, str]:
        return organisation_names(self.store)

    def raised_by_label(self, dispute: Dispute, names: dict[str, str] | None = None) -> str:
        names = self.organisation_names() if names is None else names
        organisation = names.get(dispute.raised_by_organisation_id, "")
        if organisation and dispute.raised_by_name:
            return f"{dispute.raised_by_name} ({organisation})"
        return organisation or dispute.raised_by_name

    def commitment_label(self, pair_id: str) -> str:
        """ "2.4 Consultation and policy development" (the area title says what it is about)."""
        try:
            return f"{pair_id} {self.content.commitment_area(pair_id).title}"
        except KeyError:
            return pair_id

    def due_by(self, on: date) -> list[Dispute]:
        """Open disputes whose next step falls due on or before ``on`` (matters arising)."""
        due = [d for d in self.open_disputes()
               if (when := from_iso(d.next_step_due)) is not None and when <= on]
        return sorted(due, key=lambda d: d.next_step_due)

    # ---------------------------------------------------------------- route rules

    def _order(self, key: str) -> int:
        keys = [s.key for s in self.content.open_stages()]
        return keys.index(key) if key in keys else -1

    def is_closing(self, key: str) -> bool:
        try:
            return self.content.stage(key).closed
        except KeyError:
            return key in CLOSED_STAGES

    def reason_needed(self, from_stage: str, to_stage: str) -> str:
        """Why a move needs a reason ("" when it follows the route)."""
        open_stages = self.content.open_stages()
        to_label = self.stage_label(to_stage)
        if self.is_closing(from_stage):
            if self.is_closing(to_stage):
                return "Changing the outcome of a closed dispute needs a reason."
            return "Reopening a closed dispute needs a reason."
        here = self._order(from_stage)
        if self.is_closing(to_stage):
            last_open = here == len(open_stages) - 1
            if last_open or to_stage in EARLY_CLOSINGS:
                return ""
            skipped = ", ".join(s.label.lower() for s in open_stages[here + 1:])
            return f'Closing as "{to_label}" skips {skipped}, so it needs a reason.'
        there = self._order(to_stage)
        if there < here:
            return f'Going back to "{to_label}" needs a reason.'
        if there > here + 1:
            skipped = ", ".join(s.label.lower() for s in open_stages[here + 1:there])
            return f'Moving straight to "{to_label}" skips {skipped}, so it needs a reason.'
        return ""

    def stages_to_move_to(self, from_stage: str) -> list[DisputeStage]:
        return [s for s in self.content.dispute_stages if s.key != from_stage]

    # ---------------------------------------------------------------- changing

    def check_details(self, details: DisputeDetails,
                      original: Dispute | None = None) -> tuple[dict[str, Any], list[str]]:
        """Storable fields from the form, and every problem with them (empty when all is well).

        The next step is asked for when raising; an edit of a closed dispute may leave it empty.
        """
        problems: list[str] = []
        if not details.compliance_question.strip():
            problems.append('Answer the first question, "Is this Compact compliant?" '
                            "(a sentence is enough).")
        if not details.title.strip():
            problems.append("Give the dispute a short title.")
        if not (details.raised_by_organisation_id or details.raised_by_name.strip()):
            problems.append("Say who raised it: choose an organisation or type a name.")
        names = self.organisation_names()
        for what, org_id in (("raised it", details.raised_by_organisation_id),
                             ("it concerns", details.concerns_organisation_id)):
            if org_id and org_id not in names:
                problems.append(f"The organisation {what} is no longer in the register; "
                                "choose another.")
        if not details.concerns_organisation_id:
            problems.append("Choose the organisation the concern is about.")
        known = {p.id for p in self.content.all_commitment_pairs()}
        if not details.commitments:
            problems.append("Pick at least one Compact commitment at issue.")
        unknown = [c for c in details.commitments if c not in known]
        if unknown:
            problems.append(f"Unknown commitment(s): {', '.join(unknown)}.")
        if not details.what_happened.strip():
            problems.append("Say what happened.")
        happened_on = _typed_date(details.happened_on, "When it happened", problems)
        opened_on = _typed_date(details.opened_on, "Date raised", problems, required=False)
        opened_on = opened_on or (original.opened_on if original else "") or iso(today())
        still_open = original is None or original.is_open
        if still_open and not details.next_step.strip():
            problems.append("Give the next step (who does what).")
        due = _typed_date(details.next_step_due, "Next step due", problems,
                          required=still_open)
        if happened_on and happened_on > opened_on:
            problems.append("It cannot have happened after the date it was raised.")
        values = {
            "title": details.title.strip(),
            "compliance_question": details.compliance_question.strip(),
            "raised_by_organisation_id": details.raised_by_organisation_id,
            "raised_by_name": details.raised_by_name.strip(),
            "concerns_organisation_id": details.concerns_organisation_id,
            "commitments": list(dict.fromkeys(details.commitments)),
            "what_happened": details.what_happened.strip(),
            "happened_on": happened_on,
            "outcome_sought": details.outcome_sought.strip(),
            "opened_on": opened_on,
            "next_step": details.next_step.strip(),
            "next_step_due": due,
            "confidential": bool(details.confidential),
        }
        return values, problems

    def raise_dispute(self, details: DisputeDetails) -> str:
        """Store a new dispute at the first stage, with its first timeline entry."""
        values, problems = self.check_details(details)
        if problems:
            raise DisputeInputError("\n".join(problems))
        first = self.content.dispute_stages[0].key
        dispute = Dispute(**values, stage=first)
        dispute_id = self.store.insert(DISPUTES, to_fields(dispute))
        self._add_event(DisputeEvent(
            dispute_id=dispute_id, kind=STAGE_EVENT, stage=first, on=values["opened_on"],
            note="Concern raised and listened to.", next_step=values["next_step"],
            next_step_due=values["next_step_due"]))
        return dispute_id

    def update_details(self, dispute_id: str, details: DisputeDetails) -> list[str]:
        """Change what the form edits; only fields that differ are written (per-field merge)."""
        current = self.dispute(dispute_id)
        values, problems = self.check_details(details, original=current)
        if problems:
            raise DisputeInputError("\n".join(problems))
        stored = to_fields(current)
        changed = {k: v for k, v in values.items() if stored.get(k) != v}
        if not changed:
            return []
        return self.store.update(DISPUTES, dispute_id, changed)

    def edit_text(self, dispute_id: str, name: str, base: str, text: str) -> str:
        """A long text of the dispute (what happened, the lesson) as a form edited it from
        ``base``: merged into what others wrote meanwhile, never over it. Returns the text."""
        if name not in ("what_happened", "lesson"):
            raise DisputeInputError(f'"{name}" is not a text of a dispute.')
        self.dispute(dispute_id)
        return self.store.edit_text(DISPUTES, dispute_id, name, base, text).text

    def move_stage(self, dispute_id: str, to_stage: str, *, on: str = "", note: str = "",
                   reason: str = "", mediator: str = "", next_step: str | None = None,
                   next_step_due: str | None = None, lesson: str | None = None) -> str:
        """Move along the route; dates are as typed. Returns the new timeline entry's id.

        Refuses (DisputeInputError, nothing stored) a move to the same stage, a skip or a step
        back without a reason, mediation without a mediator, or a bad date.
        """
        dispute = self.dispute(dispute_id)
        problems: list[str] = []
        try:
            target = self.content.stage(to_stage)
        except KeyError:
            raise DisputeInputError(f'"{to_stage}" is not a stage of this Compact\'s route.'
                                    ) from None
        if to_stage == dispute.stage:
            raise DisputeInputError(f'The dispute is already at "{target.label}".')
        needed = self.reason_needed(dispute.stage, to_stage)
        if needed and not reason.strip():
            problems.append(f"{needed} Say why in the reason box.")
        moved_on = _typed_date(on, "Date of the move", problems, required=False) or iso(today())
        if moved_on < dispute.opened_on:
            problems.append("A move cannot be dated before the dispute was raised.")
        else:
            last = max((e.on for e in self.events(dispute_id) if e.kind == STAGE_EVENT),
                       default="")
            if moved_on < last:
                problems.append("A move cannot be dated before the last move on the timeline "
                                f"({format_date(last)}).")
        mediator = mediator.strip() or (dispute.mediator if to_stage == MEDIATION else "")
        if to_stage == MEDIATION and not mediator:
            problems.append("Name the independent mediator (for example the Essex Compact "
                            "Steering Group mediation panel).")
        changes: dict[str, Any] = {"stage": to_stage}
        if mediator and mediator != dispute.mediator:
            changes["mediator"] = mediator
        if target.closed:
            changes.update(closed_on=moved_on, next_step="", next_step_due="")
            if lesson is not None and lesson.strip() != dispute.lesson:
                changes["lesson"] = lesson.strip()
        else:
            if dispute.closed_on:
                changes["closed_on"] = ""
            step = dispute.next_step if next_step is None else next_step.strip()
            due_text = format_date(dispute.next_step_due) if next_step_due is None \
                else next_step_due
            due = _typed_date(due_text, "Next step due", problems, required=True)
            if not step:
                problems.append("Give the next step (who does what) for an open dispute.")
            changes.update(next_step=step, next_step_due=due)
        if problems:
            raise DisputeInputError("\n".join(problems))
        self.store.update(DISPUTES, dispute_id, changes)
        return self._add_event(DisputeEvent(
            dispute_id=dispute_id, kind=STAGE_EVENT, stage=to_stage, from_stage=dispute.stage,
            on=moved_on, note=note.strip(), reason=reason.strip(),
            mediator=mediator if to_stage == MEDIATION else "",
            next_step=changes.get("next_step", ""),
            next_step_due=changes.get("next_step_due", "")))

    def set_next_step(self, dispute_id: str, next_step: str, due: str, note: str = "") -> str:
        """A new next step and date for an open dispute (due as typed), on the timeline too."""
        dispute = self.dispute(dispute_id)
        if not dispute.is_open:
            raise DisputeInputError("This dispute is closed: reopen it (move its stage) "
                                    "to give it a next step.")
        problems: list[str] = []
        if not next_step.strip():
            problems.append("Give the next step (who does what).")
        due_on = _typed_date(due, "Next step due", problems)
        if problems:
            raise DisputeInputError("\n".join(problems))
        self.store.update(DISPUTES, dispute_id,
                          {"next_step": next_step.strip(), "next_step_due": due_on})
        return self._add_event(DisputeEvent(
            dispute_id=dispute_id, kind=NEXT_STEP_EVENT, stage=dispute.stage, on=iso(today()),
            note=note.strip(), next_step=next_step.strip(), next_step_due=due_on))

    def _add_event(self, event: DisputeEvent) -> str:
        event.recorded_by = self.store.member
        return self.store.insert(DISPUTE_EVENTS, to_fields(event))

    # ---------------------------------------------------------------- lessons

    def lessons(self) -> list[Lesson]:
        """Every lesson recorded on closing, newest first, for the annual review."""
        return [Lesson(d, self.stage_label(d.stage), d.lesson)
                for d in self.closed_disputes() if d.lesson.strip()]

    # ---------------------------------------------------------------- for meetings

    def as_of(self, dispute: Dispute, on: date) -> Dispute:
        """The dispute as its timeline says it stood on ``on`` (stage, next step, closing).

        Minutes of a past meeting are often exported later: they must show the dispute as the
        meeting saw it, not as it is today.
        """
        day = iso(on)
        events = self.events(dispute.id)
        past = [e for e in events if e.on <= day]
        moves = [e for e in past if e.kind == STAGE_EVENT]
        if len(past) == len(events) or not moves:
            return dispute
        stage = moves[-1].stage
        if self.is_closing(stage):
            return replace(dispute, stage=stage, closed_on=moves[-1].on, next_step="",
                           next_step_due="")
        steps = [e for e in past if e.next_step]
        if not steps:
            return replace(dispute, stage=stage, closed_on="")
        return replace(dispute, stage=stage, closed_on="", next_step=steps[-1].next_step,
                       next_step_due=steps[-1].next_step_due)

    def open_on(self, on: date) -> list[Dispute]:
        """Disputes that were open on ``on``, each as it stood that day."""
        day = iso(on)
        found = [self.as_of(d, on) for d in self.disputes() if d.opened_on and d.opened_on <= day]
        return [d for d in found if d.is_open]

    def update_lines_for_export(self, on: date | None = None) -> list[str]:
        """The "disputes update" agenda item: one line per dispute open on ``on``, safe for
        minutes and agendas.

        Confidential disputes are only counted ("A confidential dispute was discussed."),
        never named. With nothing open the single line says so.
        """
        on = on or today()
        lines = []
        hidden = 0
        for dispute in sorted(self.open_on(on), key=lambda d: d.opened_on):
            if dispute.confidential:
                hidden += 1
                continue
            lines.append(f"{dispute.title} — {self.stage_label(dispute.stage)}, open "
                         f"{_days(dispute.age_days(on))}; next step: "
                         f"{self._next_step_text(dispute, on)}")
        if hidden == 1:
            lines.append("A confidential dispute was discussed.")
        elif hidden:
            lines.append(f"{hidden} confidential disputes were discussed.")
        return lines or ["No open disputes."]

    @staticmethod
    def _next_step_text(dispute: Dispute, on: date) -> str:
        if not dispute.next_step:
            return "none set"
        due = format_date(dispute.next_step_due)
        if not due:
            return dispute.next_step
        late = " (OVERDUE)" if dispute.next_step_overdue(on) else ""
        return f"{dispute.next_step}, due {due}{late}"


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"
