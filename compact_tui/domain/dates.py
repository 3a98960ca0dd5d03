"""Dates and times as people in England type and read them.

Shown as "3 December 2026" and 24-hour "14:00"; typed as 03/12/2026, 3/12/2026, 2026-12-03
(or 3 Dec 2026). Stored as ISO 8601 strings so the file sorts and diffs sensibly.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
_MONTH_LOOKUP = {name.lower(): i + 1 for i, name in enumerate(MONTHS)}
_MONTH_LOOKUP.update({name[:3].lower(): i + 1 for i, name in enumerate(MONTHS)})
_MONTH_LOOKUP["sept"] = 9


class DateInputError(ValueError):
    """A typed date or time we cannot read; the message says what we expected."""


def today() -> date:
    """Today, or the date in ``COMPACT_TUI_TODAY`` so demos and tests are repeatable."""
    fixed = os.environ.get("COMPACT_TUI_TODAY")
    if fixed:
        return date.fromisoformat(fixed)
    return date.today()


def parse_date(text: str) -> date:
    """Read 03/12/2026, 3/12/26, 2026-12-03 or 3 December 2026 (day first, as in the UK)."""
    value = text.strip()
    if not value:
        raise DateInputError("Enter a date, for example 03/12/2026.")
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if iso:
        return _build(int(iso[1]), int(iso[2]), int(iso[3]), value)
    uk = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})", value)
    if uk:
        year = int(uk[3])
        year = 2000 + year if len(uk[3]) == 2 else year
        return _build(year, int(uk[2]), int(uk[1]), value)
    words = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})", value)
    if words and words[2].lower() in _MONTH_LOOKUP:
        return _build(int(words[3]), _MONTH_LOOKUP[words[2].lower()], int(words[1]), value)
    raise DateInputError(
        f'"{value}" is not a date we can read. Type it as 03/12/2026 or 2026-12-03.')


EARLIEST_YEAR, LATEST_YEAR = 1900, 2199


def _build(year: int, month: int, day: int, original: str) -> date:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise DateInputError(f'"{original}": the year {year} is not one the Compact could '
                             f"have a date in ({EARLIEST_YEAR} to {LATEST_YEAR}).")
    try:
        return date(year, month, day)
    except ValueError as error:
        raise DateInputError(f'"{original}" is not a real date ({error}).') from error


def add_months(value: date, months: int) -> date:
    """The same day ``months`` later; the 31st becomes the month's last day (31 August plus
    six months is 28 February), so a period never runs into the month after."""
    index = value.month - 1 + months
    year, month = value.year + index // 12, index % 12 + 1
    for day in (value.day, 30, 29, 28):
        try:
            return date(year, month, min(value.day, day))
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")


def date_from_typed(text: str, what: str, problems: list[str], required: bool = True) -> str:
    """ISO date from what a person typed, or "" with a problem noted in ``problems`` (forms
    and imports collect every problem before refusing)."""
    if not text.strip():
        if required:
            problems.append(f"{what}: enter a date, for example 03/12/2026.")
        return ""
    try:
        return iso(parse_date(text))
    except DateInputError as error:
        problems.append(f"{what}: {error}")
        return ""


def parse_optional_date(text: str) -> date | None:
    return parse_date(text) if text and text.strip() else None


def parse_time(text: str) -> time:
    """Read 24-hour times: 14:00, 14.00, 1400, or 9:30."""
    value = text.strip()
    match = re.fullmatch(r"(\d{1,2})[:.]?(\d{2})", value)
    if not match:
        raise DateInputError(f'"{value}" is not a time we can read. Type it as 14:00.')
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise DateInputError(f'"{value}" is not a real time. Use the 24-hour clock, e.g. 14:00.')
    return time(hour, minute)


def format_date(value: date | str | None, empty: str = "") -> str:
    """3 December 2026."""
    if value is None or value == "":
        return empty
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return str(value)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def typed_date(value: date | str | None) -> str:
    """03/12/2026: a stored date as a member types it into a form ("" for none)."""
    if isinstance(value, str):
        value = from_iso(value)
    return f"{value:%d/%m/%Y}" if value else ""


def format_date_short(value: date | str | None, empty: str = "") -> str:
    """3 Dec 2026, for narrow table columns."""
    full = format_date(value, empty)
    parts = full.split(" ")
    if len(parts) == 3:
        return f"{parts[0]} {parts[1][:3]} {parts[2]}"
    return full


def format_day_date(value: date) -> str:
    """Thursday 3 December 2026."""
    return f"{value.strftime('%A')} {format_date(value)}"


def format_time(value: time | str | None, empty: str = "") -> str:
    if value is None or value == "":
        return empty
    if isinstance(value, str):
        return value
    return f"{value.hour:02d}:{value.minute:02d}"


def iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def from_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def format_moment(value: str | datetime | None) -> str:
    """A UTC timestamp shown in local time: 3 December 2026 14:05."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return str(value)
    local = value.astimezone() if value.tzinfo else value
    return f"{format_date(local.date())} {local.hour:02d}:{local.minute:02d}"
