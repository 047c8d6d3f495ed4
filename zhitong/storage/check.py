"""``zhitong check``: what the file, the triggers, the hash chain and every case's history say.

It reads each table once, in order — the events by case, the cases, the milestones — and
walks them side by side, so 100,000 cases cost three scans, not three queries a case.
"""

from __future__ import annotations

import json
import re
import sqlite3

from zhitong.core import chain, lifecycle
from zhitong.core.instants import epoch_from_iso
from zhitong.storage import chain as history
from zhitong.storage import projection

Problem = tuple[str, dict]

# The case columns an event records, with what the replayed history (or the intake) says.
MILESTONE_FIELDS = ("limit", "clock", "due", "met_at", "provisional")


_stamp = projection.stamp


def integrity(conn) -> list[Problem]:
    """SQLite's own integrity check, each problem as it lists it."""
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        return [("integrity: {detail}", {"detail": str(error)})]
    return [("integrity: {detail}", {"detail": message}) for (message,) in rows if message != "ok"]


def integrity_of(path) -> list[Problem]:
    """The integrity check of the file at ``path``, opened read-only (a file too damaged to open as zhitong's)."""
    from pathlib import Path

    try:
        conn = sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.DatabaseError as error:
        return [("integrity: {detail}", {"detail": str(error)})]
    try:
        return integrity(conn)
    finally:
        conn.close()


def problems(store) -> list[Problem]:
    """Everything wrong with the database: SQLite's own checks, then zhitong's invariants."""
    conn = store.conn
    found = integrity(conn)
    if found:
        return found  # a damaged file's other answers cannot be trusted
    try:
        for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
            found.append(("{table} row {rowid} points to a missing {parent}", {"table": table, "rowid": rowid, "parent": parent}))
        found += triggers(conn)
        found += chain_problems(conn)
        found += case_problems(conn, store.calendar)
    except sqlite3.DatabaseError as error:
        found.append(("integrity: {detail}", {"detail": str(error)}))
    return found


def _normal(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


def expected_triggers() -> dict[str, str]:
    """Every trigger the migrations make, by name, as SQL: built in a database in memory."""
    from sqlite_utils import Database

    from zhitong.storage.migrations import migrations

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrations().apply(Database(conn, execute_plugins=False, recursive_triggers=False))
        return {name: _normal(sql) for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")}
    finally:
        conn.close()


def triggers(conn) -> list[Problem]:
    """The triggers compared by their SQL with those the migrations make: missing, changed or added."""
    want = expected_triggers()
    have = {name: _normal(sql) for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")}
    found = []
    for name in sorted(set(want) | set(have)):
        if name not in have:
            found.append(("the trigger {name} that guards the database is missing", {"name": name}))
        elif name not in want:
            found.append(("the trigger {name} is not zhitong's", {"name": name}))
        elif have[name] != want[name]:
            found.append(("the trigger {name} was changed: its SQL is not zhitong's", {"name": name}))
    return found


def chain_problems(conn) -> list[Problem]:
    """The first event whose stored hash is not the one its history gives (all after it follow)."""
    for event_id, stored, computed in history.recompute(conn):
        if stored != computed:
            return [
                (
                    "the history's hash chain breaks at event {id}: it or an event before it was changed, removed or inserted",
                    {"id": event_id},
                )
            ]
    return []


def anchor(conn, code: str) -> tuple[int | None, int]:
    """The event whose recomputed hash the anchor ``code`` is, or None; and how many events there are."""
    digits = chain.parse_anchor(code)
    count = 0
    match = None
    for event_id, _stored, computed in history.recompute(conn):
        count += 1
        if match is None and computed.startswith(digits):
            match = event_id
    return match, count


def case_problems(conn, calendar) -> list[Problem]:
    """Every case against its history, in one ordered walk over events, cases and milestones."""
    events = conn.execute("SELECT case_id, at, kind, actor, department, text, data FROM events ORDER BY case_id, id")
    milestones = conn.execute(
        "SELECT case_id, round, name, limit_text, clock, due, met_at, provisional FROM milestones ORDER BY case_id, round, name"
    )
    cases = conn.execute(
        "SELECT c.id, c.ref, e.name, c.title, c.detail, c.channel, c.received_at, c.category, c.status, d.name,"
        " c.responded_at, c.reported_at, c.resolved_at, c.filed_at, c.owner, c.plan, c.eta, c.rating, c.rating_comment,"
        " c.urges, c.transfers, c.paused_since, c.returns, c.redos, c.extensions, c.reopens, c.corrections, c.merged_into FROM cases c JOIN enterprises e ON e.id = c.enterprise_id"
        " LEFT JOIN departments d ON d.id = c.department_id ORDER BY c.id"
    )
    current = _current_names(conn)
    event_row = next(events, None)
    milestone_row = next(milestones, None)
    found: list[Problem] = []
    for row in cases:
        case_id = row[0]
        while event_row is not None and event_row[0] < case_id:
            event_row = next(events, None)
        history_rows = []
        while event_row is not None and event_row[0] == case_id:
            history_rows.append(event_row)
            event_row = next(events, None)
        while milestone_row is not None and milestone_row[0] < case_id:
            milestone_row = next(milestones, None)
        have = {}
        while milestone_row is not None and milestone_row[0] == case_id:
            have[(milestone_row[1], milestone_row[2])] = milestone_row[3:]
            milestone_row = next(milestones, None)
        found += _case(row, history_rows, have, calendar, current)
    return found


def _current_names(conn) -> dict[str, dict[str, str]]:
    """What each name a history may hold is called now: a renamed or merged record answers to its old names."""
    names: dict[str, dict[str, str]] = {}
    for record, table in (("department", "departments"), ("enterprise", "enterprises")):
        known = {name: name for (name,) in conn.execute(f"SELECT name FROM {table}")}
        if conn.execute(f"SELECT 1 FROM sqlite_master WHERE name = '{record}_aliases'").fetchone():
            known |= dict(conn.execute(f"SELECT a.name, r.name FROM {record}_aliases a JOIN {table} r ON r.id = a.{record}_id"))
        names[record] = known
    return names


def _case(row, history_rows, have, calendar, current) -> list[Problem]:
    ref = row[1]
    if not history_rows or history_rows[0][2] != "intake":
        return [("{ref}: its history does not begin with its intake", {"ref": ref})]
    try:
        events = [
            lifecycle.Event(epoch_from_iso(at), kind, actor, department, text, json.loads(data))
            for _case_id, at, kind, actor, department, text, data in history_rows
        ]
        state = lifecycle.replay(events)
    except (KeyError, ValueError, TypeError, AssertionError) as error:
        return [("{ref}: its history cannot be replayed: {reason}", {"ref": ref, "reason": str(error)})]
    intake = events[0]
    # What the history says the row holds: the projection's own columns (one rule for both),
    # and what the intake recorded.
    recorded = {
        **projection.columns(state),
        "department": state.department,
        "title": intake.text,
        "channel": intake.data.get("channel"),
    }
    # Recorded at intake since the hash chain came: the reference, the enterprise and the detail.
    for field in ("ref", "enterprise", "detail"):
        if field in intake.data:
            recorded[field] = intake.data[field]
    # A correction (edit) recorded old → new: the latest new value is what the case must say.
    for event in events:
        if event.kind == "edit":
            for field, (_old, new) in event.data.get("changes", {}).items():
                if field in ("title", "detail", "channel", "enterprise"):
                    recorded[field] = new
    for record in ("department", "enterprise"):
        if recorded.get(record) is not None:
            recorded[record] = current[record].get(recorded[record], recorded[record])
    # the columns of the query above, in its order (fmt: skip keeps them in rows, as the SELECT has them)
    stored = dict(
        zip(
            (
                "ref", "enterprise", "title", "detail", "channel", "received_at", "category", "status", "department",
                "responded_at", "reported_at", "resolved_at", "filed_at", "owner", "plan", "eta", "rating",
                "rating_comment", "urges", "transfers", "paused_since", "returns", "redos", "extensions", "reopens",
                "corrections", "merged_into",
            ),
            row[1:],
        )
    )  # fmt: skip
    found = [
        (
            "{ref}: stored {field} is {stored!r} but its history says {expected!r}",
            {"ref": ref, "field": field, "stored": stored[field], "expected": expected},
        )
        for field, expected in recorded.items()
        if stored[field] != expected
    ]
    want = {
        (m.round, m.name): (m.limit, m.clock, _stamp(m.due), _stamp(m.met_at), int(m.provisional))
        for m in lifecycle.milestones(state, calendar)
    }
    for key in sorted(set(want) | set(have)):
        name = key[1] if key[0] == 1 else f"{key[1]} ({key[0]})"  # a later round's: resolve (2)
        if key not in have:
            found.append(("{ref}: the {milestone} milestone is missing", {"ref": ref, "milestone": name}))
        elif key not in want:
            found.append(("{ref}: the {milestone} milestone is not in its history", {"ref": ref, "milestone": name}))
        else:
            for field, stored_value, expected in zip(MILESTONE_FIELDS, have[key], want[key]):
                if stored_value != expected:
                    found.append(
                        (
                            "{ref}: the {milestone} milestone's {field} is stored as {stored} but its history, policy and calendar give {expected}",
                            {"ref": ref, "milestone": name, "field": field, "stored": stored_value, "expected": expected},
                        )
                    )
    return found
