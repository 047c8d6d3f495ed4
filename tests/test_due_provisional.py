"""`due` (and `overdue`) mark a provisional deadline, as `pending` does: in the table and in --json."""

from __future__ import annotations

import pytest

from zhitong.text.render import width

NOW = "2026-12-30T09:00:00+08:00"  # the holiday calendar ends tomorrow: 2027's deadlines are provisional
JSON_FIELDS = {
    "ref",
    "enterprise",
    "department",
    "title",
    "milestone",
    "due",
    "effective_due",
    "overdue_seconds",
    "urges",
    "provisional",
    "paused",
    "flagged",
    "escalated",
    "left_seconds",
}


@pytest.fixture
def year_end(book, monkeypatch):
    monkeypatch.setenv("ZHITONG_NOW", NOW)
    book("new", "新奥集团", "跨年的重大问题", "-c", "major", "-d", "经济发展局", "--at", "2026-12-30 08:00")
    return book


def rows(text: str) -> dict[str, str]:
    """milestone → its line, for the table's lines that name a milestone."""
    found = {}
    for line in text.splitlines():
        for name in ("研究结果反馈", "反馈", "答复", "办结", "feedback", "response", "resolve"):
            if f"  {name}  " in line or f"  {name} " in line:
                found.setdefault(name, line)
                break
    return found


def test_due_json_says_which_deadline_is_provisional(year_end):
    items = year_end.json("due", "--within", "3d")
    assert [(item["milestone"], item["provisional"]) for item in items] == [("response", False), ("sign", False), ("feedback", True)]
    assert all(set(item) == JSON_FIELDS for item in items)  # a field added, none renamed
    assert items[2]["due"] == "2027-01-01T08:00:00+08:00"


def test_due_table_marks_the_provisional_deadline(year_end):
    english = rows(year_end("due", "--within", "3d").stdout)
    assert "2027-01-01 08:00 (provisional)" in english["feedback"]
    assert "provisional" not in english["response"]
    chinese = rows(year_end("--lang", "zh", "due", "--within", "3d").stdout)
    assert "2027-01-01 08:00 (暂定)" in chinese["研究结果反馈"]
    assert "暂定" not in chinese["答复"]


def test_on_a_narrow_terminal_the_mark_shrinks_and_is_explained(year_end, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    text = year_end("--lang", "zh", "due", "--within", "3d").stdout
    assert all(width(line) <= 60 for line in text.splitlines())
    table, _, legend = text.rstrip("\n").partition("\n\n")
    lines = rows(table)
    assert "2027-01-01 08:00 暂" in lines["反馈"]  # 研究结果反馈 shortened too
    assert "暂" not in lines["答复"].split("12-31 08:00")[1]
    assert legend == "时限：暂 暂定时限"


def test_a_late_provisional_deadline_is_marked_in_overdue(year_end):
    later = "2027-01-06T09:00:00+08:00"  # 2027 is still not entered
    items = {item["milestone"]: item for item in year_end.json("overdue", now=later)}
    assert items["feedback"]["provisional"] is True and items["response"]["provisional"] is False
    lines = rows(year_end("--lang", "zh", "overdue", now=later).stdout)
    assert "(暂定)" in lines["研究结果反馈"] and "(暂定)" not in lines["答复"]


def test_pending_marks_the_same_case(year_end):
    (item,) = year_end.json("pending")
    assert item["provisional"] is True
    assert "provisional" in year_end("pending").stdout
