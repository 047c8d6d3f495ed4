"""Durations in Chinese wherever a limit or a window is typed: 1天, 4小时, 30分钟, 1天4小时, 两天.

A whole number of days is working days (due at the end of the last one, DOMAIN.md); a limit
that names hours or minutes runs in working time, a day counting 24 hours of it, as the
tables print the time left: 1天4小时 is 28 working hours.
"""

from __future__ import annotations

import pytest

from zhitong.core.errors import InputError
from zhitong.sla import Limit
from zhitong.text.i18n import message


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("1天", Limit(1, "d")),
        ("两天", Limit(2, "d")),
        ("5天", Limit(5, "d")),
        ("5个工作日", Limit(5, "d")),
        ("五个工作日", Limit(5, "d")),
        ("4小时", Limit(4, "h")),
        ("二十四小时", Limit(24, "h")),
        ("24小时内", Limit(24, "h")),
        ("4个小时", Limit(4, "h")),
        ("30分钟", Limit(30, "m")),
        ("半小时", Limit(30, "m")),
        ("120分钟", Limit(2, "h")),
        ("1天4小时", Limit(28, "h")),
        ("1天 4小时", Limit(28, "h")),
        ("4小时30分钟", Limit(270, "m")),
        ("1天30分钟", Limit(1470, "m")),
        ("１天４小时", Limit(28, "h")),  # full width
        ("0天", Limit(0, "h")),
        # as before, and their combinations
        ("1d", Limit(1, "d")),
        ("4h", Limit(4, "h")),
        ("1d4h", Limit(28, "h")),
        ("4h 30m", Limit(270, "m")),
        ("90m", Limit(90, "m")),
        ("2 days", Limit(2, "d")),
        ("0", Limit(0, "h")),
    ],
)
def test_spoken_limits(text, limit):
    assert Limit.parse(text) == limit
    assert Limit.parse(str(limit)) == limit  # what is stored reads back the same


@pytest.mark.parametrize("text", ["4小时1天", "1天1天", "1.5天", "两", "天", "24", "two days", "-1天", "1周", ""])
def test_not_limits(text):
    with pytest.raises(InputError) as caught:
        Limit.parse(text)
    assert "1天4小时" in message(caught.value, "zh") and "28" in message(caught.value, "en")


def test_seconds_of_a_window():
    assert Limit.parse("1天4小时").seconds == 28 * 3600
    assert Limit.parse("30分钟").seconds == 1800
    assert Limit.parse("1天").seconds == 24 * 3600


# -- end to end ---------------------------------------------------------------------------------------


def test_deadline_in_chinese_equals_its_english(zt):
    start = "2025-09-30 16:00"  # 8 h left that day, then the National Day holiday to Oct 8
    for spoken, written in (("1天", "1d"), ("5天", "5d"), ("两天", "2d"), ("24小时", "24h"), ("4小时", "4h")):
        assert zt.json("deadline", spoken, "--from", start)["due"] == zt.json("deadline", written, "--from", start)["due"]
    assert zt.json("deadline", "24小时", "--from", start)["due"] == "2025-10-09T16:00:00+08:00"


def test_a_combined_limit_is_working_hours(zt):
    start = "2025-09-30 16:00"
    combined = zt.json("deadline", "1天4小时", "--from", start)
    assert combined["limit"] == "28h"
    assert combined["due"] == "2025-10-09T20:00:00+08:00"  # 8 h on Sep 30, 20 h on Oct 9
    # one working day alone runs to the end of that day: the documented difference
    assert zt.json("deadline", "1天", "--from", start)["due"] == "2025-10-10T00:00:00+08:00"
    half = zt.json("deadline", "30分钟", "--from", "2025-09-30 23:50")
    assert half["due"] == "2025-10-09T00:20:00+08:00"  # 10 minutes on Sep 30, 20 after the holiday


def test_deadline_help_says_what_a_combined_limit_means(zt):
    assert "28 working hours" in zt("deadline", "--help").stdout
    assert "24 working hours" in zt("due", "--help").stdout


def test_due_within_chinese_windows(book):
    book("new", "新奥集团", "路灯损坏", "-c", "routine", "--dept", "工管委")  # response due in 24 working hours
    assert [item["milestone"] for item in book.json("due", "--within", "1天4小时")] == ["response", "resolve"]
    assert book.json("due", "--within", "20小时") == []
    result = book("--lang", "zh", "due", "--within", "30分钟")
    assert "30分钟内没有到期的诉求" in result.stderr


def test_policy_limits_in_chinese(zt, tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text('[routine]\nresponse = "4小时"\nresolve = "两天"\n[major]\nfeedback = "1天4小时"\n', encoding="utf-8")
    shown = zt.json("--policy", policy, "policy", "show")
    assert shown["routine"]["response"]["limit"] == "4h"
    assert shown["routine"]["resolve"]["limit"] == "2d"
    assert shown["major"]["feedback"]["limit"] == "28h"
    zt("ent", "add", "新奥集团")
    case = zt.json("--policy", policy, "new", "新奥集团", "例", "-c", "routine", "--at", "2026-11-20 10:00")  # a Friday
    assert case["response_due"] == "2026-11-20T14:00:00+08:00"
    assert case["resolve_due"] == "2026-11-25T00:00:00+08:00"  # the end of Tuesday, the second working day


def test_a_bad_chinese_limit_in_a_policy_names_the_line(zt, tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text('[routine]\nresponse = "4小时1天"\n', encoding="utf-8")
    result = zt("--lang", "zh", "--policy", policy, "policy", "show", code=2)
    assert "第 2 行" in result.stderr and "1天4小时" in result.stderr
