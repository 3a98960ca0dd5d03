"""Quick entry: lines in the minutes that become real actions, decisions and apologies.

The minute taker keeps typing; a line such as::

    #action @Brentwood CVS due:12/01/2027 Circulate the consultation draft
    #agreed Publish the list of signatories on the Council website
    #apologies Dr Mark Ellis (Basildon and Brentwood CCG); Tom Ellis
    #present Jo Morgan; Priya Shah (Brentwood CVS)
    #declare Lee Chan: Active Brentwood has applied to the fund

is read here (pure functions, no store) and turned into records by ``MeetingsService``. The
line stays in the minutes as typed.

Owners after ``@`` are matched loosely against the names we are given (organisations and
champions): case does not matter, "CVS" stands for "Council for Voluntary Services", a word
may be shortened ("@Brentwood Borough"), and a person may be named by first name. Where the
owner ends: at a closing quote (``@"Fred Bloggs"``), a colon, a ``due:``, the word "to", or
the longest run of words that matches a known name; an unknown person is the run of
capitalised words after ``@``.

People in ``#apologies`` and ``#present`` are separated by ``;`` or new lines only: commas and
"and" belong to names ("Basildon and Brentwood CCG"). Text in brackets after a name is the
person's organisation. Nobody is guessed: a name is matched to the register only when exactly
one person or organisation fits, otherwise it is kept as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from .dates import DateInputError, parse_date

ACTION, DECISION, APOLOGIES, DECLARATION = "action", "decision", "apologies", "declaration"
PRESENT = "present"
TAGS = {
    "action": ACTION, "actions": ACTION, "todo": ACTION,
    "agreed": DECISION, "agree": DECISION, "decision": DECISION, "decided": DECISION,
    "resolved": DECISION,
    "apologies": APOLOGIES, "apology": APOLOGIES,
    "present": PRESENT, "attending": PRESENT,
    "declare": DECLARATION, "declaration": DECLARATION, "interest": DECLARATION,
}
_LINE = re.compile(r"^\s*(?:[-*+]\s+)?#([A-Za-z]+)\b[:\s]*(.*)$")
_DUE = re.compile(r"(?i)(?<!\S)due:\s*(\S+)")
_WORDS_DUE = re.compile(r"(?i)(?<!\S)due:\s*(\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+"
                        r"\d{4})(?!\S)")
_CLEAR_LEAD = 2  # how much better than the runner-up a loose match must fit
_STOPWORDS = frozenset({"and", "for", "of", "the", "&", "in", "on"})


@dataclass(frozen=True)
class Owner:
    """Someone who can own an action: an organisation, or a person (with their organisation)."""

    name: str
    organisation_id: str = ""
    is_person: bool = False


@dataclass(frozen=True)
class TypedPerson:
    """A person as the minute taker typed them: "Dr Mark Ellis (Basildon and Brentwood CCG)"."""

    name: str
    organisation: str = ""

    @property
    def typed(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


def split_people(text: str) -> list[TypedPerson]:
    """People separated by ";" or new lines; a bracket after a name holds the organisation.

    A bracket alone ("(Brentwood CVS)") is an organisation with nobody named.
    """
    people = []
    for part in re.split(r"[;\n]", text):
        part = " ".join(part.split())
        if not part:
            continue
        bracket = re.fullmatch(r"(.*?)\s*\(([^()]*)\)", part)
        if bracket and bracket[2].strip():
            people.append(TypedPerson(bracket[1].strip(), bracket[2].strip()))
        else:
            people.append(TypedPerson(part))
    return people


@dataclass
class QuickEntry:
    """One recognised line. ``problem`` says what could not be read (the entry still counts)."""

    kind: str
    line: str
    line_number: int
    text: str = ""
    owner_text: str = ""
    owner: Owner | None = None
    due: date | None = None
    due_text: str = ""
    who: str = ""
    names: list[str] = field(default_factory=list)
    people: list[TypedPerson] = field(default_factory=list)
    problem: str = ""

    @property
    def key(self) -> str:
        """How a processed line is remembered: its words, ignoring case and spacing."""
        return " ".join(self.line.split()).casefold()


def entry_key(line: str) -> str:
    return " ".join(line.split()).casefold()


def is_quick_entry_line(line: str) -> bool:
    match = _LINE.match(line)
    return bool(match and match[1].lower() in TAGS)


def parse_quick_entries(text: str, owners: Sequence[Owner] = ()) -> list[QuickEntry]:
    """Every quick-entry line in ``text``, in order; other lines are ignored."""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _LINE.match(line)
        if not match or match[1].lower() not in TAGS:
            continue
        kind = TAGS[match[1].lower()]
        body = match[2].strip()
        entry = QuickEntry(kind=kind, line=line.strip(), line_number=number)
        if kind == ACTION:
            _read_action(entry, body, owners)
        elif kind == DECISION:
            entry.text = body
            if not body:
                entry.problem = "the decision has no text"
        elif kind in (APOLOGIES, PRESENT):
            entry.people = split_people(body)
            entry.names = [person.typed for person in entry.people]
            if not entry.names:
                entry.problem = f"no names given after #{match[1].lower()}"
        else:
            who, sep, interest = body.partition(":")
            entry.who, entry.text = who.strip(), interest.strip()
            if not sep or not entry.who:
                entry.problem = 'write a declaration as "#declare Name: the interest"'
        entries.append(entry)
    return entries


def _read_action(entry: QuickEntry, body: str, owners: Sequence[Owner]) -> None:
    due_match = _WORDS_DUE.search(body) or _DUE.search(body)
    if due_match:
        entry.due_text = due_match[1]
        body = (body[:due_match.start()] + " " + body[due_match.end():]).strip()
        try:
            entry.due = parse_date(entry.due_text)
        except DateInputError as error:
            entry.problem = f"due date not recorded: {error}"
    owner_segment = ""
    if body.startswith("@"):
        # the owner ends where the due date was, if the due date came straight after it
        if due_match:
            before_due = due_match.string[:due_match.start()].strip()
            if before_due.startswith("@"):
                owner_segment = before_due
        body, entry.owner_text, entry.owner = _split_owner(body, owner_segment, owners)
    description = re.sub(r"^(?:to|will)\s+", "", body.strip(), flags=re.IGNORECASE)
    entry.text = description[:1].upper() + description[1:]
    if not entry.text:
        entry.problem = _join(entry.problem, "the action has no description")


def _join(first: str, second: str) -> str:
    return f"{first}; {second}" if first else second


def _split_owner(body: str, owner_segment: str,
                 owners: Sequence[Owner]) -> tuple[str, str, Owner | None]:
    """Return (description, owner as typed, matched owner) for a body starting with "@"."""
    rest = body[1:]
    quoted = re.match(r'"([^"]*)"\s*(.*)$', rest, re.DOTALL)
    if quoted:
        typed = quoted[1].strip()
        return quoted[2], typed, match_owner(typed, owners)
    colon = re.match(r"([^:]+):\s*(.*)$", rest, re.DOTALL)
    if colon and len(colon[1].split()) <= 8:
        typed = colon[1].strip()
        return colon[2], typed, match_owner(typed, owners)
    words = rest.split()
    if words and "_" in words[0]:
        typed = words[0].replace("_", " ")
        return " ".join(words[1:]), typed, match_owner(typed, owners)
    for length in range(len(words), 0, -1):
        typed = " ".join(words[:length])
        found = match_owner(typed, owners)
        if found:
            return " ".join(words[length:]), typed, found
    to_at = next((i for i, word in enumerate(words) if word.lower() == "to" and i > 0), None)
    if to_at is not None and all(w[:1].isupper() for w in words[:to_at]):
        return " ".join(words[to_at:]), " ".join(words[:to_at]), None
    segment_words = owner_segment[1:].split()
    if segment_words and len(segment_words) <= 5:
        remainder = body[len(owner_segment):]
        return remainder, " ".join(segment_words), None
    capitalised = 0
    for word in words:
        if not word[:1].isupper():
            break
        capitalised += 1
    # keep at least one word for the description: "@Fred Circulate the draft"
    capitalised = max(1, min(capitalised, len(words) - 1, 3)) if words else 0
    return " ".join(words[capitalised:]), " ".join(words[:capitalised]), None


def _words(text: str) -> list[str]:
    cleaned = re.sub(r"[^\w\s&]", " ", text.casefold().replace("'", ""))
    return [w for w in cleaned.split() if w not in _STOPWORDS]


def _score(tokens: list[str], words: list[str]) -> int | None:
    """How well typed ``tokens`` fit a name's ``words`` (None: they do not)."""
    best: int | None = None

    def walk(i: int, j: int, score: int) -> None:
        nonlocal best
        if i == len(tokens):
            total = score - (len(words) - j)  # unmatched trailing words cost a little
            best = total if best is None or total > best else best
            return
        if j == len(words):
            return
        token, word = tokens[i], words[j]
        if token == word:
            walk(i + 1, j + 1, score + 4)
        elif len(token) >= 3 and word.startswith(token):
            walk(i + 1, j + 1, score + 2)
        if len(token) >= 2 and j + len(token) <= len(words) and token == "".join(
                w[0] for w in words[j:j + len(token)]):
            walk(i + 1, j + len(token), score + 4)
        if j > 0 or i > 0:  # skip a name word ("Essex Council" for Essex County Council)
            walk(i, j + 1, score - 2)
        else:  # a person by surname, or an organisation without its town
            walk(i, j + 1, score - 3)

    walk(0, 0, 0)
    return best


def name_matches(typed: str, name: str) -> bool:
    tokens, words = _words(typed), _words(name)
    return bool(tokens) and bool(words) and _score(tokens, words) is not None


def match_owner(typed: str, owners: Iterable[Owner]) -> Owner | None:
    """The best loose match for ``typed``, or None when nothing fits or several fit about
    equally well."""
    tokens = _words(typed)
    if not tokens:
        return None
    scored: list[tuple[int, Owner]] = []
    for owner in owners:
        words = _words(owner.name)
        if not words:
            continue
        if words == tokens:
            return owner
        score = _score(tokens, words)
        if score is not None:
            scored.append((score, owner))
    if not scored:
        return None
    scored.sort(key=lambda pair: -pair[0])
    top = scored[0][0]
    # "Brentwood" fits several names about equally well: better to ask than to guess
    close = {owner.name.casefold() for score, owner in scored if score > top - _CLEAR_LEAD}
    return scored[0][1] if len(close) == 1 else None


_TITLES = frozenset({"dr", "cllr", "councillor", "mr", "mrs", "ms", "miss", "mx", "prof",
                     "professor", "rev", "revd", "sir", "dame", "lord", "lady"})


def _plain_name(name: str) -> list[str]:
    return [w for w in re.sub(r"[^\w\s'-]", " ", name.casefold()).split() if w not in _TITLES]


@dataclass(frozen=True)
class PersonMatch:
    """A typed person after looking at the register: the name always as typed; the
    organisation's id only when exactly one organisation fits."""

    name: str
    organisation_id: str = ""
    organisation: str = ""
    note: str = ""


def match_person(person: TypedPerson, owners: Sequence[Owner]) -> PersonMatch:
    """Link a typed person to the register without inventing anybody.

    With a bracketed organisation, that organisation is looked up alone. Without one, a
    register person whose full name is the typed name (titles aside) gives the organisation;
    failing that, exactly one fitting organisation means the organisation sent apologies (or
    came) without a name. Anything else is kept as typed, and ``note`` says so.
    """
    organisations = [o for o in owners if not o.is_person and o.organisation_id]
    if person.organisation:
        found = match_owner(person.organisation, organisations)
        if found is None:
            return PersonMatch(person.name, organisation=person.organisation,
                               note=f'"{person.organisation}" is not one organisation in the '
                                    "register; kept as typed")
        return PersonMatch(person.name, found.organisation_id, found.name)
    typed = _plain_name(person.name)
    same = {(o.name, o.organisation_id) for o in owners
            if o.is_person and typed and _plain_name(o.name) == typed}
    if len(same) == 1:
        _name, organisation_id = next(iter(same))
        names = {o.organisation_id: o.name for o in organisations}
        return PersonMatch(person.name, organisation_id, names.get(organisation_id, ""))
    found = match_owner(person.name, organisations) if not same else None
    if found is not None:
        return PersonMatch("", found.organisation_id, found.name)
    why = "several people in the register have that name" if same else "not in the register"
    return PersonMatch(person.name, note=f"{why}; kept as typed")
