"""Times as people say them: a time alone, 前天, weekdays, 2小时前, Chinese numerals, and the
readings of what could be meant two ways; through parse_when and end to end on every option.

The frozen clock is Wednesday 2026-11-25 09:00 (+08:00) unless a test sets another.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from zhitong.core.errors import InputError
from zhitong.core.instants import ZONE, iso
from zhitong.edge.when import parse_when
from zhitong.text.i18n import message

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=ZONE)  # a Wednesday
EVENING = "2026-11-25T21:00:00+08:00"


def at(text: str, **side) -> str:
    return iso(parse_when(text, reference=NOW, **side))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a time alone is today's
        ("14:00", "2026-11-25T14:00:00+08:00"),
        ("9点", "2026-11-25T09:00:00+08:00"),
        ("9点半", "2026-11-25T09:30:00+08:00"),
        ("9点整", "2026-11-25T09:00:00+08:00"),
        ("9点一刻", "2026-11-25T09:15:00+08:00"),
        ("下午3点", "2026-11-25T15:00:00+08:00"),
        ("下午 3:30", "2026-11-25T15:30:00+08:00"),
        ("上午9:30", "2026-11-25T09:30:00+08:00"),
        ("早上8点", "2026-11-25T08:00:00+08:00"),
        ("凌晨2点", "2026-11-25T02:00:00+08:00"),
        ("中午12点", "2026-11-25T12:00:00+08:00"),
        ("中午1点", "2026-11-25T13:00:00+08:00"),
        ("傍晚6点", "2026-11-25T18:00:00+08:00"),
        ("晚上8点", "2026-11-25T20:00:00+08:00"),
        ("今晚8点", "2026-11-25T20:00:00+08:00"),
        ("昨晚9点", "2026-11-24T21:00:00+08:00"),
        ("明早8点", "2026-11-26T08:00:00+08:00"),
        # Chinese numerals, as an IME or a voice typist writes them
        ("下午三点", "2026-11-25T15:00:00+08:00"),
        ("十点半", "2026-11-25T10:30:00+08:00"),
        ("十一月二十四日 下午两点", "2026-11-24T14:00:00+08:00"),
        # named days
        ("前天", "2026-11-23T00:00:00+08:00"),
        ("前天 9:00", "2026-11-23T09:00:00+08:00"),
        ("大前天", "2026-11-22T00:00:00+08:00"),
        ("大前天 下午4点", "2026-11-22T16:00:00+08:00"),
        ("大后天", "2026-11-28T00:00:00+08:00"),
        # weekdays in this week (Monday to Sunday), the last, the next
        ("本周一", "2026-11-23T00:00:00+08:00"),
        ("这周一 10:00", "2026-11-23T10:00:00+08:00"),
        ("周五", "2026-11-27T00:00:00+08:00"),
        ("星期五", "2026-11-27T00:00:00+08:00"),
        ("礼拜五", "2026-11-27T00:00:00+08:00"),
        ("周日", "2026-11-29T00:00:00+08:00"),
        ("星期天", "2026-11-29T00:00:00+08:00"),
        ("上周五 10:00", "2026-11-20T10:00:00+08:00"),
        ("上周五下午3点", "2026-11-20T15:00:00+08:00"),
        ("上上周一", "2026-11-09T00:00:00+08:00"),
        ("下周二 15:00", "2026-12-01T15:00:00+08:00"),
        ("周一十点", "2026-11-23T10:00:00+08:00"),
        # relative, besides -2h
        ("2小时前", "2026-11-25T07:00:00+08:00"),
        ("两小时前", "2026-11-25T07:00:00+08:00"),
        ("两个小时前", "2026-11-25T07:00:00+08:00"),
        ("30分钟前", "2026-11-25T08:30:00+08:00"),
        ("半小时前", "2026-11-25T08:30:00+08:00"),
        ("3天前", "2026-11-22T09:00:00+08:00"),
        ("3天前 10:00", "2026-11-22T10:00:00+08:00"),
        ("2 hours ago", "2026-11-25T07:00:00+08:00"),
        ("2h ago", "2026-11-25T07:00:00+08:00"),
        ("1小时后", "2026-11-25T10:00:00+08:00"),
        # a day with a spoken time
        ("2026-11-24 下午3点", "2026-11-24T15:00:00+08:00"),
        ("11-24 晚上8点", "2026-11-24T20:00:00+08:00"),
        ("11月24日 中午12点", "2026-11-24T12:00:00+08:00"),
    ],
)
def test_spoken_forms(text, expected):
    assert at(text) == expected


@pytest.mark.parametrize(
    ("text", "past", "future"),
    [
        # a bare weekday: the latest one that has come (past), the next one from today (future);
        # a promised day without a time means by its end, 00:00 of the next
        ("周五", "2026-11-20T00:00:00+08:00", "2026-11-28T00:00:00+08:00"),
        ("周一", "2026-11-23T00:00:00+08:00", "2026-12-01T00:00:00+08:00"),
        ("周三 8:00", "2026-11-25T08:00:00+08:00", "2026-11-25T08:00:00+08:00"),  # today either way
        # a month-day without a year
        ("11-26", "2025-11-26T00:00:00+08:00", "2026-11-27T00:00:00+08:00"),
        ("11-24", "2026-11-24T00:00:00+08:00", "2027-11-25T00:00:00+08:00"),
        ("11月25日 18:00", "2026-11-25T18:00:00+08:00", "2026-11-25T18:00:00+08:00"),
        # a named week is the week named, whichever side
        ("上周五", "2026-11-20T00:00:00+08:00", "2026-11-21T00:00:00+08:00"),
        ("本周五", "2026-11-27T00:00:00+08:00", "2026-11-28T00:00:00+08:00"),
    ],
)
def test_past_and_future_fields_read_bare_days_to_their_side(text, past, future):
    assert at(text, past=True) == past
    assert at(text, future=True) == future


def test_a_month_day_in_a_past_field_is_the_latest_such_day_that_has_come():
    new_year = datetime(2027, 1, 6, 10, 0, tzinfo=ZONE)
    assert iso(parse_when("12-31", reference=new_year, past=True)) == "2026-12-31T00:00:00+08:00"
    assert iso(parse_when("12月30日", reference=new_year, past=True)) == "2026-12-30T00:00:00+08:00"
    assert iso(parse_when("1-6", reference=new_year, past=True)) == "2027-01-06T00:00:00+08:00"
    assert iso(parse_when("1-7", reference=new_year, past=True)) == "2026-01-07T00:00:00+08:00"
    assert iso(parse_when("12-31", reference=new_year)) == "2027-12-31T00:00:00+08:00"  # neither side: this year


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("下周", ["2026-11-30", "2026-12-06"]),  # which day of it?
        ("上周 10:00", ["2026-11-16", "2026-11-22"]),
        ("周末", ["2026-11-28", "2026-11-29"]),  # Saturday or Sunday?
        ("晚上12点", ["2026-11-25 00:00", "2026-11-26 00:00"]),  # which midnight?
        ("下午13点", ["2026-11-25 13:00", "2026-11-26 01:00"]),  # 13:00, or twelve hours on?
        ("上午15点", ["2026-11-25 03:00", "2026-11-25 15:00"]),
        ("晚上1点", ["2026-11-25 13:00", "2026-11-26 01:00"]),  # 1:00 after midnight, surely, but the day?
        ("凌晨12点", ["2026-11-25 00:00", "2026-11-25 12:00"]),
        ("下午0点", ["2026-11-25 00:00", "2026-11-25 12:00"]),
    ],
)
def test_ambiguity_is_refused_with_what_it_could_mean(text, readings):
    with pytest.raises(InputError) as caught:
        parse_when(text, reference=NOW, past=True)
    for lang in ("en", "zh"):
        said = message(caught.value, lang)
        assert all(reading in said for reading in readings), said
        assert "+08:00" not in said and "T00" not in said


@pytest.mark.parametrize("text", ["14", "today 14", "周", "3天", "下午", "11-249:30", "26-11-24", "next tuesday", "9点99"])
def test_still_unreadable(text):
    with pytest.raises(InputError):
        parse_when(text, reference=NOW)


# -- end to end: every option that takes a time ----------------------------------------------------


def test_new_at_a_bare_time_is_today(book):
    case = book.json("new", "新奥集团", "路灯损坏", "-c", "routine", "--at", "上午8:30")
    assert case["received_at"] == "2026-11-25T08:30:00+08:00"
    case = book.json("new", "新奥集团", "路灯损坏", "-c", "routine", "--at", "下午3点", now=EVENING)
    assert case["received_at"] == "2026-11-25T15:00:00+08:00"


def test_new_at_last_friday_and_hours_ago(book):
    assert book.json("new", "新奥集团", "门禁损坏", "-c", "routine", "--at", "上周五 10:00")["received_at"] == "2026-11-20T10:00:00+08:00"
    assert book.json("new", "新奥集团", "门禁损坏", "-c", "routine", "--at", "2小时前")["received_at"] == "2026-11-25T07:00:00+08:00"
    assert book.json("new", "新奥集团", "门禁损坏", "-c", "routine", "--at", "周一")["received_at"] == "2026-11-23T00:00:00+08:00"
    assert book.json("new", "新奥集团", "门禁损坏", "-c", "routine", "--at", "大前天 9:00")["received_at"] == "2026-11-22T09:00:00+08:00"


def test_at_next_week_is_refused_with_its_days(book):
    result = book("new", "新奥集团", "路灯", "-c", "routine", "--at", "下周", code=2)
    assert "a whole week, 2026-11-30 – 2026-12-06" in result.stderr
    assert "Traceback" not in result.stderr
    assert book.json("list") == []  # nothing written


def test_at_afternoon_thirteen_is_refused_with_both_readings(book):
    result = book("--lang", "zh", "new", "新奥集团", "路灯", "-c", "routine", "--at", "昨天下午13点", code=2)
    assert "2026-11-24 13:00" in result.stderr and "2026-11-25 01:00" in result.stderr
    assert "+08:00" not in result.stderr


def test_a_later_time_today_on_an_at_is_refused_as_future(book):
    result = book("new", "新奥集团", "路灯", "-c", "routine", "--at", "下午3点", code=2)
    assert "2026-11-25 15:00 is in the future" in result.stderr


def test_respond_eta_is_the_coming_day(book):
    ref = book("new", "新奥集团", "路灯损坏", "-c", "routine", "--dept", "工管委", "--at", "8:00").stdout.split()[0]
    case = book.json("respond", ref, "--owner", "张科长", "--plan", "更换灯具", "--eta", "周一 下午5点")
    assert case["eta"] == "2026-11-30T17:00:00+08:00"  # next Monday, not the one past
    case = book.json("respond", ref, "--owner", "张科长", "--plan", "更换灯具", "--eta", "11-24")
    assert case["eta"] == "2027-11-25T00:00:00+08:00"  # by the end of 2027-11-24


def test_digest_date_without_a_year_is_the_latest_that_has_come(book):
    summary = book.json("digest", "--date", "12-31", now="2027-01-06T10:00:00+08:00")
    assert summary["date"] == "2026-12-31"
    assert book.json("digest", "--date", "上周五")["date"] == "2026-11-20"
    assert book.json("digest", "--date", "前天")["date"] == "2026-11-23"


def test_digest_of_a_day_to_come_is_refused(book):
    result = book("digest", "--date", "明天", code=2)
    assert "2026-11-26 has not come yet" in result.stderr


def test_list_since_a_weekday(book):
    book("new", "新奥集团", "上周的", "-c", "routine", "--at", "上周五 10:00")
    book("new", "新奥集团", "本周的", "-c", "routine", "--at", "周一 10:00")
    assert [c["title"] for c in book.json("list", "--since", "周一")] == ["本周的"]
    assert [c["title"] for c in book.json("list", "--since", "上周一", "--until", "上周日")] == ["上周的"]
    # --since is past-only: 11-24 is this year's, and 11-26 last year's (so everything)
    assert len(book.json("list", "--since", "11-26")) == 2


def test_deadline_from_a_spoken_time(zt):
    result = zt.json("deadline", "24h", "--from", "上午9点")
    assert result["from"] == "2026-11-25T09:00:00+08:00"
    assert result["due"] == "2026-11-26T09:00:00+08:00"


def test_import_reads_a_spoken_month_day_as_past(book, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("企业,标题,类别,受理时间\n新奥集团,路灯损坏,一般,12月30日 上午9:30\n", encoding="utf-8")
    book("import", str(path), now="2027-01-06T10:00:00+08:00")
    (case,) = book.json("list", "--since", "2026-12-01", now="2027-01-06T10:00:00+08:00")
    assert case["received_at"] == "2026-12-30T09:30:00+08:00"
