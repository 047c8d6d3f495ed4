"""The State Council's notice, read as published: every real notice 2006–2026 against the shipped
schedule day by day, and hand-made notices for each contradiction a careful clerk would catch.

tests/notices/YYYY.txt are the notices as found in public copies (see tests/notices/README.md);
their punctuation is half-width as those copies have it, so each is read a second time with
the full-width marks of the published original, and a third time run together on one line.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest

from zhitong.core.calendar_data import CORRECTIONS, chinese_name, shipped_days, work_calendar
from zhitong.core.errors import InputError
from zhitong.core.notice import notice_year, parse_notice, year_entries
from zhitong.text.i18n import message

NOTICES = Path(__file__).parent / "notices"
YEARS = sorted(int(path.stem) for path in NOTICES.glob("*.txt"))

# Days the State Council changed after the annual notice, by a notice of their own; the shipped
# data has the later schedule, the annual notice the earlier one.
LATER_NOTICES = {
    # 国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知
    date(2015, 9, 3): "抗战胜利70周年纪念日",
    date(2015, 9, 4): "抗战胜利70周年纪念日",
    date(2015, 9, 5): "抗战胜利70周年纪念日 (a Saturday, so only its name differs)",
    date(2015, 9, 6): "抗战胜利70周年纪念日 (make-up Sunday)",
    # 国务院办公厅关于调整2019年劳动节假期安排的通知（国办发明电〔2019〕3号）
    date(2019, 4, 28): "劳动节 moved (make-up Sunday)",
    date(2019, 5, 2): "劳动节 lengthened",
    date(2019, 5, 3): "劳动节 lengthened",
    date(2019, 5, 4): "劳动节 lengthened (a Saturday)",
    date(2019, 5, 5): "劳动节 moved (make-up Sunday)",
    # 国务院办公厅关于延长2020年春节假期的通知（国办发明电〔2020〕1号）
    date(2020, 1, 31): "春节 extended",
    date(2020, 2, 1): "春节 extended (the notice's make-up Saturday became a day off)",
    date(2020, 2, 2): "春节 extended (a Sunday)",
}

FULL_WIDTH = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）"})


@cache
def notice_text(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


@cache
def read(year: int):
    return parse_notice(notice_text(year))


@cache
def engine():
    return work_calendar()


def test_there_are_real_notices_for_every_year_since_2008():
    assert set(range(2008, 2027)) <= set(YEARS)


@pytest.mark.parametrize("year", YEARS)
def test_each_notice_says_its_year(year):
    assert notice_year(notice_text(year)) == year
    assert read(year).year == year


@pytest.mark.parametrize("year", YEARS)
def test_each_real_notice_matches_the_shipped_schedule_day_by_day(year):
    """Every day of the year, and of the December before that the notice reaches into: off or
    worked as the shipped data (chinese-calendar with zhitong's corrections) has it."""
    declared = {entry.day: entry for entry in read(year).days}
    # Late December belongs to the next year's notice (its 元旦) when that one reaches back.
    if year + 1 in YEARS:
        declared.update({entry.day: entry for entry in read(year + 1).days if entry.day.year == year})
    days = [date(year, 1, 1) + timedelta(days=n) for n in range((date(year + 1, 1, 1) - date(year, 1, 1)).days)]
    days += sorted(day for day in declared if day.year == year - 1)
    shipped = shipped_days()
    disagree = []
    for day in days:
        if day in LATER_NOTICES:
            continue
        entry = declared.get(day)
        working = entry.working if entry else day.weekday() < 5
        if working != engine().is_working_day(day):
            disagree.append((day.isoformat(), "notice: " + ("worked" if working else "off"), shipped.get(day)))
        if entry and day in shipped and chinese_name(shipped[day][1].replace(" (make-up working day)", "")) not in entry.name.split("、"):
            disagree.append((day.isoformat(), entry.name, shipped[day][1]))
    assert disagree == []
    assert len(read(year).days) >= 25  # a whole year was read, not a fragment


def test_the_days_changed_by_later_notices_really_differ():
    """The exceptions above are needed: without them these days would disagree."""
    for day in LATER_NOTICES:
        entry = {e.day: e for e in read(day.year).days}.get(day)
        working = entry.working if entry else day.weekday() < 5
        assert working != engine().is_working_day(day) or day.weekday() >= 5, day


def test_the_2006_notice_confirms_the_2005_12_31_correction():
    # "12月31日（星期六）上班" in the 元旦 item of 2006 is 2005-12-31: the day chinese-calendar lacks.
    entries = {entry.day: entry for entry in read(2006).days}
    assert entries[date(2005, 12, 31)] == (date(2005, 12, 31), True, "元旦")
    assert CORRECTIONS[date(2005, 12, 31)][0] is True


@pytest.mark.parametrize("year", YEARS)
def test_full_width_punctuation_and_no_paragraph_breaks_read_the_same(year):
    assert parse_notice(notice_text(year).translate(FULL_WIDTH)) == read(year)
    assert parse_notice(notice_text(year).replace("\n", "")) == read(year)


def test_the_json_shape_of_a_day():
    assert read(2026).days[0].to_json() == {"date": "2026-01-01", "kind": "holiday", "name": "元旦"}
    assert {"date": "2026-01-04", "kind": "workday", "name": "元旦"} in [entry.to_json() for entry in read(2026).days]


def test_phrasings_of_past_notices():
    def days(year, first, last=None):
        last = last or first
        return [(e.day.isoformat(), e.working, e.name) for e in read(year).days if first <= e.day.isoformat() <= last]

    # dates that carry their own year, reaching into the year before
    assert days(2019, "2018-12-29", "2019-01-01") == [
        ("2018-12-29", True, "元旦"),
        ("2018-12-30", False, "元旦"),
        ("2018-12-31", False, "元旦"),
        ("2019-01-01", False, "元旦"),
    ]
    # "放假1天，不调休" under the 2025 law
    assert days(2025, "2024-12-28", "2025-01-05") == [("2025-01-01", False, "元旦")]
    # "与周末连休": the weekend joins the day off (2024-01-01 was a Monday)
    assert days(2024, "2023-12-29", "2024-01-02") == [
        ("2023-12-30", False, "元旦"),
        ("2023-12-31", False, "元旦"),
        ("2024-01-01", False, "元旦"),
    ]
    # "4月5日放假，4月7日（星期一）补休": the weekend between is off too
    assert days(2014, "2014-04-04", "2014-04-08") == [
        ("2014-04-05", False, "清明节"),
        ("2014-04-06", False, "清明节"),
        ("2014-04-07", False, "清明节"),
    ]
    # several 上班 days, the later one without its month
    assert days(2010, "2010-02-20", "2010-02-21") == [("2010-02-20", True, "春节"), ("2010-02-21", True, "春节")]
    # combined festivals, and lunar remarks in the parentheses
    assert days(2025, "2025-10-06") == [("2025-10-06", False, "国庆节、中秋节")]
    assert days(2026, "2026-02-15") == [("2026-02-15", False, "春节")]
    # "放假公休" (2011), 2008's "—" ranges with their "其中" sentences, "“五一”国际劳动节"
    assert days(2011, "2011-04-30", "2011-05-02") == [(f"2011-{d}", False, "劳动节") for d in ("04-30", "05-01", "05-02")]
    assert days(2008, "2008-05-01", "2008-05-04") == [(f"2008-05-0{d}", False, "劳动节") for d in (1, 2, 3)] + [
        ("2008-05-04", True, "劳动节")
    ]
    assert days(2008, "2007-12-29", "2007-12-29") == [("2007-12-29", True, "元旦")]
    # "“十一”" is 国庆节; "其中，1日、2日、3日为法定假日" explains and declares nothing
    assert days(2007, "2007-09-29", "2007-10-08")[0] == ("2007-09-29", True, "国庆节")
    # the notice in traditional characters (wikisource's zh-hant copy of 2011)
    assert read(2011).days[0] == (date(2011, 1, 1), False, "元旦")


def test_the_2025_preamble_is_not_a_schedule():
    """Its dates and day counts (自2025年1月1日起, 放假调休8天 …) declare nothing and check nothing."""
    text = notice_text(2025)
    items = text[text.index("一、") :]
    assert parse_notice(items, 2025) == read(2025)
    preamble = text[: text.index("一、")]
    assert "放假调休8天" in preamble and "2024年11月" in preamble
    with pytest.raises(InputError, match="no numbered items"):
        parse_notice(preamble)


# -- hand-made notices: every contradiction is refused, with its sentence -------------------------

NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：

经国务院批准，现将2027年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。

一、元旦：1月1日（周五）至3日（周日）放假，共3天。

二、春节：2月5日（农历除夕、周五）至13日（农历正月初八、周六）放假调休，共9天。2月14日（周日）、20日（周六）上班。

三、清明节：4月3日（周六）至5日（周一）放假，共3天。

四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）、5月8日（周六）上班。

五、端午节：6月9日（周三）放假1天，不调休。

六、中秋节：9月15日（周三）放假1天，不调休。

七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。

节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。

国务院办公厅
2026年11月4日
"""

# The two lines the issue quotes are 2026's notice: pasted as 2027's, every weekday is wrong.
ISSUE_LINES = """一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。"""


def refusal(text: str, year: int | None = None) -> str:
    with pytest.raises(InputError) as caught:
        parse_notice(text, year)
    return str(caught.value)


def test_the_made_up_2027_notice_reads():
    notice = parse_notice(NOTICE_2027)
    assert notice.year == 2027
    schedule = notice.schedule()
    assert schedule[date(2027, 2, 20)] == (True, "春节")  # "、20日（周六）" takes February
    assert schedule[date(2027, 6, 9)] == (False, "端午节")
    assert sum(not working for working, _name in schedule.values()) == 3 + 9 + 3 + 5 + 1 + 1 + 7
    assert sorted(day for day, (working, _name) in schedule.items() if working) == [
        date(2027, 2, 14),
        date(2027, 2, 20),
        date(2027, 4, 25),
        date(2027, 5, 8),
        date(2027, 9, 26),
        date(2027, 10, 9),
    ]


def test_the_issues_lines_read_as_2026_and_are_refused_as_2027():
    assert [entry.day for entry in parse_notice(ISSUE_LINES, 2026).days][:4] == [date(2026, 1, d) for d in (1, 2, 3, 4)]
    told = refusal(ISSUE_LINES, 2027)
    assert "2027-01-01 is a Friday, not 周四" in told
    assert "2027-02-14 is a Sunday, not 周六" in told
    assert told.count("\n") == 7  # the heading and each of the seven weekdays


def test_a_wrong_weekday_is_refused_naming_the_sentence():
    told = refusal(NOTICE_2027.replace("4月3日（周六）", "4月3日（周五）"))
    assert "item 三 (清明节), “4月3日（周五）至5日（周一）放假，共3天”: 2027-04-03 is a Saturday, not 周五" in told
    assert "nothing was entered" in told
    assert "2027-01-01 is a Friday, not 星期四" in refusal(NOTICE_2027.replace("1月1日（周五）", "1月1日（星期四）"))


def test_the_weekday_is_told_in_chinese_to_a_chinese_officer():
    with pytest.raises(InputError) as caught:
        parse_notice(NOTICE_2027.replace("4月3日（周六）", "4月3日（周五）"))
    assert "第三项（清明节），“4月3日（周五）至5日（周一）放假，共3天”：2027-04-03 是星期六，不是周五" in message(caught.value, "zh")


def test_a_day_count_that_is_not_the_length_of_the_range_is_refused():
    told = refusal(NOTICE_2027.replace("放假调休，共7天", "放假调休，共8天"))
    assert "item 七 (国庆节)" in told and "it says 8 days, but 2027-10-01 – 2027-10-07 is 7 days" in told


def test_a_make_up_day_inside_the_days_off_is_refused():
    told = refusal(NOTICE_2027.replace("5月8日（周六）上班", "5月2日（周日）上班"))
    assert "“4月25日（周日）、5月2日（周日）上班”: 2027-05-02 is a 上班 day inside the days off 2027-05-01 – 2027-05-05 (item 四)" in told


def test_a_make_up_day_inside_another_items_days_off_is_refused():
    told = refusal(NOTICE_2027.replace("2月14日（周日）、20日（周六）上班", "2月14日（周日）、4月4日（周日）上班"))
    assert "2027-04-04 is a 上班 day inside the days off 2027-04-03 – 2027-04-05 (item 三)" in told


def test_a_date_that_does_not_exist_is_refused():
    assert "2027年2月30日 is not a date" in refusal(NOTICE_2027.replace("2月20日", "2月30日").replace("、20日（周六）", "、30日（周六）"))
    assert "2027年6月31日 is not a date" in refusal(NOTICE_2027.replace("6月9日（周三）", "6月31日"))
    assert "is not a date" in refusal(NOTICE_2027.replace("9月15日（周三）", "13月15日"))


def test_an_item_that_cannot_be_read_is_refused():
    told = refusal(NOTICE_2027.replace("三、清明节：4月3日（周六）至5日（周一）放假，共3天。", "三、清明节：另行通知，4月份。"))
    assert "item 三 (清明节)" in told and "no day off (放假) could be read in it" in told
    assert "names no festival" in refusal(NOTICE_2027.replace("五、端午节：", "五、"))
    told = refusal(NOTICE_2027.replace("10月1日（周五）至7日（周四）放假调休", "10月1日（周五）或7日（周四）放假调休"))
    assert "the dates in it could not be read" in told
    assert "both 放假 and 上班" in refusal(NOTICE_2027.replace("放假1天，不调休。\n\n六", "放假1天、6月12日上班。\n\n六"))


def test_a_range_that_ends_before_it_begins_is_refused():
    assert "2027-10-07 – 2027-10-01 ends before it begins" in refusal(
        NOTICE_2027.replace("10月1日（周五）至7日（周四）", "10月7日（周四）至1日（周五）")
    )


def test_a_day_claimed_twice_or_outside_the_year_is_refused():
    assert "2027-06-09 is in item 五 too" in refusal(NOTICE_2027.replace("9月15日（周三）放假1天", "6月9日（周三）放假1天"))
    assert "2028-10-01 is outside the schedule for 2027" in refusal(
        NOTICE_2027.replace("10月1日（周五）至7日（周四）", "2028年10月1日（周日）至7日（周六）")
    )


def test_every_problem_is_told_at_once():
    broken = NOTICE_2027.replace("4月3日（周六）", "4月3日（周五）").replace("放假调休，共7天", "放假调休，共8天")
    assert refusal(broken).count("\n") == 2


def test_the_year_comes_from_the_text_or_from_year():
    items = NOTICE_2027[NOTICE_2027.index("一、") :]
    assert "does not say which year" in refusal(items)
    assert parse_notice(items, 2027) == parse_notice(NOTICE_2027)
    assert parse_notice(NOTICE_2027, 2027).year == 2027
    assert "the notice is for 2027, but --year says 2028" in refusal(NOTICE_2027, 2028)
    assert "more than one year: 2027, 2028" in refusal(NOTICE_2027.replace("现将2027年", "现将2028年"))
    assert "outside 2000–2099" in refusal(items, 2100)
    assert "empty" in refusal("  \n ")


def test_a_range_over_new_year_without_years_begins_in_december():
    notice = parse_notice("一、元旦：12月31日（周五）至1月2日（周日）放假，共3天。", 2028)
    assert [entry.day for entry in notice.days] == [date(2027, 12, 31), date(2028, 1, 1), date(2028, 1, 2)]


def test_entering_a_notice_replaces_the_years_earlier_entries():
    notice = parse_notice(NOTICE_2027)
    earlier = {date(2027, 1, 4), date(2027, 1, 1), date(2026, 12, 31)}
    days, unset = year_entries(notice, earlier, {})
    assert unset == {date(2027, 1, 4)}  # not in this notice; 2026's entry is not this year's
    assert days == notice.schedule()
    # a shipped year: its special days the correction does not name go back to the weekday rule
    corrected = parse_notice(notice_text(2026).replace("9月20日(周日)、10月10日(周六)上班", "10月10日(周六)上班"))
    days, unset = year_entries(corrected, set(), shipped_days())
    assert shipped_days()[date(2026, 9, 20)][0] is True
    assert days[date(2026, 9, 20)] == (False, None)  # a plain Sunday again
    assert days[date(2026, 10, 10)] == (True, "国庆节")
    assert not any(day.year != 2026 for day in days if day not in corrected.schedule())
    assert unset == set()


def test_an_item_broken_over_lines_reads_the_same():
    """Copied from a web page, an item can arrive with its festival, its days off and its make-up
    days on lines of their own, and 与周末连休 as a sentence by itself."""
    broken = NOTICE_2027.replace(
        "四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。", "四、劳动节：\n\n5月1日（周六）至5日（周三）放假调休，共5天\n\n"
    )
    assert parse_notice(broken) == parse_notice(NOTICE_2027)
    joined = parse_notice("一、元旦：1月1日（周五）放假。与周末连休。\n二、春节：2月5日（周五）至13日（周六）放假，共9天。", 2027)
    assert [entry.day for entry in joined.days if entry.name == "元旦"] == [date(2027, 1, d) for d in (1, 2, 3)]


def test_the_year_stated_without_the_title():
    assert notice_year("经国务院批准，现将2027年春节、国庆节放假调休日期的具体安排通知如下。") == 2027
    assert notice_year("一、元旦：1月1日放假。") is None
