"""Long text fields merge as text: two members typing into one item both keep their words.

Each long text field (minutes, notes, dispute text, reviewer comments) carries beside its
plain value a Yjs document (pycrdt's ``Text``) in the record's ``_text`` map, base64 of the
document's full state. Every edit is applied to that document as the characters it inserts
and deletes, under this replica's client id; merging two copies of the record is the union of
their documents, which Yjs guarantees converges to the same text on every machine whatever the
order in which copies meet (docs/text-merge.md says why a CRDT rather than a three-way merge).

The plain value stays the field's truth for every reader (exports, check, plain TinyDB): a
value whose document says otherwise (written by a tool that does not know ``_text``) is taken
as an edit on top of the document, made under a client id derived from the value itself, so
every machine repairs it identically.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections import OrderedDict
from collections.abc import Mapping
from difflib import SequenceMatcher
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pycrdt import Doc, Text

TEXT_KEY = "_text"
_ROOT = "t"
_CLIENT_MASK = (1 << 53) - 1  # Yjs client ids are 53-bit
_MERGE_CLIENT = 1  # only reads and unions, never edits
_LONGEST_FINE_DIFF = 20_000
_CACHE_SIZE = 64

# Fields merged as text; in ``review.<item>`` style tables a prefix names them.
TEXT_FIELDS: dict[str, frozenset[str]] = {
    "agenda_items": frozenset({"minutes", "notes"}),
    "meetings": frozenset({"notes"}),
    "organisations": frozenset({"notes"}),
    "champions": frozenset({"notes"}),
    "disputes": frozenset({"what_happened", "lesson"}),
    "dispute_events": frozenset({"note", "reason", "next_step"}),
}
TEXT_PREFIXES: dict[str, tuple[str, ...]] = {
    "self_assessments": ("review.",),
    "action_plans": ("review.",),
}


@cache
def _pycrdt() -> Any:
    """pycrdt (and anyio under it) takes ~50 ms to import: only when a text is first edited
    or merged, never on the way to the first screen."""
    import pycrdt

    return pycrdt


def _new_doc(client_id: int) -> tuple[Doc[Any], Text]:
    crdt = _pycrdt()
    doc = crdt.Doc(client_id=client_id)
    return doc, doc.get(_ROOT, type=crdt.Text)


def is_text_field(table: str, name: str) -> bool:
    if name in TEXT_FIELDS.get(table, ()):
        return True
    return any(name.startswith(prefix) for prefix in TEXT_PREFIXES.get(table, ()))


def client_for(seed: str) -> int:
    """A stable client id from a seed: a replica's name, or a value every machine shares."""
    digest = hashlib.sha256(seed.encode()).digest()
    return max(2, int.from_bytes(digest[:8], "big") & _CLIENT_MASK)


# --------------------------------------------------------------------- diffs


def diff_ops(old: str, new: str) -> list[tuple[int, int, str]]:
    """The edits turning ``old`` into ``new``: (start, end, replacement) in ``old``'s indexes.

    Typing changes one place: the common prefix and suffix are cut first, so a keystroke costs
    a scan, not a full diff. Several separated changes (a merge) are found by ``difflib``.
    """
    if old == new:
        return []
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    middle_old, middle_new = old[start:end_old], new[start:end_new]
    if not middle_old or not middle_new or len(middle_old) + len(middle_new) > _LONGEST_FINE_DIFF:
        return [(start, end_old, middle_new)]
    matcher = SequenceMatcher(None, middle_old, middle_new, autojunk=False)
    return [(start + i1, start + i2, middle_new[j1:j2])
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def moved_index(index: int, shown: str, wanted: str) -> int:
    """Where a cursor at ``index`` in ``shown`` belongs once the text becomes ``wanted``:
    edits before it move it; text inserted right at it goes after it, so a member who goes
    on typing continues their own words rather than the other member's."""
    shift = 0
    for start, end, replacement in diff_ops(shown, wanted):
        if end < index or (end == index and start < end):
            shift += len(replacement) - (end - start)
        elif start < index:
            return start + shift
    return index + shift


def _apply_ops(text: Text, old: str, ops: list[tuple[int, int, str]]) -> None:
    """Apply character edits to a Yjs text, whose indexes count UTF-8 bytes."""
    for start, end, replacement in reversed(ops):
        byte_start = len(old[:start].encode())
        if end > start:
            del text[byte_start:byte_start + len(old[start:end].encode())]
        if replacement:
            text.insert(byte_start, replacement)


# ------------------------------------------------------------------ documents


def _decode(state: object) -> bytes | None:
    if not isinstance(state, str):
        return None
    try:
        return base64.b64decode(state, validate=True)
    except (binascii.Error, ValueError):
        return None


def _encode(doc: Doc[Any]) -> str:
    return base64.b64encode(doc.get_update()).decode("ascii")


def _load(state: bytes | None, client_id: int) -> tuple[Doc[Any], Text] | None:
    doc, text = _new_doc(client_id)
    if state:
        try:
            doc.apply_update(state)
        except ValueError:
            return None
    return doc, text


def _fresh(value: str) -> tuple[Doc[Any], Text]:
    """The document for a value that had none: the same bytes on every machine."""
    doc, text = _new_doc(client_for("base\x1f" + value))
    if value:
        text.insert(0, value)
    return doc, text


def state_for(value: str, state: object) -> str:
    """A state whose text is ``value``: the stored one, repaired or started where needed."""
    loaded = _load(_decode(state), _MERGE_CLIENT) if _decode(state) else None
    if loaded is None:
        return _encode(_fresh(value)[0])
    doc, text = loaded
    current = str(text)
    if current == value:
        return state  # type: ignore[return-value]  # decoded, so a str
    repair, repaired = _new_doc(client_for(f"repair\x1f{state}\x1f{value}"))
    repair.apply_update(doc.get_update())
    _apply_ops(repaired, current, diff_ops(current, value))
    return _encode(repair)


class TextDocs:
    """The documents a store is editing, kept decoded so a keystroke does not decode one."""

    def __init__(self, replica: str) -> None:
        self.client_id = client_for(replica)
        self._docs: OrderedDict[str, tuple[Doc[Any], Text]] = OrderedDict()

    def edit(self, old_value: str, state: object, new_value: str) -> str:
        """The state after this replica turns ``old_value`` into ``new_value``."""
        base = state_for(old_value, state)
        found = self._docs.pop(base, None)
        if found is None:
            found = _load(_decode(base), self.client_id)
            assert found is not None  # state_for only returns states that load
        doc, text = found
        _apply_ops(text, old_value, diff_ops(old_value, new_value))
        updated = _encode(doc)
        self._docs[updated] = found
        while len(self._docs) > _CACHE_SIZE:
            self._docs.popitem(last=False)
        return updated


# --------------------------------------------------------------------- merging


def merge_text(value_a: str, state_a: object, value_b: str,
               state_b: object) -> tuple[str, str, bool]:
    """Both copies' edits in one text: (text, state, whether their edits overlapped)."""
    full_a, full_b = state_for(value_a, state_a), state_for(value_b, state_b)
    if full_a == full_b:
        return value_a, full_a, False
    loaded = _load(_decode(full_a), _MERGE_CLIENT)
    assert loaded is not None
    doc, text = loaded
    doc.apply_update(_decode(full_b) or b"")
    merged = str(text)
    state = _encode(doc)
    if merged in (value_a, value_b):
        return merged, state, False
    return merged, state, overlapping(value_a, value_b, merged)


def three_way(base: str, ours: str, theirs: str) -> tuple[str, bool]:
    """Our edits since ``base`` and theirs, together: (text, whether they overlapped)."""
    if ours in (base, theirs):
        return theirs, False
    if theirs == base:
        return ours, False
    start = _fresh(base)[0].get_update()
    states = []
    for seed, version in (("ours", ours), ("theirs", theirs)):
        doc, text = _new_doc(client_for(f"{seed}\x1f{base}"))
        doc.apply_update(start)
        _apply_ops(text, base, diff_ops(base, version))
        states.append(_encode(doc))
    merged, _, overlap = merge_text(ours, states[0], theirs, states[1])
    return separated(merged, states[0], states[1]), overlap


def overlapping(a: str, b: str, merged: str) -> bool:
    """Did the two sides change the same place, with at least one of them removing text?

    Seen from the merged text: what ``b`` changed is where ``a`` differs from it, and the other
    way round. Two insertions at one place (both members adding a sentence at the end) merge
    cleanly; an insertion into, or beside, text the other removed is a clash for a person.
    """
    changes_by_b = _changed_spans(a, merged)
    changes_by_a = _changed_spans(b, merged)
    for start_b, end_b, removed_b in changes_by_b:
        for start_a, end_a, removed_a in changes_by_a:
            if (removed_a or removed_b) and start_a <= end_b and start_b <= end_a:
                return True
    return False


def _changed_spans(side: str, merged: str) -> list[tuple[int, int, bool]]:
    """Spans of ``merged`` (start, end, removed something) where it differs from ``side``."""
    spans = []
    offset = 0
    for start, end, replacement in diff_ops(side, merged):
        position = start + offset
        spans.append((position, position + len(replacement), end > start))
        offset += len(replacement) - (end - start)
    return spans


def text_states(doc: Mapping[str, object]) -> dict[str, str]:
    states = doc.get(TEXT_KEY)
    return dict(states) if isinstance(states, Mapping) else {}


# ------------------------------------------------------------ separating runs


def separated(merged: str, state_ours: object, state_theirs: object) -> str:
    """A screen's edit merged into newer text (``three_way``): ``merged`` with a separator
    wherever the screen's words and the words that arrived meanwhile, typed at one place,
    came out side by side (see ``_joins``). Only this member makes this merge, so the
    separator is simply part of their edit."""
    found = _runs_met(state_ours, state_theirs)
    if found is None or str(found[1]) != merged:
        return merged
    encoded = merged.encode()
    for end, separator in _joins(*found[2:]):
        encoded = encoded[:end] + separator.encode() + encoded[end:]
    return encoded.decode()


def separate_state(merged: str, state_ours: object,
                   state_theirs: object) -> tuple[str, str] | None:
    """Two copies of a field merged by a store into ``merged`` (their union): where runs of
    the two, typed at one place, came out side by side, the text and state with a separator
    item between them; None when no runs met.

    Several machines can find the same join (both apps merge each other's save), so each
    separator is an insert by a client named after the two characters it stands between
    and the separator itself: every machine makes the very same item, which Yjs holds once.
    Those clients are above every replica's and value's id (hashes below 2**53, which land
    up here once in two million): of two inserts after one character Yjs puts the higher
    client second, so a member typing on after their own words types before the separator.
    A machine that met the runs when one had grown makes a second separator; the second of
    two that meet is removed (``_drop_doubled_separators``).
    """
    found = _runs_met(state_ours, state_theirs)
    if found is None or str(found[1]) != merged:
        return None
    doc, text, added_by_ours, added_by_theirs = found
    joins = _joins(added_by_ours, added_by_theirs)
    if not joins:
        return None
    crdt = _pycrdt()
    for end, separator in joins:
        left = text.sticky_index(end - 1, crdt.Assoc.AFTER).to_json()["item"]
        right = text.sticky_index(end, crdt.Assoc.AFTER).to_json()["item"]
        seed = f"join\x1f{left}\x1f{right}\x1f{separator}"
        joined, joined_text = _new_doc(_SEPARATOR_CLIENTS + (client_for(seed) & _LOW_32))
        joined.apply_update(doc.get_update())
        joined_text.insert(end, separator)
        doc, text = joined, joined_text
    _drop_doubled_separators(text)
    return str(text), _encode(doc)


def undoubled_state(value: str, state: object) -> tuple[str, str] | None:
    """The text and state without separators doubled by two machines' merges, or None."""
    if not _maybe_doubled(value):
        return None
    loaded = _load(_decode(state), _MERGE_CLIENT)
    if loaded is None or str(loaded[1]) != value:
        return None
    _drop_doubled_separators(loaded[1])
    text = str(loaded[1])
    return (text, _encode(loaded[0])) if text != value else None


def _maybe_doubled(value: str) -> bool:
    return any(pair in value for pair in ("  ", "\n\n", " \n", "\n "))


_SEPARATOR_CLIENTS = (1 << 53) - (1 << 32)
_LOW_32 = (1 << 32) - 1


def _runs_met(state_ours: object, state_theirs: object) -> tuple[
        Doc[Any], Text, list[tuple[int, str]], list[tuple[int, str]]] | None:
    """The union of two states, with what each side inserted that the other lacked."""
    bytes_ours, bytes_theirs = _decode(state_ours) or b"", _decode(state_theirs) or b""
    union, theirs_side = _load(bytes_theirs, _MERGE_CLIENT), _load(bytes_ours, _MERGE_CLIENT)
    if union is None or theirs_side is None:
        return None
    added_by_ours = _inserted_spans(*union, bytes_ours)
    added_by_theirs = _inserted_spans(*theirs_side, bytes_theirs)
    if not added_by_ours or not added_by_theirs:
        return None
    return union[0], union[1], added_by_ours, added_by_theirs


def _joins(added_a: list[tuple[int, str]],
           added_b: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Where a run one side inserted ends right where a run the other side inserted starts,
    both with a visible character at the join: (byte offset, separator), last first. The
    separator is a line break when either run holds one, else a space."""
    joins: list[tuple[int, str]] = []
    for left_runs, right_runs in ((added_a, added_b), (added_b, added_a)):
        starts = dict(right_runs)
        for start, run in left_runs:
            end = start + len(run.encode())
            following = starts.get(end)
            if following and not run[-1].isspace() and not following[0].isspace():
                joins.append((end, "\n" if "\n" in run + following else " "))
    return sorted(joins, reverse=True)


def _drop_doubled_separators(text: Text) -> None:
    """A separator straight after another separator goes (the same on every machine: Yjs
    orders items alike everywhere, and deleting one item twice is deleting it once)."""
    value = str(text)
    if not _maybe_doubled(value):
        return
    crdt = _pycrdt()

    def is_separator(offset: int) -> bool:
        item = text.sticky_index(offset, crdt.Assoc.AFTER).to_json()["item"]
        return int(item["client"]) >= _SEPARATOR_CLIENTS

    doubled: list[int] = []
    offset = 0
    for char, following in pairwise(value):
        offset += len(char.encode())
        if (char in " \n" and following in " \n" and is_separator(offset)
                and is_separator(offset - 1)):
            doubled.append(offset)
    for offset in reversed(doubled):
        del text[offset:offset + 1]


def _inserted_spans(doc: Doc[Any], text: Text, update: bytes) -> list[tuple[int, str]]:
    """Apply ``update`` to ``doc``; return what it inserted as Yjs reports it (no diff
    guessing): (byte offset in the merged text, the inserted string). An insert beside text
    the update deleted is left out: it replaced words rather than met another run."""
    deltas: list[list[dict[str, Any]]] = []
    # TextEvent declares ``delta`` in __slots__ only, which type checkers do not see.
    subscription = text.observe(
        lambda event: deltas.append(list(event.delta)))  # type: ignore[attr-defined]
    doc.apply_update(update)
    text.unobserve(subscription)
    spans: list[tuple[int, str]] = []
    if len(deltas) != 1:  # one update is one transaction: one event, or none if it adds nothing
        return spans
    ops = deltas[0]
    position = 0
    for index, op in enumerate(ops):
        if "retain" in op:
            position += int(op["retain"])
        elif "insert" in op:
            inserted = str(op["insert"])
            beside = ops[max(0, index - 1):index] + ops[index + 1:index + 2]
            if inserted and not any("delete" in other for other in beside):
                spans.append((position, inserted))
            position += len(inserted.encode())
    return spans
