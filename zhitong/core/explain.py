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
from typing import NamedTuple

from zhitong.core.instants import DAY, day_start, local_day
from zhitong.core.lifecycle import CaseState, ExtensionMove, extends, extension_moves, milestone_clocks
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
    round: int = 1  # the case's round it belongs to (a reopen starts the next)
    extensions: tuple[ExtensionMove, ...] = ()  # approved extensions, after the pauses

    @property
    def due(self) -> Due:
        if self.extensions:
            return self.extensions[-1].due
        return self.pauses[-1].due if self.pauses else self.first

    @property
    def limit_unit(self) -> str:
        return Limit.parse(self.limit).unit

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
    for name, start, limit_text, clock, met_at, round_number in milestone_clocks(state):
        limit = Limit.parse(limit_text)
        first, moves = paused_deadline(calendar, start, limit, clock, state.pauses, met_at)
        days = () if clock == CALENDAR else days_crossed(calendar, names, start, limit, first.at)
        paused = moves[-1].due if moves else first
        extended = extension_moves(calendar, paused, clock, state.extended) if extends(state, name, round_number) else []
        told.append(Story(name, limit_text, clock, start, first, days, tuple(moves), met_at, round_number, tuple(extended)))
    return told


class Run(NamedTuple):
    """Consecutive days off on a deadline's way."""

    first: date
    last: date
    kind: str  # holiday when any day of it is one, else weekend
    names: list[str]  # the holidays' names in it, in order


def skipped_runs(days: tuple[Day, ...]) -> list[Run]:
    """The days off, in runs of consecutive days."""
    runs: list[Run] = []
    for day in days:
        if day.kind in (WORKDAY, MAKEUP):
            continue
        if runs and (day.day - runs[-1].last).days == 1:
            run = runs[-1]
            runs[-1] = run._replace(last=day.day, kind=HOLIDAY if day.kind == HOLIDAY else run.kind)
        else:
            runs.append(Run(day.day, day.day, day.kind, []))
        if day.name and day.name not in runs[-1].names:
            runs[-1].names.append(day.name)
    return runs
