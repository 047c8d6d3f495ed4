"""The hotline workflow end to end: sign-for, return, extension (the frozen now is Wednesday 2026-11-25 09:00)."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from conftest import error_line

from zhitong.core import lifecycle
from zhitong.core.calendar_data import work_calendar
from zhitong.core.instants import to_epoch
from zhitong.core.policy import DEFAULT_POLICY, limits_for
from zhitong.sla import Limit


def epoch(text: str) -> int:
    return to_epoch(datetime.fromisoformat(text.replace(" ", "T") + "+08:00"))


def milestone(case: dict, name: str) -> dict | None:
    """The milestone of the round now running (a redo's, once there is one)."""
    found = [m for m in case["milestones"] if m["name"] == name]
    return max(found, key=lambda m: m.get("round", 1)) if found else None


# -- sign-for (签收) ---------------------------------------------------------------------------------


def test_sign_is_due_a_working_day_after_assignment_and_met_by_sign(book):
    book("new", "新奥集团", "路灯损坏", "-c", "routine", "--at", "2026-11-20 10:00")  # a Friday, unassigned
    case = book.json("show", "1")
    assert milestone(case, "sign") is None  # no department yet: nobody owes a sign-for
    case = book.json("assign", "1", "经济发展局", "--at", "2026-11-20 11:00")
    assert milestone(case, "sign")["due"] == "2026-11-24T00:00:00+08:00"  # the end of Monday
    assert milestone(case, "sign")["state"] == "late"  # at Wednesday 09:00 nobody has signed
    overdue = book.json("overdue")
    assert ("ZT-2026-0001", "sign") in {(item["ref"], item["milestone"]) for item in overdue}
    case = book.json("sign", "1", "--at", "2026-11-23 09:00")
    assert milestone(case, "sign") == {**milestone(case, "sign"), "met_at": "2026-11-23T09:00:00+08:00", "state": "met"}
    assert case["events"][-1]["kind"] == "sign"
    assert ("ZT-2026-0001", "sign") not in {(item["ref"], item["milestone"]) for item in book.json("overdue")}
    zh = book("--lang", "zh", "show", "1").stdout
    assert "签收" in zh and "按时" in zh.split("签收", 1)[1].splitlines()[0]
    assert "sign" in book("--lang", "en", "show", "1").stdout


def test_a_transfer_restarts_the_sign_clock(book):
    book("new", "新奥集团", "路灯损坏", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-23 10:00")
    book("sign", "1", "--at", "2026-11-23 11:00")
    case = book.json("transfer", "1", "工管委", "--reason", "属工管委", "--at", "2026-11-24 10:00")
    sign = milestone(case, "sign")
    assert (sign["due"], sign["met_at"], sign["state"]) == ("2026-11-26T00:00:00+08:00", None, "pending")


def test_sign_is_refused_twice_and_without_a_department(book):
    book("new", "新奥集团", "路灯损坏", "-c", "routine", "--at", "2026-11-23 10:00")
    error_line(book("sign", "1", code=2), "no department yet")
    book("assign", "1", "经济发展局", "--at", "2026-11-23 10:30")
    book("sign", "1", "--at", "2026-11-23 11:00")
    error_line(book("sign", "1", code=2), "经济发展局 has already signed")
    error_line(book("--lang", "zh", "sign", "1", code=2), "经济发展局已签收")


def test_an_answer_signs_for_the_case(book):
    book("new", "新奥集团", "路灯损坏", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-24 10:00")
    case = book.json("respond", "1", "--owner", "王局长", "--plan", "更换", "--eta", "2026-11-30", "--at", "2026-11-24 11:00")
    assert milestone(case, "sign")["met_at"] == "2026-11-24T11:00:00+08:00"


# -- return (回退) ------------------------------------------------------------------------------------


def test_return_within_the_window_goes_back_unassigned_and_the_clocks_run_on(book):
    book("new", "新奥集团", "规划调整", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-24 10:00")
    before = book.json("show", "1")
    case = book.json("return", "1", "--reason", "属规划部门职责", "--at", "2026-11-25 08:00")
    assert (case["status"], case["department"], case["returns"]) == ("open", None, 1)
    assert milestone(case, "sign") is None
    assert milestone(case, "response")["due"] == milestone(before, "response")["due"]  # still from intake
    assert case["events"][-1]["data"]["from"] == "经济发展局"
    shown = book("--lang", "zh", "show", "1").stdout
    assert "回退" in shown and "由经济发展局" in shown
    case = book.json("assign", "1", "工管委")
    assert case["status"] == "assigned" and milestone(case, "sign")["due"] == "2026-11-27T00:00:00+08:00"  # assigned Wednesday
    assert "all checks passed" in book("check").stderr


def test_return_after_the_window_is_refused(book):
    book("new", "新奥集团", "规划调整", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-20 10:00")  # Friday
    # two working days after Friday: Monday and Tuesday, closing 2026-11-25 00:00
    line = error_line(book("return", "1", "--reason", "不是我们的", code=2), "the return window closed at 2026-11-25 00:00")
    assert "transfer" in line
    error_line(book("--lang", "zh", "return", "1", "--reason", "不是我们的", code=2), "回退时限已于 2026-11-25 00:00 截止")
    assert book.json("show", "1")["department"] == "经济发展局"


def test_the_return_window_is_the_policy_files(book, tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text('[hotline]\nreturn_window = "5d"\n', encoding="utf-8")
    book("new", "新奥集团", "规划调整", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-20 10:00")
    assert book.json("--policy", policy, "return", "1", "--reason", "不是我们的")["returns"] == 1


def test_policy_show_lists_the_workflow_limits_as_the_file_spells_them(book, tmp_path):
    assert '[hotline]  return_window = "2d"  extension_cap = "10d"' in book("policy", "show").stdout
    policy = tmp_path / "policy.toml"
    policy.write_text('[hotline]\nreturn_window = "5d"\nredo_escalation = 2\n[rank]\nsign = 0\n', encoding="utf-8")
    shown = book("--policy", policy, "policy", "show").stdout
    assert 'return_window = "5d"' in shown and "redo_escalation = 2" in shown and "[rank]  sign = 0  response = 20" in shown


def test_an_answered_case_cannot_be_returned(book):
    book("new", "新奥集团", "规划调整", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-24 10:00")
    book("respond", "1", "--owner", "王局长", "--plan", "办", "--eta", "2026-11-30", "--at", "2026-11-24 11:00")
    error_line(book("return", "1", "--reason", "x", code=2), "cannot be returned")


# -- extension (延期) ---------------------------------------------------------------------------------


def test_the_worked_example_five_more_days_after_the_deadline(book):
    """DOMAIN.md: a major case received 2025-09-30 16:00 is due 2025-10-15 00:00; 5d more is 2025-10-22 00:00."""
    now = "2025-10-09T10:00"
    book("new", "新奥集团", "用地", "-c", "major", "-d", "经济发展局", "--at", "2025-09-30 16:00", now=now)
    assert milestone(book.json("show", "ZT-2025-0001", now=now), "resolve")["due"] == "2025-10-15T00:00:00+08:00"
    book("extend", "ZT-2025-0001", "5d", "--reason", "等待省厅批复", now=now)
    case = book.json("approve", "ZT-2025-0001", "--by", "王主任", now=now)
    assert milestone(case, "resolve")["due"] == "2025-10-22T00:00:00+08:00"
    assert case["extensions"] == 1
    assert case["events"][-1]["data"] == {"by": "王主任", "enterprise_told": True}
    # resolved on 10-21: met against the extended deadline
    case = book.json("resolve", "ZT-2025-0001", "--at", "2025-10-21 15:00", now="2025-10-21T16:00")
    assert milestone(case, "resolve")["met"] is True
    assert "all checks passed" in book("check", now="2025-10-21T16:00").stderr


def test_sla_extend_counts_working_days_after_the_deadlines_last_one():
    calendar = work_calendar()
    due = calendar.due(epoch("2025-09-30 16:00"), Limit(5, "d")).at
    assert calendar.extend(due, Limit(5, "d")).at == epoch("2025-10-22 00:00")
    # a deadline within the day: the days after that day, to their end
    assert calendar.extend(epoch("2026-11-20 16:00"), Limit(1, "d")).at == epoch("2026-11-24 00:00")
    assert calendar.extend(epoch("2026-11-20 16:00"), Limit(8, "h")).at == epoch("2026-11-21 00:00")


def test_an_extension_approved_after_the_deadline_moves_nothing():
    calendar = work_calendar()
    limits = limits_for(DEFAULT_POLICY, "major")
    events = [
        lifecycle.Event(epoch("2025-09-30 16:00"), "intake", data={"category": "major", "limits": limits}),
        lifecycle.Event(epoch("2025-09-30 16:00"), "assign", department="经济发展局"),
        lifecycle.Event(epoch("2025-10-14 10:00"), "extend", data={"limit": "5d"}),
        lifecycle.Event(epoch("2025-10-16 10:00"), "approve", data={"by": "王主任"}),  # the original passed on 10-15 00:00
    ]
    state = lifecycle.replay(events)
    assert state.extensions == 1
    resolve = next(m for m in lifecycle.milestones(state, calendar) if m.name == "resolve")
    assert resolve.due == epoch("2025-10-15 00:00")


def test_an_extension_is_asked_before_the_deadline_within_the_cap_and_decided_once(book):
    book("new", "新奥集团", "用地", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-20 10:00")  # resolve due 11-23 10:00
    error_line(book("extend", "1", "3d", "--reason", "x", code=2), "has passed")
    book("new", "新奥集团", "用地", "-c", "major", "-d", "经济发展局", "--at", "2026-11-24 10:00")
    error_line(book("extend", "2", "11d", "--reason", "x", code=2), "at most 10d")
    error_line(book("--lang", "zh", "extend", "2", "11d", "--reason", "x", code=2), "延期最多 10d")
    error_line(book("approve", "2", "--by", "王主任", code=2), "no extension is waiting")
    book("extend", "2", "3天", "--reason", "等材料")
    error_line(book("extend", "2", "2d", "--reason", "x", code=2), "already waiting")
    before = milestone(book.json("show", "2"), "resolve")["due"]
    case = book.json("refuse", "2", "--reason", "理由不充分")
    assert milestone(case, "resolve")["due"] == before and case["extensions"] == 0
    error_line(book("refuse", "2", "--reason", "x", code=2), "no extension is waiting")
    kinds = [event["kind"] for event in case["events"]]
    assert kinds[-2:] == ["extend", "refuse"]
    shown = book("--lang", "zh", "show", "2").stdout
    assert "申请延期" in shown and "+3d" in shown and "不予延期" in shown
    error_line(book("extend", "2", "0", "--reason", "x", code=2), "must add some time")


def test_the_extension_cap_is_the_policy_files(book, tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text('[hotline]\nextension_cap = "3d"\n', encoding="utf-8")
    book("new", "新奥集团", "用地", "-c", "major", "-d", "经济发展局", "--at", "2026-11-24 10:00")
    error_line(book("--policy", policy, "extend", "1", "5d", "--reason", "x", code=2), "at most 3d")


def test_a_bad_hotline_setting_in_the_policy_file_names_its_line(book, tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text('[hotline]\nreturn_window = "2d"\nreturn_windw = "3d"\n', encoding="utf-8")
    error_line(book("--policy", policy, "policy", "show", code=2), "line 3", "return_windw")
    policy.write_text('[rank]\nsign = "lots"\n', encoding="utf-8")
    error_line(book("--policy", policy, "policy", "show", code=2), "line 2", "whole number")


# -- export and check -----------------------------------------------------------------------------


def test_export_adds_the_hotline_columns_after_the_others(book):
    book("new", "新奥集团", "规划调整", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-24 10:00")
    book("sign", "1", "--at", "2026-11-24 10:30")
    book("new", "新奥集团", "用地", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-24 10:00")
    book("return", "2", "--reason", "不是我们的", "--at", "2026-11-24 12:00")
    rows = list(csv.DictReader(io.StringIO(book("export").stdout.lstrip("\ufeff"))))
    header = list(rows[0])
    assert header[:25][-2:] == ["detail", "source_id"]
    assert header[32:] == [
        "sign_due",
        "signed_at",
        "sign_met",
        "returns",
        "extensions",
        "callback_due",
        "callback_at",
        "callback_met",
    ]
    assert (rows[0]["sign_due"], rows[0]["signed_at"], rows[0]["sign_met"]) == (
        "2026-11-26T00:00:00+08:00",
        "2026-11-24T10:30:00+08:00",
        "yes",
    )
    assert (rows[1]["returns"], rows[1]["sign_due"]) == ("1", "")
    data = __import__("json").loads(book("export", "--format", "json").stdout)
    assert data[0]["sign_met"] is True and data[1]["returns"] == 1
    zh = book("export", "--lang", "zh").stdout.lstrip("\ufeff").splitlines()[0].split(",")
    assert zh[32:35] == ["签收时限", "签收时间", "按时签收"]


# -- callback and redo (回访, 重办) ---------------------------------------------------------------------


def test_the_callback_is_due_a_working_day_after_resolution_and_met_by_the_rating(book):
    book("new", "新奥集团", "路灯", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-23 10:00")
    case = book.json("resolve", "1", "--at", "2026-11-23 15:00")
    callback = milestone(case, "callback")
    assert (callback["due"], callback["state"]) == ("2026-11-25T00:00:00+08:00", "late")  # nobody called back on Tuesday
    assert ("ZT-2026-0001", "callback") in {(item["ref"], item["milestone"]) for item in book.json("overdue")}
    case = book.json("rate", "1", "4", "--at", "2026-11-24 10:00", now="2026-11-24T11:00")
    assert milestone(case, "callback")["met_at"] == "2026-11-24T10:00:00+08:00"
    assert milestone(case, "callback")["met"] is True
    assert "回访" in book("--lang", "zh", "show", "1").stdout


def test_a_poor_rating_reopens_the_case_as_a_redo(book):
    book("new", "新奥集团", "路灯", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-23 10:00")
    book("resolve", "1", "--at", "2026-11-23 15:00")
    result = book("rate", "1", "2", "--comment", "灯还是不亮", "--at", "2026-11-24 10:00")
    assert "reopened as a redo" in result.stderr
    case = book.json("show", "1")
    # round 1's resolution stands (its verdict never changes); the redo is round 2
    assert (case["status"], case["redos"], case["resolved_at"]) == ("assigned", 1, "2026-11-23T15:00:00+08:00")
    assert [event["kind"] for event in case["events"]][-2:] == ["rate", "reopen"]
    assert case["events"][-1]["data"] == {"redo": True, "rating": 2}
    again = {m["name"]: m for m in case["milestones"] if m["round"] == 2}
    assert again["resolve"]["due"] == "2026-11-25T10:00:00+08:00"  # a fresh 24h from the redo
    assert "callback" not in again
    assert "评价 2/5，重办" in book("--lang", "zh", "show", "1").stdout
    assert "all checks passed" in book("check").stderr


def test_unsatisfied_reopens_whatever_the_score(book):
    book("new", "新奥集团", "路灯", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-23 10:00")
    book("resolve", "1", "--at", "2026-11-23 15:00")
    assert book.json("rate", "1", "4", "--unsatisfied", "--at", "2026-11-24 10:00")["redos"] == 1
    book("new", "新奥集团", "路灯", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-23 10:00")
    book("resolve", "2", "--at", "2026-11-23 15:00")
    assert book.json("rate", "2", "3", "--at", "2026-11-24 10:00")["redos"] == 0


def test_three_redos_put_the_case_under_escalated_supervision(book):
    book("new", "新奥集团", "反复漏水", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-23 08:00")
    for hour in (9, 11, 13):
        book("resolve", "1", "--at", f"2026-11-23 {hour}:00")
        book("rate", "1", "1", "--at", f"2026-11-23 {hour}:30")
    assert book.json("show", "1")["redos"] == 3
    text = book("overdue").stdout
    assert text.startswith("Escalated supervision (提级督办): redone 3 times or more")
    assert "反复漏水" in text.split("\n\n")[0]
    zh = book("--lang", "zh", "overdue").stdout
    assert zh.startswith("提级督办（重办 3 次及以上）")
    assert all(item["escalated"] for item in book.json("overdue") if item["ref"] == "ZT-2026-0001")


# -- the supervision ladder (催办 → 督办 → 通报) -----------------------------------------------------------


def test_a_supervision_notice_from_the_day_after_a_breach(book, tmp_path):
    book("new", "新奥集团", "用地审批", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-24 08:00")
    # the response was due 2026-11-25 08:00, an hour ago: a breach today, so no notice yet
    error_line(book("urge", "1", "--notice", code=2), "no deadline of ZT-2026-0001 was broken before today")
    error_line(book("--lang", "zh", "urge", "1", "--notice", code=2), "督办通知单从超期次日起")
    assert book.json("show", "1")["urges"] == 0
    now = "2026-11-26T09:30"
    book("urge", "1", "--note", "电话督办", now=now)
    path = tmp_path / "notice.txt"
    result = book("urge", "1", "--notice", "-o", path, now=now)
    assert "reply due by 2026-11-28 00:00" in result.stderr  # a working day after Thursday 09:30: the end of Friday
    text = path.read_text(encoding="utf-8")
    assert text.startswith("督办通知单\n")
    for line in (
        "编号：ZT-2026-0001（第 2 次督办）",
        "企业：新奥集团",
        "承办部门：经济发展局",
        "  答复：应于 2026-11-25 08:00 前完成，已超期 1天1小时（工作时间）",
        "已督办：1 次，本次为第 2 次",
        "请于 2026-11-28 00:00 前书面回复办理情况：谁负责、如何办、何时解决。",
    ):
        assert line in text.splitlines(), line
    case = book.json("show", "1", now=now)
    assert case["urges"] == 2
    assert case["events"][-1]["data"] == {"notice": True, "reply_by": "2026-11-28T00:00:00+08:00"}
    error_line(book("urge", "1", "--notice", "-o", path, now=now, code=2), "already exists", "--force")
    assert book.json("show", "1", now=now)["urges"] == 2  # refused: nothing recorded
    book("urge", "1", "--notice", "-o", path, "--force", now=now)
    assert "第 3 次督办" in path.read_text(encoding="utf-8")
    stdout = book("urge", "1", "--notice", now=now).stdout
    assert stdout.startswith("督办通知单") and "第 4 次督办" in stdout
    error_line(book("urge", "1", "-o", path, now=now, code=2), "-o is for the supervision notice")


def test_more_than_five_working_days_overdue_is_flagged_and_listed_first(book, tmp_path):
    book("new", "新奥集团", "早已超期", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-13 10:00")  # due 11-16 10:00
    book("new", "新奥集团", "刚超期", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-23 10:00")  # due 11-24 10:00
    items = book.json("overdue")
    flagged = {(item["ref"], item["milestone"]) for item in items if item["flagged"]}
    assert ("ZT-2026-0001", "response") in flagged and not any(ref == "ZT-2026-0002" for ref, _m in flagged)
    text = book("overdue").stdout
    head, rest = text.split("Everything overdue")
    assert head.startswith("Flagged for the leaders (通报): more than 5d overdue")
    assert "ZT-2026-0001" in head and "ZT-2026-0002" not in head and "ZT-2026-0002" in rest
    assert "通报（超期 5d 以上，报领导）" in book("--lang", "zh", "overdue").stdout
    policy = tmp_path / "policy.toml"
    policy.write_text('[hotline]\nflag_after = "10d"\n', encoding="utf-8")
    assert not any(item["flagged"] for item in book.json("--policy", policy, "overdue"))


def test_the_digest_lists_the_flagged_cases_apart(book):
    book("new", "新奥集团", "早已超期", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-13 10:00")
    book("new", "新奥集团", "刚超期", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-23 10:00")
    data = book.json("digest")
    assert data["flagged"] == ["ZT-2026-0001"]
    text = book("digest").stdout
    flagged = text.split("、通报（严重超期，报领导）")[1]
    assert "ZT-2026-0001" in flagged and "ZT-2026-0002" not in flagged
    assert "Flagged for the leaders (通报)" in book("--lang", "en", "digest").stdout


# -- ranking (考核) -------------------------------------------------------------------------------------


def _ranked_book(book):
    book("new", "新奥集团", "a", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-23 10:00")
    book("sign", "1", "--at", "2026-11-23 11:00")
    book("resolve", "1", "--at", "2026-11-23 12:00")
    book("rate", "1", "5", "--at", "2026-11-23 13:00")
    book("new", "新奥集团", "b", "-c", "routine", "-d", "工管委", "--at", "2026-11-23 10:00")
    book("return", "2", "--reason", "不是我们的", "--at", "2026-11-23 11:00")
    book("assign", "2", "经济发展局", "--at", "2026-11-23 12:00")
    return book


def test_stats_rank_scores_each_department_with_its_components(book):
    data = _ranked_book(book).json("stats", "--rank", "--month", "2026-11")
    first, second = data["departments"][:2]
    assert (first["department"], second["department"]) == ("经济发展局", "工管委")
    assert second["returns"] == 1 and second["return_rate"] == 1.0
    assert second["components"]["returns"] == 0.0 and second["score"] == 0.0
    parts = first["components"]
    assert set(parts) == {"sign", "response", "resolve", "returns", "redos", "satisfaction"}
    assert parts["sign"] == 0.5 and parts["satisfaction"] == 1.0  # case 2's sign-for, due 11-25 00:00, was missed
    weights = {"sign": 10, "response": 20, "resolve": 30, "returns": 10, "redos": 15, "satisfaction": 15}
    judged = {name: value for name, value in parts.items() if value is not None}
    expected = 100 * sum(weights[n] * v for n, v in judged.items()) / sum(weights[n] for n in judged)
    assert first["score"] == round(expected, 1)
    text = book("stats", "--rank", "--month", "2026-11").stdout
    assert "score" in text and "signed on time" in text and "kept (not returned)" in text
    zh = book("--lang", "zh", "stats", "--rank", "--month", "2026-11").stdout
    assert "得分" in zh and "按时签收" in zh and "满意率" in zh


def test_the_ranking_weights_are_the_policy_files(book, tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text("[rank]\nsign = 0\nresponse = 0\nresolve = 0\nreturns = 1\nredos = 0\nsatisfaction = 0\n", encoding="utf-8")
    data = _ranked_book(book).json("--policy", policy, "stats", "--rank", "--month", "2026-11")
    scores = {row["department"]: row["score"] for row in data["departments"] if row["department"]}
    assert scores == {"经济发展局": 100.0, "工管委": 0.0}
