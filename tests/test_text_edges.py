"""Text and argument edges: separators shown escaped, NUL refused, quotes kept, limits, bad bytes, wild times."""

from __future__ import annotations

import csv
import sqlite3

import pytest
from conftest import error_line
from hypothesis import given, settings
from hypothesis import strategies as st

from zhitong.text.render import clean, fit

HEADER = ["enterprise", "title", "category", "channel", "department", "received_at", "detail", "source_id"]


def _csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c"])
def test_unicode_line_and_paragraph_separators_are_shown_escaped(book, separator):
    assert separator not in clean(f"a{separator}b")
    book("new", "新奥集团", f"第一行{separator}第二行", "-c", "routine")
    for args in (("show", "ZT-2026-0001"), ("pending",), ("list",)):
        out = book(*args).stdout
        assert separator not in out and "第一行" in out


def test_truncation_comes_after_cleaning():
    text = "限高杆\u2028\x1b[31m拆除\x1b[0m"
    cut = fit(clean(text), 8)
    assert "\x1b" not in cut and "\u2028" not in cut


def test_every_character_clean_replaces_is_unprintable():
    """clean lets printable text through unsearched: safe only while nothing it replaces is printable."""
    import re

    from zhitong.text import render

    replaced = [chr(code) for code in range(0x10000) if re.fullmatch(render._CONTROL, chr(code))]
    assert len(replaced) == 32 + 33 + 2 + 2 + 5 + 4  # C0, DEL and C1, LRM/RLM, LS/PS, the bidi embeddings and isolates
    assert [char for char in replaced if char.isprintable()] == []
    assert [clean(f"甲{char}乙") for char in ("\x1b", "\u202e", "\u2028")] == ["甲 乙"] * 3


def test_nul_in_an_imported_cell_is_refused_with_its_line(book, tmp_path):
    path = _csv(
        tmp_path / "rows.csv",
        [
            ["新奥集团", "好的", "routine", "hotline", "", "2026-11-24 10:00", "", ""],
            ["新奥集团", "坏\x00的", "routine", "hotline", "", "2026-11-24 10:00", "", ""],
        ],
    )
    result = book("import", str(path), code=2)
    assert "line 3" in result.stderr and "NUL" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_a_title_with_a_leading_apostrophe_survives_export_and_import(book, tmp_path):
    for title in ("'=SUM(A1)", "'引号开头", "''两个"):
        book("new", "新奥集团", title, "-c", "routine", "--at", "2026-11-24 10:00")
    out = tmp_path / "out.csv"
    book("export", "--all", "-o", out)
    fresh = tmp_path / "fresh.db"
    book("--db", fresh, "ent", "add", "新奥集团")
    book("--db", fresh, "import", out)
    with sqlite3.connect(fresh) as conn:
        assert [row[0] for row in conn.execute("SELECT title FROM cases ORDER BY seq")] == ["'=SUM(A1)", "'引号开头", "''两个"]


def test_a_calendar_day_name_has_a_length_limit(zt, tmp_path):
    path = tmp_path / "schedule.csv"
    path.write_text("date,kind,name\n2027-01-01,holiday," + "元" * 51 + "\n", encoding="utf-8")
    result = zt("calendar", "import", path, code=2)
    assert "line 2" in result.stderr and "the limit is 50" in result.stderr


@pytest.mark.parametrize("value", ["-99999999999h", "-999999d", "99999999999天前"])
def test_huge_relative_times_are_refused_by_value(book, value):
    result = book("new", "新奥集团", "x", "-c", "routine", "--at", value, code=2)
    error_line(result, f"'{value}' is too far from today")


@pytest.mark.parametrize(
    "args", [["new", "新奥集团", "\udcff\udcfe", "-c", "routine"], ["pending", "--dept", "\udcff"], ["list", "--dept", "a\udcffb"]]
)
def test_invalid_utf8_in_arguments_is_refused_by_value(book, args):
    result = book(*args, code=2)
    error_line(result, "is not valid UTF-8", "\\xff")


@settings(max_examples=500)
@given(
    st.one_of(
        st.text(alphabet="ab -", max_size=14),
        st.text(alphabet="中文ｆ", max_size=14),
        st.text(alphabet="ab 中文字…é\u0301ｆ😀\u200b", max_size=14),
    ),
    st.integers(min_value=-1, max_value=16),
)
def test_a_cut_knows_its_own_width(text, cells):
    """The table takes a cut cell's width from ``fitted`` instead of measuring it again."""
    from zhitong.text.render import fitted, width

    cut, size = fitted(text, width(text), cells)
    assert cut == fit(text, cells)
    assert size == width(cut) <= max(cells, 0)
