"""Search, the monthly assessment, export and the bulk imports: parse, call, print."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Optional

import typer

from zhitong.commands.app import (
    JsonOption,
    app,
    emit_json,
    now,
    out,
    say,
    state,
)
from zhitong.commands.records import ent_app
from zhitong.commands.views import Cat, Chan, Dept, Ent, Officer, build_filter
from zhitong.core.errors import InputError
from zhitong.edge.files import output_stream
from zhitong.edge.sheets import batches, read_sheet, write_csv, write_json_array
from zhitong.text.i18n import message, tr

REPORTS = "Reports"
VIEWS = "Views"

# Below these sizes a job is over before a progress bar would be read.
PROGRESS_ROWS = 20_000
EXPORT_BATCH = 1000  # rows taken from the cursor at a time: memory stays flat

CsvFile = Annotated[
    Path,
    typer.Argument(
        help="The sheet: .xlsx (its first sheet), or CSV in UTF-8, GB18030 or UTF-16 as Excel and WPS save it.", show_default=False
    ),
]
SheetName = Annotated[Optional[str], typer.Option("--sheet", help="The workbook's sheet to read (default: the first).", show_default=False)]
MapOption = Annotated[
    Optional[list[str]],
    typer.Option(
        "--map",
        metavar="'COLUMN=field'",
        help="The field a column of the sheet feeds, e.g. --map '联系人电话=phone' (repeatable).",
        show_default=False,
    ),
]
IgnoreExtra = Annotated[
    bool, typer.Option("--ignore-extra", help="Leave out the columns no field takes, and say which, instead of refusing the sheet.")
]
SkipInvalid = Annotated[
    bool, typer.Option("--skip-invalid", help="Import the good lines and list the bad ones, instead of importing nothing.")
]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Check every line and report; write nothing.")]


# -- search ---------------------------------------------------------------------------------------


@app.command(rich_help_panel=VIEWS)
def search(
    text: Annotated[
        str, typer.Argument(help="Words to find in titles, details and histories (every word must occur).", show_default=False)
    ],
    dept: Dept = None,
    enterprise: Ent = None,
    category: Cat = None,
    channel: Chan = None,
    officer: Officer = None,
    limit: Annotated[int, typer.Option("--limit", help="Show at most this many cases, newest first.")] = 50,
    as_json: JsonOption = False,
):
    """Find cases by any text: titles, details and every answer and note in their histories.

    Chinese works as typed; one- and two-character words are found too.

    Example:

        zhitong search 限高杆 --dept 交通运输局
    """
    from zhitong.core import reports
    from zhitong.storage import queries as store_reports
    from zhitong.text.views import search_table

    terms = reports.search_terms(text)
    if limit < 1:
        raise InputError("--limit must be at least 1, not {value}", value=limit)
    store = state().store
    backlog = store_reports.search_backlog_size(store)
    if backlog:
        if backlog >= PROGRESS_ROWS:
            say("indexing {count} imported cases for search (once)", count=backlog)
        with _progress(tr("indexing"), backlog) as advance:
            store_reports.catch_up_search(store, advance)
    total, matches = store_reports.search(store, terms, build_filter(store, dept, enterprise, category, channel, officer), limit=limit)
    if total > limit:
        say("showing {shown} of {count} cases found; narrow the search or raise --limit", shown=limit, count=total)
    if as_json:
        current = now()
        items = []
        for case, match in matches:
            item = case.to_json(current)
            item.pop("events")
            items.append({**item, "matched_in": match.where, "context": match.text})
        emit_json(items)
        return
    if not matches:
        say("nothing found for {query}", query=" ".join(terms))
        return
    out(search_table(matches))


# -- stats ----------------------------------------------------------------------------------------

Month = Annotated[Optional[str], typer.Option("--month", help="YYYY-MM (default: this month).", show_default=False)]


@app.command(rich_help_panel=REPORTS)
def stats(
    month: Month = None,
    officer: Officer = None,
    rank: Annotated[bool, typer.Option("--rank", help="Rank the departments by their assessment score (考核得分).")] = False,
    as_json: JsonOption = False,
):
    """The department assessment (考核) for the cases received in a month.

    Per department: cases received, answers and resolutions on time, median response time
    (working time), cases still overdue, urges, transfers, the mean rating, and a bar of the
    on-time rate. On time counts the deadlines already met or past; pending ones count later.

    Cases under escalated supervision (提级督办) are listed apart. With --rank, the departments are ranked by a score of 0–100: the weighted mean of on-time
    sign-for, response and resolution, cases kept (not returned), resolutions that held (no
    redo) and satisfaction (the share of ratings 4–5), each shown beside it; the weights are
    the policy file's [rank].

    Example:

        zhitong stats --month 2026-11
        zhitong stats --rank --month 2026-11
    """
    from zhitong.core.reports import department_stats
    from zhitong.core.reports import rank as ranked
    from zhitong.core.vocabulary import CLOSED
    from zhitong.edge.when import parse_month
    from zhitong.storage import chain as history
    from zhitong.store import CaseFilter

    current = now()
    label = month.strip() if month else current.strftime("%Y-%m")
    start, end = parse_month(label)
    context = state()
    store = context.store
    hotline = context.policy.hotline
    filters = CaseFilter(since=start, until=end, officer=officer.strip() if officer else None, set_aside=False)
    cases = store.cases(filters)
    rows, total = department_stats(
        cases,
        [d.name for d in store.departments()],
        store.calendar,
        current,
        returns=store.returns_by_department(filters),
        escalate_at=hotline.redo_escalation,
    )
    scored = ranked(rows, hotline.weights)
    if rank:
        rows = scored
    label = start.strftime("%Y-%m")
    code, _events = history.anchor(store.conn)
    if as_json:
        emit_json(
            {
                "month": label,
                "from": start.isoformat(),
                "until": end.isoformat(),
                "departments": [row.to_json() for row in rows],
                "total": total.to_json(),
                "anchor": code,
            }
        )
        return
    out(
        tr(
            "Department assessment {month}: cases received {first} – {last}",
            month=label,
            first=start.date().isoformat(),
            last=(end - timedelta(days=1)).date().isoformat(),
        )
    )
    out()
    if rank:
        out(_rank_table(rows))
        out()
        weights = " · ".join(f"{tr(_COMPONENT_WORDS[name])} {weight}" for name, weight in hotline.weights.items())
        out(tr("score: the weighted mean of the parts, 0–100 (weights: {weights})", weights=weights))
    else:
        out(_stats_table(rows, total))
        out()
        out(tr("on time: the share of deadlines met in time, of those already met or past due"))
    out(tr("anchor: {code}", code=code))  # zhitong check --anchor CODE proves the history up to it unchanged
    escalated = [case for case in cases if case.redos >= hotline.redo_escalation and case.status not in CLOSED]
    if escalated:
        from zhitong.text.views import escalated_table

        out()
        out(tr("Escalated supervision (提级督办): redone {count} times or more", count=hotline.redo_escalation))
        out(escalated_table(escalated))


_COMPONENT_WORDS = {
    "sign": "signed on time",
    "response": "answered on time",
    "resolve": "resolved on time",
    "returns": "kept (not returned)",
    "redos": "held (no redo)",
    "satisfaction": "satisfied (4–5)",
}


def _rank_table(rows, max_width: int | None = None) -> str:
    from zhitong.text.render import Column, table

    def percent(value) -> str:
        return "—" if value is None else f"{round(100 * value)}%"

    body = []
    for place, row in enumerate(rows, 1):
        parts = row.components
        body.append(
            [
                str(place) if row.department is not None and row.score is not None else "",
                row.department or tr("(unassigned)"),
                "—" if row.score is None else f"{row.score:.1f}",
                *(percent(parts.get(name)) for name in _COMPONENT_WORDS),
                str(row.returns),
                str(row.redos),
            ]
        )
    columns = [
        Column(tr("rank"), align="right"),
        Column(tr("department"), flexible=True, minimum=8),
        Column(tr("score"), align="right"),
        *(Column(tr(word), align="right") for word in _COMPONENT_WORDS.values()),
        Column(tr("returns"), align="right"),
        Column(tr("redos"), align="right"),
    ]
    return table(columns, body, max_width=max_width)


# How the assessment gives way on a narrow terminal (zhitong.text.render.plan), highest step
# first: the reopens go, the headers take their short forms, the on-time bar shortens, then transfers, urges,
# the rating and the median response are hidden; department names are cut by display width
# (a Chinese character takes two cells) down to ten cells. At 80 columns (and at 60) every
# department keeps one line, with its on-time figures and its bar.
STATS_GIVES_WAY = {"reopens": 7, "headers short": 6, "bar short": 5, "transfers": 4, "urges": 3, "rating": 2, "median": 1}
BAR_CELLS, SHORT_BAR_CELLS = 10, 4


def _stats_table(rows, total, max_width: int | None = None) -> str:
    from zhitong.text.render import Column, Short, bar, table
    from zhitong.text.views import duration

    def share(part: int, whole: int) -> str:
        return f"{part}/{whole} {round(100 * part / whole)}%" if whole else "—"

    def cells(row, name: str) -> list:
        rate = row.on_time_rate
        on_time = "—"
        if rate is not None:
            percent = f"{round(100 * rate):>3}%"
            on_time = Short(f"{bar(rate, BAR_CELLS)} {percent}", f"{bar(rate, SHORT_BAR_CELLS)} {percent}")
        return [
            name,
            str(row.received),
            share(row.responses_on_time, row.responses_settled),
            share(row.resolutions_on_time, row.resolutions_settled),
            duration(row.median_response_seconds) if row.median_response_seconds is not None else "—",
            str(row.overdue),
            str(row.urges),
            str(row.transfers),
            str(row.reopens),
            f"{row.mean_rating:.1f}" if row.mean_rating is not None else "—",
            on_time,
        ]

    steps = STATS_GIVES_WAY
    headers = steps["headers short"]
    answered, solved = tr("answered"), tr("solved")
    # Chinese keeps its four-character headers; the English short ones need a word of explanation.
    explained = answered != tr("answered on time") or solved != tr("resolved on time")
    columns = [
        Column(tr("department"), flexible=True, minimum=10),
        Column(tr("received"), align="right", short=headers, short_header=tr("cases")),
        Column(
            tr("answered on time"),
            align="right",
            short=headers,
            short_header=answered,
            legend=tr("answered, solved: on time, of the deadlines met or past due") if explained else "",
        ),
        Column(tr("resolved on time"), align="right", short=headers, short_header=solved),
        Column(tr("median response"), align="right", short=headers, short_header=tr("median"), optional=steps["median"]),
        Column(tr("still overdue"), align="right", short=headers, short_header=tr("overdue")),
        Column(tr("urges"), align="right", optional=steps["urges"]),
        Column(tr("transfers"), align="right", optional=steps["transfers"]),
        Column(tr("reopens"), align="right", optional=steps["reopens"]),
        Column(tr("rating"), align="right", optional=steps["rating"]),
        Column(tr("on time"), short=steps["bar short"]),
    ]
    body = [cells(row, row.department or tr("(unassigned)")) for row in rows]
    return table(columns, body + [cells(total, tr("total"))], max_width=max_width)


# -- export ---------------------------------------------------------------------------------------


def period_filter(store, month, since, until, everything, **filters):
    """The CaseFilter for --month, --since/--until or --all (default: this month)."""
    from zhitong.edge.when import parse_month, period

    if sum(bool(x) for x in (month, since or until, everything)) > 1:
        raise InputError("give one of --month, --since/--until or --all")
    start = end = None
    if since or until:
        start, end = period(since, until, reference=now())
    elif not everything:
        start, end = parse_month(month.strip() if month else now().strftime("%Y-%m"))
    return build_filter(store, since=start, until=end, **filters)


@contextmanager
def _progress(description: str, total: int | None):
    """A progress bar on stderr for a large job at a terminal; otherwise a no-op advance."""
    if total is None or total < PROGRESS_ROWS or not sys.stderr.isatty():
        yield lambda count: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)
        yield lambda count: bar.advance(task, count)


@app.command(rich_help_panel=REPORTS)
def export(
    month: Month = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Received on or after this day (YYYY-MM-DD).", show_default=False)] = None,
    until: Annotated[
        Optional[str], typer.Option("--until", help="Received on or before this day (YYYY-MM-DD).", show_default=False)
    ] = None,
    everything: Annotated[bool, typer.Option("--all", help="Every case ever received.")] = False,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="csv (UTF-8 with BOM, for Excel and WPS), json, or xlsx (the month's workbook, to a file given with -o)."
        ),
    ] = "csv",
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write to this file (default: stdout).", show_default=False)
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")] = False,
    lang: Annotated[
        Optional[str],
        typer.Option(
            "--lang",
            help="Language of the CSV: en (default: stable keys, ISO times, for scripts) or zh (Chinese headers and values: 一般, 已办结, 是, 2026-12-01 08:40); zhitong --lang zh export does the same. zhitong import reads either file.",
            show_default=False,
        ),
    ] = None,
    dept: Dept = None,
    enterprise: Ent = None,
    category: Cat = None,
    channel: Chan = None,
    officer: Officer = None,
    include_withdrawn: Annotated[
        bool, typer.Option("--include-withdrawn", help="Keep withdrawn and merged cases, with their status (left out by default).")
    ] = False,
):
    """One row per case received in the period, for the monthly report (default: this month).

    Columns: ref, enterprise, credit_code, channel, category, title, department, status,
    received_at, then each deadline, when it was met and whether in time (*_met: yes, no,
    or empty while pending), filed_at, rating, transfers, urges, provisional, detail,
    source_id, then owner, plan, eta (the answer: who, how, by when), resolve_note,
    rating_comment, reopens and corrections, then the hotline workflow's sign_due, signed_at,
    sign_met, returns, extensions, callback_due, callback_at and callback_met. --lang zh writes the header and the values in
    Chinese. The file imports again with zhitong import, which skips the columns only export
    writes.

    --format xlsx writes the month's workbook for the leaders, in the officer's language: the
    cases (these columns under their Chinese headers, times as real date-times, codes as text,
    late milestones filled), the department assessment (the figures of stats --month --json)
    and a summary by channel and category with a chart of each department's on-time
    resolution rate.

    Example:

        zhitong export --month 2026-11 --lang zh -o 2026-11.csv
        zhitong export --month 2026-11 --format xlsx -o 2026-11.xlsx
    """
    from zhitong.core import reports
    from zhitong.core.instants import iso
    from zhitong.edge.language import LANGS
    from zhitong.storage import queries as store_reports

    fmt = fmt.strip().lower()
    if fmt not in ("csv", "json", "xlsx"):
        raise InputError("unknown format {value!r}", hint="use csv, json or xlsx", value=fmt)
    if fmt == "xlsx" and (output is None or str(output) == "-"):
        raise InputError("a workbook is written to a file", hint="give -o FILE.xlsx")
    # Keys stay English for scripts unless Chinese is asked for on this command line; the
    # workbook is for people, in the officer's language.
    from zhitong.edge.language import language

    lang = (lang or state().explicit_lang or (language() if fmt == "xlsx" else "en")).strip().lower()
    if lang not in LANGS:
        raise InputError("unknown language {value!r}", hint="use zh or en", value=lang)
    store = state().store
    filters = period_filter(
        store, month, since, until, everything, dept=dept, enterprise=enterprise, category=category, channel=channel, officer=officer
    )
    current = iso(now())
    left_out = () if include_withdrawn else reports.LEFT_OUT
    if fmt == "xlsx":
        written = _write_workbook(store, filters, left_out, output, lang, month, current, force)
        say("{count} cases exported to {path}", count=written, path=str(output))
        return
    total = store_reports.count_cases(store, filters, left_out) if sys.stderr.isatty() else None
    with (
        _progress(tr("exporting"), total) as advance,
        output_stream(output, force=force, binary=fmt == "csv") as stream,
    ):
        if fmt == "csv":
            rows, cells_of = store_reports.export_csv_rows(store, filters, current, lang, left_out)
            written = write_csv(stream, reports.export_header(lang), batches(rows, EXPORT_BATCH), cells_of, advance)
        else:
            rows = store_reports.export_rows(store, filters, left_out)
            records = (
                [dict(zip(reports.EXPORT_COLUMNS, reports.export_record(row, current))) for row in batch]
                for batch in batches(rows, EXPORT_BATCH)
            )
            written = write_json_array(stream, records, advance)
    if output is not None and str(output) != "-":
        say("{count} cases exported to {path}", count=written, path=str(output))


def _write_workbook(store, filters, left_out, output: Path, lang: str, month, current: str, force: bool = False) -> int:
    """The month's workbook: its cases, the assessment and the summary, streamed to ``output``.

    The assessment is worked out aside (a child process, its own connection) while the cases
    are written: the two take about as long, and the summary is needed only after the cases.
    """
    from zhitong.edge.aside import aside
    from zhitong.edge.files import guard_output
    from zhitong.edge.workbook import write_workbook
    from zhitong.storage import chain as history
    from zhitong.storage import month_report
    from zhitong.storage import queries as store_reports

    guard_output(output, force)  # before the month is read or a workbook begun

    period = month.strip() if month else (filters.since.strftime("%Y-%m") if filters.since else "")
    total = store_reports.count_cases(store, filters, left_out) if sys.stderr.isatty() else None  # for the progress bar alone
    with aside(month_report.summary_of, store.path, filters, left_out, now(), state().policy.hotline) as summary:
        rows, cells_of = month_report.month_rows(store, filters, current, left_out)
        with _progress(tr("exporting"), total) as advance:
            return write_workbook(
                output,
                rows=batches(rows, EXPORT_BATCH),
                cells_of=cells_of,
                summary=summary,
                month=period,
                lang=lang,
                words={"unassigned": tr("(unassigned)"), "total": tr("total")},
                advance=advance,
                force=force,
                anchor=history.anchor(store.conn)[0],
            )


# -- import ---------------------------------------------------------------------------------------


def _header(
    path: Path, header, fields, required, aliases, ignored: frozenset = frozenset(), maps=None, ignore_extra: bool = False
) -> dict[str, int]:
    """The columns' positions; the columns left out (--ignore-extra) are told."""
    from zhitong.edge.import_rows import parse_maps, read_header

    mapping = parse_maps(maps, fields, aliases)
    try:
        columns, left_out = read_header(header, fields, required, aliases, ignored, mapping=mapping, ignore_extra=ignore_extra)
    except InputError as error:
        raise InputError("{path}: {reason}", path=str(path), reason=message(error)) from None
    if left_out:
        say("{path}: columns left out (--ignore-extra): {names}", path=str(path), names=", ".join(left_out))
    return columns


def _line(number: int, error: InputError) -> str:

    return tr("line {line}: {reason}", line=number, reason=message(error))


def _refuse_or_warn(path: Path, problems: list[str], skip_invalid: bool, advice: str | None = None) -> None:
    """Refuse the file listing its bad lines (and advice after them), or list them and go on."""
    if not problems:
        return
    count = len(problems)
    lines = "\n".join(problems + ([advice] if advice else []))
    if not skip_invalid:
        if count == 1:
            raise InputError("{path} has 1 bad line; nothing was imported:\n{lines}", path=str(path), lines=lines)
        raise InputError("{path} has {count} bad lines; nothing was imported:\n{lines}", path=str(path), count=count, lines=lines)
    if count == 1:
        say("{path}: 1 bad line skipped:\n{lines}", path=str(path), lines=lines)
    else:
        say("{path}: {count} bad lines skipped:\n{lines}", path=str(path), count=count, lines=lines)


@app.command("import", rich_help_panel=REPORTS)
def import_cases(
    file: Annotated[
        Optional[Path],
        typer.Argument(
            help="The sheet: .xlsx (its first sheet), or CSV in UTF-8, GB18030 or UTF-16 as Excel and WPS save it.", show_default=False
        ),
    ] = None,
    create_enterprises: Annotated[
        bool, typer.Option("--create-enterprises", help="Add enterprises the registry does not know (by name only).")
    ] = False,
    channel: Annotated[Optional[str], typer.Option("--channel", help="Channel for rows that name none.")] = "hotline",
    sheet: SheetName = None,
    maps: MapOption = None,
    ignore_extra: IgnoreExtra = False,
    skip_invalid: SkipInvalid = False,
    dry_run: DryRun = False,
    template: Annotated[
        bool,
        typer.Option(
            "--template", help="Write an empty sheet with the accepted headers and one example row (to -o FILE.csv or FILE.xlsx)."
        ),
    ] = False,
    lang: Annotated[Optional[str], typer.Option("--lang", help="The template's headers: en (default) or zh.", show_default=False)] = None,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="The template's file: .csv or .xlsx.", show_default=False)
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the template's file if it exists.")] = False,
):
    """Log cases in bulk from a spreadsheet (.xlsx or CSV), such as the hotline's work-order sheet.

    Columns: enterprise, title, category, channel, department, received_at, detail and an
    optional source_id (or 企业, 标题, 类别, 渠道, 部门, 受理时间, 详情, 来源编号). The headers of a
    work-order sheet are read as they are: 工单编号 → source_id; 来电时间, 受理时间 → received_at;
    企业名称, 单位名称, 来电单位 → enterprise; 诉求标题, 标题 → title; 诉求内容, 问题描述 → detail;
    承办单位, 承办部门 → department; 诉求类型, 类别 → category; 来源, 渠道 → channel. Any other column
    is named with --map 'COLUMN=field', or left out with --ignore-extra. Every line is checked
    first; if any is bad, each is listed and nothing is imported (unless --skip-invalid). A row
    whose source_id was imported before is skipped, so a file can be imported again safely.
    A file from zhitong export reads too (either language): the columns only export writes
    (ref, status, the deadlines…) are skipped, so its cases come in as new ones.

    Example:

        zhitong import hotline-2026-11.csv --create-enterprises

    where hotline-2026-11.csv reads:

        企业,标题,类别,渠道,部门,受理时间,详情,来源编号
        新奥集团,厂区门口路灯损坏,一般,专线,工管委,2026-11-24 09:30,夜间照明不足,HL-0001

    The sheet to send the hotline desk, with every accepted header and one example row:

        zhitong import --template --lang zh -o 工单模板.xlsx
    """
    if template:
        _write_template(file, lang, output, force)
        return
    if file is None:
        raise InputError("give the sheet to import", hint="zhitong import FILE.xlsx, or --template -o FILE for an empty one")
    if lang is not None or output is not None:
        raise InputError("--lang and -o go with --template")
    from zhitong.commands.app import warn_coverage
    from zhitong.edge.import_rows import (
        CASE_ALIASES,
        CASE_FIELDS,
        CASE_REQUIRED,
        EXPORT_ONLY,
        CaseChecker,
        Registry,
    )
    from zhitong.edge.inputs import parse_channel
    from zhitong.storage import queries as store_reports

    default_channel = parse_channel(channel or "hotline")
    header, records = read_sheet(file, sheet)
    columns = _header(file, header, CASE_FIELDS, CASE_REQUIRED, CASE_ALIASES, EXPORT_ONLY, maps, ignore_extra)
    context = state()
    store = context.store
    names, codes = store_reports.enterprise_names(store)
    checker = CaseChecker(
        Registry(names, codes),
        Registry(store_reports.department_names(store)),
        now(),
        default_channel=default_channel,
        create_enterprises=create_enterprises,
    )
    with _collector_paused():  # the rows are gone again when it resumes: nothing left to walk
        result = _check_and_write(file, records, columns, checker, skip_invalid, dry_run)
    if result is None:
        return
    if result.imported == 1:
        say("1 case imported: {ref}", ref=result.first_ref)
    elif result.imported:
        say("{count} cases imported: {first} – {last}", count=result.imported, first=result.first_ref, last=result.last_ref)
    else:
        say("no cases imported")
    if result.known == 1:
        say("1 row skipped: its source_id was imported before")
    elif result.known:
        say("{count} rows skipped: their source_id was imported before", count=result.known)
    if result.repeated == 1:
        say("1 row skipped: it repeats a case already in the book (same enterprise, title and intake time)")
    elif result.repeated:
        say("{count} rows skipped: they repeat cases already in the book (same enterprise, title and intake time)", count=result.repeated)
    if result.enterprises_created == 1:
        say("1 enterprise created")
    elif result.enterprises_created:
        say("{count} enterprises created", count=result.enterprises_created)
    if result.imported:
        warn_coverage(store)


def _write_template(file: Path | None, lang: str | None, output: Path | None, force: bool) -> None:
    from zhitong.edge.import_rows import template_rows
    from zhitong.edge.language import LANGS
    from zhitong.edge.sheets import write_template

    if file is not None:
        raise InputError("--template writes a sheet; it reads none", hint="zhitong import --template -o FILE.xlsx")
    if output is None or str(output) == "-":
        raise InputError("--template needs the file to write", hint="give -o FILE.csv or -o FILE.xlsx")
    lang = (lang or state().explicit_lang or "en").strip().lower()
    if lang not in LANGS:
        raise InputError("unknown language {value!r}", hint="use zh or en", value=lang)
    header, example = template_rows(lang)
    write_template(output, header, example, force=force)
    say("template written to {path}", path=str(output))


def _check_and_write(file: Path, records, columns: dict[str, int], checker, skip_invalid: bool, dry_run: bool):
    """Check every line, refuse (or list) the bad ones, and write the good ones; None on a dry run."""
    from zhitong.edge.config import actor
    from zhitong.storage import queries as store_reports

    rows, bad = checker.check_lines(records, columns)
    problems = [_line(number, error) for number, error in bad]
    advice = None
    if checker.unknown_enterprises:
        advice = tr("add unknown enterprises with zhitong ent add or zhitong ent import, or give --create-enterprises")
    _refuse_or_warn(file, problems, skip_invalid, advice)
    if not rows and not problems:
        raise InputError("{path} holds no cases", path=str(file))
    if dry_run:
        _say_checked(len(rows))
        return None
    context = state()
    with _progress(tr("importing"), len(rows)) as advance:
        return store_reports.import_cases(
            context.store, rows, policy=context.policy, actor=actor(), create_enterprises=checker.create_enterprises, progress=advance
        )


@contextmanager
def _collector_paused():
    """Python's cycle collector off for a bulk import, and back on after.

    Checking and writing a large file makes a few hundred thousand objects (cells, rows,
    parameters) that form no cycles; each collection would walk all of them again, about a
    tenth of the import's time. Errors are kept without their tracebacks, so nothing made
    meanwhile holds a cycle either.
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _say_checked(count: int) -> None:
    if count == 1:
        say("1 line checked and good; nothing was written (--dry-run)")
    else:
        say("{count} lines checked and good; nothing was written (--dry-run)", count=count)


@ent_app.command("import")
def ent_import(
    file: CsvFile,
    sheet: SheetName = None,
    maps: MapOption = None,
    ignore_extra: IgnoreExtra = False,
    skip_invalid: SkipInvalid = False,
    dry_run: DryRun = False,
):
    """Add enterprises to the registry in bulk from a spreadsheet (.xlsx or CSV).

    Columns: name, credit_code, group (service or liaison), key (yes or no), contact, phone,
    officer (or 企业名称, 统一社会信用代码, 分组, 重点企业, 联系人, 联系电话, 帮扶专员). Every line is
    checked first; if any is bad, each is listed and nothing is imported (unless
    --skip-invalid). Names already in the registry are left as they are.

    Example:

        zhitong ent import enterprises.csv

    where enterprises.csv reads:

        企业名称,统一社会信用代码,分组,重点企业,联系人
        新奥集团,91131000601172867J,service,yes,李经理
    """
    from zhitong.edge.import_rows import ENTERPRISE_ALIASES, ENTERPRISE_FIELDS, ENTERPRISE_REQUIRED, EnterpriseChecker
    from zhitong.storage import queries as store_reports

    header, records = read_sheet(file, sheet)
    columns = _header(file, header, ENTERPRISE_FIELDS, ENTERPRISE_REQUIRED, ENTERPRISE_ALIASES, maps=maps, ignore_extra=ignore_extra)
    store = state().store
    _names, codes = store_reports.enterprise_names(store)
    checker = EnterpriseChecker(codes)
    rows, problems = [], []
    for number, cells in records:
        try:
            rows.append(checker.check(number, cells, columns))
        except InputError as error:
            problems.append(_line(number, error))
    _refuse_or_warn(file, problems, skip_invalid)
    if not rows and not problems:
        raise InputError("{path} holds no enterprises", path=str(file))
    if dry_run:
        _say_checked(len(rows))
        return
    result = store_reports.import_enterprises(store, rows)
    if result.imported == 1:
        say("1 enterprise imported")
    else:
        say("{count} enterprises imported", count=result.imported)
    if result.known == 1:
        say("1 already in the registry, left as it was")
    elif result.known:
        say("{count} already in the registry, left as they were", count=result.known)
