"""Open-case views read the open-milestone index, never a whole table of closed cases."""

from __future__ import annotations

import re
import sqlite3

import pytest

_FULL_SCAN = re.compile(r"^SCAN (\w+)(?: AS \w+)?$")
LARGE = {"cases", "milestones", "events", "c", "m"}


@pytest.fixture
def traced(monkeypatch):
    seen: list[str] = []
    connect = sqlite3.connect

    def tracing_connect(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", tracing_connect)
    return seen


def _full_scans(db, statements):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    scans = []
    for sql in statements:
        text = sql.strip()
        if not text.upper().startswith("SELECT") or "sqlite_master" in text or "_sqlite_migrations" in text:
            continue
        for row in conn.execute("EXPLAIN QUERY PLAN " + text):
            match = _FULL_SCAN.match(row[3])
            if match and match.group(1) in LARGE:
                scans.append((" ".join(text.split())[:160], row[3]))
    conn.close()
    return scans


@pytest.mark.parametrize("analyze", [False, True], ids=["no-statistics", "analyzed"])
@pytest.mark.parametrize("view", [["overdue"], ["pending"], ["due", "--within", "8h"], ["overdue", "--dept", "经济发展局"]])
def test_open_case_views_never_scan_a_large_table(book, isolated, traced, view, analyze):
    for n in range(30):
        ref = book.json("new", "新奥", f"已办结 {n}", "-c", "routine", "--dept", "经济", "--at", "2026-11-20 10:00")["ref"]
        book("resolve", ref, "--at", "2026-11-20 11:00")
    book("new", "华翔", "仍在办理", "-c", "major", "--dept", "经济", "--at", "2026-11-23 10:00")
    if analyze:  # statistics as a grown book might have them
        conn = sqlite3.connect(isolated / "zhitong.db")
        conn.execute("ANALYZE")
        conn.commit()
        conn.close()
    traced.clear()
    book(*view)
    assert traced, "no statements were traced"
    assert _full_scans(isolated / "zhitong.db", traced) == []
