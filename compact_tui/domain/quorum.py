"""The group's quorum rule: a domain rule whose numbers a member may set in their settings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class QuorumRule:
    """At least N signatory organisations present, and (optionally) both sectors."""

    min_organisations: int = 4
    both_sectors: bool = True
