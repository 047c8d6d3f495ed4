"""A case's projection: its history read back, and its columns and deadlines written from the state.

The one place that updates a case's row and its milestones (``project``), used by every write
of ``store.Store`` and by migrations that must project cases again.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from zhitong.core import lifecycle
from zhitong.core.instants import epoch_from_iso, stored


def stamp(seconds: int | None) -> str | None:
    """Epoch seconds as stored: ISO 8601 in the zone's time (``instants.stored``)."""
    return stored(seconds) if seconds is not None else None


def events(conn: sqlite3.Connection, case_id: int) -> list[lifecycle.Event]:
    rows = conn.execute("SELECT at, kind, actor, department, text, data FROM events WHERE case_id = ? ORDER BY id", (case_id,))
    return [
        lifecycle.Event(epoch_from_iso(at), kind, actor, department, text, json.loads(data))
        for at, kind, actor, department, text, data in rows
    ]


# A department named in the history may since have been renamed or merged: its alias finds it.
DEPARTMENT_ID = "COALESCE((SELECT id FROM departments WHERE name = ?1), (SELECT department_id FROM department_aliases WHERE name = ?1))"


def columns(state: lifecycle.CaseState) -> dict:
    """The case's columns as the state gives them (the department by name: see DEPARTMENT_ID)."""
    return {
        "category": state.category,
        "status": state.status,
        "responded_at": stamp(state.responded_at),
        "reported_at": stamp(state.reported_at),
        "resolved_at": stamp(state.resolved_at),
        "filed_at": stamp(state.filed_at),
        "owner": state.owner,
        "plan": state.plan,
        "eta": state.eta,
        "rating": state.rating,
        "rating_comment": state.rating_comment,
        "urges": state.urges,
        "transfers": state.transfers,
        "paused_since": stamp(state.paused_since),
        "reopens": state.reopens,
        "corrections": state.corrections,
        "merged_into": state.merged_into,
        "received_at": stamp(state.received_at),
        "returns": state.returns,
        "redos": state.redos,
        "extensions": state.extensions,
    }


def project(conn: sqlite3.Connection, case_id: int, state: lifecycle.CaseState, calendar, existing: set[str] | None = None) -> None:
    """Write the state's columns and every round's deadlines.

    ``existing`` names the columns the table has, for a migration that runs before later ones
    add theirs; by default every column is written.
    """
    values = columns(state)
    if existing is not None:
        values = {name: value for name, value in values.items() if name in existing}
    assignments = ", ".join(f"{name} = ?" for name in values)
    conn.execute(
        f"UPDATE cases SET department_id = {DEPARTMENT_ID}, {assignments} WHERE id = ?",
        (state.department, *values.values(), case_id),
    )
    conn.execute("DELETE FROM milestones WHERE case_id = ?", (case_id,))
    conn.executemany(
        "INSERT INTO milestones (case_id, round, name, limit_text, clock, due, met_at, provisional) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (case_id, m.round, m.name, m.limit, m.clock, stamp(m.due), stamp(m.met_at), int(m.provisional))
            for m in lifecycle.milestones(state, calendar)
        ],
    )


def stored_calendar(conn: sqlite3.Connection):
    """The working calendar with the years entered in this database."""
    from zhitong.core.calendar_data import work_calendar

    days = {date.fromisoformat(day): bool(working) for day, working in conn.execute("SELECT day, working FROM calendar_days")}
    years = {row[0] for row in conn.execute("SELECT year FROM calendar_years")}
    return work_calendar(days, years)


def project_rounds(conn: sqlite3.Connection) -> int:
    """Project again what migration 0004 reads anew; how many cases there were.

    Every case ever reopened (its first round's verdicts stand, the later rounds are their
    own), and every case closed without a separate answer (its resolution met the response
    milestone, and ``responded_at`` now says when).
    """
    ids = [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT case_id FROM events WHERE kind = 'reopen'"
            " UNION SELECT id FROM cases WHERE responded_at IS NULL AND status IN ('resolved', 'filed') ORDER BY 1"
        )
    ]
    if ids:
        calendar = stored_calendar(conn)
        existing = {row[1] for row in conn.execute("PRAGMA table_info(cases)")}
        for case_id in ids:
            project(conn, case_id, lifecycle.replay(events(conn, case_id)), calendar, existing)
    return len(ids)
