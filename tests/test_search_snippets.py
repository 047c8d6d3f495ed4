"""search shows the text around what matched, the match marked, within the terminal's width.

On a terminal the match is painted (reverse video); with colour off (NO_COLOR, a pipe, a file)
it stands between 【】. However narrow the column, the cut keeps the match in view.
"""

from __future__ import annotations

import os
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_terminal import TMUX, _run_in_tmux

from zhitong.core.reports import Match, match_context, term_spans
from zhitong.text.render import Marked, fit_marked, width

LONG_DETAIL = (
    "企业反映：华翔路自本月起封闭施工，厂区货车只能绕行创业路，但创业路与纬三路交口设有限高杆，"
    "重型货车无法通过，原材料和成品都运不出去，每天损失约二十万元，请求尽快协调交警和路政部门处理"
    "并在交口增设临时通行标志，必要时安排专人疏导交通"
)
NOTE = "已与交警大队现场会商，同意夜间22点至次日6点临时放行重型货车，并拆除纬三路的限高杆"


@pytest.fixture
def found(book):
    book("dept", "add", "交通运输局")
    book(
        "new",
        "华翔物流有限公司",
        "华翔路封闭施工，货物无法运出",
        "-c",
        "routine",
        "-d",
        "交通运输局",
        "--detail",
        LONG_DETAIL,
        "--at",
        "2026-11-20 10:00",
    )
    book("note", "ZT-2026-0001", NOTE, "--at", "2026-11-20 12:00")
    book(
        "new",
        "新奥集团",
        "Factory permit 进度查询",
        "-c",
        "routine",
        "-d",
        "工管委",
        "--detail",
        "The FACTORY needs a fire permit",
        "--at",
        "2026-11-21 10:00",
    )
    return book


def context_cells(text: str) -> list[str]:
    """The last column of each row (the context): everything after the last run of two spaces."""
    return [re.split(r" {2,}", line.rstrip())[-1] for line in text.splitlines()[1:]]


# -- finding the words ----------------------------------------------------------------------------


def test_spans_cover_every_word_in_any_case_and_width():
    text = "The FACTORY needs a fire permit; factory gates"
    second, permit = text.index("factory"), text.index("permit")
    assert term_spans(text, ["factory"]) == [(4, 11), (second, second + 7)]
    assert term_spans(text, ["ｆａｃｔｏｒｙ", "permit"]) == [(4, 11), (permit, permit + 6), (second, second + 7)]
    assert term_spans("限高杆限高杆", ["限高", "高杆"]) == [(0, 6)]  # overlapping matches merge


def test_the_text_holding_most_words_is_shown():
    match = match_context("华翔路封闭施工", LONG_DETAIL, [NOTE], ["限高杆", "放行"])
    assert match.where == "history"  # the detail has 限高杆 only; the note has both
    words = [match.text[a:b] for a, b in match.spans]
    assert words == ["放行", "限高杆"]


def test_the_window_is_cut_around_the_first_match():
    match = match_context("华翔路封闭施工", LONG_DETAIL, [], ["限高杆"], around=10)
    assert match.where == "detail"
    assert match.text.startswith("…") and match.text.endswith("…")
    (start, end), *_ = match.spans
    assert match.text[start:end] == "限高杆"
    assert start == 11 and len(match.text) - end == 11  # ten characters each side, and the …


def test_a_match_through_a_text_no_longer_shown_falls_back_to_the_title():
    assert match_context("冷链仓库消防验收", None, [], ["华翔路"]) == Match("title", "冷链仓库消防验收", ())


# -- fitting a marked text ------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet="限高杆华翔路ab c，。", min_size=1, max_size=60),
    data=st.data(),
    cells=st.integers(min_value=0, max_value=70),
    brackets=st.booleans(),
)
def test_a_marked_text_fits_and_keeps_its_first_mark(text, data, cells, brackets):
    start = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    end = data.draw(st.integers(min_value=start + 1, max_value=len(text)))
    runs = fit_marked(Marked(text, ((start, end),)), cells, brackets)
    shown = "".join(part for part, _marked in runs)
    assert width(shown) <= cells
    plain = shown.replace("【", "").replace("】", "") if brackets else shown
    inner = plain.strip("…")
    assert inner in text  # one piece of the text, cut only at its ends
    mark = "".join(part for part, marked in runs if marked).replace("【", "").replace("】", "")
    needed = width(text[start:end]) + (4 if brackets else 0) + (start > 0) + (end < len(text))
    if cells >= needed:
        assert mark == text[start:end]  # the whole mark is shown when it fits
    if mark:
        assert text[start:end].startswith(mark)
        if brackets:
            assert f"【{mark}】" in shown


def test_the_match_at_the_end_of_a_long_text_is_kept_in_view():
    start = LONG_DETAIL.index("限高杆")
    runs = fit_marked(Marked(LONG_DETAIL, ((start, start + 3),)), 30, brackets=True)
    shown = "".join(part for part, _marked in runs)
    assert "【限高杆】" in shown and shown.startswith("…") and shown.endswith("…")
    assert width(shown) <= 30
    before, after = shown.split("【限高杆】")
    assert abs(width(before) - width(after)) <= 2  # context on both sides, evenly


# -- the command ------------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_every_snippet_shows_its_match_within_the_width(found, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    for query, word in (("限高杆", "限高杆"), ("放行 限高", "放行"), ("factory", "FACTORY")):
        text = found("--lang", "zh", "search", query).stdout
        assert all(width(line) <= columns for line in text.splitlines()), text
        assert all(f"【{word}】" in cell or f"【{word.lower()}】" in cell.lower() for cell in context_cells(text)), text


def test_every_word_is_marked_where_it_shows(found):
    (cell,) = context_cells(found("search", "放行 限高杆").stdout)
    assert "【放行】" in cell and "【限高杆】" in cell


def test_colour_marks_the_match_instead_of_brackets(found):
    from zhitong.storage import queries
    from zhitong.store import CaseFilter, open_store
    from zhitong.text.views import search_table

    store = open_store()
    try:
        _total, matches = queries.search(store, ["限高杆"], CaseFilter(), limit=10)
    finally:
        store.close()
    coloured = search_table(matches, max_width=80, color=True)
    plain = search_table(matches, max_width=80, color=False)
    assert "\x1b[7m限高杆\x1b[0m" in coloured and "【" not in coloured
    assert "【限高杆】" in plain and "\x1b[" not in plain
    stripped = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    assert all(width(line) <= 80 for line in stripped.splitlines())


def test_no_color_and_pipes_get_brackets(found, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    text = found("search", "限高杆").stdout
    assert "【限高杆】" in text and "\x1b[" not in text


def test_json_keeps_its_fields_and_holds_the_match(found):
    (item,) = found.json("search", "限高杆")
    assert item["matched_in"] == "detail"
    assert "限高杆" in item["context"] and "【" not in item["context"]
    assert {"ref", "title", "matched_in", "context", "milestones"} <= set(item)


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed: the CI installs it (apt-get install -y tmux)")
@pytest.mark.parametrize("columns", [60, 80, 120])
def test_search_in_a_real_terminal(found, columns):
    env = {key: os.environ[key] for key in ("ZHITONG_DB", "ZHITONG_CONFIG_DIR", "ZHITONG_NOW")}
    env["ZHITONG_LANG"] = "zh"
    plain = _run_in_tmux([sys.executable, "-m", "zhitong", "search", "限高杆"], columns, {**env, "NO_COLOR": "1"})
    shown = [line for line in plain if line]
    assert len(shown) == 2 and all(width(line) <= columns for line in shown)  # nothing wrapped
    assert "【限高杆】" in shown[1]
    coloured = _run_in_tmux([sys.executable, "-m", "zhitong", "search", "限高杆"], columns, env, escapes=True)
    line = next(line for line in coloured if "限高杆" in line)
    assert re.search(r"\x1b\[7m限高杆\x1b\[(0|27)?m", line), repr(line)
    assert "【" not in line
    assert width(re.sub(r"\x1b\[[0-9;]*m", "", line)) <= columns
