"""Every table the app knows, so ``check`` can tell a typo or a foreign file from our own.

Add a table here when an area starts using it.
"""

from __future__ import annotations

DOMAIN_TABLES = frozenset({
    "organisations",
    "champions",
    "meetings",
    "agenda_items",
    "attendance",
    "decisions",
    "actions",
    "amendments",
    "declarations",
    "corrections",
    "disputes",
    "dispute_events",
    "self_assessments",
    "action_plans",
})
