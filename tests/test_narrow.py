"""Narrow terminals keep what matters: pending, overdue, due and stats at 60, 80 and 120 columns.

Each view is drawn wide (every column, every word) and then at the width under test; the narrow
table must keep the columns the officer needs, show each kept cell as the wide one has it (or
cut with …, or as its mark), explain every mark in a legend, and never draw a line wider than
the terminal. In tmux, what the terminal shows must be exactly what zhitong drew: nothing wrapped.
"""

from __future__ import annotations

import os
import re
import sys

import pytest
from test_terminal import TMUX, _run_in_tmux, assert_aligned, cells, shows

from zhitong.text.render import Column, Short, layout, plan, table, width

NOW = "2026-12-30T09:00:00+08:00"  # a Wednesday, one day before the holiday calendar ends
LONG_ENTERPRISE = "京津冀新材料科技股份有限公司廊坊分公司"
LONG_TITLE = "扩产项目用地指标不足，需调整控制性详细规划并报管委会研究，企业希望本月内答复"
LONG_DEPARTMENT = "Economic Development Bureau of the Zone"
WIDTHS = [60, 80, 120]

# The marks the flags shrink to, written out here rather than taken from the code.
MARKS = {"zh": {"暂定": "暂", "已暂停": "停", "督办×": "督"}, "en": {"provisional": "?", "paused": "P", "urged ×": "U"}}
LEGENDS = {
    "zh": "标记：暂 暂定时限 · 停 已暂停 · 督N 督办N次",
    "en": "flags: ? provisional deadline · P paused · UN urged N times",
}
HEADERS = {
    "zh": {"ref": "编号", "enterprise": "企业", "title": "诉求", "next": "下一节点", "due": "时限", "left": "剩余", "flags": "标记"},
    "en": {"ref": "ref", "enterprise": "enterprise", "title": "title", "next": "next", "due": "due", "left": "left", "flags": "flags"},
}


@pytest.fixture
def narrow_book(zt, monkeypatch, built_once):
    """Every kind of wide cell: long names, a deadline in next year (a 16-cell date), the widest flags."""
    monkeypatch.setenv("ZHITONG_NOW", NOW)

    def steps():
        for department in ("自然资源和规划局", "经济发展局", "工管委", LONG_DEPARTMENT):
            zt("dept", "add", department)
        for enterprise in (LONG_ENTERPRISE, "新奥集团", "ACME International Trading (Langfang) Co., Ltd."):
            zt("ent", "add", enterprise)
        # 0001: deadlines in 2027 (provisional), urged twice
        zt("new", "京津冀", LONG_TITLE, "-c", "major", "-d", "自然资源和规划局", "--at", "2026-12-30 08:00")
        zt("urge", "ZT-2026-0001", "--at", "2026-12-30 08:10")
        zt("urge", "ZT-2026-0001", "--at", "2026-12-30 08:20")
        # 0002: its next deadline is 2027-01-01 (provisional), and it is paused and urged: the widest flags
        zt(
            "new",
            "新奥集团",
            "氢能产业园配套电力增容，需协调供电公司新建专线",
            "-c",
            "major",
            "-d",
            "经济发展局",
            "--at",
            "2026-12-30 08:30",
        )
        zt("respond", "ZT-2026-0002", "--owner", "王局长", "--plan", "协调供电公司", "--eta", "2027-01-15", "--at", "2026-12-30 08:40")
        zt("urge", "ZT-2026-0002", "--at", "2026-12-30 08:45")
        zt("pause", "ZT-2026-0002", "--reason", "等待企业补充材料", "--at", "2026-12-30 08:50")
        # 0003: late, urged, then paused: overdue marks its due (paused)
        zt(
            "new",
            "ACME",
            "Road closed for construction, goods cannot leave the warehouse",
            "-c",
            "routine",
            "-d",
            "工管委",
            "--at",
            "2026-12-24 09:00",
        )
        zt("urge", "ZT-2026-0003", "--at", "2026-12-28 09:00")
        zt("pause", "ZT-2026-0003", "--reason", "等待企业", "--at", "2026-12-29 09:00")
        # 0004: the research result (研究结果反馈) is late
        zt("new", "京津冀", "危化品运输车辆通行证办理", "-c", "major", "-d", LONG_DEPARTMENT, "--at", "2026-12-21 10:00")
        zt("respond", "ZT-2026-0004", "--owner", "李科长", "--plan", "走绿色通道", "--eta", "2026-12-31", "--at", "2026-12-21 15:00")
        # 0005: unassigned and late
        zt("new", "新奥集团", "员工子女入学咨询", "-c", "routine", "--at", "2026-12-25 10:00")

    built_once(steps)
    return zt


def draw(zt, monkeypatch, columns: int, lang: str, *args: str) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    return zt("--lang", lang, *args).stdout


def split_table(text: str) -> tuple[list[str], list[str]]:
    """The table's lines, and the lines after the blank one that ends it (its legend)."""
    table_part, _, rest = text.rstrip("\n").partition("\n\n")
    return table_part.splitlines(), [line for line in rest.splitlines() if line]


def header_cells(line: str, lang: str) -> list[str]:
    return line.split() if lang == "zh" else [h.strip() for h in re.split(r" {2,}", line) if h.strip()]


def rows_by_header(lines: list[str], lang: str, limit: int) -> tuple[list[str], list[dict]]:
    headers = header_cells(lines[0], lang)
    parsed = assert_aligned("\n".join(lines), headers, limit)
    return headers, [dict(zip(headers, row)) for row in parsed]


def as_marks(flags: str, lang: str) -> str:
    for word, mark in MARKS[lang].items():
        flags = flags.replace(word, mark)
    return flags


# -- pending ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("columns", WIDTHS)
def test_pending_keeps_what_matters(narrow_book, monkeypatch, columns, lang):
    wide_lines, _ = split_table(draw(narrow_book, monkeypatch, 250, lang, "pending"))
    wide_headers, wide = rows_by_header(wide_lines, lang, 250)
    assert wide_headers == [HEADERS[lang][key] for key in ("ref", "enterprise", "title")] + wide_headers[3:]
    text = draw(narrow_book, monkeypatch, columns, lang, "pending")
    assert max(width(line) for line in text.splitlines()) <= columns
    lines, legend = split_table(text)
    headers, rows = rows_by_header(lines, lang, columns)
    names = HEADERS[lang]
    needed = ["ref", "due", "left", "flags"] + (["enterprise", "title"] if columns >= 80 else [])
    assert {names[key] for key in needed} <= set(headers), headers
    if columns >= 120:
        assert names["next"] in headers
    assert [row[names["ref"]] for row in rows] == [row[names["ref"]] for row in wide]
    marked = False
    for row, full in zip(rows, wide):
        for header, cell in row.items():
            if header == names["flags"]:
                assert cell in (full[header], as_marks(full[header], lang)), (cell, full[header])
                marked |= cell != full[header]
            else:
                assert shows(cell, full[header]), (header, cell, full[header])
    assert legend == ([LEGENDS[lang]] if marked else [])


def test_pending_at_80_columns_keeps_every_column_the_issue_names(narrow_book, monkeypatch):
    lines, legend = split_table(draw(narrow_book, monkeypatch, 80, "zh", "pending"))
    headers, rows = rows_by_header(lines, "zh", 80)
    assert headers == ["编号", "企业", "诉求", "时限", "剩余", "标记"]
    widest = rows[[row["编号"] for row in rows].index("ZT-2026-0002")]
    assert widest["时限"] == "2027-01-01 08:40"  # a deadline in another year keeps its year
    assert widest["标记"] == "暂 停 督1"  # the widest flags, as marks
    assert legend == [LEGENDS["zh"]]
    assert width(widest["企业"]) >= 8 and width(widest["诉求"]) >= 12


def test_flags_keep_their_words_when_hiding_a_column_leaves_room(zt, monkeypatch):
    zt("ent", "add", "新奥集团")
    zt("new", "新奥集团", "氢能产业园配套电力增容", "-c", "routine", "--at", "2026-11-24 10:00")
    zt("urge", "ZT-2026-0001")
    text = draw(zt, monkeypatch, 60, "zh", "pending")
    assert "督办×1" in text and "标记：" not in text  # the title went; the words fit
    assert {"编号", "时限", "剩余", "标记"} <= set(header_cells(text.splitlines()[0], "zh"))


def test_list_uses_the_same_narrow_layout(narrow_book, monkeypatch):
    lines, legend = split_table(draw(narrow_book, monkeypatch, 60, "zh", "list"))
    headers = header_cells(lines[0], "zh")
    assert {"编号", "时限", "剩余", "标记"} <= set(headers)
    assert max(map(width, lines + legend)) <= 60


# -- overdue and due ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("columns", WIDTHS)
def test_overdue_keeps_reference_milestone_due_and_overdue_by(narrow_book, monkeypatch, columns, lang):
    names = {"zh": ("编号", "节点", "时限", "超期"), "en": ("ref", "milestone", "due", "overdue by")}[lang]
    wide_lines, _ = split_table(draw(narrow_book, monkeypatch, 250, lang, "overdue"))
    _headers, wide = rows_by_header(wide_lines, lang, 250)
    text = draw(narrow_book, monkeypatch, columns, lang, "overdue")
    assert max(width(line) for line in text.splitlines()) <= columns
    lines, after = split_table(text)
    headers, rows = rows_by_header(lines, lang, columns)
    assert set(names) <= set(headers), headers
    assert len(rows) == len(wide) == 7
    short_due = False
    for row, full in zip(rows, wide):
        assert row[names[0]] == full[names[0]]
        milestone = row[names[1]]
        assert milestone == full[names[1]] or (lang == "zh" and (full[names[1]], milestone) == ("研究结果反馈", "反馈"))
        paused = {"zh": " (已暂停)", "en": " (paused)"}[lang]
        assert row[names[2]] in (full[names[2]], full[names[2]].replace(paused, {"zh": " 停", "en": " P"}[lang]))
        short_due |= row[names[2]] != full[names[2]]
        assert row[names[3]] == full[names[3]]
    legend = {"zh": "时限：停 已暂停", "en": "due: P paused"}[lang]
    assert (legend in after) is short_due


def test_overdue_at_60_columns_shortens_before_it_drops(narrow_book, monkeypatch):
    lines, after = split_table(draw(narrow_book, monkeypatch, 60, "zh", "overdue"))
    headers, rows = rows_by_header(lines, "zh", 60)
    assert headers[:1] == ["编号"] and {"节点", "时限", "超期"} <= set(headers)
    assert {row["节点"] for row in rows} == {"签收", "答复", "办结", "反馈"}
    assert any(row["时限"] == "12-25 09:00 停" for row in rows)
    assert after[0] == "时限：停 已暂停"


def test_the_per_department_count_cuts_long_names(narrow_book, monkeypatch):
    text = draw(narrow_book, monkeypatch, 30, "en", "overdue")
    summary = text.rstrip("\n").split("\n\n")[-1].splitlines()
    assert summary[0].split() == ["department", "overdue"]
    assert all(width(line) <= 30 for line in summary)
    assert any(line.startswith("Economic Development") and "…" in line for line in summary)


# -- stats -----------------------------------------------------------------------------------------


@pytest.fixture
def month_book(book, built_once):

    def steps():
        book("dept", "add", "自然资源和规划局")
        book("dept", "add", "交通运输局")
        book("dept", "add", LONG_DEPARTMENT)
        book("ent", "add", "廊坊智造科技有限公司")
        for number, department in enumerate(["自然资源和规划局", "经济发展局", "交通运输局", LONG_DEPARTMENT, "工管委"] * 2):
            day = f"2026-11-{10 + number:02d}"
            book("new", "新奥集团", f"第{number}件诉求", "-c", "routine", "-d", department, "--at", f"{day} 10:00")
            if number in (0, 1, 3, 5, 7):  # answered and resolved the same day: on time; the others are late
                ref = f"ZT-2026-{number + 1:04d}"
                book("respond", ref, "--owner", "王科长", "--plan", "现场协调", "--eta", f"{day} 18:00", "--at", f"{day} 15:00")
                book("resolve", ref, "--note", "已解决", "--at", f"{day} 16:00")
                book("rate", ref, "5")
        book("urge", "ZT-2026-0003")
        book("transfer", "ZT-2026-0003", "工管委", "--reason", "职责调整")
        book("new", "新奥集团", "未交办的诉求", "-c", "routine", "--at", "2026-11-23 10:00")

    built_once(steps)
    return book


STATS_DEPARTMENTS = ["自然资源和规划局", "经济发展局", "交通运输局", LONG_DEPARTMENT, "工管委"]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("columns", WIDTHS)
def test_stats_keeps_one_line_per_department(month_book, monkeypatch, columns, lang):
    departments = {row["department"] for row in month_book.json("stats", "--month", "2026-11")["departments"]}
    assert departments == {*STATS_DEPARTMENTS, None}
    text = draw(month_book, monkeypatch, columns, lang, "stats", "--month", "2026-11")
    blocks = text.rstrip("\n").split("\n\n")
    lines = blocks[1].splitlines()
    assert len(lines) == 1 + len(departments) + 1  # the header, a line per department, the total
    # the English title and note are sentences longer than 60 cells: they wrap, the table does not
    assert all(width(line) <= columns for line in (text.splitlines() if lang == "zh" or columns >= 80 else lines)), text
    headers = header_cells(lines[0], lang)
    parsed = assert_aligned("\n".join(lines), headers, columns)
    shown = [row[0] for row in parsed]
    unassigned, total = {"zh": ("（未交办）", "合计"), "en": ("(unassigned)", "total")}[lang]
    names = [*STATS_DEPARTMENTS, unassigned, total]
    for cell in shown:  # each a whole name, or a name cut by display width with …
        assert any(shows(cell, name) for name in names), cell
        assert len(cells(cell)) == width(cell)
    assert {name for name in names if any(shows(cell, name) for cell in shown)} == set(names)
    bars = [re.sub(r"[^█▏▎▍▌▋▊▉]", "", line) for line in lines[1:]]
    bar_cells = max(map(len, bars))
    assert bar_cells == (10 if columns >= 120 else 4)  # a full bar is 10 cells, shortened to 4
    percent = [row[-1].split()[-1] for row in parsed]
    assert all(p == "—" or p.endswith("%") for p in percent)


def test_stats_at_80_columns_cuts_names_by_display_width(month_book, monkeypatch):
    text = draw(month_book, monkeypatch, 80, "zh", "stats", "--month", "2026-11")
    lines = text.split("\n\n")[1].splitlines()
    parsed = assert_aligned("\n".join(lines), lines[0].split(), 80)
    names = [row[0] for row in parsed]
    cut = [name for name in names if name.endswith("…")]
    assert cut, names  # the longest names are cut…
    assert any(name.startswith("自然资源") for name in names)  # …to more than two characters
    column = max(map(width, names))
    assert all(width(name) <= column for name in names)
    assert "按时答复" in lines[0] and "按时率" in lines[0]


# -- the engine, in process -------------------------------------------------------------------------


def test_give_way_steps_go_highest_first_and_shorten_before_hiding():
    columns = [
        Column("ref"),
        Column("text", flexible=True, minimum=10, squeeze=2, floor=6, optional=1),
        Column("flags", short=3),
        Column("status", optional=4),
    ]
    natural, brief = [12, 30, 12, 8], [12, 30, 4, 8]
    assert plan(columns, natural, 200, brief) == (natural, frozenset())
    assert plan(columns, natural, 50, brief).widths == [12, 12, 12, 8]  # the text gives up what overflows
    assert plan(columns, natural, 40, brief) == ([12, 12, 12, 0], frozenset())  # status hidden; flags keep their words
    assert plan(columns, natural, 32, brief) == ([12, 12, 4, 0], frozenset({2}))  # flags as marks
    assert plan(columns, natural, 26, brief) == ([12, 6, 4, 0], frozenset({2}))  # text squeezed to its floor
    assert plan(columns, natural, 20, brief) == ([12, 0, 4, 0], frozenset({2}))  # text hidden last
    assert layout(columns, natural, 20) == [12, 0, 12, 0]  # no short form given: the same widths


def test_a_needless_step_is_undone():
    columns = [Column("ref"), Column("words", short=3), Column("next", optional=2)]
    # shortening the words is not enough; once "next" is hidden the words fit again
    assert plan(columns, [12, 14, 20], 38, [12, 4, 20]) == ([12, 14, 0], frozenset())
    assert plan(columns, [12, 14, 20], 20, [12, 4, 20]) == ([12, 4, 0], frozenset({1}))


def test_short_cells_and_legend():
    columns = [Column("ref"), Column("flags", short=1, legend="flags: P paused")]
    rows = [["ZT-2026-0001", Short("paused urged ×2", "P U2")], ["ZT-2026-0002", ""]]
    assert table(columns, rows, max_width=80) == "ref           flags\nZT-2026-0001  paused urged ×2\nZT-2026-0002"
    narrow = table(columns, rows, max_width=20)
    assert narrow == "ref           flags\nZT-2026-0001  P U2\nZT-2026-0002\n\nflags: P paused"


def test_a_short_header_counts_in_the_layout():
    columns = [Column("department", flexible=True, minimum=6), Column("answered on time", align="right", short=1, short_header="answered")]
    text = table(columns, [["经济发展局", "2/3 67%"]], max_width=22)
    assert text.splitlines()[0] == "department  answered"
    assert all(width(line) <= 22 for line in text.splitlines())


# -- in a real terminal ----------------------------------------------------------------------------


def _env(lang: str) -> dict:
    env = {key: os.environ[key] for key in ("ZHITONG_DB", "ZHITONG_CONFIG_DIR", "ZHITONG_NOW")}
    env["ZHITONG_LANG"] = lang
    return env


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed: the CI installs it (apt-get install -y tmux)")
@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("view", [("pending",), ("overdue",)])
def test_views_fit_a_real_terminal(narrow_book, monkeypatch, columns, view):
    for lang in ("zh", "en"):
        shown = _run_in_tmux([sys.executable, "-m", "zhitong", *view], columns, _env(lang))
        expected = draw(narrow_book, monkeypatch, columns, lang, *view)
        # what the terminal shows is exactly what zhitong drew at that width: no line wrapped
        assert [line for line in shown if line] == [line for line in expected.splitlines() if line]
        assert all(width(line) <= columns for line in shown)


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed: the CI installs it (apt-get install -y tmux)")
@pytest.mark.parametrize("columns", WIDTHS)
def test_stats_fits_a_real_terminal(month_book, monkeypatch, columns):
    for lang in ("zh", "en"):
        shown = _run_in_tmux([sys.executable, "-m", "zhitong", "stats", "--month", "2026-11"], columns, _env(lang))
        expected = draw(month_book, monkeypatch, columns, lang, "stats", "--month", "2026-11")
        if lang == "zh" or columns >= 80:  # the English title and note are sentences longer than 60
            assert [line for line in shown if line] == [line for line in expected.splitlines() if line]
        table_lines = expected.split("\n\n")[1].splitlines()
        assert len(table_lines) == 8 and all(width(line) <= columns for line in table_lines)
        assert all(line in shown for line in table_lines)  # every department on one line of the terminal
