"""All SQL lives here. Every write is one immediate transaction that also appends its event.

The ``cases`` and ``milestones`` tables are a projection of the append-only ``events``: each
action replays the case's events through ``lifecycle``, checks the new one, appends it and
rewrites the projection, all in one transaction.
"""

from __future__ import annotations

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
from zhitong.core.vocabulary import MILESTONES, SET_ASIDE
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
    set_aside: bool = True  # False: leave out withdrawn and merged cases (the views, the assessment, the export)

    def where(self, alias: str = "c") -> tuple[list[str], list]:
        clauses, params = [], []
        if not self.set_aside:
            clauses.append(f"{alias}.status NOT IN ({SET_ASIDE_SQL})")
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
    c.reopens, c.corrections, c.merged_into,
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


SET_ASIDE_SQL = ", ".join(f"'{status}'" for status in SET_ASIDE)


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


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path
        self._checked = False  # the quick check before the first write (storage/database.refuse_damaged)

    def close(self) -> None:
        self.conn.close()
        if self._checked:  # checked before writing, and written by SQLite since: the next command need not check again
            from zhitong.storage.database import remember_checked

            remember_checked(self.path)

    def mark_demo(self) -> None:
        with self.transaction() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS zhitong_demo (built_at TEXT NOT NULL)")
            conn.execute("INSERT INTO zhitong_demo VALUES (?)", (iso(datetime.now().astimezone()),))

    @contextmanager
    def transaction(self):
        """One write transaction, begun immediately so concurrent writers queue, not fail."""
        if not self._checked:
            from zhitong.storage.database import refuse_damaged

            refuse_damaged(self.conn, self.path)
            self._checked = True
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            # SQLite may have rolled back already (a full disk does): the first error is the one to tell
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise

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
            moved = self._reproject_spanning(min(touched), max(touched)) if touched else []
            label = ", ".join(str(year) for year in sorted(years)) or (f"{min(touched)} – {max(touched)}" if touched else "")
            self._log(
                "calendar",
                label,
                "enter",
                {"days": len(days), "unset": len(unset), "years": sorted(years), "cases": moved},
            )
            return len(moved)

    def _reproject_spanning(self, first: date, last: date) -> list[dict]:
        """Recompute the cases whose deadlines were computed across any day in [first, last]."""
        ids = [
            row[0]
            for row in self.conn.execute(
                "SELECT DISTINCT m.case_id FROM milestones m JOIN cases c ON c.id = m.case_id WHERE m.due >= ? AND c.received_at < ?",
                (first.isoformat(), (last + timedelta(days=1)).isoformat()),
            )
        ]
        moved = []
        for case_id in ids:
            query = "SELECT round, name, due, provisional FROM milestones WHERE case_id = ? ORDER BY round, name"
            before = self.conn.execute(query, (case_id,)).fetchall()
            self._project(case_id, self._replay(case_id))
            after = self.conn.execute(query, (case_id,)).fetchall()
            if before != after:
                ref = self.conn.execute("SELECT ref FROM cases WHERE id = ?", (case_id,)).fetchone()[0]
                changes = [
                    {"round": old[0], "milestone": old[1], "from": old[2], "to": new[2], "provisional": bool(new[3])}
                    for old, new in zip(before, after)
                    if old != new
                ]
                moved.append({"ref": ref, "moved": changes})
        return moved

    # -- the records log ----------------------------------------------------------------------------

    def _log(self, record: str, name: str, action: str, data: dict | None = None) -> None:
        """One row of the append-only records log, inside the caller's transaction."""
        import json

        from zhitong.edge.config import actor
        from zhitong.edge.when import now

        self.conn.execute(
            "INSERT INTO records_log (at, actor, record, name, action, data, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (iso(now()), actor(), record, name, action, json.dumps(data or {}, ensure_ascii=False), iso(datetime.now().astimezone())),
        )

    def records_log(self, since: datetime | None = None) -> list[dict]:
        """The records log, newest first: when, who, what record, what changed."""
        import json

        sql = "SELECT at, actor, record, name, action, data FROM records_log"
        params: list = []
        if since is not None:
            sql += " WHERE at >= ?"
            params.append(iso(since))
        rows = self.conn.execute(sql + " ORDER BY at DESC, id DESC", params)
        return [
            {"at": at, "actor": who, "record": record, "name": name, "action": action, "data": json.loads(data)}
            for at, who, record, name, action, data in rows
        ]

    # -- departments and enterprises --------------------------------------------------------------

    def add_department(self, name: str, head: str | None = None, phone: str | None = None) -> Department:
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM departments WHERE name = ?", (name,)).fetchone():
                raise InputError("department {name!r} already exists", name=name)
            cursor = conn.execute(
                "INSERT INTO departments (name, head, phone, created_at) VALUES (?, ?, ?, ?)",
                (name, head, phone, iso(datetime.now().astimezone())),
            )
            self._log("department", name, "add", {"head": head, "phone": phone})
        return Department(cursor.lastrowid, name, head, phone)

    def departments(self) -> list[Department]:
        rows = self.conn.execute("SELECT id, name, head, phone FROM departments ORDER BY name")
        return [Department(*row) for row in rows]

    def find_department(self, text: str) -> Department:
        row = self._find_by_name("departments", "department", text, "id, name, head, phone")
        return Department(*row)

    def edit_department(self, department: Department, changes: dict) -> Department:
        """Change a department's head or phone (``changes``: field → new value) in one transaction, logged old → new."""
        columns = {"head": "head", "phone": "phone"}
        with self.transaction() as conn:
            old = department.to_json()
            self._log("department", department.name, "edit", {field: [old.get(field), value] for field, value in changes.items()})
            for field, value in changes.items():
                conn.execute(f"UPDATE departments SET {columns[field]} = ? WHERE id = ?", (value, department.id))
        return self.find_department(department.name)

    def add_enterprise(self, enterprise: Enterprise, *, along=None) -> Enterprise:
        """Add an enterprise; ``along(conn, added)``, if given, writes what goes with it (its tags) in the same transaction."""
        with self.transaction() as conn:
            added = self._insert_enterprise(conn, enterprise)
            self._log("enterprise", added.name, "add", {k: v for k, v in added.to_json().items() if k != "name" and v not in (None, False)})
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

    def open_cases_of(self, enterprise: Enterprise, since: datetime, until: datetime) -> list[tuple[str, str, datetime]]:
        """(ref, title, received) of the enterprise's open cases received in [since, until]."""
        rows = self.conn.execute(
            "SELECT ref, title, received_at FROM cases WHERE enterprise_id = ? AND received_at >= ? AND received_at <= ?"
            f" AND status NOT IN ('resolved', 'filed', {SET_ASIDE_SQL}) ORDER BY received_at DESC, id DESC",
            (enterprise.id, iso(since), iso(until)),
        )
        return [(ref, title, datetime.fromisoformat(received)) for ref, title, received in rows]

    def enterprise_names(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT name FROM enterprises ORDER BY name")]

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
            "credit_code": "credit_code",
            "contact": "contact",
            "phone": "phone",
            "officer": "officer",
            "leader": "leader",
            "group": "grp",
            "key": "key_enterprise",
        }
        with self.transaction() as conn:
            code = changes.get("credit_code")
            if code:
                other = conn.execute("SELECT name FROM enterprises WHERE credit_code = ? AND id != ?", (code, enterprise.id)).fetchone()
                if other:
                    raise InputError(
                        "credit code {code} already belongs to {name}",
                        hint="check the code; if they are one enterprise, zhitong ent merge",
                        code=code,
                        name=other[0],
                    )
            old = enterprise.to_json()
            self._log("enterprise", enterprise.name, "edit", {field: [old.get(field), value] for field, value in changes.items()})
            for field, value in changes.items():
                conn.execute(
                    f"UPDATE enterprises SET {columns[field]} = ? WHERE id = ?", (int(value) if field == "key" else value, enterprise.id)
                )
            if along is not None:
                along(conn)
        return self.find_enterprise(enterprise.name)

    def rename_record(self, table: str, old: str, new: str, *, at: datetime, actor: str) -> str:
        """Rename a department or an enterprise; the old name stays an alias, each case gets an event."""
        noun = "department" if table == "departments" else "enterprise"
        row = self._find_by_name(table, noun, old, "id, name")
        record_id, current = row
        alias, key = ("department_aliases", "department_id") if noun == "department" else ("enterprise_aliases", "enterprise_id")
        with self.transaction() as conn:
            taken = (
                conn.execute(f"SELECT 1 FROM {table} WHERE name = ?", (new,)).fetchone()
                or conn.execute(f"SELECT 1 FROM {alias} WHERE name = ? AND {key} != ?", (new, record_id)).fetchone()
            )
            if taken or new == current:
                raise InputError("the name {name!r} is taken", hint="choose another name", name=new)
            conn.execute(f"DELETE FROM {alias} WHERE name = ?", (new,))
            conn.execute(f"INSERT INTO {alias} (name, {key}) VALUES (?, ?)", (current, record_id))
            conn.execute(f"UPDATE {table} SET name = ? WHERE id = ?", (new, record_id))
            self._move_cases(noun, record_id, record_id, current, new, at, actor)
            self._log(noun, new, "rename", {"from": current, "to": new})
        return current

    def merge_record(self, table: str, name: str, into: str, *, at: datetime, actor: str) -> tuple[str, str]:
        """Fold one department or enterprise into another: its cases move, its names become aliases."""
        noun = "department" if table == "departments" else "enterprise"
        source_id, source = self._find_by_name(table, noun, name, "id, name")
        target_id, target = self._find_by_name(table, noun, into, "id, name")
        if source_id == target_id:
            raise InputError("{name} cannot be merged into itself", name=source)
        alias, key = ("department_aliases", "department_id") if noun == "department" else ("enterprise_aliases", "enterprise_id")
        with self.transaction() as conn:
            self._move_cases(noun, source_id, target_id, source, target, at, actor)
            conn.execute(f"UPDATE {alias} SET {key} = ? WHERE {key} = ?", (target_id, source_id))
            conn.execute(f"INSERT INTO {alias} (name, {key}) VALUES (?, ?)", (source, target_id))
            try:
                conn.execute(f"DELETE FROM {table} WHERE id = ?", (source_id,))
            except sqlite3.IntegrityError:
                raise InputError("{name} is still named by other records (packages, funds, tags); move them first", name=source) from None
            self._log(noun, target, "merge", {"from": source, "to": target})
        return source, target

    def _move_cases(self, noun: str, source_id: int, target_id: int, old: str, new: str, at: datetime, actor: str) -> None:
        """Each case of the record moves to ``target_id`` with an event saying so."""
        from zhitong.core import lifecycle

        column = "department_id" if noun == "department" else "enterprise_id"
        ids = [row[0] for row in self.conn.execute(f"SELECT id FROM cases WHERE {column} = ? ORDER BY id", (source_id,))]
        if noun == "enterprise":
            self.conn.execute("UPDATE cases SET enterprise_id = ? WHERE enterprise_id = ?", (target_id, source_id))
        else:
            self.conn.execute("UPDATE cases SET department_id = ? WHERE department_id = ?", (target_id, source_id))
        for case_id in ids:
            events = self._events(case_id)
            moment = max(to_epoch(at), max(e.at for e in events))
            department = self.conn.execute(
                "SELECT d.name FROM cases c LEFT JOIN departments d ON d.id = c.department_id WHERE c.id = ?", (case_id,)
            ).fetchone()[0]
            if noun == "department":
                department = new
            event = lifecycle.Event(moment, "move", actor, department, "", {"record": noun, "from": old, "to": new})
            self._append_event(case_id, event)
            self._project(case_id, lifecycle.apply(lifecycle.replay(events), event))

    def _find_by_name(self, table: str, noun: str, text: str, columns: str):
        """An exact name, or a unique substring of one; otherwise an error naming candidates."""
        needle = text.strip()
        if not needle:
            raise InputError("empty {noun} name", noun=noun)
        row = self.conn.execute(f"SELECT {columns} FROM {table} WHERE name = ?", (needle,)).fetchone()
        if row:
            return row
        # an earlier name (renamed, or merged into another) finds the record it became
        alias = "department_aliases" if table == "departments" else "enterprise_aliases"
        key = "department_id" if table == "departments" else "enterprise_id"
        row = self.conn.execute(
            f"SELECT {columns} FROM {table} WHERE id = (SELECT {key} FROM {alias} WHERE name = ?)", (needle,)
        ).fetchone()
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
                lifecycle.Event(
                    to_epoch(at),
                    "intake",
                    actor,
                    None,
                    title,
                    # what the case row holds that no later event changes, for check to compare
                    {
                        "category": category,
                        "limits": limits,
                        "channel": channel,
                        "ref": ref,
                        "enterprise": enterprise.name,
                        "detail": detail,
                    },
                )
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
            state = self._checked_state(case_id, at)  # the history is told in order
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

    def merge(self, ref: str, into: str, *, at: datetime, actor: str, text: str = "") -> Case:
        """Fold a repeat of the same problem into another case (并单): both histories say so."""
        from zhitong.core import lifecycle
        from zhitong.core.errors import RefusedError

        ref, into = self.resolve_ref(ref), self.resolve_ref(into)
        if ref == into:
            raise RefusedError("a case cannot be merged into itself")
        with self.transaction():
            case_id, _received, department = self._case_key(ref)
            target_id, _target_received, target_department = self._case_key(into)
            target = self._replay(target_id)
            if target.status in SET_ASIDE:
                raise RefusedError("{ref} is {status}: merge into the case it stands for", ref=into, status=target.status)
            folded = self.conn.execute("SELECT ref FROM cases WHERE merged_into = ? ORDER BY ref LIMIT 1", (ref,)).fetchone()
            if folded:
                raise RefusedError(
                    "{ref} has cases merged into it ({other}); merge the others into {into} instead", ref=ref, other=folded[0], into=into
                )
            state = self._checked_state(case_id, at)
            event = lifecycle.Event(to_epoch(at), "merge", actor, department, text, {"into": into})
            lifecycle.check(state, event)
            self._append_event(case_id, event)
            self._project(case_id, lifecycle.apply(state, event))
            absorb = lifecycle.Event(
                max(to_epoch(at), max(e.at for e in self._events(target_id))), "absorb", actor, target_department, text, {"case": ref}
            )
            self._append_event(target_id, absorb)
            self._project(target_id, lifecycle.apply(target, absorb))
        return self.case(ref)

    def edit(self, ref: str, changes: dict, *, enterprise: Enterprise | None, at: datetime, actor: str, text: str) -> tuple[Case, Case]:
        """Correct the intake record (an event saying old → new); the case before and after."""
        from zhitong.core import lifecycle

        ref = self.resolve_ref(ref)
        before = self.case(ref, with_events=False)
        with self.transaction():
            case_id, _received, department = self._case_key(ref)
            state = self._checked_state(case_id, at)
            event = lifecycle.Event(to_epoch(at), "edit", actor, department, text, {"changes": changes})
            lifecycle.check(state, event)
            if "received_at" in changes:
                history = self._events(case_id)
                # what was done at intake (its assignment, an answer on the spot) moves with it
                first_action = next(
                    (e for e in history[1:] if e.at > history[0].at and e.kind not in ("note", "edit", "absorb", "move")), None
                )
                received = datetime.fromisoformat(changes["received_at"][1])
                if first_action is not None and to_epoch(received) > first_action.at:
                    raise InputError(
                        "the case cannot have been received after its {kind} at {when}",
                        hint="give a time before it",
                        kind=first_action.kind,
                        when=from_epoch(first_action.at),
                    )
            columns = {"title": "title", "detail": "detail", "channel": "channel"}
            for field, column in columns.items():
                if field in changes:
                    self.conn.execute(f"UPDATE cases SET {column} = ? WHERE id = ?", (changes[field][1], case_id))
            if enterprise is not None:
                self.conn.execute("UPDATE cases SET enterprise_id = ? WHERE id = ?", (enterprise.id, case_id))
            self._append_event(case_id, event)
            self._project(case_id, lifecycle.apply(state, event))
        return before, self.case(ref)

    def _checked_state(self, case_id: int, at: datetime) -> lifecycle.CaseState:
        """The case's state, once ``at`` is known to follow its last recorded action."""
        from zhitong.core import lifecycle

        events = self._events(case_id)
        last = max(events, key=lambda event: event.at)
        if to_epoch(at) < last.at:
            raise InputError(
                "{when} is before the case's last recorded action ({kind} at {last})",
                hint="give a time after it",
                when=at,
                kind=last.kind,
                last=from_epoch(last.at),
            )
        return lifecycle.replay(events)

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
        """Append one event to the history, chained (``storage/chain.append``); its id."""
        import json  # writes, histories and the case card need it; the daily views never do

        from zhitong.storage import chain

        return chain.append(
            self.conn,
            [
                (
                    case_id,
                    iso(from_epoch(event.at)),
                    event.kind,
                    event.actor,
                    event.department,
                    event.text,
                    json.dumps(event.data, ensure_ascii=False),
                    iso(datetime.now().astimezone()),
                )
            ],
        )

    def _events(self, case_id: int) -> list[lifecycle.Event]:
        from zhitong.storage.projection import events

        return events(self.conn, case_id)

    def _replay(self, case_id: int) -> lifecycle.CaseState:
        from zhitong.core import lifecycle

        return lifecycle.replay(self._events(case_id))

    def _project(self, case_id: int, state: lifecycle.CaseState) -> None:
        """Write the state's columns and deadlines: the only place that updates a case."""
        from zhitong.storage.projection import project

        project(self.conn, case_id, state, self.calendar)

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
        case = self._case(row, milestones.get(row[0], ()), events)
        merged = tuple(ref for (ref,) in self.conn.execute("SELECT ref FROM cases WHERE merged_into = ? ORDER BY ref", (case.ref,)))
        return case._replace(merged_cases=merged) if merged else case

    def cases(self, filters: CaseFilter = CaseFilter(), *, open_only: bool = False, limit: int | None = None) -> list[Case]:
        clauses, params = filters.where()
        if open_only:
            clauses.append(f"c.status NOT IN ('resolved', 'filed', {SET_ASIDE_SQL})")
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
        make = Milestone._make  # a third quicker than the call: several thousand on the morning view
        for start in range(0, len(case_ids), 500):
            chunk = case_ids[start : start + 500]
            rows = self.conn.execute(
                "SELECT case_id, name, limit_text, clock, due, met_at, provisional, round FROM milestones"
                f" WHERE case_id IN ({','.join('?' * len(chunk))}) ORDER BY case_id, round, {_MILESTONE_RANK}, name",
                chunk,
            )
            for case_id, name, limit, clock, due, met_at, provisional, round_number in rows:
                milestone = make((name, limit, clock, parse(due), parse(met_at) if met_at else None, bool(provisional), round_number))
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
            reopens,
            corrections,
            merged_into,
            returns,
            redos,
            extensions,
        ) = row
        # every field in its place (_make): a thousand cases of the morning view are built in a
        # third of the time that keyword arguments take
        return Case._make(
            (
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
                reopens,
                corrections,
                merged_into,
                (),  # merged_cases: read by the one case's look-up that shows them
                returns,
                redos,
                extensions,
            )
        )

    def enterprise_cases(self, enterprise: Enterprise) -> list[Case]:
        return self.cases(CaseFilter(enterprise=enterprise.name))

    def recompute(self, refs: list[str], policy, *, at: datetime, actor: str) -> int:
        """Apply ``policy``'s limits to the named open cases; each gets a recompute event."""
        from zhitong.core import lifecycle
        from zhitong.core.policy import limits_for

        changed = 0
        recomputed: list[dict] = []
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
                recomputed.append({"ref": ref, "limits": limits})
            if recomputed:
                self._log("policy", "recompute", "recompute", {"cases": recomputed})
        return changed

    def _is_package_item(self, case_id: int) -> bool:
        return self.conn.execute("SELECT channel FROM cases WHERE id = ?", (case_id,)).fetchone()[0] == "package"

    # -- views ------------------------------------------------------------------------------------

    def open_cases_by_due(self, filters: CaseFilter = CaseFilter(), *, due_before: datetime | None = None) -> list[Case]:
        """Open cases with an unmet milestone (due before ``due_before``, if given), via the open-milestone index."""
        clauses, params = filters._replace(set_aside=False).where()
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

    def backup(self, destination: Path, *, force: bool = False) -> None:
        """A consistent copy through SQLite's online backup, even while others write.

        Guarded as every output is (``edge/files``): never over the live database or another
        file unless ``force``, and then only over a file that is not SQLite or an older zhitong
        backup. The copy is made in a unique private file beside ``destination`` and linked into
        place, so of several backups to one name at once one completes and the others are
        refused; nothing but that temporary file is ever removed.
        """
        from zhitong.edge import files

        destination = files.guard_output(Path(destination), force, replaces_backup=True)
        if destination is None:
            raise InputError("a backup needs a file name", hint="name a new file")
        from zhitong.storage.database import refuse_damaged

        refuse_damaged(self.conn, self.path, always=True)  # a copy of a damaged file is no backup
        partial = files.temporary_beside(destination)
        try:
            target = sqlite3.connect(partial)
            try:
                self.conn.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
            files.place(partial, destination, force)
        finally:
            for leftover in (partial, Path(f"{partial}-journal")):
                leftover.unlink(missing_ok=True)

    def problems(self) -> list[tuple[str, dict]]:
        """Everything wrong with the database (``storage/check.py``)."""
        from zhitong.storage import check

        return check.problems(self)
