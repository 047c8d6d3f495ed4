"""How each deadline of a case was worked out, for `zhitong explain`: settled at the terminal.

The story of a milestone: its limit and clock, where the clock started, every day from there to
the deadline before any pause (counted, or skipped and why, holidays and make-up days named),
each pause and how far it moved the deadline, and which parts are provisional. It is told
with the same arithmetic that made the deadline (``sla.paused_deadline``), so the two agree
by construction; ``tests/test_explain.py`` holds the story's last deadline equal to the stored
one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhitong.core.instants import DAY, day_start, local_day
from zhitong.core.lifecycle import CaseState, milestone_clocks
from zhitong.core.vocabulary import CALENDAR
from zhitong.sla import Due, Limit, PauseMove, WorkCalendar, paused_deadline

# What a day on the clock's way was: worked on a weekday, worked on a weekend (调休上班), a
# weekend day off, a weekday off (a holiday).
WORKDAY, MAKEUP, WEEKEND, HOLIDAY = "workday", "makeup", "weekend", "holiday"


@dataclass(frozen=True, slots=True)
class Day:
    day: date
    kind: str  # workday, makeup, weekend or holiday
    counted: int  # seconds of the limit this day gave (a days limit: a whole day per working day)
    name: str  # the holiday's or make-up day's name, "" for an ordinary day
    provisional: bool  # its year's schedule is not known: weekends only


@dataclass(frozen=True, slots=True)
class Story:
    name: str
    limit: str
    clock: str
    start: int
    first: Due  # the deadline before any pause
    days: tuple[Day, ...]  # from the clock's start to the first deadline (none on the calendar clock)
    pauses: tuple[PauseMove, ...]
    met_at: int | None

    @property
    def due(self) -> Due:
        return self.pauses[-1].due if self.pauses else self.first

    @property
    def counted_days(self) -> int:
        return sum(1 for day in self.days if day.counted)


def day_kind(calendar: WorkCalendar, day: date) -> str:
    weekend = day.weekday() >= 5
    if calendar.is_working_day(day):
        return MAKEUP if weekend else WORKDAY
    return WEEKEND if weekend else HOLIDAY


def days_crossed(calendar: WorkCalendar, names: dict[date, str], start: int, limit: Limit, end: int) -> tuple[Day, ...]:
    """Every day from the day of ``start`` to the one ``end`` falls in (``end`` itself excluded).

    A days limit counts each working day after the intake day whole; an hours or minutes limit
    counts the working time of each day between ``start`` and ``end``.
    """
    first, last = local_day(start), local_day(end - 1)
    days = []
    for ordinal in range(first, max(first, last) + 1):
        day = date.fromordinal(ordinal)
        kind = day_kind(calendar, day)
        if limit.unit == "d":
            counted = DAY if kind in (WORKDAY, MAKEUP) and ordinal != first else 0
        else:
            counted = calendar.working_time(max(start, day_start(ordinal)), min(end, day_start(ordinal + 1)))
        days.append(Day(day, kind, counted, names.get(day, ""), not calendar.is_covered(day)))
    return tuple(days)


def stories(state: CaseState, calendar: WorkCalendar, names: dict[date, str]) -> list[Story]:
    """Each milestone's story, in the order the case's deadlines are shown."""
    told = []
    for name, start, limit_text, clock, met_at, _round in milestone_clocks(state):
        limit = Limit.parse(limit_text)
        first, moves = paused_deadline(calendar, start, limit, clock, state.pauses, met_at)
        days = () if clock == CALENDAR else days_crossed(calendar, names, start, limit, first.at)
        told.append(Story(name, limit_text, clock, start, first, days, tuple(moves), met_at))
    return told


def skipped_runs(days: tuple[Day, ...]) -> list[tuple[Day, Day, list[str]]]:
    """The days off, in runs of consecutive days: (first, last, the holidays' names in it)."""
    runs: list[tuple[Day, Day, list[str]]] = []
    for day in days:
        if day.kind in (WORKDAY, MAKEUP):
            continue
        if runs and (day.day - runs[-1][1].day).days == 1:
            first, _last, named = runs[-1]
            runs[-1] = (first, day, named)
        else:
            runs.append((day, day, []))
        if day.name and day.name not in runs[-1][2]:
            runs[-1][2].append(day.name)
    return runs
