"""The month's workbook (.xlsx), written as it streams (openpyxl write-only mode).

Three sheets: the cases (every column of the CSV export, the headers of ``export --lang zh``),
the department assessment (the figures of ``stats --month --json``) and a summary with a native
bar chart of each department's on-time resolution rate. Instants are real date-times in the
zone's wall time; codes, references and numbers typed as text stay text; a late milestone's
cells are filled; the header row is frozen and filtered.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from zhitong.core.reports import (
    CHINESE_HEADERS,
    DEPARTMENT_HEADERS_ZH,
    EXPORT_COLUMNS,
    EXPORT_COUNTS,
    EXPORT_INSTANTS,
    EXPORT_VERDICTS,
    SUMMARY_LABELS_ZH,
    export_value,
    sheet_cell,
)
from zhitong.edge.files import output_stream
from zhitong.edge.sheets import CELL_SEPARATOR

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
    cells_of,
    summary,
    month: str,
    lang: str,
    words: dict[str, str],
    advance=lambda count: None,
    force: bool = False,
    anchor: str | None = None,
) -> int:
    """Write the workbook to ``path`` (aside, then moved into place); the number of cases written.

    ``rows``: the export rows as ``queries.export_sheet_rows`` joins them, in batches, and
    ``cells_of`` the function that reads one again cell by cell; ``summary``: a
    ``reports.MonthSummary``, or the function that gives it, asked only once the cases are
    written (``edge.aside`` makes it meanwhile); ``words``: the labels the text layer
    translated (unassigned, total).

    openpyxl writes the small sheets, the styles and the cases sheet's frame (its widths, frozen
    header row and filter); the cases themselves are written as sheet XML straight into that
    part, a batch at a time (openpyxl's work per cell would take twenty times as long as the
    CSV export). The cases sheet is the file's first part: its frame is the same in a workbook
    of that sheet alone, and the rest of the workbook follows it once the summary is there.
    """
    import zipfile

    label = (lambda key: SUMMARY_LABELS_ZH[key]) if lang == "zh" else (lambda key: key)
    alone, styles, part = _frame(label)
    with (
        output_stream(path, binary=True, force=force) as stream,  # guarded, aside, linked into place
        zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=_LEVEL) as target,
    ):
        written = _write_cases(target, part, alone[part], _case_rows(rows, cells_of, lang, styles, advance))
        whole, whole_styles, _part = _frame(label, summary() if callable(summary) else summary, month, lang, words, anchor)
        if whole[part] != alone[part] or whole_styles != styles:
            raise RuntimeError("the cases sheet's frame differs in the whole workbook")  # a bug: the cells' styles would be wrong
        for name, data in whole.items():
            if name != part:
                target.writestr(name, data)
    return written


def _frame(label, summary=None, month: str = "", lang: str = "en", words=None, anchor: str | None = None):
    """The workbook as openpyxl writes it, each part's bytes by name, with the cases sheet's
    styles and part: the cases sheet's frame alone, or with a ``summary`` the whole workbook."""
    import io
    import zipfile

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    cases = book.create_sheet(label("cases"))
    styles = _cases_frame(cases)
    if summary is not None:
        departments = book.create_sheet(label("departments"))
        count = _department_sheet(departments, summary, lang, words)
        summary_sheet = book.create_sheet(label("summary"))
        _summary_sheet(summary_sheet, departments, count, summary, month, lang, label)
        if anchor:
            # the history's anchor as the report was made: zhitong check --anchor proves it later
            summary_sheet.append([])
            summary_sheet.append([label("anchor"), anchor])
    frame = io.BytesIO()
    book.save(frame)
    with zipfile.ZipFile(frame) as parts:
        return {info.filename: parts.read(info) for info in parts.infolist()}, styles, cases.path.lstrip("/")


_LAST = column_letter(len(EXPORT_COLUMNS) - 1)
_FILTER = f'<autoFilter ref="A1:{_LAST}1"'  # the frame's filter, over the header row alone


class _Styles(NamedTuple):
    """The cell style indexes openpyxl registered for the cases (the ``s`` attribute of a cell)."""

    date: int  # an instant
    late_date: int  # the deadline of a missed milestone
    late: int  # the verdict of a missed milestone


def _cases_frame(sheet) -> _Styles:
    """The cases sheet as openpyxl writes it: widths, the bold header row, frozen and filtered."""
    from openpyxl.cell import WriteOnlyCell
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
    sheet.auto_filter.ref = f"A1:{_LAST}1"  # widened to the rows written (_copy_with_cases)
    fill, font = PatternFill("solid", fgColor=LATE_FILL), Font(color=LATE_FONT)
    date, late_date, late = (WriteOnlyCell(sheet) for _ in range(3))
    date.number_format = late_date.number_format = DATE_TIME
    late_date.fill = late.fill = fill
    late_date.font = late.font = font
    return _Styles(date.style_id, late_date.style_id, late.style_id)


def _write_cases(target, part: str, frame: bytes, chunks) -> int:
    """The cases sheet ``part`` into the zip ``target``: its ``frame`` with the cases' rows
    (``chunks``) streamed in before its ``</sheetData>``; the number of cases written."""
    from concurrent.futures import ThreadPoolExecutor

    written = 0
    text = frame.decode("utf-8")
    cut = text.index("</sheetData>")
    with target.open(part, "w", force_zip64=True) as sheet, ThreadPoolExecutor(max_workers=1) as compressor:
        sheet.write(text[:cut].encode("utf-8"))
        # zlib lets go of the interpreter while it deflates: one batch is compressed and
        # written on the second core while the next one is made, and no more wait
        compressed = None
        for chunk, rows in chunks:
            if compressed is not None:
                compressed.result()
            compressed = compressor.submit(sheet.write, chunk)
            written += rows
        if compressed is not None:
            compressed.result()
        tail = text[cut:].replace(_FILTER, f'<autoFilter ref="A1:{_LAST}{written + 1}"', 1)
        sheet.write(tail.encode("utf-8"))
    return written


_LEVEL = 1  # deflate's fastest level: the sheet XML is repetitive, and compresses well even so
_EPOCH = date(1899, 12, 30).toordinal()  # a spreadsheet's day 0 (openpyxl's, Excel's on Windows)
# What XML 1.0 cannot hold (openpyxl refuses a cell with one): dropped. And what must be escaped.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` as the content of an XML element: escaped, what XML cannot hold dropped."""
    if _SPECIAL.search(text) is None:
        return text
    text = _ILLEGAL.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")  # a bare carriage return would be read back as a newline


def serial(moment: datetime) -> str:
    """A date-time as a spreadsheet's serial number of days (what openpyxl writes for one)."""
    days = moment.toordinal() - _EPOCH
    if days <= 60:  # before 1900-03-01 the serials count Excel's phantom 29 February
        from openpyxl.utils.datetime import to_excel

        return "%.16g" % to_excel(moment)
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6
    return "%.16g" % (days + seconds / 86400)


_CACHED = 4096  # values remembered per column: every word of a vocabulary, few of the free texts


def _case_rows(batches, cells_of, lang: str, styles: _Styles, advance):
    """The cases sheet's rows as XML, a batch at a time: (bytes, rows in them).

    Each row comes as the English CSV's cells joined by the separator (``cells_of`` reads again
    one whose text holds it). Each cell as openpyxl would write it (its value as
    ``reports.export_value`` reads it, typed as ``reports.sheet_cell`` makes it): a text as an
    inline string, a number as a number, an instant as its serial number in the date-time style;
    a missed milestone's verdict and deadline in the late styles; an empty cell empty.

    A row is its number joined by the pieces between: each piece is the rest of one cell and
    the start of the next (``" t="inlineStr"><is><t>一般</t></is></c><c r="F``), made once per
    value a column holds often (a status, a department, a verdict, an empty cell).
    """
    names = EXPORT_COLUMNS
    nexts = [f'<c r="{column_letter(index + 1)}' for index in range(len(names) - 1)] + ["</row>"]
    position = {name: index for index, name in enumerate(names)}
    late_pairs = [(position[met], position[due]) for met, due in _LATE.items()]
    plain, late_cell = _cell_maker(styles, lang), _cell_maker(styles, lang, late=True)
    make = [  # a text is its own value (sheet_cell makes an empty one None): only verdicts and counts are read
        (lambda text, name=name, following=following: plain(name, export_value(name, text)) + following)
        if name in EXPORT_VERDICTS or name in EXPORT_COUNTS
        else (lambda text, name=name, following=following: plain(name, text) + following)
        for name, following in zip(names, nexts)
    ]
    empties = [plain(name, None) + nexts[index] for index, name in enumerate(names)]
    separator, width = CELL_SEPARATOR.decode("ascii"), len(names)
    caches: list[dict] = [{} for _ in names]
    instants = [(position[name], nexts[position[name]]) for name in names if name in EXPORT_INSTANTS]
    days, clocks = {}, {}  # an instant's cell in parts (_instant_cell), by day and by time of day
    direct: list[int] = []  # the columns with more values than are kept: made anew for each row
    start = ['<row r="', '"><c r="A']
    number_row = 1
    for batch in batches:
        out = []
        for (line,) in batch:
            record = line.decode("utf-8").split(separator)
            if len(record) != width:  # a text that holds the separator
                record = [cell.decode("utf-8") for cell in cells_of(line)]
            made = list(map(dict.get, caches, record))
            for index, following in instants:
                stamp = record[index]
                if not stamp:
                    made[index] = empties[index]
                    continue
                try:  # 2026-11-02 | T10:00:00+08:00
                    made[index] = days[stamp[:10]] + clocks[stamp[10:]] + following
                except (KeyError, TypeError):
                    cell = _instant_cell(days, clocks, stamp, styles.date)
                    made[index] = cell + following if cell else make[index](stamp)
            for index in direct:
                made[index] = make[index](record[index])
            if None in made:
                for index, piece in enumerate(made):
                    if piece is None:
                        value = record[index]
                        made[index] = piece = make[index](value)
                        if len(caches[index]) < _CACHED:
                            caches[index][value] = piece
                        elif index not in direct:
                            direct.append(index)
                            caches[index] = {}
            for met, due in late_pairs:
                if record[met] == "no":
                    made[met] = late_cell(names[met], False) + nexts[met]
                    made[due] = late_cell(names[due], export_value(names[due], record[due])) + nexts[due]
            number_row += 1
            out.append(str(number_row).join(start + made))
        yield "".join(out).encode("utf-8"), len(batch)
        advance(len(batch))


def _instant_cell(days: dict, clocks: dict, stamp, style: int) -> str | None:
    """An instant's cell from its stored form (``2026-11-02T10:00:00+08:00``) as
    ``reports.sheet_cell`` takes it, its wall time (the offset dropped), as the serial number of
    days spreadsheets count: the start of the cell by the day (``" s="2"><v>46328``), the rest by
    the time of day (``.4166666666666667</v></c>``), each kept for the next. None for another
    form, or before 1900-03-01 (Excel's phantom 29 February: openpyxl's own conversion then)."""
    if not isinstance(stamp, str) or len(stamp) != 25 or stamp[10] != "T" or stamp[19] not in "+-":
        return None
    day, clock = stamp[:10], stamp[10:]
    if day not in days:
        try:
            number = date.fromisoformat(day).toordinal() - _EPOCH
        except ValueError:
            return None
        if number <= 60:
            return None
        days[day] = f'" s="{style}"><v>{number}'
    if clock not in clocks:
        try:
            hours, minutes, seconds = (int(part) for part in clock[1:9].split(":"))
        except ValueError:
            return None
        if not (0 <= hours < 24 and 0 <= minutes < 60 and 0 <= seconds < 60):
            return None
        part = (hours * 3600 + minutes * 60 + seconds) / 86400
        clocks[clock] = ("%.15f" % part)[1:].rstrip("0") + "</v></c>"
    return days[day] + clocks[clock]


def _cell_maker(styles: _Styles, lang: str, late: bool = False):
    """A function of a column's name and its export value: the rest of its ``<c r="A2`` element
    ("" for an empty cell that needs none)."""
    date_style = f'" s="{styles.late_date if late else styles.date}"'
    style = f'" s="{styles.late}"' if late else '"'

    def cell(name: str, value) -> str:
        value = sheet_cell(name, value, lang)
        if value is None:
            return f"{style}/>"
        if isinstance(value, str):
            text = xml_text(value)
            space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
            return f'{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'
        if isinstance(value, bool):
            return f'{style} t="b"><v>{int(value)}</v></c>'
        if isinstance(value, (int, float)):
            return f"{style}><v>{value!r}</v></c>"
        if isinstance(value, datetime):
            return f"{date_style}><v>{serial(value)}</v></c>"
        return f'{style} t="inlineStr"><is><t>{xml_text(str(value))}</t></is></c>'

    return cell


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
