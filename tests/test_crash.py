"""Crash safety: an import of 100,000 rows killed with SIGKILL leaves none or all of its rows.

Each kill runs the real CLI (``python -m zhitong import``) as a child process against a fresh
copy of the same small book, and kills it at a chosen moment:

* right after its transaction commits (while it checkpoints and exits): all rows must be there;
* while its write transaction is open, with pages already in the WAL: none may be;
* at seeded random moments spread over the whole run: none or all.

Before anything opens the killed database, its WAL is read frame by frame (the SQLite file
format): a kill that left frames but no commit frame landed inside the transaction, one that
left a commit frame landed after it. That is the oracle each outcome is held to, on top of
"none or all". Then SQLite's integrity check, ``open_store`` and ``zhitong check`` must all be
content, and finally the import, run again to completion on a crash-recovered book, must bring
every row exactly once, and a third run nothing.

ZHITONG_CRASH_SEED=<n> replays other random moments.
"""

from __future__ import annotations

import csv
import os
import random
import signal
import sqlite3
import struct
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from zhitong.store import open_store

ROWS = 100_000
SEED = int(os.environ.get("ZHITONG_CRASH_SEED", "20261125"))
RANDOM_KILLS = 3
POLL = 0.001  # seconds between looks at the child and its WAL

DEPARTMENT = "工管委"
ENTERPRISE = "新奥集团"
HEADER = ["enterprise", "title", "category", "channel", "department", "received_at", "detail", "source_id"]
PLACES = ["厂区东门", "物流园北路", "科技园三号楼", "开发区管委会", "高新大道", "华翔路口"]
PROBLEMS = ["路灯损坏", "限高杆过低", "用电增容审批慢", "排水管道堵塞", "厂房消防验收", "员工子女入学"]
CHANNELS = ["hotline", "专线", "visit", "直通群", "package"]


# -- the file and the book ------------------------------------------------------------------------


def write_hotline_csv(path: Path) -> tuple[set[str], dict[str, int], int]:
    """100,000 good rows; their source ids, rows per category, rows naming a department."""
    source_ids, per_category, assigned = set(), {"routine": 0, "major": 0}, 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(ROWS):
            category = "major" if n % 7 == 0 else "routine"
            department = "" if n % 10 == 3 else DEPARTMENT
            source_id = f"HL-2026-{n:06d}"
            place, problem = PLACES[n % len(PLACES)], PROBLEMS[n // len(PLACES) % len(PROBLEMS)]
            writer.writerow(
                [
                    ENTERPRISE,
                    f"{place}{problem}（第{n}号）",
                    category,
                    CHANNELS[n % len(CHANNELS)],
                    department,
                    f"2026-{1 + n % 10:02d}-{1 + n % 28:02d} {8 + n % 10:02d}:{n % 60:02d}",
                    f'企业反映：{place}{problem}，"已多次"反映, 请尽快处理' if n % 5 == 0 else f"{problem}，影响生产",
                    source_id,
                ]
            )
            source_ids.add(source_id)
            per_category[category] += 1
            assigned += bool(department)
    return source_ids, per_category, assigned


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


# -- the WAL, read as SQLite's file format describes it -------------------------------------------


class WalReader:
    """The frames a writer has appended to a WAL: how many, how many valid, how many commit.

    Header: 32 bytes (magic, version, page size, checkpoint sequence, salt-1, salt-2, checksums).
    Each frame: 24 bytes (page number, database size after commit — nonzero only on a
    transaction's last frame —, salt-1, salt-2, checksums) and one page. Recovery stops at the
    first frame whose salts differ from the header's, and so does ``valid``. A transaction that
    spills a page twice writes its later frames with zero salts and fills them in only as it
    commits, so while it is open ``valid`` lags ``written``; a commit frame among the valid ones
    is a committed transaction.
    """

    def __init__(self, path: Path):
        self.path = path
        self.salts: bytes | None = None
        self.frame_size = 0
        self.offset = 32
        self.valid = 0
        self.commits = 0
        self.size = 0

    @property
    def written(self) -> int:
        return max(0, self.size - 32) // self.frame_size if self.frame_size else 0

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
                    self.salts, self.frame_size = header[16:24], 24 + page_size
                while self.offset + self.frame_size <= self.size:
                    handle.seek(self.offset)
                    frame = handle.read(24)
                    if frame[8:16] != self.salts:
                        break  # not (yet) valid: looked at again on the next read
                    self.valid += 1
                    self.commits += struct.unpack(">I", frame[4:8])[0] != 0
                    self.offset += self.frame_size
        except FileNotFoundError:
            pass
        return self

    @property
    def moment(self) -> str:
        if self.commits:
            return "after the commit"
        if self.written:
            return "inside the write transaction"
        return "outside the write transaction (before it wrote a frame, or after the WAL was removed)"


# -- one kill -------------------------------------------------------------------------------------


@dataclass
class Kill:
    label: str
    db: Path
    elapsed: float = 0.0  # seconds from start to the kill (or to the exit, if it came first)
    killed: bool = False
    returncode: int | None = None
    stderr: str = ""
    wal: WalReader | None = None
    wal_bytes_seen: int = 0
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        how = "SIGKILL" if self.killed else f"exited {self.returncode} before the kill"
        return f"{self.label}: {how} at {self.elapsed:.3f} s, WAL frames {self.wal.valid} valid of {self.wal.written}, {self.wal.moment}"


def import_env(db: Path) -> dict[str, str]:
    return {**os.environ, "ZHITONG_DB": str(db), "ZHITONG_NOW": os.environ["ZHITONG_NOW"], "ZHITONG_LANG": "en"}


def run_import(db: Path, csv_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zhitong", "import", str(csv_path)],
        env=import_env(db),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def import_and_kill(label: str, db: Path, csv_path: Path, when) -> Kill:
    """Run the import on ``db``; SIGKILL it as soon as ``when(elapsed, wal)`` holds."""
    kill = Kill(label, db)
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
            if when(kill.elapsed, watcher):
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
    kill.wal = WalReader(Path(f"{db}-wal")).read()
    if kill.killed and kill.returncode == 0:
        kill.killed = False  # it finished between the last look and the signal
    if kill.returncode != (-signal.SIGKILL if kill.killed else 0):
        kill.notes.append(f"the child exited {kill.returncode}")
    return kill


# -- the test -------------------------------------------------------------------------------------


def test_sigkill_at_any_moment_of_a_100000_row_import_leaves_none_or_all(zt, tmp_path):
    rng = random.Random(SEED)
    zt("dept", "add", DEPARTMENT, "--head", "王局长")
    zt("ent", "add", ENTERPRISE, "--code", "91110000600037341L", "--key")
    # One case of each category the file uses: the book is not empty, and each tells how many
    # deadlines an imported case of its category gets.
    zt("new", ENTERPRISE, "厂区门口路灯损坏", "--category", "routine", "--dept", DEPARTMENT, "--at", "2026-11-20 10:00")
    zt("new", ENTERPRISE, "用地指标审批", "--category", "major", "--at", "2026-11-21 10:00")
    baseline = tmp_path / "zhitong.db"
    csv_path = tmp_path / "hotline-100k.csv"
    source_ids, per_category, assigned = write_hotline_csv(csv_path)

    with sqlite3.connect(baseline) as conn:
        before = snapshot(conn)
        deadlines = dict(conn.execute("SELECT c.category, COUNT(*) FROM milestones m JOIN cases c ON c.id = m.case_id GROUP BY c.category"))
    assert before["cases"] == 2 and before["search backlog"] == 0
    assert {"cases_fts_insert", "events_fts_insert"} <= set(before["triggers"])
    after = {
        **before,
        "cases": before["cases"] + ROWS,
        "distinct refs": before["cases"] + ROWS,
        "max seq": before["max seq"] + ROWS,
        "source ids": ROWS,
        "distinct source ids": ROWS,
        "intake events": before["intake events"] + ROWS,
        "assign events": before["assign events"] + assigned,
        "milestones": before["milestones"] + sum(deadlines[category] * count for category, count in per_category.items()),
        "search backlog": ROWS,
    }

    def verify(kill: Kill) -> str:
        """The killed book is whole and holds none or all of the rows; which one."""
        context = f"{kill} (seed {SEED})\nchild's stderr: {kill.stderr[-2000:]}"
        assert not kill.notes, f"{context}\n{kill.notes}"
        conn = sqlite3.connect(kill.db)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], context
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], context
            found = snapshot(conn)
            if found == after:
                stored = {row[0] for row in conn.execute("SELECT source_id FROM cases WHERE source_id IS NOT NULL")}
                assert stored == source_ids, context
        finally:
            conn.close()
        assert found["intake events"] == found["cases"], f"{context}\nintake events do not match cases: {found}"
        assert found["cases without intake"] == 0, f"{context}\n{found}"
        assert found in (before, after), f"{context}\nneither none nor all of the import:\n" + "\n".join(
            f"  {key}: before {before[key]!r}, all {after[key]!r}, found {found[key]!r}" for key in found
        )
        outcome = "all" if found == after else "none"
        # The WAL says which side of the commit the kill landed on; the book must agree.
        if kill.wal.commits or not kill.killed:
            assert outcome == "all", f"{context}\nthe import had committed, yet its rows are gone"
        elif kill.wal.written:
            assert outcome == "none", f"{context}\nthe transaction was open, yet its rows are there"
        store = open_store(kill.db)
        try:
            assert store.conn.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == found["cases"], context
        finally:
            store.close()
        check = zt("--db", kill.db, "check", code=None)
        assert check.exit_code == 0, f"{context}\nzhitong check:\n{check.stdout}{check.stderr}"
        return outcome

    kills: list[tuple[Kill, str]] = []

    # 1. Just after the commit: the child is checkpointing or on its way out. This run also
    #    times the import on this machine and measures its WAL, for the moments below.
    kill = import_and_kill("after the commit", copy_book(baseline, tmp_path / "after-commit.db"), csv_path, lambda _t, wal: wal.commits > 0)
    kills.append((kill, verify(kill)))
    assert kills[-1][1] == "all", kill
    committed_at, wal_at_commit = kill.elapsed, kill.wal_bytes_seen
    assert wal_at_commit > 1 << 20, f"the import wrote only {wal_at_commit} bytes of WAL: {kill}"

    # 2. Inside the write transaction, once a random share of its pages has spilled to the WAL.
    threshold = int(rng.uniform(0.02, 0.6) * wal_at_commit)
    crashed = copy_book(baseline, tmp_path / "mid-transaction.db")
    kill = import_and_kill(f"WAL past {threshold} bytes", crashed, csv_path, lambda _t, wal: wal.size >= threshold)
    assert kill.killed and kill.wal.written > 0 and kill.wal.commits == 0, f"the kill missed the open transaction: {kill}"
    kills.append((kill, verify(kill)))

    # 3. Seeded random moments over the whole run: start-up, reading the file, the transaction,
    #    the commit, the checkpoint and the exit (the run ends some 10% after its commit).
    for n in range(RANDOM_KILLS):
        delay = rng.uniform(0.0, 1.2 * committed_at)
        db = copy_book(baseline, tmp_path / f"random-{n}.db")
        kill = import_and_kill(f"random moment {delay:.3f} s", db, csv_path, lambda t, _wal, delay=delay: t >= delay)
        kills.append((kill, verify(kill)))

    print(f"\nseed {SEED}; the import committed {committed_at:.2f} s after it started, with {wal_at_commit} bytes of WAL")
    for kill, outcome in kills:
        print(f"  {kill} -> {outcome} of the rows")

    # 4. The crash-recovered book takes the whole import, each row exactly once...
    result = run_import(crashed, csv_path)
    assert result.returncode == 0, result.stderr
    assert f"{ROWS} cases imported" in result.stderr, result.stderr
    with sqlite3.connect(crashed) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert snapshot(conn) == after
        assert {row[0] for row in conn.execute("SELECT source_id FROM cases WHERE source_id IS NOT NULL")} == source_ids
        assert (
            conn.execute(
                "SELECT COUNT(*) FROM (SELECT source_id FROM cases WHERE source_id IS NOT NULL GROUP BY source_id HAVING COUNT(*) > 1)"
            ).fetchone()[0]
            == 0
        )
    assert "all checks passed" in zt("--db", crashed, "check").stderr

    # 5. ...and, the rows carrying source ids, a second import skips every one of them.
    result = run_import(crashed, csv_path)
    assert result.returncode == 0, result.stderr
    assert "no cases imported" in result.stderr and f"{ROWS} rows skipped" in result.stderr, result.stderr
    with sqlite3.connect(crashed) as conn:
        assert snapshot(conn) == after
