"""Departments and enterprises through the CLI: add, list, show, USCC validation, name matching."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import error_line

VALID_USCC = "91110000600037341L"


def db_counts(tmp_path) -> dict:
    with sqlite3.connect(tmp_path / "zhitong.db") as conn:
        return {
            table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("departments", "enterprises", "cases", "events")
        }


# -- departments ----------------------------------------------------------------------------------


def test_dept_add_and_list_json(zt):
    zt("dept", "add", "经济发展局", "--head", "王局长", "--phone", "0316-2912345")
    zt("dept", "add", "工管委")
    departments = zt.json("dept", "list")
    assert isinstance(departments, list)
    by_name = {d["name"]: d for d in departments}
    assert set(by_name) == {"经济发展局", "工管委"}
    assert by_name["经济发展局"] == {"name": "经济发展局", "head": "王局长", "phone": "0316-2912345"}
    assert by_name["工管委"]["head"] is None and by_name["工管委"]["phone"] is None


def test_dept_list_json_empty(zt):
    assert zt.json("dept", "list") == []


def test_dept_list_text_shows_names_and_heads(book):
    text = book("dept", "list").stdout
    assert "经济发展局" in text and "王局长" in text and "工管委" in text


def test_dept_add_duplicate_is_refused(book, tmp_path):
    before = db_counts(tmp_path)
    result = book("dept", "add", "经济发展局", code=2)
    error_line(result, "department '经济发展局' already exists")
    assert db_counts(tmp_path) == before
    assert len(book.json("dept", "list")) == 2


@pytest.mark.parametrize("name", ["", "   "])
def test_dept_add_empty_name_is_refused(zt, name):
    result = zt("dept", "add", name, code=2)
    error_line(result, "name must not be empty")
    assert zt.json("dept", "list") == []


def test_dept_add_trims_name(zt):
    zt("dept", "add", "  双创办  ")
    assert [d["name"] for d in zt.json("dept", "list")] == ["双创办"]


# -- enterprises ----------------------------------------------------------------------------------


def test_ent_add_all_fields_and_list_json(zt):
    zt(
        "ent",
        "add",
        "新奥集团",
        "--code",
        VALID_USCC,
        "--group",
        "service",
        "--key",
        "--contact",
        "李经理",
        "--phone",
        "13800000000",
        "--officer",
        "张专员",
    )
    zt("ent", "add", "华翔物流有限公司", "--group", "liaison")
    enterprises = zt.json("ent", "list")
    by_name = {e["name"]: e for e in enterprises}
    assert by_name["新奥集团"] == {
        "name": "新奥集团",
        "credit_code": VALID_USCC,
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
    other = by_name["华翔物流有限公司"]
    assert other["group"] == "liaison"
    assert other["key"] is False
    assert other["credit_code"] is None and other["contact"] is None and other["officer"] is None


def test_ent_group_defaults_to_service(zt):
    zt("ent", "add", "某企业")
    assert zt.json("ent", "list")[0]["group"] == "service"


def test_ent_list_puts_key_enterprises_first(zt):
    zt("ent", "add", "A普通企业")
    zt("ent", "add", "Z重点企业", "--key")
    assert [e["name"] for e in zt.json("ent", "list")] == ["Z重点企业", "A普通企业"]


def test_ent_list_text(book):
    text = book("ent", "list").stdout
    assert "新奥集团" in text and VALID_USCC in text and "华翔物流有限公司" in text


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("91110000600037341A", "fails its check digit (the last character should be L)"),
        ("91110000600037341", "has 17 characters; a unified social credit code has 18"),
        ("91110000600037341LX", "has 19 characters; a unified social credit code has 18"),
        ("9111000060003734OL", "contains 'O', which is not used in credit codes"),
    ],
)
def test_ent_add_invalid_uscc_is_refused_and_nothing_written(zt, tmp_path, code, why):
    zt("dept", "list")  # create the database
    before = db_counts(tmp_path)
    result = zt("ent", "add", "新奥集团", "--code", code, code=2)
    error_line(result, f"credit code '{code}' {why}")
    assert db_counts(tmp_path) == before
    assert zt.json("ent", "list") == []


def test_ent_add_valid_uscc_is_kept(zt):
    zt("ent", "add", "新奥集团", "--code", VALID_USCC)
    assert zt.json("ent", "show", "新奥集团")["credit_code"] == VALID_USCC


def test_ent_add_duplicate_name_or_code_refused(book, tmp_path):
    before = db_counts(tmp_path)
    error_line(book("ent", "add", "新奥集团", code=2), "enterprise '新奥集团' already exists")
    result = book("ent", "add", "另一家公司", "--code", VALID_USCC, code=2)
    error_line(result, f"credit code {VALID_USCC} already belongs to 新奥集团")
    assert db_counts(tmp_path) == before


def test_ent_add_unknown_group_refused(zt):
    result = zt("ent", "add", "某企业", "--group", "vip", code=2)
    error_line(result, "unknown enterprise group 'vip' — use one of: service, liaison")
    assert zt.json("ent", "list") == []


# -- ent show and name matching --------------------------------------------------------------------


def test_ent_show_json_lists_its_cases_only(book):
    book("new", "新奥集团", "华翔路封路", "--category", "routine", "--at", "2026-11-24 10:00")
    book("new", "新奥集团", "用地指标", "--category", "major", "--at", "2026-11-24 11:00")
    book("new", "华翔物流", "物流补贴", "--category", "consult", "--at", "2026-11-24 12:00")
    shown = book.json("ent", "show", "新奥集团")
    assert shown["name"] == "新奥集团"
    assert shown["credit_code"] == VALID_USCC
    assert shown["key"] is True
    assert [c["ref"] for c in shown["cases"]] == ["ZT-2026-0001", "ZT-2026-0002"]
    assert [c["title"] for c in shown["cases"]] == ["华翔路封路", "用地指标"]
    assert all(c["enterprise"] == "新奥集团" for c in shown["cases"])
    other = book.json("ent", "show", "华翔物流有限公司")
    assert [c["ref"] for c in other["cases"]] == ["ZT-2026-0003"]


def test_ent_show_without_cases(book):
    assert book.json("ent", "show", "华翔物流有限公司")["cases"] == []


def test_ent_show_text_has_details_and_cases(book):
    book("new", "新奥", "华翔路封路", "--category", "routine", "--at", "2026-11-24 10:00")
    text = book("ent", "show", "新奥").stdout
    assert "新奥集团" in text and VALID_USCC in text and "ZT-2026-0001" in text


def test_ent_show_by_unique_substring(book):
    assert book.json("ent", "show", "华翔")["name"] == "华翔物流有限公司"
    assert book.json("ent", "show", "新奥")["name"] == "新奥集团"


def test_ent_show_ambiguous_lists_candidates(book):
    book("ent", "add", "新奥能源")
    result = book("ent", "show", "新奥", code=2)
    error_line(result, "enterprise '新奥' is ambiguous: ", "新奥集团", "新奥能源", "— give more of the name")


def test_ent_exact_name_beats_substring(book):
    book("ent", "add", "新奥集团华北分公司")
    assert book.json("ent", "show", "新奥集团")["name"] == "新奥集团"


def test_ent_show_unknown_suggests_close_names(book):
    result = book("ent", "show", "新澳集团", code=2)
    error_line(result, "no enterprise '新澳集团'; did you mean 新奥集团?")


def test_ent_show_unknown_without_candidates(book):
    result = book("ent", "show", "完全不相干的名称XYZ", code=2)
    error_line(result, "no enterprise '完全不相干的名称XYZ' — list them with zhitong ent list")


def test_new_with_ambiguous_enterprise_writes_nothing(book, tmp_path):
    book("ent", "add", "新奥能源")
    before = db_counts(tmp_path)
    result = book("new", "新奥", "问题", "--category", "routine", code=2)
    error_line(result, "enterprise '新奥' is ambiguous: ", "新奥集团", "新奥能源")
    assert db_counts(tmp_path) == before


def test_new_with_unknown_enterprise_writes_nothing(book, tmp_path):
    before = db_counts(tmp_path)
    result = book("new", "新澳集团", "问题", "--category", "routine", code=2)
    error_line(result, "no enterprise '新澳集团'; did you mean 新奥集团?")
    assert db_counts(tmp_path) == before


def test_department_matching_by_substring_ambiguous_and_unknown(book, tmp_path):
    book("dept", "add", "经济合作局")
    ref = book.json("new", "新奥", "问题", "--category", "routine", "--at", "2026-11-24 10:00")["ref"]
    before = db_counts(tmp_path)
    result = book("assign", ref, "经济", code=2)
    error_line(result, "department '经济' is ambiguous: ", "经济发展局", "经济合作局")
    result = book("assign", ref, "经发局", code=2)
    error_line(result, "no department '经发局'; did you mean ", "经济发展局")  # a close candidate
    assert db_counts(tmp_path) == before
    assert book.json("show", ref)["department"] is None
    case = book.json("assign", ref, "发展")
    assert case["department"] == "经济发展局"


def test_department_exact_name_beats_substring(book):
    book("dept", "add", "工管委办公室")
    case = book.json("new", "新奥", "问题", "--category", "routine", "--dept", "工管委", "--at", "2026-11-24 10:00")
    assert case["department"] == "工管委"


def test_new_with_unknown_department_writes_nothing(book, tmp_path):
    before = db_counts(tmp_path)
    error_line(book("new", "新奥", "问题", "--category", "routine", "--dept", "税务局", code=2), "no department '税务局'")
    assert db_counts(tmp_path) == before


# -- init -----------------------------------------------------------------------------------------


def test_init_creates_the_database_and_prints_its_path(zt, tmp_path):
    path = tmp_path / "elsewhere" / "cases.db"
    result = zt("--db", str(path), "init")
    assert path.exists()
    assert str(path.resolve()) in result.stdout
    # the new file is a zhitong database: it can be used at once
    zt("--db", str(path), "dept", "add", "双创办")
    assert [d["name"] for d in zt.json("--db", str(path), "dept", "list")] == ["双创办"]
    # ... and the default database was not touched
    assert not (tmp_path / "zhitong.db").exists()
