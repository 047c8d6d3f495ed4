"""The morning's views, `pending` and `overdue`: query, compute, print.

Their commands (``cli_views``) and the quick path that runs them without the command
framework (``quick``) both come here, so the two cannot drift apart.
"""

from __future__ import annotations

from .console import emit_json, out, say, warn_coverage
from .when import now


def build_filter(store, dept=None, enterprise=None, category=None, channel=None, officer=None, **extra):
    from .inputs import parse_channel
    from .policy import parse_category
    from .store import CaseFilter

    return CaseFilter(
        department=store.find_department(dept).name if dept else None,
        enterprise=store.find_enterprise(enterprise).name if enterprise else None,
        category=parse_category(category) if category else None,
        channel=parse_channel(channel) if channel else None,
        officer=officer.strip() if officer else None,
        **extra,
    )


def open_sorted(store, filters, current):
    """Open cases, the one with the least working time left first."""
    from .views import next_milestone, time_left

    keyed = []
    for case in store.open_cases_by_due(filters):
        milestone = next_milestone(case)
        keyed.append((time_left(case, milestone, store.calendar, current), case.ref, case))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [case for _left, _ref, case in keyed]


def late(store, filters, current):
    from .views import late_milestones

    return late_milestones(store.open_cases_by_due(filters, due_before=current), store.calendar, current)


def pending(store, filters, *, as_json: bool = False) -> None:
    from .views import pending_item, pending_table

    current = now()
    cases = open_sorted(store, filters, current)
    warn_coverage(store)
    if as_json:
        emit_json([pending_item(case, store.calendar, current) for case in cases])
    elif not cases:
        say("nothing pending")
    else:
        out(pending_table(cases, store.calendar, current))


def overdue(store, filters, *, as_json: bool = False) -> bool:
    """Print the late milestones; True when there are any (`overdue --fail` exits 1)."""
    from .i18n import tr
    from .render import Column, table
    from .views import overdue_table, per_department

    current = now()
    items = late(store, filters, current)
    warn_coverage(store)
    if as_json:
        emit_json([item.to_json() for item in items])
    elif not items:
        say("nothing overdue")
    else:
        out(overdue_table(items, now=current))
        out()
        out(table([Column(tr("department")), Column(tr("overdue"), align="right")], per_department(items)))
    return bool(items)
