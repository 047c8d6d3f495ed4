"""Nothing lost, nothing forged: concurrency, append-only history, check, backup, foreign files."""

from __future__ import annotations

import itertools
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import error_line

from zhitong.store import open_store

FIXTURES = Path(__file__).parent / "fixtures"

# A worker process, through the real CLI entry point, in-process: a writer adds N cases, a
# reader lists pending and overdue cases N times. It builds the command tree once, as the suite
# does (tests/conftest.py), so that its time goes to the database, loads the commands it runs,
# then says "ready" and waits for the word: the workers start at one moment, not one after
# another as each Python starts up.
WORKER = textwrap.dedent(
    """
    import functools
    import json
    import sys

    import typer.main
    import typer.testing
    from typer.testing import CliRunner

    from zhitong.cli import app

    typer.testing._get_command = functools.cache(typer.main.get_command)
    runner = CliRunner()
    role, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for command in ["new"] if role == "writer" else ["pending", "overdue"]:
        runner.invoke(app, [command, "--help"])
    print("ready", flush=True)
    sys.stdin.readline()

    failures, seen = 0, 0


    def run(args):
        global failures
        result = runner.invoke(app, args)
        if result.exit_code != 0:
            failures += 1
            print(result.output, result.exception, file=sys.stderr)
        return result


    for n in range(count):
        if role == "writer":
            run(["new", "新奥集团", f"并发测试 {name}-{n}", "--category", "routine", "--dept", "经济发展局"])
            continue
        run(["overdue", "--json"])
        result = run(["pending", "--json"])
        if result.exit_code == 0:
            # Writers only add open cases: a reader that sees committed states only never sees
            # the list shrink.
            listed = len(json.loads(result.stdout))
            if listed < seen:
                failures += 1
                print(f"pending went from {seen} cases to {listed}", file=sys.stderr)
            seen = listed
    sys.exit(1 if failures else 0)
    """
)


def _spawn(script: str, *args, env=None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        env={**os.environ, **(env or {})},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _start_together(*processes: subprocess.Popen) -> None:
    """Once every process has said it is ready, tell them all to go."""
    for process in processes:
        line = process.stdout.readline()
        assert line == "ready\n", f"{line!r}; {process.stderr.read()}"
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()  # communicate() closes it


WRITERS, CASES_EACH = 4, 25


def test_processes_writing_at_once_get_distinct_refs_and_never_a_locked_error(book, isolated):
    book("new", "新奥集团", "先建库", "--category", "routine")  # the database exists before the race
    workers = [_spawn(WORKER, "writer", worker, CASES_EACH) for worker in range(WRITERS)]
    readers = [_spawn(WORKER, "reader", "r", 10)]
    _start_together(*workers, *readers)
    for process in workers + readers:
        _out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert "locked" not in err
    total = 1 + WRITERS * CASES_EACH
    conn = sqlite3.connect(isolated / "zhitong.db")
    refs = [row[0] for row in conn.execute("SELECT ref FROM cases")]
    assert len(refs) == total
    assert len(set(refs)) == total
    assert sorted(refs)[-1] == f"ZT-2026-{total:04d}"
    assert conn.execute("SELECT COUNT(*) FROM events WHERE kind = 'intake'").fetchone()[0] == total
    # They wrote at once, not in turn: writers taking turns would leave each one's cases in a
    # single run of refs; here the runs are broken up (how much depends on the machine's load).
    order = [title.split()[1].split("-")[0] for (title,) in conn.execute("SELECT title FROM cases WHERE seq > 1 ORDER BY seq")]
    runs = 1 + sum(1 for before, after in itertools.pairwise(order) if before != after)
    assert runs > WRITERS, f"the writers took turns: {order}"


def test_first_use_by_several_processes_at_once_creates_one_database(tmp_path):
    target = tmp_path / "fresh" / "zhitong.db"
    script = "from zhitong.store import open_store; open_store(%r).close()" % str(target)
    processes = [subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True) for _ in range(6)]
    for process in processes:
        _out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
    store = open_store(target)
    assert store.problems() == []
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".new")] == []


def test_history_is_append_only_in_the_database_itself(book, isolated):
    book("new", "新奥", "华翔路封路", "--category", "routine")
    conn = sqlite3.connect(isolated / "zhitong.db")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE events SET text = 'forged'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM events")
    assert conn.execute("SELECT text FROM events WHERE kind = 'intake'").fetchone()[0] == "华翔路封路"


def _lifecycle_book(zt):
    zt("new", "新奥", "路障", "-c", "routine", "--dept", "经济", "--at", "2026-11-24 10:00")
    zt("respond", "ZT-2026-0001", "--owner", "张科长", "--plan", "拆除", "--eta", "2026-11-26")
    zt("resolve", "ZT-2026-0001")
    zt("rate", "ZT-2026-0001", "4")
    zt("new", "华翔", "用地", "-c", "major", "--at", "2026-11-23 10:00")
    zt("pause", "ZT-2026-0002", "--reason", "等材料", "--at", "2026-11-24 08:40")
    zt("resume", "ZT-2026-0002", "--at", "2026-11-24 08:50")
    zt("urge", "ZT-2026-0002")


def test_check_passes_on_a_healthy_book_and_its_state_rederives_from_events(book):
    _lifecycle_book(book)
    result = book("check")
    assert "all checks passed" in result.stderr


def test_check_finds_a_tampered_projection_and_exits_1(book, isolated):
    _lifecycle_book(book)
    conn = sqlite3.connect(isolated / "zhitong.db")
    conn.execute("UPDATE cases SET status = 'resolved' WHERE ref = 'ZT-2026-0002'")
    conn.execute("UPDATE milestones SET due = '2030-01-01T00:00:00+08:00' WHERE name = 'feedback'")
    conn.commit()
    result = book("check", code=1)
    assert "ZT-2026-0002: stored status is 'resolved' but its history says 'open'" in result.stdout
    assert "ZT-2026-0002: the feedback milestone's due is stored as 2030-01-01T00:00:00+08:00 but" in result.stdout


def test_check_finds_a_missing_append_only_trigger(book, isolated):
    _lifecycle_book(book)
    conn = sqlite3.connect(isolated / "zhitong.db")
    conn.execute("DROP TRIGGER events_append_only_delete")
    conn.commit()
    assert "events_append_only_delete" in book("check", code=1).stdout


def test_backup_is_a_consistent_copy_while_another_process_writes(book, isolated, tmp_path):
    _lifecycle_book(book)
    writer = _spawn(WORKER, "writer", "bk", 20)
    _start_together(writer)
    copies = []
    # Copy for as long as the writer writes (three copies at least), so that copies are taken
    # while its transactions come and go.
    while writer.poll() is None or len(copies) < 3:
        target = tmp_path / f"copy-{len(copies)}.db"
        book("backup", target)
        copies.append(target)
    _out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    held = []
    for target in copies:
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        store = open_store(target)
        assert store.problems() == []
        assert store.case("ZT-2026-0001").rating == 4
        held.append(store.conn.execute("SELECT COUNT(*) FROM cases WHERE title LIKE '并发测试 bk-%'").fetchone()[0])
        store.close()
    assert any(0 < count < 20 for count in held), f"no copy was taken while the writer wrote: {held}"


def test_backup_refuses_to_overwrite(book, tmp_path):
    target = tmp_path / "exists.db"
    target.write_text("keep me")
    result = book("backup", target, code=2)
    error_line(result, f"{target} already exists; add --force to replace it")
    assert target.read_text() == "keep me"


def test_database_file_is_private(zt, isolated):
    zt("dept", "add", "经济发展局")  # the file as zhitong creates it, not a copy of a saved book
    zt("dept", "list")
    assert stat.S_IMODE((isolated / "zhitong.db").stat().st_mode) == 0o600


def test_new_directory_is_private(zt, tmp_path):
    target = tmp_path / "new-dir" / "zhitong.db"
    zt("--db", target, "dept", "list")
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "not an SQLite file"),
        (b"date,kind,name\n2027-01-01,holiday,\n", "not an SQLite file"),
        ("foreign", "but not zhitong's"),
        ("empty-sqlite", "but not zhitong's"),
    ],
)
def test_foreign_files_are_refused_untouched(zt, tmp_path, content, message):
    target = tmp_path / "foreign.db"
    if content == "foreign":
        conn = sqlite3.connect(target)
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('mine')")
        conn.commit()
        conn.close()
    elif content == "empty-sqlite":
        conn = sqlite3.connect(target)
        conn.execute("VACUUM")
        conn.close()
    else:
        target.write_bytes(content)
    before = target.read_bytes()
    result = zt("--db", target, "new", "新奥", "x", "-c", "routine", code=2)
    error_line(result, f"{target} ", message, "it was left untouched")
    assert target.read_bytes() == before
    assert not Path(f"{target}-wal").exists()


def test_a_database_from_a_newer_zhitong_is_refused_untouched(book, isolated):
    book("new", "新奥", "x", "-c", "routine")
    path = isolated / "zhitong.db"
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('zhitong', '9999_future', 'x')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    result = book("pending", code=2)
    error_line(result, f"{path} was made by a newer zhitong (schema 9999_future)")
    assert path.read_bytes() == before


def test_a_corrupt_database_gives_one_line(zt, tmp_path):
    target = tmp_path / "corrupt.db"
    zt("--db", target, "dept", "add", "经济发展局")
    data = bytearray(target.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page, keep the header
    target.write_bytes(bytes(data))
    result = zt("--db", target, "dept", "list", code=2)
    error_line(result, f"{target} cannot be read as a zhitong database")


def test_databases_of_every_earlier_schema_upgrade_in_place(zt, tmp_path):
    for fixture in sorted(FIXTURES.glob("schema_*.sql")):
        target = tmp_path / f"{fixture.stem}.db"
        conn = sqlite3.connect(target)
        conn.executescript(fixture.read_text(encoding="utf-8"))
        cases = conn.execute("SELECT ref, status FROM cases ORDER BY ref").fetchall()
        events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        conn.close()
        assert cases and events
        store = open_store(target)
        from zhitong.storage.migrations import KNOWN

        applied = [row[0] for row in store.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert applied == KNOWN
        assert store.conn.execute("SELECT ref, status FROM cases ORDER BY ref").fetchall() == cases
        assert store.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == events
        assert store.problems() == []
        store.close()
        # and the upgraded book keeps working through the CLI
        zt("--db", target, "note", "ZT-2026-0001", "升级后仍可记录", now="2026-11-26T09:00")
