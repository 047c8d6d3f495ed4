"""The daily views: pending, overdue, due soon, list."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .app import JsonOption, app, emit_json, now, out, say, state
from .errors import InputError

VIEWS = "Views"

Dept = Annotated[Optional[str], typer.Option("--dept", help="Only this department's cases.")]
Ent = Annotated[Optional[str], typer.Option("--enterprise", help="Only this enterprise's cases.")]
Cat = Annotated[Optional[str], typer.Option("--category", help="consult, routine, major or restricted.")]
Chan = Annotated[Optional[str], typer.Option("--channel", help="service-group, liaison-group, hotline, visit or package.")]
Officer = Annotated[Optional[str], typer.Option("--officer", help="Only enterprises of this assistance officer.")]


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


def _open_sorted(store, filters, current):
    from .views import next_milestone, time_left

    cases = store.open_cases_by_due(filters)
    keyed = []
    for case in cases:
        milestone = next_milestone(case)
        keyed.append((time_left(case, milestone, store.calendar, current), case.ref, case))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [case for _left, _ref, case in keyed]


@app.command(rich_help_panel=VIEWS)
def pending(dept: Dept = None, enterprise: Ent = None, category: Cat = None, channel: Chan = None, officer: Officer = None, as_json: JsonOption = False):
    """Open cases, nearest deadline first, with the working time left.

    Example:

        zhitong pending --dept 经济发展局
    """
    from .app import warn_coverage
    from .views import pending_item, pending_table

    store = state().store
    current = now()
    cases = _open_sorted(store, build_filter(store, dept, enterprise, category, channel, officer), current)
    warn_coverage(store)
    if as_json:
        emit_json([pending_item(case, store.calendar, current) for case in cases])
        return
    if not cases:
        say("nothing pending")
        return
    out(pending_table(cases, store.calendar, current))


def _late(store, filters, current):
    from .views import late_milestones

    cases = store.open_cases_by_due(filters, due_before=current)
    return late_milestones(cases, store.calendar, current)


@app.command(rich_help_panel=VIEWS)
def overdue(
    dept: Dept = None, enterprise: Ent = None, category: Cat = None, channel: Chan = None, officer: Officer = None,
    fail: Annotated[bool, typer.Option("--fail", help="Exit with status 1 when anything is overdue (for cron).")] = False,
    as_json: JsonOption = False,
):  # fmt: skip
    """Every unmet milestone past its deadline, most overdue first, then a count per department.

    Example:

        zhitong overdue --fail || echo "督办!"
    """
    from .app import warn_coverage
    from .i18n import tr
    from .render import Column, table
    from .views import overdue_table, per_department

    store = state().store
    current = now()
    items = _late(store, build_filter(store, dept, enterprise, category, channel, officer), current)
    warn_coverage(store)
    if as_json:
        emit_json([item.to_json() for item in items])
    elif not items:
        say("nothing overdue")
    else:
        out(overdue_table(items, now=current))
        out()
        out(table([Column(tr("department")), Column(tr("overdue"), align="right")], per_department(items)))
    if fail and items:
        raise typer.Exit(1)


@app.command(rich_help_panel=VIEWS)
def due(
    within: Annotated[str, typer.Option("--within", help="Working time ahead, e.g. 4h or 1d.", show_default=False)],
    dept: Dept = None, enterprise: Ent = None, category: Cat = None, channel: Chan = None, officer: Officer = None,
    as_json: JsonOption = False,
):  # fmt: skip
    """What falls due within that working time (at risk), nearest first.

    Example:

        zhitong due --within 4h
    """
    from .app import warn_coverage
    from .sla import Limit
    from .views import due_within, overdue_table

    store = state().store
    current = now()
    limit = Limit.parse(within)
    cases = store.open_cases_by_due(build_filter(store, dept, enterprise, category, channel, officer))
    items = due_within(cases, store.calendar, current, limit.seconds)
    warn_coverage(store)
    if as_json:
        emit_json([{**item.to_json(), "left_seconds": -item.overdue_seconds, "overdue_seconds": 0} for item in items])
        return
    if not items:
        say("nothing falls due within {within}", within=str(limit))
        return
    out(overdue_table(items, now=current, label="left"))


@app.command("list", rich_help_panel=VIEWS)
def list_cases(
    dept: Dept = None, enterprise: Ent = None, category: Cat = None, channel: Chan = None, officer: Officer = None,
    status: Annotated[Optional[str], typer.Option("--status", help="open, assigned, responded, reported, resolved or filed.")] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Received on or after this day.")] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Received before the end of this day.")] = None,
    as_json: JsonOption = False,
):  # fmt: skip
    """Cases in order of intake, with any filters.

    Example:

        zhitong list --status resolved --since 2026-11-01
    """
    from .lifecycle import STATUSES
    from .views import pending_table
    from .when import period

    if status and status not in STATUSES:
        raise InputError("unknown status {value!r}", hint="use one of: {choices}", value=status, choices=", ".join(STATUSES))
    current = now()
    start, end = period(since, until, reference=current)
    store = state().store
    cases = store.cases(build_filter(store, dept, enterprise, category, channel, officer, status=status, since=start, until=end))
    if as_json:
        emit_json([{k: v for k, v in case.to_json(current).items() if k != "events"} for case in cases])
        return
    out(pending_table(cases, store.calendar, current))
