"""Imports from the sheets the office really has: .xlsx, CSV in every encoding spreadsheets save,
the hotline's work-order headers, --map, --ignore-extra; one reader for cases, enterprises and
the calendar."""

from __future__ import annotations

import csv
import json
from datetime import datetime

import pytest
from conftest import error_line
from openpyxl import Workbook

from zhitong.edge.sheets import cell_text, read_sheet

ZH_HEADER = ["企业", "标题", "类别", "渠道", "部门", "受理时间", "详情", "来源编号"]
WORK_ORDER = ["工单编号", "来电时间", "来电单位", "诉求标题", "问题描述", "承办单位", "诉求类型", "来源"]


def write_xlsx(path, sheets: dict[str, list[list]]):
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def write_csv(path, rows, encoding="utf-8", delimiter=","):
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def titles(zt) -> dict:
    return {case["title"]: case for case in json.loads(zt("export", "--all", "--format", "json").stdout)}


def test_an_xlsx_first_sheet_with_real_dates_imports(book, tmp_path):
    path = write_xlsx(
        tmp_path / "hotline.xlsx",
        {
            "工单": [
                ZH_HEADER,
                ["新奥集团", "厂区停电", "一般", "专线", "工管委", datetime(2026, 11, 24, 9, 30), None, "HL-1"],
                ["华翔物流有限公司", "用地指标", "重大", "政企面对面", "经济发展局", "2026/11/23 8:05", "需请示", 20261123],
            ],
            "说明": [["这张表不读"]],
        },
    )
    result = book("import", path)
    assert "2 cases imported" in result.stderr
    cases = titles(book)
    assert cases["厂区停电"]["received_at"] == "2026-11-24T09:30:00+08:00"  # a date-time cell, in the zone's time
    assert cases["用地指标"]["received_at"] == "2026-11-23T08:05:00+08:00"
    assert cases["用地指标"]["source_id"] == "20261123"  # a number cell, read as the text it shows
    # imported again: the source ids are known, nothing is duplicated
    assert "2 rows skipped" in book("import", path).stderr


def test_sheet_chooses_the_sheet_and_names_the_ones_there_are(book, tmp_path):
    rows = [ZH_HEADER, ["新奥集团", "第二张表的诉求", "一般", "专线", "", "2026-11-24 09:30", "", ""]]
    path = write_xlsx(tmp_path / "book.xlsx", {"封面": [["十一月"]], "工单": rows})
    book("import", path, "--sheet", "工单")
    assert "第二张表的诉求" in titles(book)
    error_line(book("import", path, "--sheet", "没有", code=2), "has no sheet '没有'", "封面, 工单")
    error_line(book("import", write_csv(tmp_path / "a.csv", rows), "--sheet", "工单", code=2), "--sheet goes with a workbook")


def test_a_bad_line_of_a_workbook_is_named_by_its_row_in_chinese(book, tmp_path):
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        {
            "Sheet": [
                ZH_HEADER,
                ["新奥集团", "好的", "一般", "", "", "2026-11-24 09:30"],
                ["新奥集团", "坏的", "紧急", "", "", "2026-11-24 09:30"],
            ]
        },
    )
    result = book("--lang", "zh", "import", path, code=2)
    assert "第 3 行：" in result.stderr and "紧急" in result.stderr and "Traceback" not in result.stderr
    assert book.json("list") == []  # nothing imported


def test_a_file_that_is_not_a_workbook_is_one_line(book, tmp_path):
    (tmp_path / "fake.xlsx").write_text("not a zip", encoding="utf-8")
    error_line(book("import", tmp_path / "fake.xlsx", code=2), "is not a workbook that can be read")
    error_line(book("import", tmp_path / "missing.xlsx", code=2), "no such file or directory")


@pytest.mark.parametrize(
    "encoding, delimiter",
    [("utf-8", ","), ("utf-8-sig", ","), ("gb18030", ","), ("utf-16", ","), ("utf-16", "\t")],
    ids=["utf-8", "utf-8 with BOM", "GB18030", "UTF-16", "UTF-16 tab-separated (Unicode text)"],
)
def test_csv_in_every_encoding_spreadsheets_save(book, tmp_path, encoding, delimiter):
    rows = [ZH_HEADER, ["新奥集团", "厂区停电，急", "一般", "专线", "工管委", "2026-11-24 09:30", "含“引号”", "HL-1"]]
    book("import", write_csv(tmp_path / "in.csv", rows, encoding, delimiter))
    case = titles(book)["厂区停电，急"]
    assert (case["detail"], case["source_id"], case["department"]) == ("含“引号”", "HL-1", "工管委")


def test_the_work_order_headers_are_read_without_a_map(book, tmp_path):
    rows = [
        WORK_ORDER,
        ["GD-0001", "2026-11-24 09:30", "新奥集团", "路灯不亮", "厂区门口三盏", "工管委", "一般", "专线"],
    ]
    book("import", write_csv(tmp_path / "gd.csv", rows))
    case = titles(book)["路灯不亮"]
    assert (case["source_id"], case["enterprise"], case["detail"], case["department"], case["channel"]) == (
        "GD-0001",
        "新奥集团",
        "厂区门口三盏",
        "工管委",
        "hotline",
    )
    for other in (
        ["单位名称", "标题", "受理时间", "诉求类型", "诉求内容", "承办部门", "渠道"],
        ["企业名称", "诉求标题", "来电时间", "类别"],
    ):
        from zhitong.edge.import_rows import CASE_ALIASES, header_key

        assert all(CASE_ALIASES[header_key(cell)] for cell in other)
    help_text = " ".join(book("import", "--help").stdout.split())
    assert "工单编号 → source_id; 来电时间, 受理时间 → received_at; 企业名称, 单位名称, 来电单位 → enterprise" in help_text


def test_an_unknown_column_is_named_with_the_fields_it_could_feed(book, tmp_path):
    rows = [WORK_ORDER + ["来电人"], ["GD-1", "2026-11-24 09:30", "新奥集团", "路灯", "", "", "一般", "", "张先生"]]
    path = write_csv(tmp_path / "gd.csv", rows)
    line = error_line(book("import", path, code=2), "line 1: unknown column '来电人'; it could feed", "--ignore-extra", "--map")
    assert line.count("source_id") == 0 and "received_at" not in line  # fed already
    line = error_line(book("--lang", "zh", "import", path, code=2), "第 1 行：不认识的列 '来电人'；它可以对应")
    assert "--ignore-extra" in line
    assert book.json("list") == []
    result = book("import", path, "--ignore-extra")
    assert "columns left out (--ignore-extra): 来电人" in result.stderr and "1 case imported" in result.stderr


def test_map_names_the_field_a_column_feeds(book, tmp_path):
    rows = [["单号", "时间", "公司", "事项", "类"], ["X-1", "2026-11-24 09:30", "新奥集团", "停水", "一般"]]
    path = write_csv(tmp_path / "odd.csv", rows)
    book(
        "import",
        path,
        "--map",
        "单号=source_id",
        "--map",
        "时间=received_at",
        "--map",
        "公司=企业",
        "--map",
        "事项=title",
        "--map",
        "类=category",
    )
    assert titles(book)["停水"]["source_id"] == "X-1"
    error_line(book("import", path, "--map", "单号", code=2), "--map '单号'", "COLUMN=field")
    error_line(book("import", path, "--map", "单号=nonsense", code=2), "--map '单号=nonsense'")


def test_enterprises_import_from_a_workbook_with_their_credit_codes_as_text(zt, tmp_path):
    path = write_xlsx(
        tmp_path / "ent.xlsx",
        {"企业": [["企业名称", "统一社会信用代码", "联系电话", "备注"], ["新奥集团", "91110000600037341L", 13800000000, "不要"]]},
    )
    error_line(zt("ent", "import", path, code=2), "unknown column '备注'")
    zt("ent", "import", path, "--ignore-extra")
    enterprise = zt.json("ent", "show", "新奥集团")
    assert enterprise["credit_code"] == "91110000600037341L" and enterprise["phone"] == "13800000000"


def test_the_calendar_imports_from_a_workbook(zt, tmp_path):
    path = write_xlsx(
        tmp_path / "2027.xlsx",
        {"Sheet1": [["日期", "类型", "名称"], [datetime(2027, 1, 1), "放假", "元旦"], ["2027/2/7", "上班", "春节调休"]]},
    )
    result = zt("calendar", "import", path)
    assert "imported 2 days" in result.stderr


def test_cells_read_as_the_text_they_show():
    from datetime import date, time

    assert [cell_text(v) for v in (None, 5, 5.0, 2.5, True, date(2026, 11, 24), time(9, 30))] == [
        "",
        "5",
        "5",
        "2.5",
        "yes",
        "2026-11-24",
        "09:30",
    ]
    assert cell_text(datetime(2026, 11, 24, 9, 30)) == "2026-11-24 09:30"
    assert cell_text(datetime(2026, 11, 24, 9, 30, 15)) == "2026-11-24 09:30:15"


def test_read_sheet_streams_the_rows(tmp_path):
    path = write_xlsx(tmp_path / "big.xlsx", {"S": [["a", "b"]] + [[n, f"行{n}"] for n in range(1000)]})
    header, records = read_sheet(path)
    assert header == ["a", "b"] and iter(records) is records
    assert next(records) == (2, ["0", "行0"])


def test_the_streamed_rows_are_openpyxls_rows(tmp_path):
    """The sheet's XML read cell by cell gives what openpyxl's own read-only rows give, as text."""
    from openpyxl import load_workbook

    from zhitong.edge.sheets import _sheet_rows

    rows = [
        ["文本", "数", "小数", "日期", "布尔", None, "尾"],
        ["新奥集团", 911101081234500070, 2.5, datetime(2026, 11, 24, 9, 30), True, None, "x"],
        [None, None, None, None, None, None, "只有最后一列"],
        ["=不是公式", 0, -3, datetime(2026, 11, 24), False, "", None],
    ]
    path = write_xlsx(tmp_path / "t.xlsx", {"S": rows})
    book = load_workbook(path, read_only=True, data_only=True)
    sheet = book.worksheets[0]
    theirs = [[cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    ours = [cells + [""] * (len(theirs[0]) - len(cells)) for _line, cells in _sheet_rows(book, sheet)]
    assert ours == theirs
    assert [line for line, _cells in _sheet_rows(book, sheet)] == [1, 2, 3, 4]
    book.close()
