"""The query plans of what a zhitong command really runs: EXPLAIN QUERY PLAN of every SELECT.

Runs the command in this process with every SQLite connection traced, then asks SQLite how it
executes each statement it saw. A plan step that scans a whole large table (cases,
milestones, events) makes the command slower as closed cases pile up; the open-case views
must have none.

    python bench/plans.py DB overdue [--json]
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LARGE = {"cases", "milestones", "events", "c", "m", "e2", "ev"}
_FULL_SCAN = re.compile(r"^SCAN (\w+)(?: AS \w+)?$")


def trace(db: str, argv: list[str]) -> list[str]:
    seen: list[str] = []
    connect = sqlite3.connect

    def traced(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(seen.append)
        return conn

    sqlite3.connect = traced
    os.environ["ZHITONG_DB"] = db
    sys.argv = ["zhitong", *argv]
    from zhitong.commands import quick
    from zhitong.commands.launch import run

    quick.leave = sys.exit  # the quick path ends the process at once; the plans are wanted after it

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            run()
        except SystemExit:
            pass
    sqlite3.connect = connect
    return seen


def plans(db: str, statements: list[str]) -> list[dict]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    result = []
    for sql in statements:
        text = sql.strip()
        if not text.upper().startswith(("SELECT", "WITH")) or "sqlite_master" in text or "_sqlite_migrations" in text:
            continue
        try:
            steps = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + text)]
        except sqlite3.Error as error:
            steps = [f"(no plan: {error})"]
        scans = [s for s in steps if (m := _FULL_SCAN.match(s)) and m.group(1) in LARGE]
        result.append({"sql": " ".join(text.split())[:300], "plan": steps, "full_scans": scans})
    conn.close()
    return result


def main() -> int:
    db, command, as_json = sys.argv[1], sys.argv[2], "--json" in sys.argv[3:]
    found = plans(db, trace(db, [command]))
    if as_json:
        print(json.dumps(found, ensure_ascii=False))
        return 0
    for item in found:
        flag = "  FULL SCAN: " + ", ".join(item["full_scans"]) if item["full_scans"] else ""
        print(f"{item['sql'][:120]}\n    {' | '.join(item['plan'])}{flag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
