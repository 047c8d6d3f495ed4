"""Bulk import (cases and enterprises) and export: checked first, all or nothing, round trips."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from conftest import error_line
from hypothesis import given, settings
from hypothesis import strategies as st

from zhitong.core import reports
from zhitong.edge import import_rows as reports_import
from zhitong.edge.sheets import CELL_SEPARATOR, csv_lines
from zhitong.storage import queries as store_reports
from zhitong.text.i18n import message

HEADER = ["enterprise", "title", "category", "channel", "department", "received_at", "detail", "source_id"]
ZH_HEADER = ["企业", "标题", "类别", "渠道", "部门", "受理时间", "详情", "来源编号"]


def write_csv(path, rows, header=HEADER, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def counts(tmp_path) -> dict:
    with sqlite3.connect(tmp_path / "zhitong.db") as conn:
        return {
            table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("departments", "enterprises", "cases", "events", "milestones", "search_backlog")
        }


def good_row(n: int, **change) -> list[str]:
    row = {
        "enterprise": "新奥集团",
        "title": f"诉求{n}：厂区道路照明不足",
        "category": "routine",
        "channel": "hotline",
        "department": "工管委",
        "received_at": f"2026-11-{10 + n % 10:02d} 09:{n % 60:02d}",
        "detail": f"详情{n}",
        "source_id": f"HL-{n:04d}",
    }
    row.update(change)
    return [row[name] for name in HEADER]


def export_json(zt, *args):
    return json.loads(zt("export", "--format", "json", *args).stdout)


def bad_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(("line ", "第"))]


# -- the issue's "must hold": a file of 10 rows with 3 bad ones ---------------------------------------


def test_ten_rows_with_three_bad_imports_nothing_and_names_the_three_lines(book, tmp_path):
    rows = [good_row(n) for n in range(10)]
    rows[2] = good_row(2, enterprise="不存在的公司")  # line 4 (the header is line 1)
    rows[5] = good_row(5, received_at="2026-13-01 09:00")  # line 7
    rows[7] = good_row(7, title="", category="紧急")  # line 9: two problems, one line
    path = write_csv(tmp_path / "hotline.csv", rows)
    before = counts(tmp_path)
    result = book("import", path, code=2)
    assert counts(tmp_path) == before
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = bad_lines(result.stderr)
    assert [line.split(":")[0] for line in lines] == ["line 4", "line 7", "line 9"]
    assert "不存在的公司" in lines[0]
    assert "2026-13-01" in lines[1]
    assert "title" in lines[2] and "紧急" in lines[2]
    assert "3 bad lines" in result.stderr and "nothing was imported" in result.stderr


def test_one_bad_line_is_one_line_not_one_lines(book, tmp_path):
    path = write_csv(tmp_path / "hotline.csv", [good_row(1), good_row(2, category="")])
    result = book("import", path, code=2)
    assert "has 1 bad line; nothing was imported" in result.stderr and "1 bad lines" not in result.stderr
    result = book("import", path, "--skip-invalid")
    assert "1 bad line skipped" in result.stderr and "1 bad lines" not in result.stderr
    assert "有 1 行错误，未导入任何内容" in book("--lang", "zh", "import", path, code=2).stderr
    assert "已跳过 1 行错误" in book("--lang", "zh", "import", path, "--skip-invalid").stderr


def test_bad_lines_are_named_in_chinese(book, tmp_path):
    path = write_csv(tmp_path / "hotline.csv", [good_row(1), good_row(2, category="")])
    result = book("--lang", "zh", "import", path, code=2)
    assert bad_lines(result.stderr)[0].startswith("第 3 行") or bad_lines(result.stderr)[0].startswith("第3行")


def test_skip_invalid_imports_the_good_lines_and_lists_the_bad(book, tmp_path):
    rows = [good_row(n) for n in range(10)]
    rows[0] = good_row(0, department="税务局")
    path = write_csv(tmp_path / "hotline.csv", rows)
    result = book("import", path, "--skip-invalid")
    assert [line.split(":")[0] for line in bad_lines(result.stderr)] == ["line 2"]
    assert "9 cases imported" in result.stderr
    assert len(book.json("list")) == 9


def test_dry_run_checks_and_writes_nothing(book, tmp_path):
    path = write_csv(tmp_path / "hotline.csv", [good_row(n) for n in range(3)])
    before = counts(tmp_path)
    result = book("import", path, "--dry-run")
    assert "3 lines checked" in result.stderr
    assert counts(tmp_path) == before


def test_counts_of_one_are_singular(book, tmp_path):
    path = write_csv(tmp_path / "hotline.csv", [good_row(1)])
    assert "1 line checked and good" in book("import", path, "--dry-run").stderr
    result = book("import", path)
    assert "1 case imported: ZT-2026-0001\n" in result.stderr and "1 cases" not in result.stderr
    write_csv(path, [good_row(1), good_row(2)])
    result = book("import", path)
    assert "1 case imported: ZT-2026-0002" in result.stderr
    assert "1 row skipped: its source_id was imported before" in result.stderr and "1 rows" not in result.stderr
    result = book("--lang", "zh", "import", write_csv(tmp_path / "more.csv", [good_row(3)]))
    assert "已导入 1 件诉求：ZT-2026-0003" in result.stderr and "–" not in result.stderr


def test_an_import_leaves_the_cycle_collector_as_it_found_it(book, tmp_path):
    import gc

    assert gc.isenabled()
    book("import", write_csv(tmp_path / "hotline.csv", [good_row(n) for n in range(3)]))
    assert gc.isenabled()
    book("import", write_csv(tmp_path / "bad.csv", [good_row(9, category="紧急")]), code=2)
    assert gc.isenabled()


def test_check_lines_is_check_line_by_line():
    """The batch check and the one-line check give the same rows and the same errors."""
    from datetime import datetime

    from zhitong.core.errors import InputError
    from zhitong.core.instants import ZONE

    columns = {name: index for index, name in enumerate(HEADER)}
    lines = [
        good_row(1),
        good_row(2, title="", received_at="2026-13-01 09:00"),
        good_row(3, department="'=工管委"),
        good_row(4, source_id="HL-0001"),
        good_row(5, received_at="2026/11/20 8:05"),
        good_row(6, enterprise="别家"),
    ]

    def checker():
        registry = reports_import.Registry(["新奥集团"])
        return reports_import.CaseChecker(registry, reports_import.Registry(["工管委"]), datetime(2026, 11, 25, 9, tzinfo=ZONE))

    rows, problems = checker().check_lines([(n + 2, list(cells)) for n, cells in enumerate(lines)], columns)
    one = checker()
    singly, errors = [], []
    for n, cells in enumerate(lines):
        try:
            singly.append(one.check(n + 2, list(cells), columns))
        except InputError as error:
            errors.append((n + 2, message(error, "en")))
    repeat = [(5, "source_id 'HL-0001' repeats line 2")]  # only the batch knows the lines before
    assert rows == [row for row in singly if row.line != 5]
    assert [(line, message(error, "en")) for line, error in problems] == sorted(errors + repeat)
    assert [line for line, _ in errors] == [3, 4, 7]
    assert rows[-1].received_at == "2026-11-20T08:05:00+08:00"
    assert all(error.__traceback__ is None for _, error in problems)


def test_rows_written_in_small_statements_and_blocks_are_the_same_cases(book, tmp_path, monkeypatch):
    """Multi-row INSERTs split at every size: full statements, a remainder, blocks across them."""
    rows = [
        good_row(
            n,
            received_at=f"2026-11-{10 + n % 10:02d} {8 + n % 12:02d}:{n % 60:02d}",
            category=("routine", "major", "consult", "restricted")[n % 4],
            department="" if n % 5 == 0 else "工管委",
        )
        for n in range(23)
    ]
    path = write_csv(tmp_path / "hotline.csv", rows)
    book("import", path)
    whole = export_json(book, "--all")
    fresh = tmp_path / "small.db"
    book("--db", fresh, "dept", "add", "工管委")
    monkeypatch.setattr(store_reports, "ROWS_PER_INSERT", 3)
    monkeypatch.setattr(store_reports, "CHUNK", 7)
    book("--db", fresh, "import", path, "--create-enterprises")
    small = json.loads(book("--db", fresh, "export", "--format", "json", "--all").stdout)
    for case in whole + small:
        case.pop("credit_code")  # the fresh book's enterprise was created by name only
    assert small == whole and len(small) == 23
    assert book.json("--db", fresh, "show", "ZT-2026-0023")["events"] == book.json("show", "ZT-2026-0023")["events"]
    book("--db", fresh, "check")


def test_a_statement_that_fails_on_the_writing_thread_undoes_the_whole_import(book, tmp_path, monkeypatch):
    """The import's inserts run on a second thread: a conflict there (here, refs that repeat
    the book's) reaches the command as a refusal, and the book is as it was before."""
    import sys
    import threading

    book("new", "新奥集团", "已有的诉求", "--category", "routine", "--at", "2026-11-20 10:00")  # ZT-2026-0001
    path = tmp_path / "cases.csv"
    lines = ["enterprise,title,category,received_at"] + [f"新奥集团,路灯{n},routine,2026-11-2{n} 09:00" for n in range(1, 4)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(store_reports, "_next_seqs", lambda conn, years: dict.fromkeys(years, 1))  # as if the book had none
    monkeypatch.setattr(store_reports, "CHUNK", 2)  # the conflict in the first batch, with a second one made meanwhile
    switch = sys.getswitchinterval()
    before = book("export", "--format", "json", "--all").stdout
    result = book("import", path, code=None)
    assert result.exit_code == 2 and "UNIQUE constraint failed: cases.year, cases.seq" in error_line(result, "the database is damaged")
    assert book("export", "--format", "json", "--all").stdout == before
    assert "all checks passed" in book("check").stderr
    assert sys.getswitchinterval() == switch
    assert not [thread for thread in threading.enumerate() if thread.name.startswith("zhitong-writes")]


def test_inserts_keep_within_the_connections_variable_limit():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (a, b, c)")
    conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 7)
    inserts = store_reports._Inserts(conn, "INSERT INTO t (a, b, c) VALUES ", "(?, ?, ?)", 3)
    assert inserts.rows == 2
    inserts.values += [n for row in range(5) for n in (row, row * 10, str(row))]
    statements = inserts.flush()
    assert len(statements) == 2 and len(inserts.values) == 3  # two full statements; one row waits for more
    statements += inserts.flush(final=True)
    for sql, values in statements:
        conn.execute(sql, values)  # each within the limit, or SQLite refuses it
    assert conn.execute("SELECT a, b, c FROM t ORDER BY a").fetchall() == [(n, n * 10, str(n)) for n in range(5)]
    assert inserts.values == []


# -- what an imported case is -------------------------------------------------------------------------


def test_an_imported_case_is_what_new_would_have_made(book, tmp_path):
    made = book.json(
        "new",
        "新奥集团",
        "厂区道路照明不足",
        "--category",
        "major",
        "--channel",
        "hotline",
        "--dept",
        "工管委",
        "--detail",
        "夜间无路灯",
        "--at",
        "2026-11-20 16:00",
    )
    path = write_csv(
        tmp_path / "hotline.csv", [["新奥集团", "厂区道路照明不足", "major", "hotline", "工管委", "2026-11-20 16:00", "夜间无路灯", "HL-9"]]
    )  # with a source_id: without one, a row that repeats a case of the book is skipped
    result = book("import", path)
    assert "ZT-2026-0002" in result.stderr
    imported = book.json("show", "ZT-2026-0002")
    for case in (made, imported):
        case.pop("ref")
        case.pop("source_id", None)
        for event in case["events"]:
            event.pop("actor")
            (event.get("data") or {}).pop("ref", None)  # the intake records the case's own reference
    assert imported == made
    assert [event["kind"] for event in imported["events"]] == ["intake", "assign"]
    book("check")


def test_import_without_department_leaves_the_case_open(book, tmp_path):
    path = write_csv(tmp_path / "hotline.csv", [good_row(1, department="")])
    book("import", path)
    case = book.json("show", "ZT-2026-0001")
    assert case["status"] == "open" and case["department"] is None
    assert [event["kind"] for event in case["events"]] == ["intake"]


def test_refs_continue_each_intake_years_sequence_in_order_of_intake(book, tmp_path):
    book("new", "新奥集团", "已有的诉求", "--category", "routine", "--at", "2026-11-01 09:00")
    rows = [
        good_row(1, received_at="2026-11-20 10:00", title="晚的"),
        good_row(2, received_at="2025-03-01 10:00", title="去年的"),
        good_row(3, received_at="2026-11-02 10:00", title="早的"),
    ]
    book("import", write_csv(tmp_path / "hotline.csv", rows))
    refs = {case["title"]: case["ref"] for case in book.json("list")}
    assert refs == {"已有的诉求": "ZT-2026-0001", "早的": "ZT-2026-0002", "晚的": "ZT-2026-0003", "去年的": "ZT-2025-0001"}
    assert book.json("new", "新奥集团", "之后的", "--category", "routine")["ref"] == "ZT-2026-0004"


def test_the_policy_in_force_sets_the_limits(book, tmp_path):
    policy = tmp_path / "zone.toml"
    policy.write_text('[routine]\nresponse = "48h"\n', encoding="utf-8")
    book("--policy", policy, "import", write_csv(tmp_path / "hotline.csv", [good_row(1, received_at="2026-11-23 10:00")]))
    case = book.json("show", "ZT-2026-0001")
    response = next(m for m in case["milestones"] if m["name"] == "response")
    assert response["limit"] == "48h"
    assert case["response_due"] == "2026-11-25T10:00:00+08:00"
    book("--policy", policy, "check")


def test_chinese_headers_names_full_width_digits_and_spreadsheet_dates(book, tmp_path):
    rows = [
        ["新奥集团", "路灯损坏", "一般", "专线", "工管委", "２０２６－１１－２４　０９：３０", "", "ＨＬ－１"],
        ["华翔物流有限公司", "用地指标", "重大", "政企面对面", "经济发展局", "2026/11/23 8:05", "", "HL-2"],
        ["91110000600037341L", "政策咨询", "政策咨询", "直通群", "", "2026年11月22日 10:00", "", ""],
    ]
    book("import", write_csv(tmp_path / "hotline.csv", rows, header=ZH_HEADER))
    cases = {case["title"]: case for case in book.json("list")}
    assert cases["路灯损坏"]["received_at"] == "2026-11-24T09:30:00+08:00"
    assert (cases["路灯损坏"]["category"], cases["路灯损坏"]["channel"]) == ("routine", "hotline")
    assert cases["用地指标"]["received_at"] == "2026-11-23T08:05:00+08:00"
    assert (cases["用地指标"]["category"], cases["用地指标"]["channel"]) == ("major", "visit")
    assert cases["政策咨询"]["enterprise"] == "新奥集团"  # named by its credit code
    assert cases["政策咨询"]["received_at"] == "2026-11-22T10:00:00+08:00"


def test_a_gb18030_file_from_excel_is_read(book, tmp_path):
    path = write_csv(
        tmp_path / "excel.csv",
        [["新奥集团", "厂区停电", "一般", "专线", "工管委", "2026-11-24 09:30", "", ""]],
        header=ZH_HEADER,
        encoding="gb18030",
    )
    book("import", path)
    assert book.json("list")[0]["title"] == "厂区停电"


def test_received_in_the_future_is_refused(book, tmp_path):
    result = book("import", write_csv(tmp_path / "f.csv", [good_row(1, received_at="2026-11-25 09:01")]), code=2)
    assert "line 2" in result.stderr and "future" in result.stderr


def test_unknown_enterprises_are_refused_unless_created(book, tmp_path):
    path = write_csv(
        tmp_path / "hotline.csv", [good_row(1, enterprise="新企业甲"), good_row(2, enterprise="新企业甲"), good_row(3, enterprise="新奥")]
    )
    result = book("import", path, code=2)
    lines = bad_lines(result.stderr)
    assert len(lines) == 3 and "新奥集团" in lines[2]  # a near miss is suggested
    assert "--create-enterprises" in result.stderr
    path = write_csv(tmp_path / "hotline.csv", [good_row(1, enterprise="新企业甲"), good_row(2, enterprise="新企业甲")])
    result = book("import", path, "--create-enterprises")
    assert "1 enterprise created" in result.stderr and "1 enterprises" not in result.stderr
    assert [c["enterprise"] for c in book.json("list")] == ["新企业甲", "新企业甲"]
    assert "新企业甲" in [e["name"] for e in book.json("ent", "list")]


def test_a_known_source_id_is_skipped_and_counted_never_duplicated(book, tmp_path):
    path = write_csv(tmp_path / "hotline.csv", [good_row(n) for n in range(3)])
    book("import", path)
    write_csv(path, [good_row(n) for n in range(5)])
    result = book("import", path)
    assert "2 cases imported" in result.stderr and "3 rows skipped" in result.stderr
    result = book("import", path)
    assert "no cases imported" in result.stderr and "5 rows skipped" in result.stderr
    assert len(book.json("list")) == 5


def test_a_source_id_repeated_within_the_file_is_a_bad_line(book, tmp_path):
    path = write_csv(tmp_path / "hotline.csv", [good_row(1), good_row(2, source_id="HL-0001")])
    result = book("import", path, code=2)
    assert bad_lines(result.stderr) == ["line 3: source_id 'HL-0001' repeats line 2"]


@pytest.mark.parametrize(
    "header, message",
    [
        (["enterprise", "title", "category"], "received_at"),
        (HEADER + ["来电号码"], "来电号码"),
        (["enterprise", "title", "title", "category", "received_at"], "twice"),
    ],
)
def test_a_bad_header_is_refused(book, tmp_path, header, message):
    path = write_csv(tmp_path / "h.csv", [["新奥集团"] * len(header)], header=header)
    result = book("import", path, code=2)
    error_line(result, f"{path}: line 1: ", message)


def test_an_empty_file_is_refused(book, tmp_path):
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    error_line(book("import", tmp_path / "empty.csv", code=2), "empty.csv is empty; its first line must be the header")
    (tmp_path / "header.csv").write_text(",".join(HEADER) + "\n\n", encoding="utf-8")
    error_line(book("import", tmp_path / "header.csv", code=2), "header.csv holds no cases")


def test_a_missing_file_is_one_line(book, tmp_path):
    result = book("import", tmp_path / "nope.csv", code=2)
    error_line(result, f"{tmp_path / 'nope.csv'}: no such file or directory")


def test_a_failure_while_writing_leaves_the_database_untouched(book, tmp_path, monkeypatch):
    """All or nothing: the import is one transaction, triggers and pragmas included."""
    monkeypatch.setattr(store_reports, "BACKLOG_MIN", 2)
    calls = {"n": 0}
    real = store_reports.stored

    def failing(seconds):
        calls["n"] += 1
        if calls["n"] > 5:
            raise RuntimeError("disk on fire")
        return real(seconds)

    monkeypatch.setattr(store_reports, "stored", failing)
    before = counts(tmp_path)
    path = write_csv(tmp_path / "hotline.csv", [good_row(n) for n in range(10)])
    result = book("import", path, code=2)
    assert "nothing was saved" in result.stderr
    assert counts(tmp_path) == before
    with sqlite3.connect(tmp_path / "zhitong.db") as conn:
        triggers = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"cases_fts_insert", "events_fts_insert"} <= triggers
    monkeypatch.setattr(store_reports, "stored", real)
    book("import", path)
    assert len(book.json("list")) == 10
    book("check")


def test_a_large_import_restores_its_triggers_and_foreign_keys(book, tmp_path, monkeypatch):
    monkeypatch.setattr(store_reports, "BACKLOG_MIN", 2)
    book("import", write_csv(tmp_path / "hotline.csv", [good_row(n) for n in range(4)]))
    assert counts(tmp_path)["search_backlog"] == 1
    with sqlite3.connect(tmp_path / "zhitong.db") as conn:
        triggers = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"cases_fts_insert", "events_fts_insert", "cases_fts_update", "cases_fts_delete"} <= triggers
    # a case logged afterwards is indexed at once, as always
    book("new", "新奥集团", "之后登记的停电问题", "--category", "routine")
    assert [c["title"] for c in book.json("search", "停电问题")] == ["之后登记的停电问题"]
    assert counts(tmp_path)["search_backlog"] == 0


def test_import_help_and_progress_are_quiet_off_a_terminal(book, tmp_path):
    result = book("import", write_csv(tmp_path / "hotline.csv", [good_row(n) for n in range(3)]))
    assert "\r" not in result.stderr and "━" not in result.stderr


# -- enterprises ----------------------------------------------------------------------------------------

ENT_HEADER = ["name", "credit_code", "group", "key", "contact", "phone", "officer"]


def test_ent_import_adds_enterprises_with_every_field(zt, tmp_path):
    rows = [
        ["新奥集团", "91110000600037341L", "service", "yes", "李经理", "13800000000", "张专员"],
        ["华翔物流", "", "包联", "否", "", "", ""],
        ["　京津冀新材料　", "", "规上", "是", "", "", ""],
    ]
    zt("ent", "import", write_csv(tmp_path / "ents.csv", rows, header=ENT_HEADER))
    by_name = {e["name"]: e for e in zt.json("ent", "list")}
    assert by_name["新奥集团"] == {
        "name": "新奥集团",
        "credit_code": "91110000600037341L",
        "group": "service",
        "key": True,
        "contact": "李经理",
        "phone": "13800000000",
        "officer": "张专员",
        "leader": None,
        "tags": [],
        "open": 0,
        "overdue": 0,
    }
    assert by_name["华翔物流"]["group"] == "liaison" and by_name["华翔物流"]["key"] is False
    assert by_name["京津冀新材料"]["key"] is True


def test_ent_import_chinese_headers_and_full_width_codes(zt, tmp_path):
    path = write_csv(
        tmp_path / "ents.csv",
        [["新奥集团", "９１１１００００６０００３７３４１ｌ", "规上企业", "★"]],
        header=["企业名称", "统一社会信用代码", "分组", "重点企业"],
    )
    zt("ent", "import", path)
    assert zt.json("ent", "show", "新奥集团")["credit_code"] == "91110000600037341L"


def test_ent_import_with_bad_lines_imports_nothing_and_names_them(zt, tmp_path):
    rows = [
        ["甲公司", "", "service", "", "", "", ""],
        ["乙公司", "91110000600037341A", "service", "", "", "", ""],  # line 3: check digit
        ["丙公司", "", "vip", "maybe", "", "", ""],  # line 4: two problems
        ["甲公司", "", "", "", "", "", ""],  # line 5: repeats line 2
    ]
    result = zt("ent", "import", write_csv(tmp_path / "ents.csv", rows, header=ENT_HEADER), code=2)
    lines = bad_lines(result.stderr)
    assert [line.split(":")[0] for line in lines] == ["line 3", "line 4", "line 5"]
    assert "vip" in lines[1] and "maybe" in lines[1]
    assert zt.json("ent", "list") == []
    result = zt("ent", "import", tmp_path / "ents.csv", "--skip-invalid")
    assert [e["name"] for e in zt.json("ent", "list")] == ["甲公司"]


def test_ent_import_again_leaves_known_names_and_refuses_a_taken_code(book, tmp_path):
    rows = [["新奥集团", "", "", "", "", "", ""], ["新公司", "", "", "", "", "", ""]]
    result = book("ent", "import", write_csv(tmp_path / "ents.csv", rows, header=ENT_HEADER))
    assert "1 enterprise imported" in result.stderr and "1 enterprises" not in result.stderr
    assert "1 already in the registry, left as it was" in result.stderr
    assert book.json("ent", "show", "新奥集团")["credit_code"] == "91110000600037341L"  # untouched
    rows = [["别家公司", "91110000600037341L", "", "", "", "", ""]]
    result = book("ent", "import", write_csv(tmp_path / "ents.csv", rows, header=ENT_HEADER), code=2)
    assert "新奥集团" in bad_lines(result.stderr)[0]


# -- export ----------------------------------------------------------------------------------------------


# The columns the issue asks export for, in its order; anything added comes after them.
ISSUE_COLUMNS = [
    "ref",
    "enterprise",
    "credit_code",
    "channel",
    "category",
    "title",
    "department",
    "status",
    "received_at",
    "response_due",
    "responded_at",
    "response_met",
    "feedback_due",
    "reported_at",
    "feedback_met",
    "resolve_due",
    "resolved_at",
    "resolve_met",
    "filed_at",
    "rating",
    "transfers",
    "urges",
    "provisional",
]


NEW_COLUMNS = ["owner", "plan", "eta", "resolve_note", "rating_comment", "reopens", "corrections"]
HOTLINE_COLUMNS = ["sign_due", "signed_at", "sign_met", "returns", "extensions", "callback_due", "callback_at", "callback_met"]


@pytest.fixture
def month_book(book, built_once):
    """November 2026: one case in every state the export distinguishes, and one from October."""

    def steps():
        book("new", "新奥集团", "按时答复并办结", "--category", "routine", "--dept", "经济发展局", "--at", "2026-11-02 10:00")
        book("respond", "ZT-2026-0001", "--owner", "王局长", "--plan", "协调", "--eta", "2026-11-03", "--at", "2026-11-02 12:00")
        book("resolve", "ZT-2026-0001", "--at", "2026-11-02 15:00")
        book("rate", "ZT-2026-0001", "5", "--at", "2026-11-02 16:00")
        book("new", "华翔物流", '=HYPERLINK("http://evil")', "--category", "routine", "--dept", "工管委", "--at", "2026-11-10 09:00")
        book("respond", "ZT-2026-0002", "--owner", "赵主任", "--plan", "+1 方案", "--eta", "2026-11-20", "--at", "2026-11-12 09:00")
        book("transfer", "ZT-2026-0002", "经济发展局", "--reason", "职责调整", "--at", "2026-11-12 10:00")
        book("urge", "ZT-2026-0002", "--at", "2026-11-13 10:00")
        book("new", "--category", "major", "--at", "2026-11-24 10:00", "新奥集团", "--", "-5% 补贴")
        book("new", "新奥集团", "@某人 年底的事", "--category", "routine", "--at", "2026-11-25 08:00")
        book("new", "新奥集团", "十月的诉求", "--category", "consult", "--at", "2026-10-30 10:00", "--answer", "现场已答复")

    built_once(steps)
    return book


def test_export_columns_in_order_with_a_byte_order_mark(month_book, tmp_path):
    month_book("export", "-o", tmp_path / "out.csv")
    data = (tmp_path / "out.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(reports.EXPORT_COLUMNS)
    assert rows[0][: len(ISSUE_COLUMNS)] == ISSUE_COLUMNS  # the issue's order, exactly, first
    assert rows[0][len(ISSUE_COLUMNS) :] == ["detail", "source_id"] + NEW_COLUMNS + HOTLINE_COLUMNS  # added after, never renamed
    assert [row[0] for row in rows[1:]] == ["ZT-2026-0001", "ZT-2026-0002", "ZT-2026-0003", "ZT-2026-0004"]


def test_export_lang_zh_writes_a_chinese_header(month_book, tmp_path):
    for args in (("export", "--lang", "zh"), ("--lang", "zh", "export")):
        month_book(*args, "-o", tmp_path / "out.csv", "--force")
        header = (tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        assert header[:8] == ["编号", "企业", "统一社会信用代码", "渠道", "类别", "标题", "部门", "状态"]
        assert header[8] == "受理时间" and header[23:25] == ["详情", "来源编号"]
        assert header[25:32] == ["责任人", "办理方式", "承诺办结时间", "办结说明", "评价意见", "重办次数", "更正次数"]
        assert header[32:35] == ["签收时限", "签收时间", "按时签收"]


def read_rows(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_export_lang_zh_writes_chinese_values_and_times_as_typed(month_book, tmp_path):
    month_book("export", "-o", tmp_path / "en.csv")
    month_book("export", "--lang", "zh", "-o", tmp_path / "zh.csv")
    english, chinese = read_rows(tmp_path / "en.csv"), read_rows(tmp_path / "zh.csv")
    first = dict(zip(english[0], chinese[1]))
    assert (first["category"], first["status"], first["channel"]) == ("一般", "已办结", "政企服务直通群")
    assert (first["response_met"], first["resolve_met"], first["feedback_met"], first["provisional"]) == ("是", "是", "", "否")
    assert (first["received_at"], first["resolved_at"], first["response_due"]) == (
        "2026-11-02 10:00",
        "2026-11-02 15:00",
        "2026-11-03 10:00",
    )
    assert (first["owner"], first["plan"], first["eta"], first["rating"]) == (
        "王局长",
        "协调",
        "2026-11-04 00:00",
        "5",
    )  # --eta 2026-11-03: by its end
    late = dict(zip(english[0], chinese[2]))
    assert (late["response_met"], late["resolve_met"], late["status"]) == ("否", "否", "已答复")
    assert {"routine", "major", "resolved", "yes", "no"} <= {cell for row in english[1:] for cell in row}
    assert not {"routine", "major", "resolved", "yes", "no", "hotline"} & {cell for row in chinese[1:] for cell in row}
    help_text = " ".join(month_book("export", "--help").stdout.split())
    assert "zh (Chinese headers and values: 一般, 已办结, 是, 2026-12-01 08:40)" in help_text


def test_export_answer_note_comment_reopens_and_corrections(book, tmp_path):
    book("new", "新奥集团", "路灯不亮", "--category", "routine", "--dept", "工管委", "--at", "2026-11-20 09:00")
    book("respond", "1", "--owner", "李科长", "--plan", "更换灯具", "--eta", "2026-11-21 18:00", "--at", "2026-11-20 10:00")
    book("resolve", "1", "--note", "已更换", "--at", "2026-11-20 15:00")
    book("rate", "1", "3", "--comment", "仍有一盏不亮", "--at", "2026-11-20 16:00")
    book("reopen", "1", "--reason", "仍有一盏不亮", "--at", "2026-11-21 09:00")
    book("resolve", "1", "--note", "全部更换", "--at", "2026-11-21 11:00")
    book("rate", "1", "5", "--comment", "满意", "--at", "2026-11-21 12:00")
    book("new", "新奥集团", "咨询政策", "--category", "consult", "--at", "2026-11-22 10:00", "--answer", "现场已答复")
    rows = {row["ref"]: row for row in export_json(book)}
    worked = rows["ZT-2026-0001"]
    assert (worked["owner"], worked["plan"], worked["eta"]) == ("李科长", "更换灯具", "2026-11-21T18:00:00+08:00")
    assert (worked["resolve_note"], worked["rating_comment"], worked["reopens"], worked["corrections"]) == ("全部更换", "满意", 1, 0)
    assert rows["ZT-2026-0002"]["resolve_note"] == "现场已答复" and rows["ZT-2026-0002"]["reopens"] == 0
    book("export", "-o", tmp_path / "out.csv")
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as handle:
        from_csv = {row["ref"]: row for row in csv.DictReader(handle)}
    assert (from_csv["ZT-2026-0001"]["resolve_note"], from_csv["ZT-2026-0001"]["reopens"]) == ("全部更换", "1")


def test_export_values_met_and_pending(month_book):
    rows = {row["ref"]: row for row in export_json(month_book)}
    on_time = rows["ZT-2026-0001"]
    assert (on_time["response_met"], on_time["resolve_met"], on_time["feedback_met"]) == (True, True, None)
    assert on_time["rating"] == 5 and on_time["status"] == "resolved" and on_time["credit_code"] == "91110000600037341L"
    late = rows["ZT-2026-0002"]
    assert late["response_met"] is False  # answered 2 working days after a 24 h limit
    assert late["resolve_met"] is False  # unmet and past due
    assert (late["transfers"], late["urges"], late["department"]) == (1, 1, "经济发展局")
    pending = rows["ZT-2026-0004"]
    assert pending["response_met"] is None and pending["resolve_met"] is None and pending["provisional"] is False
    major = rows["ZT-2026-0003"]
    assert major["feedback_due"] == "2026-11-26T10:00:00+08:00" and major["resolve_due"] == "2026-12-02T00:00:00+08:00"
    assert major["department"] is None and major["status"] == "open"


def test_exported_csv_reads_back_as_the_json_export_column_by_column(month_book, tmp_path):
    month_book("export", "-o", tmp_path / "out.csv")
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as handle:
        from_csv = list(csv.DictReader(handle))
    from_json = export_json(month_book)
    assert len(from_csv) == len(from_json) == 4

    def as_cell(value):
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)

    neutralised = 0
    for csv_row, json_row in zip(from_csv, from_json):
        assert list(csv_row) == list(json_row)
        for column, value in json_row.items():
            cell = csv_row[column]
            if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
                assert cell == "'" + value  # the quote that neutralises a formula
                neutralised += 1
            else:
                assert cell == as_cell(value), column
    assert neutralised == 4  # =HYPERLINK, -5%, @某人, the plan +1 方案


NOW = "2026-11-25T09:00:00+08:00"
# One case whose typed values are each unique, so a raw export row can be told apart by value.
TYPED = {
    "enterprise": "新奥集团",
    "credit_code": "91110000600037341L",
    "title": "标题甲",
    "department": "工管委",
    "detail": "详情甲",
    "source_id": "来源甲",
}


@pytest.fixture
def one_case(book, tmp_path):
    """A store holding one imported case whose typed values are ``TYPED``."""
    from zhitong.store import open_store

    row = good_row(1, title=TYPED["title"], detail=TYPED["detail"], source_id=TYPED["source_id"], received_at="2026-11-20 10:00")
    book("import", write_csv(tmp_path / "one.csv", [row]))
    store = open_store(tmp_path / "zhitong.db")
    yield store
    store.close()


# Where each typed value is kept (table, column), to put a hostile one in its place.
TYPED_PLACES = {
    "enterprise": ("enterprises", "name"),
    "credit_code": ("enterprises", "credit_code"),
    "title": ("cases", "title"),
    "department": ("departments", "name"),
    "detail": ("cases", "detail"),
    "source_id": ("cases", "source_id"),
}


def csv_cells(store) -> dict:
    from zhitong.store import CaseFilter

    rows, cells_of = store_reports.export_csv_rows(store, CaseFilter(), NOW)
    line = csv_lines(rows.fetchall(), len(reports.EXPORT_COLUMNS), cells_of).decode("utf-8")
    return dict(zip(reports.EXPORT_COLUMNS, next(csv.reader(io.StringIO(line))), strict=True))


@pytest.mark.parametrize("column", list(TYPED))
@pytest.mark.parametrize("value", ["=1+2", "+86 138", "-3号楼", "@SUM(A1)", "\tTab", "\rCR"])
def test_formula_cells_are_neutralised(one_case, column, value):
    table, field = TYPED_PLACES[column]
    with one_case.conn:
        one_case.conn.execute(f"UPDATE {table} SET {field} = ? WHERE {field} = ?", (value, TYPED[column]))
    assert csv_cells(one_case)[column] == "'" + value


@pytest.mark.parametrize("note", ["=1+2", "@SUM(A1)", "已更换路灯"])
def test_a_resolution_note_that_reads_as_a_formula_is_neutralised(book, tmp_path, note):
    book("new", "新奥集团", "路灯损坏", "--category", "routine", "--dept", "经济发展局", "--at", "2026-11-24 10:00")
    book("resolve", "ZT-2026-0001", "--note", note, "--at", "2026-11-24 15:00")
    book("export", "-o", tmp_path / "out.csv")
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as handle:
        (row,) = csv.DictReader(handle)
    assert row["resolve_note"] == ("'" + note if note.startswith(reports.FORMULA_STARTS) else note)


def test_plain_cells_are_left_alone(one_case):
    cells = csv_cells(one_case)
    assert {column: cells[column] for column in TYPED} == TYPED
    assert (cells["response_met"], cells["feedback_met"], cells["resolve_met"], cells["provisional"]) == ("no", "", "no", "no")
    assert (cells["received_at"], cells["response_due"], cells["channel"], cells["category"]) == (
        "2026-11-20T10:00:00+08:00",
        "2026-11-23T10:00:00+08:00",
        "hotline",
        "routine",
    )
    assert (cells["responded_at"], cells["rating"], cells["transfers"]) == ("", "", "0")  # every cell text, as in the file


def test_the_demo_book_exports_the_same_as_csv_and_as_json(zt, tmp_path):
    """Every state the demo holds (late, paused, provisional, filed, rated): the CSV export's
    verdicts, made by SQLite, agree with the JSON export's, made in Python, cell by cell."""
    demo = tmp_path / "demo.db"
    zt("demo", "--db", demo)
    zt("--db", demo, "export", "--all", "-o", tmp_path / "demo.csv")
    with open(tmp_path / "demo.csv", encoding="utf-8-sig", newline="") as handle:
        from_csv = list(csv.DictReader(handle))
    from_json = json.loads(zt("--db", demo, "export", "--all", "--format", "json").stdout)
    assert len(from_csv) == len(from_json) >= 10
    verdicts = {json_row[column] for json_row in from_json for column in ("response_met", "feedback_met", "resolve_met")}
    assert verdicts == {True, False, None}  # every verdict is there to compare
    assert {json_row["provisional"] for json_row in from_json} == {True, False}
    for csv_row, json_row in zip(from_csv, from_json):
        assert csv_row == {column: _as_cell(value) for column, value in json_row.items()}


def _as_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value.startswith(reports.FORMULA_STARTS):
        return "'" + value
    return str(value)


def test_export_periods(month_book):
    assert [r["ref"] for r in export_json(month_book)] == ["ZT-2026-0001", "ZT-2026-0002", "ZT-2026-0003", "ZT-2026-0004"]
    assert [r["ref"] for r in export_json(month_book, "--month", "2026-10")] == ["ZT-2026-0005"]
    assert [r["ref"] for r in export_json(month_book, "--since", "2026-10-30", "--until", "2026-11-02")] == ["ZT-2026-0005", "ZT-2026-0001"]
    assert [r["ref"] for r in export_json(month_book, "--since", "2026-11-24")] == ["ZT-2026-0003", "ZT-2026-0004"]
    assert len(export_json(month_book, "--all")) == 5
    assert [r["ref"] for r in export_json(month_book, "--month", "２０２６－１０")] == ["ZT-2026-0005"]
    assert [r["ref"] for r in export_json(month_book, "--dept", "工管委")] == []
    assert [r["ref"] for r in export_json(month_book, "--dept", "经济发展局")] == ["ZT-2026-0001", "ZT-2026-0002"]
    assert export_json(month_book, "--month", "2026-09") == []


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (("--month", "2026-11", "--all"), "give one of --month, --since/--until or --all"),
        (("--month", "2026-11", "--since", "2026-11-01"), "give one of --month, --since/--until or --all"),
        (("--since", "2026-11-05", "--until", "2026-11-01"), "--until is before --since"),
        (("--format", "xls"), "unknown format 'xls' — use csv, json or xlsx"),
        (("--month", "11月"), "not a month: '11月' — use YYYY-MM"),
        (("--lang", "fr"), "unknown language 'fr' — use zh or en"),
    ],
)
def test_export_refuses_bad_options_in_one_line(month_book, args, why):
    error_line(month_book("export", *args, code=2), why)


def test_export_to_a_file_says_so_and_leaves_no_partial_file(month_book, tmp_path):
    result = month_book("export", "--format", "json", "-o", tmp_path / "out.json")
    assert "4 cases exported" in result.stderr
    assert len(json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))) == 4
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []
    result = month_book("export", "-o", tmp_path / "missing-dir" / "out.csv", code=2)
    # the file the officer named, not the one written beside it first
    error_line(result, f"error: {tmp_path / 'missing-dir' / 'out.csv'}: no such file or directory")


def test_export_of_an_empty_period_is_a_header_or_an_empty_list(book):
    assert book("export").stdout.lstrip("\ufeff").strip() == ",".join(reports.EXPORT_COLUMNS)
    assert export_json(book) == []


def test_export_streams_rows_from_the_cursor(month_book, tmp_path):
    from zhitong.store import CaseFilter, open_store

    store = open_store(tmp_path / "zhitong.db")
    try:
        rows = store_reports.export_rows(store, CaseFilter())
        assert iter(rows) is rows and not isinstance(rows, list)
        assert len(next(rows)) == 42
    finally:
        store.close()


def test_import_then_export_keeps_every_field(book, tmp_path):
    rows = [
        [
            "新奥集团",
            "华翔路封闭施工，货物无法运出",
            "routine",
            "service-group",
            "工管委",
            "2026-11-20 16:00:00",
            "绕行创业路有限高杆",
            "A-1",
        ],
        ["华翔物流有限公司", "-2℃ 冷库断电", "major", "visit", "经济发展局", "2026-11-21 08:15", "", "A-2"],
        ["新奥集团", "咨询：研发费用加计扣除", "consult", "hotline", "", "2026-11-22 10:00", "多行\n详情", "A-3"],
        ["华翔物流有限公司", "申请已到期补贴", "restricted", "liaison-group", "经济发展局", "2026-11-23 23:59", '含"引号"和,逗号', "A-4"],
    ]
    book("import", write_csv(tmp_path / "in.csv", rows))
    exported = export_json(book)
    assert len(exported) == 4
    for source, row in zip(rows, exported):
        enterprise, title, category, channel, department, _received, _detail, _source_id = source
        assert (row["enterprise"], row["title"], row["category"], row["channel"]) == (enterprise, title, category, channel)
        assert row["department"] == (department or None)
    assert [row["received_at"] for row in exported] == [
        "2026-11-20T16:00:00+08:00",
        "2026-11-21T08:15:00+08:00",
        "2026-11-22T10:00:00+08:00",
        "2026-11-23T23:59:00+08:00",
    ]
    assert [row["detail"] for row in exported] == ["绕行创业路有限高杆", None, "多行\n详情", '含"引号"和,逗号']
    assert [row["source_id"] for row in exported] == ["A-1", "A-2", "A-3", "A-4"]
    for source, row in zip(rows, exported):
        assert book.json("show", row["ref"])["detail"] == (source[6] or None)
    # and the exported CSV, read back, carries the same fields (the title's formula quote aside)
    book("export", "-o", tmp_path / "out.csv")
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as handle:
        back = list(csv.DictReader(handle))
    assert [r["title"].removeprefix("'") for r in back] == [r[1] for r in rows]
    assert [r["received_at"] for r in back] == [r["received_at"] for r in exported]
    assert [r["detail"] for r in back] == [r[6] for r in rows]
    assert [r["source_id"] for r in back] == [r[7] for r in rows]


IMPORTED = ("enterprise", "title", "category", "channel", "department", "received_at", "detail", "source_id")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_exported_csv_imports_into_a_fresh_book_and_exports_the_same(month_book, tmp_path, lang):
    typed = [good_row(1, detail="-3号楼 漏水", source_id="@HL-1"), good_row(2, title="+86 热线来电", detail="多行\n详情", department="")]
    month_book("import", write_csv(tmp_path / "in.csv", typed))
    month_book("export", "--all", "--lang", lang, "-o", tmp_path / "first.csv")
    fresh = tmp_path / "fresh.db"
    for name in ("经济发展局", "工管委"):
        month_book("--db", fresh, "dept", "add", name)
    result = month_book("--db", fresh, "import", tmp_path / "first.csv", "--create-enterprises")
    assert "7 cases imported" in result.stderr
    month_book("--db", fresh, "export", "--all", "--lang", lang, "-o", tmp_path / "second.csv")
    first, second = read_rows(tmp_path / "first.csv"), read_rows(tmp_path / "second.csv")
    assert first[0] == second[0] == reports.export_header(lang)
    columns = [reports.EXPORT_COLUMNS.index(name) for name in IMPORTED]
    assert [[row[i] for i in columns] for row in second[1:]] == [[row[i] for i in columns] for row in first[1:]]
    # what the cases hold is what was typed: the quotes that neutralise formulas do not come back in
    before = [{name: row[name] for name in IMPORTED} for row in export_json(month_book, "--all")]
    after = [
        {name: row[name] for name in IMPORTED}
        for row in json.loads(month_book("--db", fresh, "export", "--format", "json", "--all").stdout)
    ]
    assert after == before
    assert {'=HYPERLINK("http://evil")', "-5% 补贴", "@某人 年底的事", "+86 热线来电"} <= {row["title"] for row in after}
    assert {"-3号楼 漏水", "多行\n详情"} <= {row["detail"] for row in after} and "@HL-1" in {row["source_id"] for row in after}


def test_every_exported_column_is_imported_or_skipped_in_both_languages():
    fields, aliases, skipped = reports_import.CASE_FIELDS, reports_import.CASE_ALIASES, reports_import.EXPORT_ONLY
    for name in reports.EXPORT_COLUMNS:
        for label in (name, reports.CHINESE_HEADERS[name]):
            key = reports_import.header_key(label)
            imported = aliases.get(key, key) in fields
            assert imported != (key in skipped), label
            if imported:
                assert aliases.get(key, key) == name, label  # read back as the column it was written as
    assert not skipped & set(aliases)


@pytest.mark.parametrize(
    "cell", ["2026-11-24 09:30", "2026-11-24T09:30:15", "2026-11-24T09:30:00+08:00", "2000-01-01 00:00", "2026-02-29 10:00"]
)
def test_the_fast_path_for_plain_stamps_agrees_with_the_general_parser(cell):
    from datetime import datetime

    from zhitong.core.errors import InputError
    from zhitong.core.instants import ZONE, iso, to_epoch
    from zhitong.edge.when import parse_when

    current = datetime(2026, 11, 25, 9, tzinfo=ZONE)
    checker = reports_import.CaseChecker(reports_import.Registry([]), reports_import.Registry([]), current)
    try:
        expected = parse_when(cell, reference=current)
    except InputError:
        with pytest.raises(InputError):
            checker._received(cell)
        return
    assert checker._received(cell) == (to_epoch(expected), iso(expected))


def test_the_zones_offset_and_the_epoch_are_taken_from_when():
    """reports, reports_import and store_reports use when.py's day arithmetic, not copies of it."""
    from pathlib import Path

    for module in (reports, reports_import, store_reports):
        text = Path(module.__file__).read_text(encoding="utf-8")
        for copy in ("date(1970, 1, 1)", "_EPOCH_ORDINAL", "8 * 3600", "28800"):
            assert copy not in text, (module.__name__, copy)


def test_a_case_paused_before_its_deadline_is_pending_in_both_exports(book, tmp_path):
    book("new", "新奥集团", "等材料的诉求", "--category", "routine", "--at", "2026-11-20 10:00")  # response due 11-23 10:00
    book("pause", "ZT-2026-0001", "--reason", "等待企业补充材料", "--at", "2026-11-21 10:00")  # still paused at 11-25
    book("new", "新奥集团", "没有暂停的诉求", "--category", "routine", "--at", "2026-11-20 10:00")
    book("export", "-o", tmp_path / "out.csv")
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as handle:
        from_csv = {row["ref"]: row for row in csv.DictReader(handle)}
    from_json = {row["ref"]: row for row in export_json(book)}
    assert (from_json["ZT-2026-0001"]["response_met"], from_csv["ZT-2026-0001"]["response_met"]) == (None, "")
    assert (from_json["ZT-2026-0002"]["response_met"], from_csv["ZT-2026-0002"]["response_met"]) == (False, "no")


# The separators the export joins cells and lines with are among the characters, so a cell
# that holds one is seen too.
TEXT = st.text(alphabet=st.sampled_from(list("a ,\"\r\n\t='新，“”\x1f\x1e")), max_size=6)


@settings(max_examples=500, deadline=None)
@given(st.integers(2, 5).flatmap(lambda width: st.lists(st.lists(TEXT, min_size=width, max_size=width), max_size=6)))
def test_csv_lines_are_what_the_csv_module_writes(rows):
    expected = io.StringIO()
    csv.writer(expected).writerows(rows)
    lines = [(CELL_SEPARATOR.join(cell.encode() for cell in row),) for row in rows]  # as the export's query gives them
    width = len(rows[0]) if rows else 2
    # read again, in order, are the rows whose cells hold the separator
    reads = iter([tuple(cell.encode() for cell in row) for row in rows if any("\x1f" in cell for cell in row)])
    assert csv_lines(lines, width, lambda line: next(reads)).decode("utf-8") == expected.getvalue()


def test_the_export_to_standard_output_is_the_file_byte_order_mark_and_all(month_book, tmp_path):
    month_book("export", "-o", tmp_path / "out.csv")
    written = (tmp_path / "out.csv").read_bytes()
    assert written.startswith(b"\xef\xbb\xbf") and month_book("export").stdout_bytes == written


def test_a_cell_that_holds_the_cell_separator_is_exported_whole(one_case, tmp_path):
    with one_case.conn:
        one_case.conn.execute("UPDATE cases SET title = ?", ("标题\x1f甲, 乙",))
    assert csv_cells(one_case)["title"] == "标题\x1f甲, 乙"
