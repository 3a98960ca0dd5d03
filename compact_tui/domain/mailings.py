"""Mailings: who is sent which papers (the agenda, the minutes, forms, reminders) and what came
of it, kept in the store so the record says "agenda sent to 12 champions on 26 November 2026".

Plain data only: this module decides recipients, subjects, bodies and attachments from the
register and the meeting record; making MIME messages, writing .eml drafts and talking to an
SMTP server is ``compact_tui.mail``'s job. Recipients come from the register (champions first,
else the organisation's own address); an organisation with no address is listed as missing,
never skipped silently. Each recipient's result is recorded as it happens, so a mailing cut
short can be retried to those it did not reach, and nobody is sent the same thing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ..content import Content
from .actions import Action, ActionsService
from .dates import format_date, from_iso, today
from .exports.html import html_page
from .meetings.model import Meeting
from .ports import RecordPort
from .records import from_record
from .register import Champion, Organisation, RegisterService, normalise_name, update_status

if TYPE_CHECKING:
    from .meetings import MeetingsService

MAILINGS = "mailings"
KINDS = {"agenda": "agenda", "minutes": "minutes", "draft-minutes": "draft minutes",
         "forms": "forms", "reminders": "reminders"}
SENT, REFUSED, NOT_SENT, DRAFTED = "sent", "refused", "not sent", "drafted"
REMINDER_DAYS = 7


@dataclass
class StoredMailing:
    """A ``mailings`` row: who was sent which papers about a record, and what came of each."""

    id: str = ""
    kind: str = ""
    record_id: str = ""
    title: str = ""
    by: str = ""
    mode: str = ""
    at: str = ""
    attachments: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    recipients: list[dict[str, str]] = field(default_factory=list)


class MailingError(ValueError):
    """A mailing that cannot be made; the message says why in plain words."""


@dataclass(frozen=True)
class Attachment:
    file_name: str
    mime_type: str  # "text/markdown", "text/calendar", ...
    data: bytes


@dataclass(frozen=True)
class Recipient:
    name: str
    organisation: str
    address: str
    organisation_id: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


@dataclass(frozen=True)
class Letter:
    """One message to one person: its own body and attachments (a form is theirs alone)."""

    recipient: Recipient
    subject: str
    text: str
    attachments: tuple[Attachment, ...] = ()

    @property
    def html(self) -> str:
        return html_page(self.text, self.subject)


@dataclass
class Mailing:
    """What is about to go out: the letters, and who could not be reached (no address)."""

    kind: str
    record_id: str
    title: str
    letters: list[Letter]
    missing: list[str] = field(default_factory=list)
    already: list[Recipient] = field(default_factory=list)

    def describe(self) -> list[str]:
        """Lines for a dry run or the send dialog: recipients, attachments, gaps."""
        lines = [f"{self.title}: {len(self.letters)} recipient(s)."]
        files = {tuple(a.file_name for a in letter.attachments) for letter in self.letters}
        shared = len(files) == 1
        if shared:
            lines.append(f"Attached: {', '.join(next(iter(files))) or 'nothing'}")
        for letter in self.letters:
            own = "" if shared else (" [" + ", ".join(a.file_name for a in letter.attachments)
                                     + "]")
            lines.append(f"  To {letter.recipient.label} <{letter.recipient.address}>{own}")
        for recipient in self.already:
            lines.append(f"  Already sent to {recipient.label} <{recipient.address}>: "
                         "not sent again (use --again to resend)")
        for name in self.missing:
            lines.append(f"  No email address for {name}: not sent (add one in the register)")
        return lines


@dataclass(frozen=True)
class Outcome:
    """What happened to one letter."""

    recipient: Recipient
    result: str  # SENT, REFUSED, NOT_SENT or DRAFTED
    detail: str = ""


def summary(record: dict[str, Any]) -> str:
    """ "agenda sent to 12 champions on 26 November 2026 (1 not reached)" from a stored
    mailing."""
    rows = record.get("recipients") or []
    counts = {result: sum(1 for r in rows if r.get("result") == result)
              for result in (SENT, REFUSED, NOT_SENT, DRAFTED)}
    when = str(record.get("at", ""))[:10]
    try:
        day = format_date(date.fromisoformat(when))
    except ValueError:
        day = when
    what = KINDS.get(str(record.get("kind")), str(record.get("kind")))
    if counts[DRAFTED] and not counts[SENT]:
        text = f"{what} drafted for {counts[DRAFTED]} recipient(s) on {day}"
    else:
        text = f"{what} sent to {counts[SENT]} recipient(s) on {day}"
    failed = counts[REFUSED] + counts[NOT_SENT]
    if failed:
        text += f" ({failed} not reached: retry to send to them)"
    return text


class MailingsService:
    """Builds mailings from the record and keeps what was sent."""

    def __init__(self, store: RecordPort, content: Content,
                 register: RegisterService | None = None,
                 meetings: MeetingsService | None = None) -> None:
        self.store = store
        self.content = content
        self.register = register or RegisterService(store)
        self._meetings = meetings

    # ------------------------------------------------------------------ recipients

    def _people(self, organisation: Organisation,
                champions: list[Champion]) -> list[Recipient]:
        """An organisation's champions with an address, else its own address."""
        found = [Recipient(c.name, organisation.name, c.email.strip(), organisation.id)
                 for c in sorted(champions, key=lambda c: (not c.is_lead, c.name))
                 if c.email.strip()]
        if not found and organisation.email.strip():
            found = [Recipient(organisation.signatory_name or organisation.name,
                               organisation.name, organisation.email.strip(), organisation.id)]
        return found

    def members(self) -> tuple[list[Recipient], list[str]]:
        """Every active signatory's champions (or the organisation's address), and the names
        of organisations that have no address at all."""
        by_org = self.register.champions_by_organisation()
        recipients: list[Recipient] = []
        missing: list[str] = []
        for organisation in self.register.organisations(include_inactive=False):
            people = self._people(organisation, by_org.get(organisation.id, []))
            if people:
                recipients += people
            else:
                missing.append(organisation.name)
        return recipients, missing

    # ------------------------------------------------------------------ mailings

    def agenda(self, meeting: Meeting, agenda_markdown: str, ics: str,
               pack_html: str = "") -> Mailing:
        """The agenda, and the agenda pack (agenda, minutes to approve, action log, due and
        overdue) ready to print when there is one, with the calendar file."""
        when = format_date(meeting.on) if meeting.on else meeting.date
        subject = f"Agenda: {meeting.title}, {when}"
        page = (Attachment(f"agenda-pack-{meeting.date}.html", "text/html",
                           pack_html.encode("utf-8")) if pack_html else
                Attachment(f"agenda-{meeting.date}.html", "text/html",
                           html_page(agenda_markdown, subject).encode("utf-8")))
        files = (page,
                 Attachment(f"agenda-{meeting.date}.md", "text/markdown",
                            agenda_markdown.encode("utf-8")),
                 Attachment(f"meeting-{meeting.date}.ics", "text/calendar", ics.encode("utf-8")))
        return self._to_members("agenda", meeting.id, subject, files, lambda r: (
            f"Dear {r.name},\n\nPlease find attached the agenda for the {meeting.title} on "
            f"{when} at {meeting.start_time}"
            + (f", {meeting.venue}" if meeting.venue else "") + ".\n\n"
            + ("The agenda pack holds the agenda, the minutes to be approved, the action log "
               "and what is due, ready to print. " if pack_html else "")
            + "The calendar file adds the meeting to your calendar.\n"))

    def minutes(self, meeting: Meeting, minutes_markdown: str) -> Mailing:
        approved = meeting.status == "minutes_approved"
        when = format_date(meeting.on) if meeting.on else meeting.date
        kind = "minutes" if approved else "draft-minutes"
        subject = (f"Minutes: {meeting.title}, {when}" if approved
                   else f"Draft minutes for comment: {meeting.title}, {when}")
        files = (Attachment(f"minutes-{meeting.date}.html", "text/html",
                            html_page(minutes_markdown, subject).encode("utf-8")),
                 Attachment(f"minutes-{meeting.date}.md", "text/markdown",
                            minutes_markdown.encode("utf-8")))
        intro = ("the approved minutes" if approved else
                 "the draft minutes, for your comments before they are approved at the next "
                 "meeting")
        return self._to_members(kind, meeting.id, subject, files, lambda r: (
            f"Dear {r.name},\n\nPlease find attached {intro} of the {meeting.title} held on "
            f"{when}.\n"))

    def forms(self, year: int, forms: Iterable[tuple[Organisation, list[Attachment]]]
              ) -> Mailing:
        """Each signatory's own forms to its champions (never another's)."""
        by_org = self.register.champions_by_organisation()
        letters: list[Letter] = []
        missing: list[str] = []
        for organisation, files in forms:
            people = self._people(organisation, by_org.get(organisation.id, []))
            if not people:
                missing.append(organisation.name)
            for person in people:
                letters.append(Letter(
                    person, f"Compact self-assessment and action plan {year}: "
                    f"{organisation.name}",
                    f"Dear {person.name},\n\nPlease find attached {organisation.name}'s "
                    f"self-assessment and action plan forms for {year}. Fill them in (in Word, "
                    "a text editor or a spreadsheet) and send them back to the Compact "
                    "Steering Group.\n", tuple(files)))
        return self._checked(Mailing("forms", f"forms-{year}", f"Forms for {year}", letters,
                                     missing))

    def reminders(self, on: date | None = None) -> Mailing:
        """Owners of actions due within a week or overdue, and signatories whose annual update
        or returns are due or overdue: one letter each, listing what is theirs."""
        on = on or today()
        actions = ActionsService(self.store)
        names = actions.organisation_names()
        organisations = {o.id: o for o in self.register.organisations()}
        by_org = self.register.champions_by_organisation()
        items: dict[Recipient, list[str]] = {}
        missing: list[str] = []
        for action in actions.open_actions():
            due = action.due_on
            if due is None or (due - on).days > REMINDER_DAYS:
                continue
            person = self._owner(action, organisations, by_org)
            state = "overdue" if due < on else "due"
            line = (f"Action {action.ref}: {action.description} ({state} "
                    f"{format_date(due)})")
            if person is None:
                owner = action.owner_name or names.get(action.owner_organisation_id, "")
                missing.append(f"{owner or 'no owner'} (action {action.ref})")
            else:
                items.setdefault(person, []).append(line)
        for organisation in self.register.organisations(include_inactive=False):
            status = update_status(organisation, on)
            if not status.needs_attention:
                continue
            people = self._people(organisation, by_org.get(organisation.id, []))[:1]
            if not people:
                missing.append(f"{organisation.name} (annual update)")
            for person in people:
                items.setdefault(person, []).append(
                    f"{organisation.name}'s annual update to the Compact register: "
                    f"{status.sentence}")
        for organisation, line in self._returns_due(on):
            people = self._people(organisation, by_org.get(organisation.id, []))[:1]
            if not people:
                missing.append(f"{organisation.name} (returns)")
            for person in people:
                items.setdefault(person, []).append(line)
        letters = [Letter(person, "Compact reminder: due and overdue",
                          f"Dear {person.name},\n\nA reminder from the Compact Steering Group "
                          f"of what is due:\n\n" + "\n".join(f"- {line}" for line in lines)
                          + "\n")
                   for person, lines in items.items()]
        return self._checked(Mailing("reminders", f"reminders-{on.isoformat()}",
                                     f"Reminders on {format_date(on)}", letters, missing))

    def _returns_due(self, on: date) -> list[tuple[Organisation, str]]:
        """Signatories whose self-assessment or action plan for a year is due within a week
        (or overdue, up to a year late) by the deadline the group set, and not received."""
        from .clock.cycle import CompactCycleService

        cycle = CompactCycleService(self.store, self.content)
        found: list[tuple[Organisation, str]] = []
        for deadline in cycle.returns_deadlines():
            due = from_iso(deadline.on)
            if due is None or (due - on).days > REMINDER_DAYS or (on - due).days > 365:
                continue
            state = "overdue since" if due < on else "due by"
            by_organisation: dict[str, list[str]] = {}
            names: dict[str, Organisation] = {}
            for gap in cycle.missing_returns(deadline.year):
                by_organisation.setdefault(gap.organisation.id, []).append(
                    gap.kind_label.lower())
                names[gap.organisation.id] = gap.organisation
            for organisation_id, kinds in by_organisation.items():
                found.append((names[organisation_id],
                              f"{names[organisation_id].name}'s {' and '.join(kinds)} for "
                              f"{deadline.year}: {state} {format_date(due)}"))
        return found

    def _owner(self, action: Action, organisations: dict[str, Organisation],
               by_org: dict[str, list[Champion]]) -> Recipient | None:
        """The action owner's address: the champion of that name, else the organisation's."""
        organisation = organisations.get(action.owner_organisation_id)
        wanted = normalise_name(action.owner_name)
        pools = ([by_org.get(organisation.id, [])] if organisation
                 else list(by_org.values()))
        for pool in pools:
            for champion in pool:
                if wanted and normalise_name(champion.name) == wanted and champion.email:
                    owner_org = organisations.get(champion.organisation_id)
                    return Recipient(champion.name, owner_org.name if owner_org else "",
                                     champion.email.strip(), champion.organisation_id)
        if organisation is not None and not wanted:
            people = self._people(organisation, by_org.get(organisation.id, []))
            return people[0] if people else None
        return None

    def _to_members(self, kind: str, record_id: str, subject: str,
                    files: tuple[Attachment, ...], body: Callable[[Recipient], str]) -> Mailing:
        recipients, missing = self.members()
        letters = [Letter(r, subject, body(r), files) for r in recipients]
        return self._checked(Mailing(kind, record_id, subject, letters, missing))

    def _checked(self, mailing: Mailing) -> Mailing:
        if not mailing.letters and not mailing.missing:
            raise MailingError(f"{mailing.title}: there is nobody to send it to.")
        return mailing

    # ------------------------------------------------------------------ from the record

    def for_meeting(self, what: str, meeting_id: str, quorum_rule: Any = None) -> Mailing:
        """The agenda (with its calendar file) or the minutes of one meeting, as the exports
        make them; the minutes go out as a draft for comment until they are approved."""
        from .exports import agenda_markdown, meeting_ics, minutes_markdown
        from .exports.pack import pack_html
        from .meetings import MeetingsService

        meetings = self._meetings or MeetingsService(self.store, self.content)
        meeting = meetings.meeting(meeting_id)
        if meeting is None:
            raise MailingError("That meeting is no longer in the file.")
        if what == "agenda":
            return self.agenda(meeting, agenda_markdown(self.store, meeting_id, self.content),
                               meeting_ics(self.store, meeting_id, self.content),
                               pack_html(self.store, meeting_id, self.content, quorum_rule))
        if what == "minutes":
            return self.minutes(meeting, minutes_markdown(self.store, meeting_id, self.content,
                                                          quorum_rule=quorum_rule))
        raise MailingError(f"Unknown mailing {what!r}: agenda or minutes.")

    def forms_for_year(self, year: int) -> Mailing:
        """Each active signatory's self-assessment and action plan forms for ``year``."""
        from .forms_service import FormsService

        grouped: dict[str, tuple[Organisation, list[Attachment]]] = {}
        for form in FormsService(self.store, self.content).export_all(year, fmt="md"):
            _, files = grouped.setdefault(form.organisation.id, (form.organisation, []))
            files.append(Attachment(form.file_name, "text/markdown", form.text.encode("utf-8")))
        return self.forms(year, grouped.values())

    # ------------------------------------------------------------------ the record

    def history(self, record_id: str) -> list[dict[str, Any]]:
        """Mailings about one record, oldest first; a damaged value reads as its default."""
        typed = [{**record, **asdict(from_record(StoredMailing, record))}
                 for record in self.store.where(MAILINGS, record_id=record_id)]
        return sorted(typed, key=lambda r: r["at"])

    def reached(self, kind: str, record_id: str) -> set[str]:
        """Addresses that already received this mailing (sent, not drafted)."""
        return {str(row.get("address", "")).casefold()
                for record in self.history(record_id) if record.get("kind") == kind
                for row in record.get("recipients") or [] if row.get("result") == SENT}

    def without_repeats(self, mailing: Mailing) -> Mailing:
        """The mailing minus those it already reached, so a retry sends only what is left."""
        done = self.reached(mailing.kind, mailing.record_id)
        keep = [letter for letter in mailing.letters
                if letter.recipient.address.casefold() not in done]
        already = [letter.recipient for letter in mailing.letters
                   if letter.recipient.address.casefold() in done]
        return Mailing(mailing.kind, mailing.record_id, mailing.title, keep, mailing.missing,
                       already)

    def start(self, mailing: Mailing, by: str, mode: str, now: datetime) -> str:
        """The record of a mailing about to go out, every recipient "not sent" until told."""
        return self.store.insert(MAILINGS, {
            "kind": mailing.kind, "record_id": mailing.record_id, "title": mailing.title,
            "by": by, "mode": mode, "at": now.isoformat(timespec="seconds"),
            "attachments": sorted({a.file_name for letter in mailing.letters
                                   for a in letter.attachments}),
            "missing": list(mailing.missing),
            "recipients": [{"name": letter.recipient.name,
                            "organisation": letter.recipient.organisation,
                            "address": letter.recipient.address, "result": NOT_SENT,
                            "detail": ""} for letter in mailing.letters]})

    def record(self, mailing_id: str, outcome: Outcome) -> None:
        """One recipient's result, written as soon as it is known."""
        record = self.store.get(MAILINGS, mailing_id)
        if record is None:
            return
        rows = [dict(row) for row in record.get("recipients") or []]
        for row in rows:
            if (row.get("address", "").casefold() == outcome.recipient.address.casefold()
                    and row.get("name") == outcome.recipient.name):
                row["result"], row["detail"] = outcome.result, outcome.detail
        self.store.update(MAILINGS, mailing_id, {"recipients": rows})
