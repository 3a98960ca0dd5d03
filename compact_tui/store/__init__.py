"""The store: the only code that touches the data file.

Public scripting API::

    from compact_tui.store import open_store
    with open_store("compact.json", member="Jane Smith") as s:
        org_id = s.insert("organisations", {"name": "Brentwood CVS"})
        s.update("organisations", org_id, {"status": "active"})
        s.get("organisations", org_id)   # dict, or None once deleted
        s.all("organisations")           # live records only
        s.delete("organisations", org_id)
        s.save()                         # closing saves too
"""

from .core import Store, device_id, open_store
from .errors import (
    ReadOnlyStoreError,
    StoreError,
    StoreShapeError,
    UnknownRecordError,
    UnreadableStoreError,
)
from .events import RecordChange, StoreEvent
from .status import StoreStatus

__all__ = [
    "ReadOnlyStoreError",
    "RecordChange",
    "Store",
    "StoreError",
    "StoreEvent",
    "StoreShapeError",
    "StoreStatus",
    "UnknownRecordError",
    "UnreadableStoreError",
    "device_id",
    "open_store",
]
