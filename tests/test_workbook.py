"""The month's workbook (export --format xlsx): opened with openpyxl, and converted by LibreOffice."""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
import subprocess
from collections import Counter
from datetime import datetime

import pytest
from conftest import FROZEN_NOW, error_line
from openpyxl import load_workbook

from zhitong.core import reports
from zhitong.core.instants import ZONE
from zhitong.core.models import Milestone

DIGITS_CODE = "911101081234500070"  # a credit code of 18 digits: a spreadsheet would make it 9.11E+17


@pytest.fixture
def month(book):
    """November 2026: on time, late (answered two working days late), open, consult answered on the spot."""
    book("ent", "add", "数字代码有限公司", "--code", DIGITS_CODE, "--phone", "03162345678")
    book("new", "新奥集团", "按时答复并办结", "--category", "routine", "--dept", "经济发展局", "--at", "2026-11-02 10:00")
    book("respond", "1", "--owner", "王局长", "--plan", "协调", "--eta", "2026-11-03", "--at", "2026-11-02 12:00")
    book("resolve", "1", "--note", "已协调", "--at", "2026-11-02 15:00")
    book("rate", "1", "5", "--at", "2026-11-02 16:00")
    book("new", "数字代码有限公司", "答复晚了", "--category", "routine", "--dept", "工管委", "--at", "2026-11-10 09:00")
    book("respond", "2", "--owner", "赵主任", "--plan", "现场查看", "--eta", "2026-11-20", "--at", "2026-11-12 09:00")
    book("new", "华翔物流有限公司", "还在办", "--category", "major", "--dept", "工管委", "--at", "2026-11-24 10:00")
    book(
        "new", "新奥集团", "政策咨询", "--category", "consult", "--channel", "hotline", "--at", "2026-11-20 10:00", "--answer", "现场已答复"
    )
    book("new", "新奥集团", "十月的", "--category", "routine", "--at", "2026-10-30 10:00")
    return book


def workbook(zt, tmp_path, *args):
    path = tmp_path / "2026-11.xlsx"
    result = zt(*args, "export", "--month", "2026-11", "--format", "xlsx", "-o", path)
    assert "exported to" in result.stderr or "已导出" in result.stderr
    return load_workbook(path), path


def rows_of(sheet) -> list[dict]:
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    return [dict(zip(header, row)) for row in rows[1:]]


def test_the_cases_sheet_holds_every_export_column_with_typed_cells(month, tmp_path):
    book, _path = workbook(month, tmp_path, "--lang", "zh")
    assert book.sheetnames == ["诉求明细", "部门考核", "汇总"]
    sheet = book["诉求明细"]
    assert [cell.value for cell in next(sheet.iter_rows())] == reports.export_header("zh")
    rows = {row["编号"].value: row for row in rows_of(sheet)}
    assert set(rows) == {"ZT-2026-0001", "ZT-2026-0002", "ZT-2026-0003", "ZT-2026-0004"}  # October's is not this month's
    first = rows["ZT-2026-0001"]
    assert (first["类别"].value, first["状态"].value, first["按时答复"].value, first["按时办结"].value) == ("一般", "已办结", "是", "是")
    assert first["渠道"].value == "政企服务直通群" and first["评价"].value == 5 and first["办结说明"].value == "已协调"
    received = first["受理时间"]
    assert received.is_date and received.value == datetime(2026, 11, 2, 10, 0)  # the zone's wall time, a real date-time
    assert first["承诺办结时间"].is_date and first["责任人"].value == "王局长"
    late = rows["ZT-2026-0002"]
    assert late["统一社会信用代码"].value == DIGITS_CODE and late["统一社会信用代码"].data_type == "s"
    assert late["按时答复"].value == "否"
    # a late milestone is filled, its verdict and its deadline; a met one is not
    assert late["按时答复"].fill.fgColor.rgb.endswith("FFC7CE") and late["答复时限"].fill.fgColor.rgb.endswith("FFC7CE")
    assert first["按时答复"].fill.fill_type is None
    assert rows["ZT-2026-0004"]["办结说明"].value == "现场已答复"
    assert rows["ZT-2026-0003"]["按时办结"].value is None  # pending
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:AN5"
    widths = {name: sheet.column_dimensions[cell.column_letter].width for name, cell in first.items()}
    assert widths["标题"] >= 30 and widths["统一社会信用代码"] >= 20 and widths["受理时间"] >= 16


def test_english_values_under_en_with_the_chinese_headers(month, tmp_path):
    book, _path = workbook(month, tmp_path, "--lang", "en")
    sheet = book.worksheets[0]
    assert [cell.value for cell in next(sheet.iter_rows())] == reports.export_header("zh")
    first = rows_of(sheet)[0]
    assert (first["类别"].value, first["状态"].value, first["按时答复"].value) == ("routine", "resolved", "yes")


def test_the_department_sheet_holds_the_figures_of_stats(month, tmp_path):
    book, _path = workbook(month, tmp_path, "--lang", "zh")
    stats = month.json("stats", "--month", "2026-11")
    sheet = book["部门考核"]
    keys = list(reports.DEPARTMENT_HEADERS_ZH)
    assert [cell.value for cell in next(sheet.iter_rows())] == [reports.DEPARTMENT_HEADERS_ZH[key] for key in keys]
    body = [[cell.value for cell in row] for row in list(sheet.iter_rows())[1:]]
    expected = [dict(row) for row in stats["departments"]] + [dict(stats["total"])]
    assert len(body) == len(expected)
    for cells, figures in zip(body, expected):
        figures.pop("components")  # the score's parts have their own columns (sign_on_time_rate, return_rate, …)
        name = figures.pop("department") or ("合计" if figures is expected[-1] else "（未交办）")
        assert cells[0] == name
        assert dict(zip(keys[1:], cells[1:])) == figures
    rate_column = keys.index("resolve_on_time_rate")
    assert list(sheet.iter_rows())[1][rate_column].number_format == "0.0%"


def test_the_assessment_reads_each_case_as_the_store_hands_it_out(zt, tmp_path):
    """The workbook's assessment loads only what it counts (``month_report.assessed_cases``):
    field for field, milestone for milestone, what the full load gives, on the demo's book of
    every status (paused, reopened, transferred, urged, rated) and the hotline's sign-for,
    callback, redo and extension."""
    from zhitong.storage import month_report
    from zhitong.store import CaseFilter, open_store

    path = tmp_path / "demo.db"
    zt("demo", "--db", path, now="2026-11-23T08:30")
    ref = zt.json("--db", path, "new", "新奥集团", "路灯", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-23 10:00")["ref"]
    zt("--db", path, "sign", ref, "--at", "2026-11-23 11:00")
    zt("--db", path, "resolve", ref, "--at", "2026-11-23 15:00")
    zt("--db", path, "rate", ref, "2", "--at", "2026-11-24 10:00", now="2026-11-24T11:00")  # a poor rating: a redo
    ref = zt.json("--db", path, "new", "新奥集团", "用地", "-c", "major", "-d", "工管委", "--at", "2026-11-24 10:00")["ref"]
    zt("--db", path, "extend", ref, "3天", "--reason", "等材料")
    zt("--db", path, "approve", ref, "--by", "王主任")
    store = open_store(path)
    filters = CaseFilter(set_aside=False)
    full = store.cases(filters)
    light = list(month_report.assessed_cases(store, filters, reports.LEFT_OUT))
    fields = [name for name in reports.AssessedCase._fields if name != "milestones"]

    def counted(cases):
        return Counter((*(getattr(case, name) for name in fields), frozenset(case.milestones)) for case in cases)

    assert len(light) == len(full) >= 15 and counted(light) == counted(full)
    # more than one value of each field, so a column read into the wrong field would show
    assert all(len({getattr(case, name) for case in light}) > 1 for name in fields)
    milestones = [Milestone(*fields) for case in light for fields in case.milestones]
    assert any(m.round == 2 for m in milestones) and {"sign", "callback"} <= {m.name for m in milestones}
    now = datetime(2026, 11, 25, 9, 0, tzinfo=ZONE)
    departments = month_report.department_names(store)
    rows, total = reports.department_stats(light, departments, store.calendar, now, escalate_at=1)
    expected_rows, expected_total = reports.department_stats(full, departments, store.calendar, now, escalate_at=1)
    assert [row.to_json() for row in rows] == [row.to_json() for row in expected_rows]
    assert total.to_json() == expected_total.to_json() and total.escalated >= 1


def test_the_summary_sheet_counts_by_channel_and_category_with_a_chart(month, tmp_path):
    book, _path = workbook(month, tmp_path, "--lang", "zh")
    sheet = book["汇总"]
    values = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["月份"][0] == "2026-11" and values["受理"][0] == 4 and values["办结"][0] == 2
    stats = month.json("stats", "--month", "2026-11")["total"]
    assert values["按时办结率"][0] == stats["resolve_on_time_rate"] and values["仍超期"][0] == stats["still_overdue"]
    assert values["政企服务专线"][:2] == (1, 1) and values["政企服务直通群"][:2] == (3, 1)
    assert values["一般"][:2] == (2, 1) and values["重大"][:2] == (1, 0) and values["咨询"][:2] == (1, 1)
    (chart,) = sheet._charts
    assert chart.tagname == "barChart"
    reference = chart.series[0].val.numRef.f
    assert reference.startswith("'部门考核'!$H$2")  # the departments' on-time resolution rate


def test_withdrawn_and_merged_cases_are_left_out_unless_asked_for(month, tmp_path):
    with sqlite3.connect(tmp_path / "zhitong.db") as conn:  # the statuses a withdraw and a merge leave
        conn.execute("UPDATE cases SET status = 'withdrawn' WHERE ref = 'ZT-2026-0002'")
        conn.execute("UPDATE cases SET status = 'merged' WHERE ref = 'ZT-2026-0003'")
    book, _path = workbook(month, tmp_path, "--lang", "zh")
    assert [row["编号"].value for row in rows_of(book.worksheets[0])] == ["ZT-2026-0001", "ZT-2026-0004"]
    assert {row[0] for row in book["汇总"].iter_rows(values_only=True)} >= {"受理"}
    path = tmp_path / "all.xlsx"
    month("--lang", "zh", "export", "--month", "2026-11", "--format", "xlsx", "-o", path, "--include-withdrawn")
    statuses = {row["编号"].value: row["状态"].value for row in rows_of(load_workbook(path).worksheets[0])}
    assert (statuses["ZT-2026-0002"], statuses["ZT-2026-0003"]) == ("已撤销", "已并单")


def test_a_workbook_needs_a_file(month):
    error_line(month("export", "--format", "xlsx", code=2), "a workbook is written to a file", "-o FILE.xlsx")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it where it can")
def test_libreoffice_reads_the_credit_code_whole_and_the_dates_as_dates(month, tmp_path):
    _book, path = workbook(month, tmp_path, "--lang", "zh")
    profile = tmp_path / "lo-profile"

    def convert(options: str, into) -> list[list[str]]:
        into.mkdir()
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                f"csv:Text - txt - csv (StarCalc):{options}",
            ]
            + ["--outdir", str(into), str(path)],
            check=True,
            capture_output=True,
            timeout=180,
        )
        return list(csv.reader(io.StringIO((into / "2026-11.csv").read_text(encoding="utf-8"))))

    shown = convert("44,34,76,1,,0,false,true,true", tmp_path / "shown")  # cells as shown
    raw = convert("44,34,76,1,,0,false,true,false", tmp_path / "raw")  # cells' values
    header = shown[0]
    code, received = header.index("统一社会信用代码"), header.index("受理时间")
    by_ref = {row[0]: row for row in shown[1:]}
    assert by_ref["ZT-2026-0002"][code] == DIGITS_CODE  # whole, not 9.11E+17
    assert by_ref["ZT-2026-0001"][received] == "2026-11-02 10:00"
    # unformatted, a date-time is written in LibreOffice's own standard form (a text would stay as typed)
    assert {row[0]: row for row in raw[1:]}["ZT-2026-0001"][received] == "2026-11-02 10:00:00"


def test_the_summary_sheet_carries_the_anchor_and_the_workbook_is_guarded(month, tmp_path):
    book, path = workbook(month, tmp_path, "--lang", "zh")
    values = {row[0]: row[1:] for row in book["汇总"].iter_rows(values_only=True) if row and row[0]}
    assert values["锚定码"][0] == month("anchor").stdout.strip()
    result = month("export", "--month", "2026-11", "--format", "xlsx", "-o", path, code=2)
    assert "already exists; add --force to replace it" in result.stderr
    month("export", "--month", "2026-11", "--format", "xlsx", "-o", path, "--force")
    result = month("export", "--month", "2026-11", "--format", "xlsx", "-o", tmp_path / "zhitong.db", "--force", code=2)
    assert "zhitong will not write over it" in result.stderr


def _openpyxl_cases(path, batches, now: str, lang: str) -> None:
    """The cases sheet as openpyxl wrote it cell by cell before the rows were streamed as XML."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font, PatternFill

    from zhitong.edge.workbook import _LATE, DATE_TIME, LATE_FILL, LATE_FONT

    book = Workbook(write_only=True)
    sheet = book.create_sheet("cases")
    sheet.append(reports.export_header("zh"))
    position = {name: index for index, name in enumerate(reports.EXPORT_COLUMNS)}
    for batch in batches:
        for row in batch:
            record = reports.export_record(row, now)
            values = [reports.sheet_cell(name, value, lang) for name, value in zip(reports.EXPORT_COLUMNS, record)]
            values = [
                ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value for value in values
            ]  # openpyxl refuses them
            cells = [WriteOnlyCell(sheet, value=value) for value in values]
            for name, cell in zip(reports.EXPORT_COLUMNS, cells):
                if name in reports.EXPORT_INSTANTS and cell.value is not None:
                    cell.number_format = DATE_TIME
            for met, due in _LATE.items():
                if record[position[met]] is False:
                    for index in (position[met], position[due]):
                        cells[index].fill, cells[index].font = PatternFill("solid", fgColor=LATE_FILL), Font(color=LATE_FONT)
            sheet.append(cells)
    book.save(path)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_streamed_cases_sheet_reads_back_as_openpyxl_wrote_it(month, tmp_path, lang):
    """The cases sheet, made from the joined rows, against openpyxl's own cells for the raw
    export rows (``export_record``): a title with XML's specials, and one that holds the cell
    separator (its row read again cell by cell; XML cannot hold the separator, so it is dropped)."""
    import os

    from zhitong.edge.when import parse_month
    from zhitong.storage import queries
    from zhitong.store import CaseFilter, open_store

    month("new", "新奥集团", "  A&B <c> \"引号\" 'x' ", "--category", "routine", "--dept", "工管委", "--at", "2026-11-03 08:05:07")
    month("new", "新奥集团", "分隔符", "--category", "routine", "--dept", "工管委", "--at", "2026-11-04 09:00")
    store = open_store(os.environ["ZHITONG_DB"])
    with store.conn:
        store.conn.execute("UPDATE cases SET title = ? WHERE title = ?", ("标题\x1f甲, 乙", "分隔符"))
    since, until = parse_month("2026-11")
    reference = tmp_path / "openpyxl.xlsx"
    raw = queries.export_rows(store, CaseFilter(since=since, until=until), reports.LEFT_OUT).fetchall()
    _openpyxl_cases(reference, [[row] for row in raw], FROZEN_NOW, lang)
    store.close()
    streamed, _path = workbook(month, tmp_path, "--lang", lang)
    expected = list(load_workbook(reference).worksheets[0].iter_rows())
    got = list(streamed.worksheets[0].iter_rows())
    assert len(got) == len(expected) == 7
    for want_row, got_row in zip(expected[1:], got[1:]):
        assert len(got_row) == len(want_row) == len(reports.EXPORT_COLUMNS)
        for want, cell in zip(want_row, got_row):
            assert (cell.coordinate, cell.value, cell.data_type, cell.is_date) == (
                want.coordinate,
                want.value,
                want.data_type,
                want.is_date,
            )
            assert (cell.number_format, cell.fill.fgColor.rgb, cell.font.color and cell.font.color.rgb) == (
                want.number_format,
                want.fill.fgColor.rgb,
                want.font.color and want.font.color.rgb,
            )
    titles = [row[5].value for row in got[1:]]
    assert any("A&B <c>" in title for title in titles) and "标题甲, 乙" in titles


def test_what_xml_cannot_hold_is_dropped_and_the_rest_escaped():
    from zhitong.edge.workbook import xml_text

    assert xml_text("普通文字") == "普通文字"
    assert xml_text("a&b<c>d\x01e\x0bf\ufffe") == "a&amp;b&lt;c&gt;def"
    assert xml_text("一\r\n二\t三") == "一&#13;\n二\t三"


def test_the_assessment_is_the_same_worked_out_aside_or_here(month, tmp_path, monkeypatch):
    """The summary comes from a child process where there is fork (edge.aside), else from this
    one: the workbook's sheets hold the same either way."""
    import os

    def sheets(book):
        return {name: [list(row) for row in book[name].iter_rows(values_only=True)] for name in book.sheetnames}

    aside_book, _path = workbook(month, tmp_path, "--lang", "zh")
    expected = sheets(aside_book)
    monkeypatch.delattr(os, "fork")
    (tmp_path / "2026-11.xlsx").unlink()
    here_book, _path = workbook(month, tmp_path, "--lang", "zh")
    assert sheets(here_book) == expected
    assert expected["部门考核"][-1][0] == "合计" and len(expected["诉求明细"]) == 5


def test_a_whole_workbook_whose_cases_frame_differs_is_not_written(month, tmp_path, monkeypatch):
    """The rows are written against the frame of the cases sheet alone; should the whole
    workbook's frame differ (its styles would not be the rows'), nothing is left at the path."""
    from zhitong.edge import workbook as writer

    real = writer._frame

    def drifting(label, summary=None, *args):
        parts, styles, part = real(label, summary, *args)
        if summary is not None:
            parts[part] = parts[part].replace(b"<sheetData>", b'<sheetData><row r="1"/>', 1)
        return parts, styles, part

    monkeypatch.setattr(writer, "_frame", drifting)
    path = tmp_path / "2026-11.xlsx"
    result = month("export", "--month", "2026-11", "--format", "xlsx", "-o", path, code=None)
    assert result.exit_code != 0 and "frame differs" in result.stderr
    assert not path.exists() and [p.name for p in tmp_path.iterdir() if "2026-11" in p.name] == []
