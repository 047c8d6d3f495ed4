"""The history cannot be rewritten past the database's guard, and check says what the history says.

Each event carries a hash chained to the one before it; an anchor printed once proves the
history up to it unchanged, even against someone who drops the triggers and repairs the rest.
"""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from conftest import error_line

from zhitong.core import chain
from zhitong.storage import chain as history
from zhitong.storage.migrations import append_only_triggers

ANCHOR = re.compile(r"^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$")


def _book(zt):
    zt("new", "新奥集团", "路障", "-c", "routine", "--dept", "经济发展局", "--detail", "创业路限高杆", "--at", "2026-11-24 10:00")
    zt("respond", "ZT-2026-0001", "--owner", "张科长", "--plan", "拆除", "--eta", "2026-11-26")
    zt("resolve", "ZT-2026-0001")
    zt("rate", "ZT-2026-0001", "4", "--comment", "及时")
    zt("new", "华翔物流有限公司", "用地", "-c", "major", "--at", "2026-11-23 10:00")
    zt("note", "ZT-2026-0002", "已电话联系")
    zt("urge", "ZT-2026-0002")


def _db(isolated):
    return sqlite3.connect(isolated / "zhitong.db", isolation_level=None)


# -- append-only, in the database itself -------------------------------------------------------


def test_insert_or_replace_cannot_rewrite_an_event(book, isolated):
    _book(book)
    conn = _db(isolated)
    first = conn.execute("SELECT id, case_id, at, kind, actor, text, data, recorded_at, hash FROM events ORDER BY id LIMIT 1").fetchone()
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(
            "INSERT OR REPLACE INTO events (id, case_id, at, kind, actor, text, data, recorded_at) VALUES (?, ?, ?, ?, ?, 'forged', ?, ?)",
            (first[0], first[1], first[2], first[3], first[4], first[6], first[7]),
        )
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("REPLACE INTO events SELECT * FROM events WHERE id = ?", (first[0],))
    assert (
        conn.execute("SELECT id, case_id, at, kind, actor, text, data, recorded_at, hash FROM events ORDER BY id LIMIT 1").fetchone()
        == first
    )
    assert "all checks passed" in book("check").stderr


def test_append_only_triggers_guard_any_table():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE records_log (id INTEGER PRIMARY KEY, body TEXT)")
    conn.executescript(append_only_triggers("records_log"))
    conn.execute("INSERT INTO records_log (body) VALUES ('first')")
    conn.execute("INSERT INTO records_log (body) VALUES ('second')")
    for sql in (
        "UPDATE records_log SET body = 'x'",
        "DELETE FROM records_log WHERE id = 1",
        "INSERT OR REPLACE INTO records_log (id, body) VALUES (1, 'forged')",
        "INSERT OR IGNORE INTO records_log (id, body) VALUES (1, 'forged')",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="zhitong records_log are append-only"):
            conn.execute(sql)
    assert conn.execute("SELECT body FROM records_log ORDER BY id").fetchall() == [("first",), ("second",)]


# -- check compares what the history recorded ---------------------------------------------------


@pytest.mark.parametrize(
    "sql, field",
    [
        ("UPDATE cases SET received_at = '2026-11-25T10:00:00+08:00' WHERE ref = 'ZT-2026-0001'", "received_at"),
        ("UPDATE cases SET title = '伪造' WHERE ref = 'ZT-2026-0001'", "title"),
        ("UPDATE cases SET detail = '伪造' WHERE ref = 'ZT-2026-0001'", "detail"),
        ("UPDATE cases SET channel = 'hotline' WHERE ref = 'ZT-2026-0001'", "channel"),
        (
            "UPDATE cases SET enterprise_id = (SELECT id FROM enterprises WHERE name = '华翔物流有限公司') WHERE ref = 'ZT-2026-0001'",
            "enterprise",
        ),
        ("UPDATE cases SET rating_comment = '很满意' WHERE ref = 'ZT-2026-0001'", "rating_comment"),
        ("UPDATE cases SET rating = 5 WHERE ref = 'ZT-2026-0001'", "rating"),
        ("UPDATE cases SET owner = '李四', plan = '改' WHERE ref = 'ZT-2026-0001'", "owner"),
        ("UPDATE cases SET ref = 'ZT-2026-0009', seq = 9 WHERE ref = 'ZT-2026-0001'", "ref"),
    ],
)
def test_check_reports_a_forged_case_field_by_name(book, isolated, sql, field):
    _book(book)
    conn = _db(isolated)
    conn.execute(sql)
    result = book("check", code=1)
    assert f": stored {field} is " in result.stdout, result.stdout


def test_check_compares_triggers_by_their_sql(book, isolated):
    _book(book)
    conn = _db(isolated)
    conn.execute("DROP TRIGGER events_append_only_update")
    conn.execute(
        "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events WHEN 0"
        " BEGIN SELECT RAISE(ABORT, 'zhitong events are append-only'); END"
    )
    conn.execute("CREATE TRIGGER sneaky AFTER INSERT ON events BEGIN SELECT 1; END")
    out = book("check", code=1).stdout
    assert "the trigger events_append_only_update was changed: its SQL is not zhitong's" in out
    assert "the trigger sneaky is not zhitong's" in out
    conn.execute("DROP TRIGGER events_append_only_insert")
    assert "the trigger events_append_only_insert that guards the database is missing" in book("check", code=1).stdout


def test_a_flipped_page_gives_exit_1_with_the_integrity_problems(zt, tmp_path):
    target = tmp_path / "damaged.db"
    zt("--db", target, "ent", "add", "新奥集团")
    for n in range(40):
        zt("--db", target, "new", "新奥集团", f"诉求 {n}", "--detail", "很长的说明" * 40, "-c", "routine")
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'cases_received'").fetchone()[0]
    conn.close()
    data = bytearray(target.read_bytes())
    start = (root - 1) * page_size
    data[start + 8 : start + page_size] = bytes(b ^ 0xFF for b in data[start + 8 : start + page_size])
    target.write_bytes(bytes(data))
    result = zt("--db", target, "check", code=1)
    assert "Traceback" not in result.output
    lines = result.stdout.strip().splitlines()
    assert lines and all(line.startswith("integrity: ") for line in lines), result.output


def test_a_mismatched_milestone_names_the_field_that_differs(book, isolated):
    _book(book)
    conn = _db(isolated)
    conn.execute("UPDATE milestones SET provisional = 1 WHERE name = 'response' AND case_id = 2")
    out = book("check", code=1).stdout
    assert "ZT-2026-0002: the response milestone's provisional is stored as 1 but its history, policy and calendar give 0" in out


# -- the hash chain and its anchor --------------------------------------------------------------


def test_each_event_carries_a_hash_chained_to_the_one_before(book, isolated):
    _book(book)
    conn = _db(isolated)
    rows = conn.execute(f"SELECT {', '.join(chain.FIELDS)}, hash FROM events ORDER BY id").fetchall()
    previous = chain.GENESIS
    for *values, stored in rows:
        previous = chain.link(previous, values)
        assert stored == previous
    code = book("anchor").stdout.strip()
    assert ANCHOR.match(code) and code == chain.anchor_code(previous)
    assert book.json("anchor") == {"anchor": code, "events": len(rows)}


def test_stats_prints_the_anchor(book):
    _book(book)
    code = book("anchor").stdout.strip()
    assert f"anchor: {code}" in book("stats", "--month", "2026-11").stdout
    assert book.json("stats", "--month", "2026-11")["anchor"] == code


def _drop_guards(conn):
    for name in ("update", "delete", "insert"):
        conn.execute(f"DROP TRIGGER events_append_only_{name}")


def _rechain(conn):
    """What a forger who knows the scheme does: recompute every hash after the change."""
    previous = chain.GENESIS
    for event_id, *values in conn.execute(f"SELECT id, {', '.join(chain.FIELDS)} FROM events ORDER BY id").fetchall():
        previous = chain.link(previous, values)
        conn.execute("UPDATE events SET hash = ? WHERE id = ?", (previous, event_id))


def test_check_anchor_proves_the_history_unchanged(book):
    _book(book)
    code = book("anchor").stdout.strip()
    book("note", "ZT-2026-0002", "后来的记录")
    result = book("check", "--anchor", code)
    assert f"the history up to anchor {code}" in result.stderr and "all checks passed" in result.stderr


@pytest.mark.parametrize("forgery", ["delete a note", "edit an old event"])
def test_a_forged_history_is_caught_even_with_triggers_dropped_and_the_chain_recomputed(book, isolated, forgery):
    _book(book)
    code = book("anchor").stdout.strip()
    book("note", "ZT-2026-0002", "后来的记录")
    conn = _db(isolated)
    _drop_guards(conn)
    if forgery == "delete a note":
        conn.execute("DELETE FROM events WHERE kind = 'note' AND text = '已电话联系'")
    else:
        conn.execute("UPDATE events SET text = '没有限高杆' WHERE kind = 'intake' AND case_id = 1")
        conn.execute("UPDATE cases SET title = '没有限高杆' WHERE id = 1")  # the projection repaired
    assert "hash chain breaks" in book("check", code=1).stdout
    _rechain(conn)
    conn.executescript(append_only_triggers("events"))
    assert "all checks passed" in book("check").stderr  # without the anchor, a perfect forgery passes
    out = book("check", "--anchor", code, code=1).stdout
    assert f"no event's hash is the anchor {code}: the history up to it was changed or removed" in out


def test_a_bad_anchor_code_is_refused(book):
    result = book("check", "--anchor", "xyz", code=2)
    error_line(result, "'xyz' is not an anchor code")


def test_the_bulk_import_chains_its_events(book, isolated, tmp_path):
    sheet = tmp_path / "rows.csv"
    lines = ["enterprise,title,category,channel,department,received_at,detail"]
    lines += [f"新奥集团,导入 {n},routine,hotline,经济发展局,2026-11-2{n % 4} 10:00,说明 {n}" for n in range(30)]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    book("new", "新奥集团", "先来的", "-c", "routine")
    book("import", sheet)
    book("note", "ZT-2026-0002", "导入之后")
    assert "all checks passed" in book("check").stderr
    conn = _db(isolated)
    data = json.loads(conn.execute("SELECT data FROM events WHERE kind = 'intake' ORDER BY id DESC LIMIT 1").fetchone()[0])
    assert data["enterprise"] == "新奥集团" and data["ref"].startswith("ZT-2026-") and data["detail"].startswith("说明")


@pytest.mark.parametrize("backlog_min", [2, 10_000], ids=["large import", "small import"])
def test_the_bulk_import_restores_the_insert_guard_it_lifts(book, isolated, tmp_path, monkeypatch, backlog_min):
    from zhitong.storage import queries

    monkeypatch.setattr(queries, "BACKLOG_MIN", backlog_min)
    sheet = tmp_path / "rows.csv"
    lines = ["enterprise,title,category,channel,department,received_at"]
    lines += [f"新奥集团,导入 {n},routine,hotline,经济发展局,2026-11-2{n % 4} 10:00" for n in range(5)]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    book("import", sheet)
    conn = _db(isolated)
    triggers = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"events_append_only_insert", "cases_fts_insert", "events_fts_insert"} <= triggers
    first = conn.execute("SELECT id, case_id, at, kind, actor, data, recorded_at FROM events ORDER BY id LIMIT 1").fetchone()
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(
            "INSERT OR REPLACE INTO events (id, case_id, at, kind, actor, text, data, recorded_at) VALUES (?, ?, ?, ?, ?, 'x', ?, ?)", first
        )
    assert "all checks passed" in book("check").stderr


def test_migrating_computes_the_chain_over_the_history_it_has(tmp_path):
    from pathlib import Path

    from zhitong.store import open_store

    fixture = Path(__file__).parent / "fixtures" / "schema_0001.sql"
    target = tmp_path / "old.db"
    conn = sqlite3.connect(target)
    conn.executescript(fixture.read_text(encoding="utf-8"))
    conn.close()
    store = open_store(target)
    assert store.conn.execute("SELECT COUNT(*) FROM events WHERE hash IS NULL").fetchone()[0] == 0
    assert [stored == computed for _id, stored, computed in history.recompute(store.conn)] == [True] * store.conn.execute(
        "SELECT COUNT(*) FROM events"
    ).fetchone()[0]
    assert store.problems() == []
    store.close()


def test_the_chain_is_pure_and_its_canonical_form_unambiguous():
    rows = [(1, "2026-11-24T10:00:00+08:00", "intake", "张", None, "a|b", "{}", "x"), (1, "t", "note", "张", "", "c", "{}", "y")]
    assert chain.hashes(chain.GENESIS, rows) == [
        chain.link(chain.GENESIS, rows[0]),
        chain.link(chain.link(chain.GENESIS, rows[0]), rows[1]),
    ]
    assert chain.canonical(("a|1:b",)) != chain.canonical(("a", "b"))
    assert chain.canonical((None,)) != chain.canonical(("",)) != chain.canonical(("-",))
    assert chain.canonical(("a", "b")) != chain.canonical(('a","b',)) and chain.canonical((1,)) != chain.canonical(("1",))
    assert chain.parse_anchor(" 3F2A 9C1B-07de-44a0 ") == "3f2a9c1b07de44a0" and chain.parse_anchor("3f2a") is None


def test_a_bulk_import_that_fails_part_way_leaves_the_book_as_it_was(book, isolated, tmp_path, monkeypatch):
    """Its inserts roll the whole transaction back on a conflict (INSERT OR ROLLBACK, which
    spares SQLite a statement journal of every page): nothing of it stays, triggers included."""
    from zhitong.storage import queries

    monkeypatch.setattr(queries, "BACKLOG_MIN", 2)  # the search triggers are lifted too
    sheet = tmp_path / "rows.csv"
    lines = ["enterprise,title,category,channel,department,received_at"]
    lines += [f"新奥集团,导入 {n},routine,hotline,经济发展局,2026-11-2{n % 4} 10:00" for n in range(5)]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    conn = _db(isolated)
    (next_id,) = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM cases").fetchone()
    # A milestone already there for the third imported case: its insert conflicts, after the cases and events are written.
    conn.execute(
        "INSERT INTO milestones (case_id, round, name, limit_text, clock, due) VALUES (?, 1, 'resolve', '1h', 'hours', 'x')", (next_id + 2,)
    )
    state = "SELECT (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM milestones), (SELECT COUNT(*) FROM search_backlog)"
    triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    before = conn.execute(state).fetchone(), conn.execute(triggers).fetchall()
    result = book("import", sheet, code=None)
    assert "UNIQUE constraint failed: milestones" in result.stderr  # the conflict itself, not a failed ROLLBACK after it
    assert (conn.execute(state).fetchone(), conn.execute(triggers).fetchall()) == before


def test_a_migrations_script_runs_statement_by_statement_inside_its_transaction():
    """``migrations.script``: semicolons in a literal or a trigger's body do not end a
    statement, nothing is committed on the way, and an unfinished statement is refused."""
    from sqlite_utils import Database

    from zhitong.storage.migrations import script

    conn = sqlite3.connect(":memory:", isolation_level=None)
    db = Database(conn)
    conn.execute("BEGIN")
    script(
        db,
        """
        CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT);
        INSERT INTO t (note) VALUES ('a; b;; c');
        CREATE TRIGGER t_guard BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'no; never'); END;
        ;
        INSERT INTO t (note) VALUES ('last')
        """,
    )
    assert conn.in_transaction  # executescript would have committed
    assert [row[0] for row in conn.execute("SELECT note FROM t ORDER BY id")] == ["a; b;; c", "last"]
    with pytest.raises(sqlite3.IntegrityError, match="no; never"):
        conn.execute("DELETE FROM t")
    conn.execute("ROLLBACK")
    assert conn.execute("SELECT name FROM sqlite_master").fetchall() == []
    conn.execute("BEGIN")
    with pytest.raises(ValueError, match="incomplete statement"):
        script(db, "CREATE TABLE u (id INTEGER); CREATE TRIGGER u_guard BEFORE DELETE ON u BEGIN SELECT 1;")
