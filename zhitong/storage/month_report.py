"""The month's data for its workbook: the export rows, the cases for the assessment, the departments.

Everything is read as it is used: the export rows as a cursor, the cases in batches, so a month
of a hundred thousand cases never sits in memory whole.
"""

from __future__ import annotations

from collections.abc import Iterator

from zhitong.core.models import Case
from zhitong.storage.queries import _where, export_rows
from zhitong.store import _CASE_COLUMNS, _CASE_FROM, CaseFilter, Store

BATCH = 2000


def month_rows(store: Store, filters: CaseFilter, left_out: tuple[str, ...]) -> Iterator[tuple]:
    """The export rows of the period (``queries.export_rows``), leaving out ``left_out`` statuses."""
    return export_rows(store, filters, left_out)


def month_cases(store: Store, filters: CaseFilter, left_out: tuple[str, ...]) -> Iterator[Case]:
    """The period's cases with their milestones, ``BATCH`` at a time, in order of their row ids."""
    where, params = _where(filters, left_out)
    where = (where + " AND" if where else " WHERE") + " c.id > ?"
    last = 0
    while True:
        batch = store._cases_from(f"SELECT {_CASE_COLUMNS} {_CASE_FROM}{where} ORDER BY c.id LIMIT {BATCH}", params + [last])
        if not batch:
            return
        yield from batch
        last = store.conn.execute("SELECT id FROM cases WHERE ref = ?", (batch[-1].ref,)).fetchone()[0]


def department_names(store: Store) -> list[str]:
    return [department.name for department in store.departments()]
