"""British dates and 24-hour times, as people type them."""

from __future__ import annotations

from datetime import date, time

import pytest

from compact_tui.domain.dates import (
    DateInputError,
    format_date,
    format_date_short,
    format_day_date,
    parse_date,
    parse_time,
    today,
)


@pytest.mark.parametrize("typed", ["03/12/2026", "3/12/2026", "2026-12-03", "3/12/26",
                                   "03.12.2026", "3 December 2026", "3rd Dec 2026"])
def test_parse_date_accepts_the_forms_people_type(typed: str) -> None:
    assert parse_date(typed) == date(2026, 12, 3)


@pytest.mark.parametrize("typed, fragment", [("", "Enter a date"),
                                             ("31/02/2026", "not a real date"),
                                             ("12/31/2026", "not a real date"),
                                             ("next Tuesday", "03/12/2026")])
def test_parse_date_explains_what_went_wrong(typed: str, fragment: str) -> None:
    with pytest.raises(DateInputError, match=fragment):
        parse_date(typed)


def test_dates_are_shown_the_british_way() -> None:
    assert format_date(date(2026, 12, 3)) == "3 December 2026"
    assert format_date("2026-12-03") == "3 December 2026"
    assert format_date_short("2026-12-03") == "3 Dec 2026"
    assert format_day_date(date(2026, 12, 3)) == "Thursday 3 December 2026"
    assert format_date("", empty="—") == "—"


@pytest.mark.parametrize("typed, expected", [("14:00", time(14)), ("9:30", time(9, 30)),
                                             ("1405", time(14, 5)), ("14.45", time(14, 45))])
def test_parse_time_is_24_hour(typed: str, expected: time) -> None:
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["25:00", "2pm", "14:60", ""])
def test_parse_time_rejects_what_it_cannot_read(typed: str) -> None:
    with pytest.raises(DateInputError):
        parse_time(typed)


def test_today_can_be_pinned_for_demos_and_tests() -> None:
    assert today() == date(2026, 11, 25)
