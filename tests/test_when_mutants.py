"""Time entry, word by word: every unit, named day, week and weekday the parser knows, every
hour in every part of the day, and the limits of the dates and times it builds."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from zhitong.core.errors import InputError
from zhitong.core.instants import ZONE, iso
from zhitong.edge.when import parse_day, parse_iso, parse_month, parse_when, period
from zhitong.text.i18n import message

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=ZONE)  # a Wednesday


def at(text: str, **side) -> str:
    return iso(parse_when(text, reference=NOW, **side))


def refusal(text: str, **side) -> str:
    with pytest.raises(InputError) as caught:
        parse_when(text, reference=NOW, **side)
    return message(caught.value, "en")


# -- offsets: every spelling of every unit ---------------------------------------------------------

MINUTE_WORDS = ["m", "min", "mins", "minute", "minutes", "分钟", "分"]
HOUR_WORDS = ["h", "hour", "hours", "小时", "钟头"]
DAY_WORDS = ["d", "day", "days", "天"]


@pytest.mark.parametrize(
    ("unit", "seconds"),
    [(word, 60) for word in MINUTE_WORDS] + [(word, 3600) for word in HOUR_WORDS] + [(word, 86400) for word in DAY_WORDS],
)
def test_every_unit_of_an_offset_said_the_way_people_say_it(unit, seconds):
    assert parse_when(f"3{unit}前", reference=NOW) == NOW - timedelta(seconds=3 * seconds)
    assert parse_when(f"3 {unit} ago", reference=NOW) == NOW - timedelta(seconds=3 * seconds)
    assert parse_when(f"3{unit}后", reference=NOW) == NOW + timedelta(seconds=3 * seconds)
    assert parse_when(f"3{unit} later", reference=NOW) == NOW + timedelta(seconds=3 * seconds)


@pytest.mark.parametrize(
    ("unit", "seconds"),
    [("m", 60), ("min", 60), ("分钟", 60), ("分", 60), ("h", 3600), ("小时", 3600), ("钟头", 3600), ("d", 86400), ("天", 86400)],
)
def test_every_unit_of_a_signed_offset(unit, seconds):
    assert parse_when(f"-7{unit}", reference=NOW) == NOW - timedelta(seconds=7 * seconds)
    assert parse_when(f"+7{unit}", reference=NOW) == NOW + timedelta(seconds=7 * seconds)


# -- named days, weeks and weekdays ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "day"),
    [
        ("today", "2026-11-25"),
        ("今天", "2026-11-25"),
        ("今日", "2026-11-25"),
        ("yesterday", "2026-11-24"),
        ("昨天", "2026-11-24"),
        ("昨日", "2026-11-24"),
        ("前天", "2026-11-23"),
        ("大前天", "2026-11-22"),
        ("tomorrow", "2026-11-26"),
        ("明天", "2026-11-26"),
        ("明日", "2026-11-26"),
        ("后天", "2026-11-27"),
        ("大后天", "2026-11-28"),
    ],
)
def test_every_named_day(name, day):
    assert at(f"{name} 10:00") == f"{day}T10:00:00+08:00"
    assert at(name) == f"{day}T00:00:00+08:00"


@pytest.mark.parametrize(
    ("week", "monday"),
    [
        ("", "2026-11-23"),
        ("本", "2026-11-23"),
        ("这", "2026-11-23"),
        ("上", "2026-11-16"),
        ("上上", "2026-11-09"),
        ("下", "2026-11-30"),
        ("下下", "2026-12-07"),
    ],
)
def test_every_week_a_weekday_is_said_in(week, monday):
    assert at(f"{week}周一 10:00") == f"{monday}T10:00:00+08:00"


@pytest.mark.parametrize(
    ("said", "day"),
    [
        ("一", "2026-11-23"),
        ("二", "2026-11-24"),
        ("三", "2026-11-25"),
        ("四", "2026-11-26"),
        ("五", "2026-11-27"),
        ("六", "2026-11-28"),
        ("日", "2026-11-29"),
        ("天", "2026-11-29"),
        ("1", "2026-11-23"),
        ("2", "2026-11-24"),
        ("3", "2026-11-25"),
        ("4", "2026-11-26"),
        ("5", "2026-11-27"),
        ("6", "2026-11-28"),
        ("7", "2026-11-29"),
    ],
)
def test_every_weekday_of_this_week(said, day):
    assert at(f"本周{said}") == f"{day}T00:00:00+08:00"
    assert at(f"星期{said} 8:00") == f"{day}T08:00:00+08:00"


# -- the hour in each part of the day ----------------------------------------------------------------


def same(first: int, last: int) -> dict[int, int]:
    return {hour: hour for hour in range(first, last + 1)}


def afternoon(first: int, last: int) -> dict[int, int]:
    return {hour: hour + 12 for hour in range(first, last + 1)}


MORNING = same(0, 12)
EVENING = afternoon(6, 11)
# The hour said with 点 (下午3点), and what it is on the 24-hour clock; any other hour is refused.
SAID_WITH_DIAN = {
    "凌晨": same(0, 5),
    "上午": MORNING,
    "早上": MORNING,
    "早晨": MORNING,
    "清晨": MORNING,
    "中午": {11: 11, 12: 12, 1: 13, 2: 14},
    "下午": {12: 12, **afternoon(1, 11)},
    "傍晚": afternoon(4, 8),
    "晚上": EVENING,
    "夜里": EVENING,
}
# With a colon the 24-hour clock may be said too, when it lies in that part of the day.
SAID_WITH_COLON = {
    **SAID_WITH_DIAN,
    "中午": {**SAID_WITH_DIAN["中午"], 13: 13, 14: 14},
    "下午": {**SAID_WITH_DIAN["下午"], **same(13, 23)},
    "傍晚": {**SAID_WITH_DIAN["傍晚"], **same(16, 20)},
    "晚上": {**EVENING, **same(18, 23)},
    "夜里": {**EVENING, **same(18, 23)},
}


@pytest.mark.parametrize("period", list(SAID_WITH_DIAN))
def test_every_hour_in_every_part_of_the_day(period):
    for hours, form in ((SAID_WITH_DIAN[period], "{period}{hour}点"), (SAID_WITH_COLON[period], "{period}{hour}:00")):
        for hour in range(25):
            text = form.format(period=period, hour=hour)
            if hour in hours:
                assert at(text) == f"2026-11-25T{hours[hour]:02d}:00:00+08:00", text
            else:
                assert "could mean" in refusal(text), text


# -- the years an instant may fall in -----------------------------------------------------------------


def test_an_offset_reaches_from_1900_to_2999_and_no_further():
    assert at("-46349d") == "1900-01-01T09:00:00+08:00"
    assert at("+355417d") == "2999-12-31T09:00:00+08:00"
    for text in ("-46350d", "+355418d", "-99999999999h", "99999999999天后"):
        said = refusal(text)
        assert said.startswith(f"{text!r} is too far from today"), said
        assert "between 1900 and 2999" in said, said


# -- a day promised by (future): by its end ---------------------------------------------------------


def test_a_promised_iso_day_is_due_by_its_end_and_a_promised_time_at_it():
    assert at("2026-11-30", future=True) == "2026-12-01T00:00:00+08:00"
    assert at("2026-11-30 10:00", future=True) == "2026-11-30T10:00:00+08:00"
    assert at("2026-11-30T10:00+00:00", future=True) == "2026-11-30T18:00:00+08:00"
    assert at("2026-11-30") == "2026-11-30T00:00:00+08:00"


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("晚上3点", "2026-11-25 15:00", "2026-11-26 03:00"),  # three in the afternoon, or after midnight
        ("夜里12点", "2026-11-25 00:00", "2026-11-26 00:00"),
        ("晚上24点", "2026-11-26 00:00", "2026-11-26 12:00"),
        ("凌晨6点", "2026-11-25 06:00", "2026-11-25 18:00"),
        ("凌晨13点", "2026-11-25 01:00", "2026-11-25 13:00"),
        ("上午24点", "2026-11-25 00:00", "2026-11-25 12:00"),
        ("凌晨7:00", "2026-11-25 07:00", "2026-11-25 19:00"),
        ("中午3点", "2026-11-25 03:00", "2026-11-25 15:00"),
        ("傍晚9点", "2026-11-25 09:00", "2026-11-25 21:00"),
        ("下午24:00", "2026-11-26 00:00", "2026-11-26 12:00"),
    ],
)
def test_an_hour_outside_its_part_of_the_day_is_refused_with_both_readings(text, first, second):
    assert refusal(text).startswith(f"{text!r} could mean {first} or {second} — use the 24-hour clock")


# -- --since/--until ----------------------------------------------------------------------------------


def interval(since, until, reference=NOW):
    start, end = period(since, until, reference=reference)
    return (start and iso(start), end and iso(end))


def test_a_bare_day_until_includes_all_of_it_and_a_time_is_as_typed():
    assert interval("2026-11-01", "2026-11-30") == ("2026-11-01T00:00:00+08:00", "2026-12-01T00:00:00+08:00")
    assert interval(None, "2026-11-30 00:00") == (None, "2026-12-01T00:00:00+08:00")  # 00:00 is the day
    for typed in ("2026-11-30 01:00", "2026-11-30 00:01", "2026-11-30 00:00:01", "2026-11-30 12:00"):
        assert interval(None, typed) == (None, iso(parse_iso(typed))), typed
    assert interval(None, None) == (None, None)


def test_since_is_a_day_that_has_come_and_until_is_as_typed():
    # 11-30 typed on 2026-11-25: since it is last year's, until this year's.
    assert interval("11-30", None) == ("2025-11-30T00:00:00+08:00", None)
    assert interval(None, "11-30") == (None, "2026-12-01T00:00:00+08:00")


def test_until_not_after_since_is_refused():
    for since, until in (("2026-11-30", "2026-11-29"), ("2026-11-30 12:00", "2026-11-30 12:00"), ("2026-11-30 12:00", "2026-11-30 11:00")):
        with pytest.raises(InputError, match=r"^--until is before --since$"):
            period(since, until, reference=NOW)
    assert interval("2026-11-30 12:00", "2026-11-30 12:01") == ("2026-11-30T12:00:00+08:00", "2026-11-30T12:01:00+08:00")


# -- months, days, and the limits of a date ---------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "start", "end"),
    [
        ("2026-01", "2026-01-01", "2026-02-01"),
        ("2026-11", "2026-11-01", "2026-12-01"),
        ("2026-12", "2026-12-01", "2027-01-01"),
    ],
)
def test_a_month_is_from_its_first_day_to_the_next_months(month, start, end):
    first, after = parse_month(month)
    assert (iso(first), iso(after)) == (f"{start}T00:00:00+08:00", f"{end}T00:00:00+08:00")


@pytest.mark.parametrize("text", ["2026-1x", "2026", "11-2026", "2026-11-01"])
def test_what_is_not_a_month_is_refused(text):
    with pytest.raises(InputError) as caught:
        parse_month(text)
    assert message(caught.value, "en").startswith(f"not a month: {text!r}")


def test_the_first_and_last_days_of_the_kept_years_and_the_leap_days():
    for text in ("2000-01-01", "2099-12-31", "2000-02-29", "2024-02-29", "2076-02-29", "2096-02-29", "2026-12-31", "2026-01-31"):
        assert parse_day(text).isoformat() == text
    for text in ("1999-12-31", "2100-01-01"):
        with pytest.raises(InputError, match="outside 2000–2099"):
            parse_day(text)
    for text, days in (("2026-02-29", 28), ("2026-12-32", 31), ("2026-01-32", 31), ("2026-04-31", 30)):
        with pytest.raises(InputError) as caught:
            parse_day(text)
        assert f"has no day {text[-2:]} — it has {days} days" in message(caught.value, "en")


def test_the_first_and_last_instants_of_a_day():
    assert iso(parse_iso("2026-11-24 00:00:00")) == "2026-11-24T00:00:00+08:00"
    assert iso(parse_iso("2026-11-24 23:59:59")) == "2026-11-24T23:59:59+08:00"
    with pytest.raises(InputError) as caught:
        parse_day("2026-11-00")
    assert "impossible date '2026-11-00': 2026-11 has no day 0 — it has 30 days" in message(caught.value, "en")
    for text, said in (("2026-11-24 09:60", "there is no minute 60"), ("2026-11-24 09:59:60", "there is no second 60")):
        with pytest.raises(InputError) as caught:
            parse_iso(text)
        assert f"impossible time {text!r}: {said}" in message(caught.value, "en")
