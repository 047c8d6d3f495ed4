"""The working-time clock of DOMAIN.md: worked examples, pauses, and properties against a
plain day-by-day reference implementation."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache

import pytest
from chinese_calendar import constants
from hypothesis import given, settings
from hypothesis import strategies as st

from zhitong.core.calendar_data import work_calendar
from zhitong.core.errors import InputError
from zhitong.core.instants import ZONE, from_epoch, iso, to_epoch
from zhitong.edge.when import parse_iso
from zhitong.sla import CALENDAR, WORKDAYS, Limit, Pause, WorkCalendar, due_with_pauses

HOUR = 3600
DAY = 86400


@cache
def cal() -> WorkCalendar:
    return work_calendar()


def at(text: str) -> int:
    return to_epoch(parse_iso(text))


def show(epoch: int) -> str:
    return iso(from_epoch(epoch))


# -- worked examples (DOMAIN.md, "Working-time clock") -----------------------------------------

WORKED_EXAMPLES = [
    # received, limit, due, provisional
    ("2025-09-30T16:00", "24h", "2025-10-09T16:00:00+08:00", False),
    ("2025-09-30T16:00", "5d", "2025-10-15T00:00:00+08:00", False),
    ("2026-02-13T17:00", "24h", "2026-02-14T17:00:00+08:00", False),  # Sat Feb 14: make-up day
    ("2026-10-03T10:00", "24h", "2026-10-09T00:00:00+08:00", False),  # clock starts Oct 8 00:00
    ("2005-12-30T10:00", "24h", "2005-12-31T10:00:00+08:00", False),  # the 2005 correction
    # 14 h on Dec 30, 24 h on Dec 31, then 10 h on Fri Jan 1 2027, which — with 2027 not
    # entered — is counted with weekends only: provisional.
    ("2026-12-30T10:00", "48h", "2027-01-01T10:00:00+08:00", True),
    # The same intake with 24 h is done on Dec 31 10:00 and needs nothing from 2027.
    ("2026-12-30T10:00", "24h", "2026-12-31T10:00:00+08:00", False),
]


@pytest.mark.parametrize(("received", "limit", "expected", "provisional"), WORKED_EXAMPLES)
def test_worked_examples(received, limit, expected, provisional):
    due = cal().due(at(received), Limit.parse(limit), WORKDAYS)
    assert show(due.at) == expected
    assert due.provisional is provisional


def test_workdays_is_the_default_clock():
    start = at("2025-09-30T16:00")
    assert cal().due(start, Limit.parse("24h")) == cal().due(start, Limit.parse("24h"), WORKDAYS)


def test_zero_limit_is_due_at_intake_even_on_a_non_working_day():
    for received in ("2025-09-30T16:00", "2025-10-04T10:00", "2026-10-03T10:00"):
        due = cal().due(at(received), Limit.parse("0"), WORKDAYS)
        assert due.at == at(received)
        assert not due.provisional


def test_hours_clock_running_out_at_friday_midnight_is_due_saturday_0000():
    # Fri 2026-11-27 00:00 + 24h: the whole Friday is worked, so the clock runs out at 24:00,
    # stored as Saturday 00:00 — not pushed to Monday.
    due = cal().due(at("2026-11-27T00:00"), Limit.parse("24h"), WORKDAYS)
    assert show(due.at) == "2026-11-28T00:00:00+08:00"


@pytest.mark.parametrize(
    ("received", "limit"),
    [
        ("2026-12-31T00:00", "24h"),
        ("2026-12-30T00:00", "48h"),
        ("2026-12-30T12:00", "1d"),
        ("2026-12-24T09:00", "5d"),  # Dec 25, 28, 29, 30, 31
    ],
)
def test_clock_running_out_at_the_end_of_2026_is_not_provisional(received, limit):
    # Due 2027-01-01 00:00 = 24:00 on Thu Dec 31 2026: nothing about 2027 is needed.
    due = cal().due(at(received), Limit.parse(limit), WORKDAYS)
    assert show(due.at) == "2027-01-01T00:00:00+08:00"
    assert due.provisional is False


def test_intake_on_a_weekend_starts_the_clock_monday():
    due = cal().due(at("2026-11-28T15:00"), Limit.parse("1h"), WORKDAYS)  # Saturday
    assert show(due.at) == "2026-11-30T01:00:00+08:00"
    due = cal().due(at("2026-11-28T15:00"), Limit.parse("1d"), WORKDAYS)
    assert show(due.at) == "2026-12-01T00:00:00+08:00"


# -- pauses -------------------------------------------------------------------------------------

MAJOR_START = "2026-11-23T10:00"  # Monday; 5d resolution due 2026-12-01 00:00


def paused_due(pauses, met_at=None, clock=WORKDAYS, limit="5d", start=MAJOR_START):
    return due_with_pauses(cal(), at(start), Limit.parse(limit), clock, pauses, met_at)


def test_unpaused_major_case_is_due_december_1():
    assert show(paused_due([]).at) == "2026-12-01T00:00:00+08:00"


def test_domain_pause_example():
    pause = Pause(at("2026-11-24T08:40"), at("2026-11-24T08:50"))
    due = paused_due([pause])
    assert show(due.at) == "2026-12-01T00:10:00+08:00"
    assert not due.provisional


def test_pauses_accumulate():
    pauses = [
        Pause(at("2026-11-24T08:40"), at("2026-11-24T08:50")),
        Pause(at("2026-11-26T14:00"), at("2026-11-26T14:10")),
    ]
    assert show(paused_due(pauses).at) == "2026-12-01T00:20:00+08:00"


def test_pause_over_a_weekend_counts_only_working_time():
    # Fri 20:00 → Mon 02:00 is 4 h on Friday + 2 h on Monday of working time.
    pause = Pause(at("2026-11-27T20:00"), at("2026-11-30T02:00"))
    assert show(paused_due([pause]).at) == "2026-12-01T06:00:00+08:00"


def test_pause_beginning_after_the_milestone_was_met_moves_nothing():
    pause = Pause(at("2026-11-24T08:40"), at("2026-11-24T08:50"))
    due = paused_due([pause], met_at=at("2026-11-24T08:00"))
    assert show(due.at) == "2026-12-01T00:00:00+08:00"


def test_pause_before_the_milestone_was_met_still_moves_it():
    pause = Pause(at("2026-11-24T08:40"), at("2026-11-24T08:50"))
    due = paused_due([pause], met_at=at("2026-11-25T09:00"))
    assert show(due.at) == "2026-12-01T00:10:00+08:00"


def test_pause_beginning_after_the_deadline_passed_moves_nothing():
    pause = Pause(at("2026-12-02T09:00"), at("2026-12-02T12:00"))
    assert show(paused_due([pause]).at) == "2026-12-01T00:00:00+08:00"


def test_unfinished_pause_moves_nothing():
    pause = Pause(at("2026-11-24T08:40"), None)
    assert show(paused_due([pause]).at) == "2026-12-01T00:00:00+08:00"


def test_pause_on_the_calendar_clock_moves_by_elapsed_time():
    # Calendar clock: Mon 10:00 + 24h = Tue 10:00; a 1 h pause on Monday night → Tue 11:00.
    pause = Pause(at("2026-11-23T22:00"), at("2026-11-23T23:00"))
    due = paused_due([pause], clock=CALENDAR, limit="24h")
    assert show(due.at) == "2026-11-24T11:00:00+08:00"
    assert not due.provisional


# -- the calendar clock -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "limit", "seconds"),
    [
        ("2025-09-30T16:00", "24h", 24 * HOUR),  # straight through the National Day holiday
        ("2025-09-30T16:00", "5d", 5 * DAY),
        ("2026-02-13T17:00", "24h", 24 * HOUR),
        ("2026-10-03T10:00", "5d", 5 * DAY),
        ("2026-12-30T10:00", "48h", 48 * HOUR),  # into 2027, still not provisional
        ("2026-12-30T10:00", "10d", 10 * DAY),
        ("2026-11-23T10:00", "0", 0),
    ],
)
def test_calendar_clock_is_plain_elapsed_time(received, limit, seconds):
    due = cal().due(at(received), Limit.parse(limit), CALENDAR)
    assert due.at == at(received) + seconds
    assert due.provisional is False


def test_calendar_clock_elapsed_and_shift():
    start, end = at("2025-09-30T16:00"), at("2025-10-09T16:00")
    assert cal().elapsed(start, end, CALENDAR) == end - start
    assert cal().shift(end, 600, CALENDAR).at == end + 600


# -- Limit.parse --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "unit", "stored"),
    [
        ("0", 0, "h", "0"),
        ("24h", 24, "h", "24h"),
        ("5d", 5, "d", "5d"),
        (" 48H ", 48, "h", "48h"),
        ("90m", 90, "m", "90m"),
        ("120m", 2, "h", "2h"),  # whole hours are stored as hours
        ("0d", 0, "h", "0"),  # nothing, however it is said, is "at intake"
        ("0m", 0, "h", "0"),
    ],
)
def test_limit_parse_accepts(text, amount, unit, stored):
    assert Limit.parse(text) == Limit(amount, unit)
    assert str(Limit.parse(text)) == stored


def test_a_limit_as_a_span_of_time():
    assert (Limit(90, "m").seconds, Limit(24, "h").seconds, Limit(2, "d").seconds, Limit(0, "h").seconds) == (5400, 86400, 172800, 0)


def test_the_calendar_runs_to_the_end_of_2100_and_no_further():
    # zhitong accepts dates up to 2099-12-31; a deadline from then may land in 2100.
    last_intake = to_epoch(datetime(2099, 12, 31, 10, 0, tzinfo=ZONE))
    due = cal().due(last_intake, Limit(5, "d"), WORKDAYS)
    assert show(due.at) == "2100-01-08T00:00:00+08:00"  # Jan 1 is a Friday: Jan 1, 4, 5, 6, 7
    assert due.provisional
    assert show(cal().due(last_intake, Limit(24, "h"), WORKDAYS).at) == "2100-01-01T10:00:00+08:00"
    # The last instant the index holds is 2100-12-31 23:59:59 (a Friday) …
    end_of_2100 = to_epoch(datetime(2100, 12, 31, 23, 0, tzinfo=ZONE))
    assert show(cal().due(end_of_2100, Limit(59, "m"), CALENDAR).at) == "2100-12-31T23:59:00+08:00"
    thursday = to_epoch(datetime(2100, 12, 30, 10, 0, tzinfo=ZONE))
    assert show(cal().due(thursday, Limit(1, "d"), WORKDAYS).at) == "2101-01-01T00:00:00+08:00"  # 24:00 of that Friday
    assert show(cal().due(thursday, Limit(38, "h"), WORKDAYS).at) == "2101-01-01T00:00:00+08:00"
    # … and a deadline past it is refused, on either clock.
    with pytest.raises(InputError, match="outside 2000–2099"):
        cal().due(end_of_2100, Limit(1, "h"), CALENDAR)
    with pytest.raises(InputError, match="the deadline falls beyond 2100"):
        cal().due(thursday, Limit(2, "d"), WORKDAYS)
    with pytest.raises(InputError, match="outside 2000–2099"):
        cal().due(end_of_2100, Limit(1, "d"), WORKDAYS)  # its clock would start on 2101-01-01
    with pytest.raises(InputError, match="the deadline falls beyond 2100"):
        cal().due(end_of_2100, Limit(2, "h"), WORKDAYS)


@pytest.mark.parametrize("text", ["", "24", "h", "-1h", "1.5h", "24x"])
def test_limit_parse_rejects(text):
    with pytest.raises(InputError):
        Limit.parse(text)


# -- a plain reference implementation -----------------------------------------------------------

CORRECTION = date(2005, 12, 31)  # a make-up working day that chinese-calendar misses


def ref_is_working(day: date) -> bool:
    if day == CORRECTION:
        return True
    if day in constants.workdays:
        return True
    if day in constants.holidays:
        return False
    return day.weekday() < 5


def midnight(day: date) -> int:
    return to_epoch(datetime.combine(day, time(0), ZONE))


def ref_due(start: int, limit: Limit) -> int:
    """Walk day by day from the intake."""
    day = from_epoch(start).date()
    if limit.unit == "h":
        remaining = limit.amount * HOUR
        if remaining == 0:
            return start
        t = start
        while True:
            end_of_day = midnight(day + timedelta(days=1))
            if ref_is_working(day):
                available = end_of_day - t
                if remaining <= available:
                    # the earliest instant at which the elapsed working time equals the limit
                    return t + remaining
                remaining -= available
            t = end_of_day
            day += timedelta(days=1)
    # days: the end (next day 00:00) of the N-th working day after the intake day
    counted = 0
    while counted < limit.amount:
        day += timedelta(days=1)
        if ref_is_working(day):
            counted += 1
    return midnight(day + timedelta(days=1))


def test_reference_agrees_with_worked_examples():
    for received, limit, expected, _provisional in WORKED_EXAMPLES:
        assert show(ref_due(at(received), Limit.parse(limit))) == expected


# -- properties ---------------------------------------------------------------------------------

FIRST = midnight(date(2004, 1, 1))
LAST = midnight(date(2026, 12, 20)) + DAY - 60  # 2026-12-20 23:59
END_OF_DATA = midnight(date(2027, 1, 1))


def intakes(first: int = FIRST, last: int = LAST):
    """Whole-minute instants; midnights, whole hours and 23:59 are drawn often."""
    days = st.integers(0, (last - first) // DAY)
    whole_hour = st.integers(0, 23).map(lambda h: h * 60)
    minute = st.one_of(st.just(0), st.just(1439), whole_hour, st.integers(0, 1439))
    return st.builds(lambda d, m: min(first + d * DAY + m * 60, last), days, minute)


hour_limits = st.integers(0, 120).map(lambda n: Limit(n, "h"))
positive_hour_limits = st.integers(1, 120).map(lambda n: Limit(n, "h"))
day_limits = st.integers(1, 10).map(lambda n: Limit(n, "d"))
limits = st.one_of(hour_limits, day_limits)

PROPERTY = settings(max_examples=300, deadline=None)


@PROPERTY
@given(start=intakes(), limit=limits)
def test_due_equals_reference(start, limit):
    assert cal().due(start, limit, WORKDAYS).at == ref_due(start, limit), (show(start), str(limit))


@PROPERTY
@given(
    starts=st.lists(intakes(), min_size=2, max_size=2).map(sorted),
    amounts=st.lists(st.integers(0, 120), min_size=2, max_size=2).map(sorted),
    unit=st.sampled_from(["h", "d"]),
)
def test_due_is_monotonic(starts, amounts, unit):
    (early, late), (small, large) = starts, amounts
    if unit == "d":
        small, large = small // 13 + 1, large // 13 + 1  # 1..10 working days
    c = cal()
    base = c.due(early, Limit(small, unit)).at
    assert base <= c.due(late, Limit(small, unit)).at  # later intake
    assert base <= c.due(early, Limit(large, unit)).at  # larger limit
    assert base <= c.due(late, Limit(large, unit)).at


@PROPERTY
@given(start=intakes(), limit=hour_limits)
def test_working_time_to_due_equals_the_limit(start, limit):
    due = cal().due(start, limit, WORKDAYS)
    assert cal().working_time(start, due.at) == limit.amount * HOUR


@PROPERTY
@given(start=intakes(), limit=st.one_of(positive_hour_limits, day_limits))
def test_due_never_falls_inside_a_non_working_day(start, limit):
    # Limit 0 is excluded: it is due at the intake itself, which may be on a holiday.
    due = cal().due(start, limit, WORKDAYS).at
    day = from_epoch(due).date()
    if not ref_is_working(day):
        assert due == midnight(day), show(due)


@PROPERTY
@given(start=intakes(), limit=limits)
def test_due_within_the_data_is_not_provisional(start, limit):
    due = cal().due(start, limit, WORKDAYS)
    if from_epoch(due.at).date() <= date(2026, 12, 31):
        assert not due.provisional, (show(start), str(limit), show(due.at))


@PROPERTY
@given(start=intakes(midnight(date(2026, 12, 1)), END_OF_DATA - 60), limit=limits)
def test_december_2026_provisional_iff_the_clock_runs_into_2027(start, limit):
    # Past the data, both the engine and the reference count weekends only.
    due = cal().due(start, limit, WORKDAYS)
    assert due.at == ref_due(start, limit)
    # Due at 2027-01-01 00:00 means the clock ran out at 24:00 on Dec 31: nothing from 2027.
    assert due.provisional is (due.at > END_OF_DATA), (show(start), str(limit), show(due.at))


# -- a calendar with user-entered years ----------------------------------------------------------


def test_user_entered_2027_makes_the_deadline_final_and_skips_new_year():
    calendar = work_calendar(user_days={date(2027, 1, 1): False}, user_years={2027})
    due = calendar.due(at("2026-12-30T10:00"), Limit.parse("48h"), WORKDAYS)
    # 14 h on Wed Dec 30 (10:00–24:00) + 24 h on Thu Dec 31 = 38 h; Fri Jan 1 2027 is now a
    # holiday and Jan 2–3 are Saturday and Sunday, so the last 10 h run on Mon Jan 4: 10:00.
    assert show(due.at) == "2027-01-04T10:00:00+08:00"
    assert due.provisional is False
    assert not calendar.is_working_day(date(2027, 1, 1))
    assert calendar.is_covered(date(2027, 1, 1))


def test_covered_years_alone_decide_provisional():
    # A weekends-only calendar that claims 2026 and 2027: Jan 1 2027 (a Friday) is then a
    # working day, so 14 h + 24 h + 10 h ends on Jan 1 10:00, and nothing is provisional.
    calendar = WorkCalendar({}, frozenset({2026, 2027}))
    due = calendar.due(at("2026-12-30T10:00"), Limit.parse("48h"), WORKDAYS)
    assert show(due.at) == "2027-01-01T10:00:00+08:00"
    assert due.provisional is False
    # Without 2027 the same result is provisional.
    due = WorkCalendar({}, frozenset({2026})).due(at("2026-12-30T10:00"), Limit.parse("48h"))
    assert show(due.at) == "2027-01-01T10:00:00+08:00"
    assert due.provisional is True


@given(
    st.integers(min_value=1995, max_value=2105),
    st.integers(min_value=0, max_value=40),
    st.frozensets(st.integers(min_value=1995, max_value=2105), max_size=8),
    st.sampled_from(["start", "end", "anywhere"]),
    st.integers(min_value=-800, max_value=800),
    st.integers(min_value=0, max_value=800),
)
@settings(max_examples=400, deadline=None)
def test_a_deadline_is_provisional_exactly_when_one_of_its_days_is_in_a_year_not_covered(
    run_from, run_length, others, near, offset, length
):
    """The longest run of covered years answers without the day-by-day count; gaps, edges and no years at all agree with it."""
    years = frozenset(range(run_from, run_from + run_length)) | others
    edge = {"start": run_from, "end": run_from + run_length, "anywhere": 2050}[near]
    first = min(max(date(min(max(edge, 2000), 2100), 1, 1) + timedelta(days=offset), date(2000, 1, 1)), date(2100, 12, 31))
    last = min(first + timedelta(days=length), date(2100, 12, 31))
    calendar = WorkCalendar({}, years)
    origin = date(2000, 1, 1).toordinal()
    expected = any((first + timedelta(days=n)).year not in years for n in range((last - first).days + 1))
    assert calendar._leaves_covered(first.toordinal() - origin, last.toordinal() - origin) is expected


@given(st.integers(min_value=-(10**10), max_value=10**10))
@settings(max_examples=200, deadline=None)
def test_the_stored_form_of_an_instant_is_the_datetimes_own(seconds):
    """``instants.stored`` builds the stamp from memoised parts; it is what formatting the datetime gives."""
    from zhitong.core.instants import stored

    assert stored(seconds) == iso(from_epoch(seconds))


def test_the_stored_form_near_midnight_and_the_epoch():
    from zhitong.core.instants import stored

    for seconds in (-8 * 3600 - 1, -8 * 3600, -1, 0, 1, 16 * 3600 - 1, 16 * 3600, 1_764_028_799, 1_764_028_800):
        assert stored(seconds) == iso(from_epoch(seconds))
