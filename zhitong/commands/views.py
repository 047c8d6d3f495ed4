"""The daily views: pending, overdue, due soon, list."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from zhitong.commands import daily
from zhitong.commands.app import (
    JsonOption,
    app,
    emit_json,
    now,
    out,
    say,
    state,
    warn_coverage,
)
from zhitong.commands.daily import build_filter
from zhitong.core.errors import InputError

VIEWS = "Views"

Dept = Annotated[Optional[str], typer.Option("--dept", help="Only this department's cases.")]
Ent = Annotated[Optional[str], typer.Option("--enterprise", help="Only this enterprise's cases.")]
Cat = Annotated[
    Optional[str], typer.Option("--category", help="consult, routine, major or restricted (or 政策咨询, 一般问题, 重大问题, 政策限制).")
]
Chan = Annotated[
    Optional[str],
    typer.Option(
        "--channel",
        help="service-group, liaison-group, hotline, visit or package (or 政企服务直通群, 政企联络员直通群, 政企服务专线, 政企面对面, 综合服务包).",
    ),
]
Officer = Annotated[Optional[str], typer.Option("--officer", help="Only enterprises of this assistance officer.")]


@app.command(rich_help_panel=VIEWS)
def pending(
    dept: Dept = None,
    enterprise: Ent = None,
    category: Cat = None,
    channel: Chan = None,
    officer: Officer = None,
    as_json: JsonOption = False,
):
    """Open cases, nearest deadline first, with the working time left.

    Example:

        zhitong pending --dept 经济发展局
    """
    store = state().store
    daily.pending(store, build_filter(store, dept, enterprise, category, channel, officer), as_json=as_json)


@app.command(rich_help_panel=VIEWS)
def overdue(
    dept: Dept = None,
    enterprise: Ent = None,
    category: Cat = None,
    channel: Chan = None,
    officer: Officer = None,
    fail: Annotated[bool, typer.Option("--fail", help="Exit with status 1 when anything is overdue (for cron).")] = False,
    as_json: JsonOption = False,
):
    """Every unmet milestone past its deadline, most overdue first, then a count per department.

    Example:

        zhitong overdue --fail || echo "督办!"
    """
    context = state()
    store = context.store
    filters = build_filter(store, dept, enterprise, category, channel, officer)
    if daily.overdue(store, filters, as_json=as_json, hotline=context.policy.hotline) and fail:
        raise typer.Exit(1)


@app.command(rich_help_panel=VIEWS)
def due(
    within: Annotated[
        str,
        typer.Option(
            "--within",
            help="Working time ahead, e.g. 4h, 1d, 4小时, 1天 or 1天4小时 (a day counts 24 working hours).",
            show_default=False,
        ),
    ],
    dept: Dept = None,
    enterprise: Ent = None,
    category: Cat = None,
    channel: Chan = None,
    officer: Officer = None,
    as_json: JsonOption = False,
):
    """What falls due within that working time (at risk), nearest first.

    The window is working time, as the tables print the time left: 1天 is 24 working hours,
    1天4小时 is 28, 30分钟 half an hour.

    Example:

        zhitong due --within 4h
        zhitong due --within 1天4小时
    """
    from zhitong.core.verdicts import due_within
    from zhitong.sla import Limit
    from zhitong.text.views import overdue_table

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
        say("nothing falls due within {within}", within=within.strip())
        return
    out(overdue_table(items, now=current, label="left"))


@app.command("list", rich_help_panel=VIEWS)
def list_cases(
    dept: Dept = None,
    enterprise: Ent = None,
    category: Cat = None,
    channel: Chan = None,
    officer: Officer = None,
    status: Annotated[
        Optional[str],
        typer.Option(
            "--status",
            help="open (not yet assigned), assigned, responded, reported, resolved or filed (or 已受理, 已交办, 已答复, 已反馈, 已办结, 已备案).",
        ),
    ] = None,
    open_only: Annotated[bool, typer.Option("--open", help="Every case not yet closed (neither resolved nor filed).")] = False,
    since: Annotated[Optional[str], typer.Option("--since", help="Received on or after this day.")] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Received before the end of this day.")] = None,
    as_json: JsonOption = False,
):
    """Cases in order of intake, with any filters.

    Example:

        zhitong list --status resolved --since 2026-11-01
        zhitong list --open --channel 政企服务专线
    """
    from zhitong.core.vocabulary import CLOSED
    from zhitong.edge.inputs import parse_status
    from zhitong.edge.when import period
    from zhitong.text.views import pending_table

    status = parse_status(status) if status else None
    if open_only and status in CLOSED:
        raise InputError("--open and --status {status} cannot be combined", hint="a {status} case is closed", status=status)
    current = now()
    start, end = period(since, until, reference=current)
    store = state().store
    filters = build_filter(store, dept, enterprise, category, channel, officer, status=status, since=start, until=end)
    cases = store.cases(filters, open_only=open_only)
    if as_json:
        emit_json([{k: v for k, v in case.to_json(current).items() if k != "events"} for case in cases])
        return
    out(pending_table(cases, store.calendar, current))
