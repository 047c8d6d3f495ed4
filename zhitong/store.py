"""All SQL lives here. Every write is one immediate transaction that also appends its event.

The ``cases`` and ``milestones`` tables are a projection of the append-only ``events``: each
action replays the case's events through ``lifecycle``, checks the new one, appends it and
rewrites the projection, all in one transaction.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from zhitong.core.errors import InputError, NotFoundError
from zhitong.core.instants import epoch_from_iso, from_epoch, iso, to_epoch
from zhitong.core.models import Case, Department, Enterprise, EventRecord, Milestone
from zhitong.core.vocabulary import MILESTONES
from zhitong.storage.database import connect, default_path, is_demo_database  # noqa: F401  (re-exported)

if TYPE_CHECKING:
    from zhitong.core import (
        lifecycle,  # loaded when a case is written or checked: the views never need it
    )


def open_store(path: Path | str | None = None) -> Store:
    """Open (creating on first use) a zhitong database; refuse anything that is not one."""
    return Store(*connect(path))


class CaseFilter(NamedTuple):
    department: str | None = None
    enterprise: str | None = None
    category: str | None = None
    channel: str | None = None
    officer: str | None = None
    status: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def where(self, alias: str = "c") -> tuple[list[str], list]:
        clauses, params = [], []
        if self.department:
            clauses.append(f"{alias}.department_id = (SELECT id FROM departments WHERE name = ?)")
            params.append(self.department)
        if self.enterprise:
            clauses.append(f"{alias}.enterprise_id = (SELECT id FROM enterprises WHERE name = ?)")
            params.append(self.enterprise)
        if self.category:
            clauses.append(f"{alias}.category = ?")
            params.append(self.category)
        if self.channel:
            clauses.append(f"{alias}.channel = ?")
            params.append(self.channel)
        if self.officer:
            clauses.append(f"{alias}.enterprise_id IN (SELECT id FROM enterprises WHERE officer = ?)")
            params.append(self.officer)
        if self.status:
            clauses.append(f"{alias}.status = ?")
            params.append(self.status)
        if self.since:
            clauses.append(f"{alias}.received_at >= ?")
            params.append(iso(self.since))
        if self.until:
            clauses.append(f"{alias}.received_at < ?")
            params.append(iso(self.until))
        return clauses, params


_CASE_COLUMNS = """
    c.id, c.ref, e.name, e.credit_code, c.title, c.detail, c.category, c.channel, d.name,
    c.status, c.received_at, c.responded_at, c.reported_at, c.resolved_at, c.filed_at,
    c.owner, c.plan, c.eta, c.rating, c.rating_comment, c.urges, c.transfers, c.paused_since,
    c.returns, c.redos, c.extensions
"""
# A milestone's place in MILESTONES, as SQL: response, feedback, resolve.
_MILESTONE_RANK = (
    "CASE name " + " ".join(f"WHEN '{name}' THEN {rank}" for rank, name in enumerate(MILESTONES)) + f" ELSE {len(MILESTONES)} END"
)
_CASE_FROM = """
    FROM cases c JOIN enterprises e ON e.id = c.enterprise_id
    LEFT JOIN departments d ON d.id = c.department_id
"""


# ZT-2026-0007, zt 2026 7, 2026-7, 26-7, 0007, 7; and ZT20260007 without separators.
_REF = r"^(?:ZT[-\s]*)?(?:(\d{4}|\d{2})[-\s/]+)?(\d{1,6})$"  # compiled on first use, like the next
_REF_RUN_TOGETHER = r"^ZT(\d{4})(\d{4,6})$"


def _ref_parts(text: str) -> tuple[int | None, int] | None:
    """(year or None for this year's, number) of a reference as typed; None when it is none."""
    from zhitong.core.normalize import normalize

    cleaned = normalize(text).upper()
    match = re.match(_REF, cleaned) or re.match(_REF_RUN_TOGETHER, cleaned)
    if not match:
        return None
    year, seq = match.groups()
    if year is not None and len(year) == 2:
        year = "20" + year
    return (int(year) if year else None), int(seq)


def _stamp(seconds: int | None) -> str | None:
    """Epoch seconds as stored: ISO 8601 in the zone's time."""
    return iso(from_epoch(seconds)) if seconds is not None else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path

    def close(self) -> None:
        self.conn.close()

    def mark_demo(self) -> None:
        with self.transaction() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS zhitong_demo (built_at TEXT NOT NULL)")
            conn.execute("INSERT INTO zhitong_demo VALUES (?)", (iso(datetime.now().astimezone()),))

    @contextmanager
    def transaction(self):
        """One write transaction, begun immediately so concurrent writers queue, not fail."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- calendar -------------------------------------------------------------------------------

    @cached_property
    def calendar(self):
        from zhitong.core.calendar_data import work_calendar

        return work_calendar(self.user_days(), self.user_years())

    def covered_years(self) -> frozenset[int]:
        """The covered years, without building the calendar (the start-up path needs only this)."""
        from zhitong.core.calendar_data import covered_years

        return covered_years(self.user_years())

    def user_days(self) -> dict[date, bool]:
        return {date.fromisoformat(day): bool(working) for day, working in self.conn.execute("SELECT day, working FROM calendar_days")}

    def user_day_names(self) -> dict[date, tuple[bool, str | None]]:
        rows = self.conn.execute("SELECT day, working, name FROM calendar_days")
        return {date.fromisoformat(day): (bool(working), name) for day, working, name in rows}

    def user_years(self) -> set[int]:
        return {row[0] for row in self.conn.execute("SELECT year FROM calendar_years")}

    def set_calendar_days(self, days: dict[date, tuple[bool, str | None]], years: set[int], unset: set[date] = frozenset()) -> int:
        """Enter days and whole years, and recompute every deadline they touch, atomically.

        Closed cases are recomputed too: whether a deadline was met on time depends on the
        calendar, and the monthly assessment must not keep a provisional verdict. Returns how
        many cases had a deadline moved or made final.
        """
        touched = set(days) | set(unset) | {date(year, 1, 1) for year in years} | {date(year, 12, 31) for year in years}
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO calendar_days (day, working, name) VALUES (?, ?, ?) "
                "ON CONFLICT (day) DO UPDATE SET working = excluded.working, name = excluded.name",
                [(day.isoformat(), int(working), name) for day, (working, name) in days.items()],
            )
            conn.executemany("DELETE FROM calendar_days WHERE day = ?", [(day.isoformat(),) for day in unset])
            entered = iso(datetime.now().astimezone())
            conn.executemany(
                "INSERT INTO calendar_years (year, entered_at) VALUES (?, ?) "
                "ON CONFLICT (year) DO UPDATE SET entered_at = excluded.entered_at",
                [(year, entered) for year in years],
            )
            self.__dict__.pop("calendar", None)
            return self._reproject_spanning(min(touched), max(touched)) if touched else 0

    def _reproject_spanning(self, first: date, last: date) -> int:
        """Recompute the cases whose deadlines were computed across any day in [first, last]."""
        ids = [
            row[0]
            for row in self.conn.execute(
                "SELECT DISTINCT m.case_id FROM milestones m JOIN cases c ON c.id = m.case_id WHERE m.due >= ? AND c.received_at < ?",
                (first.isoformat(), (last + timedelta(days=1)).isoformat()),
            )
        ]
        changed = 0
        for case_id in ids:
            query = "SELECT name, due, provisional FROM milestones WHERE case_id = ? ORDER BY name"
            before = self.conn.execute(query, (case_id,)).fetchall()
            self._project(case_id, self._replay(case_id))
            changed += before != self.conn.execute(query, (case_id,)).fetchall()
        return changed

    # -- departments and enterprises --------------------------------------------------------------

    def add_department(self, name: str, head: str | None = None, phone: str | None = None) -> Department:
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM departments WHERE name = ?", (name,)).fetchone():
                raise InputError("department {name!r} already exists", name=name)
            cursor = conn.execute(
                "INSERT INTO departments (name, head, phone, created_at) VALUES (?, ?, ?, ?)",
                (name, head, phone, iso(datetime.now().astimezone())),
            )
        return Department(cursor.lastrowid, name, head, phone)

    def departments(self) -> list[Department]:
        rows = self.conn.execute("SELECT id, name, head, phone FROM departments ORDER BY name")
        return [Department(*row) for row in rows]

    def find_department(self, text: str) -> Department:
        row = self._find_by_name("departments", "department", text, "id, name, head, phone")
        return Department(*row)

    def add_enterprise(self, enterprise: Enterprise, *, along=None) -> Enterprise:
        """Add an enterprise; ``along(conn, added)``, if given, writes what goes with it (its tags) in the same transaction."""
        with self.transaction() as conn:
            added = self._insert_enterprise(conn, enterprise)
            if along is not None:
                along(conn, added)
            return added

    def _insert_enterprise(self, conn, enterprise: Enterprise) -> Enterprise:
        if conn.execute("SELECT 1 FROM enterprises WHERE name = ?", (enterprise.name,)).fetchone():
            raise InputError("enterprise {name!r} already exists", name=enterprise.name)
        if enterprise.credit_code:
            other = conn.execute("SELECT name FROM enterprises WHERE credit_code = ?", (enterprise.credit_code,)).fetchone()
            if other:
                raise InputError("credit code {code} already belongs to {name}", code=enterprise.credit_code, name=other[0])
        cursor = conn.execute(
            "INSERT INTO enterprises (name, credit_code, grp, key_enterprise, contact, phone, officer, leader, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                enterprise.name,
                enterprise.credit_code,
                enterprise.group,
                int(enterprise.key),
                enterprise.contact,
                enterprise.phone,
                enterprise.officer,
                enterprise.leader,
                iso(datetime.now().astimezone()),
            ),
        )
        return enterprise._replace(id=cursor.lastrowid)

    _ENTERPRISE_COLUMNS = "id, name, credit_code, grp, key_enterprise, contact, phone, officer, leader"

    def enterprises(self) -> list[Enterprise]:
        rows = self.conn.execute(f"SELECT {self._ENTERPRISE_COLUMNS} FROM enterprises ORDER BY key_enterprise DESC, name")
        return [self._enterprise(row) for row in rows]

    def find_enterprise(self, text: str) -> Enterprise:
        return self._enterprise(self._find_by_name("enterprises", "enterprise", text, self._ENTERPRISE_COLUMNS))

    @staticmethod
    def _enterprise(row) -> Enterprise:
        return Enterprise(row[0], row[1], row[2], row[3], bool(row[4]), row[5], row[6], row[7], row[8])

    def edit_enterprise(self, enterprise: Enterprise, changes: dict, *, along=None) -> Enterprise:
        """Change an enterprise's registry fields (``changes``: field → new value) in one transaction.

        ``along(conn)``, if given, writes what goes with the change (its tags) in the same transaction.
        """
        columns = {
            "contact": "contact",
            "phone": "phone",
            "officer": "officer",
            "leader": "leader",
            "group": "grp",
            "key": "key_enterprise",
        }
        with self.transaction() as conn:
            for field, value in changes.items():
                conn.execute(
                    f"UPDATE enterprises SET {columns[field]} = ? WHERE id = ?", (int(value) if field == "key" else value, enterprise.id)
                )
            if along is not None:
                along(conn)
        return self.find_enterprise(enterprise.name)

    def _find_by_name(self, table: str, noun: str, text: str, columns: str):
        """An exact name, or a unique substring of one; otherwise an error naming candidates."""
        needle = text.strip()
        if not needle:
            raise InputError("empty {noun} name", noun=noun)
        row = self.conn.execute(f"SELECT {columns} FROM {table} WHERE name = ?", (needle,)).fetchone()
        if row:
            return row
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.conn.execute(
            f"SELECT {columns} FROM {table} WHERE name LIKE ? ESCAPE '\\' ORDER BY name LIMIT 11", (f"%{escaped}%",)
        ).fetchall()
        if len(rows) == 1:
            return rows[0]
        if rows:
            names = "、".join(row[1] for row in rows[:10])
            raise NotFoundError("{noun} {value!r} is ambiguous: {names}", hint="give more of the name", noun=noun, value=text, names=names)
        import difflib

        everything = [row[0] for row in self.conn.execute(f"SELECT name FROM {table}")]
        close = difflib.get_close_matches(needle, everything, n=5, cutoff=0.3)
        if close:
            raise NotFoundError("no {noun} {value!r}; did you mean {names}?", noun=noun, value=text, names="、".join(close))
        raise NotFoundError(
            "no {noun} {value!r}",
            hint="list them with zhitong {command} list",
            noun=noun,
            value=text,
            command="dept" if table == "departments" else "ent",
        )

    # -- cases: writes ----------------------------------------------------------------------------

    def add_case(
        self,
        *,
        enterprise: Enterprise,
        title: str,
        detail: str | None,
        category: str,
        channel: str,
        limits: dict,
        at: datetime,
        actor: str,
        department: Department | None = None,
        answer: str | None = None,
        source_id: str | None = None,
        along=None,
    ) -> str:
        """Log a case with its intake (and assignment, and on-the-spot answer) events; its ref.

        ``along(conn, case_id)``, if given, writes what belongs with the case in the same
        transaction (a package item's row) and may refuse it, leaving nothing written.
        """
        from zhitong.core import lifecycle

        year = at.year
        with self.transaction() as conn:
            seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM cases WHERE year = ?", (year,)).fetchone()[0]
            ref = f"ZT-{year}-{seq:04d}"
            cursor = conn.execute(
                "INSERT INTO cases (ref, year, seq, enterprise_id, title, detail, category, channel, status,"
                " received_at, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)",
                (ref, year, seq, enterprise.id, title, detail, category, channel, iso(at), source_id),
            )
            case_id = cursor.lastrowid
            events = [
                lifecycle.Event(to_epoch(at), "intake", actor, None, title, {"category": category, "limits": limits, "channel": channel})
            ]
            if department is not None:
                events.append(lifecycle.Event(to_epoch(at), "assign", actor, department.name, "", {}))
            if answer:
                events.append(lifecycle.Event(to_epoch(at), "resolve", actor, department.name if department else None, answer, {}))
            state = None
            for event in events:
                if state is not None:
                    lifecycle.check(state, event)
                state = lifecycle.apply(state, event)
                self._append_event(case_id, event)
            self._project(case_id, state)
            if along is not None:
                along(conn, case_id)
        return ref

    def act(
        self,
        ref: str,
        kind: str,
        *,
        at: datetime,
        actor: str,
        text: str = "",
        data: dict | None = None,
        department: Department | None = None,
        along=None,
        then: tuple = (),
    ) -> Case:
        """Perform one lifecycle action on a case, or refuse it with the reason.

        ``along(conn, case_id, event_id)``, if given, writes what the event records beside the
        history (a disbursement) in the same transaction, and may refuse it. ``then`` holds
        (kind, text, data) of actions that follow from it at the same instant, in the same
        transaction (a poor rating's redo).
        """
        from zhitong.core import lifecycle

        data = data or {}
        ref = self.resolve_ref(ref)
        with self.transaction():
            case_id, received_at, current_department = self._case_key(ref)
            if to_epoch(at) < epoch_from_iso(received_at):
                raise InputError(
                    "{when} is before the case was received ({received})", when=at, received=datetime.fromisoformat(received_at)
                )
            events = self._events(case_id)
            last = max(events, key=lambda event: event.at)
            if to_epoch(at) < last.at:
                # The history is told in order: an answer cannot predate the pause it follows.
                raise InputError(
                    "{when} is before the case's last recorded action ({kind} at {last})",
                    hint="give a time after it",
                    when=at,
                    kind=last.kind,
                    last=from_epoch(last.at),
                )
            state = lifecycle.replay(events)
            if kind == "rate" and state.rating is not None and state.rated_this_round:
                # a second rating is its own event; the one it replaces is named in it, so the history reads as a change
                data = {**data, "previous": state.rating}
            after = department.name if department else current_department
            if kind == "return":
                # the case goes back unassigned; the event names who gave it back
                after, data = None, {**data, "from": current_department}
            for step, step_text, step_data in ((kind, text, data), *then):
                event = lifecycle.Event(to_epoch(at), step, actor, after, step_text, step_data)
                lifecycle.check(state, event, self.calendar)
                event_id = self._append_event(case_id, event)
                state = lifecycle.apply(state, event)
                if along is not None and step == kind:
                    along(self.conn, case_id, event_id)
            self._project(case_id, state)
        return self.case(ref)

    def _case_key(self, ref: str) -> tuple[int, str, str | None]:
        return self.conn.execute(
            "SELECT c.id, c.received_at, d.name FROM cases c LEFT JOIN departments d ON d.id = c.department_id WHERE c.ref = ?",
            (self.resolve_ref(ref),),
        ).fetchone()

    def resolve_ref(self, text: str) -> str:
        """The full reference of a case as the officer may type it, or NotFoundError naming the nearest.

        ZT-2026-0007, zt-2026-7, 2026-7, 26-7, 0007 and 7 are one case: a number without a
        year is this year's (the clock's, ZHITONG_NOW in tests). Every command that takes a
        reference comes here.
        """
        parts = _ref_parts(text)
        if parts is None:
            raise NotFoundError("no case {ref!r}", hint="list them with zhitong list", ref=text)
        year, seq = parts
        if year is None:
            from zhitong.edge.when import now

            year = now().year
        ref = f"ZT-{year}-{seq:04d}"
        if self.conn.execute("SELECT 1 FROM cases WHERE ref = ?", (ref,)).fetchone():
            return ref
        # The nearest numbers of that year, and the same number in the nearest other years.
        nearest = self.conn.execute(
            "SELECT ref FROM (SELECT ref FROM cases WHERE year = ? ORDER BY abs(seq - ?), seq LIMIT 3)"
            " UNION SELECT ref FROM (SELECT ref FROM cases WHERE seq = ? AND year != ? ORDER BY abs(year - ?) LIMIT 2)",
            (year, seq, seq, year, year),
        ).fetchall()
        if not nearest:
            raise NotFoundError("no case {ref!r}", hint="list them with zhitong list", ref=text)
        refs = ", ".join(sorted(row[0] for row in nearest))
        raise NotFoundError("no case {ref!r}; the nearest are {refs}", hint="list them with zhitong list", ref=text, refs=refs)

    def _append_event(self, case_id: int, event: lifecycle.Event) -> int:
        import json  # writes, histories and the case card need it; the daily views never do

        return self.conn.execute(
            "INSERT INTO events (case_id, at, kind, actor, department, text, data, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                case_id,
                iso(from_epoch(event.at)),
                event.kind,
                event.actor,
                event.department,
                event.text,
                json.dumps(event.data, ensure_ascii=False),
                iso(datetime.now().astimezone()),
            ),
        ).lastrowid

    def _events(self, case_id: int) -> list[lifecycle.Event]:
        import json

        from zhitong.core import lifecycle

        rows = self.conn.execute("SELECT at, kind, actor, department, text, data FROM events WHERE case_id = ? ORDER BY id", (case_id,))
        return [
            lifecycle.Event(epoch_from_iso(at), kind, actor, department, text, json.loads(data))
            for at, kind, actor, department, text, data in rows
        ]

    def _replay(self, case_id: int) -> lifecycle.CaseState:
        from zhitong.core import lifecycle

        return lifecycle.replay(self._events(case_id))

    def _project(self, case_id: int, state: lifecycle.CaseState) -> None:
        """Write the state's columns and deadlines: the only place that updates a case."""
        from zhitong.core import lifecycle

        self.conn.execute(
            "UPDATE cases SET category = ?, status = ?, department_id = (SELECT id FROM departments WHERE name = ?),"
            " responded_at = ?, reported_at = ?, resolved_at = ?, filed_at = ?, owner = ?, plan = ?, eta = ?,"
            " rating = ?, rating_comment = ?, urges = ?, transfers = ?, paused_since = ?, returns = ?, redos = ?, extensions = ?"
            " WHERE id = ?",
            (
                state.category,
                state.status,
                state.department,
                _stamp(state.responded_at),
                _stamp(state.reported_at),
                _stamp(state.resolved_at),
                _stamp(state.filed_at),
                state.owner,
                state.plan,
                state.eta,
                state.rating,
                state.rating_comment,
                state.urges,
                state.transfers,
                _stamp(state.paused_since),
                state.returns,
                state.redos,
                state.extensions,
                case_id,
            ),
        )
        self.conn.execute("DELETE FROM milestones WHERE case_id = ?", (case_id,))
        self.conn.executemany(
            "INSERT INTO milestones (case_id, name, limit_text, clock, due, met_at, provisional) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (case_id, m.name, m.limit, m.clock, _stamp(m.due), _stamp(m.met_at), int(m.provisional))
                for m in lifecycle.milestones(state, self.calendar)
            ],
        )

    # -- cases: reads -----------------------------------------------------------------------------

    def case_with_state(self, ref: str) -> tuple[Case, lifecycle.CaseState]:
        """The case as stored, and its state replayed from its history (what `explain` tells from)."""
        case = self.case(ref, with_events=False)
        (case_id,) = self.conn.execute("SELECT id FROM cases WHERE ref = ?", (case.ref,)).fetchone()
        return case, self._replay(case_id)

    def day_names(self) -> dict[date, str]:
        from zhitong.core.calendar_data import day_names

        return day_names(self.user_day_names())

    def case(self, ref: str, *, with_events: bool = True) -> Case:
        row = self.conn.execute(f"SELECT {_CASE_COLUMNS} {_CASE_FROM} WHERE c.ref = ?", (self.resolve_ref(ref),)).fetchone()
        milestones = self._milestones([row[0]])
        events = ()
        if with_events:
            import json

            events = tuple(
                EventRecord(datetime.fromisoformat(at), kind, actor, department, text, json.loads(data) if data else {})
                for at, kind, actor, department, text, data in self.conn.execute(
                    "SELECT at, kind, actor, department, text, data FROM events WHERE case_id = ? ORDER BY id", (row[0],)
                )
            )
        return self._case(row, milestones.get(row[0], ()), events)

    def cases(self, filters: CaseFilter = CaseFilter(), *, open_only: bool = False, limit: int | None = None) -> list[Case]:
        clauses, params = filters.where()
        if open_only:
            clauses.append("c.status NOT IN ('resolved', 'filed')")
        sql = f"SELECT {_CASE_COLUMNS} {_CASE_FROM}"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY c.received_at, c.id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self._cases_from(sql, params)

    def cases_by_id(self, case_ids: list[int]) -> dict[int, Case]:
        """The cases with these row ids (as the search index and bulk imports know them)."""
        found: dict[int, Case] = {}
        for start in range(0, len(case_ids), 500):
            chunk = case_ids[start : start + 500]
            sql = f"SELECT {_CASE_COLUMNS} {_CASE_FROM} WHERE c.id IN ({','.join('?' * len(chunk))})"
            rows = self.conn.execute(sql, chunk).fetchall()
            milestones = self._milestones([row[0] for row in rows])
            found.update((row[0], self._case(row, milestones.get(row[0], ()))) for row in rows)
        return found

    def _cases_from(self, sql: str, params) -> list[Case]:
        """Cases for rows of ``_CASE_COLUMNS``, each with its milestones (one more query)."""
        rows = self.conn.execute(sql, params).fetchall()
        milestones = self._milestones([row[0] for row in rows])
        return [self._case(row, milestones.get(row[0], ())) for row in rows]

    def _milestones(self, case_ids: list[int]) -> dict[int, tuple[Milestone, ...]]:
        """Each case's milestones, in the order of ``MILESTONES`` (SQLite sorts them)."""
        result: dict[int, list[Milestone]] = {}
        parse = datetime.fromisoformat
        for start in range(0, len(case_ids), 500):
            chunk = case_ids[start : start + 500]
            rows = self.conn.execute(
                "SELECT case_id, name, limit_text, clock, due, met_at, provisional FROM milestones"
                f" WHERE case_id IN ({','.join('?' * len(chunk))}) ORDER BY case_id, {_MILESTONE_RANK}, name",
                chunk,
            )
            for case_id, name, limit, clock, due, met_at, provisional in rows:
                milestone = Milestone(name, limit, clock, parse(due), parse(met_at) if met_at else None, bool(provisional))
                if case_id in result:
                    result[case_id].append(milestone)
                else:
                    result[case_id] = [milestone]
        return {key: tuple(value) for key, value in result.items()}

    @staticmethod
    def _case(row, milestones, events=()) -> Case:
        (
            _id,
            ref,
            enterprise,
            code,
            title,
            detail,
            category,
            channel,
            department,
            status,
            received,
            responded,
            reported,
            resolved,
            filed,
            owner,
            plan,
            eta,
            rating,
            comment,
            urges,
            transfers,
            paused,
            returns,
            redos,
            extensions,
        ) = row
        return Case(
            ref,
            enterprise,
            code,
            title,
            detail,
            category,
            channel,
            department,
            status,
            datetime.fromisoformat(received),
            _dt(responded),
            _dt(reported),
            _dt(resolved),
            _dt(filed),
            owner,
            plan,
            _dt(eta),
            rating,
            comment,
            urges,
            transfers,
            _dt(paused),
            tuple(milestones),
            events,
            returns=returns,
            redos=redos,
            extensions=extensions,
        )

    def enterprise_cases(self, enterprise: Enterprise) -> list[Case]:
        return self.cases(CaseFilter(enterprise=enterprise.name))

    def recompute(self, refs: list[str], policy, *, at: datetime, actor: str) -> int:
        """Apply ``policy``'s limits to the named open cases; each gets a recompute event."""
        from zhitong.core import lifecycle
        from zhitong.core.policy import limits_for

        changed = 0
        with self.transaction():
            for ref in refs:
                case_id, _received, department = self._case_key(ref)
                state = self._replay(case_id)
                if state.closed or self._is_package_item(case_id):
                    # a package item's deadline is the item's own, not its category's
                    continue
                limits = limits_for(policy, state.category)
                if limits == state.limits:
                    continue
                event = lifecycle.Event(to_epoch(at), "recompute", actor, department, "", {"limits": limits})
                self._append_event(case_id, event)
                self._project(case_id, lifecycle.apply(state, event))
                changed += 1
        return changed

    def _is_package_item(self, case_id: int) -> bool:
        return self.conn.execute("SELECT channel FROM cases WHERE id = ?", (case_id,)).fetchone()[0] == "package"

    # -- views ------------------------------------------------------------------------------------

    def open_cases_by_due(self, filters: CaseFilter = CaseFilter(), *, due_before: datetime | None = None) -> list[Case]:
        """Open cases with an unmet milestone (due before ``due_before``, if given), via the open-milestone index."""
        clauses, params = filters.where()
        # The open-milestone index, named: DISTINCT alone tempts SQLite to walk every milestone
        # in case order. CROSS JOIN keeps the open ones as the outer loop, so a filter on a
        # department or an enterprise never turns the plan into a walk over every case.
        sql = (
            f"SELECT {_CASE_COLUMNS} FROM"
            " (SELECT DISTINCT case_id FROM milestones INDEXED BY milestones_open_due WHERE met_at IS NULL"
            + (" AND due < ?" if due_before else "")
            + ") open"
            " CROSS JOIN cases c ON c.id = open.case_id JOIN enterprises e ON e.id = c.enterprise_id"
            " LEFT JOIN departments d ON d.id = c.department_id"
        )
        params = ([iso(due_before)] if due_before else []) + params
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        return self._cases_from(sql, params)

    def returns_by_department(self, filters: CaseFilter) -> dict[str, int]:
        """How many times each department gave back (回退) a case of the filter's."""
        clauses, params = filters.where()
        sql = (
            "SELECT json_extract(ev.data, '$.from'), COUNT(*) FROM events ev JOIN cases c ON c.id = ev.case_id"
            " WHERE ev.kind = 'return'" + "".join(f" AND {clause}" for clause in clauses) + " GROUP BY 1"
        )
        return {name: count for name, count in self.conn.execute(sql, params) if name}

    def escalated_cases(self, filters: CaseFilter, redos: int) -> list[Case]:
        """Open cases redone at least ``redos`` times (escalated supervision), through the index of redone cases."""
        clauses, params = filters.where()
        clauses = ["c.redos > 0", "c.redos >= ?", "c.status NOT IN ('resolved', 'filed')", *clauses]
        sql = f"SELECT {_CASE_COLUMNS} {_CASE_FROM} WHERE " + " AND ".join(clauses) + " ORDER BY c.redos DESC, c.received_at, c.id"
        return self._cases_from(sql, [max(redos, 1), *params])

    # -- maintenance ------------------------------------------------------------------------------

    def backup(self, destination: Path) -> None:
        """A consistent copy through SQLite's online backup, even while others write."""
        destination = Path(destination)
        if destination.exists():
            raise InputError("{path} already exists; zhitong will not overwrite it", hint="name a new file", path=str(destination))
        partial = destination.with_name(destination.name + ".partial")
        partial.unlink(missing_ok=True)
        fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        try:
            target = sqlite3.connect(partial)
            try:
                self.conn.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
            os.replace(partial, destination)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise

    def problems(self) -> list[tuple[str, dict]]:
        """Everything wrong with the database: SQLite's own checks, then zhitong's invariants."""
        found: list[tuple[str, dict]] = []
        for (message,) in self.conn.execute("PRAGMA integrity_check"):
            if message != "ok":
                found.append(("integrity: {detail}", {"detail": message}))
        for table, rowid, parent, _fk in self.conn.execute("PRAGMA foreign_key_check"):
            found.append(("{table} row {rowid} points to a missing {parent}", {"table": table, "rowid": rowid, "parent": parent}))
        for trigger in ("events_append_only_update", "events_append_only_delete"):
            if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?", (trigger,)).fetchone():
                found.append(("the trigger {name} that keeps the history append-only is missing", {"name": trigger}))
        for case_id, ref in self.conn.execute("SELECT id, ref FROM cases ORDER BY id").fetchall():
            found.extend(self._case_problems(case_id, ref))
        return found

    def _case_problems(self, case_id: int, ref: str) -> list[tuple[str, dict]]:
        from zhitong.core import lifecycle

        events = self._events(case_id)
        if not events or events[0].kind != "intake":
            return [("{ref}: its history does not begin with its intake", {"ref": ref})]
        try:
            state = lifecycle.replay(events)
        except (KeyError, ValueError, TypeError, AssertionError) as error:
            return [("{ref}: its history cannot be replayed: {reason}", {"ref": ref, "reason": str(error)})]
        expected = {
            "category": state.category,
            "status": state.status,
            "department": state.department,
            "responded_at": _stamp(state.responded_at),
            "reported_at": _stamp(state.reported_at),
            "resolved_at": _stamp(state.resolved_at),
            "filed_at": _stamp(state.filed_at),
            "owner": state.owner,
            "plan": state.plan,
            "eta": state.eta,
            "rating": state.rating,
            "urges": state.urges,
            "transfers": state.transfers,
            "paused_since": _stamp(state.paused_since),
            "returns": state.returns,
            "redos": state.redos,
            "extensions": state.extensions,
        }
        row = self.conn.execute(
            "SELECT c.category, c.status, d.name, c.responded_at, c.reported_at, c.resolved_at, c.filed_at, c.owner,"
            " c.plan, c.eta, c.rating, c.urges, c.transfers, c.paused_since, c.returns, c.redos, c.extensions"
            " FROM cases c LEFT JOIN departments d ON d.id = c.department_id WHERE c.id = ?",
            (case_id,),
        ).fetchone()
        found = [
            (
                "{ref}: stored {field} is {stored!r} but its history says {expected!r}",
                {"ref": ref, "field": field, "stored": stored, "expected": expected[field]},
            )
            for field, stored in zip(expected, row)
            if stored != expected[field]
        ]
        want = {
            m.name: (m.limit, m.clock, _stamp(m.due), _stamp(m.met_at), int(m.provisional))
            for m in lifecycle.milestones(state, self.calendar)
        }
        have = {
            name: rest
            for name, *rest in self.conn.execute(
                "SELECT name, limit_text, clock, due, met_at, provisional FROM milestones WHERE case_id = ?", (case_id,)
            )
        }
        for name in sorted(set(want) | set(have)):
            if tuple(have.get(name, ())) != want.get(name, ()):
                found.append(
                    (
                        "{ref}: the {milestone} deadline stored is {stored} but policy and calendar give {expected}",
                        {
                            "ref": ref,
                            "milestone": name,
                            "stored": (have.get(name) or [None] * 3)[2],
                            "expected": (want.get(name) or [None] * 3)[2],
                        },
                    )
                )
        return found
