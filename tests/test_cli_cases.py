"""Cases through the CLI: intake, every lifecycle command, refusals, deadlines and the history.

The frozen now is Wednesday 2026-11-25 09:00 (+08:00). Most cases here are received on Monday
2026-11-23 10:00, so the default limits give: response 2026-11-24 10:00; major feedback
2026-11-25 10:00; major resolution 2026-12-01 00:00 (Nov 24, 25, 26, 27, 30).
"""

from __future__ import annotations

import re
import sqlite3

import pytest
from conftest import error_line

MON = "2026-11-23 10:00"
ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$")

REQUIRED_KEYS = {
    "ref",
    "enterprise",
    "title",
    "detail",
    "category",
    "channel",
    "department",
    "status",
    "received_at",
    "response_due",
    "feedback_due",
    "resolve_due",
    "responded_at",
    "reported_at",
    "resolved_at",
    "filed_at",
    "owner",
    "plan",
    "eta",
    "rating",
    "provisional",
    "paused",
    "events",
}
TIME_KEYS = ("received_at", "response_due", "feedback_due", "resolve_due", "responded_at", "reported_at", "resolved_at", "filed_at", "eta")


def new(zt, category, *extra, at=MON, enterprise="新奥集团", title="华翔路封路，货物无法运出"):
    return zt.json("new", enterprise, title, "--category", category, "--at", at, *extra)


def kinds(case) -> list[str]:
    return [event["kind"] for event in case["events"]]


def milestone(case, name):
    return next(m for m in case["milestones"] if m["name"] == name)


def event_count(tmp_path) -> int:
    with sqlite3.connect(tmp_path / "zhitong.db") as conn:
        return conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]


class Refusals:
    """Commands that must each be refused: exit 2, one line on stderr; together they write nothing.

    ``expect``: the refusal's message, or its distinctive part. A malformed command line (a
    missing required option, an option where a rating goes) is refused in one line of
    zhitong's words too, never the parser's usage text.
    """

    def __init__(self, zt, tmp_path, ref):
        self.zt, self.tmp_path, self.ref = zt, tmp_path, ref

    def __enter__(self):
        self.before = self.zt.json("show", self.ref)
        self.events = event_count(self.tmp_path)
        return self

    def __call__(self, *args, expect: str) -> str:
        line = error_line(self.zt(*args, code=2), expect)
        assert event_count(self.tmp_path) == self.events, f"zhitong {' '.join(args)} wrote an event"
        return line

    def __exit__(self, kind, value, traceback):
        if kind is None:
            assert self.zt.json("show", self.ref) == self.before
            assert event_count(self.tmp_path) == self.events


def refused(zt, tmp_path, ref, *args, expect: str) -> str:
    with Refusals(zt, tmp_path, ref) as refuse:
        return refuse(*args, expect=expect)


# -- new ------------------------------------------------------------------------------------------


def test_new_prints_ref_and_deadlines(book):
    result = book("new", "新奥集团", "华翔路封路", "--category", "routine", "--at", MON)
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "ZT-2026-0001"
    assert "2026-11-24 10:00" in result.stdout  # the response and resolution deadlines


def test_new_json_has_the_contract_fields(book):
    case = new(book, "routine", "--channel", "hotline", "--dept", "经济发展局", "--detail", "绕行创业路有限高杆")
    assert set(case) >= REQUIRED_KEYS
    assert case["ref"] == "ZT-2026-0001"
    assert case["enterprise"] == "新奥集团"
    assert case["title"] == "华翔路封路，货物无法运出"
    assert case["detail"] == "绕行创业路有限高杆"
    assert case["category"] == "routine"
    assert case["channel"] == "hotline"
    assert case["department"] == "经济发展局"
    assert case["status"] == "assigned"
    assert case["received_at"] == "2026-11-23T10:00:00+08:00"
    for key in TIME_KEYS:
        assert case[key] is None or ISO_RE.match(case[key]), (key, case[key])
    for key in ("feedback_due", "responded_at", "reported_at", "resolved_at", "filed_at", "owner", "plan", "eta", "rating"):
        assert case[key] is None, key
    assert case["provisional"] is False
    assert case["paused"] is False
    assert kinds(case) == ["intake", "assign"]
    for event in case["events"]:
        assert set(event) >= {"at", "kind", "actor", "department", "text"}
        assert event["at"] == "2026-11-23T10:00:00+08:00"
    assert case["events"][0]["department"] is None
    assert case["events"][1]["department"] == "经济发展局"


def test_new_json_equals_show_json(book):
    created = new(book, "major", "--dept", "工管委")
    assert book.json("show", created["ref"]) == created


def test_new_without_dept_is_open(book):
    case = new(book, "routine")
    assert case["status"] == "open"
    assert case["department"] is None
    assert kinds(case) == ["intake"]


def test_new_defaults_to_now_and_service_group(book):
    case = book.json("new", "新奥", "问题", "--category", "routine")
    assert case["received_at"] == "2026-11-25T09:00:00+08:00"
    assert case["channel"] == "service-group"
    assert case["response_due"] == "2026-11-26T09:00:00+08:00"


def test_new_relative_at(book):
    case = book.json("new", "新奥", "问题", "--category", "routine", "--at", "-2h")
    assert case["received_at"] == "2026-11-25T07:00:00+08:00"


def test_new_in_the_future_is_refused(book, tmp_path):
    result = book("new", "新奥", "问题", "--category", "routine", "--at", "2026-11-25 09:01", code=2)
    error_line(result, "2026-11-25 09:01 is in the future")
    result = book("new", "新奥", "问题", "--category", "routine", "--at", "+1h", code=2)
    error_line(result, "2026-11-25 10:00 is in the future")
    assert event_count(tmp_path) == 0


def test_new_accepts_every_channel(book):
    for channel in ("service-group", "liaison-group", "hotline", "visit", "package"):
        assert new(book, "routine", "--channel", channel)["channel"] == channel


def test_new_unknown_channel_refused(book, tmp_path):
    error_line(book("new", "新奥", "问题", "--category", "routine", "--channel", "email", code=2), "unknown channel 'email'")
    assert event_count(tmp_path) == 0


def test_new_category_names_english_and_chinese(book):
    names = [
        ("consult", "consult"),
        ("routine", "routine"),
        ("major", "major"),
        ("restricted", "restricted"),
        ("政策咨询", "consult"),
        ("一般", "routine"),
        ("重大", "major"),
        ("政策限制", "restricted"),
    ]
    for given, category in names:
        assert new(book, given)["category"] == category, given


def test_new_unknown_category_refused(book, tmp_path):
    error_line(book("new", "新奥", "问题", "--category", "urgent", code=2), "unknown category 'urgent'")
    error_line(book("new", "新奥", "问题", code=2), "missing option --category")
    assert event_count(tmp_path) == 0


def test_refs_are_sequential(book):
    refs = [new(book, "routine", title=f"问题{i}")["ref"] for i in range(3)]
    assert refs == ["ZT-2026-0001", "ZT-2026-0002", "ZT-2026-0003"]


def test_refs_are_numbered_per_intake_year(book):
    a = new(book, "routine", at="2025-12-30 10:00")
    b = new(book, "routine", at="2026-01-05 10:00")
    c = new(book, "routine", at="2025-06-01 10:00")
    d = new(book, "routine")
    assert [a["ref"], b["ref"], c["ref"], d["ref"]] == ["ZT-2025-0001", "ZT-2026-0001", "ZT-2025-0002", "ZT-2026-0002"]
    assert book.json("show", "ZT-2025-0001")["received_at"] == "2025-12-30T10:00:00+08:00"
    assert book.json("show", "ZT-2026-0001")["received_at"] == "2026-01-05T10:00:00+08:00"


def test_show_accepts_lowercase_ref(book):
    new(book, "routine")
    assert book.json("show", "zt-2026-0001")["ref"] == "ZT-2026-0001"


def test_show_text(book):
    new(book, "routine", "--dept", "经济发展局")
    text = book("show", "ZT-2026-0001").stdout
    assert "ZT-2026-0001" in text and "新奥集团" in text and "华翔路封路" in text and "经济发展局" in text


# -- default deadlines per category ----------------------------------------------------------------


def test_deadlines_consult(book):
    case = new(book, "consult")
    assert case["response_due"] == case["resolve_due"] == "2026-11-23T10:00:00+08:00"
    assert case["feedback_due"] is None


def test_consult_on_a_holiday_is_still_due_at_intake(book):
    case = book.json("new", "新奥", "问题", "--category", "consult", "--at", "2026-10-03 10:00")
    assert case["response_due"] == case["resolve_due"] == "2026-10-03T10:00:00+08:00"


def test_routine_over_a_weekend(book):
    # Friday 17:00: 7 working hours on Friday, the remaining 17 on Monday
    case = new(book, "routine", at="2026-11-20 17:00")
    assert case["response_due"] == "2026-11-23T17:00:00+08:00"
    assert case["resolve_due"] == "2026-11-23T17:00:00+08:00"


def test_deadlines_routine(book):
    case = new(book, "routine")
    assert case["response_due"] == "2026-11-24T10:00:00+08:00"
    assert case["resolve_due"] == "2026-11-24T10:00:00+08:00"
    assert case["feedback_due"] is None


def test_deadlines_major(book):
    case = new(book, "major")
    assert case["response_due"] == "2026-11-24T10:00:00+08:00"
    assert case["feedback_due"] == "2026-11-25T10:00:00+08:00"
    assert case["resolve_due"] == "2026-12-01T00:00:00+08:00"


def test_deadlines_restricted(book):
    case = new(book, "restricted")
    assert case["response_due"] == "2026-11-24T10:00:00+08:00"
    assert case["resolve_due"] == "2026-11-24T10:00:00+08:00"
    assert case["feedback_due"] is None


def test_worked_example_national_day_24h_and_5d(book):
    routine = book.json("new", "新奥", "问题", "--category", "routine", "--at", "2025-09-30 16:00", now="2025-10-01T09:00")
    assert routine["ref"] == "ZT-2025-0001"
    assert routine["response_due"] == "2025-10-09T16:00:00+08:00"
    assert routine["resolve_due"] == "2025-10-09T16:00:00+08:00"
    major = book.json("new", "新奥", "问题", "--category", "major", "--at", "2025-09-30 16:00", now="2025-10-01T09:00")
    assert major["response_due"] == "2025-10-09T16:00:00+08:00"
    assert major["feedback_due"] == "2025-10-10T16:00:00+08:00"  # 8h Sep 30 + 24h Oct 9 + 16h Oct 10
    assert major["resolve_due"] == "2025-10-15T00:00:00+08:00"  # Oct 9, 10, 11 (make-up), 13, 14
    assert major["provisional"] is False


def test_worked_example_make_up_saturday(book):
    case = book.json("new", "新奥", "问题", "--category", "routine", "--at", "2026-02-13 17:00", now="2026-02-13T18:00")
    assert case["response_due"] == "2026-02-14T17:00:00+08:00"


def test_worked_example_intake_on_a_holiday(book):
    case = book.json("new", "新奥", "问题", "--category", "restricted", "--at", "2026-10-03 10:00", now="2026-10-05T09:00")
    assert case["response_due"] == "2026-10-09T00:00:00+08:00"
    assert case["resolve_due"] == "2026-10-09T00:00:00+08:00"


def test_worked_example_2005_make_up_day(book):
    case = book.json("new", "新奥", "问题", "--category", "routine", "--at", "2005-12-30 10:00", now="2006-01-05T09:00")
    assert case["ref"] == "ZT-2005-0001"
    assert case["response_due"] == "2005-12-31T10:00:00+08:00"


def test_deadline_beyond_the_calendar_is_provisional(book):
    case = book.json("new", "新奥", "问题", "--category", "major", "--at", "2026-12-30 10:00", now="2026-12-30T12:00")
    assert case["provisional"] is True
    assert milestone(case, "feedback")["provisional"] is True
    assert milestone(case, "resolve")["provisional"] is True
    assert case["response_due"] == "2026-12-31T10:00:00+08:00"
    assert milestone(case, "response")["provisional"] is False


# -- full lifecycles --------------------------------------------------------------------------------


def test_routine_lifecycle(book):
    case = new(book, "routine", "--channel", "service-group", "--dept", "经济发展局")
    ref = case["ref"]
    assert case["status"] == "assigned"
    case = book.json(
        "respond", ref, "--owner", "张科长", "--plan", "协调交警部门临时放行", "--eta", "2026-11-23 18:00", "--at", "2026-11-23 11:00"
    )
    assert case["status"] == "responded"
    assert case["responded_at"] == "2026-11-23T11:00:00+08:00"
    assert (case["owner"], case["plan"], case["eta"]) == ("张科长", "协调交警部门临时放行", "2026-11-23T18:00:00+08:00")
    assert milestone(case, "response")["met"] is True
    assert milestone(case, "resolve")["met_at"] is None
    case = book.json("resolve", ref, "--note", "绕行路线限高杆已拆除", "--at", "2026-11-23 16:00")
    assert case["status"] == "resolved"
    assert case["resolved_at"] == "2026-11-23T16:00:00+08:00"
    assert milestone(case, "resolve")["met"] is True
    case = book.json("rate", ref, "5", "--comment", "响应迅速", "--at", "2026-11-24 09:00")
    assert case["rating"] == 5
    assert case["rating_comment"] == "响应迅速"
    assert case["status"] == "resolved"
    shown = book.json("show", ref)
    assert kinds(shown) == ["intake", "assign", "respond", "resolve", "rate"]
    assert [e["at"] for e in shown["events"]] == [
        "2026-11-23T10:00:00+08:00",
        "2026-11-23T10:00:00+08:00",
        "2026-11-23T11:00:00+08:00",
        "2026-11-23T16:00:00+08:00",
        "2026-11-24T09:00:00+08:00",
    ]
    assert shown["events"][3]["text"] == "绕行路线限高杆已拆除"
    assert shown["events"][4]["text"] == "响应迅速"
    assert all(e["department"] == "经济发展局" for e in shown["events"][1:])


def test_major_lifecycle(book):
    ref = new(book, "major")["ref"]
    case = book.json("assign", ref, "经济发展局", "--at", "2026-11-23 10:30")
    assert (case["status"], case["department"]) == ("assigned", "经济发展局")
    book("respond", ref, "--owner", "王局长", "--plan", "提请管委会研究", "--eta", "2026-11-30", "--at", "2026-11-23 15:00")
    case = book.json("report", ref, "经管委会研究，同意按政策给予支持", "--at", "2026-11-24 16:00")
    assert case["status"] == "reported"
    assert case["reported_at"] == "2026-11-24T16:00:00+08:00"
    assert milestone(case, "feedback")["met"] is True
    assert case["events"][-1]["text"] == "经管委会研究，同意按政策给予支持"
    case = book.json("resolve", ref, "--at", "2026-11-25 08:00")
    assert case["status"] == "resolved"
    # the answer signed for it; the callback (回访) is due from the resolution, met by the rating
    assert all(m["met"] is True for m in case["milestones"] if m["name"] != "callback")
    assert [m["name"] for m in case["milestones"]] == ["sign", "response", "feedback", "resolve", "callback"]
    assert milestone(case, "callback")["state"] == "pending"
    case = book.json("rate", ref, "4")
    assert case["rating"] == 4
    assert kinds(case) == ["intake", "assign", "respond", "report", "resolve", "rate"]


def test_restricted_lifecycle_file_closes_and_meets_response(book):
    ref = new(book, "restricted", "--dept", "工管委")["ref"]
    case = book.json("file", ref, "--reason", "受现行用地政策限制，暂无法解决", "--at", "2026-11-23 17:00")
    assert case["status"] == "filed"
    assert case["filed_at"] == "2026-11-23T17:00:00+08:00"
    assert case["resolved_at"] is None
    assert milestone(case, "response")["met_at"] == "2026-11-23T17:00:00+08:00"
    assert milestone(case, "resolve")["met_at"] == "2026-11-23T17:00:00+08:00"
    assert case["events"][-1]["text"] == "受现行用地政策限制，暂无法解决"
    case = book.json("rate", ref, "3", "--comment", "理解")
    assert case["rating"] == 3
    assert case["status"] == "filed"


def test_restricted_respond_then_file_keeps_the_response_time(book):
    ref = new(book, "restricted", "--dept", "工管委")["ref"]
    book("respond", ref, "--owner", "李主任", "--plan", "说明政策限制原因", "--eta", "2026-11-23 18:00", "--at", "2026-11-23 11:00")
    case = book.json("file", ref, "--reason", "政策限制", "--at", "2026-11-23 17:00")
    assert case["status"] == "filed"
    assert case["responded_at"] == "2026-11-23T11:00:00+08:00"
    assert milestone(case, "response")["met_at"] == "2026-11-23T11:00:00+08:00"


def test_at_accepts_iso_with_t_separator(book):
    # the form `new --help` and the date error's own hint offer first, and what show --json prints
    case = book.json("new", "新奥", "问题", "--category", "routine", "--at", "2026-11-23T10:00")
    assert case["received_at"] == "2026-11-23T10:00:00+08:00"
    case = book.json("urge", case["ref"], "--at", case["response_due"])  # round trip of a JSON time
    assert case["events"][-1]["at"] == "2026-11-24T10:00:00+08:00"


def test_times_with_another_offset_are_stored_in_zone_time(book):
    case = book.json("new", "新奥", "问题", "--category", "routine", "--at", "2026-11-23T02:00:00Z")
    assert case["received_at"] == "2026-11-23T10:00:00+08:00"
    case = book.json(
        "respond", case["ref"], "--owner", "张", "--plan", "p", "--eta", "2026-11-30T10:00:00+00:00", "--at", "2026-11-23T04:00:00Z"
    )
    assert case["responded_at"] == "2026-11-23T12:00:00+08:00"
    assert case["eta"] == "2026-11-30T18:00:00+08:00"


def test_consult_answered_on_the_spot(book):
    case = new(book, "政策咨询", "--answer", "可申报科技型中小企业补贴")
    assert case["category"] == "consult"
    assert case["status"] == "resolved"
    assert case["resolved_at"] == "2026-11-23T10:00:00+08:00"
    assert milestone(case, "response")["met"] is True
    assert milestone(case, "resolve")["met"] is True
    assert "可申报科技型中小企业补贴" in [e["text"] for e in case["events"]]
    assert book.json("rate", case["ref"], "5")["rating"] == 5


def test_consult_without_answer_then_resolved(book):
    case = new(book, "consult")
    assert case["status"] == "open"
    case = book.json("resolve", case["ref"], "--note", "电话答复", "--at", "2026-11-23 10:20")
    assert case["status"] == "resolved"
    assert milestone(case, "resolve")["met"] is False  # due at intake, met 20 minutes later


def test_answer_on_non_consult_refused(book, tmp_path):
    result = book("new", "新奥", "问题", "--category", "routine", "--answer", "已答复", code=2)
    error_line(result, "--answer is for consult cases, answered on the spot — use respond for other categories")
    assert event_count(tmp_path) == 0


def test_resolve_meets_an_unanswered_response(book):
    ref = new(book, "routine", "--dept", "经济发展局")["ref"]
    case = book.json("resolve", ref, "--at", "2026-11-23 12:00")
    assert case["status"] == "resolved"
    assert milestone(case, "response")["met_at"] == "2026-11-23T12:00:00+08:00"
    assert milestone(case, "response")["met"] is True


# -- assign / transfer -------------------------------------------------------------------------------


def test_assign_sets_department_and_status(book):
    ref = new(book, "routine")["ref"]
    case = book.json("assign", ref, "经济发展局", "--at", "2026-11-23 11:00")
    assert case["department"] == "经济发展局"
    assert case["status"] == "assigned"
    last = {key: value for key, value in case["events"][-1].items() if key != "data"}
    assert last == {
        "at": "2026-11-23T11:00:00+08:00",
        "kind": "assign",
        "actor": case["events"][-1]["actor"],
        "department": "经济发展局",
        "text": "",
    }
    assert case["events"][-1]["actor"]


def test_assign_at_defaults_to_now(book):
    ref = new(book, "routine")["ref"]
    case = book.json("assign", ref, "工管委")
    assert case["events"][-1]["at"] == "2026-11-25T09:00:00+08:00"


def test_transfer_counts_and_keeps_the_clock(book):
    ref = new(book, "routine", "--dept", "经济发展局")["ref"]
    case = book.json("transfer", ref, "工管委", "--reason", "属工管委职责", "--at", "2026-11-23 12:00")
    assert case["department"] == "工管委"
    assert case["transfers"] == 1
    assert case["status"] == "assigned"
    assert case["response_due"] == "2026-11-24T10:00:00+08:00"
    assert case["resolve_due"] == "2026-11-24T10:00:00+08:00"
    assert case["events"][-1]["kind"] == "transfer"
    assert case["events"][-1]["text"] == "属工管委职责"
    assert case["events"][-1]["department"] == "工管委"
    case = book.json("transfer", ref, "经济发展局", "--reason", "退回", "--at", "2026-11-23 13:00")
    assert case["transfers"] == 2
    assert case["department"] == "经济发展局"
    assert kinds(case).count("transfer") == 2


def test_transfer_needs_a_reason(book, tmp_path):
    ref = new(book, "routine", "--dept", "经济发展局")["ref"]
    with Refusals(book, tmp_path, ref) as refuse:
        refuse("transfer", ref, "工管委", expect="missing option --reason — see zhitong transfer --help")
        refuse("transfer", ref, "工管委", "--reason", "  ", expect="reason must not be empty")


def test_assign_refusals(book, tmp_path):
    ref = new(book, "routine", "--dept", "经济发展局")["ref"]
    refused(book, tmp_path, ref, "assign", ref, "工管委", expect="the case is already assigned to 经济发展局; use transfer to move it")
    other = new(book, "routine")["ref"]
    with Refusals(book, tmp_path, other) as refuse:
        refuse("assign", other, "税务局", expect="no department '税务局' — list them with zhitong dept list")
        refuse("transfer", ref, "税务局", "--reason", "x", expect="no department '税务局'")


def test_transfer_refusals(book, tmp_path):
    ref = new(book, "routine")["ref"]
    refused(book, tmp_path, ref, "transfer", ref, "工管委", "--reason", "x", expect="the case has no department yet; use assign first")
    book("assign", ref, "工管委", "--at", "2026-11-23 11:00")
    refused(book, tmp_path, ref, "transfer", ref, "工管委", "--reason", "x", expect="the case is already with 工管委")


# -- respond -----------------------------------------------------------------------------------------


def test_respond_requires_owner_plan_and_eta(book, tmp_path):
    ref = new(book, "routine", "--dept", "经济发展局")["ref"]
    with Refusals(book, tmp_path, ref) as refuse:
        refuse("respond", ref, "--plan", "p", "--eta", "2026-11-30", expect="missing option --owner")
        refuse("respond", ref, "--owner", "张", "--eta", "2026-11-30", expect="missing option --plan")
        refuse("respond", ref, "--owner", "张", "--plan", "p", expect="missing option --eta")
        refuse("respond", ref, "--owner", "", "--plan", "p", "--eta", "2026-11-30", expect="owner must not be empty")
        refuse("respond", ref, "--owner", "张", "--plan", "  ", "--eta", "2026-11-30", expect="plan must not be empty")
        refuse("respond", ref, "--owner", "张", "--plan", "p", "--eta", "", expect="eta must not be empty — say when it will be solved")
        refuse("respond", ref, "--owner", "张", "--plan", "p", "--eta", "next week", expect="cannot read the date-time 'next week'")
    assert book.json("show", ref)["status"] == "assigned"


def test_respond_late_is_recorded_as_late(book):
    ref = new(book, "routine", "--dept", "经济发展局")["ref"]
    case = book.json("respond", ref, "--owner", "张科长", "--plan", "p", "--eta", "2026-11-26", "--at", "2026-11-24 11:00")
    assert milestone(case, "response")["met"] is False
    assert case["responded_at"] == "2026-11-24T11:00:00+08:00"
    assert case["eta"] == "2026-11-26T00:00:00+08:00"


# -- escalate ----------------------------------------------------------------------------------------


def test_escalate_routine_to_major_recomputes_from_intake(book):
    ref = new(book, "routine", "--dept", "经济发展局")["ref"]
    book("respond", ref, "--owner", "张科长", "--plan", "p", "--eta", "2026-11-30", "--at", "2026-11-23 12:00")
    before = book.json("show", ref)
    assert before["feedback_due"] is None
    case = book.json("escalate", ref, "--to", "major", "--reason", "需请示管委会主要领导", "--at", "2026-11-24 09:00")
    assert case["category"] == "major"
    assert case["feedback_due"] == "2026-11-25T10:00:00+08:00"  # 48h from intake, not from escalation
    assert case["resolve_due"] == "2026-12-01T00:00:00+08:00"  # 5d from intake
    assert case["response_due"] == before["response_due"]
    assert case["responded_at"] == "2026-11-23T12:00:00+08:00"
    assert milestone(case, "response")["met_at"] == "2026-11-23T12:00:00+08:00"
    assert case["status"] == "responded"
    assert case["events"][-1]["kind"] == "escalate"
    assert case["events"][-1]["text"] == "需请示管委会主要领导"
    assert case["received_at"] == before["received_at"]
    # now it is major, it reports a research result
    assert book.json("report", ref, "研究同意", "--at", "2026-11-24 15:00")["status"] == "reported"


def test_escalate_defaults_to_major(book):
    ref = new(book, "routine")["ref"]
    case = book.json("escalate", ref, "--reason", "需请示")
    assert case["category"] == "major"
    assert case["feedback_due"] == "2026-11-25T10:00:00+08:00"


def test_escalate_accepts_chinese_category(book):
    ref = new(book, "routine")["ref"]
    assert book.json("escalate", ref, "--to", "重大", "--reason", "需请示")["category"] == "major"


def test_escalate_to_restricted_then_file(book, tmp_path):
    ref = new(book, "routine", "--dept", "经济发展局")["ref"]
    case = book.json("escalate", ref, "--to", "restricted", "--reason", "政策限制", "--at", "2026-11-23 12:00")
    assert case["category"] == "restricted"
    assert case["feedback_due"] is None
    assert case["resolve_due"] == "2026-11-24T10:00:00+08:00"
    refused(book, tmp_path, ref, "resolve", ref, expect="a restricted case is closed by filing it: zhitong file REF --reason")
    assert book.json("file", ref, "--reason", "用地政策限制", "--at", "2026-11-23 13:00")["status"] == "filed"


def test_escalate_refusals(book, tmp_path):
    ref = new(book, "major")["ref"]
    with Refusals(book, tmp_path, ref) as refuse:
        refuse("escalate", ref, "--to", "major", "--reason", "x", expect="the case is already major")
        refuse("escalate", ref, "--to", "routine", "--reason", "x", expect="escalate goes --to major or --to restricted, not 'routine'")
        refuse("escalate", ref, "--to", "urgent", "--reason", "x", expect="unknown category 'urgent'")
        refuse("escalate", ref, "--to", "restricted", expect="missing option --reason — see zhitong escalate --help")  # no reason
        refuse("escalate", ref, "--to", "restricted", "--reason", " ", expect="reason must not be empty")


# -- report / resolve / file refusals ------------------------------------------------------------------


def test_report_only_on_major(book, tmp_path):
    for category in ("routine", "consult", "restricted"):
        ref = new(book, category)["ref"]
        refused(
            book, tmp_path, ref, "report", ref, "研究结果", expect=f"only a major case reports a research result; this one is {category}"
        )


def test_report_needs_text(book, tmp_path):
    ref = new(book, "major")["ref"]
    refused(book, tmp_path, ref, "report", ref, "  ", expect="text must not be empty")


def test_resolve_a_filed_case_is_refused(book, tmp_path):
    ref = new(book, "restricted")["ref"]
    book("file", ref, "--reason", "政策限制", "--at", "2026-11-23 12:00")
    refused(book, tmp_path, ref, "resolve", ref, expect="the case is already filed; reopen it first")


def test_resolve_twice_is_refused(book, tmp_path):
    ref = new(book, "routine")["ref"]
    book("resolve", ref, "--at", "2026-11-23 12:00")
    refused(book, tmp_path, ref, "resolve", ref, expect="the case is already resolved; reopen it first")


def test_file_only_on_restricted(book, tmp_path):
    for category in ("routine", "major", "consult"):
        ref = new(book, category)["ref"]
        refused(book, tmp_path, ref, "file", ref, "--reason", "x", expect=f"only a restricted case is filed; this one is {category}")


def test_file_needs_a_reason(book, tmp_path):
    ref = new(book, "restricted")["ref"]
    with Refusals(book, tmp_path, ref) as refuse:
        refuse("file", ref, expect="missing option --reason — see zhitong file --help")
        refuse("file", ref, "--reason", "", expect="reason must not be empty")


RESOLVED = "the case is already resolved; reopen it first (zhitong reopen REF --reason …)"


def test_actions_on_a_resolved_case_are_refused(book, tmp_path):
    ref = new(book, "routine", "--dept", "经济发展局")["ref"]
    book("resolve", ref, "--at", "2026-11-23 12:00")
    with Refusals(book, tmp_path, ref) as refuse:
        refuse("assign", ref, "工管委", expect=RESOLVED)
        refuse("transfer", ref, "工管委", "--reason", "x", expect=RESOLVED)
        refuse("respond", ref, "--owner", "a", "--plan", "b", "--eta", "2026-11-30", expect=RESOLVED)
        refuse("escalate", ref, "--reason", "x", expect=RESOLVED)
        refuse("urge", ref, expect=RESOLVED)
        refuse("pause", ref, "--reason", "x", expect=RESOLVED)
        refuse("resume", ref, expect=RESOLVED)


# -- rate --------------------------------------------------------------------------------------------


def test_rate_unresolved_case_is_refused(book, tmp_path):
    ref = new(book, "routine", "--dept", "经济发展局")["ref"]
    refused(book, tmp_path, ref, "rate", ref, "5", expect="the case is assigned: only a resolved or filed case can be rated")
    book("respond", ref, "--owner", "张", "--plan", "p", "--eta", "2026-11-30", "--at", "2026-11-23 12:00")
    refused(book, tmp_path, ref, "rate", ref, "4", expect="the case is responded: only a resolved or filed case can be rated")


def test_rate_bounds(book, tmp_path):
    ref = new(book, "routine")["ref"]
    book("resolve", ref, "--at", "2026-11-23 12:00")
    with Refusals(book, tmp_path, ref) as refuse:
        for score in ("0", "6", "10", "3.5", "five", ""):
            refuse("rate", ref, score, expect=f"a rating is a whole number from 1 to 5, not '{score}'")
        refuse("rate", ref, "-1", expect="no such option -1 — see zhitong rate --help")  # read as an option
    assert book.json("show", ref)["rating"] is None
    assert book.json("rate", ref, "3")["rating"] == 3  # 1 or 2 would reopen it as a redo (tests/test_hotline.py)
    case = book.json("rate", ref, "5", "--comment", "改进后满意")
    assert case["rating"] == 5


# -- urge / note -------------------------------------------------------------------------------------


def test_urge_is_counted(book):
    ref = new(book, "routine", "--dept", "经济发展局")["ref"]
    assert book.json("show", ref)["urges"] == 0
    book("urge", ref, "--note", "电话督办", "--at", "2026-11-24 11:00")
    book("urge", ref, "--at", "2026-11-24 15:00")
    case = book.json("urge", ref)
    assert case["urges"] == 3
    assert kinds(case).count("urge") == 3
    assert case["events"][2]["text"] == "电话督办"
    assert case["status"] == "assigned"


def test_note_is_recorded_even_on_a_closed_case(book, tmp_path):
    ref = new(book, "routine")["ref"]
    case = book.json("note", ref, "企业联系人已更换为李经理", "--at", "2026-11-23 11:00")
    assert case["events"][-1]["kind"] == "note"
    assert case["events"][-1]["text"] == "企业联系人已更换为李经理"
    assert case["status"] == "open"
    book("resolve", ref, "--at", "2026-11-23 12:00")
    case = book.json("note", ref, "企业致电感谢")
    assert case["status"] == "resolved"
    assert kinds(case) == ["intake", "note", "resolve", "note"]
    refused(book, tmp_path, ref, "note", ref, "   ", expect="text must not be empty")


# -- pause / resume ----------------------------------------------------------------------------------


def test_pause_example_from_domain(book):
    ref = new(book, "major")["ref"]
    assert book.json("show", ref)["resolve_due"] == "2026-12-01T00:00:00+08:00"
    case = book.json("pause", ref, "--reason", "等待企业补充材料", "--at", "2026-11-24 08:40")
    assert case["paused"] is True
    case = book.json("resume", ref, "--at", "2026-11-24 08:50")
    assert case["paused"] is False
    assert case["resolve_due"] == "2026-12-01T00:10:00+08:00"
    assert case["feedback_due"] == "2026-11-25T10:10:00+08:00"
    assert case["response_due"] == "2026-11-24T10:10:00+08:00"
    assert kinds(case)[-2:] == ["pause", "resume"]
    assert case["events"][-2]["text"] == "等待企业补充材料"


def test_pause_does_not_move_met_milestones(book):
    ref = new(book, "major", "--dept", "经济发展局")["ref"]
    book("respond", ref, "--owner", "王局长", "--plan", "p", "--eta", "2026-11-30", "--at", "2026-11-23 12:00")
    book("pause", ref, "--reason", "等待企业", "--at", "2026-11-24 08:40")
    case = book.json("resume", ref, "--at", "2026-11-24 08:50")
    assert case["response_due"] == "2026-11-24T10:00:00+08:00"
    assert case["resolve_due"] == "2026-12-01T00:10:00+08:00"


def test_pause_over_a_weekend_counts_only_working_time(book):
    # received Thu 2026-11-19 10:00: resolution due at the end of Fri 27 (Nov 20, 23, 24, 25, 26)
    ref = new(book, "major", at="2026-11-19 10:00")["ref"]
    assert book.json("show", ref)["resolve_due"] == "2026-11-27T00:00:00+08:00"
    book("pause", ref, "--reason", "等待企业", "--at", "2026-11-20 20:00")
    case = book.json("resume", ref, "--at", "2026-11-23 02:00")
    # paused 4 working hours on Friday and 2 on Monday; the weekend was not running anyway
    assert case["resolve_due"] == "2026-11-27T06:00:00+08:00"


def test_resolve_while_paused_ends_the_pause(book):
    ref = new(book, "routine")["ref"]
    book("pause", ref, "--reason", "等待企业", "--at", "2026-11-23 11:00")
    assert book.json("show", ref)["paused"] is True
    case = book.json("resolve", ref, "--at", "2026-11-23 12:00")
    assert case["status"] == "resolved"
    assert case["paused"] is False


def test_pause_refusals(book, tmp_path):
    ref = new(book, "routine")["ref"]
    with Refusals(book, tmp_path, ref) as refuse:
        refuse("resume", ref, expect="the case is not paused")
        refuse("pause", ref, expect="missing option --reason — see zhitong pause --help")  # a reason is required
        refuse("pause", ref, "--reason", " ", expect="reason must not be empty")
    book("pause", ref, "--reason", "等待企业", "--at", "2026-11-23 11:00")
    with Refusals(book, tmp_path, ref) as refuse:
        refuse("pause", ref, "--reason", "again", expect="the case is already paused")
        refuse(
            "resume",
            ref,
            "--at",
            "2026-11-23 10:30",
            expect="is before the case's last recorded action (pause at 2026-11-23 11:00)",
        )  # before the pause


# -- reopen ------------------------------------------------------------------------------------------


def test_reopen_a_resolved_case(book):
    ref = new(book, "routine", "--dept", "经济发展局")["ref"]
    book("respond", ref, "--owner", "张科长", "--plan", "p", "--eta", "2026-11-23 18:00", "--at", "2026-11-23 11:00")
    book("resolve", ref, "--at", "2026-11-23 16:00")
    book("rate", ref, "3", "--comment", "一般", "--at", "2026-11-23 17:00")
    case = book.json("reopen", ref, "--reason", "企业反映问题仍未解决", "--at", "2026-11-24 09:00")
    assert case["status"] == "responded"
    assert case["resolved_at"] is None
    assert case["rating"] is None
    assert case["responded_at"] == "2026-11-23T11:00:00+08:00"
    assert milestone(case, "resolve")["met_at"] is None
    # `reopen --help`: a resolution is owed again, on the same limit, counted from the reopening
    assert case["resolve_due"] == "2026-11-25T09:00:00+08:00"
    assert case["response_due"] == "2026-11-24T10:00:00+08:00"
    assert case["events"][-1]["kind"] == "reopen"
    assert case["events"][-1]["text"] == "企业反映问题仍未解决"
    # the history keeps everything
    assert kinds(case) == ["intake", "assign", "respond", "resolve", "rate", "reopen"]
    case = book.json("resolve", ref, "--at", "2026-11-24 10:00")
    assert case["status"] == "resolved"
    assert case["resolved_at"] == "2026-11-24T10:00:00+08:00"


def test_reopen_unanswered_resolved_case_goes_back_to_assigned(book):
    ref = new(book, "routine", "--dept", "工管委")["ref"]
    book("resolve", ref, "--at", "2026-11-23 12:00")
    case = book.json("reopen", ref, "--reason", "未解决", "--at", "2026-11-23 13:00")
    assert case["status"] == "assigned"
    assert case["resolved_at"] is None


def test_reopen_a_filed_case(book):
    ref = new(book, "restricted", "--dept", "工管委")["ref"]
    book("file", ref, "--reason", "政策限制", "--at", "2026-11-23 12:00")
    case = book.json("reopen", ref, "--reason", "政策已调整", "--at", "2026-11-24 09:00")
    assert case["status"] not in ("filed", "resolved")
    assert case["filed_at"] is None
    assert book.json("file", ref, "--reason", "仍受限制", "--at", "2026-11-24 10:00")["status"] == "filed"


def test_reopen_refusals(book, tmp_path):
    ref = new(book, "routine")["ref"]
    refused(book, tmp_path, ref, "reopen", ref, "--reason", "x", expect="the case is open: only a resolved or filed case can be reopened")
    book("resolve", ref, "--at", "2026-11-23 12:00")
    refused(book, tmp_path, ref, "reopen", ref, expect="missing option --reason — see zhitong reopen --help")  # a reason is required


# -- --at: never before intake, never in the future -----------------------------------------------------

AT_CASES = {
    "assign": ("routine", [], ("assign", "{ref}", "工管委")),
    "transfer": ("routine", ["--dept", "经济发展局"], ("transfer", "{ref}", "工管委", "--reason", "x")),
    "respond": ("routine", ["--dept", "经济发展局"], ("respond", "{ref}", "--owner", "a", "--plan", "b", "--eta", "2026-11-30")),
    "escalate": ("routine", [], ("escalate", "{ref}", "--reason", "x")),
    "report": ("major", [], ("report", "{ref}", "研究结果")),
    "resolve": ("routine", [], ("resolve", "{ref}")),
    "file": ("restricted", [], ("file", "{ref}", "--reason", "x")),
    "rate": ("consult", ["--answer", "已答复"], ("rate", "{ref}", "5")),
    "urge": ("routine", [], ("urge", "{ref}")),
    "pause": ("routine", [], ("pause", "{ref}", "--reason", "x")),
    "resume": ("routine", [], ("resume", "{ref}")),
    "reopen": ("consult", ["--answer", "已答复"], ("reopen", "{ref}", "--reason", "x")),
    "note": ("routine", [], ("note", "{ref}", "备注")),
}


def _at_case(book, name):
    category, extra, args = AT_CASES[name]
    ref = book.json("new", "新奥", "问题", "--category", category, "--at", "2026-11-24 10:00", *extra)["ref"]
    if name == "resume":
        book("pause", ref, "--reason", "x", "--at", "2026-11-24 10:00")
    return ref, [a.format(ref=ref) for a in args]


@pytest.mark.parametrize("name", list(AT_CASES))
def test_at_never_before_intake_nor_in_the_future(book, tmp_path, name):
    ref, args = _at_case(book, name)
    with Refusals(book, tmp_path, ref) as refuse:
        # a minute before intake
        refuse(
            *args,
            "--at",
            "2026-11-24 09:59",
            expect="2026-11-24 09:59 is before the case was received (2026-11-24 10:00)",
        )
        refuse(*args, "--at", "2026-11-25 09:01", expect="2026-11-25 09:01 is in the future")  # a minute after now
        refuse(*args, "--at", "+1h", expect="2026-11-25 10:00 is in the future")
    # at the intake instant (or just after the pause, for resume) it is accepted
    before = len(book.json("show", ref)["events"])
    case = book.json(*args, "--at", "2026-11-24 10:00" if name != "resume" else "2026-11-24 12:00")
    assert len(case["events"]) == before + 1
    assert case["events"][-1]["kind"] == name


def test_a_promised_date_before_intake_is_refused(book):
    ref = book.json("new", "新奥", "例", "--category", "routine", "--at", "2026-11-24 10:00")["ref"]
    result = book("respond", ref, "--owner", "王", "--plan", "办", "--eta", "2026-11-20", code=2)
    error_line(result, "the promised date 2026-11-20 00:00 is before the case was received")
    assert book.json("show", ref)["status"] == "open"


def test_a_consult_without_its_answer_is_flagged_at_once(book):
    result = book("new", "新奥", "政策问询", "--category", "consult")
    assert "answered on the spot" in result.stderr
    assert "answered on the spot" not in book("new", "新奥", "政策问询", "--category", "consult", "--answer", "已答复").stderr
