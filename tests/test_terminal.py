"""Tables that line up with Chinese text: by display width in-process, and in a real terminal.

A table is aligned when every column starts at the same terminal cell on every line. The check
here does not trust the renderer's own arithmetic: it lays each line out cell by cell (a wide
character takes two), finds the blank gutters shared by all lines, and requires one region per
header; in tmux it reads back what the terminal actually shows.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import unicodedata
import uuid

import pytest

from zhitong.text.render import Column, fit, layout, pad, table, use_color, width

LONG_ENTERPRISE = "京津冀新材料科技股份有限公司廊坊分公司"
LONG_TITLE = "扩产项目用地指标不足，需调整控制性详细规划并报管委会研究，企业希望本月内答复"


def cells(line: str) -> list[str]:
    """The line as terminal cells: a wide character fills two (the second is '')."""
    out = []
    for char in line:
        if unicodedata.combining(char):
            continue
        out.append(char)
        if unicodedata.east_asian_width(char) in "WF":
            out.append("")
    return out


def regions(lines: list[str]) -> list[tuple[int, int]]:
    """Column regions [start, end) separated by gutters of two or more cells blank on every line."""
    grid = [cells(line) for line in lines]
    span = max(map(len, grid))
    blank = [all(c >= len(row) or row[c] == " " for row in grid) for c in range(span)]
    found, start, c = [], None, 0
    while c < span:
        if not blank[c]:
            if start is None:
                start = c
            c += 1
            continue
        run = c
        while run < span and blank[run]:
            run += 1
        if start is not None and (run - c >= 2 or run == span):
            found.append((start, c))
            start = None
        c = run
    if start is not None:
        found.append((start, span))
    return found


def split(line: str, spans: list[tuple[int, int]]) -> list[str]:
    row = cells(line)
    return ["".join(row[a:b]).strip() for a, b in spans]


def assert_aligned(text: str, headers: list[str], limit: int) -> list[list[str]]:
    """Every line fits ``limit`` cells and splits into exactly one region per header."""
    lines = text.splitlines()
    for line in lines:
        assert width(line) <= limit, f"{width(line)} cells > {limit}: {line!r}"
        assert len(cells(line)) == width(line)
    spans = regions(lines)
    assert split(lines[0], spans) == headers, (spans, lines[0])
    return [split(line, spans) for line in lines[1:]]


def shows(cell: str, full: str) -> bool:
    """The cell shows ``full``, or a prefix of it cut with …, never half a character."""
    return cell == full or (cell.endswith("…") and full.startswith(cell[:-1]) and len(cell) > 1)


# -- the renderer, in process -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["新奥集团", LONG_TITLE, "ASCII only title", "混合 mixed 文字，标点。", "e\u0301t\u00e9"])
@pytest.mark.parametrize("limit", range(30))
def test_fit_cuts_by_display_width_never_mid_character(text, limit):
    cut = fit(text, limit)
    assert width(cut) <= limit
    if cut != text:
        assert cut == "" or (cut.endswith("…") and text.startswith(cut[:-1]))
    assert width(pad(text, limit)) == limit


def test_width_counts_wide_and_zero_width_characters():
    assert width("新奥集团") == 8
    assert width("ＡＢＣ１２３") == 12  # full-width forms
    assert width("a\u0301") == 1  # combining accent
    assert width("a\u200db") == 2  # zero-width joiner
    assert width("，。：") == 6


def _rows(count: int = 6):
    names = [LONG_ENTERPRISE, "新奥集团", "华翔物流有限公司", "廊坊智造科技有限公司", "开发区绿色食品有限公司", "ACME Trading Co."]
    titles = [
        LONG_TITLE,
        "华翔路封闭施工，货物无法运出",
        "申报省级技术创新中心需要哪些材料",
        "Power upgrade",
        "污水排放接管协调",
        "新厂房施工许可办理进度",
    ]
    departments = ["自然资源和规划局", "经济发展局", "交通运输局", "工管委", "双创办", "经济发展局"]
    return [
        [
            f"ZT-2026-{n:04d}",
            names[n % 6],
            titles[n % 6],
            departments[n % 6],
            "已交办",
            "研究结果反馈",
            "11-24 00:00",
            "-1天9小时",
            "暂定 督办×2",
        ]
        for n in range(count)
    ]


COLUMNS = [
    Column("编号"),
    Column("企业", flexible=True, minimum=10),
    Column("诉求", flexible=True, minimum=16),
    Column("部门", flexible=True, minimum=8),
    Column("状态", optional=4),
    Column("下一节点", optional=3),
    Column("时限", optional=1),
    Column("剩余", align="right"),
    Column("标记", optional=2),
]


@pytest.mark.parametrize("limit", [80, 160])
def test_chinese_table_lines_up_at_80_and_160_columns(limit):
    rows = _rows()
    text = table(COLUMNS, rows, max_width=limit)
    lines = text.splitlines()
    headers = lines[0].split()
    parsed = assert_aligned(text, headers, limit)
    index = {name: position for position, name in enumerate(c.header for c in COLUMNS)}
    for row, shown in zip(rows, parsed):
        for header, cell in zip(headers, shown):
            assert shows(cell, row[index[header]]), (header, cell, row[index[header]])
    if limit == 160:  # wide enough for every column; only the long texts are cut
        assert headers == [c.header for c in COLUMNS]
        assert [shown[4:] for shown in parsed] == [row[4:] for row in rows]
    else:
        assert headers == ["编号", "企业", "诉求", "部门", "时限", "剩余"]


def test_an_80_column_table_keeps_useful_enterprise_and_title_text():
    text = table(COLUMNS, _rows(), max_width=80)
    parsed = assert_aligned(text, text.splitlines()[0].split(), 80)
    enterprise, title = parsed[0][1], parsed[0][2]
    assert width(enterprise) >= 10 and width(title) >= 16, parsed[0]
    assert width(title) > width(enterprise)  # the longest text keeps the largest share


def test_shrinking_takes_most_from_the_widest_flexible_column():
    columns = [Column("a", flexible=True, minimum=4), Column("b", flexible=True, minimum=4), Column("c")]
    widths = layout(columns, [20, 60, 10], 64)
    assert sum(widths) + 4 == 64
    cut_a, cut_b = 20 - widths[0], 60 - widths[1]
    assert cut_b > 2 * cut_a  # proportional to what each has above its minimum
    assert widths[2] == 10  # fixed columns keep their width


def test_optional_columns_go_first_highest_first():
    columns = [Column("ref"), Column("text", flexible=True, minimum=20), Column("x" * 10, optional=1), Column("y" * 10, optional=2)]
    assert layout(columns, [12, 40, 10, 10], 200) == [12, 40, 10, 10]
    assert layout(columns, [12, 40, 10, 10], 60) == [12, 22, 10, 10]  # all fit with text at ≥ 20
    assert layout(columns, [12, 40, 10, 10], 50) == [12, 24, 10, 0]  # y goes before x
    assert layout(columns, [12, 40, 10, 10], 40) == [12, 26, 0, 0]


def test_a_very_narrow_terminal_keeps_the_minimums():
    text = table(COLUMNS, _rows(), max_width=40)
    lines = text.splitlines()
    assert lines[0].split() == ["编号", "企业", "诉求", "部门", "剩余"]  # every optional column hidden
    assert len(lines) == 7
    parsed = assert_aligned(text, lines[0].split(), 80)
    assert width(parsed[0][1]) >= 9 and width(parsed[0][2]) >= 15  # cut to the minimum, not to a stub


# -- colour ----------------------------------------------------------------------------------------


class _Stream:
    def __init__(self, tty: bool):
        self.tty = tty

    def isatty(self):
        return self.tty


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    assert use_color(_Stream(True))
    assert not use_color(_Stream(False))
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(_Stream(True))
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not use_color(_Stream(True))


def test_pending_colours_time_left(book):
    from zhitong.edge.when import parse_iso
    from zhitong.store import open_store
    from zhitong.text.views import pending_table

    book("new", "新奥集团", "红：已超期", "-c", "routine", "--at", "2026-11-23 09:00")
    book("new", "新奥集团", "黄：4小时内", "-c", "routine", "--at", "2026-11-24 12:00")
    book("new", "新奥集团", "绿：还早", "-c", "routine", "--at", "2026-11-25 08:00")
    store = open_store()
    now = parse_iso("2026-11-25T09:00")
    try:
        coloured = pending_table(store.cases(), store.calendar, now, max_width=160, color=True)
        plain = pending_table(store.cases(), store.calendar, now, max_width=160, color=False)
    finally:
        store.close()
    assert "\x1b[" not in plain
    red, amber, green = (next(line for line in coloured.splitlines() if marker in line) for marker in ("红", "黄", "绿"))
    assert "\x1b[31m" in red and "-1d" in red  # overdue: negative time left, in red
    assert "\x1b[33m" in amber and "\x1b[31m" not in amber
    assert "\x1b[32m" in green and "\x1b[33m" not in green
    assert [width(line) for line in plain.splitlines()] == [width(_strip(line)) for line in coloured.splitlines()]


def _strip(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_no_colour_through_a_pipe_or_with_no_color(book, monkeypatch):
    book("new", "新奥集团", "超期的诉求", "-c", "routine", "--at", "2026-11-20 09:00")
    assert "\x1b[" not in book("pending").stdout  # CliRunner's stdout is not a terminal
    assert "\x1b[" not in book("show", "ZT-2026-0001").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in book("calendar", "show", "2026-10").stdout


# -- through a real terminal -------------------------------------------------------------------------

TMUX = shutil.which("tmux")


def _long_book(zt):
    zt("dept", "add", "自然资源和规划局")
    zt("dept", "add", "经济发展局")
    zt("ent", "add", LONG_ENTERPRISE)
    zt("ent", "add", "新奥集团")
    zt("new", "京津冀新材料", LONG_TITLE, "-c", "major", "-d", "自然资源和规划局", "--at", "2026-11-23 10:00")
    zt("new", "新奥集团", "氢能产业园配套电力增容", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-24 16:00")
    zt("new", "新奥集团", "Road closed, goods cannot leave", "-c", "routine", "--at", "2026-11-25 08:30")
    zt("urge", "ZT-2026-0001")
    zt("pause", "ZT-2026-0002", "--reason", "等待企业补充材料")


def _run_in_tmux(command: list[str], columns: int, env: dict, *, escapes: bool = False) -> list[str]:
    """Run ``command`` in a detached tmux pane of ``columns`` × 60 cells; return what it shows.

    With ``escapes``, the lines keep the colour and attribute sequences the pane shows them with.
    """
    socket = f"zhitong-test-{uuid.uuid4().hex[:8]}"
    marker = "__zhitong_done__"
    exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
    # stderr (the calendar's coverage warning) is not part of the table
    script = f"env -u COLUMNS -u LINES {exports} {' '.join(map(shlex.quote, command))} 2>/dev/null; echo {marker}; sleep 60"
    base = [TMUX, "-u", "-f", "/dev/null", "-L", socket]
    launch_env = {**os.environ, "LC_ALL": "C.UTF-8", "TERM": "xterm-256color"}
    launch_env.pop("TMUX", None)
    subprocess.run(base + ["new-session", "-d", "-x", str(columns), "-y", "60", "-s", "t", script], check=True, env=launch_env, timeout=30)
    try:
        deadline = time.monotonic() + 30
        while True:
            shown = subprocess.run(
                base + ["capture-pane", "-p", *(["-e"] if escapes else []), "-t", "t"],
                check=True,
                capture_output=True,
                text=True,
                env=launch_env,
            ).stdout
            if marker in shown:
                break
            assert time.monotonic() < deadline, f"zhitong did not finish in tmux:\n{shown}"
            time.sleep(0.1)
    finally:
        subprocess.run(base + ["kill-server"], capture_output=True, env=launch_env, timeout=30, check=False)
    lines = shown.split("\n")
    return [line.rstrip() for line in lines[: lines.index(marker)]]


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed: the CI installs it (apt-get install -y tmux)")
@pytest.mark.parametrize("columns", [80, 160])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pending_lines_up_in_a_real_terminal(zt, isolated, columns, lang):
    _long_book(zt)
    env = {key: os.environ[key] for key in ("ZHITONG_DB", "ZHITONG_CONFIG_DIR", "ZHITONG_NOW")}
    env["ZHITONG_LANG"] = lang
    shown = _run_in_tmux([sys.executable, "-m", "zhitong", "pending"], columns, env)
    shown = [line for line in shown if line]
    # what the terminal shows is exactly what zhitong drew at that width: no line wrapped
    expected = zt("--lang", lang, "pending").stdout if columns == 160 else None
    if expected is not None:
        assert shown == expected.splitlines()
    assert len(shown) == 4, shown  # the header and three cases, none wrapped onto a second line
    headers = shown[0].split() if lang == "zh" else [h for h in shown[0].split("  ") if h.strip()]
    headers = [h.strip() for h in headers]
    parsed = assert_aligned("\n".join(shown), headers, columns)
    refs = [row[0] for row in parsed]
    assert sorted(refs) == ["ZT-2026-0001", "ZT-2026-0002", "ZT-2026-0003"]
    row = parsed[refs.index("ZT-2026-0001")]
    assert shows(row[1], LONG_ENTERPRISE) and width(row[1]) >= 9
    assert shows(row[2], LONG_TITLE) and width(row[2]) >= 15


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed: the CI installs it (apt-get install -y tmux)")
def test_colour_in_a_real_terminal_does_not_move_the_columns(zt, isolated):
    _long_book(zt)
    env = {key: os.environ[key] for key in ("ZHITONG_DB", "ZHITONG_CONFIG_DIR", "ZHITONG_NOW")}
    env["ZHITONG_LANG"] = "zh"
    coloured = _run_in_tmux([sys.executable, "-m", "zhitong", "pending"], 80, env)
    plain = _run_in_tmux([sys.executable, "-m", "zhitong", "pending"], 80, {**env, "NO_COLOR": "1"})
    assert [line for line in coloured if line] == [line for line in plain if line]


def test_case_timeline_lines_up_in_chinese(book):
    book("new", "新奥集团", "氢能产业园配套电力增容", "-c", "major", "-d", "经济发展局", "--at", "2026-11-20 10:00")
    book("respond", "ZT-2026-0001", "--owner", "王局长", "--plan", "协调供电公司", "--eta", "2026-12-10", "--at", "2026-11-20 15:00")
    text = book("--lang", "zh", "show", "ZT-2026-0001").stdout
    block = text.split("时限\n", 1)[1].split("\n\n")[0].splitlines()
    tracks = block[1:]
    assert [line.split()[1] for line in tracks] == ["签收", "答复", "研究结果反馈", "办结"]
    starts = {next(i for i, cell in enumerate(cells(line)) if cell in "─┤●▲") for line in tracks}
    assert len(starts) == 1  # every track starts in the same cell, whatever the name's width
    assert "✔" in tracks[0] and "●" in tracks[0] and "按时" in tracks[0]
    assert "✔" in tracks[1] and "●" in tracks[1]  # the answer signed for it too
    assert "✘" in tracks[2] and "超期" in tracks[2]
    assert "…" in tracks[3] and "办理中" in tracks[3] and "▲" in tracks[3]
