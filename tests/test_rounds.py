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
    zt("export", *args, "-o", target, now=NOW)
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
    rounds = [(m["round"], m["name"], m["met"]) for m in case["milestones"]]
    assert rounds == [(1, "response", False), (1, "resolve", False), (2, "resolve", True)]
    (again,) = [m for m in case["milestones"] if m["round"] == 2]
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
