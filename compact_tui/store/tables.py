"""The records part of the store: tables in memory, edits, history, conflicts, the journal.

Everything here works on memory and the local journal only; writing the shared file is the
sync part's job (``sync.py``), and deciding when is the background loop's (``background.py``).
The sync part reaches in to swap merged data in under ``lock``, which is why ``data``,
``lock``, ``dirty`` and ``edited_during_merge`` are shared attributes rather than private ones.

Why one module of ~540 lines: every change to the tables (insert, update, delete, the indexes
by foreign key, history, conflicts, the journal entry) happens under one lock in one order;
splitting it would spread that order over modules that must then share the lock's rules.
"""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import orjson
from tinydb import TinyDB
from tinydb.queries import QueryLike
from tinydb.storages import Storage
from tinydb.table import Table

from .clock import HybridClock
from .errors import ReadOnlyStoreError, StoreError, UnknownRecordError
from .files import RecordEncoder
from .journal import Journal
from .records import (
    CONFLICTS_TABLE,
    DELETED,
    MERGE_REPLICA,
    Clash,
    delete_record,
    edit_record,
    is_live,
    new_record,
    public_view,
    record_clashes,
)
from .schedule import SaveSchedule
from .status import StoreHealth
from .text_merge import (
    TextDocs,
    is_text_field,
    separate_state,
    text_states,
    three_way,
    undoubled_state,
)

if TYPE_CHECKING:
    from .backups import RestoreEdit

SCHEMA_VERSION = 1
META_TABLE = "_meta"
META_ID = "schema"
HISTORY_TABLE = "_history"
HISTORY_COALESCE_SECONDS = 120

Data = dict[str, dict[str, Any]]
JournalEntry = tuple[str, str, dict[str, Any]]


@dataclass(frozen=True)
class TextEdit:
    """What a text field holds after a screen's edit, and whether it met another's edit."""

    text: str
    overlapped: bool


class _Transaction:
    """What one thread's open transaction has done: to journal at the end, or to undo."""

    def __init__(self) -> None:
        self.entries: list[JournalEntry] = []
        self.undo: list[tuple[str, str, dict[str, Any] | None]] = []


class StrIdTable(Table):
    """TinyDB table whose document ids are UUID strings, so machines never hand out the same."""

    document_id_class = str  # type: ignore[assignment]  # TinyDB types ids as int only


class _MemoryStorage(Storage):
    """TinyDB storage over the tables in memory; the store decides when to touch disk."""

    def __init__(self, owner: RecordTables) -> None:
        self._owner = owner

    def read(self) -> Data:
        return self._owner.data

    def write(self, data: Data) -> None:
        raise ReadOnlyStoreError("write through Store.insert/update/delete, not TinyDB")


class _TinyDB(TinyDB):
    table_class = StrIdTable


class RecordTables:
    """In-memory records with the port's API: get/all/where/search, insert/update/delete."""

    def __init__(self, *, file_name: str, member: str, replica: str, clock: HybridClock,
                 journal: Journal, health: StoreHealth, schedule: SaveSchedule,
                 read_only: bool) -> None:
        self.file_name = file_name
        self.member = member
        self.replica = replica
        self.clock = clock
        self.journal = journal
        self.health = health
        self.schedule = schedule
        self.read_only = read_only
        self._indexes = ForeignKeyIndexes()
        self._damage = DamageIndex()
        self.generation = 0  # counts changes: screens skip re-reading when nothing changed
        self.data: Data = {}
        self.lock = threading.RLock()
        self.dirty = False
        self.encoder = RecordEncoder()
        self.edited_during_merge: list[tuple[str, str]] | None = None
        self._transaction = threading.local()  # this thread's open transaction, if any
        self._conflicts_cache: list[dict[str, Any]] | None = None
        self._last_history: tuple[str, str, str, float] | None = None
        self._texts = TextDocs(replica)
        self._db = _TinyDB(storage=_MemoryStorage, owner=self)

    @property
    def data(self) -> Data:
        return self._data

    @data.setter
    def data(self, value: Data) -> None:
        """Swapped whole (loading, merging, restoring): the indexes are rebuilt on demand."""
        self._data = value
        self._indexes.clear()
        self._damage.clear()
        self.generation += 1

    # ------------------------------------------------------------------ reading

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        with self.lock:
            doc = self.data.get(table, {}).get(record_id)
            if doc is None or not is_live(doc):
                return None
            return public_view(record_id, doc)

    def all(self, table: str) -> list[dict[str, Any]]:
        with self.lock:
            return [public_view(record_id, doc)
                    for record_id, doc in self.data.get(table, {}).items() if is_live(doc)]

    def where(self, table: str, **equals: Any) -> list[dict[str, Any]]:
        """Live records whose fields equal the given values, e.g. ``where("agenda_items",
        meeting_id=m)``. A foreign key (a field named ``..._id``) is looked up in an index
        kept up to date on every change, so a screen asking per meeting, item or
        organisation never scans the whole table; other fields filter before copying."""
        with self.lock:
            rows = self._data.get(table, {})
            ids = self._indexes.lookup(rows, table, equals)
            found = rows.items() if ids is None else (
                (record_id, rows[record_id]) for record_id in ids if record_id in rows)
            return [public_view(record_id, doc) for record_id, doc in found
                    if all(doc.get(k) == v for k, v in equals.items()) and is_live(doc)]

    def search(self, table: str, condition: QueryLike) -> list[dict[str, Any]]:
        """TinyDB query over live records: ``s.search("actions", Query().status == "open")``."""
        with self.lock:
            tiny = self._db.table(table)
            tiny.clear_cache()
            return [public_view(str(doc.doc_id), doc) for doc in tiny.search(condition)
                    if is_live(doc)]

    def tables(self) -> list[str]:
        with self.lock:
            return sorted(self.data)

    def raw(self) -> Data:
        """A deep copy of everything, tombstones and clocks included (for check and export)."""
        with self.lock:
            copied: Data = orjson.loads(orjson.dumps(self.data))
            return copied

    def damaged(self) -> list[tuple[str, str]]:
        """(table, id) of every live record of the app's tables that does not fit its
        schema; each record is checked once per change, so asking every second is cheap."""
        with self.lock:
            return self._damage.damaged(self._data)

    def raw_record(self, table: str, record_id: str) -> dict[str, Any] | None:
        """One record as stored, deleted or not (for conflicts and history screens)."""
        with self.lock:
            doc = self.data.get(table, {}).get(record_id)
            return None if doc is None else dict(doc)

    def raw_where(self, table: str, **equals: Any) -> list[dict[str, Any]]:
        """Records as stored, deleted ones included, whose fields equal ``equals`` (for
        exports that must count every edit, a calendar file's SEQUENCE)."""
        with self.lock:
            return [{**doc, "id": record_id}
                    for record_id, doc in self.data.get(table, {}).items()
                    if all((record_id if k == "id" else doc.get(k)) == v
                           for k, v in equals.items())]

    # ------------------------------------------------------------------ editing

    def insert(self, table: str, fields: Mapping[str, Any]) -> str:
        self._check_edit(table, fields)
        record_id = str(uuid.uuid4())
        with self.lock:
            doc = new_record(fields, self.replica, 1, self.clock.now(), self.member)
            self._put(table, record_id, doc, list(fields))
        return record_id

    def update(self, table: str, record_id: str, fields: Mapping[str, Any]) -> list[str]:
        """Change some fields; returns the names that really changed."""
        return self._update(table, record_id, fields, wait=True)

    def _update(self, table: str, record_id: str, fields: Mapping[str, Any], *,
                wait: bool) -> list[str]:
        self._check_edit(table, fields)
        with self.lock:
            current = self.data.get(table, {}).get(record_id)
            if current is None or not is_live(current):
                raise UnknownRecordError(f'no record "{record_id}" in "{table}"')
            doc, changed = edit_record(current, fields, self.replica, self.clock.now(),
                                       self.member, table=table, texts=self._texts)
            if changed:
                self._put(table, record_id, doc, changed, wait=wait)
            return changed

    def edit_text(self, table: str, record_id: str, field: str, base: str,
                  text: str) -> TextEdit:
        """Store a screen's text edit made on ``base`` without undoing others' edits since.

        Whatever reached the field after the screen loaded ``base`` (another member's words,
        merged in from the file) stays: the screen's change is merged into it as text.
        """
        self._check_edit(table, {field: text})
        with self.lock:
            current = self.data.get(table, {}).get(record_id)
            if current is None or not is_live(current):
                raise UnknownRecordError(f'no record "{record_id}" in "{table}"')
            stored = current.get(field)
            stored = stored if isinstance(stored, str) else ""
            merged, overlap = three_way(base, text, stored)
            their_dot = current.get("_dots", {}).get(field)
            if merged != stored:
                # Typing: journalled by the writer thread, so no keystroke waits for fsync.
                self._update(table, record_id, {field: merged}, wait=False)
            if overlap:
                self.keep_both(table, record_id, field, stored, their_dot)
            return TextEdit(merged, overlap)

    def separate_runs(self, table: str, record_id: str, ours: Mapping[str, Any],
                      theirs: Mapping[str, Any]) -> None:
        """After merging another copy of a record: where words typed here and words the copy
        brought, typed at one place at the same time, came out side by side, a separator
        goes between them as an edit (``text_merge.separate_state``)."""
        if self.read_only:
            return
        with self.lock:
            doc = self.data.get(table, {}).get(record_id)
            if doc is None or not is_live(doc):
                return
            states_ours, states_theirs = text_states(ours), text_states(theirs)
            values: dict[str, Any] = {}
            states: dict[str, str] = {}
            for field in states_ours.keys() & states_theirs.keys():
                if (not is_text_field(table, field) or not isinstance(doc.get(field), str)
                        or doc.get(field) == ours.get(field)):
                    continue
                found = separate_state(doc.get(field), states_ours[field],
                                       states_theirs[field]) or undoubled_state(
                    doc.get(field), text_states(doc).get(field))
                if found is not None and found[0] != doc.get(field):
                    values[field], states[field] = found
            if values:
                updated, changed = edit_record(doc, values, self.replica, self.clock.now(),
                                               self.member, table=table, given_states=states)
                self._put(table, record_id, updated, changed, wait=False)

    def keep_both(self, table: str, record_id: str, field: str, other_value: Any,
                  other_dot: list[Any] | None) -> None:
        """Our edit replaced a value another member wrote while our screen was open (a form
        field both changed, words both rewrote): theirs goes to Conflicts beside ours."""
        with self.lock:
            doc = self.data[table][record_id]
            clash = Clash(table, record_id, field, doc.get(field),
                          doc.get("_dots", {}).get(field), other_value, other_dot)
            self._record_clash(clash)

    def _record_clash(self, clash: Clash) -> None:
        record_clashes(self.data, [clash])
        self._put(CONFLICTS_TABLE, clash.conflict_id, self.data[CONFLICTS_TABLE][
            clash.conflict_id], ["settled"])

    def delete(self, table: str, record_id: str) -> None:
        self._check_edit(table, {})
        with self.lock:
            current = self.data.get(table, {}).get(record_id)
            if current is None or not is_live(current):
                raise UnknownRecordError(f'no record "{record_id}" in "{table}"')
            doc = delete_record(current, self.replica, self.clock.now(), self.member)
            self._put(table, record_id, doc, ["deleted"])

    def restore(self, edit: RestoreEdit) -> None:
        """Set one record back to a backup's values as a new edit (``backups.restore_edits``).

        Reviving a deleted record is an edit of its ``_deleted`` field, so it goes through the
        same version vectors as any edit and every machine takes it in.
        """
        with self.lock:
            current = self.data.get(edit.table, {}).get(edit.record_id)
            if edit.action == "delete":
                self.delete(edit.table, edit.record_id)
            elif current is None:
                doc = new_record(edit.fields, self.replica, 1, self.clock.now(), self.member)
                self._put(edit.table, edit.record_id, doc, list(edit.fields))
            else:
                # A backup's values go back as they were, a newer version's fields included.
                self._check_edit(edit.table, edit.fields, typed=False)
                fields = edit.fields if edit.action == "update" else {**edit.fields,
                                                                      DELETED: False}
                doc, changed = edit_record(current, fields, self.replica, self.clock.now(),
                                           self.member, table=edit.table, texts=self._texts,
                                           removed=edit.removed)
                if changed:
                    self._put(edit.table, edit.record_id, doc, changed)

    def _check_edit(self, table: str, fields: Mapping[str, Any], *, typed: bool = True
                    ) -> None:
        """Refuse, before anything changes, an edit the file could not hold or that does not
        fit the table's schema (the app's tables only; other tables are free-form)."""
        if self.read_only:
            raise ReadOnlyStoreError(f"{self.file_name} is open read-only")
        if not table or not isinstance(table, str):
            raise StoreError("a table name must be a non-empty string")
        for name in fields:
            if not isinstance(name, str) or not name or name.startswith("_") or name == "id":
                raise StoreError(f'"{name}" cannot be a field name (reserved or empty)')
        try:
            orjson.dumps(dict(fields))
        except TypeError as error:
            raise StoreError(f"a value cannot be stored as JSON: {error}") from error
        if typed and fields:
            misfit = schema_misfit(table, fields)
            if misfit:
                raise StoreError(f'not written to "{table}": {misfit}')

    def _put(self, table: str, record_id: str, doc: dict[str, Any], changed: list[str], *,
             wait: bool = True) -> None:
        transaction = self._open_transaction()
        rows = self.data.setdefault(table, {})
        if transaction is not None:
            transaction.undo.append((table, record_id, rows.get(record_id)))
        rows[record_id] = doc
        self.touch(table, record_id)
        if self.edited_during_merge is not None:
            self.edited_during_merge.append((table, record_id))
        self._db.table(table).clear_cache()
        self.mark_dirty()
        entries = [(table, record_id, doc)]
        if not table.startswith("_"):
            entries.append(self._note_history(table, record_id, changed))
        self._journal(entries, wait=wait)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Edits made on this thread inside are kept all together or not at all.

        They are journalled as one line when the block ends (one fsync, and a crash while it
        is written leaves nothing to replay); an exception undoes them in memory. Edits other
        threads make meanwhile (a member typing) are journalled as usual. The caller keeps
        saves out while it runs (``Store.transaction`` holds the save lock).
        """
        if self._open_transaction() is not None:
            yield  # nested: the outermost block decides
            return
        transaction = _Transaction()
        self._transaction.open = transaction
        try:
            yield
        except BaseException:
            self._transaction.open = None
            self._undo(transaction)
            raise
        self._transaction.open = None
        self._journal(transaction.entries, together=True)

    def _open_transaction(self) -> _Transaction | None:
        return getattr(self._transaction, "open", None)

    def _undo(self, transaction: _Transaction) -> None:
        with self.lock:
            for table, record_id, before in reversed(transaction.undo):
                rows = self.data.setdefault(table, {})
                if before is None:
                    rows.pop(record_id, None)
                else:
                    rows[record_id] = before
                self.touch(table, record_id)
            self._last_history = None
            self._db.clear_cache()

    def _journal(self, entries: list[JournalEntry], *, wait: bool = True,
                 together: bool = False) -> None:
        """The edit goes to the local journal at once; if even that fails, say so, keep going."""
        transaction = self._open_transaction()
        if transaction is not None:
            transaction.entries.extend(entries)
            return
        try:
            self.journal.append_many(entries, wait=wait, together=together)
        except OSError as error:
            self.journal_failed(error)

    def journal_failed(self, error: OSError) -> None:
        self.health.report(
                f"Could not write the local journal ({error.strerror or error}). Your edit is "
                "held in memory and will be saved with the file; do not close the app until "
                "this message goes.")

    def mark_dirty(self) -> None:
        self.schedule.edited(first=not self.dirty)
        self.dirty = True

    def touch(self, table: str, record_id: str | None = None) -> None:
        """Tell the encoder, the indexes (and the conflicts cache) that a record changed."""
        self.encoder.touch(table, record_id)
        self._indexes.touch(self._data.get(table, {}), table, record_id)
        self._damage.touch(table, record_id)
        self.generation += 1
        if table == CONFLICTS_TABLE:
            self._conflicts_cache = None

    def clear_query_cache(self) -> None:
        self._db.clear_cache()

    def _note_history(self, table: str, record_id: str, changed: list[str]) -> JournalEntry:
        """Who changed which field when; a burst of typing in one record is one entry.

        Returns the history record for the caller to journal together with the edit.
        """
        now = time.monotonic()
        last = self._last_history
        history = self.data.setdefault(HISTORY_TABLE, {})
        stamp = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        if last and last[:2] == (table, record_id) and now - last[3] < HISTORY_COALESCE_SECONDS:
            entry = history.get(last[2])
            if entry is not None:
                fields = sorted({*entry.get("fields", []), *changed})
                doc, _ = edit_record(entry, {"fields": fields, "at": stamp}, self.replica,
                                     self.clock.now(), self.member)
                return self._keep_history(table, record_id, last[2], doc, now)
        doc = new_record({"table": table, "record_id": record_id, "fields": sorted(changed),
                          "at": stamp, "by": self.member}, self.replica, 1, self.clock.now(),
                         self.member)
        return self._keep_history(table, record_id, str(uuid.uuid4()), doc, now)

    def _keep_history(self, table: str, record_id: str, entry_id: str, doc: dict[str, Any],
                      now: float) -> JournalEntry:
        self.data[HISTORY_TABLE][entry_id] = doc
        self.touch(HISTORY_TABLE, entry_id)
        if self.edited_during_merge is not None:
            self.edited_during_merge.append((HISTORY_TABLE, entry_id))
        self._last_history = (table, record_id, entry_id, now)
        return HISTORY_TABLE, entry_id, doc

    # ------------------------------------------------------------ history, conflicts

    def history(self, table: str, record_id: str) -> list[dict[str, Any]]:
        """Who changed which fields of a record and when, newest first."""
        with self.lock:
            entries = [public_view(entry_id, doc)
                       for entry_id, doc in self.data.get(HISTORY_TABLE, {}).items()
                       if doc.get("table") == table and doc.get("record_id") == record_id]
        return sorted(entries, key=lambda e: str(e.get("at", "")), reverse=True)

    def conflicts(self, include_settled: bool = False) -> list[dict[str, Any]]:
        """Clashes between members' edits, newest first; cached until the table changes."""
        if include_settled:
            return sorted(self.all(CONFLICTS_TABLE), key=lambda r: str(r.get("lost_at", "")),
                          reverse=True)
        with self.lock:
            if self._conflicts_cache is None:
                rows = [row for row in self.all(CONFLICTS_TABLE) if not row.get("settled")]
                self._conflicts_cache = sorted(rows, key=lambda r: str(r.get("lost_at", "")),
                                               reverse=True)
            return list(self._conflicts_cache)

    def settle_conflict(self, conflict_id: str, value: Any, *,
                        keep_current: bool = False) -> None:
        """Put the chosen (or merged) value in the record and mark the clash settled.

        ``keep_current`` settles on whatever the field holds now, writing nothing to the
        record: "keep" must not put back a value someone has changed since it was shown.
        """
        with self.lock:
            row = self.get(CONFLICTS_TABLE, conflict_id)
            if row is None:
                raise UnknownRecordError(f'no conflict "{conflict_id}"')
            table, record_id, name = (_text(row.get(key)) for key in ("table", "record_id",
                                                                       "field"))
            if keep_current:
                current = self.get(table, record_id)
                value = (current or {}).get(name) if name != "_deleted" else "kept"
            elif name == "_deleted":
                if value == "deleted" and self.get(table, record_id) is not None:
                    self.delete(table, record_id)
            elif name and self.get(table, record_id) is not None:
                self.update(table, record_id, {name: value})
            self.update(CONFLICTS_TABLE, conflict_id,
                        {"settled": True, "settled_value": value, "settled_by": self.member})

    # ------------------------------------------------------------------- meta

    def ensure_meta(self) -> None:
        meta = self.data.setdefault(META_TABLE, {})
        if META_ID not in meta:
            meta[META_ID] = new_record({"schema_version": SCHEMA_VERSION, "app": "compact-tui",
                                        "store_id": str(uuid.uuid4())},
                                       self.replica, 1, self.clock.now(), self.member)
            self.touch(META_TABLE)

    def stamp_meta(self) -> None:
        """Carry our clock's high-water mark so the next reader starts past it.

        ``clock_high`` is a max-register: written with a merge dot (never bumping the version
        vector), so concurrent saves never clash over it and the larger stamp simply wins.
        """
        self.ensure_meta()
        meta = self.data[META_TABLE][META_ID]
        high = self.clock.now()
        doc = dict(meta)
        doc["clock_high"] = high
        doc["_dots"] = {**meta.get("_dots", {}), "clock_high": [MERGE_REPLICA, 0, high, ""]}
        self.data[META_TABLE][META_ID] = doc
        self.touch(META_TABLE, META_ID)

    def is_demo(self) -> bool:
        with self.lock:
            return self.data.get(META_TABLE, {}).get(META_ID, {}).get("demo") is True

    def mark_demo(self) -> None:
        self.ensure_meta()
        self.update(META_TABLE, META_ID, {"demo": True})

    def store_id(self) -> Any:
        with self.lock:
            return self.data.get(META_TABLE, {}).get(META_ID, {}).get("store_id")

    def observe_clock(self, data: Mapping[str, Mapping[str, Any]]) -> None:
        meta = data.get(META_TABLE, {}).get(META_ID, {})
        high = meta.get("clock_high") if isinstance(meta, Mapping) else None
        if isinstance(high, str):
            self.clock.observe(high)

    def observe_doc(self, doc: Mapping[str, Any]) -> None:
        for dot in doc.get("_dots", {}).values():
            if isinstance(dot, list) and len(dot) > 2 and isinstance(dot[2], str):
                self.clock.observe(dot[2])


class ForeignKeyIndexes:
    """Record ids by the value of a foreign key (``meeting_id``, ``item_id``,
    ``organisation_id``...), per table, built the first time a field is asked for and then
    kept in step by ``touch``, which every change to a record already calls (the encoder
    depends on it too). Internal tables (``_history``, ``_conflicts``...) are not indexed."""

    def __init__(self) -> None:
        # (table, field) -> value -> record ids in table order; and record id -> value
        self._ids: dict[tuple[str, str], dict[Any, dict[str, None]]] = {}
        self._values: dict[tuple[str, str], dict[str, Any]] = {}

    def clear(self) -> None:
        self._ids.clear()
        self._values.clear()

    def lookup(self, rows: dict[str, Any], table: str, equals: Mapping[str, Any]
               ) -> dict[str, None] | None:
        """The candidate ids for a query, or None when no index serves it."""
        if table.startswith("_"):
            return None
        field = next((name for name, value in equals.items()
                      if name.endswith("_id") and isinstance(value, str)), None)
        if field is None:
            return None
        key = (table, field)
        if key not in self._ids:
            self._build(rows, key)
        return self._ids[key].get(equals[field], {})

    def _build(self, rows: dict[str, Any], key: tuple[str, str]) -> None:
        ids: dict[Any, dict[str, None]] = {}
        values: dict[str, Any] = {}
        field = key[1]
        for record_id, doc in rows.items():
            value = _index_value(doc.get(field))
            ids.setdefault(value, {})[record_id] = None
            values[record_id] = value
        self._ids[key], self._values[key] = ids, values

    def touch(self, rows: dict[str, Any], table: str, record_id: str | None) -> None:
        keys = [key for key in self._ids if key[0] == table]
        for key in keys:
            if record_id is None:
                del self._ids[key], self._values[key]
                continue
            doc = rows.get(record_id)
            new = _index_value(doc.get(key[1])) if doc is not None else None
            values, ids = self._values[key], self._ids[key]
            if record_id in values:
                old = values[record_id]
                if old == new and doc is not None:
                    continue
                ids.get(old, {}).pop(record_id, None)
            if doc is None:
                values.pop(record_id, None)
                continue
            ids.setdefault(new, {})[record_id] = None
            values[record_id] = new


class DamageIndex:
    """Whether each record of the app's tables fits its schema, worked out the first time it
    is asked and again only for records that changed (``touch``, as for the foreign-key
    indexes). The store's ``_history`` is left out: it is never repaired, only shown, and the
    History screen reads it typed."""

    def __init__(self) -> None:
        self._tables: dict[str, dict[str, bool]] = {}

    def clear(self) -> None:
        self._tables.clear()

    def touch(self, table: str, record_id: str | None) -> None:
        known = self._tables.get(table)
        if known is None:
            return
        if record_id is None:
            del self._tables[table]
        else:
            known.pop(record_id, None)

    def damaged(self, data: Data) -> list[tuple[str, str]]:
        from ..domain.schemas import TABLE_SCHEMAS, record_problems

        found = []
        for table in TABLE_SCHEMAS:
            if table == HISTORY_TABLE:
                continue
            known = self._tables.setdefault(table, {})
            for record_id, doc in data.get(table, {}).items():
                bad = known.get(record_id)
                if bad is None:
                    bad = known[record_id] = is_live(doc) and bool(record_problems(table, doc))
                if bad:
                    found.append((table, record_id))
        return found


def schema_misfit(table: str, fields: Mapping[str, Any]) -> str:
    """Why fields written to one of the app's tables do not fit its schema ("" when they do).

    A field the schema does not know is written: a newer version of the app may have added
    it, and what an app does not understand it keeps. The schemas are the domain's
    (``domain/schemas.py``), imported at the first write, so opening a store to read stays
    light.
    """
    from ..domain.schemas import TABLE_SCHEMAS, field_problem

    schema = TABLE_SCHEMAS.get(table)
    if schema is None or table.startswith("_"):
        return ""
    for name, value in fields.items():
        problem = field_problem(schema, name, value)
        if problem is not None:
            return f'"{name}" {problem.problem}'
    return ""


def _text(value: Any) -> str:
    """A damaged conflict row names no record: settling it only marks it settled."""
    return value if isinstance(value, str) else ""


def _index_value(value: Any) -> Any:
    """Keys of a dict must hash: a damaged record's list or mapping is indexed by its text
    (a query for an id, which is text, never matches it, as a scan would not)."""
    return value if isinstance(value, str | int | float | bool | None) else repr(value)

