"""The SQL behind search, stats, export, the digest, completion and the bulk imports; functions over a Store.

Bulk import does not replay events one case at a time: a new case's history is only its intake
(and its assignment), so each case's projection and deadlines are built directly and written
with multi-row INSERT statements, its events are made in SQL from the cases just written, and
all of it is one immediate transaction — all or nothing.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from json.encoder import encode_basestring as quote  # a string as json.dumps(…, ensure_ascii=False) writes it
from operator import itemgetter

from zhitong.core.errors import InputError
from zhitong.core.instants import ZONE, iso, stored
from zhitong.core.reports import FORMULA_STARTS
from zhitong.edge.import_rows import CaseRow, EnterpriseRow
from zhitong.edge.sheets import CELL_SEPARATOR
from zhitong.sla import Limit
from zhitong.storage import chain
from zhitong.store import CaseFilter, Store

CHUNK = 5000
_SQL_VARIABLES = 500

# -- export -----------------------------------------------------------------------------------------

_EXPORT_SELECT = """
    SELECT c.ref, e.name, e.credit_code, c.channel, c.category, c.title, d.name, c.status, c.received_at,
           r.due, c.responded_at, r.met_at, r.provisional,
           f.due, c.reported_at, f.met_at, f.provisional,
           s.due, c.resolved_at, s.met_at, s.provisional,
           c.filed_at, c.rating, c.transfers, c.urges, c.paused_since, c.detail, c.source_id,
           c.owner, c.plan, c.eta, RESOLVE_NOTE, c.rating_comment, REOPENS, CORRECTIONS,
           g.due, g.met_at, c.returns, c.extensions, c.redos, b.due, b.met_at
    FROM cases c JOIN enterprises e ON e.id = c.enterprise_id
    LEFT JOIN departments d ON d.id = c.department_id
    LEFT JOIN milestones r ON r.case_id = c.id AND r.round = 1 AND r.name = 'response'
    LEFT JOIN milestones f ON f.case_id = c.id AND f.round = 1 AND f.name = 'feedback'
    LEFT JOIN milestones s ON s.case_id = c.id AND s.round = 1 AND s.name = 'resolve'
    LEFT JOIN milestones g ON g.case_id = c.id AND g.round = 1 AND g.name = 'sign'
    LEFT JOIN milestones b ON b.case_id = c.id AND b.round = 1 AND b.name = 'callback'
"""


# The note of the closing event of a closed case (a consult's on-the-spot answer, a filing's
# reason); how many times it was reopened and how many corrections (edit events) it had.
def _resolve_note_sql(cell=lambda note: note) -> str:
    """The note as SQL, with ``cell`` made of it inside the subquery: a CASE around the
    subquery (the CSV's formula quote) would run the subquery once for each mention."""
    note = "NULLIF(ev.text, '')"
    return (
        f"CASE WHEN c.status IN ('resolved', 'filed') THEN (SELECT {cell(note)} FROM events ev"
        " WHERE ev.case_id = c.id AND ev.kind IN ('resolve', 'file') ORDER BY ev.id DESC LIMIT 1) END"
    )


_RESOLVE_NOTE_SQL = _resolve_note_sql()
# Counted by the projection (migration 0004): the rounds after the first, the edits of the intake record.
_REOPENS_SQL = "c.reopens"
_CORRECTIONS_SQL = "c.corrections"
_EXPORT_SELECT = (
    _EXPORT_SELECT.replace("RESOLVE_NOTE", _RESOLVE_NOTE_SQL).replace("REOPENS", _REOPENS_SQL).replace("CORRECTIONS", _CORRECTIONS_SQL)
)


def _verdict_sql(m: str) -> str:
    """``verdicts.kept`` as SQL: yes, no, or empty while pending (the stored ISO stamps compare as text)."""
    return (
        f"CASE WHEN {m}.due IS NULL THEN '' WHEN {m}.met_at IS NOT NULL THEN CASE WHEN {m}.met_at <= {m}.due THEN 'yes' ELSE 'no' END"
        f" WHEN {m}.due < ? AND (c.paused_since IS NULL OR {m}.due <= c.paused_since) THEN 'no' ELSE '' END"
    )


def _typed_sql(column: str) -> str:
    """A typed text as a cell a spreadsheet will not run as a formula: a quote before =, +, -, @…"""
    starts = ", ".join(f"char({ord(start)})" for start in FORMULA_STARTS)
    return f"CASE WHEN substr({column}, 1, 1) IN ({starts}) THEN char(39) || {column} ELSE {column} END"


# The export's cells, in EXPORT_COLUMNS order, made where the rows are read: the verdicts
# and the formula quotes cost SQLite less than a Python call a row. The JSON export gives the
# same values through ``reports.export_record``; a test holds the two equal, column by column.
def _export_cells(typed: Callable[[str], str] = lambda cell: cell) -> tuple[str, ...]:
    """The cells as SQL, each typed text (a name, a title, a note) as ``typed`` makes it."""
    return (
        "c.ref",
        typed("e.name"),
        typed("e.credit_code"),
        "c.channel",
        "c.category",
        typed("c.title"),
        typed("d.name"),
        "c.status",
        "c.received_at",
        "r.due",
        "c.responded_at",
        _verdict_sql("r"),
        "f.due",
        "c.reported_at",
        _verdict_sql("f"),
        "s.due",
        "c.resolved_at",
        _verdict_sql("s"),
        "c.filed_at",
        "c.rating",
        "c.transfers",
        "c.urges",
        "CASE WHEN (r.provisional AND r.met_at IS NULL) OR (f.provisional AND f.met_at IS NULL) OR (s.provisional AND s.met_at IS NULL)"
        " THEN 'yes' ELSE 'no' END",
        typed("c.detail"),
        typed("c.source_id"),
        typed("c.owner"),
        typed("c.plan"),
        "c.eta",
        _resolve_note_sql(typed),
        typed("c.rating_comment"),
        _REOPENS_SQL,
        _CORRECTIONS_SQL,
        "g.due",
        "g.met_at",
        _verdict_sql("g"),
        "c.returns",
        "c.extensions",
        "b.due",
        "b.met_at",
        _verdict_sql("b"),
    )


# The CSV's: a typed text that reads as a formula gets its quote. The workbook's: as typed (its
# texts are strings, which a spreadsheet never runs).
_EXPORT_CSV_CELLS = _export_cells(_typed_sql)
_EXPORT_SHEET_CELLS = _export_cells()


def _sheet_instant_sql(cell: str) -> str:
    """``reports.sheet_instant`` as SQL: 2026-12-01 08:40, its seconds only when it has some."""
    return (
        f"substr({cell}, 1, 10) || ' ' || CASE WHEN substr({cell}, 18, 2) = '00' THEN substr({cell}, 12, 5) ELSE substr({cell}, 12, 8) END"
    )


def _words_sql(cell: str, words: dict[str, str], otherwise: str) -> str:
    cases = " ".join(f"WHEN '{word}' THEN '{chinese}'" for word, chinese in words.items())
    return f"CASE {cell} {cases} ELSE {otherwise} END"


def _chinese_cells() -> tuple[str, ...]:
    """The cells of `export --lang zh`: the stored words in Chinese, instants as the officer types them."""
    from zhitong.core.reports import EXPORT_COLUMNS, EXPORT_INSTANTS, EXPORT_VERDICTS, EXPORT_WORDS_ZH

    cells = []
    for name, cell in zip(EXPORT_COLUMNS, _EXPORT_CSV_CELLS):
        if name in EXPORT_INSTANTS:
            cell = _sheet_instant_sql(cell)
        elif name in EXPORT_VERDICTS:  # yes, no or '': the cell holds parameters, so it is read once
            cell = _words_sql(f"({cell})", {"yes": EXPORT_WORDS_ZH["yes"], "no": EXPORT_WORDS_ZH["no"]}, "''")
        elif name in ("status", "channel", "category"):
            cell = _words_sql(cell, EXPORT_WORDS_ZH, cell)
        cells.append(cell)
    return tuple(cells)


# The CSV's lines are made where the rows are read, so the rows need almost no Python work:
# a row is one column, its cells joined in SQL by the unit separator, as UTF-8 bytes (a BLOB),
# because the Python driver spends more on each column of a row than SQLite's printf on a
# cell. ``sheets.csv_lines`` turns the separators into commas; a line whose typed text holds
# the separator itself is read again cell by cell (``export_csv_rows``).
_EXPORT_FROM = _EXPORT_SELECT[_EXPORT_SELECT.index("FROM cases") :]


def _export_csv_select(cells) -> str:
    separated = CELL_SEPARATOR.decode("ascii").join(["%s"] * len(cells))  # printf writes NULL as nothing
    return f"SELECT CAST(printf('{separated}', {', '.join(cells)}) AS BLOB) {_EXPORT_FROM}"


def _export_csv_cells_select(cells) -> str:
    return "SELECT " + ", ".join(f"CAST(COALESCE({cell}, '') AS BLOB)" for cell in cells) + f" {_EXPORT_FROM}"


_EXPORT_CSV_SELECT = _export_csv_select(_EXPORT_CSV_CELLS)
_EXPORT_SHEET_SELECT = _export_csv_select(_EXPORT_SHEET_CELLS)


def _where(filters: CaseFilter, left_out: tuple[str, ...] = ()) -> tuple[str, list]:
    """The WHERE of the filter, leaving out the cases whose status is in ``left_out``."""
    clauses, params = filters.where()
    if left_out:
        clauses.append(f"c.status NOT IN ({', '.join('?' * len(left_out))})")
        params = params + list(left_out)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def count_cases(store: Store, filters: CaseFilter, left_out: tuple[str, ...] = ()) -> int:
    where, params = _where(filters, left_out)
    return store.conn.execute(f"SELECT COUNT(*) FROM cases c{where}", params).fetchone()[0]


def export_rows(store: Store, filters: CaseFilter, left_out: tuple[str, ...] = ()) -> Iterator[tuple]:
    """The raw export rows of the cases received in the filter's period, in order of intake.

    A cursor, not a list: SQLite steps to each row as the caller takes it, so memory stays
    flat however many cases there are.
    """
    where, params = _where(filters, left_out)
    return store.conn.execute(f"{_EXPORT_SELECT}{where} ORDER BY c.received_at, c.id", params)


def export_csv_rows(
    store: Store, filters: CaseFilter, now: str, lang: str = "en", left_out: tuple[str, ...] = ()
) -> tuple[Iterator[tuple[bytes]], Callable[[bytes], tuple[bytes, ...]]]:
    """The CSV export's rows for ``sheets.csv_lines`` (yes/no verdicts as of ``now``), as a cursor,
    and the function that reads one of them again cell by cell.

    Under ``lang`` zh the words are Chinese (一般, 已办结, 是) and instants read 2026-12-01 08:40.
    """
    if lang != "zh":
        return _joined_rows(store, _EXPORT_CSV_CELLS, _EXPORT_CSV_SELECT, filters, now, left_out)
    cells = _chinese_cells()
    return _joined_rows(store, cells, _export_csv_select(cells), filters, now, left_out)


def export_sheet_rows(
    store: Store, filters: CaseFilter, now: str, left_out: tuple[str, ...] = ()
) -> tuple[Iterator[tuple[bytes]], Callable[[bytes], tuple[bytes, ...]]]:
    """The workbook's rows, as ``export_csv_rows`` gives the CSV's: each the English CSV's cells
    joined, its typed texts as typed (no formula quote); and the function that reads one again."""
    return _joined_rows(store, _EXPORT_SHEET_CELLS, _EXPORT_SHEET_SELECT, filters, now, left_out)


def _joined_rows(store: Store, cells, select: str, filters: CaseFilter, now: str, left_out: tuple[str, ...]):
    where, params = _where(filters, left_out)
    verdicts_now = [now] * sum(cell.count("?") for cell in cells)  # each verdict's "now" parameter

    def cells_of(line: bytes) -> tuple[bytes, ...]:
        ref = line.split(CELL_SEPARATOR, 1)[0].decode("utf-8")  # a reference never holds the separator
        return store.conn.execute(f"{_export_csv_cells_select(cells)} WHERE c.ref = ?", verdicts_now + [ref]).fetchone()

    return store.conn.execute(f"{select}{where} ORDER BY c.received_at, c.id", verdicts_now + params), cells_of


# -- search -----------------------------------------------------------------------------------------


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _escape_like(text: str) -> str:
    """``text`` matched literally by LIKE … ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(term: str) -> str:
    return "%" + _escape_like(term) + "%"


def search_ids(store: Store, terms: list[str], filters: CaseFilter) -> list[int]:
    """Ids of the cases whose title, detail or history contains every term, newest first.

    Terms of three characters or more go through the trigram indexes; shorter ones (a Chinese
    word is often two characters) fall back to a scan with LIKE, which the indexes cannot serve.
    """
    from zhitong.core.reports import term_variants

    clauses, params = filters.where()
    for term in terms:
        alternatives = []
        for variant in term_variants(term):
            if len(variant) >= 3:
                alternatives.append(
                    "c.id IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?)"
                    " OR c.id IN (SELECT ev.case_id FROM events ev WHERE ev.id IN"
                    " (SELECT rowid FROM events_fts WHERE events_fts MATCH ?))"
                )
                params += [_phrase(variant), _phrase(variant)]
            else:
                alternatives.append(
                    "c.title LIKE ? ESCAPE '\\' OR c.detail LIKE ? ESCAPE '\\' OR c.id IN"
                    " (SELECT ev.case_id FROM events ev WHERE ev.kind != 'intake' AND ev.text LIKE ? ESCAPE '\\')"
                )
                params += [_like(variant)] * 3
        clauses.append("(" + " OR ".join(alternatives) + ")")
    sql = "SELECT c.id FROM cases c WHERE " + " AND ".join(clauses) + " ORDER BY c.received_at DESC, c.id DESC"
    return [row[0] for row in store.conn.execute(sql, params)]


def search(store: Store, terms: list[str], filters: CaseFilter, *, limit: int) -> tuple[int, list[tuple]]:
    """How many cases match, and the newest ``limit`` of them as (Case, Match: where and the text around)."""
    from zhitong.core.reports import match_context

    ids = search_ids(store, terms, filters)
    shown = ids[:limit]
    texts = event_texts(store, shown)
    return len(ids), [
        (case, match_context(case.title, case.detail, texts.get(case_id, []), terms)) for case_id, case in cases_by_id(store, shown)
    ]


def cases_by_id(store: Store, case_ids: list[int]) -> list[tuple[int, object]]:
    """(id, Case) for the given ids, in the order given, without histories."""
    found = store.cases_by_id(case_ids)
    return [(case_id, found[case_id]) for case_id in case_ids if case_id in found]


def event_texts(store: Store, case_ids: list[int]) -> dict[int, list[str]]:
    """The history texts (intake excluded: it repeats the title) of the given cases."""
    texts: dict[int, list[str]] = {}
    for start in range(0, len(case_ids), _SQL_VARIABLES):
        chunk = case_ids[start : start + _SQL_VARIABLES]
        rows = store.conn.execute(
            "SELECT case_id, text FROM events WHERE kind != 'intake' AND text != ''"
            f" AND case_id IN ({','.join('?' * len(chunk))}) ORDER BY id",
            chunk,
        )
        for case_id, text in rows:
            texts.setdefault(case_id, []).append(text)
    return texts


# -- the digest and completion ---------------------------------------------------------------------


def digest_cases(store: Store, day: date) -> list:
    """The cases the digest of ``day`` may speak of, in order of intake (``views.digest`` picks).

    Those received, answered, resolved or filed that day, and those received before its end
    that still had a milestone open when it began: unmet now (the open-milestone index), or met
    since. Every other case was settled before the day and cannot appear; none is loaded.
    """
    start = datetime(day.year, day.month, day.day, tzinfo=ZONE)
    first, last = iso(start), iso(start + timedelta(days=1))
    # Stored stamps share the zone's offset and width, so they compare as strings as instants do.
    rows = store.conn.execute(
        "SELECT c.id FROM cases c WHERE c.received_at < :last AND c.status NOT IN ('withdrawn', 'merged') AND ("
        " c.received_at >= :first"
        " OR (c.responded_at >= :first AND c.responded_at < :last)"
        " OR (c.resolved_at >= :first AND c.resolved_at < :last)"
        " OR (c.filed_at >= :first AND c.filed_at < :last)"
        " OR c.id IN (SELECT case_id FROM milestones INDEXED BY milestones_open_due WHERE met_at IS NULL)"
        " OR c.id IN (SELECT case_id FROM milestones WHERE met_at >= :first))"
        " ORDER BY c.received_at, c.id",
        {"first": first, "last": last},
    )
    return [case for _id, case in cases_by_id(store, [row[0] for row in rows])]


def ref_candidates(store: Store, prefix: str, *, limit: int = 50) -> list[tuple[str, str, str]]:
    """(ref, enterprise, title) of the cases whose ref starts with ``prefix``: open ones first, then by ref."""
    return store.conn.execute(
        "SELECT c.ref, e.name, c.title FROM cases c JOIN enterprises e ON e.id = c.enterprise_id"
        " WHERE c.ref LIKE ? || '%' ESCAPE '\\'"
        " ORDER BY c.status IN ('resolved', 'filed'), c.ref LIMIT ?",
        (_escape_like(prefix), limit),
    ).fetchall()


# -- import: what the registry holds ---------------------------------------------------------------


def enterprise_names(store: Store) -> tuple[list[str], dict[str, str]]:
    """Every enterprise name, and credit code → name."""
    names, codes = [], {}
    for name, code in store.conn.execute("SELECT name, credit_code FROM enterprises"):
        names.append(name)
        if code:
            codes[code] = name
    return names, codes


def department_names(store: Store) -> list[str]:
    return [row[0] for row in store.conn.execute("SELECT name FROM departments")]


def known_source_ids(store: Store, source_ids: Iterable[str]) -> set[str]:
    known: set[str] = set()
    if not store.conn.execute("SELECT EXISTS (SELECT 1 FROM cases WHERE source_id IS NOT NULL)").fetchone()[0]:
        return known  # a book that never imported: nothing to look up
    wanted = list(source_ids)
    for start in range(0, len(wanted), _SQL_VARIABLES):
        chunk = wanted[start : start + _SQL_VARIABLES]
        rows = store.conn.execute(f"SELECT source_id FROM cases WHERE source_id IN ({','.join('?' * len(chunk))})", chunk)
        known.update(row[0] for row in rows)
    return known


# -- import: cases ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseImport:
    imported: int
    known: int  # rows skipped because their source_id was imported before
    enterprises_created: int
    first_ref: str | None
    last_ref: str | None
    repeated: int = 0  # rows without source_id skipped because they repeat a case in the book


# An import at least this large leaves its cases to be indexed for search when search next
# runs (see migration 0002_search); a smaller one is indexed as it is written.
BACKLOG_MIN = 2000
# Page cache for a bulk import, in KiB: the unique indexes (ref, source_id) take random inserts.
IMPORT_CACHE_KIB = 16384


def import_cases(
    store: Store,
    rows: list[CaseRow],
    *,
    policy,
    actor: str,
    create_enterprises: bool = False,
    progress: Callable[[int], None] | None = None,
) -> CaseImport:
    """Write checked rows as cases, in one transaction; rows with a known source_id are skipped.

    Each case gets what ``Store.add_case`` gives it — an intake event carrying the policy's
    limits, an assign event when a department is named, and its projection and deadlines —
    built directly instead of replayed. Refs continue each intake year's sequence, in order of
    intake.
    """
    calendar = store.calendar
    recorded = iso(datetime.now().astimezone())
    limits = {category: {name: rule.as_pair() for name, rule in rules.items()} for category, rules in policy.items()}
    # The milestones a new case has: sign-for only once it is assigned, the callback only once resolved.
    plans = {
        (category, assigned): _deadline_plan(
            {name: pair for name, pair in pairs.items() if name != "callback" and (assigned or name != "sign")}
        )
        for category, pairs in limits.items()
        for assigned in (False, True)
    }
    conn = store.conn
    with _bulk_writes(conn), store.transaction():
        enterprise_ids = dict(conn.execute("SELECT name, id FROM enterprises"))
        department_ids = dict(conn.execute("SELECT name, id FROM departments"))
        created = _create_enterprises(conn, rows, enterprise_ids, recorded, allowed=create_enterprises)
        source_ids = set(map(_SOURCE_ID, rows))
        source_ids.discard(None)
        known = known_source_ids(store, source_ids) if source_ids else set()
        todo = [row for row in rows if row.source_id not in known] if known else rows
        before = len(todo)
        todo = sorted(_not_repeated(conn, todo, enterprise_ids), key=_RECEIVED)
        repeated = before - len(todo)
        worked_cases: list[tuple[int, CaseRow]] = []
        next_id = conn.execute("SELECT COALESCE(MAX(id), 0) FROM cases").fetchone()[0] + 1
        lifted = _lift_insert_triggers(conn, next_id, len(todo))
        intake_data = _intake_data(limits, {row.channel for row in todo})
        next_seq = _next_seqs(conn, {int(row.received_at[:4]) for row in todo})
        refs = []
        cases = _Inserts(conn, _CASES_INSERT, _CASES_ROW, 13)
        milestones = _Inserts(conn, _MILESTONES_INSERT, _MILESTONES_ROW, 6)
        case_values, milestone_values = cases.values, milestones.values
        due = calendar.due
        previous = chain.head(conn)
        with _Writer(conn) as writer:
            for start in range(0, len(todo), CHUNK):
                block = todo[start : start + CHUNK]
                intakes, assigns = [], []
                for row in block:
                    _line, enterprise, title, detail, category, channel, department, received, received_at, source_id, worked = row
                    if worked is not None:
                        worked_cases.append((next_id, row))
                    year = int(received_at[:4])
                    seq = next_seq[year]
                    next_seq[year] = seq + 1
                    department_id = department_ids[department] if department else None
                    ref = f"ZT-{year}-{seq:04d}"
                    # The events Store.add_case appends, their data written as json.dumps writes it.
                    intakes.append(
                        (
                            next_id,
                            received_at,
                            "intake",
                            actor,
                            None,
                            title,
                            f'{intake_data[category, channel]}, "ref": "{ref}", "enterprise": {quote(enterprise)},'
                            f' "detail": {"null" if detail is None else quote(detail)}}}',
                            recorded,
                        )
                    )
                    if department_id:
                        assigns.append((next_id, received_at, "assign", actor, department, "", "{}", recorded))
                    case_values += (
                        next_id,
                        ref,
                        year,
                        seq,
                        enterprise_ids[enterprise],
                        department_id,
                        title,
                        detail,
                        category,
                        channel,
                        "assigned" if department_id else "open",
                        received_at,
                        source_id,
                    )
                    # What lifecycle.milestones gives a new case (no pause, nothing met): the
                    # calendar's due date for each limit, computed once per distinct limit.
                    for limit, clock, names in plans[category, department_id is not None]:
                        at, provisional = due(received, limit, clock)
                        stamp, provisional = stored(at), int(provisional)
                        for name, limit_text, clock_name in names:
                            milestone_values += (next_id, name, limit_text, clock_name, stamp, provisional)
                    next_id += 1
                refs += [case_values[1], case_values[-12]]  # the block's first and last ref
                statements = cases.flush(final=True)
                events, previous = chain.inserts(previous, intakes + assigns)  # intakes first: each case's history is in order of id
                writer.submit(statements + events + milestones.flush())
                if progress:
                    progress(len(block))
            writer.submit(milestones.flush(final=True))
        _replay_worked(store, worked_cases, actor)
        for sql in lifted:
            conn.execute(sql)
    return CaseImport(len(todo), len(rows) - before, created, refs[0] if refs else None, refs[-1] if refs else None, repeated)


def _next_seqs(conn, years: set[int]) -> dict[int, int]:
    """Each intake year's next sequence number, as the book stands before the import."""
    return {year: conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM cases WHERE year = ?", (year,)).fetchone()[0] for year in years}


def _not_repeated(conn, rows: list[CaseRow], enterprise_ids: dict[str, int]) -> list[CaseRow]:
    """The rows, less those without a source_id that repeat a case of the book: same enterprise, title and intake instant."""
    plain = [row for row in rows if row.source_id is None]
    if not plain:
        return rows
    first, last = min(row.received_at for row in plain), max(row.received_at for row in plain)
    book = set(conn.execute("SELECT enterprise_id, title, received_at FROM cases WHERE received_at BETWEEN ? AND ?", (first, last)))
    if not book:
        return rows
    return [
        row for row in rows if row.source_id is not None or (enterprise_ids.get(row.enterprise), row.title, row.received_at) not in book
    ]


def _replay_worked(store: Store, cases: list[tuple[int, CaseRow]], actor: str) -> None:
    """The history of the cases that arrived already worked on: the events their commands would
    have appended, then each case's projection as ``core.lifecycle`` replays it (its verdicts
    judged against its own deadlines)."""
    from zhitong.core.worked import history_events

    for case_id, row in cases:
        for event in history_events(row.received, row.category, row.department, row.worked, actor):
            store._append_event(case_id, event)
        store._project(case_id, store._replay(case_id))


# OR ROLLBACK: a conflict undoes the whole transaction, as the import wants anyway, so SQLite
# keeps no statement journal for undoing one statement of many rows: that journal copied every
# page each statement touched, 250 MB for 100,000 rows (storage/chain.py appends likewise).
_CASES_INSERT = (
    "INSERT OR ROLLBACK INTO cases (id, ref, year, seq, enterprise_id, department_id, title, detail, category, channel,"
    " status, received_at, source_id) VALUES "
)
_CASES_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_MILESTONES_INSERT = "INSERT OR ROLLBACK INTO milestones (case_id, name, limit_text, clock, due, met_at, provisional) VALUES "
_MILESTONES_ROW = "(?, ?, ?, ?, ?, NULL, ?)"
_ENTERPRISE, _RECEIVED, _SOURCE_ID = (itemgetter(CaseRow._fields.index(name)) for name in ("enterprise", "received", "source_id"))
# Rows per INSERT statement (fewer when the connection allows fewer variables).
ROWS_PER_INSERT = 1000


class _Inserts:
    """Rows for one table, written by multi-row INSERT statements of a fixed size.

    One statement of a thousand rows keeps its cursors on the table and each index open from
    row to row, where ``executemany`` runs the statement anew for every row: a third less
    time for the same b-tree work. ``values`` takes the rows' values flat, one after another.
    """

    def __init__(self, conn, head: str, row: str, width: int):
        self.conn = conn
        self.width = width
        variables = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        self.rows = max(1, min(ROWS_PER_INSERT, variables // width))
        self.sql = head + ", ".join([row] * self.rows)
        self.head, self.row = head, row
        self.values: list = []

    def flush(self, *, final: bool = False) -> list[tuple[str, list]]:
        """The statements (SQL and values) for every full statement's worth of rows, and with
        ``final`` the rest too; the rows they take are gone from ``values``."""
        values, size = self.values, self.rows * self.width
        statements = []
        done = 0
        while len(values) - done >= size:
            statements.append((self.sql, values[done : done + size]))
            done += size
        if final and done < len(values):
            rest = (len(values) - done) // self.width
            statements.append((self.head + ", ".join([self.row] * rest), values[done:]))
            done = len(values)
        del values[:done]
        return statements


SWITCH_SECONDS = 0.0005


class _Writer:
    """A bulk write's statements, run in order on a second thread while the next batch is made.

    The driver lets go of the interpreter while SQLite steps a statement (the b-trees, the page
    cache, the WAL), so the inserts of one batch and the Python work of the next (its deadlines,
    its events' hashes) run on two cores. One batch at most waits: ``submit`` first waits for
    the one before it. Leaving waits for the last, and raises what any of them raised; SQLite
    serialises a connection's calls, and the caller touches the connection only after it.
    """

    def __init__(self, conn):
        from concurrent.futures import ThreadPoolExecutor

        self.conn = conn
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zhitong-writes")
        self.running = None

    def submit(self, statements: list[tuple[str, list]]) -> None:
        self.wait()
        self.running = self.thread.submit(self._run, statements)

    def _run(self, statements) -> None:
        for sql, values in statements:
            self.conn.execute(sql, values)

    def wait(self) -> None:
        running, self.running = self.running, None
        if running is not None:
            running.result()

    def __enter__(self) -> _Writer:
        self.switch = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_SECONDS)
        return self

    def __exit__(self, kind, error, trace) -> None:
        try:
            if error is None:
                self.wait()
        finally:
            self.thread.shutdown(wait=True)  # after an error too: nothing may run once the caller rolls back
            sys.setswitchinterval(self.switch)


@contextmanager
def _bulk_writes(conn):
    """A larger page cache, and no per-row foreign-key look-ups, for the length of a bulk write.

    Every reference a bulk import writes comes from id maps read in its own transaction, so
    the look-ups would only repeat them (a tenth of the import's time). The pragma cannot
    change inside a transaction, so it is set around it, and restored whatever happens.
    """
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    foreign_keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(cache)}")
        conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")


def _lift_insert_triggers(conn, first_id: int, count: int) -> list[str]:
    """Lift the events' insert guard, and for a large import the search index's insert
    triggers (cases first_id… are left for search to index, migration 0002_search); the
    triggers' SQL, to restore before the transaction commits.

    A trigger on a table makes SQLite journal every statement's pages for a possible
    statement rollback, a fifth of a large import's time. The guard refuses an event that
    reuses an id, and the import's events take new ids. DDL is transactional, so no other
    connection ever sees a trigger missing, and a failed import restores them by rolling back.
    """
    names = ["events_append_only_insert"]
    if count >= BACKLOG_MIN:
        conn.execute("INSERT INTO search_backlog (first_id, last_id) VALUES (?, ?)", (first_id, first_id + count - 1))
        names += ["cases_fts_insert", "events_fts_insert"]
    lifted = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({', '.join('?' * len(names))})", names
    ).fetchall()
    for name, _sql in lifted:
        conn.execute(f'DROP TRIGGER "{name}"')
    return [sql for _name, sql in lifted]


def _intake_data(limits: dict, channels: set[str]) -> dict[tuple[str, str], str]:
    """The start of each (category, channel) pair's intake data, as json.dumps writes it, without its closing brace."""
    return {
        (category, channel): json.dumps({"category": category, "limits": pairs, "channel": channel}, ensure_ascii=False)[:-1]
        for category, pairs in limits.items()
        for channel in channels
    }


def _deadline_plan(pairs: dict[str, list[str]]) -> list[tuple[Limit, str, list[tuple[str, str, str]]]]:
    """A category's distinct (limit, clock) pairs, each with the milestones (name, limit text, clock) it times.

    Milestones that share a limit share its deadline, computed once per case.
    """
    plan: list[tuple[Limit, str, list[tuple[str, str, str]]]] = []
    for name, (limit_text, clock) in pairs.items():
        limit = Limit.parse(limit_text)
        for spec_limit, spec_clock, names in plan:
            if (spec_limit, spec_clock) == (limit, clock):
                names.append((name, limit_text, clock))
                break
        else:
            plan.append((limit, clock, [(name, limit_text, clock)]))
    return plan


def catch_up_search(store: Store, progress: Callable[[int], None] | None = None) -> int:
    """Index the cases that bulk imports left for search; how many there were (usually 0)."""
    ranges = store.conn.execute("SELECT first_id, last_id FROM search_backlog").fetchall()
    if not ranges:
        return 0
    with store.transaction() as conn:
        # Read again inside the write lock: another search may have caught up meanwhile.
        ranges = conn.execute("SELECT rowid, first_id, last_id FROM search_backlog").fetchall()
        count = 0
        for rowid, first, last in ranges:
            for start in range(first, last + 1, CHUNK):
                end = min(start + CHUNK - 1, last)
                cursor = conn.execute(
                    "INSERT INTO cases_fts (rowid, title, detail) SELECT id, title, detail FROM cases WHERE id BETWEEN ? AND ?",
                    (start, end),
                )
                count += cursor.rowcount
                if progress:
                    progress(end - start + 1)
            conn.execute("DELETE FROM search_backlog WHERE rowid = ?", (rowid,))
    return count


def search_backlog_size(store: Store) -> int:
    row = store.conn.execute("SELECT COALESCE(SUM(last_id - first_id + 1), 0) FROM search_backlog").fetchone()
    return row[0]


def _create_enterprises(conn, rows: list[CaseRow], ids: dict[str, int], recorded: str, *, allowed: bool) -> int:
    missing = [name for name in dict.fromkeys(map(_ENTERPRISE, rows)) if name not in ids]
    if not missing:
        return 0
    if not allowed:
        raise InputError("unknown enterprise {value!r}", value=missing[0])
    conn.executemany(
        "INSERT INTO enterprises (name, grp, key_enterprise, created_at) VALUES (?, 'service', 0, ?)",
        [(name, recorded) for name in missing],
    )
    ids.update(conn.execute("SELECT name, id FROM enterprises"))
    return len(missing)


# -- import: enterprises ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EnterpriseImport:
    imported: int
    known: int  # rows naming an enterprise already in the registry, left as they are


def import_enterprises(store: Store, rows: list[EnterpriseRow]) -> EnterpriseImport:
    """Add the rows' enterprises in one transaction; names already registered are skipped.

    A credit code that belongs to another enterprise is refused, and nothing is written.
    """
    recorded = iso(datetime.now().astimezone())
    with store.transaction() as conn:
        names, codes = enterprise_names(store)
        existing = set(names)
        todo = [row for row in rows if row.name not in existing]
        for row in todo:
            if row.credit_code and row.credit_code in codes:
                raise InputError(
                    "line {line}: credit code {code} already belongs to {name}",
                    line=row.line,
                    code=row.credit_code,
                    name=codes[row.credit_code],
                )
        conn.executemany(
            "INSERT INTO enterprises (name, credit_code, grp, key_enterprise, contact, phone, officer, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(r.name, r.credit_code, r.group, int(r.key), r.contact, r.phone, r.officer, recorded) for r in todo],
        )
        if todo:
            store._log(
                "enterprise",
                "、".join(r.name for r in todo[:5]) + ("…" if len(todo) > 5 else ""),
                "import",
                {"names": [r.name for r in todo]},
            )
    return EnterpriseImport(len(todo), len(rows) - len(todo))
