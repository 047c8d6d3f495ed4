"""The deadline engine through the command line: what-if, calendar entry, policy, recompute."""

from __future__ import annotations

import pytest
from conftest import error_line

WORKED_EXAMPLES = [
    ("2025-09-30 16:00", "24h", "2025-10-09T16:00:00+08:00", False),
    ("2025-09-30 16:00", "5d", "2025-10-15T00:00:00+08:00", False),
    ("2026-02-13 17:00", "24h", "2026-02-14T17:00:00+08:00", False),
    ("2026-10-03 10:00", "24h", "2026-10-09T00:00:00+08:00", False),
    ("2005-12-30 10:00", "24h", "2005-12-31T10:00:00+08:00", False),
    ("2026-12-30 10:00", "48h", "2027-01-01T10:00:00+08:00", True),
]

SCHEDULE_2027 = """date,kind,name
2027-01-01,holiday,元旦
2027-02-06,holiday,春节
2027-02-08,holiday,春节
2027-02-09,holiday,春节
2027-02-10,holiday,春节
2027-02-11,holiday,春节
2027-02-12,holiday,春节
2027-02-07,workday,春节调休
2027-02-20,workday,春节调休
"""


@pytest.mark.parametrize("start, limit, due, provisional", WORKED_EXAMPLES)
def test_worked_examples_through_deadline(zt, start, limit, due, provisional):
    result = zt.json("deadline", limit, "--from", start)
    assert result == {"from": result["from"], "limit": limit, "clock": "workdays", "due": due, "provisional": provisional}
    assert result["from"].startswith(start.replace(" ", "T"))


@pytest.mark.parametrize("start, limit, due, provisional", WORKED_EXAMPLES[:4])
def test_worked_examples_through_real_cases(zt, start, limit, due, provisional):
    zt("ent", "add", "新奥集团")
    category = {"24h": "routine", "5d": "major"}[limit]
    case = zt.json("new", "新奥", "例", "-c", category, "--at", start, now="2026-11-25T09:00")
    field = "response_due" if limit == "24h" else "resolve_due"
    assert case[field] == due
    assert case["provisional"] is provisional


def test_the_calendar_clock_is_plain_elapsed_time(zt):
    result = zt.json("deadline", "24h", "--from", "2025-09-30 16:00", "--clock", "calendar")
    assert result["due"] == "2025-10-01T16:00:00+08:00"
    assert result["provisional"] is False


def test_deadline_defaults_to_now_and_rejects_bad_limits(zt):
    assert zt.json("deadline", "0")["due"] == "2026-11-25T09:00:00+08:00"
    for bad in ("24", "h", "1.5h", "24x"):
        error_line(
            zt("deadline", bad, code=2), f"not a time limit: '{bad}' — use 0 (at intake), working days (5d, 5天), hours (24h, 4小时)"
        )
    error_line(zt("deadline", "-1h", code=2), "no such option -1")  # read as an option
    error_line(zt("deadline", "24h", "--clock", "lunar", code=2), "unknown clock 'lunar' — use one of: workdays, calendar")


def test_a_provisional_deadline_becomes_final_when_the_year_is_imported(zt, tmp_path):
    zt("ent", "add", "新奥集团")
    now = "2026-12-31T09:00"
    major = zt.json("new", "新奥", "年底重大问题", "-c", "major", "--at", "2026-12-30 10:00", now=now)
    routine = zt.json("new", "新奥", "年中问题", "-c", "routine", "--at", "2026-06-01 10:00", now=now)
    assert major["provisional"] is True
    assert major["feedback_due"] == "2027-01-01T10:00:00+08:00"  # weekends only: Jan 1 counted
    pending = zt.json("pending", now=now)
    assert [item["provisional"] for item in pending if item["ref"] == major["ref"]] == [True]
    assert "provisional" in zt("pending", now=now).stdout
    schedule = tmp_path / "2027.csv"
    schedule.write_text(SCHEDULE_2027, encoding="utf-8")
    result = zt("calendar", "import", schedule, now=now)
    assert "1 cases recomputed" in result.stderr
    after = zt.json("show", major["ref"], now=now)
    assert after["provisional"] is False
    assert after["feedback_due"] == "2027-01-04T10:00:00+08:00"
    # Dec 31, Jan 4, 5, 6, 7 are the five working days after intake
    assert after["resolve_due"] == "2027-01-08T00:00:00+08:00"
    assert zt.json("show", routine["ref"], now=now)["response_due"] == routine["response_due"]
    coverage = zt.json("calendar", "coverage", now=now)
    assert coverage["user_years"] == [2027]
    assert coverage["last"] == "2027-12-31"


def test_a_bad_schedule_names_every_bad_line_and_changes_nothing(zt, tmp_path):
    schedule = tmp_path / "bad.csv"
    schedule.write_text("date,kind,name\n2027-01-01,holiday,元旦\n2027-02-30,holiday,x\n2027-02-07,vacation,x\n", encoding="utf-8")
    result = zt("calendar", "import", schedule, code=2)
    assert "line 3:" in result.stderr and "line 4:" in result.stderr and "line 2:" not in result.stderr
    assert zt.json("calendar", "coverage")["user_years"] == []
    assert zt.json("deadline", "48h", "--from", "2026-12-30 10:00")["provisional"] is True
    missing = tmp_path / "missing.csv"
    error_line(zt("calendar", "import", missing, code=2), f"{missing}: no such file or directory")


def test_single_days_set_and_unset_move_open_deadlines(zt):
    zt("ent", "add", "新奥集团")
    case = zt.json("new", "新奥", "例", "-c", "routine", "--at", "2026-11-24 10:00")
    assert case["response_due"] == "2026-11-25T10:00:00+08:00"
    zt("calendar", "set", "2026-11-25", "holiday", "--name", "临时停工")
    assert zt.json("show", case["ref"])["response_due"] == "2026-11-26T10:00:00+08:00"
    zt("calendar", "unset", "2026-11-25")
    assert zt.json("show", case["ref"])["response_due"] == "2026-11-25T10:00:00+08:00"
    error_line(zt("calendar", "unset", "2026-11-25", code=2), "2026-11-25 has no entry of yours to remove")
    error_line(zt("calendar", "set", "2026-11-25", "festival", code=2), "unknown day kind 'festival' — use one of: holiday, workday")


def test_coverage_warning_within_sixty_days_of_the_end(zt):
    zt("ent", "add", "新奥集团")
    warned = zt("pending", now="2026-11-25T09:00")
    assert "holiday calendar ends on 2026-12-31" in warned.stderr
    quiet = zt("pending", now="2026-06-01T09:00")
    assert "holiday calendar" not in quiet.stderr
    assert zt.json("calendar", "coverage", now="2026-11-25T09:00")["warning"]


def _policy(tmp_path, text):
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_policy_file_overrides_limits_and_clocks(zt, tmp_path):
    policy = _policy(tmp_path, '[routine]\nresponse = "48h"\nresolve = { limit = "3d", clock = "calendar" }\n')
    shown = zt.json("--policy", policy, "policy", "show")
    assert shown["routine"] == {
        "sign": {"limit": "1d", "clock": "workdays"},
        "response": {"limit": "48h", "clock": "workdays"},
        "resolve": {"limit": "3d", "clock": "calendar"},
        "callback": {"limit": "1d", "clock": "workdays"},
    }
    assert shown["major"]["resolve"] == {"limit": "5d", "clock": "workdays"}
    zt("ent", "add", "新奥集团")
    case = zt.json("--policy", policy, "new", "新奥", "例", "-c", "routine", "--at", "2026-11-20 10:00")  # a Friday
    assert case["response_due"] == "2026-11-24T10:00:00+08:00"
    assert case["resolve_due"] == "2026-11-23T10:00:00+08:00"


@pytest.mark.parametrize(
    "text, line, words",
    [
        ('[routine]\nresponse = "24h"\n\n[urgent]\nresponse = "1h"\n', 4, "unknown category 'urgent'"),
        ('[major]\nresponse = "24h"\nfeedback = "two days"\n', 3, "malformed limit 'two days'"),
        ('[major]\nresolve = { limit = "5d", clock = "lunar" }\n', 2, "unknown clock 'lunar'"),
        ('[major]\nsignoff = "5d"\n', 2, "unknown milestone 'signoff'"),
        ('[major\nresolve = "5d"\n', None, "policy file"),
    ],
)
def test_a_bad_policy_file_is_refused_naming_the_line(zt, tmp_path, text, line, words):
    policy = _policy(tmp_path, text)
    result = zt("--policy", policy, "policy", "show", code=2)
    where = f"policy file {policy}, line {line}: " if line else f"policy file {policy}: "
    error_line(result, where, words)


def test_policy_in_the_config_directory_is_used(zt, isolated):
    (isolated / "config").mkdir()
    (isolated / "config" / "policy.toml").write_text('[consult]\nresolve = "2h"\n', encoding="utf-8")
    assert zt.json("policy", "show")["consult"]["resolve"]["limit"] == "2h"


def test_cases_keep_their_intake_limits_until_recomputed_on_purpose(zt, tmp_path):
    zt("ent", "add", "新奥集团")
    case = zt.json("new", "新奥", "例", "-c", "routine", "--at", "2026-11-24 10:00")
    policy = _policy(tmp_path, '[routine]\nresponse = "48h"\nresolve = "48h"\n')
    assert zt.json("--policy", policy, "show", case["ref"])["response_due"] == "2026-11-25T10:00:00+08:00"
    assert "1 cases recomputed" in zt("--policy", policy, "recompute", "--all").stderr
    after = zt.json("--policy", policy, "show", case["ref"])
    assert after["response_due"] == "2026-11-26T10:00:00+08:00"
    assert after["events"][-1]["kind"] == "recompute"
    assert "0 cases recomputed" in zt("--policy", policy, "recompute", case["ref"]).stderr
    error_line(zt("recompute", code=2), "name case references or give --all")
    zt("check")


def test_pause_moves_open_deadlines_by_the_working_time_paused(zt):
    zt("ent", "add", "新奥集团")
    case = zt.json("new", "新奥", "重大", "-c", "major", "--at", "2026-11-23 10:00")
    assert case["resolve_due"] == "2026-12-01T00:00:00+08:00"
    zt("respond", case["ref"], "--owner", "王", "--plan", "研究", "--eta", "2026-11-30", "--at", "2026-11-23 12:00")
    zt("pause", case["ref"], "--reason", "等材料", "--at", "2026-11-24 08:40")
    paused = zt.json("show", case["ref"])
    assert paused["paused"] is True
    after = zt.json("resume", case["ref"], "--at", "2026-11-24 08:50")
    assert after["resolve_due"] == "2026-12-01T00:10:00+08:00"
    assert after["feedback_due"] == "2026-11-25T10:10:00+08:00"
    assert after["response_due"] == "2026-11-24T10:00:00+08:00"  # already met: does not move


def test_a_running_pause_stops_the_clock_in_the_views(zt):
    zt("ent", "add", "新奥集团")
    case = zt.json("new", "新奥", "例", "-c", "routine", "--at", "2026-11-24 10:00")
    zt("pause", case["ref"], "--reason", "等企业", "--at", "2026-11-24 12:00")
    # due 11-25 10:00 without the pause; it has been paused for 21 working hours by 09:00
    assert zt.json("overdue", now="2026-11-25T11:00") == []
    item = zt.json("pending", now="2026-11-25T11:00")[0]
    assert item["left_seconds"] == 22 * 3600
    zt("resume", case["ref"], "--at", "2026-11-25 11:00", now="2026-11-25T11:00")
    assert zt.json("show", case["ref"], now="2026-11-25T11:00")["response_due"] == "2026-11-26T09:00:00+08:00"


def test_entering_a_year_recomputes_closed_cases_too(zt, tmp_path):
    """Whether a deadline was met on time depends on the calendar; a provisional verdict must go."""
    zt("ent", "add", "新奥集团")
    now = "2027-01-08T12:00"
    ref = zt.json("new", "新奥", "年底重大问题", "-c", "major", "--at", "2026-12-30 10:00", now=now)["ref"]
    zt("resolve", ref, "--at", "2027-01-08 10:00", now=now)
    before = zt.json("show", ref, now=now)
    assert before["resolve_due"] == "2027-01-07T00:00:00+08:00"  # weekends only: late
    schedule = tmp_path / "2027.csv"
    schedule.write_text("date,kind,name\n2027-01-01,holiday,元旦\n2027-01-04,holiday,调休\n", encoding="utf-8")
    assert "1 cases recomputed" in zt("calendar", "import", schedule, now=now).stderr
    after = zt.json("show", ref, now=now)
    assert after["resolve_due"] == "2027-01-09T00:00:00+08:00"  # Dec 31, Jan 5, 6, 7, 8
    assert [m["met"] for m in after["milestones"] if m["name"] == "resolve"] == [True]
    zt("check", now=now)


def test_a_reopened_case_does_not_count_pauses_from_before_the_reopening(zt):
    zt("ent", "add", "新奥集团")
    ref = zt.json("new", "新奥", "例", "-c", "routine", "--at", "2026-11-16 09:00")["ref"]
    zt("pause", ref, "--reason", "等材料", "--at", "2026-11-16 10:00")
    zt("resume", ref, "--at", "2026-11-17 10:00")
    zt("resolve", ref, "--at", "2026-11-18 09:00")
    reopened = zt.json("reopen", ref, "--reason", "仍未解决", "--at", "2026-11-24 09:00")
    assert reopened["resolve_due"] == "2026-11-25T09:00:00+08:00"


def test_pending_json_gives_the_deadline_a_running_pause_has_moved(zt):
    zt("ent", "add", "新奥集团")
    ref = zt.json("new", "新奥", "例", "-c", "routine", "--at", "2026-11-24 10:00")["ref"]
    zt("pause", ref, "--reason", "等企业", "--at", "2026-11-24 12:00")
    item = zt.json("pending", now="2026-11-25T11:00")[0]
    assert item["next_milestone"] == "response"
    assert item["response_due"] == "2026-11-25T10:00:00+08:00"  # stored, before the running pause
    assert item["next_due"] == "2026-11-26T09:00:00+08:00"  # 23 working hours paused so far
    assert item["left_seconds"] == 22 * 3600
