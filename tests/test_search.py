"""search: titles, details and histories, Chinese included, through the trigram index and its fallback."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from conftest import error_line

from zhitong.core import reports
from zhitong.storage import queries as store_reports

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def searchable(book, built_once):

    def steps():
        book("dept", "add", "交通运输局")
        book("ent", "add", "廊坊智造科技有限公司", "--officer", "李专员")
        book(
            "new",
            "华翔物流有限公司",
            "华翔路封闭施工，货物无法运出",
            "--category",
            "routine",
            "--channel",
            "service-group",
            "--dept",
            "交通运输局",
            "--detail",
            "绕行创业路有限高杆",
            "--at",
            "2026-11-20 10:00",
        )
        book(
            "respond", "ZT-2026-0001", "--owner", "陈局长", "--plan", "协调交警临时放行", "--eta", "2026-11-21", "--at", "2026-11-20 11:00"
        )
        book(
            "new",
            "新奥集团",
            "氢能产业园电力增容",
            "--category",
            "major",
            "--channel",
            "package",
            "--dept",
            "经济发展局",
            "--at",
            "2026-11-21 10:00",
        )
        book("note", "ZT-2026-0002", "供电公司已现场勘查，限高杆不影响", "--at", "2026-11-21 12:00")
        book(
            "new",
            "廊坊智造科技有限公司",
            "Factory permit 进度查询",
            "--category",
            "routine",
            "--channel",
            "hotline",
            "--dept",
            "工管委",
            "--detail",
            '100%_done? "quoted"',
            "--at",
            "2026-11-22 10:00",
        )

    built_once(steps)
    return book


def refs(zt, *args) -> list[str]:
    return [case["ref"] for case in zt.json("search", *args)]


def test_finds_chinese_in_titles_details_and_histories(searchable):
    assert refs(searchable, "华翔路封闭") == ["ZT-2026-0001"]  # title
    assert refs(searchable, "创业路") == ["ZT-2026-0001"]  # detail
    assert refs(searchable, "交警临时放行") == ["ZT-2026-0001"]  # the answer, in the history
    assert refs(searchable, "供电公司") == ["ZT-2026-0002"]  # a note
    assert refs(searchable, "限高杆") == ["ZT-2026-0002", "ZT-2026-0001"]  # newest first


def test_one_and_two_character_queries_fall_back_to_a_scan(searchable):
    assert refs(searchable, "氢") == ["ZT-2026-0002"]
    assert refs(searchable, "限高") == ["ZT-2026-0002", "ZT-2026-0001"]
    assert refs(searchable, "勘查") == ["ZT-2026-0002"]  # only in a note
    assert refs(searchable, "放行") == ["ZT-2026-0001"]


def test_chinese_punctuation_is_matched_as_typed(searchable):
    assert refs(searchable, "施工，货物") == ["ZT-2026-0001"]  # the full-width comma is not folded to ","
    assert refs(searchable, "施工,货物") == []


def test_every_word_must_occur(searchable):
    assert refs(searchable, "限高杆 供电") == ["ZT-2026-0002"]
    assert refs(searchable, "限高杆 华翔路") == ["ZT-2026-0001"]
    assert refs(searchable, "限高杆 不存在的词") == []


def test_case_and_width_do_not_matter_and_special_characters_are_text(searchable):
    assert refs(searchable, "factory PERMIT") == ["ZT-2026-0003"]
    assert refs(searchable, "ｆａｃｔｏｒｙ") == ["ZT-2026-0003"]  # full-width, as a Chinese IME types it
    assert refs(searchable, "100%") == ["ZT-2026-0003"]
    assert refs(searchable, "%") == ["ZT-2026-0003"]
    assert refs(searchable, "_d") == ["ZT-2026-0003"]
    assert refs(searchable, '"quoted"') == ["ZT-2026-0003"]
    assert refs(searchable, "AND") == []  # not an operator, and in no text
    assert refs(searchable, "NEAR(") == []


def test_filters_as_in_the_views(searchable):
    assert refs(searchable, "限高杆", "--dept", "交通运输局") == ["ZT-2026-0001"]
    assert refs(searchable, "限高杆", "--enterprise", "新奥") == ["ZT-2026-0002"]
    assert refs(searchable, "限高杆", "--category", "重大") == ["ZT-2026-0002"]
    assert refs(searchable, "限高杆", "--channel", "直通群") == ["ZT-2026-0001"]
    assert refs(searchable, "进度", "--officer", "李专员") == ["ZT-2026-0003"]
    assert refs(searchable, "限高杆", "--officer", "李专员") == []


def test_json_says_where_it_matched(searchable):
    found = {case["ref"]: case for case in searchable.json("search", "限高杆")}
    assert found["ZT-2026-0001"]["matched_in"] == "detail"
    assert "限高杆" in found["ZT-2026-0001"]["context"]
    assert found["ZT-2026-0002"]["matched_in"] == "history"
    assert found["ZT-2026-0002"]["title"] == "氢能产业园电力增容"
    assert "events" not in found["ZT-2026-0002"] and "milestones" in found["ZT-2026-0002"]


def test_the_table(searchable):
    text = searchable("search", "限高杆").stdout
    assert "ZT-2026-0001" in text and "ZT-2026-0002" in text
    assert text.splitlines()[0].split()[:2] == ["ref", "enterprise"]


def test_nothing_found_is_said_not_an_error(searchable):
    result = searchable("search", "不存在的词")
    assert result.stdout == "" and "nothing found" in result.stderr
    assert searchable.json("search", "不存在的词") == []


def test_limit_says_how_many_more(searchable):
    result = searchable("search", "限高", "--limit", "1")
    assert "ZT-2026-0002" in result.stdout and "ZT-2026-0001" not in result.stdout
    assert "showing 1 of 2" in result.stderr


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (("",), "nothing to search for — give a word or a phrase"),
        (("   ",), "nothing to search for — give a word or a phrase"),
        (("限高", "--limit", "0"), "--limit must be at least 1, not 0"),
    ],
)
def test_bad_queries_are_one_line(searchable, args, why):
    error_line(searchable("search", *args, code=2), why)


def test_the_index_follows_changes_to_titles_and_details(searchable, tmp_path):
    with sqlite3.connect(tmp_path / "zhitong.db") as conn:
        conn.execute("UPDATE cases SET title = '冷链仓库消防验收', detail = NULL WHERE ref = 'ZT-2026-0001'")
    assert refs(searchable, "消防验收") == ["ZT-2026-0001"]
    assert refs(searchable, "华翔路封闭") == []
    assert refs(searchable, "创业路") == []


def test_cases_of_a_large_import_are_found_once_indexed(searchable, tmp_path, monkeypatch):
    monkeypatch.setattr(store_reports, "BACKLOG_MIN", 2)
    path = tmp_path / "in.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["enterprise", "title", "category", "received_at", "detail"])
        writer.writerow(["新奥集团", "园区供暖管网改造", "routine", "2026-11-23 09:00", "冬季供暖压力不足"])
        writer.writerow(["新奥集团", "职工通勤班车线路", "routine", "2026-11-23 10:00", ""])
        writer.writerow(["新奥集团", "第三条", "routine", "2026-11-23 11:00", "管网检修"])
    searchable("import", path)
    with sqlite3.connect(tmp_path / "zhitong.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM search_backlog").fetchone()[0] == 1
    # a title corrected before the index caught up is found as it now reads
    searchable("edit", "ZT-2026-0005", "--title", "职工通勤班车新线路", "--reason", "线路名称写错")
    assert refs(searchable, "供暖管网") == ["ZT-2026-0004"]
    assert refs(searchable, "管网") == ["ZT-2026-0006", "ZT-2026-0004"]
    assert refs(searchable, "班车新线路") == ["ZT-2026-0005"]
    with sqlite3.connect(tmp_path / "zhitong.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM search_backlog").fetchone()[0] == 0
        conn.execute("INSERT INTO cases_fts (cases_fts, rank) VALUES ('integrity-check', 1)")  # raises if out of step
    # the correction is in the history: check finds nothing, the index is in step
    assert "all checks passed" in searchable("check").stderr


def test_an_older_book_is_indexed_when_it_is_upgraded(zt, tmp_path):
    target = tmp_path / "old.db"
    conn = sqlite3.connect(target)
    conn.executescript((FIXTURES / "schema_0001.sql").read_text(encoding="utf-8"))
    conn.close()
    assert [c["ref"] for c in zt.json("--db", target, "search", "限高杆")] == ["ZT-2026-0001"]
    assert "ZT-2026-0004" in [c["ref"] for c in zt.json("--db", target, "search", "督办研究结果")]


@pytest.mark.parametrize(
    "text, term, expected",
    [
        ("华翔路封闭施工，货物无法运出，绕行创业路又有限高杆", "限高杆", "…无法运出，绕行创业路又有限高杆"),
        ("短的", "短", "短的"),
        ("line one\nline two", "two", "…ne one line two"),
    ],
)
def test_snippet(text, term, expected):
    assert reports.snippet(text, term) == expected


def test_search_results_are_built_through_the_public_store(searchable, tmp_path):
    """store_reports builds Case objects only through Store's public methods, never its internals."""
    import ast

    from zhitong.store import CaseFilter, open_store

    internals = {"_milestones", "_case", "_CASE_COLUMNS", "_CASE_FROM"}
    tree = ast.parse(Path(store_reports.__file__).read_text(encoding="utf-8"))
    users = set()
    for node in tree.body:
        names = {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}
        names |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        names |= {alias.name for n in ast.walk(node) if isinstance(n, ast.ImportFrom) for alias in n.names}
        if names & internals:
            users.add(getattr(node, "name", type(node).__name__))
    assert users == set()
    store = open_store(tmp_path / "zhitong.db")
    try:
        ids = store_reports.search_ids(store, ["限高杆"], CaseFilter())
        found = store_reports.cases_by_id(store, ids[::-1] + [10_000])
        assert [(case_id, case.ref) for case_id, case in found] == [(1, "ZT-2026-0001"), (2, "ZT-2026-0002")]
        assert found[0][1] == store.case("ZT-2026-0001", with_events=False)
    finally:
        store.close()
