"""Time entry as the officer types it: every accepted form, and every refusal."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhitong.core.errors import InputError
from zhitong.core.instants import ZONE, iso
from zhitong.edge.when import now, parse_day, parse_iso, parse_month, parse_when
from zhitong.text.i18n import message

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=ZONE)  # a Wednesday, like the frozen clock in conftest


def at(text: str) -> str:
    return iso(parse_when(text, reference=NOW))


ACCEPTED = [
    # ISO, with and without the T, seconds and offsets (an offset is honoured, then shown in +08:00)
    ("2026-11-24T09:30", "2026-11-24T09:30:00+08:00"),
    ("2026-11-24 09:30", "2026-11-24T09:30:00+08:00"),
    ("2026-11-24t09:30", "2026-11-24T09:30:00+08:00"),
    ("2026-11-24T09:30:15", "2026-11-24T09:30:15+08:00"),
    ("2026-11-24", "2026-11-24T00:00:00+08:00"),
    ("2026-11-24T01:30Z", "2026-11-24T09:30:00+08:00"),
    ("2026-11-24T01:30z", "2026-11-24T09:30:00+08:00"),
    ("2026-11-24T09:30+08:00", "2026-11-24T09:30:00+08:00"),
    ("2026-11-24T02:30+01:00", "2026-11-24T09:30:00+08:00"),
    ("2026-11-23T20:30-05:00", "2026-11-24T09:30:00+08:00"),
    ("2026-11-24 09:30 +0000", "2026-11-24T17:30:00+08:00"),
    ("2026-1-5 9:05", "2026-01-05T09:05:00+08:00"),
    # month-day, in the current year
    ("11-24 9:30", "2026-11-24T09:30:00+08:00"),
    ("11-24", "2026-11-24T00:00:00+08:00"),
    ("1-5 17:00", "2026-01-05T17:00:00+08:00"),
    # named days
    ("today 14:00", "2026-11-25T14:00:00+08:00"),
    ("Today 14:00", "2026-11-25T14:00:00+08:00"),
    ("今天 14:00", "2026-11-25T14:00:00+08:00"),
    ("今天14:00", "2026-11-25T14:00:00+08:00"),
    ("yesterday", "2026-11-24T00:00:00+08:00"),
    ("yesterday 16:00", "2026-11-24T16:00:00+08:00"),
    ("昨天 16:00", "2026-11-24T16:00:00+08:00"),
    ("前天 8:00", "2026-11-23T08:00:00+08:00"),
    ("tomorrow 18:00", "2026-11-26T18:00:00+08:00"),
    ("明天 18:00", "2026-11-26T18:00:00+08:00"),
    ("后天", "2026-11-27T00:00:00+08:00"),
    ("now", "2026-11-25T09:00:00+08:00"),
    ("现在", "2026-11-25T09:00:00+08:00"),
    # relative
    ("-2h", "2026-11-25T07:00:00+08:00"),
    ("-30m", "2026-11-25T08:30:00+08:00"),
    ("-30min", "2026-11-25T08:30:00+08:00"),
    ("-1d", "2026-11-24T09:00:00+08:00"),
    ("+2h", "2026-11-25T11:00:00+08:00"),
    ("-2小时", "2026-11-25T07:00:00+08:00"),
    ("-30分钟", "2026-11-25T08:30:00+08:00"),
    ("- 2 h", "2026-11-25T07:00:00+08:00"),
    ("\u22122h", "2026-11-25T07:00:00+08:00"),  # the minus sign some IMEs produce
    # Chinese dates and clocks
    ("11月24日 9:30", "2026-11-24T09:30:00+08:00"),
    ("11月24日", "2026-11-24T00:00:00+08:00"),
    ("11月24号 14点", "2026-11-24T14:00:00+08:00"),
    ("2026年11月24日 9点30分", "2026-11-24T09:30:00+08:00"),
    ("2027年1月2日", "2027-01-02T00:00:00+08:00"),
    ("今天 9点30", "2026-11-25T09:30:00+08:00"),
    ("昨天下午4点", "2026-11-24T16:00:00+08:00"),
    ("昨天 下午4点半", "2026-11-24T16:30:00+08:00"),
    ("今天上午10点", "2026-11-25T10:00:00+08:00"),
    ("11月24日 晚上8点", "2026-11-24T20:00:00+08:00"),
    ("今天 下午14:00", "2026-11-25T14:00:00+08:00"),
    # the year first cannot be misread, whatever the separator
    ("2026/11/24", "2026-11-24T00:00:00+08:00"),
    ("2026/11/24 9:30", "2026-11-24T09:30:00+08:00"),
    ("2026.11.24", "2026-11-24T00:00:00+08:00"),
    # full width, as a Chinese IME types it
    ("２０２６－１１－２４　０９：３０", "2026-11-24T09:30:00+08:00"),
    ("１１－２４　９：３０", "2026-11-24T09:30:00+08:00"),
    ("今天　１４：００", "2026-11-25T14:00:00+08:00"),
    ("－２ｈ", "2026-11-25T07:00:00+08:00"),
    ("  today 14:00  ", "2026-11-25T14:00:00+08:00"),
    # a time alone is today's (refused until times were read as people say them)
    ("9:30", "2026-11-25T09:30:00+08:00"),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_accepted_forms(text, expected):
    assert at(text) == expected


EMPTY = ("empty date-time", "时间为空")
TWO_WAYS = ("could be read two ways", "有两种读法，无法确定")
UNREADABLE = ("cannot read the date-time", "无法识别的时间")
NO_DATE = ("impossible date", "不存在的日期")
NO_TIME = ("impossible time", "不存在的时间")
OUTSIDE = ("is outside 2000–2099, the years zhitong keeps", "超出直通支持的 2000–2099 年")
NOT_ISO = ("not an ISO date-time", "不是 ISO 格式的时间")
COULD_MEAN = ("could mean", "可能指")  # and what it could mean

# why each is refused, in English and in Chinese
REFUSED = [
    ("", EMPTY),
    ("   ", EMPTY),
    ("11/24", TWO_WAYS),
    ("24/11", TWO_WAYS),
    ("03/04/2026", TWO_WAYS),
    ("3.4", TWO_WAYS),
    ("11/24 9:30", TWO_WAYS),
    ("14", UNREADABLE),
    ("today 14", UNREADABLE),
    ("now 9:00", ("'now' takes no time of day", "“现在”后面不能再跟时刻")),
    ("晚上12点", COULD_MEAN),
    ("今天晚上12点", COULD_MEAN),  # which midnight?
    ("上午15点", COULD_MEAN),
    ("今天上午15点", COULD_MEAN),
    ("2026-02-30", NO_DATE),
    ("2026-11-24 24:00", NO_TIME),
    ("13-01", NO_DATE),
    ("1999-12-31", OUTSIDE),
    ("2100-01-01", OUTSIDE),
    ("next tuesday", UNREADABLE),
    ("26-11-24", UNREADABLE),
    ("2026-11-24T09:30+25:00", NOT_ISO),
    ("2026-11-24T09:30+08:75", NOT_ISO),
]


@pytest.mark.parametrize(("text", "reason"), REFUSED)
def test_refused_forms_say_why(text, reason):
    english, chinese = reason
    with pytest.raises(InputError) as caught:
        parse_when(text, reference=NOW)
    assert english in message(caught.value, "en")
    # the Chinese is the catalogue's, not the English template shown as a fallback
    rendered = message(caught.value, "zh")
    assert chinese in rendered and english not in rendered
    if text.strip():
        assert repr(text) in rendered  # the officer's text, quoted as typed


def test_the_zone_is_shanghai_unless_an_offset_is_given():
    moment = parse_when("2026-11-24 09:30", reference=NOW)
    assert moment.utcoffset() == timedelta(hours=8)
    assert parse_when("2026-11-24T09:30+00:00", reference=NOW).utcoffset() == timedelta(hours=8)


def test_relative_times_count_from_the_reference_not_the_wall_clock():
    other = datetime(2025, 1, 1, 12, 0, tzinfo=ZONE)
    assert parse_when("-2h", reference=other) == datetime(2025, 1, 1, 10, 0, tzinfo=ZONE)
    assert parse_when("11-24", reference=other).year == 2025


def test_days_and_months():
    assert parse_day("2027-01-01").isoformat() == "2027-01-01"
    assert parse_day("２０２７－０１－０１").isoformat() == "2027-01-01"
    start, end = parse_month("2026-12")
    assert (iso(start), iso(end)) == ("2026-12-01T00:00:00+08:00", "2027-01-01T00:00:00+08:00")
    for bad, english, chinese in (
        ("2027/01/01", "not a date: '2027/01/01'", "不是日期：'2027/01/01'"),
        ("01-01", "not a date: '01-01'", "不是日期：'01-01'"),
        ("2027-13-01", "there is no month 13", "没有 13 月"),
    ):
        with pytest.raises(InputError) as caught:
            parse_day(bad)
        assert english in message(caught.value, "en") and chinese in message(caught.value, "zh")


def test_iso_parsing_of_stored_values():
    assert iso(parse_iso("2026-11-24T09:30:00+08:00")) == "2026-11-24T09:30:00+08:00"


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        ("+14:00", "2026-11-24T03:30:00+08:00"),  # the easternmost offset there is
        ("+13:59", "2026-11-24T03:31:00+08:00"),
        ("-12:00", "2026-11-25T05:30:00+08:00"),
        ("+05:59", "2026-11-24T11:31:00+08:00"),
    ],
)
def test_every_real_offset_is_honoured(offset, expected):
    assert iso(parse_iso(f"2026-11-24T09:30{offset}")) == expected


@pytest.mark.parametrize("offset", ["+15:00", "-15:00", "+05:60", "+13:99"])
def test_an_offset_no_clock_has_is_refused(offset):
    with pytest.raises(InputError) as caught:
        parse_iso(f"2026-11-24T09:30{offset}")
    assert message(caught.value, "en").startswith(f"not an ISO date-time: '2026-11-24T09:30{offset}'")


def test_parse_iso_refuses_what_is_not_iso():
    for text in ("tomorrow", "2026/11/24", "24-11-2026", ""):
        with pytest.raises(InputError) as caught:
            parse_iso(text)
        assert message(caught.value, "en").startswith(f"not an ISO date-time: {text!r}")


def test_now_is_the_frozen_clock_or_the_wall_clock(monkeypatch):
    monkeypatch.setenv("ZHITONG_NOW", "2026-11-24T09:30")
    assert now() == datetime(2026, 11, 24, 9, 30, tzinfo=ZONE)
    monkeypatch.setenv("ZHITONG_NOW", "next tuesday")
    with pytest.raises(InputError) as caught:
        now()
    assert message(caught.value, "en").startswith("ZHITONG_NOW='next tuesday' is not an ISO date-time")
    monkeypatch.delenv("ZHITONG_NOW")
    before = datetime.now(ZONE).replace(microsecond=0)
    moment = now()
    assert before <= moment <= datetime.now(ZONE)
    assert moment.microsecond == 0 and moment.utcoffset() == timedelta(hours=8)


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 30)).map(lambda d: d.replace(second=0, microsecond=0)))
def test_every_instant_round_trips_and_full_width_reads_the_same(moment):
    moment = moment.replace(tzinfo=ZONE)
    typed = moment.strftime("%Y-%m-%d %H:%M")
    assert parse_when(typed, reference=NOW) == moment
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in typed)
    assert unicodedata.normalize("NFKC", wide) == typed
    assert parse_when(wide, reference=NOW) == moment
    assert parse_when(moment.strftime("%m-%d %H:%M"), reference=moment) == moment


# -- impossible dates say why in zhitong's words, never Python's --------------------------------------


@pytest.mark.parametrize(
    ("text", "english", "chinese"),
    [
        ("2026-02-30", "2026-02 has no day 30 — it has 28 days", "2026 年 02 月没有 30 日——该月只有 28 天"),
        ("2027-02-29 10:00", "2027-02 has no day 29", "2027 年 02 月没有 29 日"),
        ("11-31", "2026-11 has no day 31 — it has 30 days", "2026 年 11 月没有 31 日"),
        ("2026年4月31日", "2026-04 has no day 31", "2026 年 04 月没有 31 日"),
        ("13-01", "there is no month 13 — months run from 1 to 12", "没有 13 月"),
        ("2026-00-10", "there is no month 0", "没有 0 月"),
        ("2026-11-24 24:00", "there is no hour 24 — hours run from 0 to 23", "没有 24 点"),
        ("today 9:75", "there is no minute 75", "没有第 75 分钟"),
        ("2026-11-24T09:30:60", "there is no second 60", "没有第 60 秒"),
    ],
)
def test_impossible_dates_say_why_in_both_languages(text, english, chinese):
    with pytest.raises(InputError) as caught:
        parse_when(text, reference=NOW)
    assert "impossible" in message(caught.value, "en") and english in message(caught.value, "en")
    rendered = message(caught.value, "zh")
    assert chinese in rendered
    for python in ("day is out of range", "month must be in", "hour must be in", "minute must be in", "second must be in"):
        assert python not in rendered and python not in message(caught.value, "en")


def test_years_outside_the_kept_range_are_refused_before_anything_else():
    for text in ("1999-02-30", "0000-01-01", "2100-13-01"):
        with pytest.raises(InputError) as caught:
            parse_when(text, reference=NOW)
        assert f"{text!r} is outside 2000–2099" in message(caught.value, "en")
        assert f"{text!r} 超出直通支持的 2000–2099 年" in message(caught.value, "zh")


# -- past=True: a month-day without a year, across New Year ---------------------------------------------

NEW_YEAR = datetime(2027, 1, 2, 10, 0, tzinfo=ZONE)


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("12-30 10:00", NEW_YEAR, "2026-12-30T10:00:00+08:00"),  # three days ago, not next December
        ("12月30日 下午3点", NEW_YEAR, "2026-12-30T15:00:00+08:00"),
        ("12月31号", NEW_YEAR, "2026-12-31T00:00:00+08:00"),
        ("1-2 9:00", NEW_YEAR, "2027-01-02T09:00:00+08:00"),  # today, earlier: this year
        ("1-1", NEW_YEAR, "2027-01-01T00:00:00+08:00"),
        ("11-24 9:30", NOW, "2026-11-24T09:30:00+08:00"),
        ("11-26", NOW, "2025-11-26T00:00:00+08:00"),  # the latest 11-26 that has come
        ("11-25 18:00", NOW, "2026-11-25T18:00:00+08:00"),  # today has come: later today stays today (and is refused as future)
        ("2027-12-30", NEW_YEAR, "2027-12-30T00:00:00+08:00"),  # a year given is a year kept
        ("2027年12月30日", NEW_YEAR, "2027-12-30T00:00:00+08:00"),
        ("2-29", datetime(2029, 1, 5, tzinfo=ZONE), "2028-02-29T00:00:00+08:00"),  # the latest Feb 29 that has come
        ("2-29", datetime(2027, 1, 5, tzinfo=ZONE), None),  # none in 2027 or 2026: refused, not guessed further back
    ],
)
def test_past_month_days_are_the_latest_that_has_come(text, reference, expected):
    if expected is None:
        with pytest.raises(InputError):
            parse_when(text, reference=reference, past=True)
        return
    assert iso(parse_when(text, reference=reference, past=True)) == expected


def test_without_past_a_month_day_is_always_this_year():
    assert iso(parse_when("12-30 10:00", reference=NEW_YEAR)) == "2027-12-30T10:00:00+08:00"
    assert iso(parse_when("12月30日", reference=NEW_YEAR)) == "2027-12-30T00:00:00+08:00"


@given(st.dates(min_value=datetime(2001, 1, 1).date(), max_value=datetime(2099, 12, 31).date()), st.integers(1, 12), st.integers(1, 28))
def test_past_month_days_are_never_far_ahead(today, month, day):
    reference = datetime(today.year, today.month, today.day, 12, 0, tzinfo=ZONE)
    moment = parse_when(f"{month}-{day}", reference=reference, past=True)
    # the latest such day that has come: within the past year, never a day ahead
    assert (reference - moment).days < 366
    assert moment.date() <= reference.date()
