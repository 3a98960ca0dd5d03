"""The rule of a meeting series, "second Thursday every other month, 14:00": plain English a
clerk would write, read by ``parse_series`` (which says what it could not read), and the
dates it gives."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, time

from ..dates import DateInputError, parse_time
from .model import MeetingInputError

ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
            "4th": 4, "last": -1}
WEEKDAYS = {name.casefold(): number for number, name in enumerate(calendar.day_name)}
EVERY = {"month": 1, "other month": 2, "two months": 2, "2 months": 2, "three months": 3,
         "3 months": 3, "quarter": 3, "four months": 4, "six months": 6, "6 months": 6}
EXAMPLE = "second Thursday every other month, 14:00"


@dataclass(frozen=True)
class SeriesRule:
    ordinal: int
    weekday: int
    every_months: int
    start: time | None


def parse_series(text: str) -> SeriesRule:
    """Read "second Thursday every other month, 14:00" (the time may be left out)."""
    match = re.fullmatch(r"\s*(\w+)\s+(\w+?)s?\s+(?:of\s+)?every\s+([\w\s]+?)\s*"
                         r"(?:[,;]\s*|\s+at\s+)?(\d{1,2}[:.]?\d{2})?\s*", text.casefold())
    if not match or match[1] not in ORDINALS or match[2] not in WEEKDAYS \
            or match[3].strip() not in EVERY:
        raise MeetingInputError(f'Write the series like "{EXAMPLE}" (not "{text.strip()}").')
    start = None
    if match[4]:
        try:
            start = parse_time(match[4])
        except DateInputError as error:
            raise MeetingInputError(f"Series time: {error}") from error
    return SeriesRule(ORDINALS[match[1]], WEEKDAYS[match[2]], EVERY[match[3].strip()], start)


def _day_in_month(rule: SeriesRule, year: int, month: int) -> date:
    days = [d for d in calendar.Calendar().itermonthdates(year, month)
            if d.month == month and d.weekday() == rule.weekday]
    return days[rule.ordinal - 1] if rule.ordinal > 0 else days[-1]


def next_date(rule: SeriesRule, after: date) -> date:
    """The first date of the series more than a fortnight after ``after``, stepping
    ``every_months`` from its month."""
    year, month = after.year, after.month
    while True:
        month += rule.every_months
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        found = _day_in_month(rule, year, month)
        if (found - after).days > 14:
            return found
