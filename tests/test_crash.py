"""Crash safety: an import of 100,000 rows killed with SIGKILL leaves none or all of its rows.

Each kill runs the real CLI (``python -m zhitong import``) as a child process against a fresh
copy of the same small book, and kills it at a chosen moment:

* after its transaction commits, a seeded share of the way through the checkpoint that copies
  the WAL into the database file: all rows must be there, and the import run again skips every
  one of them;
* while its write transaction is open, once a seeded share of its pages has spilled to the WAL:
  none may be, and the import run again to completion on the crash-recovered book must bring
  every row exactly once;
* at seeded random moments: one in the start-up and the reading of the file, before the
  transaction writes anything, and two anywhere in the run: none or all.

Before anything opens the killed database, its WAL is read frame by frame (the SQLite file
format): a kill that left frames but no commit frame landed inside the transaction, one that
left a commit frame landed after it. That is the oracle each outcome is held to, on top of
"none or all". Then SQLite's integrity check, ``open_store`` and ``zhitong check`` must all be
content. ``zhitong check`` replays every case (some 10 s of CPU for 100,000 of them), so it
runs for real once on a book with all the rows — a copy of the one killed after the commit —
and a later book with all the rows that holds the same content, row for row in every table
(the wall-clock stamp of each event's writing, and the hashes that cover it, aside), is that
checked book; one that differs in anything is checked for real.

Each moment is a test of its own, so that pytest-xdist spreads them over the cores. What they
share is made once per test session, by whichever worker needs it first while the others wait:
the file, the book, and the kill after the commit, whose run also times the import on this
machine and measures its WAL, for the other moments to be chosen from; then, apart, the check
of the book with all the rows, which the other workers need only as their kills end.

ZHITONG_CRASH_SEED=<n> replays other moments.
"""

from __future__ import annotations

import csv
import fcntl
import functools
import json
import os
import random
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pytest

from zhitong.storage import chain as history
from zhitong.store import open_store

ROWS = 100_000
SEED = int(os.environ.get("ZHITONG_CRASH_SEED", "20261125"))
POLL = 0.001  # seconds between looks at the child and its WAL

DEPARTMENT = "工管委"
ENTERPRISE = "新奥集团"
HEADER = ["enterprise", "title", "category", "channel", "department", "received_at", "detail", "source_id"]
PLACES = ["厂区东门", "物流园北路", "科技园三号楼", "开发区管委会", "高新大道", "华翔路口"]
PROBLEMS = ["路灯损坏", "限高杆过低", "用电增容审批慢", "排水管道堵塞", "厂房消防验收", "员工子女入学"]
CHANNELS = ["hotline", "专线", "visit", "直通群", "package"]


# -- the file and the book ------------------------------------------------------------------------


def hotline_row(n: int) -> list[str]:
    """Row n of the file: a good row, every seventh major, every tenth without a department."""
    place, problem = PLACES[n % len(PLACES)], PROBLEMS[n // len(PLACES) % len(PROBLEMS)]
    return [
        ENTERPRISE,
        f"{place}{problem}（第{n}号）",
        "major" if n % 7 == 0 else "routine",
        CHANNELS[n % len(CHANNELS)],
        "" if n % 10 == 3 else DEPARTMENT,
        f"2026-{1 + n % 10:02d}-{1 + n % 28:02d} {8 + n % 10:02d}:{n % 60:02d}",
        f'企业反映：{place}{problem}，"已多次"反映, 请尽快处理' if n % 5 == 0 else f"{problem}，影响生产",
        f"HL-2026-{n:06d}",
    ]


def write_hotline_csv(path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(hotline_row(n) for n in range(ROWS))


@functools.cache
def hotline_counts() -> tuple[frozenset[str], dict[str, int], int]:
    """The file's source ids, its rows per kind ("routine assigned", "major unassigned", …) and
    how many of its rows name a department."""
    source_ids, per_kind, assigned = set(), {}, 0
    for n in range(ROWS):
        _enterprise, _title, category, _channel, department, _received, _detail, source_id = hotline_row(n)
        source_ids.add(source_id)
        kind = f"{category} {'assigned' if department else 'unassigned'}"
        per_kind[kind] = per_kind.get(kind, 0) + 1
        assigned += bool(department)
    return frozenset(source_ids), per_kind, assigned


def snapshot(conn: sqlite3.Connection) -> dict:
    """What an import may change, counted."""

    def one(sql: str) -> int:
        return conn.execute(sql).fetchone()[0]

    return {
        "cases": one("SELECT COUNT(*) FROM cases"),
        "distinct refs": one("SELECT COUNT(DISTINCT ref) FROM cases"),
        "max seq": one("SELECT COALESCE(MAX(seq), 0) FROM cases WHERE year = 2026"),
        "source ids": one("SELECT COUNT(source_id) FROM cases"),
        "distinct source ids": one("SELECT COUNT(DISTINCT source_id) FROM cases"),
        "intake events": one("SELECT COUNT(*) FROM events WHERE kind = 'intake'"),
        "assign events": one("SELECT COUNT(*) FROM events WHERE kind = 'assign'"),
        "other events": one("SELECT COUNT(*) FROM events WHERE kind NOT IN ('intake', 'assign')"),
        "cases without intake": one(
            "SELECT COUNT(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.kind = 'intake')"
        ),
        "milestones": one("SELECT COUNT(*) FROM milestones"),
        "search backlog": one("SELECT COALESCE(SUM(last_id - first_id + 1), 0) FROM search_backlog"),
        "enterprises": one("SELECT COUNT(*) FROM enterprises"),
        "departments": one("SELECT COUNT(*) FROM departments"),
        "triggers": sorted(row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")),
    }


def copy_book(source: Path, target: Path) -> Path:
    """A consistent copy through SQLite's backup API, with nothing beside it."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{target}{suffix}").exists(), f"{target}{suffix} left by the copy"
    return target


# Columns that differ between two runs of the same import: the wall clock of each event's
# writing, and the hash that covers it.
UNSTABLE = {("events", "recorded_at"), ("events", "hash")}


def chain_breaks(db: Path | str) -> list[int]:
    """The events whose stored hash is not the one recomputed from their fields: what ``zhitong check`` judges of the chain."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        return [event for event, stored, recomputed in history.recompute(conn) if stored != recomputed]


def same_content(db: Path | str, other: Path | str) -> bool:
    """Whether two books hold the same: the schema's SQL, and every row of every table, rowid
    and all (``UNSTABLE`` aside), compared by SQLite itself.

    With its rowid (or a WITHOUT ROWID table's key) each row is unique, so one table's rows
    are the other's when none of them is missing from the other and the counts are equal.
    Two books of the same content, with the same chain breaks, get the same verdict from
    ``zhitong check``, which reads the book and the frozen clock only.
    """
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        conn.execute("ATTACH DATABASE ? AS other", (f"file:{other}?mode=ro",))
        schema = "SELECT type, name, tbl_name, sql FROM {}.sqlite_master"
        if set(conn.execute(schema.format("main"))) != set(conn.execute(schema.format("other"))):
            return False
        for name, sql in conn.execute("SELECT name, sql FROM main.sqlite_master WHERE type = 'table'").fetchall():
            if (sql or "").upper().startswith("CREATE VIRTUAL"):
                continue  # an FTS table's rows are its shadow tables', compared as tables
            columns = [f'"{row[1]}"' for row in conn.execute(f'PRAGMA main.table_info("{name}")') if (name, row[1]) not in UNSTABLE]
            if "WITHOUT ROWID" not in (sql or "").upper():
                columns.insert(0, "rowid")
            count = f'SELECT COUNT(*) FROM {{}}."{name}"'
            if conn.execute(count.format("main")).fetchone() != conn.execute(count.format("other")).fetchone():
                return False
            listed = ", ".join(columns)
            missing = f'SELECT 1 FROM (SELECT {listed} FROM main."{name}" EXCEPT SELECT {listed} FROM other."{name}") LIMIT 1'
            if conn.execute(missing).fetchone():
                return False
    return True


def zhitong_check(zt, db: Path | str) -> dict:
    """``zhitong check`` on the book, and the chain breaks of the book it was run on."""
    result = zt("--db", db, "check", code=None)
    return {"exit": result.exit_code, "output": result.stdout + result.stderr, "breaks": chain_breaks(db)}


# -- the WAL, read as SQLite's file format describes it -------------------------------------------


class WalReader:
    """The frames a writer has appended to a WAL: how many, how many valid, how many commit.

    Header: 32 bytes (magic, version, page size, checkpoint sequence, salt-1, salt-2, checksums).
    Each frame: 24 bytes (page number, database size in pages after commit — nonzero only on a
    transaction's last frame —, salt-1, salt-2, checksums) and one page. Recovery stops at the
    first frame whose salts differ from the header's, and so does ``valid``. A transaction that
    spills a page twice writes its later frames with zero salts and fills them in only as it
    commits, so while it is open ``valid`` lags ``written``; a commit frame among the valid ones
    is a committed transaction.
    """

    def __init__(self, path: Path):
        self.path = path
        self.salts: bytes | None = None
        self.page_size = 0
        self.offset = 32
        self.valid = 0
        self.commits = 0
        self.committed_pages = 0  # the database's size, in pages, that the last commit frame gives
        self.size = 0

    @property
    def written(self) -> int:
        return max(0, self.size - 32) // (24 + self.page_size) if self.page_size else 0

    def read(self) -> WalReader:
        try:
            with open(self.path, "rb") as handle:
                handle.seek(0, os.SEEK_END)
                self.size = handle.tell()
                if self.salts is None:
                    if self.size < 32:
                        return self
                    handle.seek(0)
                    header = handle.read(32)
                    magic, _version, page_size = struct.unpack(">III", header[:12])
                    assert magic in (0x377F0682, 0x377F0683), f"{self.path} is not a WAL"
                    self.salts, self.page_size = header[16:24], page_size
                while self.offset + 24 + self.page_size <= self.size:
                    handle.seek(self.offset)
                    frame = handle.read(24)
                    if frame[8:16] != self.salts:
                        break  # not (yet) valid: looked at again on the next read
                    self.valid += 1
                    pages = struct.unpack(">I", frame[4:8])[0]
                    if pages:
                        self.commits += 1
                        self.committed_pages = pages
                    self.offset += 24 + self.page_size
        except FileNotFoundError:
            pass
        return self


# -- one kill -------------------------------------------------------------------------------------


@dataclass
class Kill:
    label: str
    db: str
    elapsed: float = 0.0  # seconds from start to the kill (or to the exit, if it came first)
    killed: bool = False
    returncode: int | None = None
    stderr: str = ""
    # Where the WAL stood once the child was dead, before anything opened the database.
    frames_valid: int = 0
    frames_written: int = 0
    commits: int = 0
    # What the parent saw while the child ran: when the first frame and the commit frame were
    # in the WAL, and the most WAL there was.
    first_frame_at: float | None = None
    committed_at: float | None = None
    wal_bytes_seen: int = 0
    db_bytes_at_start: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def moment(self) -> str:
        if self.commits:
            return "after the commit"
        if self.frames_written:
            return "inside the write transaction"
        return "outside the write transaction (before it wrote a frame, or after the WAL was removed)"

    def __str__(self) -> str:
        how = "SIGKILL" if self.killed else f"exited {self.returncode} before the kill"
        return f"{self.label}: {how} at {self.elapsed:.3f} s, WAL frames {self.frames_valid} valid of {self.frames_written}, {self.moment}"


def import_env(db: Path | str) -> dict[str, str]:
    return {**os.environ, "ZHITONG_DB": str(db), "ZHITONG_NOW": os.environ["ZHITONG_NOW"], "ZHITONG_LANG": "en"}


def run_import(db: Path | str, csv_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zhitong", "import", str(csv_path)],
        env=import_env(db),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def import_and_kill(label: str, db: Path, csv_path: Path, when: Callable[[Kill, WalReader], bool]) -> Kill:
    """Run the import on ``db``; SIGKILL it as soon as ``when(kill so far, wal)`` holds."""
    kill = Kill(label, str(db), db_bytes_at_start=db.stat().st_size)
    watcher = WalReader(Path(f"{db}-wal"))
    child = subprocess.Popen(
        [sys.executable, "-m", "zhitong", "import", str(csv_path)],
        env=import_env(db),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    start = time.monotonic()
    try:
        while child.poll() is None:
            kill.elapsed = time.monotonic() - start
            watcher.read()
            kill.wal_bytes_seen = max(kill.wal_bytes_seen, watcher.size)
            if kill.first_frame_at is None and watcher.written:
                kill.first_frame_at = kill.elapsed
            if kill.committed_at is None and watcher.commits:
                kill.committed_at = kill.elapsed
            if when(kill, watcher):
                child.send_signal(signal.SIGKILL)
                kill.killed = True
                break
            time.sleep(POLL)
        else:
            kill.elapsed = time.monotonic() - start
        _out, kill.stderr = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    kill.returncode = child.returncode
    # Before anything opens the database (and so recovers or removes the WAL): where did it stop?
    wal = WalReader(Path(f"{db}-wal")).read()
    kill.frames_valid, kill.frames_written, kill.commits = wal.valid, wal.written, wal.commits
    if kill.killed and kill.returncode == 0:
        kill.killed = False  # it finished between the last look and the signal
    if kill.returncode != (-signal.SIGKILL if kill.killed else 0):
        kill.notes.append(f"the child exited {kill.returncode}")
    return kill


def into_the_checkpoint(share: float) -> Callable[[Kill, WalReader], bool]:
    """Once the transaction has committed and its checkpoint has copied ``share`` of the way.

    A checkpoint writes the WAL's pages into the database file in page order, so the file
    grows from its old size towards the one the commit frame gives it as the copy goes on.
    """

    def when(kill: Kill, wal: WalReader) -> bool:
        if not wal.commits:
            return False
        target = kill.db_bytes_at_start + share * (wal.committed_pages * wal.page_size - kill.db_bytes_at_start)
        try:
            return os.stat(kill.db).st_size >= target
        except FileNotFoundError:
            return False

    return when


# -- what every kill shares: made once per session ------------------------------------------------


@dataclass(frozen=True)
class Crash:
    csv: Path
    baseline: Path
    before: dict
    after: dict
    source_ids: frozenset[str]
    after_commit: Kill  # the kill after the commit; its run timed the import and measured its WAL
    checked_book: Path  # a copy of the book that kill left, with all the rows

    def checked(self, zt) -> dict:
        """zhitong check on the checked book: its exit, output and chain breaks. Made by
        the first test that needs it, while the others go on with their kills."""
        return _made_once(self.checked_book.with_suffix(".json"), lambda: zhitong_check(zt, self.checked_book))


@pytest.fixture(scope="session")
def shared(tmp_path_factory) -> Path:
    """A directory every worker of this session sees: xdist gives each worker one inside it."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def make_shared(home: Path, zt) -> dict:
    """The file, the book, what the book holds, and the kill after the commit on a copy of it."""
    csv_path, baseline = home / "hotline-100k.csv", home / "baseline.db"
    write_hotline_csv(csv_path)
    book = functools.partial(zt, "--db", baseline)
    book("dept", "add", DEPARTMENT, "--head", "王局长")
    book("ent", "add", ENTERPRISE, "--code", "91110000600037341L", "--key")
    # One case of each kind the file has, by category and with or without a department (an
    # assigned case also owes its sign-for): the book is not empty, and each tells how many
    # deadlines an imported case of its kind gets.
    book("new", ENTERPRISE, "厂区门口路灯损坏", "--category", "routine", "--dept", DEPARTMENT, "--at", "2026-11-20 10:00")
    book("new", ENTERPRISE, "员工子女入学", "--category", "routine", "--at", "2026-11-20 11:00")
    book("new", ENTERPRISE, "用地指标审批", "--category", "major", "--at", "2026-11-21 10:00")
    book("new", ENTERPRISE, "用电增容审批", "--category", "major", "--dept", DEPARTMENT, "--at", "2026-11-21 11:00")
    with closing(sqlite3.connect(baseline)) as conn:
        before = snapshot(conn)
        deadlines = dict(
            conn.execute(
                "SELECT c.category || CASE WHEN c.department_id IS NULL THEN ' unassigned' ELSE ' assigned' END, COUNT(*)"
                " FROM milestones m JOIN cases c ON c.id = m.case_id GROUP BY 1"
            )
        )
    share = random.Random(f"{SEED}:after the commit").uniform(0.0, 1.0)
    kill = import_and_kill(
        f"after the commit, {share:.0%} into the checkpoint",
        copy_book(baseline, home / "after-commit.db"),
        csv_path,
        into_the_checkpoint(share),
    )
    # A copy of the book with all the rows, taken as verify sees it (after open_store), for the
    # one real zhitong check of such a book (Crash.checked); the test of this kill holds it to exit 0.
    open_store(kill.db).close()
    copy_book(kill.db, home / "checked.db")
    return {
        "csv": str(csv_path),
        "baseline": str(baseline),
        "before": before,
        "deadlines": deadlines,
        "after commit": asdict(kill),
        "checked book": str(home / "checked.db"),
    }


def _made_once(record: Path, make: Callable[[], dict]) -> dict:
    """The JSON at ``record``, made by ``make()`` by the first worker that asks while the others wait for it."""
    with open(record.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released as the file closes
        if not record.exists():
            partial = record.with_suffix(".partial")
            partial.write_text(json.dumps(make()), encoding="utf-8")
            partial.rename(record)
    return json.loads(record.read_text(encoding="utf-8"))


@pytest.fixture
def crash(shared, zt) -> Crash:
    """What the kills share, made by the first test of the session that asks.

    Made inside a test (not by a session fixture) so that the test's frozen clock and private
    config directory are in place; a lock makes the other workers wait for the first one.
    """
    # A fresh directory for each attempt: one that failed half-way leaves nothing to trip on.
    saved = _made_once(shared / "crash-profile.json", lambda: make_shared(Path(tempfile.mkdtemp(prefix="crash-", dir=shared)), zt))
    before, deadlines = saved["before"], saved["deadlines"]
    source_ids, per_kind, assigned = hotline_counts()
    after = {
        **before,
        "cases": before["cases"] + ROWS,
        "distinct refs": before["cases"] + ROWS,
        "max seq": before["max seq"] + ROWS,
        "source ids": ROWS,
        "distinct source ids": ROWS,
        "intake events": before["intake events"] + ROWS,
        "assign events": before["assign events"] + assigned,
        "milestones": before["milestones"] + sum(deadlines[kind] * count for kind, count in per_kind.items()),
        "search backlog": ROWS,
    }
    assert before["cases"] == 4 and before["search backlog"] == 0
    assert {"cases_fts_insert", "events_fts_insert"} <= set(before["triggers"])
    profile = Kill(**saved["after commit"])
    assert profile.committed_at is not None and profile.first_frame_at is not None, f"the import's commit was not seen: {profile}"
    assert profile.wal_bytes_seen > 1 << 20, f"the import wrote only {profile.wal_bytes_seen} bytes of WAL: {profile}"
    return Crash(Path(saved["csv"]), Path(saved["baseline"]), before, after, source_ids, profile, Path(saved["checked book"]))


def verify(crash: Crash, zt, kill: Kill) -> str:
    """The killed book is whole and holds none or all of the rows; which one."""
    before, after = crash.before, crash.after
    context = f"{kill} (seed {SEED})\nchild's stderr: {kill.stderr[-2000:]}"
    assert not kill.notes, f"{context}\n{kill.notes}"
    conn = sqlite3.connect(kill.db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], context
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], context
        found = snapshot(conn)
        if found == after:
            stored = {row[0] for row in conn.execute("SELECT source_id FROM cases WHERE source_id IS NOT NULL")}
            assert stored == crash.source_ids, context
    finally:
        conn.close()
    assert found["intake events"] == found["cases"], f"{context}\nintake events do not match cases: {found}"
    assert found["cases without intake"] == 0, f"{context}\n{found}"
    assert found in (before, after), f"{context}\nneither none nor all of the import:\n" + "\n".join(
        f"  {key}: before {before[key]!r}, all {after[key]!r}, found {found[key]!r}" for key in found
    )
    outcome = "all" if found == after else "none"
    # The WAL says which side of the commit the kill landed on; the book must agree.
    if kill.commits or not kill.killed:
        assert outcome == "all", f"{context}\nthe import had committed, yet its rows are gone"
    elif kill.frames_written:
        assert outcome == "none", f"{context}\nthe transaction was open, yet its rows are there"
    store = open_store(kill.db)
    try:
        assert store.conn.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == found["cases"], context
    finally:
        store.close()
    assert_checked(crash, zt, kill.db, context)
    print(f"\n{kill} -> {outcome} of the rows (seed {SEED})")
    return outcome


def assert_checked(crash: Crash, zt, db: Path | str, context: str = "") -> None:
    """``zhitong check`` passes on the book: run for real, unless the book is the checked one, row for row."""
    # A book with none of the rows is told apart at once, without waiting for the checked one's check.
    if same_content(db, crash.checked_book) and chain_breaks(db) == (checked := crash.checked(zt))["breaks"]:
        print(f"{db}: the checked book, row for row")
    else:
        checked = zhitong_check(zt, db)
    assert checked["exit"] == 0, f"{context}\nzhitong check:\n{checked['output']}"
    assert "all checks passed" in checked["output"], f"{context}\nzhitong check:\n{checked['output']}"


# -- the tests ------------------------------------------------------------------------------------


def test_a_kill_after_the_commit_leaves_all_rows_and_the_import_run_again_skips_them(crash, zt):
    kill = crash.after_commit
    assert verify(crash, zt, kill) == "all"
    print(f"the import committed {kill.committed_at:.2f} s after it started, with {kill.wal_bytes_seen} bytes of WAL")
    # The rows carry source ids: the officer who runs the import again after the crash gets
    # no second copy of any of them.
    result = run_import(kill.db, crash.csv)
    assert result.returncode == 0, result.stderr
    assert "no cases imported" in result.stderr and f"{ROWS} rows skipped" in result.stderr, result.stderr
    with closing(sqlite3.connect(kill.db)) as conn:
        assert snapshot(conn) == crash.after


def test_a_kill_inside_the_transaction_leaves_none_and_the_import_run_again_brings_every_row_once(crash, zt, tmp_path):
    share = random.Random(f"{SEED}:inside the transaction").uniform(0.02, 0.6)
    threshold = int(share * crash.after_commit.wal_bytes_seen)
    crashed = copy_book(crash.baseline, tmp_path / "mid-transaction.db")
    kill = import_and_kill(f"WAL past {threshold} bytes ({share:.0%})", crashed, crash.csv, lambda _kill, wal: wal.size >= threshold)
    assert kill.killed and kill.frames_written > 0 and kill.commits == 0, f"the kill missed the open transaction: {kill}"
    assert verify(crash, zt, kill) == "none"

    result = run_import(crashed, crash.csv)
    assert result.returncode == 0, result.stderr
    assert f"{ROWS} cases imported" in result.stderr, result.stderr
    with closing(sqlite3.connect(crashed)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert snapshot(conn) == crash.after
        assert {row[0] for row in conn.execute("SELECT source_id FROM cases WHERE source_id IS NOT NULL")} == crash.source_ids
        assert (
            conn.execute(
                "SELECT COUNT(*) FROM (SELECT source_id FROM cases WHERE source_id IS NOT NULL GROUP BY source_id HAVING COUNT(*) > 1)"
            ).fetchone()[0]
            == 0
        )
    open_store(crashed).close()
    assert_checked(crash, zt, crashed)


# Seeded moments, in seconds from the start, from what the run after the commit saw: the
# start-up and the reading of the file end when the first frame reaches the WAL; the run ends
# some 10% after its commit (the checkpoint and the exit).
RANDOM_MOMENTS = {
    "during start-up": lambda rng, run: rng.uniform(0.0, run.first_frame_at),
    "anywhere 1": lambda rng, run: rng.uniform(0.0, 1.2 * run.committed_at),
    "anywhere 2": lambda rng, run: rng.uniform(0.0, 1.2 * run.committed_at),
}


@pytest.mark.parametrize("moment", list(RANDOM_MOMENTS))
def test_a_kill_at_a_random_moment_leaves_none_or_all(crash, zt, tmp_path, moment):
    delay = RANDOM_MOMENTS[moment](random.Random(f"{SEED}:{moment}"), crash.after_commit)
    db = copy_book(crash.baseline, tmp_path / "killed.db")
    kill = import_and_kill(f"{moment}, at {delay:.3f} s", db, crash.csv, lambda progress, _wal: progress.elapsed >= delay)
    verify(crash, zt, kill)


def test_same_content_sees_a_changed_row_a_missing_row_and_a_changed_schema(zt, tmp_path):
    """The comparison that spares a second ``zhitong check`` of 100,000 cases tells books apart."""
    book = tmp_path / "book.db"
    zt("--db", book, "dept", "add", DEPARTMENT)
    zt("--db", book, "ent", "add", ENTERPRISE)
    zt("--db", book, "new", ENTERPRISE, "厂区门口路灯损坏", "--category", "routine", "--dept", DEPARTMENT)
    zt("--db", book, "new", ENTERPRISE, "用地指标审批", "--category", "major")
    open_store(book).close()
    changes = {
        "a changed row": "UPDATE milestones SET due = '2026-12-01T00:00:00+08:00' WHERE case_id = 1 AND name = 'resolve'",
        "a missing row": "DELETE FROM milestones WHERE case_id = 2 AND name = 'resolve'",
        "a changed schema": "CREATE INDEX cases_title ON cases(title)",
    }
    assert same_content(book, copy_book(book, tmp_path / "copy.db"))
    for label, sql in changes.items():
        changed = copy_book(book, tmp_path / f"{label}.db")
        with closing(sqlite3.connect(changed)) as conn, conn:
            conn.execute(sql)
        assert not same_content(book, changed), label
        assert not same_content(changed, book), label
