"""`zhitong explain`: each deadline told from its intake, day by day, as DOMAIN.md's worked examples give them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import error_line
from zhitong.core.calendar_data import day_names, shipped_days, work_calendar
from zhitong.core.explain import HOLIDAY, MAKEUP, WEEKEND, WORKDAY, days_crossed, skipped_runs
from zhitong.core.instants import DAY, to_epoch
from zhitong.sla import Limit, Pause, due_with_pauses, paused_deadline

SHANGHAI = datetime.fromisoformat("2026-01-01T00:00:00+08:00").tzinfo


def at(text: str) -> int:
    return to_epoch(datetime.fromisoformat(text).replace(tzinfo=SHANGHAI))


def milestone(report: dict, name: str) -> dict:
    (found,) = [m for m in report["milestones"] if m["name"] == name]
    return found


@pytest.fixture
def explained(book):
    """Log a case and explain it: the JSON of `zhitong explain`."""

    def log(received: str, category: str = "major", now: str = "2026-12-30T09:00:00+08:00") -> dict:
        ref = book("new", "新奥集团", "要讲清楚的期限", "-c", category, "-d", "经济发展局", "--at", received, now=now).stdout.split()[0]
        return book.json("explain", ref, now=now)

    return log


def test_a_holiday_is_skipped_by_name_and_the_make_up_day_counts(explained):
    report = explained("2025-09-30 16:00")
    response = milestone(report, "response")
    assert response["due"] == "2025-10-09T16:00:00+08:00"
    assert [(d["date"], d["counted"]) for d in response["days"] if d["counted"]] == [("2025-09-30", 8 * 3600), ("2025-10-09", 16 * 3600)]
    assert response["skipped"] == [
        {"from": "2025-10-01", "to": "2025-10-08", "kind": "holiday", "names": ["National Day", "Mid-autumn Festival"]}
    ]
    resolve = milestone(report, "resolve")
    assert resolve["due"] == "2025-10-15T00:00:00+08:00"
    assert resolve["counted_days"] == 5
    counted = [(d["date"], d["kind"]) for d in resolve["days"] if d["counted"]]
    assert counted == [
        ("2025-10-09", "workday"),
        ("2025-10-10", "workday"),
        ("2025-10-11", "makeup"),
        ("2025-10-13", "workday"),
        ("2025-10-14", "workday"),
    ]
    assert resolve["skipped"][-1] == {"from": "2025-10-12", "to": "2025-10-12", "kind": "weekend", "names": []}
    # the intake day gives nothing to a days limit
    assert resolve["days"][0] == {"date": "2025-09-30", "kind": "workday", "counted": 0, "name": None, "provisional": False}


@pytest.mark.parametrize(
    ("received", "due", "counted"),
    [
        ("2026-02-13 17:00", "2026-02-14T17:00:00+08:00", [("2026-02-13", 7), ("2026-02-14", 17)]),  # Saturday is worked
        ("2026-10-03 10:00", "2026-10-09T00:00:00+08:00", [("2026-10-08", 24)]),  # the clock starts on Oct 8
        ("2005-12-30 10:00", "2005-12-31T10:00:00+08:00", [("2005-12-30", 14), ("2005-12-31", 10)]),  # the corrected day
    ],
)
def test_the_worked_examples_of_24_hours(explained, received, due, counted):
    response = milestone(explained(received), "response")
    assert response["due"] == due == response["stored_due"]
    assert [(d["date"], d["counted"] // 3600) for d in response["days"] if d["counted"]] == counted


def test_a_deadline_beyond_the_calendar_names_the_year_to_enter(explained):
    feedback = milestone(explained("2026-12-30 10:00", now="2026-12-30T11:00:00+08:00"), "feedback")
    assert feedback["provisional"] is True
    assert feedback["provisional_years"] == [2027]
    assert [d["provisional"] for d in feedback["days"]] == [False, False, True]


def test_each_pause_says_how_far_it_moved_the_deadline(book):
    ref = book("new", "新奥集团", "暂停的重大问题", "-c", "major", "-d", "经济发展局", "--at", "2026-11-23 10:00").stdout.split()[0]
    book("pause", ref, "--at", "2026-11-24 08:40", "--reason", "等企业补材料")
    book("resume", ref, "--at", "2026-11-24 08:50")
    report = book.json("explain", ref)
    resolve = milestone(report, "resolve")
    assert resolve["first_due"] == "2026-12-01T00:00:00+08:00"
    assert resolve["due"] == "2026-12-01T00:10:00+08:00" == resolve["stored_due"]
    (pause,) = resolve["pauses"]
    assert pause == {
        "from": "2026-11-24T08:40:00+08:00",
        "to": "2026-11-24T08:50:00+08:00",
        "moved": 600,
        "due": "2026-12-01T00:10:00+08:00",
        "why": "moved",
    }
    # the response was due Nov 24 10:00 and is still open: it moved too; a pause after a deadline moves nothing
    assert milestone(report, "response")["pauses"][0]["moved"] == 600
    text = book("--lang", "zh", "explain", ref).stdout
    assert "2026-11-24 08:40–08:50：顺延 10分 → 2026-12-01 00:10" in text


def test_a_pause_after_the_deadline_moves_nothing_and_says_why(book):
    ref = book("new", "新奥集团", "迟了才暂停", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-20 10:00").stdout.split()[0]
    book("pause", ref, "--at", "2026-11-24 09:00", "--reason", "等企业")
    book("resume", ref, "--at", "2026-11-24 10:00")
    (pause,) = milestone(book.json("explain", ref), "resolve")["pauses"]
    assert (pause["moved"], pause["why"]) == (0, "after-due")
    assert "moved nothing (it began after the deadline had passed)" in book("explain", ref).stdout


def test_the_text_names_the_holidays_and_make_up_days_in_the_officers_language(explained, book):
    explained("2025-09-30 16:00")
    chinese = book("--lang", "zh", "explain", "2025-1").stdout
    assert "10-01–10-08 放假（国庆节、中秋节）" in chinese
    assert "5 个工作日：10-09、10-10、10-11 调休上班（国庆节）、10-13、10-14" in chinese
    assert "2025-09-30 16:00（受理当日不计）" in chinese
    assert "办结  5d · 工作日计时（节假日顺延）" in chinese
    english = book("explain", "2025-1").stdout
    assert "10-01–10-08 holiday (National Day, Mid-autumn Festival)" in english
    assert "10-11 make-up working day (National Day)" in english


def test_the_text_writes_the_year_once_the_way_crosses_into_the_next(explained, book):
    explained("2026-12-30 10:00", now="2026-12-30T11:00:00+08:00")
    text = book("explain", "2026-1", now="2026-12-30T11:00:00+08:00").stdout
    assert "5 working days: 12-31, 2027-01-01, 2027-01-04, 2027-01-05, 2027-01-06" in text
    assert "(provisional: 2027 not entered, weekends only)" in text


def test_an_approved_extension_says_how_far_it_moved_the_deadline(book):
    now = "2025-10-14T10:00:00+08:00"
    ref = book(
        "new", "新奥集团", "需要协调的重大问题", "-c", "major", "-d", "经济发展局", "--at", "2025-09-30 16:00", now=now
    ).stdout.split()[0]
    book("extend", ref, "5d", "--reason", "需要多部门协调", "--at", "2025-10-13 09:00", now=now)
    book("approve", ref, "--by", "王主任", "--at", "2025-10-13 10:00", now=now)
    resolve = milestone(book.json("explain", ref, now=now), "resolve")
    assert resolve["first_due"] == "2025-10-15T00:00:00+08:00"
    assert resolve["extensions"] == [
        {"limit": "5d", "approved_at": "2025-10-13T10:00:00+08:00", "moved": True, "due": "2025-10-22T00:00:00+08:00"}
    ]
    assert resolve["due"] == resolve["stored_due"] == "2025-10-22T00:00:00+08:00"
    assert "5d，2025-10-13 10:00 批准 → 2025-10-22 00:00" in book("--lang", "zh", "explain", ref, now=now).stdout


def test_an_extension_approved_after_the_deadline_moves_nothing_and_says_so(book):
    now = "2025-10-20T10:00:00+08:00"
    ref = book("new", "新奥集团", "批晚了的延期", "-c", "major", "-d", "经济发展局", "--at", "2025-09-30 16:00", now=now).stdout.split()[0]
    book("extend", ref, "5d", "--reason", "需要多部门协调", "--at", "2025-10-14 09:00", now=now)
    book("approve", ref, "--by", "王主任", "--at", "2025-10-16 10:00", now=now)
    resolve = milestone(book.json("explain", ref, now=now), "resolve")
    assert [move["moved"] for move in resolve["extensions"]] == [False]
    assert resolve["due"] == resolve["stored_due"] == "2025-10-15T00:00:00+08:00"
    assert "moved nothing (the deadline had passed)" in book("explain", ref, now=now).stdout


def test_an_unknown_case_is_refused(book):
    error_line(book("explain", "ZT-2026-0999", code=2), "no case 'ZT-2026-0999'")


# -- the pure story ------------------------------------------------------------------------------

CALENDAR = work_calendar()
STARTS = st.datetimes(min_value=datetime(2005, 1, 1), max_value=datetime(2027, 6, 1)).map(
    lambda moment: to_epoch(moment.replace(second=0, microsecond=0, tzinfo=SHANGHAI))
)
LIMITS = st.sampled_from(["1h", "4h", "24h", "48h", "72h", "1d", "2d", "5d", "10d"])


@settings(max_examples=300, deadline=None)
@given(start=STARTS, limit_text=LIMITS)
def test_the_days_told_add_up_to_the_limit_and_end_on_the_deadline(start, limit_text):
    limit = Limit.parse(limit_text)
    due = CALENDAR.due(start, limit, "workdays")
    days = days_crossed(CALENDAR, {}, start, limit, due.at)
    if limit.unit == "d":
        assert sum(1 for day in days if day.counted) == limit.amount
        assert all(day.counted in (0, DAY) for day in days)
    else:
        assert sum(day.counted for day in days) == limit.seconds
    # the last day told is the one the clock ran out in, and it counted
    assert days[-1].counted
    assert days[-1].day == (datetime.fromtimestamp(due.at - 1, SHANGHAI)).date()
    assert all(b.day - a.day == timedelta(days=1) for a, b in pairwise(days))
    assert all((day.kind in (WORKDAY, MAKEUP)) == CALENDAR.is_working_day(day.day) for day in days)


@settings(max_examples=300, deadline=None)
@given(
    start=STARTS,
    limit_text=LIMITS,
    clock=st.sampled_from(["workdays", "calendar"]),
    gaps=st.lists(st.tuples(st.integers(0, 5 * DAY), st.integers(0, 2 * DAY)), max_size=3),
    met_after=st.none() | st.integers(0, 20 * DAY),
)
def test_the_story_ends_on_the_stored_deadline(start, limit_text, clock, gaps, met_after):
    """Pause by pause, the story's last deadline is the one the engine stores."""
    pauses, moment = [], start - DAY
    for gap, length in gaps:
        moment += gap
        pauses.append(Pause(moment, moment + length))
        moment += length
    met_at = None if met_after is None else start + met_after
    limit = Limit.parse(limit_text)
    first, moves = paused_deadline(CALENDAR, start, limit, clock, pauses, met_at)
    assert first == CALENDAR.due(start, limit, clock)
    told = moves[-1].due if moves else first
    assert told == due_with_pauses(CALENDAR, start, limit, clock, pauses, met_at)
    assert [move.pause for move in moves] == pauses
    for before, move in zip([first] + [m.due for m in moves], moves):
        assert (move.moved > 0) == (move.due.at > before.at)
        assert move.why == "moved" or move.moved == 0


def test_runs_of_days_off_carry_their_names():
    calendar = work_calendar()
    start, end = at("2026-09-30T10:00:00"), at("2026-10-12T00:00:00")
    days = days_crossed(calendar, day_names({}), start, Limit.parse("5d"), end)
    runs = skipped_runs(days)
    # 2026: off Oct 1–7, Saturday Oct 10 worked, Sunday Oct 11 a weekend again
    assert [(run.first, run.last, run.kind) for run in runs] == [
        (date(2026, 10, 1), date(2026, 10, 7), HOLIDAY),
        (date(2026, 10, 11), date(2026, 10, 11), WEEKEND),
    ]
    assert [day.kind for day in days if day.day == date(2026, 10, 10)] == [MAKEUP]
    shipped = shipped_days()
    assert runs[0].names == list(dict.fromkeys(shipped[date(2026, 10, day)][1] for day in range(1, 8)))
    # a run that begins on a weekend and goes on into a weekday off is a holiday (2025's Dragon Boat Festival)
    dragon_boat = skipped_runs(
        days_crossed(calendar, day_names({}), at("2025-05-30T10:00:00"), Limit.parse("24h"), at("2025-06-03T10:00:00"))
    )
    assert [(run.first, run.last, run.kind, run.names) for run in dragon_boat] == [
        (date(2025, 5, 31), date(2025, 6, 2), HOLIDAY, ["Dragon Boat Festival"])
    ]
    weekend = skipped_runs(days_crossed(calendar, {}, at("2026-11-20T10:00:00"), Limit.parse("1d"), at("2026-11-24T00:00:00")))
    assert [(run.first, run.last, run.kind, run.names) for run in weekend] == [(date(2026, 11, 21), date(2026, 11, 22), WEEKEND, [])]


def test_the_officers_names_for_days_win_over_the_shipped_ones():
    names = day_names({date(2025, 10, 1): (False, "国庆"), date(2025, 10, 11): (False, None)})
    assert names[date(2025, 10, 1)] == "国庆"
    assert date(2025, 10, 11) not in names  # no longer a make-up day: its shipped name does not apply
    assert names[date(2025, 10, 2)] == "National Day"
