"""One "Due and overdue" list: everything with a date on it that needs the group, soonest
first, from the Compact's clock and every other area.

Each item says what it is, when it falls (or fell) due, whether it is overdue, and which
record it comes from (section and id), so a screen can jump to it. A confidential dispute is
listed by its neutral label only. The same items feed the next agenda's matters arising.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ...content import Content, default_content
from ..actions import ActionsService, owner_label
from ..dates import format_date, from_iso, today
from ..disputes import DisputesService
from ..ports import RecordPort
from ..register import RegisterService
from .consultations import ConsultationsService
from .cycle import CompactCycleService, MissingReturn
from .funding import FundingChangesService

CONSULTATION, FUNDING, CYCLE, RETURNS_KIND, CHAMPION, SIGNATORY, ACTION, DISPUTE = (
    "consultation", "funding", "cycle", "returns", "champion", "signatory", "action",
    "dispute")
KIND_LABELS = {CONSULTATION: "Consultation", FUNDING: "Funding change", CYCLE: "Compact",
               RETURNS_KIND: "Returns", CHAMPION: "Signatory", SIGNATORY: "Signatory",
               ACTION: "Action", DISPUTE: "Dispute"}
# What this list adds to matters arising (actions, dispute steps and annual updates were
# there already).
CLOCK_KINDS = (CONSULTATION, FUNDING, CYCLE, RETURNS_KIND, CHAMPION)


@dataclass(frozen=True)
class DueItem:
    due: date
    kind: str
    text: str
    overdue: bool
    mode: str
    record_id: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def status(self) -> str:
        return "OVERDUE" if self.overdue else "due"

    def line(self) -> str:
        """One line for agendas and e-mails: "3 December 2026 (OVERDUE) Action: …"."""
        flag = " (OVERDUE)" if self.overdue else ""
        return f"{format_date(self.due)}{flag} {self.kind_label}: {self.text}"


def arising_lines(items: list[DueItem]) -> list[str]:
    """The list for an agenda's matters arising: one line per item, except that missing
    returns and missing champions are counted on one line each (the Due and overdue list
    names them), so a long list of signatories does not crowd the agenda."""
    lines = []
    counted: dict[str, list[DueItem]] = {RETURNS_KIND: [], CHAMPION: []}
    for item in items:
        if item.kind in counted:
            counted[item.kind].append(item)
        else:
            lines.append(item.line())
    if counted[RETURNS_KIND]:
        first = counted[RETURNS_KIND][0]
        late = " (OVERDUE)" if first.overdue else ""
        lines.append(f"{format_date(first.due)}{late} Returns: {len(counted[RETURNS_KIND])} "
                     "signatories have not sent their self-assessment or action plan")
    if counted[CHAMPION]:
        count = len(counted[CHAMPION])
        lines.append(f"Signatories: {count} without a Compact Champion" if count > 1 else
                     "Signatories: 1 without a Compact Champion")
    return lines


def due_items(store: RecordPort, content: Content | None = None, on: date | None = None,
              within_days: int | None = None, kinds: tuple[str, ...] | None = None
              ) -> list[DueItem]:
    """Everything due by ``on`` + ``within_days`` (the content's default), overdue included,
    soonest first."""
    content = content or default_content()
    on = on or today()
    horizon = on + timedelta(days=content.timescales.due_within_days
                             if within_days is None else within_days)
    items: list[DueItem] = []
    wanted = set(kinds or KIND_LABELS)
    if CONSULTATION in wanted:
        items += _consultations(store, content, on, horizon)
    if FUNDING in wanted:
        items += _funding(store, content, on, horizon)
    if CYCLE in wanted or RETURNS_KIND in wanted:
        items += _cycle(store, content, on, horizon, wanted)
    if SIGNATORY in wanted or CHAMPION in wanted:
        items += _signatories(store, on, horizon, wanted)
    if ACTION in wanted:
        items += _actions(store, on, horizon)
    if DISPUTE in wanted:
        items += _disputes(store, content, on, horizon)
    return sorted(items, key=lambda i: (i.due, not i.overdue, i.kind, i.text))


def _consultations(store: RecordPort, content: Content, on: date,
                   horizon: date) -> list[DueItem]:
    service = ConsultationsService(store, content)
    rule = service.rule
    items = []
    for consultation in service.consultations():
        who = service.organisation_name(consultation.organisation_id)
        name = f"{consultation.title} ({who})"
        opened, closes = from_iso(consultation.opened_on), from_iso(consultation.closes_on)
        flags = {flag.key: flag for flag in service.flags(consultation, on)}
        if "short" in flags and closes is not None and closes >= on and opened is not None:
            items.append(DueItem(opened, CONSULTATION, f"{name}: {flags['short'].text}", True,
                                 "compact", consultation.id))
        if closes is not None and on <= closes <= horizon and opened is not None \
                and opened <= horizon:
            items.append(DueItem(closes, CONSULTATION, f"{name}: closes", False, "compact",
                                 consultation.id))
        due = consultation.report_back_due(rule)
        if due is not None and not consultation.reported_back_on and due <= horizon \
                and closes is not None and closes < on:
            items.append(DueItem(due, CONSULTATION, f"{name}: results to be reported back",
                                 due < on, "compact", consultation.id))
    return items


def _funding(store: RecordPort, content: Content, on: date, horizon: date) -> list[DueItem]:
    service = FundingChangesService(store, content)
    names = {o.id: o.name for o in RegisterService(store).organisations()}
    items = []
    for change in service.changes():
        rule = service.rule(change.kind)
        effect, deadline = from_iso(change.takes_effect_on), change.notice_deadline(rule)
        if effect is None or deadline is None or effect < on:
            continue
        funder = names.get(change.funder_organisation_id, "a funder no longer in the register")
        name = f"{change.programme} ({funder}, {rule.label.lower()} on {format_date(effect)})"
        flags = service.flags(change, on)
        if not change.notice_given_on and deadline <= horizon:
            items.append(DueItem(deadline, FUNDING, f"{name}: written notice "
                                 f"({rule.months} months) due", deadline < on, "compact",
                                 change.id))
        elif flags and change.notice_given_on:
            given = from_iso(change.notice_given_on) or on
            items.append(DueItem(given, FUNDING, f"{name}: {flags[0].text}", True, "compact",
                                 change.id))
    return items


def _cycle(store: RecordPort, content: Content, on: date, horizon: date,
           wanted: set[str]) -> list[DueItem]:
    service = CompactCycleService(store, content)
    items = []
    if CYCLE in wanted:
        for status in service.statuses():
            due = status.next_due or on
            if due <= horizon:
                text = status.rule.label + ("" if status.last else ": never recorded")
                items.append(DueItem(due, CYCLE, text, due < on or status.last is None,
                                     "compact", f"cycle:{status.rule.key}"))
    if RETURNS_KIND in wanted:
        for deadline in service.returns_deadlines():
            deadline_on = from_iso(deadline.on)
            if deadline_on is None or deadline_on > horizon:
                continue
            due = deadline_on
            by_organisation: dict[str, list[MissingReturn]] = {}
            for missing in service.missing_returns(deadline.year):
                by_organisation.setdefault(missing.organisation.id, []).append(missing)
            for missing_returns in by_organisation.values():
                organisation = missing_returns[0].organisation
                kinds = " and ".join(m.kind_label.lower() for m in missing_returns)
                drafts = [m.kind_label.lower() for m in missing_returns if m.status]
                state = f" ({', '.join(drafts)} started)" if drafts else ""
                items.append(DueItem(due, RETURNS_KIND, f"{organisation.name}: {kinds} "
                                     f"{deadline.year} not received{state}", due < on,
                                     "register", organisation.id))
    return items


def _signatories(store: RecordPort, on: date, horizon: date,
                 wanted: set[str]) -> list[DueItem]:
    register = RegisterService(store)
    champions = {c.organisation_id for c in register.champions()}
    items = []
    for organisation in register.organisations(include_inactive=False):
        due = organisation.update_due_on()
        if SIGNATORY in wanted and due is not None and due <= horizon:
            items.append(DueItem(due, SIGNATORY, f"{organisation.name}: annual update of "
                                 "Compact details", due < on, "register", organisation.id))
        if CHAMPION in wanted and organisation.id not in champions:
            items.append(DueItem(on, CHAMPION, f"{organisation.name}: no Compact Champion",
                                 True, "register", organisation.id))
    return items


def _actions(store: RecordPort, on: date, horizon: date) -> list[DueItem]:
    service = ActionsService(store)
    names = service.organisation_names()
    items = []
    for action in service.open_actions():
        due = action.due_on
        if due is None or due > horizon:
            continue
        owner = owner_label(action, names) or "no owner"
        items.append(DueItem(due, ACTION, f"{action.ref} {action.description} ({owner})",
                             action.is_overdue(on), "actions", action.id))
    return items


def _disputes(store: RecordPort, content: Content, on: date, horizon: date) -> list[DueItem]:
    items = []
    for dispute in DisputesService(store, content).open_disputes():
        due = from_iso(dispute.next_step_due)
        if due is None or due > horizon:
            continue
        step = "next step" if dispute.confidential else f"next step: {dispute.next_step}"
        items.append(DueItem(due, DISPUTE, f"{dispute.label(include_confidential=False)}: "
                             f"{step}", dispute.next_step_overdue(on), "disputes",
                             dispute.id))
    return items
