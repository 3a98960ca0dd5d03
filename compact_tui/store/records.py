"""Records with version vectors, and the merge that never drops an edit.

Every record carries, beside its fields:

- ``_vv``: a version vector ``{replica: counter}`` saying which edits this copy has seen;
- ``_dots``: for each field, the edit that last wrote it, ``[replica, counter, stamp, member]``;
- ``_rev``, ``_updated_at`` (UTC ISO 8601) and ``_updated_by`` for people and history;
- ``_deleted``: ``False``, or the version vector at the moment of deletion (a tombstone);
- ``_text``: for long text fields, the text's edit history as a CRDT (``text_merge.py``).

With those, two copies of a record can be merged without a common ancestor: a field written on
one side only (the other side has already seen, or never had, that edit) takes the newer write;
a field written on both sides without either seeing the other is a clash, won by the later
hybrid-clock stamp (replica id breaks ties) with the loser kept in ``_conflicts``; a long text
field written on both sides keeps both sides' words instead, and only edits that overlap are
also kept in ``_conflicts`` for a person to read. The same
merge serves the last-read-versus-disk case, conflict copies left by sync services, and the
journal replay, and it gives the same result whichever side is "ours": every machine that
merges the same versions reaches the same data.

A deletion only wins over edits it had seen: an edit made concurrently with a delete keeps the
record alive, and the clash is recorded for a person to settle.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from .clock import parse_stamp, stamp_key
from .errors import StoreShapeError
from .text_merge import TEXT_KEY, TextDocs, is_text_field, merge_text, text_states

MANAGED_KEYS = frozenset({"_rev", "_updated_at", "_updated_by", "_vv", "_dots", TEXT_KEY})
DELETED = "_deleted"
CONFLICTS_TABLE = "_conflicts"
MERGE_REPLICA = "merge"
MERGE_AUTHOR = "compact-tui"
_ABSENT = object()
_CONFLICT_NAMESPACE = uuid.UUID("6f1c1d0e-4b55-4a8e-9d7c-1c0a2f6b7e21")

Dot = list[Any]  # [replica, counter, stamp, member]


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def stamp_to_iso(stamp: str) -> str:
    """Turn a clock stamp back into the UTC time it was made, for people to read."""
    try:
        millis, _ = parse_stamp(stamp)
    except ValueError:
        return ""
    moment = datetime.fromtimestamp(millis / 1000, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def field_items(doc: Mapping[str, Any]) -> Iterable[tuple[str, Any]]:
    """Every merged field of a record, including ``_deleted`` and unknown extras."""
    return ((k, v) for k, v in doc.items() if k not in MANAGED_KEYS)


def public_view(doc_id: str, doc: Mapping[str, Any]) -> dict[str, Any]:
    """What callers see: the fields plus ``id`` and the people-facing metadata."""
    view = {k: v for k, v in doc.items() if k not in MANAGED_KEYS and k != DELETED}
    view["id"] = doc_id
    view["_rev"] = doc.get("_rev", 0)
    view["_updated_at"] = doc.get("_updated_at", "")
    view["_updated_by"] = doc.get("_updated_by", "")
    return view


def knows(vv: Mapping[str, int], dot: Dot | None) -> bool:
    """Has a copy with version vector ``vv`` already seen the edit ``dot``?"""
    return dot is None or vv.get(dot[0], 0) >= dot[1]


def is_live(doc: Mapping[str, Any]) -> bool:
    """A tombstone hides a record only if the deletion had seen every edit to it."""
    context = doc.get(DELETED)
    if not context:
        return True
    if not isinstance(context, Mapping):
        return False
    dots = doc.get("_dots", {})
    return any(not knows(context, dot) for field, dot in dots.items() if field != DELETED)


def new_record(fields: Mapping[str, Any], replica: str, counter: int, stamp: str,
               member: str) -> dict[str, Any]:
    dot = [replica, counter, stamp, member]
    doc: dict[str, Any] = dict(fields)
    doc[DELETED] = False
    doc["_dots"] = {name: dot for name in doc}
    doc["_vv"] = {replica: counter}
    doc["_rev"] = 1
    doc["_updated_at"] = utc_now_iso()
    doc["_updated_by"] = member
    return doc


def edit_record(doc: Mapping[str, Any], fields: Mapping[str, Any], replica: str, stamp: str,
                member: str, *, table: str = "", texts: TextDocs | None = None,
                removed: Iterable[str] = (),
                given_states: Mapping[str, str] | None = None) -> tuple[dict[str, Any], list[str]]:
    """Apply changed fields as one edit; returns the new record and the fields that changed.

    A long text field of ``table`` also records the edit in its text history, so a
    concurrent edit elsewhere merges with it character by character. A ``removed`` field
    loses its value but keeps its dot (a field tombstone), so merging with a copy that still
    holds the old value keeps it removed. ``given_states``: text fields whose new history
    the caller made (a merge's separators), taken as they are.
    """
    changed = [k for k, v in fields.items() if k not in MANAGED_KEYS and doc.get(k, _ABSENT) != v]
    gone = [k for k in removed if k in doc and k not in MANAGED_KEYS and k != DELETED
            and k not in fields]
    if not changed and not gone:
        return dict(doc), []
    vv = dict(doc.get("_vv", {}))
    counter = vv.get(replica, 0) + 1
    vv[replica] = counter
    dot = [replica, counter, stamp, member]
    updated = dict(doc)
    dots = dict(doc.get("_dots", {}))
    for key in changed:
        updated[key] = fields[key]
        dots[key] = dot
    for key in gone:
        del updated[key]
        dots[key] = dot
    if gone and TEXT_KEY in updated:
        updated[TEXT_KEY] = {k: v for k, v in text_states(updated).items() if k not in gone}
    edited_texts = [key for key in changed if is_text_field(table, key)
                    and isinstance(fields[key], str) and isinstance(doc.get(key, ""), str)]
    if edited_texts:
        states = text_states(doc)
        texts = texts or TextDocs(replica)
        for key in edited_texts:
            given = (given_states or {}).get(key)
            states[key] = given if given is not None else texts.edit(
                doc.get(key) or "", states.get(key), fields[key])
        updated[TEXT_KEY] = states
    updated["_dots"] = dots
    updated["_vv"] = vv
    updated["_rev"] = int(doc.get("_rev", 0)) + 1
    updated["_updated_at"] = utc_now_iso()
    updated["_updated_by"] = member
    return updated, changed + gone


def delete_record(doc: Mapping[str, Any], replica: str, stamp: str,
                  member: str) -> dict[str, Any]:
    """A tombstone remembers what it had seen, so it cannot erase an unseen edit."""
    context = dict(doc.get("_vv", {}))
    updated, _ = edit_record(doc, {DELETED: context}, replica, stamp, member)
    return updated


@dataclass(frozen=True)
class Clash:
    """Two concurrent writes to one field: the winner stays, the loser is kept here."""

    table: str
    record_id: str
    field: str
    kept_value: Any
    kept_dot: Dot | None
    lost_value: Any
    lost_dot: Dot | None

    @property
    def conflict_id(self) -> str:
        """Stable across machines, so two machines recording one clash make one record."""
        lost = self.lost_dot or ["", 0, "", ""]
        key = f"{self.table}\x1f{self.record_id}\x1f{self.field}\x1f{lost[0]}\x1f{lost[1]}"
        return str(uuid.uuid5(_CONFLICT_NAMESPACE, key))

    def as_record(self) -> dict[str, Any]:
        """The ``_conflicts`` row, stamped by the merge itself so every machine writes it alike."""
        kept, lost = self.kept_dot or ["", 0, "", ""], self.lost_dot or ["", 0, "", ""]
        fields = {
            "table": self.table,
            "record_id": self.record_id,
            "field": self.field,
            "kept_value": _plain(self.kept_value),
            "kept_by": kept[3] if len(kept) > 3 else "",
            "kept_at": stamp_to_iso(kept[2]),
            "lost_value": _plain(self.lost_value),
            "lost_by": lost[3] if len(lost) > 3 else "",
            "lost_at": stamp_to_iso(lost[2]),
            "settled": False,
        }
        stamp = max(kept[2], lost[2], key=stamp_key)
        dot = [MERGE_REPLICA, 0, stamp, MERGE_AUTHOR]
        doc = dict(fields)
        doc[DELETED] = False
        doc["_dots"] = {name: dot for name in doc}
        doc["_vv"] = {}
        doc["_rev"] = 1
        doc["_updated_at"] = stamp_to_iso(stamp)
        doc["_updated_by"] = MERGE_AUTHOR
        return doc


def _plain(value: Any) -> Any:
    return None if value is _ABSENT else value


def _order_key(dot: Dot | None, value: Any) -> tuple[Any, ...]:
    """Total order for picking a winner: clock stamp, then replica, then the value itself."""
    if dot is None:
        return ((-1, -1), "", 0, orjson.dumps(_plain(value), option=orjson.OPT_SORT_KEYS))
    return (stamp_key(dot[2]), dot[0], dot[1],
            orjson.dumps(_plain(value), option=orjson.OPT_SORT_KEYS))


def _is_merge_dot(dot: Dot | None) -> bool:
    return dot is not None and dot[0] == MERGE_REPLICA


def merge_records(table: str, record_id: str, a: Mapping[str, Any],
                  b: Mapping[str, Any]) -> tuple[dict[str, Any], list[Clash]]:
    """Merge two copies of one record; the result does not depend on which is ``a``."""
    vv_a, vv_b = a.get("_vv", {}), b.get("_vv", {})
    if (vv_a == vv_b and a.get("_dots") == b.get("_dots")
            and all(b.get(k, _ABSENT) == v for k, v in field_items(a))
            and all(k in a for k, _ in field_items(b))):
        return a, []  # type: ignore[return-value]  # records are never changed in place
    # Same version information but other values: a tool that does not stamp its edits (a
    # plain TinyDB script's update) changed a field. Nothing says which value is newer, so
    # each such field is a clash below (long text: merged as text), never a silent loss.
    dots_a, dots_b = a.get("_dots", {}), b.get("_dots", {})
    states_a, states_b = text_states(a), text_states(b)
    merged: dict[str, Any] = {}
    merged_dots: dict[str, Dot] = {}
    merged_states: dict[str, str] = {}
    clashes: list[Clash] = []
    names = [k for k, _ in field_items(a)]
    names += [k for k, _ in field_items(b) if k not in a]
    # A removed field has a dot and no value: its removal must meet the value it removed.
    names += sorted(k for k in {*dots_a, *dots_b} if k not in a and k not in b)
    for name in names:
        value_a, value_b = a.get(name, _ABSENT), b.get(name, _ABSENT)
        dot_a, dot_b = dots_a.get(name), dots_b.get(name)
        state_a, state_b = states_a.get(name), states_b.get(name)
        chosen_state = state_a
        if dot_a == dot_b and value_a == value_b:
            chosen_value, chosen_dot = value_a, dot_a
        else:
            a_knows_b, b_knows_a = knows(vv_a, dot_b), knows(vv_b, dot_a)
            if dot_a == dot_b:
                a_knows_b = b_knows_a = False
            if a_knows_b and not b_knows_a:
                chosen_value, chosen_dot = value_a, dot_a
            elif b_knows_a and not a_knows_b:
                chosen_value, chosen_dot, chosen_state = value_b, dot_b, state_b
            else:
                a_wins = _order_key(dot_a, value_a) >= _order_key(dot_b, value_b)
                chosen_value, chosen_dot = (value_a, dot_a) if a_wins else (value_b, dot_b)
                lost_value, lost_dot = (value_b, dot_b) if a_wins else (value_a, dot_a)
                chosen_state = state_a if a_wins else state_b
                concurrent = not (a_knows_b and b_knows_a)
                overlap = True
                if (concurrent and isinstance(state_a, str) and isinstance(state_b, str)
                        and isinstance(value_a, str) and isinstance(value_b, str)
                        and is_text_field(table, name)):
                    chosen_value, chosen_state, overlap = merge_text(
                        value_a, state_a, value_b, state_b)
                if (concurrent and overlap and value_a != value_b and name != DELETED
                        and not table.startswith("_")
                        and not _is_merge_dot(dot_a) and not _is_merge_dot(dot_b)):
                    clashes.append(Clash(table, record_id, name, _plain(chosen_value),
                                         chosen_dot, lost_value, lost_dot))
        if chosen_value is not _ABSENT:
            merged[name] = chosen_value
        if chosen_dot is not None:
            merged_dots[name] = chosen_dot
        if isinstance(chosen_state, str):
            merged_states[name] = chosen_state
    merged["_dots"] = merged_dots
    if merged_states:
        merged[TEXT_KEY] = merged_states
    merged["_vv"] = {r: max(vv_a.get(r, 0), vv_b.get(r, 0)) for r in {*vv_a, *vv_b}}
    merged["_rev"] = max(int(a.get("_rev", 0)), int(b.get("_rev", 0)))
    newest = max((a, b), key=lambda d: (stamp_key(newest_stamp(d)), d.get("_updated_by", "")))
    merged["_updated_at"] = newest.get("_updated_at", "")
    merged["_updated_by"] = newest.get("_updated_by", "")
    deletion_clash = _deletion_clash(table, record_id, a, b, merged)
    if deletion_clash and not table.startswith("_"):
        clashes.append(deletion_clash)
    return merged, clashes


def newest_stamp(doc: Mapping[str, Any]) -> str:
    """The latest clock stamp of any field of a record (compared as numbers)."""
    return max((dot[2] for dot in doc.get("_dots", {}).values()), default="", key=stamp_key)


def _deletion_clash(table: str, record_id: str, a: Mapping[str, Any], b: Mapping[str, Any],
                    merged: Mapping[str, Any]) -> Clash | None:
    """A delete that met an unseen edit leaves the record alive; say so once."""
    if not merged.get(DELETED) or not is_live(merged):
        return None
    for deleter, editor in ((a, b), (b, a)):
        if deleter.get(DELETED) and is_live(editor) and not editor.get(DELETED):
            return Clash(table, record_id, DELETED, "kept (edited elsewhere)",
                         None, "deleted", merged["_dots"].get(DELETED))
    return None


@dataclass
class MergeResult:
    """The merged store, the clashes found, and which records each side lacked."""

    data: dict[str, dict[str, Any]]
    clashes: list[Clash]
    new_to_a: list[tuple[str, str]]
    new_to_b: list[tuple[str, str]]


def merge_databases(a: Mapping[str, Mapping[str, Any]],
                    b: Mapping[str, Mapping[str, Any]],
                    validate: Callable[[Mapping[str, Any]], str] | None = None) -> MergeResult:
    """Merge two whole stores table by table and record by record; clashes are recorded.

    ``validate`` checks each record of ``b`` that differs from ``a`` before it is merged (a
    non-empty answer raises ``StoreShapeError``): reading a changed file then costs a check of
    what changed, not of all 3 MB.
    """
    merged: dict[str, dict[str, Any]] = {}
    clashes: list[Clash] = []
    new_to_a: list[tuple[str, str]] = []
    new_to_b: list[tuple[str, str]] = []
    for table in sorted({*a, *b}):
        table_a, table_b = a.get(table, {}), b.get(table, {})
        out: dict[str, Any] = {}
        for record_id in [*table_a, *(k for k in table_b if k not in table_a)]:
            doc_a, doc_b = table_a.get(record_id), table_b.get(record_id)
            if doc_a is doc_b or doc_a == doc_b:
                out[record_id] = doc_a
                continue
            if validate is not None and doc_b is not None:
                problem = validate(doc_b)
                if problem:
                    raise StoreShapeError(f'record "{record_id}" in table "{table}": {problem}')
            if doc_a is None:
                out[record_id] = doc_b
                new_to_a.append((table, record_id))
            elif doc_b is None:
                out[record_id] = doc_a
                new_to_b.append((table, record_id))
            else:
                doc, found = merge_records(table, record_id, doc_a, doc_b)
                if doc is not doc_a and doc == doc_a:
                    doc = doc_a  # keep the object, so cached encodings stay valid
                out[record_id] = doc
                clashes.extend(found)
                if doc != doc_a:
                    new_to_a.append((table, record_id))
                if doc != doc_b:
                    new_to_b.append((table, record_id))
        merged[table] = out
    before = dict(merged.get(CONFLICTS_TABLE, {}))
    record_clashes(merged, clashes)
    for conflict_id, row in merged.get(CONFLICTS_TABLE, {}).items():
        if before.get(conflict_id) is not row:
            if a.get(CONFLICTS_TABLE, {}).get(conflict_id) != row:
                new_to_a.append((CONFLICTS_TABLE, conflict_id))
            if b.get(CONFLICTS_TABLE, {}).get(conflict_id) != row:
                new_to_b.append((CONFLICTS_TABLE, conflict_id))
    return MergeResult(merged, clashes, new_to_a, new_to_b)


def record_clashes(data: dict[str, dict[str, Any]], clashes: Iterable[Clash]) -> None:
    """Write each clash into ``_conflicts``, merging with any copy of it already there."""
    table = data.setdefault(CONFLICTS_TABLE, {})
    for clash in clashes:
        row = clash.as_record()
        existing = table.get(clash.conflict_id)
        if existing is None:
            table[clash.conflict_id] = row
        else:
            table[clash.conflict_id], _ = merge_records(
                CONFLICTS_TABLE, clash.conflict_id, existing, row)
