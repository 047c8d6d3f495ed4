"""The month's workbook (.xlsx), written as it streams (openpyxl write-only mode).

Three sheets: the cases (every column of the CSV export, the headers of ``export --lang zh``),
the department assessment (the figures of ``stats --month --json``) and a summary with a native
bar chart of each department's on-time resolution rate. Instants are real date-times in the
zone's wall time; codes, references and numbers typed as text stay text; a late milestone's
cells are filled; the header row is frozen and filtered.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from zhitong.core.reports import (
    CHINESE_HEADERS,
    DEPARTMENT_HEADERS_ZH,
    EXPORT_COLUMNS,
    EXPORT_INSTANTS,
    SUMMARY_LABELS_ZH,
    export_record,
    sheet_cell,
)
from zhitong.edge.files import output_stream

DATE_TIME = "yyyy-mm-dd hh:mm"
PERCENT = "0.0%"
LATE_FILL = "FFC7CE"  # the light red spreadsheets use for a bad value
LATE_FONT = "9C0006"
# How wide each column's values usually are (display cells: a Chinese character takes two).
_WIDTHS = {
    "ref": 14,
    "enterprise": 26,
    "credit_code": 21,
    "channel": 16,
    "category": 10,
    "title": 40,
    "department": 14,
    "status": 10,
    "detail": 50,
    "source_id": 16,
    "owner": 12,
    "plan": 30,
    "resolve_note": 30,
    "rating_comment": 24,
}
# Each verdict column and the deadline it judges: both are filled when it was missed.
_LATE = {"response_met": "response_due", "feedback_met": "feedback_due", "resolve_met": "resolve_due"}
# Typed texts that look like numbers to a spreadsheet: kept as text.
_TEXT = (
    "ref",
    "credit_code",
    "source_id",
    "enterprise",
    "title",
    "detail",
    "department",
    "owner",
    "plan",
    "resolve_note",
    "rating_comment",
)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def write_workbook(
    path: Path,
    *,
    rows,
    summary,
    month: str,
    now: str,
    lang: str,
    words: dict[str, str],
    advance=lambda count: None,
    force: bool = False,
    anchor: str | None = None,
) -> int:
    """Write the workbook to ``path`` (aside, then moved into place); the number of cases written.

    ``rows``: the export rows (``store_reports.export_rows``) as batches; ``summary``: a
    ``reports.MonthSummary``; ``words``: the labels the text layer translated (unassigned, total).
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    label = (lambda key: SUMMARY_LABELS_ZH[key]) if lang == "zh" else (lambda key: key)
    cases = book.create_sheet(label("cases"))
    written = _cases_sheet(cases, rows, now, lang, advance)
    departments = book.create_sheet(label("departments"))
    count = _department_sheet(departments, summary, lang, words)
    summary_sheet = book.create_sheet(label("summary"))
    _summary_sheet(summary_sheet, departments, count, summary, month, lang, label)
    if anchor:
        # the history's anchor as the report was made: zhitong check --anchor proves it later
        summary_sheet.append([])
        summary_sheet.append([label("anchor"), anchor])
    with output_stream(path, binary=True, force=force) as stream:  # guarded, aside, linked into place
        book.save(stream)
    return written


def _cases_sheet(sheet, batches, now: str, lang: str, advance) -> int:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Font, PatternFill

    headers = [CHINESE_HEADERS[name] for name in EXPORT_COLUMNS]
    for index, (name, header) in enumerate(zip(EXPORT_COLUMNS, headers)):
        typical = 17 if name in EXPORT_INSTANTS else _WIDTHS.get(name, 8)
        sheet.column_dimensions[column_letter(index)].width = max(typical, display_width(header) + 4)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    head = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    fill, font = PatternFill("solid", fgColor=LATE_FILL), Font(color=LATE_FONT)
    position = {name: index for index, name in enumerate(EXPORT_COLUMNS)}
    instants = [position[name] for name in EXPORT_COLUMNS if name in EXPORT_INSTANTS]
    late_pairs = [(position[met], position[due]) for met, due in _LATE.items()]
    written = 0
    for batch in batches:
        for row in batch:
            record = export_record(row, now)
            values = [sheet_cell(name, value, lang) for name, value in zip(EXPORT_COLUMNS, record)]
            for index in instants:
                if values[index] is not None:
                    cell = WriteOnlyCell(sheet, value=values[index])
                    cell.number_format = DATE_TIME
                    values[index] = cell
            for met, due in late_pairs:
                if record[met] is False:
                    for index in (met, due):
                        cell = values[index] if isinstance(values[index], Cell) else WriteOnlyCell(sheet, value=values[index])
                        cell.fill, cell.font = fill, font
                        values[index] = cell
            sheet.append(values)
            written += 1
        advance(len(batch))
    sheet.auto_filter.ref = f"A1:{column_letter(len(EXPORT_COLUMNS) - 1)}{written + 1}"
    return written


_RATES = ("response_on_time_rate", "resolve_on_time_rate", "on_time_rate")


def _department_sheet(sheet, summary, lang: str, words: dict[str, str]) -> int:
    """One row per department and the total, as ``stats --month --json`` gives them; the rows written."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    keys = list(DEPARTMENT_HEADERS_ZH)
    headers = [DEPARTMENT_HEADERS_ZH[key] if lang == "zh" else key for key in keys]
    for index, header in enumerate(headers):
        sheet.column_dimensions[column_letter(index)].width = max(18 if index == 0 else 10, display_width(header) + 2)
    sheet.freeze_panes = "B2"
    bold = Font(bold=True)
    head = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    for row in summary.rows:
        sheet.append(_department_cells(sheet, row.to_json(), keys, row.department or words["unassigned"]))
    total = _department_cells(sheet, summary.total.to_json(), keys, words["total"])
    for cell in total:
        cell.font = bold
    sheet.append(total)
    return len(summary.rows)


def _department_cells(sheet, figures: dict, keys: list[str], name: str) -> list:
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for key in keys:
        cell = WriteOnlyCell(sheet, value=name if key == "department" else figures[key])
        if key in _RATES:
            cell.number_format = PERCENT
        cells.append(cell)
    return cells


def _summary_sheet(sheet, departments, count: int, summary, month: str, lang: str, label) -> None:
    """The month at a glance, by channel and by category, and the chart of on-time resolution."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    from zhitong.core.reports import EXPORT_WORDS_ZH

    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 12
    bold = Font(bold=True)

    def cell(value, number_format=None, strong=False):
        made = WriteOnlyCell(sheet, value=value)
        if number_format:
            made.number_format = number_format
        if strong:
            made.font = bold
        return made

    total = summary.total.to_json()  # the figures of stats --month --json
    sheet.append([cell(label("month"), strong=True), cell(month, "@")])
    sheet.append([label("received"), total["received"]])
    sheet.append([label("resolved"), summary.resolved])
    sheet.append([label("response on time"), cell(total["response_on_time_rate"], PERCENT)])
    sheet.append([label("resolution on time"), cell(total["resolve_on_time_rate"], PERCENT)])
    sheet.append([label("on time"), cell(total["on_time_rate"], PERCENT)])
    sheet.append([label("still overdue"), total["still_overdue"]])
    word = (lambda key: EXPORT_WORDS_ZH.get(key, key)) if lang == "zh" else (lambda key: key)
    for heading, column, counts in (
        ("by channel", "channel", summary.by_channel),
        ("by category", "category", summary.by_category),
    ):
        sheet.append([])
        sheet.append([cell(label(heading), strong=True)])
        sheet.append([cell(label(column), strong=True), cell(label("received"), strong=True), cell(label("resolved"), strong=True)])
        for key, (received, resolved) in counts.items():
            sheet.append([word(key), received, resolved])
    if count:
        chart = BarChart()
        chart.type = "bar"
        chart.title = label("on-time resolution by department")
        chart.legend = None
        chart.y_axis.numFmt = PERCENT
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
        column = list(DEPARTMENT_HEADERS_ZH).index("resolve_on_time_rate") + 1
        chart.add_data(Reference(departments, min_col=column, min_row=1, max_row=count + 1), titles_from_data=True)
        chart.set_categories(Reference(departments, min_col=1, min_row=2, max_row=count + 1))
        chart.height = max(7.5, 0.8 * count + 3)
        chart.width = 18
        sheet.add_chart(chart, "E2")
