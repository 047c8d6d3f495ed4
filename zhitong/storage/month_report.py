"""The month's data for its workbook: the export rows, the cases for the assessment, the departments.

Everything is read as it is used, from cursors, so a month of a hundred thousand cases never
sits in memory whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from itertools import groupby
from operator import itemgetter

from zhitong.core.reports import AssessedCase, MonthSummary, month_summary
from zhitong.storage.queries import _where, export_sheet_rows
from zhitong.store import CaseFilter, Store, open_store


def month_rows(store: Store, filters: CaseFilter, now: str, left_out: tuple[str, ...]):
    """The cases sheet's rows of the period and their reader (``queries.export_sheet_rows``),
    leaving out ``left_out`` statuses."""
    return export_sheet_rows(store, filters, now, left_out)


_ASSESSED = """SELECT c.id, d.name, c.status, c.channel, c.category, c.received_at, c.paused_since,
    c.rating, c.urges, c.transfers, c.reopens, c.redos, c.extensions
    FROM cases c LEFT JOIN departments d ON d.id = c.department_id"""
_MILESTONES = """SELECT m.case_id, m.name, m.limit_text, m.clock, m.due, m.met_at, m.provisional, m.round
    FROM cases c JOIN milestones m ON m.case_id = c.id"""


def assessed_cases(store: Store, filters: CaseFilter, left_out: tuple[str, ...]) -> Iterator[AssessedCase]:
    """The period's cases as the assessment reads them, with their milestones, in order of row id.

    Two cursors walked side by side, in the same order: the thirteen columns the assessment
    needs, not the whole case, which halves the time for a month of a hundred thousand cases.
    Both run in the one read transaction SQLite holds while the first is open, so they see the
    same book, and the milestones' cases are the cases' own, in their order.
    """
    where, params = _where(filters, left_out)
    cases = store.conn.execute(f"{_ASSESSED}{where} ORDER BY c.id", params)
    groups = groupby(store.conn.execute(f"{_MILESTONES}{where} ORDER BY c.id", params), itemgetter(0))
    parse = datetime.fromisoformat
    next_id, group = next(groups, (None, ()))
    for case_id, department, status, channel, category, received, paused, rating, urges, transfers, reopens, redos, extensions in cases:
        milestones: tuple = ()
        if case_id == next_id:  # a case without milestones has no group
            milestones = tuple(
                [  # a Milestone's fields as a plain tuple: a named one is built by a Python function, five times slower
                    (name, limit, clock, parse(due), parse(met_at) if met_at else None, bool(provisional), round_number)
                    for _id, name, limit, clock, due, met_at, provisional, round_number in group
                ]
            )
            next_id, group = next(groups, (None, ()))
        received_at, paused_since = parse(received), parse(paused) if paused else None
        yield AssessedCase(
            department,
            status,
            channel,
            category,
            received_at,
            paused_since,
            rating,
            urges,
            transfers,
            reopens,
            redos,
            extensions,
            milestones,
        )


def department_names(store: Store) -> list[str]:
    return [department.name for department in store.departments()]


def summary_of(path, filters: CaseFilter, left_out: tuple[str, ...], now: datetime, hotline) -> MonthSummary:
    """The month's summary (``reports.month_summary``) from the book at ``path``, read by a
    connection of its own: what ``edge.aside`` works out in a child process."""
    store = open_store(path)
    try:
        cases = assessed_cases(store, filters, left_out)
        returns = store.returns_by_department(filters)
        return month_summary(cases, department_names(store), store.calendar, now, returns=returns, hotline=hotline)
    finally:
        store.close()
