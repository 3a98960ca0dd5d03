"""The Compact's clock: the promises with a date on them, recorded and watched.

- ``consultations``: who consulted, for how long, and whether the results were reported back
  (commitment 2.4's 12 weeks).
- ``funding``: funding changes and the written notice given before them (commitment 4.4's six
  months for ending an agreement; the toolkit's three months before cutting or allocating).
- ``cycle``: the Compact's own cycle (its review, the annual event, the group's membership,
  each year's returns by a date the group sets).
- ``due``: one "Due and overdue" list from all of these and the other areas.

Every period comes from the content (``timescales.yaml``), never from code, so another borough
changes its numbers there. A flag carries the Compact's words it is checked against.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Flag:
    """One way a record falls short of the Compact, with the words it falls short of."""

    key: str
    text: str
    words: str
    source: str

    def line(self) -> str:
        return f"! {self.text}"
