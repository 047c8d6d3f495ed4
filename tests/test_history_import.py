"""Cases that arrive already worked on: their history becomes the events the commands would have
recorded; a row repeating a case of the book is skipped; the template the hotline desk fills in."""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest
from conftest import error_line
from openpyxl import load_workbook

from zhitong.core.errors import InputError, RefusedError
from zhitong.core.worked import Worked, history_events
from zhitong.edge import import_rows

HEADER = ["enterprise", "title", "category", "department", "received_at", "source_id"]
HISTORY = ["owner", "plan", "eta", "responded_at", "answer", "resolved_at", "resolve_note", "filed_at", "rating", "rating_comment"]


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def row(base: list, **history) -> list:
    return base + [history.get(name, "") for name in HISTORY]


def exported(zt) -> dict:
    return {case["ref"]: case for case in json.loads(zt("export", "--all", "--format", "json").stdout)}


def test_a_consult_answered_on_the_spot_arrives_resolved_not_overdue(book, tmp_path):
    path = write_csv(
        tmp_path / "in.csv",
        HEADER + HISTORY,
        [row(["新奥集团", "研发费用加计扣除怎么申报", "consult", "经济发展局", "2026-11-20 10:00", "HL-1"], answer="按季度预缴时申报")],
    )
    book("import", path)
    case = exported(book)["ZT-2026-0001"]
    assert (case["status"], case["response_met"], case["resolve_met"], case["resolve_note"]) == ("resolved", True, True, "按季度预缴时申报")
    assert book("overdue").stdout.count("ZT-2026-0001") == 0
    assert [event["kind"] for event in book.json("show", "1")["events"]] == ["intake", "assign", "resolve"]


def test_an_answered_resolved_rated_case_keeps_its_history_and_its_verdicts(book, tmp_path):
    worked = row(
        ["新奥集团", "路灯不亮", "routine", "工管委", "2026-11-16 09:00", "HL-2"],
        owner="李科长",
        plan="更换灯具",
        eta="2026/11/20 18:00",
        responded_at="2026-11-18 09:00",  # two working days after intake: the 24 h answer was late
        resolved_at="2026-11-18 15:00",
        resolve_note="已更换",
        rating="4",
        rating_comment="满意",
    )
    book("import", write_csv(tmp_path / "in.csv", HEADER + HISTORY, [worked]))
    case = exported(book)["ZT-2026-0001"]
    assert (case["status"], case["owner"], case["plan"], case["eta"]) == ("resolved", "李科长", "更换灯具", "2026-11-20T18:00:00+08:00")
    assert (case["responded_at"], case["resolved_at"]) == ("2026-11-18T09:00:00+08:00", "2026-11-18T15:00:00+08:00")
    assert (case["response_met"], case["resolve_met"], case["rating"], case["rating_comment"]) == (False, False, 4, "满意")
    assert case["resolve_note"] == "已更换"
    # the same events the commands record; zhitong check replays them and agrees
    made = book.json("show", "1")["events"]
    assert [event["kind"] for event in made] == ["intake", "assign", "respond", "resolve", "rate"]
    book("check")
    # the same case worked by the commands exports the same
    book("new", "新奥集团", "路灯不亮2", "--category", "routine", "--dept", "工管委", "--at", "2026-11-16 09:00")
    book("respond", "2", "--owner", "李科长", "--plan", "更换灯具", "--eta", "2026-11-20 18:00", "--at", "2026-11-18 09:00")
    book("resolve", "2", "--note", "已更换", "--at", "2026-11-18 15:00")
    book("rate", "2", "4", "--comment", "满意", "--at", "2026-11-18 15:00")
    by_command = exported(book)["ZT-2026-0002"]
    for column in ("status", "response_due", "response_met", "resolve_due", "resolve_met", "responded_at", "resolved_at", "rating", "eta"):
        assert case[column] == by_command[column], column


def test_a_filed_restricted_case_and_an_answer_alone(book, tmp_path):
    rows = [
        row(
            ["新奥集团", "到期补贴", "restricted", "经济发展局", "2026-11-16 09:00", "A"],
            filed_at="2026-11-16 15:00",
            resolve_note="政策已到期",
        ),
        row(
            ["新奥集团", "用地", "major", "经济发展局", "2026-11-20 09:00", "B"],
            owner="王局长",
            plan="报管委会",
            eta="2026-12-10",
            responded_at="2026-11-20 11:00",
        ),
    ]
    book("import", write_csv(tmp_path / "in.csv", HEADER + HISTORY, rows))
    cases = exported(book)
    assert (cases["ZT-2026-0001"]["status"], cases["ZT-2026-0001"]["filed_at"]) == ("filed", "2026-11-16T15:00:00+08:00")
    assert cases["ZT-2026-0001"]["resolve_note"] == "政策已到期"
    assert (cases["ZT-2026-0002"]["status"], cases["ZT-2026-0002"]["response_met"]) == ("responded", True)


@pytest.mark.parametrize(
    "history, expected",
    [
        ({"owner": "李科长"}, "the line lacks plan, eta, responded_at"),
        ({"answer": "现场答复"}, "answer is a consult's on-the-spot answer; this case is routine"),
        ({"rating": "5"}, "rating: the case is assigned: only a resolved or filed case can be rated"),
        ({"rating": "六"}, "a rating is a whole number from 1 to 5, not '六'"),
        ({"resolved_at": "2026-11-15 09:00"}, "resolved_at is before received_at"),
        ({"resolved_at": "2026-11-30 09:00"}, "resolved_at: 2026-11-30 09:00 is in the future"),
        ({"filed_at": "2026-11-17 09:00"}, "filed_at: only a restricted case is filed; this one is routine"),
        ({"rating_comment": "好"}, "rating_comment goes with a rating"),
    ],
)
def test_a_history_that_cannot_be_is_a_bad_line_and_nothing_is_imported(book, tmp_path, history, expected):
    rows = [
        row(["新奥集团", "好的一行", "routine", "工管委", "2026-11-16 09:00", "A"]),
        row(["新奥集团", "坏的一行", "routine", "工管委", "2026-11-16 09:00", "B"], **history),
    ]
    result = book("import", write_csv(tmp_path / "in.csv", HEADER + HISTORY, rows), code=2)
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("line ")]
    assert line.startswith("line 3: ") and expected in line, result.stderr
    assert exported(book) == {}


def test_a_bad_history_is_named_in_chinese(book, tmp_path):
    rows = [row(["新奥集团", "坏的", "routine", "工管委", "2026-11-16 09:00", "B"], owner="李科长", resolved_at="2026-11-15 09:00")]
    result = book("--lang", "zh", "import", write_csv(tmp_path / "in.csv", HEADER + HISTORY, rows), code=2)
    assert "第 2 行：" in result.stderr and "此行缺少办理方式（plan）、承诺办结时间（eta）、答复时间（responded_at）" in result.stderr, (
        result.stderr
    )


def test_history_events_are_what_the_commands_record():
    received = 1_763_254_800  # 2025-11-16 09:00 +08:00
    events = history_events(received, "consult", None, Worked(answer="现场答复"), "officer")
    assert [(event.kind, event.at, event.text) for event in events] == [("resolve", received, "现场答复")]
    with pytest.raises(InputError):
        history_events(received, "routine", "工管委", Worked(owner="a"), "officer")
    with pytest.raises(InputError):
        history_events(received, "routine", "工管委", Worked(resolved=received + 60, filed=received + 120), "officer")
    assert RefusedError  # the lifecycle's refusals come back as the line's problem (above)


def test_a_row_without_source_id_that_repeats_a_case_is_skipped_and_counted(book, tmp_path):
    book("new", "新奥集团", "厂区停电", "--category", "routine", "--at", "2026-11-20 16:00")
    rows = [
        ["新奥集团", "厂区停电", "routine", "", "2026-11-20 16:00", ""],  # the case above
        ["新奥集团", "厂区停电", "routine", "", "2026-11-20 17:00", ""],  # another time: another case
    ]
    result = book("import", write_csv(tmp_path / "in.csv", HEADER, rows))
    assert "1 case imported: ZT-2026-0002" in result.stderr
    assert "1 row skipped: it repeats a case already in the book (same enterprise, title and intake time)" in result.stderr
    result = book("--lang", "zh", "import", write_csv(tmp_path / "in.csv", HEADER, rows))
    assert "已跳过 2 行：与案卷中已有的诉求重复" in result.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_exported_month_imports_into_a_fresh_book_in_the_state_it_was_in(book, tmp_path, lang):
    book("new", "新奥集团", "按时办结", "--category", "routine", "--dept", "经济发展局", "--at", "2026-11-02 10:00")
    book("respond", "1", "--owner", "王局长", "--plan", "协调", "--eta", "2026-11-03", "--at", "2026-11-02 12:00")
    book("resolve", "1", "--note", "已协调", "--at", "2026-11-02 15:00")
    book("rate", "1", "5", "--comment", "很好", "--at", "2026-11-02 16:00")
    book("new", "新奥集团", "还在办", "--category", "major", "--dept", "工管委", "--at", "2026-11-24 10:00")
    book("new", "新奥集团", "咨询", "--category", "consult", "--at", "2026-11-20 10:00", "--answer", "现场答复了")
    book("export", "--all", "--lang", lang, "-o", tmp_path / "month.csv")
    fresh = tmp_path / "fresh.db"
    for name in ("经济发展局", "工管委"):
        book("--db", fresh, "dept", "add", name)
    book("--db", fresh, "import", tmp_path / "month.csv", "--create-enterprises")
    before = {case["title"]: case for case in exported(book).values()}
    after = {case["title"]: case for case in json.loads(book("--db", fresh, "export", "--all", "--format", "json").stdout)}
    assert len(after) == 3
    for title, case in before.items():
        for column, value in case.items():
            # refs follow the order of intake; the registry is new; a rating's own time is not a column
            if column not in ("ref", "credit_code", "callback_at"):
                assert after[title][column] == value, (title, column)
    book("--db", fresh, "check")


# -- the template ------------------------------------------------------------------------------------


def test_the_template_in_both_languages_and_both_formats(zt, tmp_path):
    result = zt("import", "--template", "-o", tmp_path / "t.csv")
    assert "template written to" in result.stderr
    with open(tmp_path / "t.csv", encoding="utf-8-sig", newline="") as handle:
        header, example = list(csv.reader(handle))
    assert header == list(import_rows.CASE_FIELDS)
    assert example[:8] == ["新奥集团", "厂区门口路灯损坏", "routine", "hotline", "工管委", "2026-11-24 09:30", "夜间照明不足", "HL-0001"]
    zt("import", "--template", "--lang", "zh", "-o", tmp_path / "t.xlsx")
    sheet = load_workbook(tmp_path / "t.xlsx").worksheets[0]
    header, example = ([cell.value for cell in r] for r in sheet.iter_rows(max_row=2))
    assert header[:8] == ["企业", "标题", "类别", "渠道", "部门", "受理时间", "详情", "来源编号"]
    assert "责任人" in header and "现场答复" in header and "办结时间" in header
    assert example[2:4] == ["一般", "政企服务专线"] and sheet.freeze_panes == "A2"
    # every header of the template is one an import takes: the example row imports as it is
    zt("dept", "add", "工管委")
    for name in ("t.csv", "t.xlsx"):
        zt("--db", tmp_path / f"{name}.db", "dept", "add", "工管委")
        result = zt("--db", tmp_path / f"{name}.db", "import", tmp_path / name, "--create-enterprises")
        assert "1 case imported" in result.stderr


def test_the_template_needs_its_file(zt, tmp_path):
    error_line(zt("import", "--template", code=2), "--template needs the file to write", "-o FILE.csv")
    error_line(zt("import", code=2), "give the sheet to import")
    error_line(zt("import", tmp_path / "x.csv", "--lang", "zh", code=2), "--lang and -o go with --template")


def test_history_columns_read_by_their_chinese_headers(book, tmp_path):
    header = ["企业", "标题", "类别", "部门", "受理时间", "现场答复"]
    path = write_csv(tmp_path / "zh.csv", header, [["新奥集团", "咨询", "咨询", "", "2026-11-20 10:00", "当场答复"]])
    book("import", path)
    assert exported(book)["ZT-2026-0001"]["status"] == "resolved"
    with sqlite3.connect(tmp_path / "zhitong.db") as conn:
        assert conn.execute("SELECT text FROM events WHERE kind = 'resolve'").fetchone()[0] == "当场答复"
