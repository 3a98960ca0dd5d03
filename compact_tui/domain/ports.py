"""What the domain needs from a record store, written down as a type.

Every service takes a ``RecordPort`` rather than the store itself: the domain stays plain
Python that imports nothing of the store, tests may hand it any object with these methods, and
mypy checks that the real ``Store`` keeps providing them.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any, Protocol

Record = dict[str, Any]


class TextEditResult(Protocol):
    """What a long text field holds after an edit was merged into it."""

    @property
    def text(self) -> str: ...

    @property
    def overlapped(self) -> bool: ...


class RecordPort(Protocol):
    """Live records by table: plain dicts with an ``id``; deleted records are not returned."""

    @property
    def member(self) -> str:
        """Who is making the edits (their name is recorded with each change)."""
        ...

    def get(self, table: str, record_id: str) -> Record | None: ...

    def all(self, table: str) -> list[Record]: ...

    def where(self, table: str, **equals: Any) -> list[Record]: ...

    def insert(self, table: str, fields: Mapping[str, Any]) -> str: ...

    def update(self, table: str, record_id: str, fields: Mapping[str, Any]) -> list[str]: ...

    def edit_text(self, table: str, record_id: str, field: str, base: str,
                  text: str) -> TextEditResult: ...

    def delete(self, table: str, record_id: str) -> None: ...

    def transaction(self) -> AbstractContextManager[object]: ...

    def history(self, table: str, record_id: str) -> list[Record]: ...

    def damaged(self) -> list[tuple[str, str]]:
        """(table, id) of live records that do not fit their table's schema."""
        ...

    def raw_where(self, table: str, **equals: Any) -> list[Record]:
        """Records as stored, deleted ones and their edit counts (``_vv``) included."""
        ...
