"""The deadline engine's edges that the worked examples leave open: the ends of the index,
the reading of large limits, extensions, calendar-clock shifts and the boundaries of pauses.

Every test builds its own calendar (about 10 ms): a shared one would be built by whichever
test ran first, and the building is part of what these tests guard.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from zhitong.core.calendar_data import work_calendar
from zhitong.core.errors import InputError
from zhitong.core.instants import ZONE, from_epoch, iso, to_epoch
from zhitong.sla import CALENDAR, WORKDAYS, Limit, Pause, WorkCalendar, parse_clock, paused_deadline

HOUR = 3600


def at(text: str) -> int:
    """Epoch seconds of a zone time, also in years zhitong refuses to read (1999, 2101)."""
    return to_epoch(datetime.fromisoformat(text).replace(tzinfo=ZONE))


def show(epoch: int) -> str:
    return iso(from_epoch(epoch))


def outside(day: str):
    """The refusal of an instant outside the index, naming the day it falls on."""
    return pytest.raises(InputError, match=f"^{day} is outside 2000–2099")


# -- Limit.parse: large amounts, exact in hours ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("4320m", Limit(72, "h")),  # three days of working hours, typed in minutes
        ("6000m", Limit(100, "h")),
        ("72小时", Limit(72, "h")),
        ("3天1小时", Limit(73, "h")),
        ("4320分钟", Limit(72, "h")),
        ("3天0小时", Limit(72, "h")),
    ],
)
def test_whole_hours_are_read_as_hours_however_large(text, limit):
    assert Limit.parse(text) == limit


def test_the_clock_is_read_by_its_key_or_its_chinese_name():
    assert parse_clock("工作日") == WORKDAYS
    assert parse_clock("自然日") == CALENDAR
    assert parse_clock("calendar") == CALENDAR
    with pytest.raises(InputError):
        parse_clock("fortnightly")


# -- the calendar as built ------------------------------------------------------------------------


def test_a_fresh_calendar_keeps_the_worked_examples():
    calendar = work_calendar()
    assert show(calendar.due(at("2025-09-30T16:00"), Limit(24, "h")).at) == "2025-10-09T16:00:00+08:00"
    assert show(calendar.due(at("2025-09-30T16:00"), Limit(5, "d")).at) == "2025-10-15T00:00:00+08:00"
    assert show(calendar.due(at("2026-02-13T17:00"), Limit(24, "h")).at) == "2026-02-14T17:00:00+08:00"
    assert show(calendar.due(at("2005-12-30T10:00"), Limit(24, "h")).at) == "2005-12-31T10:00:00+08:00"


def test_which_days_are_worked_is_a_plain_yes_or_no():
    calendar = work_calendar()
    assert calendar.is_working_day(date(2026, 2, 14)) is True  # a make-up Saturday
    assert calendar.is_working_day(date(2025, 10, 1)) is False  # National Day
    assert calendar.is_working_day(date(2026, 11, 25)) is True  # a plain Wednesday
    assert calendar.is_working_day(date(2026, 11, 28)) is False  # a plain Saturday


def test_the_index_holds_every_day_from_2000_to_the_end_of_2100():
    calendar = WorkCalendar({}, frozenset())
    assert calendar.is_working_day(date(2000, 1, 1)) is False  # a Saturday, the first day
    assert calendar.is_working_day(date(2000, 1, 3)) is True  # the first Monday
    assert calendar.is_working_day(date(2100, 12, 31)) is True  # a Friday, the last day
    assert calendar.is_working_day(date(2100, 12, 25)) is False  # a Saturday in its last week
    with outside("1999-12-31"):
        calendar.is_working_day(date(1999, 12, 31))
    with outside("2101-01-01"):
        calendar.is_working_day(date(2101, 1, 1))


def test_special_days_at_the_ends_of_the_index_count_and_those_beyond_are_ignored():
    calendar = WorkCalendar(
        {date(1999, 12, 31): False, date(2000, 1, 1): True, date(2101, 1, 1): False, date(2100, 12, 30): False},
        frozenset(),
    )
    assert calendar.is_working_day(date(2000, 1, 1)) is True  # the first day, made a working one
    assert calendar.is_working_day(date(2100, 12, 31)) is True  # untouched by the days beyond
    assert calendar.is_working_day(date(2100, 12, 30)) is False  # the last week, made a holiday
    assert calendar.is_working_day(date(2100, 12, 29)) is True


# -- provisional: which days are known --------------------------------------------------------------


def test_a_deadline_is_provisional_exactly_when_it_uses_a_day_of_an_unknown_year():
    only_2027 = WorkCalendar({}, frozenset({2027}))  # weekends only; 2026 not known
    # 1 h on Thu 2026-12-31, a day of an unknown year: provisional …
    assert only_2027.due(at("2026-12-31T10:00"), Limit(1, "h")).provisional is True
    assert only_2027.due(at("2026-12-30T10:00"), Limit(1, "h")).provisional is True
    # … and 1 h on Fri 2027-01-01, a known day, is not.
    due = only_2027.due(at("2027-01-01T10:00"), Limit(1, "h"))
    assert (show(due.at), due.provisional) == ("2027-01-01T11:00:00+08:00", False)


def test_the_first_and_last_years_of_the_index_are_provisional_when_unknown():
    nothing_known = WorkCalendar({date(2000, 1, 1): True}, frozenset())
    due = nothing_known.due(at("2000-01-01T00:00"), Limit(10, "h"))
    assert (show(due.at), due.provisional) == ("2000-01-01T10:00:00+08:00", True)
    fresh = work_calendar()
    due = fresh.due(to_epoch(datetime(2099, 12, 31, 10, 0, tzinfo=ZONE)), Limit(5, "d"))
    assert (show(due.at), due.provisional) == ("2100-01-08T00:00:00+08:00", True)
    due = fresh.due(to_epoch(datetime(2100, 6, 1, 10, 0, tzinfo=ZONE)), Limit(1, "h"))  # a Tuesday
    assert (show(due.at), due.provisional) == ("2100-06-01T11:00:00+08:00", True)


# -- the ends of the index, on every path ------------------------------------------------------------

BEFORE_2000 = "1999-12-31T23:00"
START_OF_2101 = "2101-01-01T00:00"


def test_working_time_from_or_to_outside_the_index_is_refused():
    calendar = work_calendar()
    inside = at("2026-11-25T09:00")
    with outside("1999-12-31"):
        calendar.working_time(at(BEFORE_2000), inside)
    with outside("1999-12-31"):
        calendar.elapsed(at(BEFORE_2000), inside)
    with outside("2101-01-01"):
        calendar.working_time(inside, at(START_OF_2101))
    assert calendar.working_time(at("2000-01-03T00:00"), at("2000-01-03T05:00")) == 5 * HOUR


def test_adding_working_time_from_outside_the_index_is_refused():
    calendar = work_calendar()
    with outside("1999-12-31"):
        calendar.add_working(at(BEFORE_2000), HOUR)
    with outside("1999-12-31"):
        calendar.due(at(BEFORE_2000), Limit(2, "h"))
    with outside("2101-01-01"):
        calendar.add_working(at(START_OF_2101), HOUR)
    assert show(calendar.add_working(at("2000-01-03T00:00"), HOUR).at) == "2000-01-03T01:00:00+08:00"


def test_adding_working_days_from_outside_the_index_is_refused_naming_the_day():
    calendar = work_calendar()
    with outside("1999-12-31"):
        calendar.add_working_days(at(BEFORE_2000), 1)
    with outside("1999-12-31"):
        calendar.due(at("1999-12-31T10:00"), Limit(5, "d"))
    # From the first day of the index the count starts the day after.
    assert show(calendar.add_working_days(at("2000-01-01T10:00"), 1).at) == "2000-01-04T00:00:00+08:00"


def test_an_instant_before_the_year_1_is_refused_as_the_first_day_there_is():
    calendar = work_calendar()
    with outside("0001-01-01"):
        calendar.due(-(10**14), Limit(0, "h"), CALENDAR)


def test_nothing_to_add_is_due_at_the_start_itself():
    calendar = work_calendar()
    holiday = at("2025-10-03T10:00")
    assert calendar.add_working(holiday, 0) == (holiday, False)
    assert calendar.add_working_days(holiday, 0) == (holiday, False)
    assert calendar.due(holiday, Limit(0, "d")) == (holiday, False)
    # One second is something: it runs on a working day at once.
    workday = at("2025-09-30T16:00")
    assert calendar.add_working(workday, 1).at == workday + 1
    assert show(calendar.add_working(holiday, 1).at) == "2025-10-09T00:00:01+08:00"


# -- extensions (DOMAIN.md: counted after the current deadline's last working day) -------------------


def test_an_extension_in_days_counts_the_working_days_after_the_deadline():
    calendar = work_calendar()
    # 2025-10-15 00:00 is the end of the 14th: 5d more are the 15th, 16th, 17th, 20th and 21st.
    due = calendar.extend(at("2025-10-15T00:00"), Limit(5, "d"))
    assert (show(due.at), due.provisional) == ("2025-10-22T00:00:00+08:00", False)
    # A deadline one second into the 15th has the 15th as its last day: the 16th onwards.
    assert show(calendar.extend(at("2025-10-15T00:00:01"), Limit(5, "d")).at) == "2025-10-23T00:00:00+08:00"
    # The default clock is the working one.
    assert calendar.extend(at("2025-10-15T00:00"), Limit(5, "d"), WORKDAYS) == due


def test_an_extension_in_hours_runs_on_in_working_time():
    calendar = work_calendar()
    # Sep 30 20:00 + 10 h: 4 h on Sep 30, the holiday, 6 h on Oct 9.
    due = calendar.extend(at("2025-09-30T20:00"), Limit(10, "h"))
    assert (show(due.at), due.provisional) == ("2025-10-09T06:00:00+08:00", False)
    assert show(calendar.extend(at("2025-09-30T20:00"), Limit(90, "m")).at) == "2025-09-30T21:30:00+08:00"


def test_an_extension_on_the_calendar_clock_is_plain_elapsed_time():
    calendar = work_calendar()
    due = calendar.extend(at("2025-09-30T20:00"), Limit(2, "d"), CALENDAR)
    assert (show(due.at), due.provisional) == ("2025-10-02T20:00:00+08:00", False)
    assert show(calendar.extend(at("2025-09-30T20:00"), Limit(10, "h"), CALENDAR).at) == "2025-10-01T06:00:00+08:00"


def test_a_shift_on_the_calendar_clock_runs_through_holidays():
    calendar = work_calendar()
    due = calendar.shift(at("2025-09-30T23:00"), 2 * HOUR, CALENDAR)
    assert (show(due.at), due.provisional) == ("2025-10-01T01:00:00+08:00", False)
    due = calendar.shift(at("2025-09-30T23:00"), 2 * HOUR, WORKDAYS)
    assert (show(due.at), due.provisional) == ("2025-10-09T01:00:00+08:00", False)


# -- the boundaries of a pause ----------------------------------------------------------------------

START = "2026-11-23T10:00"  # Monday; 5d due 2026-12-01 00:00 (DOMAIN.md)
DUE = "2026-12-01T00:00:00+08:00"


def moves(pauses, met_at=None, start=START, limit="5d"):
    return paused_deadline(work_calendar(), at(start), Limit.parse(limit), WORKDAYS, pauses, met_at)[1]


def test_a_pause_ending_at_the_intake_moves_nothing():
    (move,) = moves([Pause(at("2026-11-23T09:00"), at(START))])
    assert (move.moved, show(move.due.at), move.why) == (0, DUE, "before")


def test_a_pause_beginning_at_the_deadline_moves_nothing():
    (move,) = moves([Pause(at(DUE), at("2026-12-01T02:00"))])
    assert (move.moved, show(move.due.at), move.why) == (0, DUE, "after-due")
    # One second earlier it runs while the milestone does, and moves it by its working time.
    (move,) = moves([Pause(at(DUE) - 1, at("2026-12-01T02:00"))])
    assert (move.moved, show(move.due.at), move.why) == (2 * HOUR + 1, "2026-12-01T02:00:01+08:00", "moved")


def test_a_pause_beginning_the_moment_the_milestone_was_met_moves_nothing():
    pause = Pause(at("2026-11-24T08:40"), at("2026-11-24T08:50"))
    (move,) = moves([pause], met_at=pause.start)
    assert (move.moved, show(move.due.at), move.why) == (0, DUE, "after-met")
    (move,) = moves([pause], met_at=pause.start + 1)
    assert (move.moved, show(move.due.at), move.why) == (600, "2026-12-01T00:10:00+08:00", "moved")


def test_a_pause_still_running_moves_nothing():
    (move,) = moves([Pause(at("2026-11-24T08:40"), None)])
    assert (move.moved, show(move.due.at), move.why) == (0, DUE, "running")


def test_a_pause_that_costs_no_working_time_keeps_a_provisional_deadline_provisional():
    # Thu 2026-12-24 + 6d: Dec 25, 28, 29, 30, 31 and Fri 2027-01-01, counted with weekends only.
    first, (move,) = paused_deadline(
        work_calendar(),
        at("2026-12-24T10:00"),
        Limit(6, "d"),
        WORKDAYS,
        [Pause(at("2026-12-26T10:00"), at("2026-12-26T12:00"))],  # on a Saturday
    )
    assert (show(first.at), first.provisional) == ("2027-01-02T00:00:00+08:00", True)
    assert (move.moved, show(move.due.at), move.due.provisional, move.why) == (0, "2027-01-02T00:00:00+08:00", True, "moved")
