"""The shipped holiday schedule, cross-checked against an independent source (python-holidays)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays
import pytest
from chinese_calendar import constants

from zhitong.core.calendar_data import CORRECTIONS, FIRST_YEAR, LAST_YEAR, work_calendar

YEARS = range(FIRST_YEAR, LAST_YEAR + 1)  # 2004–2026


@cache
def engine():
    return work_calendar()


def days_of(year: int):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def test_data_covers_2004_to_2026():
    assert (FIRST_YEAR, LAST_YEAR) == (2004, 2026)
    assert all(engine().is_covered(date(year, 6, 1)) for year in YEARS)
    assert not engine().is_covered(date(2027, 1, 1))
    assert not engine().is_covered(date(2003, 12, 31))


@pytest.mark.parametrize("year", YEARS)
def test_weekend_working_days_match_python_holidays(year):
    china = holidays.China(years=year)
    # python-holidays also lists make-up days of neighbouring years in every instance; keep
    # this year's.
    theirs = {day for day in china.weekend_workdays if day.year == year}
    ours = {day for day in days_of(year) if day.weekday() >= 5 and engine().is_working_day(day)}
    assert sorted(theirs - ours) == [], "make-up days python-holidays has and zhitong lacks"
    assert sorted(ours - theirs) == [], "weekend working days zhitong has and python-holidays lacks"


@pytest.mark.parametrize("year", YEARS)
def test_every_day_matches_python_holidays(year):
    # python-holidays' China list holds whole holiday blocks (including the 调休 days off), so
    # its is_working_day is a complete second opinion, weekdays included.
    china = holidays.China(years=year)
    disagree = [
        (day.isoformat(), engine().is_working_day(day), china.get(day))
        for day in days_of(year)
        if engine().is_working_day(day) != china.is_working_day(day)
    ]
    assert disagree == []


def test_2005_12_31_is_a_working_day():
    # Saturday 2005-12-31 was the make-up working day for the 2006 New Year holiday
    # (Jan 1–3 2006), per the State Council notice for 2006.
    day = date(2005, 12, 31)
    assert day.weekday() == 5
    assert engine().is_working_day(day)
    assert CORRECTIONS[day][0] is True
    assert holidays.China(years=2006).is_working_day(day)  # the independent source agrees


def test_the_2005_correction_is_still_needed():
    # chinese-calendar 1.11 does not list the day, so without the correction it would be a
    # plain Saturday. If this fails, the package has been fixed and the correction is redundant.
    assert date(2005, 12, 31) not in constants.workdays
    assert date(2005, 12, 31) not in constants.holidays


def test_user_entries_win_over_shipped_data():
    # 2026-10-07 is a shipped holiday (last day of the National Day block) and 2026-10-08 a
    # plain Thursday; an officer's entries override both.
    assert not engine().is_working_day(date(2026, 10, 7))
    assert engine().is_working_day(date(2026, 10, 8))
    calendar = work_calendar(user_days={date(2026, 10, 7): True, date(2026, 10, 8): False})
    assert calendar.is_working_day(date(2026, 10, 7))
    assert not calendar.is_working_day(date(2026, 10, 8))
