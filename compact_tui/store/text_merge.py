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
    return merged, overlap


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
