"""The morning's views, `pending` and `overdue`: query, compute, print.

Their commands (``commands.views``) and the quick path that runs them without the command
framework (``quick``) both come here, so the two cannot drift apart.
"""

from __future__ import annotations

from zhitong.edge.when import now
from zhitong.text.console import emit_json, out, say, warn_coverage


def build_filter(store, dept=None, enterprise=None, category=None, channel=None, officer=None, **extra):
    from zhitong.store import CaseFilter

    if category:
        from zhitong.core.policy import parse_category
    if channel:
        from zhitong.edge.inputs import parse_channel
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


def hotline_policy(hotline=None):
    """The hotline workflow's limits: those given, else the policy file's (as config names it), else the defaults."""
    if hotline is not None:
        return hotline
    from pathlib import Path

    from zhitong.edge.config import load_config, policy_path

    configured = load_config().get("policy")
    path = Path(configured) if configured else policy_path()
    if path is None:
        from zhitong.core.policy import DEFAULT_HOTLINE

        return DEFAULT_HOTLINE
    from zhitong.edge.policy_file import load_policy

    return load_policy(path).hotline


def late(store, filters, current, hotline=None):
    from zhitong.core.verdicts import late_milestones

    hotline = hotline_policy(hotline)
    return late_milestones(
        store.open_cases_by_due(filters, due_before=current),
        store.calendar,
        current,
        flag_after=hotline.flag_after.seconds,
        escalate_at=hotline.redo_escalation,
    )


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


def overdue(store, filters, *, as_json: bool = False, hotline=None) -> bool:
    """Print the late milestones; True when there are any (`overdue --fail` exits 1).

    Those flagged for the leaders (通报) and the cases under escalated supervision (提级督办)
    are listed apart, first.
    """
    from zhitong.text.i18n import tr
    from zhitong.text.render import Column, table
    from zhitong.text.views import escalated_table, overdue_table, per_department

    current = now()
    hotline = hotline_policy(hotline)
    items = late(store, filters, current, hotline)
    warn_coverage(store)
    if as_json:
        emit_json([item.to_json() for item in items])
        return bool(items)
    escalated = store.escalated_cases(filters, hotline.redo_escalation)
    if escalated:
        out(tr("Escalated supervision (提级督办): redone {count} times or more", count=hotline.redo_escalation))
        out(escalated_table(escalated))
        out()
    if not items:
        say("nothing overdue")
        return False
    flagged = [item for item in items if item.flagged]
    if flagged:
        out(tr("Flagged for the leaders (通报): more than {limit} overdue", limit=str(hotline.flag_after)))
        out(overdue_table(flagged, now=current))
        out()
        out(tr("Everything overdue"))
    out(overdue_table(items, now=current))
    out()
    out(table([Column(tr("department"), flexible=True, minimum=10), Column(tr("overdue"), align="right")], per_department(items)))
    return bool(items)
