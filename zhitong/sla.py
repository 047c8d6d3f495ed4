"""Deadline arithmetic: the working-time clock of DOMAIN.md, pure and indexed.

Instants are whole epoch seconds; days are proleptic ordinals (``date.toordinal``) in the
zone's time. The calendar is materialised once as a flag per day plus two indexes — the
number of working days before each day (``_before``) and the sorted working days (``_workdays``)
— so adding a limit or measuring working time is a handful of list look-ups, never a walk
over days.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cached_property, partial
from itertools import accumulate, compress
from typing import NamedTuple

from zhitong.core import vocabulary
from zhitong.core.errors import InputError
from zhitong.core.instants import DAY, EARLIEST, day_start
from zhitong.core.vocabulary import CALENDAR, WORKDAYS

# A limit as stored and as most often typed: 24h, 5d, 90m.
_LIMIT = re.compile(r"^(\d{1,6})\s*([hdm])$")
# One part of a limit as typed or said: 1天, 4小时, 30分钟, 5个工作日, 1d, 4h, 30m, 2 days.
_PART = r"(\d{1,6})\s*(工作日|天|日|小时|钟头|分钟|分|days?|d|hours?|hrs?|h|minutes?|mins?|m)\s*"  # compiled on first use
_UNIT = {"工作日": "d", "天": "d", "日": "d", "小时": "h", "钟头": "h", "分钟": "m", "分": "m"}
_UNIT.update(dict.fromkeys(("day", "days", "d"), "d"))
_UNIT.update(dict.fromkeys(("hour", "hours", "hr", "hrs", "h"), "h"))
_UNIT.update(dict.fromkeys(("minute", "minutes", "min", "mins", "m"), "m"))
_UNIT_SECONDS = {"m": 60, "h": 3600, "d": DAY}

# The index runs a year past the last date zhitong accepts, so that a deadline computed from
# the last accepted day still lands inside it.
_FIRST_DAY = EARLIEST.toordinal()
_END_YEAR = 2101
_END_DAY = date(_END_YEAR, 1, 1).toordinal()
_SPAN = _END_DAY - _FIRST_DAY
_ORIGIN = day_start(_FIRST_DAY)  # epoch seconds of 2000-01-01 00:00 in the zone


class Limit(NamedTuple):
    """A promised time: ``amount`` working days, hours or minutes; 0 means "at intake"."""

    amount: int
    unit: str  # "d", "h" or "m"

    @classmethod
    def parse(cls, text: str) -> Limit:
        """A limit as typed or said: 0, 24h, 5d, 30m, or in Chinese 4小时, 5天 (5个工作日), 30分钟, 两天.

        A whole number of days is working days, each due at the end (24:00) of its last one;
        a limit that names hours or minutes runs in working time, a day counting 24 hours of
        it, as the tables print the time left: 1天4小时 is 28h, 1天30分钟 is 1470m.
        """
        match = _LIMIT.match(str(text).strip().lower())  # the stored forms (24h, 5d, 90m), read on every replay
        if match:
            amount, unit = int(match.group(1)), match.group(2)
            if unit == "m" and amount % 60 == 0:
                return cls(amount // 60, "h")
            return cls(amount, unit) if amount else cls(0, "h")
        return _spoken_limit(text)

    def __str__(self) -> str:
        return "0" if self.amount == 0 else f"{self.amount}{self.unit}"

    @property
    def seconds(self) -> int:
        """The limit as a span of time: a day counts 24 hours (working hours on the workdays clock)."""
        return self.amount * _UNIT_SECONDS[self.unit]


def _not_a_limit(text) -> InputError:
    return InputError(
        "not a time limit: {value!r}",
        hint="use 0 (at intake), working days (5d, 5天), hours (24h, 4小时), minutes (30分钟) or both (1天4小时: 28 working hours)",
        value=text,
    )


def _spoken_limit(text) -> Limit:
    """A limit in Chinese, or in parts (1天4小时, 1d4h): see ``Limit.parse``."""
    from zhitong.core.normalize import arabic_numerals, normalize

    cleaned = arabic_numerals(normalize(str(text)).lower()).replace("半小时", "30分钟").replace("个", "")
    cleaned = re.sub(r"\s*(以内|之内|内)$", "", cleaned)  # 24小时内
    if cleaned == "0":
        return Limit(0, "h")
    amounts: dict[str, int] = {}
    position = 0
    while position < len(cleaned):
        part = re.compile(_PART).match(cleaned, position)
        unit = _UNIT.get(part.group(2)) if part else None
        # each unit once, largest first: 1天4小时, not 4小时1天
        if unit is None or unit in amounts or any("dhm".index(unit) < "dhm".index(seen) for seen in amounts):
            raise _not_a_limit(text)
        amounts[unit] = int(part.group(1))
        position = part.end()
    if not amounts:
        raise _not_a_limit(text)
    if list(amounts) == ["d"]:
        return Limit(amounts["d"], "d") if amounts["d"] else Limit(0, "h")
    minutes = amounts.get("d", 0) * 1440 + amounts.get("h", 0) * 60 + amounts.get("m", 0)
    if minutes % 60:
        return Limit(minutes, "m")
    return Limit(minutes // 60, "h")


class Due(NamedTuple):
    at: int  # epoch seconds
    provisional: bool  # depends on a day outside the calendar's coverage


# Due(at, provisional) without the Python-level __new__ of a named tuple: half the cost, on
# the hot path.
_due = partial(tuple.__new__, Due)


def _longest_run(years: frozenset[int]) -> tuple[int, int]:
    """The day indexes of the longest run of consecutive years (the latest of equals): its first, and the day after its last."""
    best = (0, 0, 0)  # length, first year, last year
    for year in sorted(years):
        if year - 1 not in years:
            last = year
            while last + 1 in years:
                last += 1
            best = max(best, (last - year + 1, year, last))
    length, first, last = best
    if not length:
        return 0, 0

    def start_of(year: int) -> int:  # the index of the year's first day, held to the index
        return date(min(max(year, EARLIEST.year), _END_YEAR), 1, 1).toordinal() - _FIRST_DAY

    return start_of(first), start_of(last + 1)


def _beyond_2100() -> InputError:
    return InputError("the deadline falls beyond 2100, past the years zhitong keeps")


def parse_clock(text: str) -> str:
    """workdays or calendar, by its key or Chinese name (工作日, 自然日)."""
    return vocabulary.parse("clock", text)


class WorkCalendar:
    """Which days are worked, and working-time arithmetic over them.

    ``special`` maps days to True (a working day, e.g. a make-up Saturday) or False (a
    holiday); every other day is worked when it is Monday to Friday. ``covered_years`` are the
    years whose schedule is known: a result that depends on any other year is provisional.
    """

    def __init__(self, special: dict[date, bool], covered_years: frozenset[int] | set[int]):
        self.covered_years = frozenset(covered_years)
        span = _SPAN
        # 0001-01-01 is a Monday, so (ordinal - 1) % 7 is the weekday.
        week = bytes(1 if ((_FIRST_DAY + i - 1) % 7) < 5 else 0 for i in range(7))
        flags = bytearray((week * (span // 7 + 1))[:span])
        for day, working in special.items():
            index = day.toordinal() - _FIRST_DAY
            if 0 <= index < span:
                flags[index] = 1 if working else 0
        self._flags = bytes(flags)
        self._before = list(accumulate(flags, initial=0))
        self._covered_run = _longest_run(self.covered_years)

    # Built on first use: measuring working time (all the daily views do) needs neither.

    @cached_property
    def _workdays(self) -> list[int]:
        """The index of every working day, in order: the n-th working day is one look-up."""
        return list(compress(range(_SPAN), self._flags))

    def _leaves_covered(self, first: int, last: int) -> bool:
        """Whether any of the days ``first`` to ``last`` (indexes) lies in a year not covered.

        Days inside the longest run of covered years are answered by two comparisons; only
        others need the day-by-day count (~1 ms to build), which the morning views never do.
        """
        low, high = self._covered_run
        if low <= first and last < high:
            return False
        uncovered = self._uncovered_before
        return uncovered[last + 1] != uncovered[first]

    @cached_property
    def _uncovered_before(self) -> list[int]:
        """How many days before each index lie in a year whose schedule is not known."""
        uncovered = bytearray(_SPAN)
        for year in range(EARLIEST.year, _END_YEAR):
            if year not in self.covered_years:
                first = max(date(year, 1, 1).toordinal() - _FIRST_DAY, 0)
                last = min(date(year, 12, 31).toordinal() - _FIRST_DAY + 1, _SPAN)
                uncovered[first:last] = b"\x01" * (last - first)
        return list(accumulate(uncovered, initial=0))

    # -- days -------------------------------------------------------------------------------
    # Internally a day is its index from 2000-01-01 and an instant's day is one floor division:
    # the zone has a fixed offset, so no calendar conversion is needed on the hot path.

    def is_working_day(self, day: date) -> bool:
        return bool(self._flags[self._checked(day.toordinal() - _FIRST_DAY)])

    def is_covered(self, day: date) -> bool:
        return day.year in self.covered_years

    def _checked(self, index: int) -> int:
        if not 0 <= index < _SPAN:
            raise InputError(
                "{value} is outside 2000–2099, the years zhitong keeps",
                value=date.fromordinal(max(_FIRST_DAY + index, 1)).isoformat(),
            )
        return index

    def _day_of(self, instant: int) -> int:
        return self._checked((instant - _ORIGIN) // DAY)

    # -- working time -----------------------------------------------------------------------

    # The three below are the hot path (a million deadlines a second): the day's index and its
    # range check are written out rather than called.

    def _worked_before(self, instant: int) -> int:
        """Working seconds from the start of the index up to ``instant``."""
        index = (instant - _ORIGIN) // DAY
        if not 0 <= index < _SPAN:
            self._checked(index)
        worked = self._before[index] * DAY
        if self._flags[index]:
            worked += instant - _ORIGIN - index * DAY
        return worked

    def working_time(self, start: int, end: int) -> int:
        """Working seconds in [start, end); negative when end is before start."""
        return self._worked_before(end) - self._worked_before(start)

    def add_working(self, start: int, seconds: int) -> Due:
        """The earliest instant by which ``seconds`` of working time have run since ``start``."""
        if seconds <= 0:
            return Due(start, False)
        index = (start - _ORIGIN) // DAY
        if not 0 <= index < _SPAN:
            self._checked(index)
        worked = self._before[index] * DAY
        if self._flags[index]:
            worked += start - _ORIGIN - index * DAY
        full_days, rest = divmod(worked + seconds, DAY)
        try:
            # With nothing left over the clock runs out at 24:00 of a working day: due at 00:00 of the next.
            last_day = self._workdays[full_days if rest else full_days - 1]
        except IndexError:
            raise _beyond_2100() from None
        due = _ORIGIN + last_day * DAY + rest if rest else _ORIGIN + (last_day + 1) * DAY
        return _due((due, self._leaves_covered(index, last_day)))

    def add_working_days(self, start: int, days: int) -> Due:
        """The end (24:00) of the ``days``-th working day after the day of ``start``."""
        if days <= 0:
            return Due(start, False)
        next_day = (start - _ORIGIN) // DAY + 1
        if not 1 <= next_day < _SPAN:
            self._checked(next_day - 1)
            self._checked(next_day)
        try:
            last_day = self._workdays[self._before[next_day] + days - 1]
        except IndexError:
            raise _beyond_2100() from None
        return _due((_ORIGIN + (last_day + 1) * DAY, self._leaves_covered(next_day, last_day)))

    # -- limits on either clock ---------------------------------------------------------------

    def due(self, start: int, limit: Limit, clock: str = WORKDAYS) -> Due:
        """When a milestone with ``limit`` on ``clock`` falls due for a case received at ``start``."""
        if clock == CALENDAR:
            end = start + limit.seconds
            self._day_of(end)
            return Due(end, False)
        if limit.unit == "d":
            return self.add_working_days(start, limit.amount)
        return self.add_working(start, limit.amount * (3600 if limit.unit == "h" else 60))

    def extend(self, due: int, limit: Limit, clock: str = WORKDAYS) -> Due:
        """A deadline ``limit`` later: whole days count the working days after the deadline's last one.

        A deadline at 00:00 is the end (24:00) of the working day before it, so 2025-10-15 00:00
        and 5d more is 2025-10-22 00:00 (the 15th, 16th, 17th, 20th and 21st). Hours and
        minutes run on in working time from the deadline.
        """
        if clock == CALENDAR:
            return self.due(due, limit, clock)
        if limit.unit == "d":
            return self.add_working_days(due - 1, limit.amount)
        return self.add_working(due, limit.seconds)

    def elapsed(self, start: int, end: int, clock: str = WORKDAYS) -> int:
        """Time between two instants as ``clock`` counts it."""
        if clock == CALENDAR:
            return end - start
        return self.working_time(start, end)

    def shift(self, due: int, seconds: int, clock: str = WORKDAYS) -> Due:
        """Move a deadline later by ``seconds`` of time on ``clock`` (a pause that did not count)."""
        if clock == CALENDAR:
            return Due(due + seconds, False)
        return self.add_working(due, seconds)


class Pause(NamedTuple):
    start: int
    end: int | None  # None while the case is still paused


class PauseMove(NamedTuple):
    """One pause, and what it did to a milestone's deadline."""

    pause: Pause
    moved: int  # time on the milestone's clock the deadline moved by (0: moved nothing)
    due: Due  # the deadline after it
    why: str  # moved; running, before (the clock started), after-met, after-due: why it moved nothing


def paused_deadline(
    calendar: WorkCalendar,
    start: int,
    limit: Limit,
    clock: str,
    pauses: list[Pause] | tuple[Pause, ...],
    met_at: int | None = None,
) -> tuple[Due, list[PauseMove]]:
    """The deadline before any pause, and each pause in turn with the deadline after it.

    A pause moves the deadline later by the time it lasted, on the milestone's clock. A pause
    that began after the milestone was met, or after it was already late, moves nothing: a
    late promise cannot be made punctual by pausing the case.
    """
    first = calendar.due(start, limit, clock)
    at, provisional = first.at, first.provisional
    moves = []
    for pause in pauses:
        if pause.end is None or pause.end <= start or pause.start >= at or (met_at is not None and met_at <= pause.start):
            why = (
                "running"
                if pause.end is None
                else "before"
                if pause.end <= start
                else "after-met"
                if met_at is not None and met_at <= pause.start
                else "after-due"
            )
            moves.append(PauseMove(pause, 0, _due((at, provisional)), why))
            continue
        # A pause from before this clock started (a reopened case's old pauses) counts only
        # from the start.
        moved = calendar.elapsed(max(pause.start, start), pause.end, clock)
        shifted = calendar.shift(at, moved, clock)
        at, provisional = shifted.at, provisional or shifted.provisional
        moves.append(PauseMove(pause, moved, _due((at, provisional)), "moved"))
    return first, moves


def due_with_pauses(
    calendar: WorkCalendar,
    start: int,
    limit: Limit,
    clock: str,
    pauses: list[Pause] | tuple[Pause, ...],
    met_at: int | None = None,
) -> Due:
    """The deadline after every finished pause that began while the milestone was still running."""
    if not pauses:
        return calendar.due(start, limit, clock)
    _first, moves = paused_deadline(calendar, start, limit, clock, pauses, met_at)
    return moves[-1].due
