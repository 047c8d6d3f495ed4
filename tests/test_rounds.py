"""Rounds of a case (重办): a verdict once given never changes, and the record says when each was met."""

from __future__ import annotations

import csv
import io
import sqlite3

import pytest

NOW = "2026-11-25T10:00"


@pytest.fixture
def office(zt):
    zt("dept", "add", "经济发展局")
    zt("ent", "add", "新奥集团")
    return zt


def example(zt) -> str:
    """The issue's worked example: received Monday 11-23 10:00, resolved late, reopened, resolved again."""
    ref = zt.json("new", "新奥集团", "路灯不亮", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-23 10:00", now=NOW)["ref"]
    zt("resolve", ref, "--at", "2026-11-24 12:00", now=NOW)
    zt("reopen", ref, "--reason", "企业反映仍未解决", "--at", "2026-11-24 13:00", now=NOW)
    zt("resolve", ref, "--at", "2026-11-24 14:00", now=NOW)
    return ref


def export_row(zt, tmp_path, *args) -> dict:
    target = tmp_path / "out.csv"
    zt("export", *args, "-o", target, "--force", now=NOW)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    return rows


def test_the_worked_example_stays_late_in_round_one(office, tmp_path):
    ref = example(office)
    (row,) = export_row(office, tmp_path)
    assert row["resolve_due"] == "2026-11-24T10:00:00+08:00"
    assert row["resolve_met"] == "no"
    assert row["reopens"] == "1"
    assert row["resolved_at"] == "2026-11-24T12:00:00+08:00"
    case = office.json("show", ref, now=NOW)
    assert case["reopens"] == 1
    rounds = [(m["round"], m["name"], m["met"]) for m in case["milestones"] if m["name"] in ("response", "resolve")]
    assert rounds == [(1, "response", False), (1, "resolve", False), (2, "resolve", True)]
    (again,) = [m for m in case["milestones"] if m["round"] == 2 and m["name"] == "resolve"]
    assert again["due"] == "2026-11-25T13:00:00+08:00"  # the resolve limit, 24 h, from the reopening
    assert again["met_at"] == "2026-11-24T14:00:00+08:00"
    assert case["resolve_due"] == "2026-11-24T10:00:00+08:00" and case["resolved_at"] == "2026-11-24T12:00:00+08:00"
    office("check", now=NOW)


def test_stats_count_round_one_and_show_reopens(office):
    example(office)
    (row,) = [r for r in office.json("stats", "--month", "2026-11", now=NOW)["departments"] if r["department"] == "经济发展局"]
    assert (row["resolutions_on_time"], row["resolutions_settled"]) == (0, 1)
    assert row["reopens"] == 1
    assert "重办" in office("--lang", "zh", "stats", "--month", "2026-11", now=NOW).stdout


def test_a_late_filing_refiled_in_the_same_minute_stays_late(office):
    ref = office.json("new", "新奥集团", "补贴", "-c", "restricted", "-d", "经济发展局", "--at", "2026-11-23 10:00", now=NOW)["ref"]
    office("file", ref, "--reason", "政策限制", "--at", "2026-11-24 12:00", now=NOW)
    office("reopen", ref, "--reason", "再看看", "--at", "2026-11-24 12:00", now=NOW)
    case = office.json("file", ref, "--reason", "仍受限制", "--at", "2026-11-24 12:00", now=NOW)
    assert [m["met"] for m in case["milestones"] if m["round"] == 1 and m["name"] == "resolve"] == [False]
    assert case["filed_at"] == "2026-11-24T12:00:00+08:00"


def test_views_work_on_the_open_round(office):
    ref = office.json("new", "新奥集团", "路灯", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-23 10:00", now=NOW)["ref"]
    office("resolve", ref, "--at", "2026-11-23 12:00", now=NOW)
    office("reopen", ref, "--reason", "仍未解决", "--at", "2026-11-24 09:00", now=NOW)
    (item,) = office.json("pending", now=NOW)
    assert item["next_due"] == "2026-11-25T09:00:00+08:00"
    (late,) = office.json("overdue", now="2026-11-25T10:00")
    assert (late["ref"], late["milestone"], late["due"]) == (ref, "resolve", "2026-11-25T09:00:00+08:00")
    shown = office("--lang", "zh", "show", ref, now=NOW).stdout
    assert "办结（第2轮）" in shown


def test_responded_at_is_when_the_response_milestone_was_met(office, tmp_path):
    resolved = office.json("new", "新奥集团", "a", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-23 10:00", now=NOW)["ref"]
    case = office.json("resolve", resolved, "--at", "2026-11-23 12:00", now=NOW)
    assert case["responded_at"] == "2026-11-23T12:00:00+08:00"
    consult = office.json("new", "新奥集团", "b", "-c", "consult", "--answer", "可以", "--at", "2026-11-23 11:00", now=NOW)["ref"]
    assert office.json("show", consult, now=NOW)["responded_at"] == "2026-11-23T11:00:00+08:00"
    filed = office.json("new", "新奥集团", "c", "-c", "restricted", "--at", "2026-11-23 10:00", now=NOW)["ref"]
    assert (
        office.json("file", filed, "--reason", "限制", "--at", "2026-11-23 15:00", now=NOW)["responded_at"] == "2026-11-23T15:00:00+08:00"
    )
    rows = {row["ref"]: row for row in export_row(office, tmp_path)}
    assert rows[resolved]["responded_at"] == "2026-11-23T12:00:00+08:00" and rows[resolved]["response_met"] == "yes"
    assert rows[consult]["responded_at"] == "2026-11-23T11:00:00+08:00"
    assert rows[filed]["responded_at"] == "2026-11-23T15:00:00+08:00"


def test_a_reopened_case_of_schema_0002_keeps_its_first_verdict(zt, tmp_path):
    from pathlib import Path

    from zhitong.store import open_store

    fixture = Path(__file__).parent / "fixtures" / "schema_0002.sql"
    target = tmp_path / "old.db"
    conn = sqlite3.connect(target)
    conn.executescript(fixture.read_text(encoding="utf-8"))
    (ref,) = conn.execute("SELECT DISTINCT c.ref FROM events e JOIN cases c ON c.id = e.case_id WHERE e.kind = 'reopen'").fetchone()
    milestones = conn.execute("SELECT COUNT(*) FROM milestones").fetchone()[0]
    conn.close()
    store = open_store(target)
    rounds = store.conn.execute(
        "SELECT m.round, m.name FROM milestones m JOIN cases c ON c.id = m.case_id WHERE c.ref = ? ORDER BY m.round, m.name", (ref,)
    ).fetchall()
    assert max(r for r, _name in rounds) == 2 and (2, "resolve") in rounds
    assert store.conn.execute("SELECT COUNT(*) FROM milestones").fetchone()[0] == milestones + 1
    assert store.problems() == []
    store.close()
    assert zt.json("--db", target, "show", ref, now="2026-11-26T09:00")["reopens"] == 1


# -- corrections: withdraw, merge, edit -----------------------------------------------------------------


def two_cases(zt) -> tuple[str, str]:
    first = zt.json("new", "新奥集团", "路灯不亮", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-24 10:00", now=NOW)["ref"]
    second = zt.json("new", "新奥集团", "路灯不亮了", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-24 11:00", now=NOW)["ref"]
    return first, second


def test_a_withdrawn_case_leaves_the_views_and_the_assessment(office, tmp_path):
    first, second = two_cases(office)
    case = office.json("withdraw", second, "--reason", "重复录入", now=NOW)
    assert case["status"] == "withdrawn"
    assert [item["ref"] for item in office.json("pending", now=NOW)] == [first]
    assert {item["ref"] for item in office.json("overdue", now="2026-11-26T10:00")} == {first}
    assert second not in office("due", "--within", "8h", now="2026-11-25T09:00").stdout
    assert second not in office("digest", now=NOW).stdout
    (row,) = [r for r in office.json("stats", "--month", "2026-11", now=NOW)["departments"] if r["department"] == "经济发展局"]
    assert row["received"] == 1
    assert [r["ref"] for r in export_row(office, tmp_path)] == [first]
    rows = {r["ref"]: r for r in export_row(office, tmp_path, "--include-withdrawn")}
    assert rows[second]["status"] == "withdrawn"
    assert [c["ref"] for c in office.json("list", "--status", "withdrawn", now=NOW)] == [second]
    assert [c["ref"] for c in office.json("list", "--status", "已撤销", now=NOW)] == [second]
    assert second in office("search", "路灯不亮了", now=NOW).stdout
    assert "已撤销" in office("--lang", "zh", "show", second, now=NOW).stdout
    refused = office("resolve", second, now=NOW, code=2)
    assert "the case is already withdrawn; reopen it first" in refused.stderr and "internal error" not in refused.stderr
    restored = office.json("reopen", second, "--reason", "并非重复", now=NOW)
    assert restored["status"] == "assigned" and restored["reopens"] == 0
    office("check", now=NOW)


def test_merge_folds_a_repeat_into_the_case_that_goes_on(office, tmp_path):
    first, second = two_cases(office)
    merged = office.json("merge", second, "--into", first, "--reason", "同一问题", now=NOW)
    assert merged["status"] == "merged" and merged["merged_into"] == first
    target = office.json("show", first, now=NOW)
    assert target["merged_cases"] == [second]
    assert target["events"][-1]["kind"] == "absorb" and target["events"][-1]["data"] == {"case": second}
    assert second in office("show", first, now=NOW).stdout
    assert [item["ref"] for item in office.json("pending", now=NOW)] == [first]
    assert [r["ref"] for r in export_row(office, tmp_path)] == [first]
    restored = office.json("reopen", second, "--reason", "并错了", now=NOW)
    assert restored["status"] == "assigned" and restored["merged_into"] is None
    office("check", now=NOW)


@pytest.mark.parametrize(
    "setup, args, message",
    [
        (None, ("merge", "{second}", "--into", "{second}"), "a case cannot be merged into itself"),
        (
            ("withdraw", "{first}", "--reason", "误录"),
            ("merge", "{second}", "--into", "{first}"),
            "is withdrawn: merge into the case it stands for",
        ),
        (
            ("merge", "{first}", "--into", "{second}"),
            ("merge", "{third}", "--into", "{first}"),
            "is merged: merge into the case it stands for",
        ),
        (("merge", "{third}", "--into", "{first}"), ("merge", "{first}", "--into", "{second}"), "has cases merged into it (ZT-2026-0003)"),
        (None, ("withdraw", "{first}", "--reason", " "), "reason must not be empty"),
        (None, ("edit", "{first}", "--reason", "x"), "nothing to correct"),
        (None, ("edit", "{first}", "--title", "路灯不亮", "--reason", "x"), "nothing to correct"),
        (None, ("edit", "{first}", "--title", "新", "--reason", ""), "reason must not be empty"),
        (
            ("resolve", "{first}"),
            ("edit", "{first}", "--received-at", "2026-11-24 09:00", "--reason", "x"),
            "its intake time can no longer change",
        ),
        (
            ("urge", "{first}", "--at", "2026-11-24 12:00"),
            ("edit", "{first}", "--received-at", "2026-11-24 13:00", "--reason", "x"),
            "cannot have been received after its urge",
        ),
    ],
)
def test_refusals_change_nothing(office, isolated, setup, args, message):
    first, second = two_cases(office)
    third = office.json("new", "新奥集团", "第三件", "-c", "routine", "--at", "2026-11-24 12:00", now=NOW)["ref"]
    names = {"first": first, "second": second, "third": third}
    if setup:
        office(*[a.format(**names) for a in setup], now=NOW)
    before = (isolated / "zhitong.db").read_bytes()
    result = office(*[a.format(**names) for a in args], now=NOW, code=2)
    assert message in result.stderr and "internal error" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (isolated / "zhitong.db").read_bytes() == before


def test_edit_keeps_old_and_new_and_recomputes_from_a_corrected_intake(office, tmp_path):
    office("ent", "add", "华翔物流有限公司")
    ref = office.json("new", "新奥集团", "路灯不壳", "-c", "routine", "--at", "2026-11-24 10:00", now=NOW)["ref"]
    case = office.json("edit", ref, "--title", "路灯不亮", "--enterprise", "华翔物流", "--reason", "录入有误", now=NOW)
    assert (case["title"], case["enterprise"], case["corrections"]) == ("路灯不亮", "华翔物流有限公司", 1)
    edit = case["events"][-1]
    assert edit["kind"] == "edit" and edit["data"]["changes"]["title"] == ["路灯不壳", "路灯不亮"]
    assert "路灯不壳 → 路灯不亮" in office("show", ref, now=NOW).stdout
    result = office("edit", ref, "--received-at", "2026-11-24 08:00", "--reason", "实为八点受理", now=NOW)
    assert "every deadline recomputed from the corrected intake time: 2 moved" in result.stderr
    case = office.json("show", ref, now=NOW)
    assert case["received_at"] == "2026-11-24T08:00:00+08:00" and case["resolve_due"] == "2026-11-25T08:00:00+08:00"
    (row,) = export_row(office, tmp_path)
    assert row["corrections"] == "2"
    assert office.json("search", "路灯不亮", now=NOW)
    office("check", now=NOW)


# -- promises -------------------------------------------------------------------------------------------


def test_an_eta_day_means_its_end(office):
    ref = office.json("new", "新奥集团", "路灯", "-c", "major", "-d", "经济发展局", "--at", "2026-11-23 10:00", now=NOW)["ref"]
    case = office.json("respond", ref, "--owner", "张", "--plan", "p", "--eta", "2026-11-26", now=NOW)
    assert case["eta"] == "2026-11-27T00:00:00+08:00"
    assert office.json("respond", ref, "--owner", "张", "--plan", "p", "--eta", "11-27", now=NOW)["eta"] == "2026-11-28T00:00:00+08:00"
    assert (
        office.json("respond", ref, "--owner", "张", "--plan", "p", "--eta", "11-27 18:00", now=NOW)["eta"] == "2026-11-27T18:00:00+08:00"
    )
    office("respond", ref, "--owner", "张", "--plan", "p", "--eta", "2026-11-26", now=NOW)
    en = office("show", ref, now=NOW).stdout
    assert "2026-11-26 24:00" in en and "2026-11-27 00:00" not in en.split("Deadlines")[0]
    zh = office("--lang", "zh", "show", ref, now=NOW).stdout
    assert "承诺办结" in zh and "2026-11-26当天" in zh and "办结时限" in zh


def test_respond_warns_of_a_promise_beyond_the_deadline(office):
    ref = office.json("new", "新奥集团", "路灯", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-24 10:00", now=NOW)["ref"]
    result = office("respond", ref, "--owner", "张", "--plan", "p", "--eta", "2026-11-30", now=NOW)
    assert "warning: the promised time 2026-11-30 24:00 is later than the resolution deadline 2026-11-25 10:00" in result.stderr
    event = office.json("show", ref, now=NOW)["events"][-1]
    assert event["data"]["beyond_deadline"] == "2026-11-25T10:00:00+08:00"
    within = office("respond", ref, "--owner", "张", "--plan", "p", "--eta", "2026-11-25 09:30", now=NOW)
    assert "later than the resolution deadline" not in within.stderr


def test_promises_lists_open_cases_and_how_far_past(office):
    kept = office.json("new", "新奥集团", "一", "-c", "major", "-d", "经济发展局", "--at", "2026-11-23 10:00", now=NOW)["ref"]
    late = office.json("new", "新奥集团", "二", "-c", "major", "-d", "经济发展局", "--at", "2026-11-23 10:00", now=NOW)["ref"]
    office("new", "新奥集团", "三", "-c", "major", "--at", "2026-11-23 10:00", now=NOW)  # no promise
    office("respond", kept, "--owner", "张", "--plan", "p", "--eta", "2026-11-27", "--at", "2026-11-23 11:00", now=NOW)
    office("respond", late, "--owner", "王", "--plan", "p", "--eta", "2026-11-24 18:00", "--at", "2026-11-23 11:00", now=NOW)
    items = office.json("promises", now=NOW)
    assert [(i["ref"], i["past_seconds"], i["broken"]) for i in items] == [(late, 16 * 3600, True), (kept, 0, False)]
    assert [i["ref"] for i in office.json("promises", "--broken", now=NOW)] == [late]
    assert late in office("--lang", "zh", "promises", now=NOW).stdout
    office("resolve", late, now=NOW)
    assert office.json("promises", "--broken", now=NOW) == []
    assert "no promise is broken" in office("promises", "--broken", now=NOW).stderr
