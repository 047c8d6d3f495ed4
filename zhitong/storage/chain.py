"""Appending to the history: the one function every event insert goes through.

Each event row carries ``hash``, chained to the event before it (``core/chain.py``). Whoever
adds events calls ``append`` inside its write transaction, which reads the head, chains the
new rows to it and inserts them; the bulk import, which writes thousands a batch, runs the
statements ``inserts`` makes, each batch chained from the last one's hash. An ``INSERT INTO
events`` anywhere else would break the chain, and ``zhitong check`` would report it.
"""

from __future__ import annotations

from zhitong.core import chain

COLUMNS = (*chain.FIELDS, "hash")
# Rows per INSERT statement: nine values each, within SQLite's default 32,766 variables.
ROWS_PER_INSERT = 500


def head(conn) -> str:
    """The hash of the last event, or the chain's genesis for an empty history."""
    row = conn.execute("SELECT hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row and row[0] else chain.GENESIS


def append(conn, rows) -> int | None:
    """Insert ``rows`` (each the fields of ``chain.FIELDS``, in order) as new events, chained; the last one's id.

    Call it inside the write transaction (BEGIN IMMEDIATE), so no other writer appends between
    reading the head and writing after it.
    """
    statements, _last = inserts(head(conn), rows)
    cursor = None
    for sql, values in statements:
        cursor = conn.execute(sql, values)
    return cursor.lastrowid if cursor is not None else None


def inserts(previous: str, rows) -> tuple[list[tuple[str, list]], str]:
    """The INSERT statements (SQL and values) that add ``rows`` as events chained from the hash
    ``previous``, and the last one's hash: what ``append`` runs, for a bulk import that runs them
    itself (its events chained batch after batch, each from the one before it)."""
    rows = list(rows)
    if not rows:
        return [], previous
    values: list = []
    digests = chain.hashes(previous, rows)
    for row, digest in zip(rows, digests):
        values += row
        values.append(digest)
    width = len(COLUMNS)
    per = ROWS_PER_INSERT
    # OR ROLLBACK: a conflict undoes the caller's whole transaction, which spares SQLite a statement journal (storage/queries.py).
    prefix = f"INSERT OR ROLLBACK INTO events ({', '.join(COLUMNS)}) VALUES "
    one = "(" + ", ".join("?" * width) + ")"
    full = prefix + ", ".join([one] * per)
    step = per * width
    end = len(values) - len(values) % step
    statements = [(full, values[start : start + step]) for start in range(0, end, step)]
    rest = values[end:]
    if rest:
        statements.append((prefix + ", ".join([one] * (len(rest) // width)), rest))
    return statements, digests[-1]


def recompute(conn):
    """Yield (id, stored hash, hash recomputed from the events as they are), in order of id."""
    previous = chain.GENESIS
    link = chain.link
    sql = f"SELECT id, {', '.join(COLUMNS)} FROM events ORDER BY id"
    for row in conn.execute(sql):
        previous = link(previous, row[1:-1])
        yield row[0], row[-1], previous


def anchor(conn) -> tuple[str, int]:
    """The head as its short code, and how many events it covers."""
    row = conn.execute("SELECT hash, (SELECT COUNT(*) FROM events) FROM events ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return chain.anchor_code(chain.GENESIS), 0
    return chain.anchor_code(row[0] or chain.GENESIS), row[1]
