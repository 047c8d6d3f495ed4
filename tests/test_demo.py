"""The demo shows the same case book whenever it runs: late cases, a provisional one, a paused one,
every status — on a Monday morning, in a holiday week, in a year not yet entered — and it never
touches the officer's own database."""

from __future__ import annotations

import json
import shlex

import pytest

from zhitong.core.instants import to_epoch
from zhitong.edge.when import parse_iso
from zhitong.storage.demo import (
    CASES,
    FUNDED_ENTERPRISES,
    days_past_coverage,
    working_after,
    working_before,
)

# Late whatever the date: their deadlines ran out in working time that has already passed.
LATE = {"新厂房施工许可办理进度", "扩产项目用地指标不足，需调整规划", "危化品运输车辆通行证办理", "污水排放接管协调"}

WHEN = [
    "2026-11-23T08:30",  # Monday morning, before the working day has got going
    "2026-10-05T10:00",  # National Day week
    "2026-02-18T09:00",  # Spring Festival
    "2026-03-10T10:00",  # an ordinary Tuesday in March
    "2026-12-15T15:00",  # mid-December, two weeks before the calendar's end
    "2027-01-02T10:00",  # past the calendar's end: everything open is provisional
]


def demo_book(zt, tmp_path, now):
    path = tmp_path / "demo.db"
    result = zt("demo", "--db", path, now=now)
    return path, result


@pytest.mark.parametrize("now", WHEN)
def test_the_demo_has_cases_in_every_state_and_histories_in_order_on_any_date(zt, tmp_path, now):
    path, result = demo_book(zt, tmp_path, now)
    cases = zt.json("--db", path, "list", now=now)
    # the cases, the package's provisional measure, and the 18 items the fund paid
    assert len(cases) == len(CASES) + 1 + len(FUNDED_ENTERPRISES) + 1
    assert {c["status"] for c in cases} == {"open", "assigned", "responded", "reported", "resolved", "filed"}
    assert any(c["provisional"] for c in cases)
    assert any(c["paused"] for c in cases)
    assert any(c["status"] == "filed" for c in cases)
    assert any(c["status"] == "resolved" and c["rating"] == 5 for c in cases)
    late = zt.json("--db", path, "overdue", now=now)
    assert {item["title"] for item in late} == LATE
    package = next(c for c in cases if c["title"].startswith("综合服务包"))
    assert package["provisional"] and package["milestones"][-1]["state"] == "provisional"
    # the article's fund: 10,000,000, of which 5,370,000 paid to 18 enterprises; 新奥集团's package
    fund = zt.json("--db", path, "fund", "show", "企业云服务专项资金", now=now)
    assert (fund["budget"], fund["paid"], fund["enterprises_paid"]) == ("10000000.00", "5370000.00", 18)
    assert "paid: 5,370,000 yuan" in zt("--db", path, "fund", "show", "企业云服务专项资金", now=now).stdout
    xinao = zt.json("--db", path, "package", "show", "新奥集团", now=now)
    assert xinao["id"].startswith("PKG-") and xinao["id"].endswith("-01") and xinao["leader"] == "王主任"
    assert package["ref"] in {item["ref"] for item in xinao["items"]}
    assert all(c["received_at"] <= parse_iso(now).isoformat() for c in cases)
    # what the demo prints: the morning view with late cases, and a command that works
    assert "nothing overdue" not in result.stderr
    hint = result.stderr.strip().splitlines()[-1]
    assert hint.startswith("try: zhitong --db ")
    shown = zt(*shlex.split(hint.removeprefix("try: zhitong ")), now=now)
    assert "华翔路封闭施工" in shown.stdout
    assert zt("--db", path, "check", now=now).stderr.strip() == "all checks passed"
    # every case's history is in order and before now: one `show` a case, the case as it is shown
    for case in cases:
        events = zt.json("--db", path, "show", case["ref"], now=now)["events"]
        stamps = [parse_iso(event["at"]) for event in events]
        assert stamps == sorted(stamps) and stamps[-1] <= parse_iso(now), case["ref"]


def test_running_twice_rebuilds_the_same_book(zt, tmp_path):
    path, _ = demo_book(zt, tmp_path, WHEN[0])
    first = zt.json("--db", path, "list", now=WHEN[0])
    path, _ = demo_book(zt, tmp_path, WHEN[0])
    again = zt.json("--db", path, "list", now=WHEN[0])
    assert [c["ref"] for c in again] == [c["ref"] for c in first]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("demo")) == ["demo.db"]


def test_the_demo_never_writes_to_the_officers_database(zt, tmp_path, monkeypatch):
    own = tmp_path / "own" / "zhitong.db"
    own.parent.mkdir()
    monkeypatch.setenv("ZHITONG_DB", str(own))
    result = zt("demo")
    assert not own.exists()
    assert (own.parent / "zhitong-demo.db").exists()
    assert str(own.parent / "zhitong-demo.db") in result.stderr
    # and with the officer's database in place, it stays byte for byte as it was
    zt("dept", "add", "经济发展局")
    before = own.read_bytes()
    zt("demo")
    zt("demo")
    assert own.read_bytes() == before
    assert [d["name"] for d in zt.json("dept", "list")] == ["经济发展局"]


def test_the_demo_refuses_to_overwrite_a_database_that_is_not_a_demo(zt, tmp_path):
    zt("dept", "add", "经济发展局")
    result = zt("demo", "--db", tmp_path / "zhitong.db", code=2)
    assert "not a demo database" in result.stderr


# -- laying out time backwards in working time ----------------------------------------------------------


@pytest.fixture
def calendar():
    from zhitong.core.calendar_data import work_calendar

    return work_calendar()


@pytest.mark.parametrize("now", WHEN)
@pytest.mark.parametrize("hours", [0.5, 1, 4, 26, 90])
def test_working_before_is_exactly_that_much_working_time(calendar, now, hours):
    moment = parse_iso(now)
    start = working_before(calendar, moment, hours)
    assert start <= moment
    assert calendar.working_time(to_epoch(start), to_epoch(moment)) == hours * 3600
    assert working_after(calendar, start, hours) <= moment


def test_over_a_holiday_working_time_stops():
    from zhitong.core.calendar_data import work_calendar

    # National Day 2026: Oct 1–7 off; two working hours before Oct 5 10:00 are Sep 30 22:00–24:00
    assert working_before(work_calendar(), parse_iso("2026-10-05T10:00"), 2) == parse_iso("2026-09-30T22:00")


def test_the_package_limit_reaches_past_the_calendar(calendar):
    from zhitong.core.calendar_data import covered_years

    received = parse_iso("2026-01-05T10:00")
    days = days_past_coverage(calendar, covered_years(), received)
    due = calendar.add_working_days(to_epoch(received), days)
    assert due.provisional and due.at > to_epoch(parse_iso("2027-01-01T00:00"))
    # once coverage has ended there is nothing to reach past: the demo's own 60 days apply
    assert days_past_coverage(calendar, covered_years(), parse_iso("2027-03-02T10:00")) == 10


def test_the_first_demo_case_is_the_articles_road_closure(zt, tmp_path):
    path, _ = demo_book(zt, tmp_path, WHEN[0])
    case = json.loads(zt("--db", path, "show", "ZT-2026-0001", "--json", now=WHEN[0]).stdout)
    assert case["title"].startswith("华翔路封闭施工") and case["category"] == "routine"
    assert case["status"] == "resolved" and case["rating"] == 5
    assert all(m["state"] == "met" for m in case["milestones"])


@pytest.mark.parametrize("command", [("demo",), ("ent", "add")])
def test_the_help_examples_work_as_written(zt, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    text = zt(*command, "--help").stdout
    block = text.split("Example:")[1]
    examples = [shlex.split(line) for line in block.splitlines() if line.strip().startswith("zhitong ")]
    assert examples and all(args[0] == "zhitong" for args in examples)
    for args in examples:
        zt(*args[1:])
