"""Open-case views read the open-milestone index, never a whole table of closed cases."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing

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


# A walk over every row, in the table's order or an index's (SCAN cases USING INDEX …).
_ANY_SCAN = re.compile(r"^SCAN (\w+)")


def _full_scans(db, statements, scan=_FULL_SCAN):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    scans = []
    for sql in statements:
        text = sql.strip()
        if not text.upper().startswith("SELECT") or "sqlite_master" in text or "_sqlite_migrations" in text:
            continue
        for row in conn.execute("EXPLAIN QUERY PLAN " + text):
            match = scan.match(row[3])
            if match and match.group(1) in LARGE:
                scans.append((" ".join(text.split())[:160], row[3]))
    conn.close()
    return scans


def _copy(source, target):
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


@pytest.fixture(scope="module")
def grown_copy(tmp_path_factory):
    return tmp_path_factory.mktemp("query-plans") / "grown.db"


@pytest.fixture
def grown_book(book, isolated, grown_copy):
    """Thirty resolved cases and one still open, as in a book that has grown.

    Built once, by the first test of the module (with its frozen clock), then copied into each
    test's own database: every view is planned against the same book.
    """
    db = isolated / "zhitong.db"
    if grown_copy.exists():
        _copy(grown_copy, db)
        return book
    for n in range(30):
        ref = book.json("new", "新奥", f"已办结 {n}", "-c", "routine", "--dept", "经济", "--at", "2026-11-20 10:00")["ref"]
        book("resolve", ref, "--at", "2026-11-20 11:00")
    book("new", "华翔", "仍在办理", "-c", "major", "--dept", "经济", "--at", "2026-11-23 10:00")
    _copy(db, grown_copy)
    return book


@pytest.mark.parametrize("analyze", [False, True], ids=["no-statistics", "analyzed"])
@pytest.mark.parametrize("view", [["overdue"], ["pending"], ["due", "--within", "8h"], ["overdue", "--dept", "经济发展局"]])
def test_open_case_views_never_scan_a_large_table(grown_book, isolated, traced, view, analyze):
    with closing(sqlite3.connect(isolated / "zhitong.db")) as conn:
        assert conn.execute("SELECT status, COUNT(*) FROM cases GROUP BY status ORDER BY status").fetchall() == [
            ("assigned", 1),
            ("resolved", 30),
        ]
        if analyze:  # statistics as a grown book might have them
            conn.execute("ANALYZE")
            conn.commit()
    traced.clear()
    grown_book(*view)
    assert traced, "no statements were traced"
    assert _full_scans(isolated / "zhitong.db", traced) == []


@pytest.mark.parametrize("command", [["show", "ZT-2026-0031"], ["new", "新奥", "又一件", "-c", "routine", "--dept", "经济"]])
def test_a_case_card_and_a_new_case_never_scan_a_large_table(grown_book, isolated, traced, command):
    """Logging a case prints its card, which lists the cases merged into it: by an index, not a scan of every case.

    The chain's head is read as the last event by id, a walk back that stops at the first row.
    """
    traced.clear()
    grown_book(*command)
    assert traced, "no statements were traced"
    statements = [sql for sql in traced if "ORDER BY id DESC LIMIT 1" not in sql]
    assert _full_scans(isolated / "zhitong.db", statements, scan=_ANY_SCAN) == []
