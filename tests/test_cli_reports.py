"""The monthly assessment (stats), and the morning views agreeing with the deadline engine.

The "must hold" of issue #4: overdue and pending agree to the second with the deadline engine
under a frozen clock — over holidays, make-up days, pauses and provisional deadlines. Each
scenario is checked twice: against figures worked out by hand from DOMAIN.md's rules, and
against the engine's own arithmetic (``WorkCalendar``) on the same calendar data.
"""

from __future__ import annotations

import pytest
from conftest import error_line

from zhitong.core.calendar_data import work_calendar
from zhitong.core.instants import from_epoch, iso, to_epoch
from zhitong.edge.when import parse_iso
from zhitong.sla import Limit

H = 3600


def epoch(text: str) -> int:
    return to_epoch(parse_iso(text))


def stamp(seconds: int) -> str:
    return iso(from_epoch(seconds))


def overdue(zt, now: str) -> list[tuple]:
    return [(i["ref"], i["milestone"], i["due"], i["overdue_seconds"], i["provisional"], i["paused"]) for i in zt.json("overdue", now=now)]


def pending(zt, now: str) -> dict[str, tuple]:
    return {i["ref"]: (i["next_milestone"], i["next_due"], i["left_seconds"]) for i in zt.json("pending", now=now)}


# -- holidays -----------------------------------------------------------------------------------------


@pytest.fixture
def national_day(book, built_once):
    """DOMAIN.md's first example: routine, received 2025-09-30 16:00, the day before National Day."""

    def steps():
        book("new", "新奥集团", "节前受理", "--category", "routine", "--dept", "工管委", "--at", "2025-09-30 16:00", now="2025-09-30T16:30")

    built_once(steps)
    return book


def test_over_national_day_pending_counts_only_working_time(national_day):
    calendar = work_calendar()
    due = calendar.due(epoch("2025-09-30T16:00"), Limit(24, "h"))
    assert stamp(due.at) == "2025-10-09T16:00:00+08:00"  # 8 h on Sep 30, Oct 1–8 off, 16 h on Oct 9
    for now, left in (("2025-09-30T20:00", 20 * H), ("2025-10-05T12:00", 16 * H), ("2025-10-09T15:00", 1 * H)):
        assert calendar.working_time(epoch(now), due.at) == left
        assert pending(national_day, now) == {"ZT-2025-0001": ("response", "2025-10-09T16:00:00+08:00", left)}
        assert overdue(national_day, now) == []


def test_over_national_day_overdue_to_the_second(national_day):
    calendar = work_calendar()
    due = calendar.due(epoch("2025-09-30T16:00"), Limit(24, "h")).at
    now = "2025-10-09T17:30:01"
    late = 1 * H + 30 * 60 + 1
    assert calendar.working_time(due, epoch(now)) == late
    assert overdue(national_day, now) == [
        ("ZT-2025-0001", "response", stamp(due), late, False, False),
        ("ZT-2025-0001", "resolve", stamp(due), late, False, False),
    ]
    assert pending(national_day, now)["ZT-2025-0001"] == ("response", stamp(due), -late)
    # exactly at the deadline nothing is late yet; a second later it is
    assert overdue(national_day, "2025-10-09T16:00:00") == []
    assert [item[3] for item in overdue(national_day, "2025-10-09T16:00:01")] == [1, 1]


def test_a_five_day_limit_over_national_day_and_a_make_up_saturday(book):
    book("new", "新奥集团", "用地指标", "--category", "major", "--at", "2025-09-30 16:00", now="2025-09-30T16:30")
    calendar = work_calendar()
    resolve = calendar.due(epoch("2025-09-30T16:00"), Limit(5, "d")).at
    assert stamp(resolve) == "2025-10-15T00:00:00+08:00"  # Oct 9, 10, 11 (Saturday, make-up), 13, 14
    now = "2025-10-15T10:00"
    items = {item[1]: item for item in overdue(book, now)}
    assert items["resolve"][2:4] == (stamp(resolve), 10 * H)
    feedback = calendar.due(epoch("2025-09-30T16:00"), Limit(48, "h")).at
    assert stamp(feedback) == "2025-10-10T16:00:00+08:00"
    assert items["feedback"][2:4] == (stamp(feedback), calendar.working_time(feedback, epoch(now)))
    # Saturday Oct 11 counts: from Friday 16:00 to Monday Oct 13 10:00 is 8 + 24 + 10 hours
    assert calendar.working_time(feedback, epoch("2025-10-13T10:00")) == 42 * H
    assert {item[1]: item[3] for item in overdue(book, "2025-10-13T10:00")}["feedback"] == 42 * H


# -- make-up days ---------------------------------------------------------------------------------------


def test_spring_festival_make_up_saturday(book):
    book("new", "新奥集团", "节前最后一天", "--category", "routine", "--at", "2026-02-13 17:00", now="2026-02-13T17:30")
    calendar = work_calendar()
    due = calendar.due(epoch("2026-02-13T17:00"), Limit(24, "h")).at
    assert stamp(due) == "2026-02-14T17:00:00+08:00"  # Saturday Feb 14 is a working day
    assert pending(book, "2026-02-14T09:00") == {"ZT-2026-0001": ("response", stamp(due), 8 * H)}
    # 7 h left of Saturday, Feb 15–23 off, 9 h on Tuesday Feb 24
    assert calendar.working_time(due, epoch("2026-02-24T09:00")) == 16 * H
    assert [item[3] for item in overdue(book, "2026-02-24T09:00")] == [16 * H, 16 * H]
    assert pending(book, "2026-02-20T12:00")["ZT-2026-0001"][2] == -7 * H  # late, but the clock stands still over the festival


def test_intake_on_a_holiday_starts_the_clock_on_the_next_working_day(book):
    book("new", "新奥集团", "国庆期间", "--category", "routine", "--at", "2026-10-03 10:00", now="2026-10-03T10:30")
    assert stamp(work_calendar().due(epoch("2026-10-03T10:00"), Limit(24, "h")).at) == "2026-10-09T00:00:00+08:00"
    assert pending(book, "2026-10-08T12:00")["ZT-2026-0001"] == ("response", "2026-10-09T00:00:00+08:00", 12 * H)
    assert [item[3] for item in overdue(book, "2026-10-09T00:00:01")] == [1, 1]


# -- pauses ---------------------------------------------------------------------------------------------


@pytest.fixture
def paused_book(book, built_once):
    """At the frozen now (Wednesday 2026-11-25 09:00): three cases with pauses."""

    def steps():
        # DOMAIN.md: major, Monday 10:00, paused 08:40–08:50 on Tuesday: every open deadline moves 10 minutes
        book("new", "新奥集团", "重大问题", "--category", "major", "--dept", "经济发展局", "--at", "2026-11-23 10:00")
        book("pause", "ZT-2026-0001", "--reason", "等企业材料", "--at", "2026-11-24 08:40")
        book("resume", "ZT-2026-0001", "--at", "2026-11-24 08:50")
        # still paused, since before its deadline: not late, and its time left stands still
        book("new", "新奥集团", "仍在暂停", "--category", "routine", "--dept", "工管委", "--at", "2026-11-24 08:00")
        book("pause", "ZT-2026-0002", "--reason", "等企业材料", "--at", "2026-11-24 12:00")
        # paused after it was already late: a pause cannot make a late promise punctual
        book("new", "华翔物流", "超期后暂停", "--category", "routine", "--dept", "工管委", "--at", "2026-11-20 10:00")
        book("pause", "ZT-2026-0003", "--reason", "等企业材料", "--at", "2026-11-24 09:00")

    built_once(steps)
    return book


def test_paused_cases_overdue_to_the_second(paused_book):
    calendar = work_calendar()
    now = epoch("2026-11-25T09:00")
    received = epoch("2026-11-23T10:00")
    pause = calendar.working_time(epoch("2026-11-24T08:40"), epoch("2026-11-24T08:50"))
    assert pause == 600
    response = calendar.shift(calendar.due(received, Limit(24, "h")).at, pause).at
    assert stamp(response) == "2026-11-24T10:10:00+08:00"
    late_since_pause = calendar.due(epoch("2026-11-20T10:00"), Limit(24, "h")).at
    assert stamp(late_since_pause) == "2026-11-23T10:00:00+08:00"  # Friday 14 h + Monday 10 h
    # sign-for: a working day after each assignment, moved by the pause like every open deadline
    sign_late = calendar.due(epoch("2026-11-20T10:00"), Limit(1, "d")).at
    sign = calendar.shift(calendar.due(received, Limit(1, "d")).at, pause).at
    assert stamp(sign) == "2026-11-25T00:10:00+08:00"
    assert overdue(paused_book, "2026-11-25T09:00") == [
        ("ZT-2026-0003", "response", stamp(late_since_pause), 47 * H, False, True),
        ("ZT-2026-0003", "resolve", stamp(late_since_pause), 47 * H, False, True),
        ("ZT-2026-0003", "sign", stamp(sign_late), 33 * H, False, True),
        ("ZT-2026-0001", "response", stamp(response), calendar.working_time(response, now), False, False),
        ("ZT-2026-0001", "sign", stamp(sign), calendar.working_time(sign, now), False, False),
    ]
    assert calendar.working_time(response, now) == 22 * H + 50 * 60
    shown = paused_book.json("show", "ZT-2026-0001")
    assert (shown["feedback_due"], shown["resolve_due"]) == ("2026-11-25T10:10:00+08:00", "2026-12-01T00:10:00+08:00")


def test_paused_cases_pending_to_the_second(paused_book):
    calendar = work_calendar()
    now = epoch("2026-11-25T09:00")
    due = calendar.due(epoch("2026-11-24T08:00"), Limit(24, "h")).at
    assert stamp(due) == "2026-11-25T08:00:00+08:00"
    # the running pause (since Tuesday 12:00) pushes the deadline by the 21 working hours it has lasted
    effective = calendar.shift(due, calendar.working_time(epoch("2026-11-24T12:00"), now)).at
    assert stamp(effective) == "2026-11-26T05:00:00+08:00"
    assert calendar.working_time(now, effective) == 20 * H
    listed = pending(paused_book, "2026-11-25T09:00")
    assert listed["ZT-2026-0002"] == ("response", stamp(effective), 20 * H)  # next_due: as the table shows it
    assert listed["ZT-2026-0001"] == ("response", "2026-11-24T10:10:00+08:00", -(22 * H + 50 * 60))
    assert listed["ZT-2026-0003"] == ("response", "2026-11-23T10:00:00+08:00", -47 * H)
    # an hour later the paused case still has 20 h; the others are an hour later still
    later = pending(paused_book, "2026-11-25T10:00")
    assert later["ZT-2026-0002"][2] == 20 * H
    assert later["ZT-2026-0003"][2] == -48 * H
    assert "ZT-2026-0002" not in [item[0] for item in overdue(paused_book, "2026-11-27T09:00")]


# -- provisional deadlines ------------------------------------------------------------------------------


def test_provisional_deadlines_agree_and_become_final_when_the_year_is_entered(book, tmp_path):
    book("new", "新奥集团", "年底受理", "--category", "routine", "--at", "2026-12-31 10:00", now="2026-12-31T10:30")
    shipped = work_calendar()
    due = shipped.due(epoch("2026-12-31T10:00"), Limit(24, "h"))
    assert (stamp(due.at), due.provisional) == ("2027-01-01T10:00:00+08:00", True)  # weekends only for 2027
    now = "2027-01-04T09:00"
    assert shipped.working_time(due.at, epoch(now)) == 23 * H  # Friday 14 h, Monday 9 h
    assert overdue(book, now) == [
        ("ZT-2026-0001", "response", stamp(due.at), 23 * H, True, False),
        ("ZT-2026-0001", "resolve", stamp(due.at), 23 * H, True, False),
    ]
    # the State Council declares New Year's Day a holiday: the deadline is recomputed and final
    schedule = tmp_path / "2027.csv"
    schedule.write_text("date,kind,name\n2027-01-01,holiday,元旦\n", encoding="utf-8")
    book("calendar", "import", schedule, now=now)
    entered = work_calendar({parse_iso("2027-01-01").date(): False}, {2027})
    final = entered.due(epoch("2026-12-31T10:00"), Limit(24, "h"))
    assert (stamp(final.at), final.provisional) == ("2027-01-04T10:00:00+08:00", False)
    assert overdue(book, now) == []
    assert pending(book, now) == {"ZT-2026-0001": ("response", stamp(final.at), 1 * H)}
    assert book.json("pending", now=now)[0]["provisional"] is False


# -- stats ------------------------------------------------------------------------------------------------


@pytest.fixture
def assessed(book, built_once):
    """November 2026 at the frozen now, 2026-11-25 09:00."""

    def steps():
        book("dept", "add", "交通运输局")
        # A — 经济发展局: answered in 2 h, resolved on time, rated 5
        book("new", "新奥集团", "A", "--category", "routine", "--dept", "经济发展局", "--at", "2026-11-02 10:00")
        book("respond", "ZT-2026-0001", "--owner", "王局长", "--plan", "办", "--eta", "2026-11-03", "--at", "2026-11-02 12:00")
        book("resolve", "ZT-2026-0001", "--at", "2026-11-02 15:00")
        book("rate", "ZT-2026-0001", "5", "--at", "2026-11-02 16:00")
        # B — 工管委, then transferred to 经济发展局: answered after 48 h, never resolved, urged
        book("new", "新奥集团", "B", "--category", "routine", "--dept", "工管委", "--at", "2026-11-10 09:00")
        book("respond", "ZT-2026-0002", "--owner", "赵主任", "--plan", "办", "--eta", "2026-11-20", "--at", "2026-11-12 09:00")
        book("transfer", "ZT-2026-0002", "经济发展局", "--reason", "职责", "--at", "2026-11-12 10:00")
        book("urge", "ZT-2026-0002", "--at", "2026-11-13 10:00")
        # C — 工管委: major, received yesterday, nothing due yet
        book("new", "新奥集团", "C", "--category", "major", "--dept", "工管委", "--at", "2026-11-24 10:00")
        # D — 工管委: answered in 1 h, resolved a day late, rated 3
        book("new", "华翔物流", "D", "--category", "routine", "--dept", "工管委", "--at", "2026-11-16 10:00")
        book("respond", "ZT-2026-0004", "--owner", "赵主任", "--plan", "办", "--eta", "2026-11-18", "--at", "2026-11-16 11:00")
        book("resolve", "ZT-2026-0004", "--at", "2026-11-18 10:00")
        book("rate", "ZT-2026-0004", "3", "--at", "2026-11-18 11:00")
        # E — unassigned, late since 08:00 today
        book("new", "华翔物流", "E", "--category", "routine", "--at", "2026-11-24 08:00")
        # F — October: not in November's figures
        book("new", "华翔物流", "F", "--category", "routine", "--dept", "工管委", "--at", "2026-10-20 08:00")

    built_once(steps)
    return book


def test_stats_per_department_and_total(assessed):
    report = assessed.json("stats")
    assert (report["month"], report["from"], report["until"]) == ("2026-11", "2026-11-01T00:00:00+08:00", "2026-12-01T00:00:00+08:00")
    rows = {row["department"]: row for row in report["departments"]}
    assert [row["department"] for row in report["departments"]] == ["工管委", "经济发展局", "交通运输局", None]
    # the hotline workflow's figures (tests/test_hotline.py) are added after these, none renamed
    hotline = ("signs_on_time", "signs_settled", "sign_on_time_rate", "returns", "return_rate", "redos", "redo_rate")
    hotline += ("extensions", "escalated", "satisfaction", "score", "components")
    for row in rows.values():
        assert all(row.pop(key, "missing") != "missing" for key in hotline)
    assert rows["经济发展局"] == {
        "department": "经济发展局",
        "received": 2,
        "responses_on_time": 1,
        "responses_settled": 2,
        "response_on_time_rate": 0.5,
        "resolutions_on_time": 1,
        "resolutions_settled": 2,
        "resolve_on_time_rate": 0.5,
        "milestones_on_time": 2,
        "milestones_settled": 4,
        "on_time_rate": 0.5,
        "median_response_seconds": (2 * H + 48 * H) // 2,
        "still_overdue": 1,
        "urges": 1,
        "transfers": 1,
        "ratings": 1,
        "mean_rating": 5.0,
    }
    assert rows["工管委"] == {
        "department": "工管委",
        "received": 2,
        "responses_on_time": 1,
        "responses_settled": 1,
        "response_on_time_rate": 1.0,
        "resolutions_on_time": 0,
        "resolutions_settled": 1,
        "resolve_on_time_rate": 0.0,
        "milestones_on_time": 1,
        "milestones_settled": 2,
        "on_time_rate": 0.5,
        "median_response_seconds": 1 * H,
        "still_overdue": 0,
        "urges": 0,
        "transfers": 0,
        "ratings": 1,
        "mean_rating": 3.0,
    }
    idle = rows["交通运输局"]
    assert (
        idle["received"] == 0 and idle["on_time_rate"] is None and idle["median_response_seconds"] is None and idle["mean_rating"] is None
    )
    assert rows[None]["received"] == 1 and rows[None]["still_overdue"] == 1 and rows[None]["on_time_rate"] == 0.0
    total = report["total"]
    assert total["department"] is None
    assert (total["received"], total["responses_on_time"], total["responses_settled"]) == (5, 2, 4)
    assert (total["resolutions_on_time"], total["resolutions_settled"]) == (1, 4)
    assert (total["milestones_on_time"], total["milestones_settled"], total["on_time_rate"]) == (3, 8, 0.375)
    assert total["median_response_seconds"] == 2 * H
    assert (total["still_overdue"], total["urges"], total["transfers"], total["mean_rating"]) == (2, 1, 1, 4.0)


def test_stats_text_has_a_bar_per_department_and_a_total(assessed):
    text = assessed("stats").stdout
    assert "2026-11" in text
    lines = {line.split()[0]: line for line in text.splitlines() if line.strip()}
    assert "█████" in lines["经济发展局"] and "50%" in lines["经济发展局"]
    assert "1/2 50%" in lines["经济发展局"] and "1d 1h" in lines["经济发展局"]  # median answer: 25 working hours
    assert "total" in lines and "3/8" not in lines["total"] and "38%" in lines["total"]
    assert "—" in lines["交通运输局"]


def test_stats_of_another_month(assessed):
    report = assessed.json("stats", "--month", "2026-10")
    rows = {row["department"]: row for row in report["departments"]}
    assert rows["工管委"]["received"] == 1 and report["total"]["received"] == 1
    assert assessed.json("stats", "--month", "2026-09")["total"]["received"] == 0
    error_line(assessed("stats", "--month", "2026-13", code=2), "impossible date '2026-13': there is no month 13")


def test_stats_in_chinese(assessed):
    text = assessed("--lang", "zh", "stats").stdout
    assert "经济发展局" in text and "合计" in text
