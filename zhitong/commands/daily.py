"""The morning's views, `pending` and `overdue`: query, compute, print.

Their commands (``commands.views``) and the quick path that runs them without the command
framework (``quick``) both come here, so the two cannot drift apart.
"""

from __future__ import annotations

from zhitong.edge.when import now
from zhitong.text.console import emit_json, out, say, warn_coverage


def build_filter(store, dept=None, enterprise=None, category=None, channel=None, officer=None, **extra):
    from zhitong.core.policy import parse_category
    from zhitong.edge.inputs import parse_channel
    from zhitong.store import CaseFilter

    return CaseFilter(
        department=store.find_department(dept).name if dept else None,
        enterprise=store.find_enterprise(enterprise).name if enterprise else None,
        category=parse_category(category) if category else None,
        channel=parse_channel(channel) if channel else None,
        officer=officer.strip() if officer else None,
        **extra,
    )


def open_sorted(store, filters, current):
    """Open cases with their next deadline, the least working time left first."""
    from zhitong.core.verdicts import upcoming

    items = [upcoming(case, store.calendar, current) for case in store.open_cases_by_due(filters)]
    items.sort(key=lambda item: (item.left, item.case.ref))
    return items


def late(store, filters, current):
    from zhitong.core.verdicts import late_milestones

    return late_milestones(store.open_cases_by_due(filters, due_before=current), store.calendar, current)


def pending(store, filters, *, as_json: bool = False) -> None:
    from zhitong.text.views import pending_item, upcoming_table

    current = now()
    items = open_sorted(store, filters, current)
    warn_coverage(store)
    if as_json:
        emit_json([pending_item(item, current) for item in items])
    elif not items:
        say("nothing pending")
    else:
        out(upcoming_table(items, current))


def overdue(store, filters, *, as_json: bool = False) -> bool:
    """Print the late milestones; True when there are any (`overdue --fail` exits 1)."""
    from zhitong.text.i18n import tr
    from zhitong.text.render import Column, table
    from zhitong.text.views import overdue_table, per_department

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
        out(table([Column(tr("department"), flexible=True, minimum=10), Column(tr("overdue"), align="right")], per_department(items)))
    return bool(items)
