"""The calendar, the what-if deadline, and the policy: commands over the deadline engine."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from zhitong.commands.app import JsonOption, app, emit_json, now, out, say, state
from zhitong.core.calendar_data import coverage_warning, covered_range
from zhitong.core.errors import InputError
from zhitong.edge.schedule import parse_kind, read_schedule
from zhitong.text.i18n import tr

CALENDAR = "Calendar"

calendar_app = typer.Typer(
    help="Working days, holidays and make-up days (调休).\n\nExample:\n\n\b\n    zhitong calendar import schedule-2027.csv\n    zhitong calendar show 2027-02",
    no_args_is_help=True,
)
policy_app = typer.Typer(
    help="The time limits each category promises.\n\nExample:\n\n\b\n    zhitong --policy zone-policy.toml policy show",
    no_args_is_help=True,
)
app.add_typer(calendar_app, name="calendar", rich_help_panel=CALENDAR)
app.add_typer(policy_app, name="policy", rich_help_panel=CALENDAR)


@calendar_app.command("import")
def calendar_import(
    file: Annotated[
        Optional[Path],
        typer.Argument(
            help="A sheet (.xlsx or CSV) with the header date,kind,name (or 日期,类型,名称; kind: holiday/放假 or workday/上班).",
            show_default=False,
        ),
    ] = None,
    notice: Annotated[
        Optional[str],
        typer.Option(
            "--notice", metavar="FILE|-", help="The State Council's notice as published: a text file, or - to paste it.", show_default=False
        ),
    ] = None,
    year: Annotated[
        Optional[int],
        typer.Option("--year", metavar="YYYY", help="The notice's year, when the pasted part does not say it.", show_default=False),
    ] = None,
    sheet: Annotated[
        Optional[str], typer.Option("--sheet", help="The workbook's sheet to read (default: the first).", show_default=False)
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what was read, as month grids, and write nothing.")] = False,
    replace: Annotated[
        bool, typer.Option("--replace", help="Enter a notice for a year the built-in data covers (one that corrects it).")
    ] = False,
    as_json: JsonOption = False,
):
    """Enter a year's State Council schedule: its notice as published, or a CSV; the year becomes covered.

    The notice (国务院办公厅关于2027年部分节假日安排的通知) is checked before anything is written:
    a weekday in brackets that is not that date's, a 共N天 that is not the length of the days off,
    a 上班 day inside them, a date that does not exist, an item that cannot be read — each is
    told with its sentence and nothing is entered. Entering a year again replaces what was
    entered for it. Every case whose deadlines depend on it is recomputed in the same
    transaction, so provisional deadlines become final; the year's month grids follow.

    Example:

        zhitong calendar import --notice notice-2027.txt --dry-run
        zhitong calendar import --notice -          # paste the notice, then Ctrl-D
        zhitong calendar import schedule-2027.csv

    where schedule-2027.csv reads:

        date,kind,name
        2027-01-01,holiday,元旦
        2027-02-07,workday,春节调休
    """
    from zhitong.edge.schedule import read_notice

    if (file is None) == (notice is None):
        raise InputError("give a CSV file or --notice, one of them", hint="zhitong calendar import --notice notice.txt, or - to paste it")
    if notice is not None and sheet is not None:
        raise InputError("--sheet goes with a workbook, not with --notice")
    if notice is None and (year is not None or replace):
        raise InputError("--year and --replace go with --notice")
    if notice is not None:
        _import_notice(read_notice(notice), year, dry_run=dry_run, replace=replace, as_json=as_json)
        return
    days = read_schedule(file, sheet)
    years = {day.year for day in days}
    if dry_run:
        _show_entries(days, set(), years, as_json=as_json)
        say("{count} days read; nothing was written (--dry-run)", count=len(days))
        return
    changed = state().store.set_calendar_days(days, years)
    say(
        "imported {count} days; years now covered: {years}; {changed} cases recomputed",
        count=len(days),
        years=", ".join(map(str, sorted(years))),
        changed=changed,
    )
    if as_json:
        _show_entries(days, set(), years, as_json=True)


def _import_notice(text: str, year: int | None, *, dry_run: bool, replace: bool, as_json: bool) -> None:
    from zhitong.core.calendar_data import FIRST_YEAR, LAST_YEAR, shipped_days
    from zhitong.core.errors import RefusedError
    from zhitong.core.notice import parse_notice, year_entries

    parsed = parse_notice(text, year)
    store = state().store
    shipped = FIRST_YEAR <= parsed.year <= LAST_YEAR
    if shipped and not replace and not dry_run:
        raise RefusedError(
            "{year} is in the built-in schedule already; nothing was entered",
            hint="give --replace to enter a notice that corrects it",
            year=parsed.year,
        )
    days, unset = year_entries(parsed, store.user_days(), shipped_days() if shipped else {})
    counts = {
        "year": parsed.year,
        "holidays": sum(not day.working for day in parsed.days),
        "workdays": sum(day.working for day in parsed.days),
    }
    if dry_run:
        _show_entries(days, unset, {parsed.year}, as_json=as_json, listed=[day.to_json() for day in parsed.days])
        say(
            "the notice for {year} reads {holidays} days off and {workdays} make-up working days; nothing was written (--dry-run)", **counts
        )
        return
    changed = store.set_calendar_days(days, {parsed.year}, unset=unset)
    say(
        "entered the notice for {year}: {holidays} days off, {workdays} make-up working days; {changed} cases recomputed",
        changed=changed,
        **counts,
    )
    if unset:
        say("{count} days entered for {year} before and not in this notice were removed", count=len(unset), year=parsed.year)
    _show_entries({}, set(), {parsed.year}, as_json=as_json, listed=[day.to_json() for day in parsed.days])


def _show_entries(days, unset, years, *, as_json: bool, listed=None) -> None:
    """The entries as JSON, or the month grids of their years as the calendar stands with them."""
    if as_json:
        rows = (
            listed
            if listed is not None
            else [
                {"date": day.isoformat(), "kind": "workday" if working else "holiday", "name": name}
                for day, (working, name) in sorted(days.items())
            ]
        )
        emit_json(rows)
        return
    from zhitong.core.calendar_data import work_calendar

    store = state().store
    entries = {day: entry for day, entry in store.user_day_names().items() if day not in unset}
    entries.update(days)
    calendar = work_calendar({day: working for day, (working, _name) in entries.items()}, store.user_years() | set(years))
    for year in sorted(years):
        _grids([(year, month) for month in range(1, 13)], calendar, entries)


@calendar_app.command("set")
def calendar_set(
    day: Annotated[str, typer.Argument(help="The date, YYYY-MM-DD.", show_default=False)],
    kind: Annotated[str, typer.Argument(help="holiday or workday (or 放假, 休, 上班, 班).", show_default=False)],
    name: Annotated[Optional[str], typer.Option("--name", help="What the day is, e.g. 元旦.")] = None,
):
    """Mark one day as a holiday or a working day (your entry wins over the shipped data).

    Example:

        zhitong calendar set 2027-02-07 workday --name 春节调休
    """
    from zhitong.edge.when import parse_day

    parsed = parse_day(day)
    changed = state().store.set_calendar_days({parsed: (parse_kind(kind), name)}, set())
    say("{day} set; {changed} cases recomputed", day=parsed.isoformat(), changed=changed)


@calendar_app.command("unset")
def calendar_unset(day: Annotated[str, typer.Argument(help="The date, YYYY-MM-DD.", show_default=False)]):
    """Remove your entry for a day (the shipped data, or the weekday rule, applies again).

    Example:

        zhitong calendar unset 2027-02-07
    """
    from zhitong.edge.when import parse_day

    parsed = parse_day(day)
    store = state().store
    if parsed not in store.user_days():
        raise InputError("{day} has no entry of yours to remove", day=parsed.isoformat())
    changed = store.set_calendar_days({}, set(), unset={parsed})
    say("{day} unset; {changed} cases recomputed", day=parsed.isoformat(), changed=changed)


@calendar_app.command("coverage")
def calendar_coverage(as_json: JsonOption = False):
    """Which years the holiday schedule is known for; deadlines beyond are provisional.

    Example:

        zhitong calendar coverage --json
    """
    store = state().store
    covered = store.covered_years()
    first, last = covered_range(covered)
    user_years = sorted(store.user_years())
    warning = coverage_warning(covered, now())
    if as_json:
        emit_json(
            {
                "first": f"{first}-01-01",
                "last": f"{last}-12-31",
                "years": sorted(covered),
                "user_years": user_years,
                "warning": tr(warning[0], **warning[1]) if warning else None,
            }
        )
        return
    out(tr("covered: {first} – {last}", first=f"{first}-01-01", last=f"{last}-12-31"))
    out(tr("entered by you: {years}", years=", ".join(map(str, user_years)) or "—"))
    if warning:
        say(warning[0], **warning[1])


@calendar_app.command("show")
def calendar_show(period: Annotated[Optional[str], typer.Argument(help="YYYY or YYYY-MM (default: this month).")] = None):
    """Month grids with holidays (休) and make-up working days (班) marked, and their names.

    A whole year is drawn three months across when the terminal is wide enough.

    Example:

        zhitong calendar show 2026-10
        zhitong calendar show 2026
    """
    from zhitong.core.normalize import normalize

    text = normalize(period) if period else now().strftime("%Y-%m")
    if len(text) == 4 and text.isdigit():
        months = [(int(text), m) for m in range(1, 13)]
    else:
        from zhitong.edge.when import parse_month

        start, _end = parse_month(text)
        months = [(start.year, start.month)]
    if not 2000 <= months[0][0] <= 2099:
        raise InputError("{value!r} is outside 2000–2099, the years zhitong keeps", value=text)
    store = state().store
    _grids(months, store.calendar, store.user_day_names())


def _grids(months, calendar, entries) -> None:
    """Month grids (three across when the terminal is wide enough), with the names of the days.

    ``entries`` are the officer's days (date → (working, name)); the shipped data names the rest.
    """
    from zhitong.core.calendar_data import shipped_days
    from zhitong.text.render import terminal_width, use_color
    from zhitong.text.views import GRID_CELLS, month_grid, side_by_side

    year = months[0][0]
    names = {day: (working, name) for day, (working, name) in shipped_days().items() if day.year == year}
    for day, (working, name) in entries.items():
        if day.year == year:
            names[day] = (working, name or (names[day][1] if day in names and names[day][0] == working else ""))
    color = use_color()
    today = now().date()
    weeks = 6 if len(months) > 1 else 0  # side by side, the holiday lists start on one line
    blocks = [month_grid(year, month, calendar, names, today=today, color=color, weeks=weeks) for year, month in months]
    out(side_by_side(blocks, GRID_CELLS, terminal_width()))
    out()
    out(tr("休 = holiday on a weekday, 班 = make-up working day on a weekend"))
    if any(not calendar.is_covered(date(year, month, 1)) for year, month in months):
        out(tr("(provisional: schedule not entered)"))


@app.command(rich_help_panel=CALENDAR)
def deadline(
    limit: Annotated[
        str,
        typer.Argument(
            help="0, working days (5d, 5天), working hours (24h, 4小时), minutes (30分钟), or 1天4小时 (28 working hours).",
            show_default=False,
        ),
    ],
    start: Annotated[Optional[str], typer.Option("--from", help="The intake instant (default: now).")] = None,
    clock: Annotated[
        str, typer.Option("--clock", help="workdays (工作日: pauses over holidays) or calendar (自然日: plain elapsed time).")
    ] = "workdays",
    as_json: JsonOption = False,
):
    """What-if: if I accept a case now (or --from), when is it due?

    A whole number of days (5d, 5天, 两天) is working days, due at the end (24:00) of the
    last one. A limit that names hours or minutes runs in working time, a day counting 24
    working hours as the tables print the time left: 1天4小时 is 28 working hours from
    intake, which can fall before the end of 1天.

    Example:

        zhitong deadline 24h --from "2025-09-30 16:00"
        zhitong deadline 1天4小时 --from "上周五 10:00"
    """
    from zhitong.core.instants import from_epoch, iso, to_epoch
    from zhitong.edge.when import parse_when
    from zhitong.sla import Limit, parse_clock

    parsed = Limit.parse(limit)
    clock = parse_clock(clock)
    begin = parse_when(start, reference=now()) if start else now()
    store = state().store
    due = store.calendar.due(to_epoch(begin), parsed, clock)
    result = {"from": iso(begin), "limit": str(parsed), "clock": clock, "due": iso(from_epoch(due.at)), "provisional": due.provisional}
    coverage = coverage_warning(store.covered_years(), now())
    if coverage:
        say(coverage[0], **coverage[1])
    if as_json:
        emit_json(result)
        return
    mark = f"  ({tr('provisional')})" if due.provisional else ""
    out(f"{result['due']}{mark}")


@app.command(rich_help_panel=CALENDAR)
def explain(
    ref: Annotated[str, typer.Argument(help="Case reference: ZT-2026-0001, or 2026-1, 26-1, 0001 or 1 (this year's).", show_default=False)],
    as_json: JsonOption = False,
):
    """How each deadline of a case was worked out: limit, clock, the days that counted, the
    holidays and make-up days crossed (named), each pause and how far it moved the deadline,
    and what is provisional.

    Example:

        zhitong explain ZT-2026-0001
        zhitong explain 1 --json
    """
    from zhitong.core.explain import stories
    from zhitong.text.explain import explain_json, explain_text

    store = state().store
    case, case_state = store.case_with_state(ref)
    told = stories(case_state, store.calendar, store.day_names())
    if as_json:
        emit_json(explain_json(case, told, now()))
        return
    out(explain_text(case, told, now()))


@policy_app.command("show")
def policy_show(as_json: JsonOption = False):
    """The limits in force: the default table, or your policy file laid over it.

    Example:

        zhitong --policy zone-policy.toml policy show
    """
    from zhitong.core.vocabulary import MILESTONES

    policy = state().policy
    if as_json:
        emit_json(
            {
                category: {name: {"limit": str(rule.limit), "clock": rule.clock} for name, rule in rules.items()}
                for category, rules in policy.items()
            }
        )
        return
    from zhitong.text.render import Column, table

    rows = []
    for category, rules in policy.items():
        cells = [tr(category)]
        for name in MILESTONES:
            rule = rules.get(name)
            cells.append("—" if rule is None else f"{rule.limit}" + ("" if rule.clock == "workdays" else f" ({tr(rule.clock)})"))
        rows.append(cells)
    out(table([Column(tr("category"))] + [Column(tr(name)) for name in MILESTONES], rows))
    hotline = policy.hotline
    out()
    # as a policy file spells them, so the officer can copy a line into [hotline] or [rank]
    out(
        "[hotline]  "
        + "  ".join(f'{key} = "{getattr(hotline, key)}"' for key in ("return_window", "extension_cap", "reply_by", "flag_after"))
        + f"  redo_escalation = {hotline.redo_escalation}"
    )
    out("[rank]  " + "  ".join(f"{key} = {weight}" for key, weight in hotline.weights.items()))


@app.command(rich_help_panel=CALENDAR)
def recompute(
    refs: Annotated[Optional[list[str]], typer.Argument(help="Case references.", show_default=False)] = None,
    all_cases: Annotated[bool, typer.Option("--all", help="Every open case.")] = False,
):
    """Apply the current policy's limits to open cases, on purpose (recorded in each history).

    A case keeps the limits that applied at its intake until you do this.

    Example:

        zhitong --policy zone-policy.toml recompute --all
    """
    from zhitong.edge.config import actor

    if not refs and not all_cases:
        raise InputError("name case references or give --all")
    context = state()
    store = context.store
    policy = context.policy
    targets = refs or [case.ref for case in store.cases(open_only=True)]
    changed = store.recompute(targets, policy, at=now(), actor=actor())
    say("{count} cases recomputed", count=changed)
