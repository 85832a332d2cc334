"""Time (SPEC §1) through the Python face: the cases of tests/cpp/time_test.cc.

Every expected value was worked out by hand from the SPEC and a printed calendar,
never copied from the library's output; where the arithmetic is not obvious the
working is in a comment. Facts used throughout:
  - 2025-01-01 is a Wednesday; 2025-06-16 and 2025-06-02 are Mondays.
  - Western Easter Sunday: 2022-04-17, 2024-03-31, 2025-04-20, 2026-04-05.
  - Europe/Madrid is UTC+1 (CET) in winter and UTC+2 (CEST) in summer. In 2025 it
    springs forward on Sunday 03-30 at 01:00Z (02:00 CET becomes 03:00 CEST) and
    falls back on Sunday 10-26 at 01:00Z (03:00 CEST becomes 02:00 CET). So 09:00
    local is 08:00Z in winter and 07:00Z in summer.
"""

from __future__ import annotations

import datetime as dt
import pickle
import random
import re
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable
from zoneinfo import ZoneInfo

import numpy as np
import postventa as pv
import pytest

UTC = timezone.utc
MADRID_ZONE = ZoneInfo("Europe/Madrid")
H = timedelta(hours=1)
MIN = timedelta(minutes=1)
S = timedelta(seconds=1)
US = timedelta(microseconds=1)
ZERO = timedelta(0)


def at(text: str) -> datetime:
    """A UTC instant written 2025-06-16T07:00:00Z (or with microseconds)."""
    assert text.endswith("Z"), text
    return datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)


def d(text: str) -> date:
    return date.fromisoformat(text)


def show(instant: datetime) -> str:
    """An aware UTC result as 2025-06-16T07:00:00Z (microseconds only when present)."""
    assert instant.tzinfo is UTC, instant
    text = instant.replace(tzinfo=None).isoformat()
    return text + "Z"


def add(cal: pv.Calendar, start: str, amount: timedelta) -> str:
    """cal.add_business_time from a UTC instant written as text, as text."""
    return show(cal.add_business_time(at(start), amount))


def between(cal: pv.Calendar, a: str, b: str) -> timedelta:
    return cal.business_time_between(at(a), at(b))


def holidays_in(cal: pv.Calendar, year: int) -> list[str]:
    day = date(year, 1, 1)
    out = []
    while day.year == year:
        if cal.is_holiday(day):
            out.append(day.isoformat())
        day += timedelta(days=1)
    return out


def office_with(holidays: list[Any], observed: str = "none") -> pv.Calendar:
    """UTC, Monday to Friday 09:00-17:00, with the given holiday rules."""
    nine_to_five = [["09:00", "17:00"]]
    return pv.Calendar(
        {
            "timezone": "UTC",
            "week": {day: nine_to_five for day in ("mon", "tue", "wed", "thu", "fri")},
            "holidays": holidays,
            "observed": observed,
        }
    )


def calendar(
    week: dict[str, Any],
    holidays: list[str] | None = None,
    timezone_name: str = "UTC",
    observed: str = "none",
) -> pv.Calendar:
    return pv.Calendar(
        {
            "timezone": timezone_name,
            "week": week,
            "holidays": holidays if holidays is not None else [],
            "observed": observed,
        }
    )


def days_in_month(year: int, month: int) -> int:
    leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0
    return [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]


# ---- add_months (SPEC §1.2) ---------------------------------------------------


def test_add_months_spec_examples() -> None:
    assert pv.add_months(d("2024-03-15"), 24) == d("2026-03-15")
    assert pv.add_months(d("2024-01-31"), 1) == d("2024-02-29")
    assert pv.add_months(d("2024-02-29"), 12) == d("2025-02-28")


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2024-01-31", 1, "2024-02-29"),  # leap year
        ("2025-01-31", 1, "2025-02-28"),  # common year
        ("2024-03-31", 1, "2024-04-30"),
        ("2024-08-31", 6, "2025-02-28"),  # Aug 2024 + 6 = Feb 2025
        ("2023-08-31", 6, "2024-02-29"),  # Aug 2023 + 6 = Feb 2024
        ("2024-01-30", 1, "2024-02-29"),
        ("2024-12-31", 2, "2025-02-28"),  # across the year end
        ("2000-02-29", 1200, "2100-02-28"),  # 2100 is not a leap year
        ("2024-01-31", 2, "2024-03-31"),  # the day exists in the target month: kept
        ("2024-05-30", 1, "2024-06-30"),
    ],
)
def test_add_months_month_ends_clamp_to_the_last_day(start: str, n: int, expected: str) -> None:
    assert pv.add_months(d(start), n) == d(expected)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-02-29", 24, "2026-02-28"),
        ("2024-02-29", 48, "2028-02-29"),
        ("2024-02-29", -12, "2023-02-28"),
        ("2024-02-29", -48, "2020-02-29"),
        ("2024-02-29", -1200, "1924-02-29"),  # 1924 is a leap year
    ],
)
def test_add_months_leap_days(start: str, n: int, expected: str) -> None:
    assert pv.add_months(d(start), n) == d(expected)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2024-03-31", -1, "2024-02-29"),
        ("2025-03-31", -1, "2025-02-28"),
        ("2024-05-31", -3, "2024-02-29"),
        ("2024-05-31", -1, "2024-04-30"),
        ("2025-01-15", -1, "2024-12-15"),
        ("2025-01-15", -13, "2023-12-15"),
        ("2026-03-15", -24, "2024-03-15"),
    ],
)
def test_add_months_negative_counts_backwards_the_same_way(
    start: str, n: int, expected: str
) -> None:
    assert pv.add_months(d(start), n) == d(expected)


def test_add_months_zero_is_the_same_date() -> None:
    for day in ("2024-01-31", "2024-02-29", "2025-02-28", "2025-06-16"):
        assert pv.add_months(d(day), 0) == d(day)


@pytest.mark.parametrize(
    ("start", "n", "expected", "boost_would_say"),
    [
        ("2024-02-29", 1, "2024-03-29", "2024-03-31"),
        ("2023-04-30", 1, "2023-05-30", "2023-05-31"),
        ("2025-02-28", 1, "2025-03-28", "2025-03-31"),
        ("2024-04-30", -1, "2024-03-30", "2024-03-31"),
    ],
)
def test_add_months_is_not_end_of_month_snapping(
    start: str, n: int, expected: str, boost_would_say: str
) -> None:
    result = pv.add_months(d(start), n)
    assert result == d(expected)
    assert result != d(boost_would_say)


def test_add_months_long_spans() -> None:
    assert pv.add_months(d("2024-01-31"), 1200) == d("2124-01-31")
    assert pv.add_months(d("2024-03-15"), 120) == d("2034-03-15")
    assert pv.add_months(d("2024-03-15"), -120) == d("2014-03-15")


def test_add_months_matches_the_rule_for_every_day_of_2024_and_offsets_up_to_five_years() -> None:
    # The rule restated: the n-th following month, same day or that month's last day.
    day = date(2024, 1, 1)
    while day.year == 2024:
        for n in range(-60, 61):
            index = day.year * 12 + (day.month - 1) + n
            year, month = divmod(index, 12)
            expected = date(year, month + 1, min(day.day, days_in_month(year, month + 1)))
            assert pv.add_months(day, n) == expected, (day, n)
        day += timedelta(days=1)


def test_add_months_accepts_numpy_integers() -> None:
    assert pv.add_months(d("2024-01-31"), np.int64(1)) == d("2024-02-29")
    assert pv.add_months(d("2024-01-31"), np.int32(-1)) == d("2023-12-31")


def test_add_months_refuses_wrong_types() -> None:
    with pytest.raises(
        TypeError, match=r"^date: expected a datetime.date, got a datetime.datetime"
    ):
        pv.add_months(datetime(2024, 1, 31, 12, 0, tzinfo=UTC), 1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^date: expected a datetime.date, got str$"):
        pv.add_months("2024-01-31", 1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^n: expected an integer, got float$"):
        pv.add_months(d("2024-01-31"), 1.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^n: expected an integer, got bool$"):
        pv.add_months(d("2024-01-31"), True)


def test_add_months_past_the_dates_python_can_hold() -> None:
    for start, n in [("9999-12-31", 1), ("0001-01-01", -1), ("2024-01-01", 10**30)]:
        with pytest.raises(pv.ValidationError) as info:
            pv.add_months(d(start), n)
        assert info.value.code == 11  # out of range
        assert str(info.value) == (
            f"add_months({start}, {n}): the result is outside the dates Python can hold "
            "(0001-01-01..9999-12-31)"
        )


# ---- Holiday rules ------------------------------------------------------------


def test_fixed_date_is_one_day_only() -> None:
    cal = office_with(["2025-12-08"])
    assert holidays_in(cal, 2025) == ["2025-12-08"]
    assert holidays_in(cal, 2024) == []
    assert holidays_in(cal, 2026) == []


def test_fixed_date_may_be_a_datetime_date() -> None:
    cal = office_with([date(2025, 12, 8), "annual:01-01"])
    assert holidays_in(cal, 2025) == ["2025-01-01", "2025-12-08"]


def test_annual_repeats_every_year() -> None:
    cal = office_with(["annual:12-25", "annual:01-01"])
    assert holidays_in(cal, 2024) == ["2024-01-01", "2024-12-25"]
    assert holidays_in(cal, 2025) == ["2025-01-01", "2025-12-25"]
    assert holidays_in(cal, 2199) == ["2199-01-01", "2199-12-25"]


def test_annual_leap_day_only_in_leap_years() -> None:
    cal = office_with(["annual:02-29"])
    assert holidays_in(cal, 2024) == ["2024-02-29"]
    assert holidays_in(cal, 2025) == []  # not moved to 02-28 or 03-01
    assert holidays_in(cal, 2000) == ["2000-02-29"]
    assert holidays_in(cal, 2100) == []  # 2100 is not a leap year


def test_easter_sunday() -> None:
    cal = office_with(["easter:0"])
    # Published Easter dates, including early (2008-03-23) and late (2038-04-25) ones.
    for year, easter in [
        (2024, "2024-03-31"),
        (2025, "2025-04-20"),
        (2026, "2026-04-05"),
        (2000, "2000-04-23"),
        (2008, "2008-03-23"),
        (2019, "2019-04-21"),
        (2027, "2027-03-28"),
        (2038, "2038-04-25"),
    ]:
        assert holidays_in(cal, year) == [easter]


def test_good_friday_and_easter_monday() -> None:
    good_friday = office_with(["easter:-2"])
    assert holidays_in(good_friday, 2024) == ["2024-03-29"]
    assert holidays_in(good_friday, 2025) == ["2025-04-18"]
    assert holidays_in(good_friday, 2026) == ["2026-04-03"]
    easter_monday = office_with(["easter:1"])
    assert holidays_in(easter_monday, 2024) == ["2024-04-01"]
    assert holidays_in(easter_monday, 2025) == ["2025-04-21"]
    # The rule is written easter:±K: an explicit plus sign means the same.
    assert holidays_in(office_with(["easter:+1"]), 2025) == ["2025-04-21"]


def test_easter_offsets_cross_months() -> None:
    # Ash Wednesday = Easter - 46. 2025: Apr 20 - 20 = Mar 31, - 26 more = Mar 5.
    # 2024: Mar 31 - 31 = Feb 29, - 15 more = Feb 14.
    # Corpus Christi = Easter + 60. 2025: Apr 20 + 10 = Apr 30, + 31 = May 31,
    # + 19 = Jun 19. 2024: Mar 31 + 30 = Apr 30, + 30 = May 30.
    cal = office_with(["easter:-46", "easter:60"])
    assert holidays_in(cal, 2025) == ["2025-03-05", "2025-06-19"]
    assert holidays_in(cal, 2024) == ["2024-02-14", "2024-05-30"]


def test_nth_weekday_of_month() -> None:
    # 2025-09-01 is a Monday; 2024-09-01 a Sunday, so the first Monday is 09-02.
    # Thursdays of Nov 2025: 6, 13, 20, 27; of Nov 2024: 7, 14, 21, 28.
    cal = office_with(["nth:1:mon:09", "nth:4:thu:11"])
    assert holidays_in(cal, 2025) == ["2025-09-01", "2025-11-27"]
    assert holidays_in(cal, 2024) == ["2024-09-02", "2024-11-28"]


def test_fifth_weekday_only_in_years_that_have_one() -> None:
    # Mondays of Feb 2025: 3, 10, 17, 24; Feb 2024: 5, 12, 19, 26. 2016-02-01 was a
    # Monday in a leap year, so 2016-02-29 is its fifth.
    fifth_monday_of_february = office_with(["nth:5:mon:02"])
    assert holidays_in(fifth_monday_of_february, 2025) == []
    assert holidays_in(fifth_monday_of_february, 2024) == []
    assert holidays_in(fifth_monday_of_february, 2016) == ["2016-02-29"]
    # Fridays of Jan 2025: 3 .. 31; Jan 2026: 2 .. 30.
    fifth_friday_of_january = office_with(["nth:5:fri:01"])
    assert holidays_in(fifth_friday_of_january, 2025) == ["2025-01-31"]
    assert holidays_in(fifth_friday_of_january, 2026) == ["2026-01-30"]


def test_every_weekday_name_is_understood() -> None:
    # January 2025 starts on a Wednesday, so the first of each weekday is Jan 1..7.
    cal = office_with(
        [f"nth:1:{day}:01" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]
    )
    assert holidays_in(cal, 2025) == [f"2025-01-0{i}" for i in range(1, 8)]


def test_last_weekday_of_month() -> None:
    # Mondays of May 2025: ..., 19, 26; May 2024: ..., 20, 27.
    # Sundays of Dec 2025: ..., 21, 28; Dec 2024: ..., 22, 29.
    cal = office_with(["last:mon:05", "last:sun:12"])
    assert holidays_in(cal, 2025) == ["2025-05-26", "2025-12-28"]
    assert holidays_in(cal, 2024) == ["2024-05-27", "2024-12-29"]
    last_thursday_of_february = office_with(["last:thu:02"])
    assert holidays_in(last_thursday_of_february, 2024) == ["2024-02-29"]
    assert holidays_in(last_thursday_of_february, 2025) == ["2025-02-27"]


def test_spec_example_rules(madrid_config: dict[str, Any]) -> None:
    # SPEC §1.3's rules. 2025: Good Friday 04-18; first Monday of September 09-01;
    # last Monday of May 05-26. 2026: Good Friday 04-03; 09-07; 05-25.
    madrid_config["holidays"] = [
        "2025-12-08",
        "annual:01-01",
        "annual:12-25",
        "easter:-2",
        "nth:1:mon:09",
        "last:mon:05",
    ]
    cal = pv.Calendar(madrid_config)
    assert holidays_in(cal, 2025) == [
        "2025-01-01",
        "2025-04-18",
        "2025-05-26",
        "2025-09-01",
        "2025-12-08",
        "2025-12-25",
    ]
    assert holidays_in(cal, 2026) == [
        "2026-01-01",
        "2026-04-03",
        "2026-05-25",
        "2026-09-07",
        "2026-12-25",
    ]


def test_observed_sunday_to_monday_moves_annual_holidays() -> None:
    # 2022-05-01 is a Sunday; 2025-05-01 a Thursday; 2021-05-01 a Saturday.
    observed = office_with(["annual:05-01"], observed="sunday_to_monday")
    assert holidays_in(observed, 2022) == ["2022-05-01", "2022-05-02"]
    assert holidays_in(observed, 2025) == ["2025-05-01"]
    assert holidays_in(observed, 2021) == ["2021-05-01"]  # Saturday: not moved
    assert observed.is_working_day(d("2022-05-02")) is False
    # Friday 2022-04-29 + 1 working day skips the weekend and the observed Monday.
    assert observed.add_business_days(d("2022-04-29"), 1) == d("2022-05-03")

    not_observed = office_with(["annual:05-01"], observed="none")
    assert holidays_in(not_observed, 2022) == ["2022-05-01"]
    assert not_observed.is_working_day(d("2022-05-02")) is True


def test_only_annual_rules_are_observed() -> None:
    # Each falls on a Sunday in 2022: the fixed 2022-05-01, Easter (04-17), the first
    # Sunday of May (05-01) and the last Sunday of May (05-29). None moves.
    cal = office_with(
        ["2022-05-01", "easter:0", "nth:1:sun:05", "last:sun:05"], observed="sunday_to_monday"
    )
    assert holidays_in(cal, 2022) == ["2022-04-17", "2022-05-01", "2022-05-29"]


def test_observed_monday_can_fall_in_the_next_year() -> None:
    # 2023-12-31 is a Sunday, so Monday 2024-01-01 is observed.
    cal = office_with(["annual:12-31"], observed="sunday_to_monday")
    assert holidays_in(cal, 2024) == ["2024-01-01", "2024-12-31"]
    assert holidays_in(cal, 2025) == ["2025-12-31"]  # 2024-12-31 is a Tuesday


def test_observed_monday_does_not_cascade() -> None:
    # 2022-12-25 is a Sunday, observed Monday 12-26, itself a holiday: nothing
    # moves on to Tuesday.
    cal = office_with(["annual:12-25", "annual:12-26"], observed="sunday_to_monday")
    assert holidays_in(cal, 2022) == ["2022-12-25", "2022-12-26"]


def test_shipped_madrid_calendar_has_fourteen_holidays_in_2025() -> None:
    # National: 01-01, 01-06, Good Friday 04-18, 05-01, 08-15, 10-12, 11-01, 12-06,
    # 12-08, 12-25; the region's Holy Thursday 04-17 and 05-02; the city's 05-15 and
    # 11-09. Sorted by date:
    cal = pv.Calendar(pv.calendars.load("es-madrid"))
    assert holidays_in(cal, 2025) == [
        "2025-01-01",
        "2025-01-06",
        "2025-04-17",
        "2025-04-18",
        "2025-05-01",
        "2025-05-02",
        "2025-05-15",
        "2025-08-15",
        "2025-10-12",
        "2025-11-01",
        "2025-11-09",
        "2025-12-06",
        "2025-12-08",
        "2025-12-25",
    ]
    # Split shifts Monday to Thursday, Friday 08:00-15:00: one week is 39 h
    # (Monday 2025-06-16 00:00 CEST = 06-15 22:00Z, a week without holidays).
    assert between(cal, "2025-06-15T22:00:00Z", "2025-06-22T22:00:00Z") == 39 * H


def test_calendars_load_returns_a_fresh_dict_and_knows_its_names() -> None:
    assert "es-madrid" in pv.calendars.names()
    first = pv.calendars.load("es-madrid")
    first["holidays"].append("2025-06-16")
    assert "2025-06-16" not in pv.calendars.load("es-madrid")["holidays"]
    with pytest.raises(pv.NotFoundError) as info:
        pv.calendars.load("xx-atlantis")
    assert isinstance(info.value, LookupError)
    assert "xx-atlantis" in str(info.value) and "es-madrid" in str(info.value)


# ---- Working days and business days -------------------------------------------


def test_is_working_day_weekdays_weekends_and_holidays(madrid: pv.Calendar) -> None:
    assert madrid.is_working_day(d("2025-06-16")) is True  # Monday
    assert madrid.is_working_day(d("2025-06-20")) is True  # Friday, shorter day
    assert madrid.is_working_day(d("2025-06-14")) is False  # Saturday: no intervals
    assert madrid.is_working_day(d("2025-06-15")) is False  # Sunday
    assert madrid.is_holiday(d("2025-06-14")) is False  # a weekend is no holiday
    assert madrid.is_working_day(d("2025-12-08")) is False  # Monday, holiday
    assert madrid.is_holiday(d("2025-12-08")) is True
    assert madrid.is_working_day(d("2025-04-17")) is False  # Holy Thursday
    assert madrid.is_working_day(d("2025-04-18")) is False  # Good Friday
    assert madrid.is_working_day(d("2025-04-21")) is True  # Easter Monday: not listed
    assert madrid.is_holiday(d("2025-11-01")) is True  # Saturday holiday


def test_a_holiday_on_a_working_saturday() -> None:
    cal = calendar({"sat": [["10:00", "14:00"]]}, ["annual:11-01"])
    assert cal.is_working_day(d("2025-10-25")) is True  # Saturday
    assert cal.is_working_day(d("2025-11-01")) is False  # Saturday, holiday
    assert cal.is_working_day(d("2025-10-27")) is False  # Monday: no intervals
    assert cal.is_holiday(d("2025-10-27")) is False


def test_add_business_days_zero_is_the_date_or_the_next_working_day(office: pv.Calendar) -> None:
    assert office.add_business_days(d("2025-06-11"), 0) == d("2025-06-11")  # Wednesday
    assert office.add_business_days(d("2025-06-14"), 0) == d("2025-06-16")  # Saturday
    assert office.add_business_days(d("2025-06-15"), 0) == d("2025-06-16")  # Sunday
    assert office.add_business_days(d("2025-12-08"), 0) == d("2025-12-09")  # holiday Monday


def test_add_business_days_counts_working_days_after_the_date(office: pv.Calendar) -> None:
    assert office.add_business_days(d("2025-06-16"), 1) == d("2025-06-17")
    assert office.add_business_days(d("2025-06-13"), 1) == d("2025-06-16")  # Fri -> Mon
    # The first working day after a Saturday is Monday.
    assert office.add_business_days(d("2025-06-14"), 1) == d("2025-06-16")
    assert office.add_business_days(d("2025-06-14"), 2) == d("2025-06-17")
    assert office.add_business_days(d("2025-06-16"), 5) == d("2025-06-23")  # a week
    assert office.add_business_days(d("2025-06-16"), 10) == d("2025-06-30")
    assert office.add_business_days(d("2025-06-16"), np.int64(10)) == d("2025-06-30")


def test_add_business_days_skips_holidays(office: pv.Calendar, madrid: pv.Calendar) -> None:
    # Fri 12-05 -> Sat, Sun, Mon 12-08 (holiday) -> Tue 12-09.
    assert office.add_business_days(d("2025-12-05"), 1) == d("2025-12-09")
    # Wed 12-24 -> Thu 12-25 (holiday) -> Fri 12-26.
    assert office.add_business_days(d("2025-12-24"), 1) == d("2025-12-26")
    # Wed 12-31 -> Thu 2026-01-01 (holiday) -> Fri 2026-01-02.
    assert office.add_business_days(d("2025-12-31"), 1) == d("2026-01-02")
    # Wed 04-16 -> Holy Thursday, Good Friday, weekend -> Mon 04-21.
    assert madrid.add_business_days(d("2025-04-16"), 1) == d("2025-04-21")
    # Wed 04-30 -> Thu 05-01, Fri 05-02 (holidays), weekend -> Mon 05-05, Tue 05-06.
    assert madrid.add_business_days(d("2025-04-30"), 2) == d("2025-05-06")


def test_sixty_working_days_across_easter_and_may_day(madrid: pv.Calendar) -> None:
    # From Mon 2025-03-03, counting working days after it:
    #   Mar 4-7 (4) =4, Mar 10-14 =9, 17-21 =14, 24-28 =19, Mon Mar 31 =20,
    #   Apr 1-4 =24, Apr 7-11 =29, Apr 14-16 (17, 18 holidays) =32, Apr 21-25 =37,
    #   Apr 28-30 (May 1, 2 holidays) =40, May 5-9 =45, 12-16 =50, 19-23 =55,
    #   26-30 =60 -> Fri 2025-05-30.
    assert madrid.add_business_days(d("2025-03-03"), 60) == d("2025-05-30")
    assert madrid.add_business_days(d("2025-03-03"), 59) == d("2025-05-29")


def test_add_business_days_refuses_a_negative_count(office: pv.Calendar) -> None:
    with pytest.raises(pv.ValidationError) as info:
        office.add_business_days(d("2025-06-16"), -1)
    assert str(info.value) == "n: must be >= 0, got -1"
    assert info.value.code == 3  # invalid argument


def test_add_business_days_past_the_calendars_years_is_out_of_range(office: pv.Calendar) -> None:
    # The default years end in 2199: a million working days (about 3800 years) or
    # 2**62 cannot fit.
    for n in (10**6, 2**62):
        with pytest.raises(pv.ValidationError) as info:
            office.add_business_days(d("2025-06-16"), n)
        assert info.value.code == 11  # out of range
        assert str(info.value) == (
            f"add_business_days(2025-06-16, {n}) is past the calendar's last year 2199"
        )


# n near 2**63 must not overflow the working-day count (it once did).
def test_add_business_days_with_the_largest_count_is_out_of_range(office: pv.Calendar) -> None:
    with pytest.raises(pv.ValidationError) as info:
        office.add_business_days(d("2025-06-16"), 2**63 - 1)
    assert info.value.code == 11


# ---- Business time, UTC office (09:00-17:00 Monday to Friday) -----------------


def test_within_one_day(office: pv.Calendar) -> None:
    assert add(office, "2025-06-16T10:00:00Z", 2 * H) == "2025-06-16T12:00:00Z"
    assert add(office, "2025-06-16T10:00:00Z", 90 * S) == "2025-06-16T10:01:30Z"
    assert between(office, "2025-06-16T10:00:00Z", "2025-06-16T12:30:00Z") == 2 * H + 30 * MIN


def test_a_deadline_at_the_end_of_the_day_is_that_end(office: pv.Calendar) -> None:
    # 09:00 + 8 h in a 09:00-17:00 day is 17:00 the same day, not 09:00 the next.
    assert add(office, "2025-06-16T09:00:00Z", 8 * H) == "2025-06-16T17:00:00Z"
    # On a Friday too: not Monday 09:00.
    assert add(office, "2025-06-20T09:00:00Z", 8 * H) == "2025-06-20T17:00:00Z"
    # One second more spills into the next working day.
    assert add(office, "2025-06-16T09:00:00Z", 8 * H + S) == "2025-06-17T09:00:01Z"


def test_carries_over_to_the_next_working_day(office: pv.Calendar) -> None:
    assert add(office, "2025-06-16T16:00:00Z", 2 * H) == "2025-06-17T10:00:00Z"
    assert add(office, "2025-06-16T16:59:59Z", 2 * S) == "2025-06-17T09:00:01Z"
    # Friday 16:00 + 2 h: 1 h on Friday, 1 h on Monday.
    assert add(office, "2025-06-20T16:00:00Z", 2 * H) == "2025-06-23T10:00:00Z"
    # Friday 2025-12-05 16:00 + 2 h: Monday 12-08 is a holiday.
    assert add(office, "2025-12-05T16:00:00Z", 2 * H) == "2025-12-09T10:00:00Z"


def test_start_outside_working_time_begins_at_the_next_working_instant(office: pv.Calendar) -> None:
    cases = [
        ("2025-06-16T07:00:00Z", "2025-06-16T10:00:00Z"),  # before opening
        ("2025-06-16T18:00:00Z", "2025-06-17T10:00:00Z"),  # after closing
        ("2025-06-16T17:00:00Z", "2025-06-17T10:00:00Z"),  # at closing: [09:00, 17:00)
        ("2025-06-21T12:00:00Z", "2025-06-23T10:00:00Z"),  # Saturday
        ("2025-12-25T10:00:00Z", "2025-12-26T10:00:00Z"),  # holiday (Thursday)
    ]
    for start, expected in cases:
        assert add(office, start, H) == expected, start


def test_zero_amount(office: pv.Calendar) -> None:
    # Inside working time: the start itself (an interval's start counts as inside).
    assert add(office, "2025-06-16T10:00:00Z", ZERO) == "2025-06-16T10:00:00Z"
    assert add(office, "2025-06-16T09:00:00Z", ZERO) == "2025-06-16T09:00:00Z"
    # Outside: the next working instant.
    assert add(office, "2025-06-16T07:00:00Z", ZERO) == "2025-06-16T09:00:00Z"
    assert add(office, "2025-06-16T17:00:00Z", ZERO) == "2025-06-17T09:00:00Z"
    assert add(office, "2025-06-21T12:00:00Z", ZERO) == "2025-06-23T09:00:00Z"


def test_spans_of_several_weeks_utc(office: pv.Calendar) -> None:
    # Mon 2025-06-02 09:00 + 80 h = ten 8-hour days: Jun 2-6 and 9-13, ending Fri 17:00.
    assert add(office, "2025-06-02T09:00:00Z", 80 * H) == "2025-06-13T17:00:00Z"
    assert add(office, "2025-06-02T09:00:00Z", 81 * H) == "2025-06-16T10:00:00Z"
    # Four weeks = 160 h, ending Friday 2025-06-27 17:00.
    assert add(office, "2025-06-02T09:00:00Z", 160 * H) == "2025-06-27T17:00:00Z"
    assert between(office, "2025-06-02T09:00:00Z", "2025-06-13T17:00:00Z") == 80 * H
    # 2025: 365 days from a Wednesday = 52 weeks + 1 Wednesday = 261 weekdays, minus
    # three weekday holidays (Wed 01-01, Mon 12-08, Thu 12-25) = 258 days * 8 h.
    assert between(office, "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z") == 2064 * H
    # So the year's working time ends on its last working day, Wed 12-31 17:00.
    assert add(office, "2025-01-01T00:00:00Z", 2064 * H) == "2025-12-31T17:00:00Z"


def test_between(office: pv.Calendar) -> None:
    assert between(office, "2025-06-16T00:00:00Z", "2025-06-23T00:00:00Z") == 40 * H  # one week
    assert between(office, "2025-06-16T16:30:00Z", "2025-06-17T09:30:00Z") == H  # across the night
    assert between(office, "2025-06-21T00:00:00Z", "2025-06-23T00:00:00Z") == ZERO  # a weekend
    # Wed 12-24 and Fri 12-26; Thu 12-25 is a holiday.
    assert between(office, "2025-12-24T09:00:00Z", "2025-12-27T00:00:00Z") == 16 * H


def test_between_is_zero_when_the_end_is_not_after_the_start(office: pv.Calendar) -> None:
    a = at("2025-06-16T10:00:00Z")
    assert office.business_time_between(a, a) == ZERO
    assert office.business_time_between(a, a - 30 * H) == ZERO
    assert office.business_time_between(at("2025-06-23T10:00:00Z"), a) == ZERO


def test_negative_amount_is_refused(office: pv.Calendar) -> None:
    with pytest.raises(pv.ValidationError) as info:
        office.add_business_time(at("2025-06-16T10:00:00Z"), -S)
    assert str(info.value) == "amount: must be >= 0, got -1s"
    assert info.value.code == 3


def test_intervals_ending_at_midnight_join_the_next_day() -> None:
    # Sunday 22:00-24:00 and Monday 00:00-01:00 make one 3-hour stretch.
    cal = calendar({"sun": [["22:00", "24:00"]], "mon": [["00:00", "01:00"]]})
    assert add(cal, "2025-06-15T22:00:00Z", 2 * H) == "2025-06-16T00:00:00Z"
    assert add(cal, "2025-06-15T23:00:00Z", 2 * H) == "2025-06-16T01:00:00Z"
    # 30 min on Monday, then the next Sunday 22:00.
    assert add(cal, "2025-06-16T00:30:00Z", H) == "2025-06-22T22:30:00Z"
    assert between(cal, "2025-06-15T00:00:00Z", "2025-06-17T00:00:00Z") == 3 * H


# ---- Business time, Europe/Madrid with split shifts ---------------------------
# Summer (CEST, UTC+2): Mon-Thu 09:00-14:00 = 07:00Z-12:00Z, 16:00-19:00 =
# 14:00Z-17:00Z; Fri 08:00-15:00 = 06:00Z-13:00Z. Winter (CET): one hour later in UTC.


def test_split_shifts(madrid: pv.Calendar) -> None:
    # Mon 2025-06-16 09:00 + 5 h = 14:00 (12:00Z), the end of the morning shift, not 16:00.
    assert add(madrid, "2025-06-16T07:00:00Z", 5 * H) == "2025-06-16T12:00:00Z"
    # One second more: 16:00:01 local.
    assert add(madrid, "2025-06-16T07:00:00Z", 5 * H + S) == "2025-06-16T14:00:01Z"
    # 09:00 + 8 h = 19:00 the same day (17:00Z).
    assert add(madrid, "2025-06-16T07:00:00Z", 8 * H) == "2025-06-16T17:00:00Z"
    # 13:00 -> 17:00 local holds 1 h before lunch and 1 h after.
    assert between(madrid, "2025-06-16T11:00:00Z", "2025-06-16T15:00:00Z") == 2 * H
    # Friday's single shift: 14:00 + 2 h = 1 h to 15:00, then Monday 09:00 + 1 h.
    assert add(madrid, "2025-06-20T12:00:00Z", 2 * H) == "2025-06-23T08:00:00Z"


def test_start_outside_working_time_and_in_the_gap(madrid: pv.Calendar) -> None:
    # Before opening: 07:30 + 30 min = 09:30 local.
    assert add(madrid, "2025-06-16T05:30:00Z", 30 * MIN) == "2025-06-16T07:30:00Z"
    # In the lunch gap: 15:00 + 1 h = 17:00 local.
    assert add(madrid, "2025-06-16T13:00:00Z", H) == "2025-06-16T15:00:00Z"
    # After closing: Monday 20:00 + 1 h = Tuesday 10:00 local.
    assert add(madrid, "2025-06-16T18:00:00Z", H) == "2025-06-17T08:00:00Z"
    # Weekend: Saturday 10:00 + 1 h = Monday 10:00 local.
    assert add(madrid, "2025-06-21T08:00:00Z", H) == "2025-06-23T08:00:00Z"
    # Holiday: Thursday 2025-05-01; Friday 05-02 is one too, so Monday 05-05 10:00 local.
    assert add(madrid, "2025-05-01T08:00:00Z", H) == "2025-05-05T08:00:00Z"


def test_zero_amount_madrid(madrid: pv.Calendar) -> None:
    cases = [
        ("2025-06-16T08:00:00Z", "2025-06-16T08:00:00Z"),  # 10:00 local, inside
        ("2025-06-16T13:00:00Z", "2025-06-16T14:00:00Z"),  # lunch gap -> 16:00 local
        ("2025-06-16T17:00:00Z", "2025-06-17T07:00:00Z"),  # 19:00 closing -> Tue 09:00
        ("2025-06-21T08:00:00Z", "2025-06-23T07:00:00Z"),  # Saturday -> Monday 09:00
        ("2025-05-01T08:00:00Z", "2025-05-05T07:00:00Z"),  # holidays Thu, Fri -> Monday
    ]
    for start, expected in cases:
        assert add(madrid, start, ZERO) == expected, start


def test_winter(madrid: pv.Calendar) -> None:
    # Mon 2025-01-13 09:00 CET = 08:00Z; + 5 h = 14:00 CET = 13:00Z.
    assert add(madrid, "2025-01-13T08:00:00Z", 5 * H) == "2025-01-13T13:00:00Z"


def test_spans_of_several_weeks_madrid(madrid: pv.Calendar) -> None:
    # One week from Monday 00:00 local (Sunday 22:00Z): 4 * 8 h + 7 h = 39 h.
    assert between(madrid, "2025-06-15T22:00:00Z", "2025-06-22T22:00:00Z") == 39 * H
    # Mon 2025-06-02 09:00 + 3 * 39 h (no holidays in June) ends Fri 06-20 15:00 local.
    assert add(madrid, "2025-06-02T07:00:00Z", 117 * H) == "2025-06-20T13:00:00Z"
    # Holy week 2025: Mon-Wed 04-14..16 only (24 h); Thu and Fri are holidays.
    assert between(madrid, "2025-04-13T22:00:00Z", "2025-04-20T22:00:00Z") == 24 * H
    # The whole of 2025, local midnight to local midnight (both CET). 53 Wednesdays,
    # 52 of every other weekday. Mon-Thu: 209 days - 6 holidays (01-01, 01-06, 04-17,
    # 05-01, 12-08, 12-25) = 203 * 8 h = 1624 h. Fridays: 52 - 3 (04-18, 05-02, 08-15)
    # = 49 * 7 h = 343 h. Total 1967 h ...
    assert between(madrid, "2024-12-31T23:00:00Z", "2025-12-31T23:00:00Z") == 1967 * H
    # ... so it ends at closing on Wed 2025-12-31, 19:00 CET = 18:00Z.
    assert add(madrid, "2024-12-31T23:00:00Z", 1967 * H) == "2025-12-31T18:00:00Z"


def test_another_zone_lima() -> None:
    # America/Lima is UTC-5 all year: 09:00-18:00 local = 14:00Z-23:00Z.
    cal = calendar(
        {"mon": [["09:00", "18:00"]], "tue": [["09:00", "18:00"]]}, timezone_name="America/Lima"
    )
    assert add(cal, "2025-06-16T14:00:00Z", 9 * H) == "2025-06-16T23:00:00Z"
    assert add(cal, "2025-06-16T14:00:00Z", 10 * H) == "2025-06-17T15:00:00Z"
    assert add(cal, "2025-01-13T10:00:00Z", ZERO) == "2025-01-13T14:00:00Z"


# ---- Daylight saving time in Europe/Madrid, 2025 -------------------------------

ALL_DAY = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def test_all_day_calendar_has_23_and_25_hour_days() -> None:
    cal = calendar(ALL_DAY, timezone_name="Europe/Madrid")
    # 2025-03-30: local midnight is 23:00Z the day before (CET), the next 22:00Z
    # (CEST): 23 h. 2025-10-26: 22:00Z the day before (CEST) to 23:00Z (CET): 25 h.
    assert between(cal, "2025-03-29T23:00:00Z", "2025-03-30T22:00:00Z") == 23 * H
    assert between(cal, "2025-10-25T22:00:00Z", "2025-10-26T23:00:00Z") == 25 * H
    assert between(cal, "2025-06-15T22:00:00Z", "2025-06-16T22:00:00Z") == 24 * H
    # Working all the time, elapsed working time is elapsed real time.
    assert add(cal, "2025-03-29T23:00:00Z", 23 * H) == "2025-03-30T22:00:00Z"
    assert add(cal, "2025-10-25T22:00:00Z", 25 * H) == "2025-10-26T23:00:00Z"
    # 01:30 CET + 1 h = 03:30 CEST.
    assert add(cal, "2025-03-30T00:30:00Z", H) == "2025-03-30T01:30:00Z"


def test_sunday_calendar_keeps_eight_hours_and_shifts_in_utc() -> None:
    cal = calendar({"sun": [["09:00", "17:00"]]}, timezone_name="Europe/Madrid")
    # Both change days are Sundays; 09:00-17:00 lies away from the change.
    assert between(cal, "2025-03-30T00:00:00Z", "2025-03-31T00:00:00Z") == 8 * H
    assert between(cal, "2025-10-26T00:00:00Z", "2025-10-27T00:00:00Z") == 8 * H
    # Sun 03-23 09:00 CET = 08:00Z, ends 16:00Z; Sun 03-30 09:00 CEST = 07:00Z.
    assert add(cal, "2025-03-23T08:00:00Z", 9 * H) == "2025-03-30T08:00:00Z"
    assert add(cal, "2025-03-30T07:00:00Z", 8 * H) == "2025-03-30T15:00:00Z"
    assert add(cal, "2025-03-29T12:00:00Z", ZERO) == "2025-03-30T07:00:00Z"
    # Sun 10-19 09:00 CEST = 07:00Z, ends 15:00Z; Sun 10-26 09:00 CET = 08:00Z.
    assert add(cal, "2025-10-19T07:00:00Z", 9 * H) == "2025-10-26T09:00:00Z"
    assert add(cal, "2025-10-26T08:00:00Z", 8 * H) == "2025-10-26T16:00:00Z"
    assert add(cal, "2025-10-25T12:00:00Z", ZERO) == "2025-10-26T08:00:00Z"


def test_an_interval_across_the_change_has_its_real_length() -> None:
    # Sunday 01:00-04:00 local. On 2025-03-30: 01:00 CET = 00:00Z to 04:00 CEST =
    # 02:00Z, 2 h. On 2025-10-26: 01:00 CEST = 23:00Z (10-25) to 04:00 CET = 03:00Z,
    # 4 h. On an ordinary winter Sunday (03-23): 00:00Z to 03:00Z, 3 h.
    cal = calendar({"sun": [["01:00", "04:00"]]}, timezone_name="Europe/Madrid")
    assert between(cal, "2025-03-29T12:00:00Z", "2025-03-31T00:00:00Z") == 2 * H
    assert between(cal, "2025-10-25T12:00:00Z", "2025-10-27T00:00:00Z") == 4 * H
    assert between(cal, "2025-03-22T12:00:00Z", "2025-03-24T00:00:00Z") == 3 * H
    assert add(cal, "2025-03-30T00:00:00Z", 2 * H) == "2025-03-30T02:00:00Z"
    assert add(cal, "2025-10-25T23:00:00Z", 4 * H) == "2025-10-26T03:00:00Z"


def test_the_skipped_and_the_repeated_hour() -> None:
    # docs/time.md: a boundary in the skipped hour maps to the jump, so [02:00, 03:00)
    # on 2025-03-30 is empty; in the repeated hour a start maps to its first
    # occurrence and an end to its second, so [02:00, 03:00) on 2025-10-26 runs from
    # 02:00 CEST (00:00Z) to 03:00 CET (02:00Z): 2 h.
    cal = calendar({"sun": [["02:00", "03:00"]]}, timezone_name="Europe/Madrid")
    assert between(cal, "2025-03-29T12:00:00Z", "2025-03-31T00:00:00Z") == ZERO
    assert between(cal, "2025-10-25T12:00:00Z", "2025-10-27T00:00:00Z") == 2 * H
    assert add(cal, "2025-10-25T12:00:00Z", 2 * H) == "2025-10-26T02:00:00Z"
    # An ordinary Sunday (03-23, CET): 01:00Z to 02:00Z.
    assert between(cal, "2025-03-22T12:00:00Z", "2025-03-24T00:00:00Z") == H


def test_split_shifts_across_both_changes(madrid: pv.Calendar) -> None:
    # Fri 2025-03-28 14:00 CET (13:00Z) + 2 h: 1 h to 15:00 CET, then Mon 03-31
    # 09:00 CEST (07:00Z) + 1 h = 08:00Z.
    assert add(madrid, "2025-03-28T13:00:00Z", 2 * H) == "2025-03-31T08:00:00Z"
    # Fri 2025-10-24 14:00 CEST (12:00Z) + 2 h: 1 h to 15:00 CEST, then Mon 10-27
    # 09:00 CET (08:00Z) + 1 h = 09:00Z.
    assert add(madrid, "2025-10-24T12:00:00Z", 2 * H) == "2025-10-27T09:00:00Z"
    # Two full weeks around the March change, local Monday midnight to local Monday
    # midnight (03-23 23:00Z CET to 04-06 22:00Z CEST): 2 * 39 h.
    assert between(madrid, "2025-03-23T23:00:00Z", "2025-04-06T22:00:00Z") == 78 * H


def test_local_times_in_any_zone_mean_the_same_instant(madrid: pv.Calendar) -> None:
    # Mon 2025-06-16 09:00 in Madrid is 07:00Z, 03:00 in New York (EDT, UTC-4) and
    # 09:00 at a fixed +02:00 offset.
    starts = [
        datetime(2025, 6, 16, 9, 0, tzinfo=MADRID_ZONE),
        datetime(2025, 6, 16, 3, 0, tzinfo=ZoneInfo("America/New_York")),
        datetime(2025, 6, 16, 9, 0, tzinfo=timezone(timedelta(hours=2))),
        at("2025-06-16T07:00:00Z"),
    ]
    for start in starts:
        assert madrid.add_business_time(start, 5 * H) == at("2025-06-16T12:00:00Z"), start
        assert madrid.business_time_between(start, at("2025-06-16T15:00:00Z")) == 6 * H, start


# ---- The Python face: types, UTC results, microseconds, errors -----------------


def test_results_are_aware_utc_datetimes(madrid: pv.Calendar) -> None:
    start = datetime(2025, 10, 24, 14, 0, tzinfo=MADRID_ZONE)
    end = madrid.add_business_time(start, 2 * H)
    assert type(end) is datetime
    assert end.tzinfo is timezone.utc
    assert end.utcoffset() == ZERO
    assert end == at("2025-10-27T09:00:00Z")
    assert type(madrid.business_time_between(start, end)) is timedelta
    assert type(madrid.add_business_days(d("2025-06-16"), 1)) is date
    assert type(pv.add_months(d("2025-06-16"), 1)) is date


def test_microseconds_are_kept(office: pv.Calendar) -> None:
    start = at("2025-06-16T10:00:00.123456Z")
    assert office.add_business_time(start, US) == at("2025-06-16T10:00:00.123457Z")
    assert office.add_business_time(start, ZERO) == start
    # 16:59:59.999999 + 2 us: 1 us on Monday, 1 us from Tuesday 09:00.
    assert add(office, "2025-06-16T16:59:59.999999Z", 2 * US) == "2025-06-17T09:00:00.000001Z"
    assert office.business_time_between(start, at("2025-06-16T10:00:01.000000Z")) == timedelta(
        microseconds=876544
    )
    # A microsecond before opening, and one after closing.
    assert add(office, "2025-06-16T08:59:59.999999Z", US) == "2025-06-16T09:00:00.000001Z"
    assert between(office, "2025-06-16T16:59:59.999999Z", "2025-06-16T17:00:00.000001Z") == US


@pytest.mark.parametrize("method", ["add_business_time", "business_time_between"])
def test_naive_datetimes_are_refused(office: pv.Calendar, method: str) -> None:
    naive = datetime(2025, 6, 16, 10, 0)
    aware = at("2025-06-16T10:00:00Z")
    calls: list[tuple[str, Callable[[], object]]]
    if method == "add_business_time":
        calls = [("start", lambda: office.add_business_time(naive, H))]
    else:
        calls = [
            ("a", lambda: office.business_time_between(naive, aware)),
            ("b", lambda: office.business_time_between(aware, naive)),
        ]
    for name, call in calls:
        with pytest.raises(pv.ValidationError) as info:
            call()
        assert str(info.value) == (
            f"{name}: naive datetime; pass a timezone-aware datetime "
            "(e.g. tzinfo=datetime.timezone.utc)"
        )
        assert isinstance(info.value, ValueError)


def test_a_tzinfo_without_an_offset_is_naive(office: pv.Calendar) -> None:
    class NoOffset(dt.tzinfo):
        def utcoffset(self, when: datetime | None) -> timedelta | None:
            return None

        def dst(self, when: datetime | None) -> timedelta | None:
            return None

        def tzname(self, when: datetime | None) -> str | None:
            return None

    with pytest.raises(pv.ValidationError, match=r"^start: naive datetime"):
        office.add_business_time(datetime(2025, 6, 16, 10, tzinfo=NoOffset()), H)


def test_wrong_types_raise_type_error(office: pv.Calendar) -> None:
    aware = at("2025-06-16T10:00:00Z")
    with pytest.raises(
        TypeError, match=r"^date: expected a datetime.date, got a datetime.datetime"
    ):
        office.is_holiday(aware)  # a datetime is a date subclass: refused all the same
    with pytest.raises(
        TypeError, match=r"^date: expected a datetime.date, got a datetime.datetime"
    ):
        office.add_business_days(aware, 1)
    with pytest.raises(TypeError, match=r"^date: expected a datetime.date, got str$"):
        office.is_working_day("2025-06-16")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^n: expected an integer, got float$"):
        office.add_business_days(d("2025-06-16"), 1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^amount: expected a datetime.timedelta, got int$"):
        office.add_business_time(aware, 3600)  # type: ignore[arg-type]
    with pytest.raises(
        TypeError, match=r"^start: expected a timezone-aware datetime.datetime, got date$"
    ):
        office.add_business_time(d("2025-06-16"), H)  # type: ignore[arg-type]
    with pytest.raises(
        TypeError, match=r"^a: expected a timezone-aware datetime.datetime, got str$"
    ):
        office.business_time_between("2025-06-16T10:00:00Z", aware)  # type: ignore[arg-type]


def test_calendar_config_must_be_a_dict(office_config: dict[str, Any]) -> None:
    import json

    with pytest.raises(TypeError, match=r"^config: expected a dict, got str$"):
        pv.Calendar(json.dumps(office_config))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^config: expected a dict, got NoneType$"):
        pv.Calendar(None)  # type: ignore[arg-type]
    office_config["holidays"] = [datetime(2025, 12, 8, tzinfo=UTC)]  # a datetime is no date
    with pytest.raises(TypeError, match=r"cannot be part of a calendar's configuration"):
        pv.Calendar(office_config)
    office_config["holidays"] = {"annual:01-01"}  # a set
    with pytest.raises(TypeError, match=r"^config: a value of type set"):
        pv.Calendar(office_config)


def test_week_intervals_may_be_tuples(office_config: dict[str, Any]) -> None:
    office_config["week"] = {"mon": [("09:00", "17:00")]}
    cal = pv.Calendar(office_config)
    assert add(cal, "2025-06-16T09:00:00Z", 8 * H) == "2025-06-16T17:00:00Z"


# The messages are the core's status.message(), which the C ABI's pv_last_error()
# returns too, byte for byte; these are the examples docs/time.md documents.
@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            {"timezone": "UTC", "week": {"mon": [["09:00", "25:00"]]}},
            'week.mon[0][1]: "25:00" is not a time HH:MM from 00:00 to 24:00',
        ),
        (
            {"timezone": "UTC", "week": {"mon": [["09:00", "14:00"], ["13:00", "15:00"]]}},
            "week.mon[1]: interval 13:00-15:00 overlaps or comes before 09:00-14:00 "
            "(intervals must be sorted and must not overlap)",
        ),
        (
            {"timezone": "Europe/Madrd", "week": {"mon": [["09:00", "17:00"]]}},
            'timezone: unknown time zone "Europe/Madrd" '
            '(expected an IANA name such as "Europe/Madrid")',
        ),
        (
            {"timezone": "UTC", "week": {}, "holidays": ["annual:01-01", "easter:x"]},
            'holidays[1]: bad holiday rule "easter:x": '
            "expected easter:\u00b1K with K a whole number of days (|K| <= 366)",
        ),
        (
            {"timezon": "Europe/Madrid", "week": {}},
            'calendar: unknown field "timezon" '
            "(expected timezone, week, holidays, observed, years)",
        ),
    ],
)
def test_invalid_configuration_message_is_the_c_abi_message(
    config: dict[str, Any], message: str
) -> None:
    with pytest.raises(pv.ValidationError) as info:
        pv.Calendar(config)
    assert str(info.value) == message
    assert info.value.args == (message,)
    assert info.value.code == 3  # PV_INVALID_ARGUMENT


# One fault each: the field and the bad value the message must name.
@pytest.mark.parametrize(
    ("change", "mentions"),
    [
        ({"week": {"mun": [["09:00", "17:00"]]}}, ["week", "mun"]),
        ({"week": {"tue": [["09:60", "12:00"]]}}, ["week.tue", "09:60"]),
        (
            {"week": {"mon": [["09:00", "12:00"], ["13:00", "12:00"]]}},
            ["week.mon[1]", "13:00", "12:00"],
        ),
        ({"week": {"wed": [["12:00", "12:00"]]}}, ["week.wed", "12:00"]),
        ({"week": {"fri": [["14:00", "15:00"], ["09:00", "10:00"]]}}, ["week.fri", "09:00"]),
        ({"week": {"sat": [["09:00", "24:30"]]}}, ["week.sat", "24:30"]),
        ({"week": {"sun": [["9am", "12:00"]]}}, ["week.sun", "9am"]),
        ({"week": {"mon": "09:00-17:00"}}, ["week.mon", "09:00-17:00"]),
        ({"timezone": "Europe/Atlantis"}, ["timezone", "Europe/Atlantis"]),
        ({"holidays": ["nth:6:mon:01"]}, ["holidays[0]", "nth:6:mon:01"]),
        ({"holidays": ["annual:01-01", "nth:1:mon:13"]}, ["holidays[1]", "nth:1:mon:13"]),
        ({"holidays": ["last:xyz:05"]}, ["holidays[0]", "last:xyz:05"]),
        ({"holidays": ["annual:02-30"]}, ["holidays[0]", "annual:02-30"]),
        ({"holidays": ["2025-02-29"]}, ["holidays[0]", "2025-02-29"]),
        ({"holidays": ["christmas"]}, ["holidays[0]", "christmas"]),
        ({"observed": "saturday_to_monday"}, ["observed", "saturday_to_monday"]),
        ({"years": [2030, 2020]}, ["years", "2030", "2020"]),
    ],
)
def test_invalid_configuration_names_the_field_and_the_value(
    office_config: dict[str, Any], change: dict[str, Any], mentions: list[str]
) -> None:
    office_config.update(change)
    with pytest.raises(pv.ValidationError) as info:
        pv.Calendar(office_config)
    for word in mentions:
        assert word in str(info.value)


def test_queries_outside_the_calendars_years_are_out_of_range(
    office_config: dict[str, Any],
) -> None:
    office_config["years"] = [2024, 2026]
    cal = pv.Calendar(office_config)
    assert cal.is_holiday(d("2026-12-25")) is True
    for call in (
        lambda: cal.is_holiday(d("2027-01-01")),
        lambda: cal.is_working_day(d("2023-12-31")),
        lambda: cal.add_business_days(d("2026-12-30"), 5),
        lambda: cal.add_business_time(at("2027-01-04T10:00:00Z"), H),
        lambda: between(cal, "2023-06-01T00:00:00Z", "2024-06-01T00:00:00Z"),
    ):
        with pytest.raises(pv.ValidationError) as info:
            call()
        assert info.value.code == 11  # PV_OUT_OF_RANGE
        assert "2026" in str(info.value)
    with pytest.raises(pv.ValidationError) as info:
        cal.is_holiday(d("2027-01-01"))
    assert "2027-01-01" in str(info.value) and "2024..2026" in str(info.value)


def test_error_classes() -> None:
    assert issubclass(pv.Error, Exception)
    assert issubclass(pv.ValidationError, pv.Error) and issubclass(pv.ValidationError, ValueError)
    assert issubclass(pv.NotFoundError, pv.Error) and issubclass(pv.NotFoundError, LookupError)
    assert issubclass(pv.StorageError, pv.Error)
    assert not issubclass(pv.StorageError, (ValueError, LookupError, OSError))
    assert pv.ValidationError.__module__ == "postventa"
    assert pv._core.ValidationError is pv.ValidationError


def test_errors_survive_pickling() -> None:
    with pytest.raises(pv.ValidationError) as info:
        pv.Calendar({"timezone": "Europe/Madrd", "week": {}})
    again = pickle.loads(pickle.dumps(info.value))
    assert type(again) is pv.ValidationError
    assert str(again) == str(info.value)
    assert again.code == 3


# ---- Properties ---------------------------------------------------------------


class MadridModel:
    """A deliberately naive model of the MADRID configuration for 2024-2027: walks
    day by day and converts each interval's local ends with Python's zoneinfo (not
    Abseil). Holy Thursday and Good Friday written out from the Easter dates."""

    HOLIDAYS = {
        date(year, month, day)
        for year in range(2023, 2029)
        for month, day in [
            (1, 1),
            (1, 6),
            (5, 1),
            (5, 2),
            (8, 15),
            (10, 12),
            (11, 1),
            (12, 6),
            (12, 8),
            (12, 25),
        ]
    } | {
        d(x)
        for x in [
            "2024-03-28",
            "2024-03-29",
            "2025-04-17",
            "2025-04-18",
            "2026-04-02",
            "2026-04-03",
            "2027-03-25",
            "2027-03-26",
        ]
    }

    def intervals(self, day: date) -> list[tuple]:
        if day in self.HOLIDAYS or day.weekday() >= 5:
            return []
        hours = [(8, 15)] if day.weekday() == 4 else [(9, 14), (16, 19)]
        out = []
        for start, end in hours:
            # None of these local times falls in a DST change (those are at 02:00-03:00).
            out.append(
                (
                    datetime(day.year, day.month, day.day, start, tzinfo=MADRID_ZONE),
                    datetime(day.year, day.month, day.day, end, tzinfo=MADRID_ZONE),
                )
            )
        return out

    def between(self, a: datetime, b: datetime) -> timedelta:
        total = ZERO
        day = a.astimezone(MADRID_ZONE).date() - timedelta(days=1)
        last = b.astimezone(MADRID_ZONE).date() + timedelta(days=1)
        while day <= last:
            for start, end in self.intervals(day):
                lo, hi = max(a, start), min(b, end)
                if lo < hi:
                    total += hi - lo
            day += timedelta(days=1)
        return total


SPECIAL_INSTANTS = [
    at(x)
    for x in [
        "2025-03-30T00:59:59Z",
        "2025-03-30T01:00:00Z",
        "2025-03-29T23:00:00Z",
        "2025-10-26T00:59:59Z",
        "2025-10-26T01:00:00Z",
        "2025-10-25T22:00:00Z",
        "2025-03-28T13:59:59Z",
        "2025-03-28T14:00:00Z",
        "2025-10-24T12:59:59Z",
        "2025-06-16T07:00:00Z",
        "2025-06-16T11:59:59Z",
        "2025-06-16T12:00:00Z",
        "2025-06-16T14:00:00Z",
        "2025-06-16T17:00:00Z",
        "2025-06-20T13:00:00Z",
        "2025-06-21T10:00:00Z",
        "2025-04-17T08:00:00Z",
        "2025-05-01T00:00:00Z",
        "2025-12-31T18:00:00Z",
        "2024-12-31T23:00:00Z",
        "2024-02-29T10:00:00Z",
    ]
]
FROM = at("2024-01-01T00:00:00Z")
SPAN_SECONDS = int((at("2027-09-01T00:00:00Z") - FROM).total_seconds())
MAX_AMOUNT_SECONDS = 60 * 8 * 3600  # 60 working days of at most 8 h


def random_instant(rng: random.Random) -> datetime:
    """In [2024-01-01, 2027-09-01): whole seconds, quarter hours (interval ends are on
    those), microseconds, or an instant that is easy to get wrong."""
    kind = rng.randrange(4)
    if kind == 0:
        return FROM + timedelta(seconds=rng.randrange(SPAN_SECONDS))
    if kind == 1:
        return FROM + timedelta(minutes=15 * rng.randrange(SPAN_SECONDS // 900))
    if kind == 2:
        return FROM + timedelta(microseconds=rng.randrange(SPAN_SECONDS * 10**6))
    return rng.choice(SPECIAL_INSTANTS)


def random_amount(rng: random.Random) -> timedelta:
    kind = rng.randrange(8)
    if kind == 0:
        return ZERO
    if kind in (1, 2):
        return timedelta(minutes=30 * rng.randrange(MAX_AMOUNT_SECONDS // 1800 + 1))
    if kind == 3:
        return timedelta(microseconds=rng.randrange(MAX_AMOUNT_SECONDS * 10**6 + 1))
    return timedelta(seconds=rng.randrange(MAX_AMOUNT_SECONDS + 1))


def test_property_between_undoes_add_business_time(madrid: pv.Calendar) -> None:
    rng = random.Random(20250330)
    for _ in range(10_000):
        a = random_instant(rng)
        s = random_amount(rng)
        end = madrid.add_business_time(a, s)
        assert end >= a, (a, s)
        assert madrid.business_time_between(a, end) == s, (a, s, end)


def test_property_result_is_the_first_such_instant(madrid: pv.Calendar) -> None:
    # For a positive amount the microsecond before the result is working time; for a
    # zero amount the result is working time with nothing worked before it.
    rng = random.Random(71)
    for _ in range(3_000):
        a = random_instant(rng)
        s = random_amount(rng)
        end = madrid.add_business_time(a, s)
        if s > ZERO:
            assert madrid.business_time_between(end - US, end) == US, (a, s, end)
        else:
            assert madrid.business_time_between(end, end + US) == US, (a, end)
            assert madrid.business_time_between(a, end) == ZERO, (a, end)


def test_property_agrees_with_a_naive_zoneinfo_model(madrid: pv.Calendar) -> None:
    model = MadridModel()
    rng = random.Random(3)
    for _ in range(300):
        a = random_instant(rng)
        b = a + timedelta(seconds=rng.randrange(100 * 86400))
        assert madrid.business_time_between(a, b) == model.between(a, b), (a, b)
        s = random_amount(rng)
        assert model.between(a, madrid.add_business_time(a, s)) == s, (a, s)


# ---- Version and command line ---------------------------------------------------


def test_version_matches_the_c_header(repo_root: Path) -> None:
    header = (repo_root / "include" / "postventa" / "postventa.h").read_text(encoding="utf-8")
    match = re.search(r'^#define PV_VERSION_STRING "([^"]+)"$', header, re.MULTILINE)
    assert match is not None
    assert pv.__version__ == match.group(1)
    from importlib.metadata import version

    assert version("postventa") == match.group(1)  # the wheel's metadata, from the header
    numbers = {}
    for part in ("MAJOR", "MINOR", "PATCH"):
        found = re.search(rf"^#define PV_VERSION_{part} (\d+)$", header, re.MULTILINE)
        assert found is not None, part
        numbers[part] = int(found.group(1))
    assert (
        pv._core.version_number
        == numbers["MAJOR"] * 10000 + numbers["MINOR"] * 100 + numbers["PATCH"]
    )


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    # From a scratch directory, so that only the installed package can be imported.
    return subprocess.run(
        [sys.executable, "-m", "postventa", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_deadlines_runs_with_its_examples(tmp_path: Path) -> None:
    result = run_cli("deadlines", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # Delivered 2024-02-29 + 36 months: February 2027 has no 29th, so 2027-02-28 (a
    # Sunday); 2024-03-15 + 36 months = 2027-03-15.
    assert "Thu 2024-02-29  Sun 2027-02-28" in out
    assert "2027-03-15" in out
    # Opened Sat 2025-12-06 11:00 (a holiday; Mon 12-08 is one too): the 8 working
    # hours run on Tue 12-09, 09:00-14:00 and 16:00-19:00, so the first response is
    # due at closing, 19:00 CET. 15 working days after 12-06: Dec 9-12 (4), 15-19 (9),
    # 22-24 (12), 26 (13; 25 is Christmas), 29 (14), 30 (15) -> Tue 2025-12-30.
    assert "Sat 2025-12-06 11:00 CET   Tue 2025-12-09 19:00 CET   Tue 2025-12-30" in out


def test_cli_deadlines_with_options(tmp_path: Path) -> None:
    result = run_cli(
        "deadlines",
        "--delivered",
        "2023-05-31",
        "--delivered",
        "2022-12-31",
        "--opened",
        "2025-12-05T13:00",
        "--opened",
        "2025-06-16T08:00Z",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Wed 2023-05-31  Sun 2026-05-31" in out
    assert "Sat 2022-12-31  Wed 2025-12-31" in out
    assert "2024-02-29" not in out  # the examples are replaced
    # Fri 2025-12-05 13:00 local: 2 h to 15:00; Mon 12-08 is a holiday; Tue 12-09
    # 09:00-14:00 (5 h) and 16:00-17:00 (1 h) -> 17:00 CET. Resolution: 15 working
    # days after 12-05 = Tue 2025-12-30 (as above, 12-06 and 12-07 being a weekend).
    assert "Fri 2025-12-05 13:00 CET   Tue 2025-12-09 17:00 CET   Tue 2025-12-30" in out
    # 08:00Z is Mon 2025-06-16 10:00 CEST: 4 h to 14:00, 3 h 16:00-19:00, then Tue
    # 09:00 + 1 h = 10:00. 15 working days after 06-16: Jun 17-20 (4), 23-27 (9),
    # Jun 30-Jul 4 (14), Mon Jul 7 (15).
    assert "Mon 2025-06-16 10:00 CEST  Tue 2025-06-17 10:00 CEST  Mon 2025-07-07" in out


def test_cli_deadlines_with_a_calendar_file(tmp_path: Path, office_config: dict[str, Any]) -> None:
    import json

    path = tmp_path / "office.json"
    path.write_text(json.dumps(office_config), encoding="utf-8")
    result = run_cli("deadlines", "--calendar", str(path), "--opened", "2025-06-16T09:00Z", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # 09:00 + 8 h on a 09:00-17:00 day is 17:00 the same day. 15 working days after
    # Mon 06-16 in a Monday-to-Friday week: Jun 17-20 (4), 23-27 (9), Jun 30-Jul 4
    # (14), Mon Jul 7 (15).
    assert "Mon 2025-06-16 09:00 UTC  Mon 2025-06-16 17:00 UTC  Mon 2025-07-07" in result.stdout


def test_cli_refuses_bad_input(tmp_path: Path) -> None:
    result = run_cli("deadlines", "--delivered", "2025-02-30", cwd=tmp_path)
    assert result.returncode == 2
    assert "'2025-02-30' is not a date YYYY-MM-DD" in result.stderr
    result = run_cli("deadlines", "--calendar", "xx-atlantis", cwd=tmp_path)
    assert result.returncode == 1
    assert 'postventa: error: calendar "xx-atlantis" is not shipped' in result.stderr
    result = run_cli(cwd=tmp_path)  # no command
    assert result.returncode == 2


def test_cli_console_script_is_installed(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "postventa"
    assert script.exists(), script
    result = subprocess.run(
        [str(script), "--version"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"postventa {pv.__version__}"
