"""The State Council's holiday schedule as shipped by chinese-calendar, with known corrections.

Only the package's data tables are read: its functions validate every key on each call and
count working time differently from zhitong's rules.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

FIRST_YEAR = 2004
WARN_DAYS = 60  # warn this close to the end of the covered years
LAST_YEAR = 2026  # the last year chinese-calendar 1.11 covers

# Days where the package disagrees with the official notice (国办发明电〔2004〕40号 and its
# successors); True means a working day. See chinese-calendar issue #125.
CORRECTIONS: dict[date, tuple[bool, str]] = {
    date(2005, 12, 31): (True, "New Year's Day (make-up working day)"),
}

CHINESE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def shipped_days() -> dict[date, tuple[bool, str]]:
    """Every special day of the shipped years: (is a working day, the holiday's name)."""
    from chinese_calendar import (
        constants,  # ~5 ms: only commands that compute deadlines pay it
    )

    days: dict[date, tuple[bool, str]] = {}
    for day, name in constants.holidays.items():
        days[day] = (False, str(name))
    for day, name in constants.workdays.items():
        days[day] = (True, str(name))
    days.update(CORRECTIONS)
    return days


def day_names(entries: dict[date, tuple[bool, str | None]]) -> dict[date, str]:
    """The name of every special day: the officer's entries (date → (working, name)) over the shipped ones.

    An entry without a name keeps the shipped day's name when it agrees on whether the day is worked.
    """
    shipped = shipped_days()
    names = {day: name for day, (_working, name) in shipped.items()}
    for day, (working, name) in entries.items():
        if name:
            names[day] = name
        elif day in shipped and shipped[day][0] != working:
            del names[day]
    return names


def chinese_name(name: str) -> str:
    base = name.replace(" (make-up working day)", "")
    return CHINESE_NAMES.get(base, name)


def work_calendar(user_days: dict[date, bool] | None = None, user_years=()):
    """The calendar in force: shipped data, then the officer's own entries, which win."""
    return _built_calendar(frozenset((user_days or {}).items()), frozenset(user_years))


# A WorkCalendar never changes once built, so the same entries share one (a few ms to build):
# a process that opens several books, or the same one again, builds each calendar once.
@lru_cache(maxsize=8)
def _built_calendar(user_days: frozenset, user_years: frozenset):
    from zhitong.sla import WorkCalendar

    special = {day: working for day, (working, _name) in shipped_days().items()}
    special.update(user_days)
    return WorkCalendar(special, covered_years(user_years))


def covered_years(user_years=()) -> frozenset[int]:
    """The years whose schedule is known: the shipped ones and those the officer entered."""
    return frozenset(range(FIRST_YEAR, LAST_YEAR + 1)) | frozenset(user_years)


def covered_range(years) -> tuple[int, int]:
    """The first and last year of the unbroken run of covered years that includes 2026."""
    first = last = 2026
    while first - 1 in years:
        first -= 1
    while last + 1 in years:
        last += 1
    return first, last


def coverage_warning(years, current) -> tuple[str, dict] | None:
    """A warning when today is within 60 days of the end of the calendar's coverage, or past it."""
    _first, last = covered_range(years)
    end = date(last, 12, 31)
    days = (end - current.date()).days
    if days < 0:
        return (
            "warning: the holiday calendar ended on {end} ({days} days ago); deadlines since then are provisional — enter the schedule with zhitong calendar import",
            {"end": end.isoformat(), "days": -days},
        )
    if days < WARN_DAYS:
        return (
            "warning: the holiday calendar ends on {end} ({days} days away); deadlines after it are provisional — enter next year's schedule with zhitong calendar import",
            {"end": end.isoformat(), "days": days},
        )
    return None
