"""Reading what a person types about an organisation or a champion.

Everything typed (the forms, a CSV row) goes through ``organisation_from_text`` and
``champion_from_text``, so the screen and the import refuse the same mistakes with the same words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .dates import DateInputError, iso, parse_date
from .register_model import (
    SECTORS,
    STATUSES,
    Champion,
    FieldProblem,
    Organisation,
    RegisterError,
    normalise_name,
)

# Words people type for a sector that are not its label (matched after normalising).
_SECTOR_WORDS = {
    "nhs": "health", "health": "health", "ccg": "health", "icb": "health",
    "local authority": "council", "borough council": "council", "county council": "council",
    "parish council": "council", "town council": "council", "fire": "fire",
    "fire service": "fire", "police": "police", "housing association": "housing",
    "public": "other_public", "public sector": "other_public", "statutory": "other_public",
    "cvs": "infrastructure", "infrastructure": "infrastructure",
    "infrastructure organisation": "infrastructure", "voluntary": "charity",
    "registered charity": "charity", "community": "community_group",
    "community organisation": "community_group", "faith": "faith",
    "faith organisation": "faith", "church": "faith", "cic": "social_enterprise",
    "business": "private", "private": "private", "company": "private",
}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")


def parse_sector(text: str) -> str:
    """A sector key from its key, its label or a common word for it ("NHS", "CVS")."""
    wanted = normalise_name(text)
    if not wanted:
        raise RegisterError("The sector is missing: choose one.")
    for key, (label, _group) in SECTORS.items():
        if wanted in (normalise_name(key), normalise_name(label)):
            return key
    if wanted in _SECTOR_WORDS:
        return _SECTOR_WORDS[wanted]
    labels = ", ".join(label for label, _group in SECTORS.values())
    raise RegisterError(f'"{text.strip()}" is not a sector we know. Use one of: {labels}.')


def parse_status(text: str) -> str:
    wanted = text.strip().casefold()
    if not wanted:
        return "active"
    for key, label in STATUSES.items():
        if wanted in (key, label.casefold()):
            return key
    raise RegisterError(f'"{text.strip()}" is not a status. Use Active, Lapsed or Withdrawn.')


def parse_yes_no(text: str) -> bool:
    wanted = text.strip().casefold()
    if wanted in ("", "no", "n", "false", "0", "x"):
        return False
    if wanted in ("yes", "y", "true", "1", "✓", "✔"):
        return True
    raise RegisterError(f'"{text.strip()}" should be Yes or No.')


def check_email(text: str, what: str = "The email address") -> str:
    value = text.strip()
    if value and not _EMAIL.fullmatch(value):
        raise RegisterError(f'{what} "{value}" does not look like an email address '
                            "(it should be like name@example.org.uk).")
    return value


ORGANISATION_TEXT_FIELDS = ("name", "sector", "status", "date_signed", "signed_by",
                            "signatory_name", "signatory_role", "address", "telephone",
                            "email", "notes", "last_confirmed")


def organisation_from_text(values: Mapping[str, str], base: Organisation | None = None
                           ) -> tuple[Organisation, list[FieldProblem]]:
    """Read typed values (keys from ``ORGANISATION_TEXT_FIELDS``; absent keys keep ``base``)."""
    org = replace(base) if base else Organisation()
    problems: list[FieldProblem] = []

    def text(key: str) -> str | None:
        value = values.get(key)
        return None if value is None else str(value).strip()

    for key in ("signed_by", "signatory_name", "signatory_role", "address", "telephone",
                "notes"):
        value = text(key)
        if value is not None:
            setattr(org, key, value)
    name = text("name")
    if name is not None:
        org.name = " ".join(name.split())
    if not org.name:
        problems.append(FieldProblem("name", "The organisation's name is missing."))
    for key, parse in (("sector", parse_sector), ("status", parse_status)):
        value = text(key)
        if value is None:
            continue
        try:
            setattr(org, key, parse(value))
        except RegisterError as error:
            problems.append(FieldProblem(key, str(error)))
    for key, label in (("date_signed", "Date signed"), ("last_confirmed", "Last confirmed")):
        value = text(key)
        if value is None:
            continue
        try:
            setattr(org, key, iso(parse_date(value)) if value else "")
        except DateInputError as error:
            problems.append(FieldProblem(key, f"{label}: {error}"))
    email = text("email")
    if email is not None:
        try:
            org.email = check_email(email)
        except RegisterError as error:
            problems.append(FieldProblem("email", str(error)))
    return org, problems


CHAMPION_TEXT_FIELDS = ("name", "role", "department", "email", "phone", "is_lead",
                        "direct_access")


def champion_from_text(values: Mapping[str, Any], base: Champion | None = None
                       ) -> tuple[Champion, list[FieldProblem]]:
    """Read a champion's typed values; ``is_lead``/``direct_access`` may be bools or Yes/No."""
    champion = replace(base) if base else Champion()
    problems: list[FieldProblem] = []
    for key in ("name", "role", "department", "phone"):
        if values.get(key) is not None:
            setattr(champion, key, " ".join(str(values[key]).split()))
    if not champion.name:
        problems.append(FieldProblem("name", "The champion's name is missing."))
    if values.get("email") is not None:
        try:
            champion.email = check_email(str(values["email"]), "The champion's email")
        except RegisterError as error:
            problems.append(FieldProblem("email", str(error)))
    for key, label in (("is_lead", "Lead champion"),
                       ("direct_access", "Direct access to the person in charge")):
        value = values.get(key)
        if value is None:
            continue
        if isinstance(value, bool):
            setattr(champion, key, value)
            continue
        try:
            setattr(champion, key, parse_yes_no(str(value)))
        except RegisterError as error:
            problems.append(FieldProblem(key, f"{label}: {error}"))
    return champion, problems
