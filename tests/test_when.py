"""Time entry as the officer types it: every accepted form, and every refusal."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhitong.errors import InputError
from zhitong.when import ZONE, iso, parse_day, parse_iso, parse_month, parse_when

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
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_accepted_forms(text, expected):
    assert at(text) == expected


REFUSED = [
    ("", "empty"),
    ("   ", "empty"),
    ("11/24", "two ways"),
    ("24/11", "two ways"),
    ("03/04/2026", "two ways"),
    ("3.4", "two ways"),
    ("11/24 9:30", "two ways"),
    ("9:30", "cannot read"),  # which day?
    ("14", "cannot read"),
    ("today 14", "cannot read"),
    ("now 9:00", "takes no time"),
    ("晚上12点", "cannot read"),
    ("今天晚上12点", "two ways"),  # which midnight?
    ("上午15点", "cannot read"),
    ("今天上午15点", "two ways"),
    ("2026-02-30", "impossible"),
    ("2026-11-24 24:00", "impossible"),
    ("13-01", "impossible"),
    ("1999-12-31", "outside 2000"),
    ("2100-01-01", "outside 2000"),
    ("next tuesday", "cannot read"),
    ("26-11-24", "cannot read"),
    ("2026-11-24T09:30+25:00", "not an ISO"),
    ("2026-11-24T09:30+08:75", "not an ISO"),
]


@pytest.mark.parametrize(("text", "reason"), REFUSED)
def test_refused_forms_say_why(text, reason):
    with pytest.raises(InputError) as caught:
        parse_when(text, reference=NOW)
    assert reason in caught.value.render("en")
    assert caught.value.render("zh")  # and there is a Chinese message


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
    for bad in ("2027/01/01", "01-01", "2027-13-01"):
        with pytest.raises(InputError):
            parse_day(bad)


def test_iso_parsing_of_stored_values():
    assert iso(parse_iso("2026-11-24T09:30:00+08:00")) == "2026-11-24T09:30:00+08:00"


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 30)).map(lambda d: d.replace(second=0, microsecond=0)))
def test_every_instant_round_trips_and_full_width_reads_the_same(moment):
    moment = moment.replace(tzinfo=ZONE)
    typed = moment.strftime("%Y-%m-%d %H:%M")
    assert parse_when(typed, reference=NOW) == moment
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in typed)
    assert unicodedata.normalize("NFKC", wide) == typed
    assert parse_when(wide, reference=NOW) == moment
    assert parse_when(moment.strftime("%m-%d %H:%M"), reference=moment) == moment
