"""Numbered schema migrations, recorded in the database by sqlite-utils' Migrations.

Never edit a migration that has shipped: add the next number. A database whose record names a
migration this list lacks was made by a newer zhitong and is refused, not touched.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

SET_NAME = "zhitong"


def script(db: Database, sql: str) -> None:
    """Run each statement of ``sql`` in turn, inside the migrations' transaction.

    sqlite-utils' ``executescript`` does the same inside a transaction (SQLite's own would
    commit it), but finds the statements' ends by testing the text a character at a time, so
    building a new database took 40 ms; cut at each semicolon and tested there, 16 ms.
    """
    statement = ""
    for piece in sql.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):  # not a semicolon inside a literal or a trigger's body
            if statement.strip(" \t\r\n;"):
                db.execute(statement.strip())
            statement = ""
    if statement.strip(" \t\r\n;"):
        raise ValueError(f"an incomplete statement ends the script: {statement.strip()[:60]!r}")


def initial(db: Database) -> None:
    script(
        db,
        """
        CREATE TABLE departments (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            head TEXT,
            phone TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE enterprises (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            credit_code TEXT UNIQUE,
            grp TEXT NOT NULL DEFAULT 'service' CHECK (grp IN ('service', 'liaison')),
            key_enterprise INTEGER NOT NULL DEFAULT 0,
            contact TEXT,
            phone TEXT,
            officer TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE cases (
            id INTEGER PRIMARY KEY,
            ref TEXT NOT NULL UNIQUE,
            year INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
            department_id INTEGER REFERENCES departments(id),
            title TEXT NOT NULL,
            detail TEXT,
            category TEXT NOT NULL,
            channel TEXT NOT NULL,
            status TEXT NOT NULL,
            received_at TEXT NOT NULL,
            responded_at TEXT,
            reported_at TEXT,
            resolved_at TEXT,
            filed_at TEXT,
            owner TEXT,
            plan TEXT,
            eta TEXT,
            rating INTEGER,
            rating_comment TEXT,
            urges INTEGER NOT NULL DEFAULT 0,
            transfers INTEGER NOT NULL DEFAULT 0,
            paused_since TEXT,
            source_id TEXT UNIQUE,
            UNIQUE (year, seq)
        );
        CREATE INDEX cases_open ON cases(received_at) WHERE status NOT IN ('resolved', 'filed');
        CREATE INDEX cases_received ON cases(received_at);
        CREATE INDEX cases_enterprise ON cases(enterprise_id);
        CREATE INDEX cases_department ON cases(department_id);
        -- The projection of each case's deadlines; events are the record.
        CREATE TABLE milestones (
            case_id INTEGER NOT NULL REFERENCES cases(id),
            name TEXT NOT NULL,
            limit_text TEXT NOT NULL,
            clock TEXT NOT NULL,
            due TEXT NOT NULL,
            met_at TEXT,
            provisional INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (case_id, name)
        ) WITHOUT ROWID;
        -- Open milestones stay few however many cases close: overdue and pending read only these.
        CREATE INDEX milestones_open_due ON milestones(due, case_id) WHERE met_at IS NULL;
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            actor TEXT NOT NULL,
            department TEXT,
            text TEXT NOT NULL DEFAULT '',
            data TEXT NOT NULL DEFAULT '{}',
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX events_case ON events(case_id, id);
        CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'zhitong events are append-only'); END;
        CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'zhitong events are append-only'); END;
        CREATE TABLE calendar_days (
            day TEXT PRIMARY KEY,
            working INTEGER NOT NULL CHECK (working IN (0, 1)),
            name TEXT
        );
        CREATE TABLE calendar_years (
            year INTEGER PRIMARY KEY,
            entered_at TEXT NOT NULL
        );
        """,
    )


def search(db: Database) -> None:
    """Trigram full-text indexes for ``zhitong search``: any three characters, Chinese included.

    Titles and details are indexed from ``cases`` (external content, kept in step by
    triggers). Event texts go to a contentless index: the history is append-only, so an insert
    trigger is all it needs, and intake events are left out because their text is the title.

    Indexing is most of the cost of a bulk import, so a large ``import`` lifts the insert
    triggers for the length of its transaction and records the ids it adds in
    ``search_backlog``; the update and delete triggers pass those ids by, and ``search``
    indexes them before it next looks (``store_reports.catch_up_search``).
    """
    script(
        db,
        """
        CREATE TABLE search_backlog (
            first_id INTEGER NOT NULL,
            last_id INTEGER NOT NULL
        );
        CREATE VIRTUAL TABLE cases_fts USING fts5(
            title, detail, content='cases', content_rowid='id', tokenize='trigram'
        );
        CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
            INSERT INTO cases_fts (rowid, title, detail) VALUES (new.id, new.title, new.detail);
        END;
        CREATE TRIGGER cases_fts_update AFTER UPDATE OF title, detail ON cases
        WHEN NOT EXISTS (SELECT 1 FROM search_backlog WHERE old.id BETWEEN first_id AND last_id) BEGIN
            INSERT INTO cases_fts (cases_fts, rowid, title, detail) VALUES ('delete', old.id, old.title, old.detail);
            INSERT INTO cases_fts (rowid, title, detail) VALUES (new.id, new.title, new.detail);
        END;
        CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases
        WHEN NOT EXISTS (SELECT 1 FROM search_backlog WHERE old.id BETWEEN first_id AND last_id) BEGIN
            INSERT INTO cases_fts (cases_fts, rowid, title, detail) VALUES ('delete', old.id, old.title, old.detail);
        END;
        CREATE VIRTUAL TABLE events_fts USING fts5(text, content='', tokenize='trigram');
        CREATE TRIGGER events_fts_insert AFTER INSERT ON events WHEN new.text != '' AND new.kind != 'intake' BEGIN
            INSERT INTO events_fts (rowid, text) VALUES (new.id, new.text);
        END;
        INSERT INTO cases_fts (cases_fts) VALUES ('rebuild');
        INSERT INTO events_fts (rowid, text) SELECT id, text FROM events WHERE text != '' AND kind != 'intake';
        """,
    )


def append_only_triggers(table: str) -> str:
    """The SQL that makes ``table`` append-only in the database itself: the one way to say it.

    BEFORE UPDATE and BEFORE DELETE refuse every change; BEFORE INSERT refuses a row whose id
    exists already, so ``INSERT OR REPLACE`` (which deletes the old row without firing the
    delete trigger) cannot rewrite one either. Every append-only table — ``events``,
    ``payments``, and any a later migration adds — gets its triggers from here, in the
    migration that makes the table: ``script(db, append_only_triggers("records_log"))``.
    The table needs an ``id INTEGER PRIMARY KEY``.
    """
    message = f"zhitong {table} are append-only"
    return f"""
        CREATE TRIGGER {table}_append_only_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{message}'); END;
        CREATE TRIGGER {table}_append_only_delete BEFORE DELETE ON {table}
        BEGIN SELECT RAISE(ABORT, '{message}'); END;
        CREATE TRIGGER {table}_append_only_insert BEFORE INSERT ON {table}
        WHEN EXISTS (SELECT 1 FROM {table} WHERE id = new.id)
        BEGIN SELECT RAISE(ABORT, '{message}'); END;
    """


def guards(db: Database) -> None:
    """The history's guards: append-only triggers that ``INSERT OR REPLACE`` cannot pass, and its hash chain.

    The events get ``append_only_triggers`` in place of their old pair.
    Each event gets ``hash``, chained to the event before it (``core/chain.py``), computed
    here once over the history the database has; from now on ``storage/chain.append`` writes it.
    """
    from zhitong.core import chain

    conn = db.conn
    # events only: on a new book this runs before 0005_packages makes payments, so the payments
    # triggers are 0005's own on every book alike (check compares them word for word).
    tables = ["events"]
    for table in tables:
        conn.execute(f"DROP TRIGGER IF EXISTS {table}_append_only_update")
        conn.execute(f"DROP TRIGGER IF EXISTS {table}_append_only_delete")
    conn.execute("ALTER TABLE events ADD COLUMN hash TEXT")
    previous = chain.GENESIS
    updates = []
    for event_id, *values in conn.execute(f"SELECT id, {', '.join(chain.FIELDS)} FROM events ORDER BY id"):
        previous = chain.link(previous, values)
        updates.append((previous, event_id))
    conn.executemany("UPDATE events SET hash = ? WHERE id = ?", updates)
    for table in tables:
        script(db, append_only_triggers(table))


def rounds_and_records(db: Database) -> None:
    """Rounds of a case, corrections, withdrawn and merged cases, aliases and the records log.

    ``milestones`` gains ``round`` (1 for the original; a reopen starts the next) in its key, so
    the table is rebuilt; ``cases`` gains the counts and the case it was merged into.
    Departments and enterprises keep every earlier name in an alias table, and every change to
    a record (department, enterprise, calendar, policy) is a row of the append-only
    ``records_log``. Cases reopened before this migration are projected again, so their first
    round's verdict stands as it was given (``project_rounds``).
    """
    script(
        db,
        """
        CREATE TABLE milestones_rounds (
            case_id INTEGER NOT NULL REFERENCES cases(id),
            round INTEGER NOT NULL DEFAULT 1,
            name TEXT NOT NULL,
            limit_text TEXT NOT NULL,
            clock TEXT NOT NULL,
            due TEXT NOT NULL,
            met_at TEXT,
            provisional INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (case_id, round, name)
        ) WITHOUT ROWID;
        INSERT INTO milestones_rounds (case_id, round, name, limit_text, clock, due, met_at, provisional)
            SELECT case_id, 1, name, limit_text, clock, due, met_at, provisional FROM milestones;
        DROP TABLE milestones;
        ALTER TABLE milestones_rounds RENAME TO milestones;
        CREATE INDEX milestones_open_due ON milestones(due, case_id) WHERE met_at IS NULL;
        ALTER TABLE cases ADD COLUMN reopens INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE cases ADD COLUMN corrections INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE cases ADD COLUMN merged_into TEXT;
        CREATE INDEX cases_merged_into ON cases(merged_into) WHERE merged_into IS NOT NULL;
        CREATE TABLE department_aliases (
            name TEXT PRIMARY KEY,
            department_id INTEGER NOT NULL REFERENCES departments(id)
        );
        CREATE TABLE enterprise_aliases (
            name TEXT PRIMARY KEY,
            enterprise_id INTEGER NOT NULL REFERENCES enterprises(id)
        );
        CREATE TABLE records_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            record TEXT NOT NULL,
            name TEXT NOT NULL,
            action TEXT NOT NULL,
            data TEXT NOT NULL DEFAULT '{}',
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX records_log_at ON records_log(at, id);
        """,
    )
    script(db, append_only_triggers("records_log"))
    from zhitong.storage.projection import project_rounds

    project_rounds(db.conn)


def packages(db: Database) -> None:
    """Service packages and their items (each item is a case), the policy catalogue, tags, and the special funds.

    Payments are append-only like events: a disbursement recorded is never edited or erased.
    """
    columns = {row[1] for row in db.execute("PRAGMA table_info(enterprises)").fetchall()}
    if "leader" not in columns:
        db.execute("ALTER TABLE enterprises ADD COLUMN leader TEXT")
    if "officer" not in columns:
        db.execute("ALTER TABLE enterprises ADD COLUMN officer TEXT")
    script(
        db,
        """
        CREATE TABLE funds (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            budget_fen INTEGER NOT NULL CHECK (budget_fen > 0),
            department_id INTEGER REFERENCES departments(id),
            created_at TEXT NOT NULL
        );
        CREATE TABLE packages (
            id INTEGER PRIMARY KEY,
            ref TEXT NOT NULL UNIQUE,
            year INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            enterprise_id INTEGER NOT NULL UNIQUE REFERENCES enterprises(id),
            title TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (year, seq)
        );
        CREATE TABLE benefits (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            department_id INTEGER NOT NULL REFERENCES departments(id),
            contact TEXT NOT NULL,
            phone TEXT NOT NULL,
            how TEXT NOT NULL,
            valid_until TEXT,
            fund_id INTEGER REFERENCES funds(id),
            created_at TEXT NOT NULL
        );
        CREATE TABLE benefit_tags (
            benefit_id INTEGER NOT NULL REFERENCES benefits(id),
            tag TEXT NOT NULL,
            PRIMARY KEY (benefit_id, tag)
        ) WITHOUT ROWID;
        CREATE TABLE enterprise_tags (
            enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
            tag TEXT NOT NULL,
            PRIMARY KEY (enterprise_id, tag)
        ) WITHOUT ROWID;
        CREATE INDEX enterprise_tags_tag ON enterprise_tags(tag, enterprise_id);
        CREATE TABLE package_items (
            id INTEGER PRIMARY KEY,
            package_id INTEGER NOT NULL REFERENCES packages(id),
            case_id INTEGER NOT NULL UNIQUE REFERENCES cases(id),
            kind TEXT NOT NULL CHECK (kind IN ('policy', 'measure')),
            contact TEXT NOT NULL,
            phone TEXT NOT NULL,
            how TEXT,
            benefit_id INTEGER REFERENCES benefits(id),
            fund_id INTEGER REFERENCES funds(id),
            amount_fen INTEGER CHECK (amount_fen IS NULL OR amount_fen > 0),
            CHECK ((fund_id IS NULL) = (amount_fen IS NULL))
        );
        CREATE INDEX package_items_package ON package_items(package_id, id);
        CREATE INDEX package_items_fund ON package_items(fund_id) WHERE fund_id IS NOT NULL;
        CREATE TABLE payments (
            id INTEGER PRIMARY KEY,
            item_id INTEGER NOT NULL REFERENCES package_items(id),
            fund_id INTEGER NOT NULL REFERENCES funds(id),
            amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
            at TEXT NOT NULL,
            event_id INTEGER NOT NULL REFERENCES events(id),
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX payments_fund ON payments(fund_id, item_id);
        CREATE INDEX payments_item ON payments(item_id);
        """,
    )
    script(db, append_only_triggers("payments"))


def hotline(db: Database) -> None:
    """The hotline workflow's counts on each case: returns (回退), redos (重办), approved extensions (延期)."""
    script(
        db,
        """
        ALTER TABLE cases ADD COLUMN returns INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE cases ADD COLUMN redos INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE cases ADD COLUMN extensions INTEGER NOT NULL DEFAULT 0;
        UPDATE cases SET redos = (SELECT COUNT(*) FROM events WHERE events.case_id = cases.id AND events.kind = 'reopen')
        WHERE id IN (SELECT case_id FROM events WHERE kind = 'reopen');
        -- Redone cases stay few: escalated supervision (提级督办) reads only these.
        CREATE INDEX cases_redone ON cases(redos) WHERE redos > 0;
        """,
    )


# In order. Opening a database compares its record with these names, and that must not cost
# the ~30 ms of importing sqlite-utils: it is imported only when a migration is to run.
STEPS = [
    ("0001_initial", initial),
    ("0002_search", search),
    ("0003_guards", guards),
    ("0004_rounds_and_records", rounds_and_records),
    ("0005_packages", packages),
    ("0006_hotline", hotline),
]
KNOWN = [name for name, _step in STEPS]


def migrations() -> Migrations:
    from sqlite_utils import Migrations

    registry = Migrations(SET_NAME)
    for name, step in STEPS:
        registry(name=name)(step)
    return registry
