"""Every change to a record is logged, newest first, and the log cannot be changed."""

from __future__ import annotations

import sqlite3

import pytest

NOW = "2026-11-25T10:00"


def test_the_log_shows_departments_enterprises_and_policy_recomputes(zt, tmp_path):
    zt("dept", "add", "经济发展局", "--head", "王局长", now="2026-11-24T09:00")
    zt("ent", "add", "新奥集团", "--contact", "李经理", now="2026-11-24T09:30")
    zt("ent", "edit", "新奥集团", "--contact", "张经理", now="2026-11-24T10:00")
    ref = zt.json("new", "新奥集团", "用地", "-c", "major", "-d", "经济发展局", "--at", "2026-11-24 10:00", now=NOW)["ref"]
    policy = tmp_path / "p.toml"
    policy.write_text('[major]\nresponse = "48h"\n', encoding="utf-8")
    zt("--policy", policy, "recompute", ref, now=NOW)
    entries = zt.json("log", now=NOW)
    assert [(e["record"], e["action"]) for e in entries] == [
        ("policy", "recompute"),
        ("enterprise", "edit"),
        ("enterprise", "add"),
        ("department", "add"),
    ]
    assert entries[1]["data"] == {"contact": ["李经理", "张经理"]} and entries[1]["name"] == "新奥集团"
    assert entries[0]["data"]["cases"][0]["ref"] == ref
    assert entries[3]["at"] == "2026-11-24T09:00:00+08:00" and entries[3]["actor"]
    assert [e["action"] for e in zt.json("log", "--since", "2026-11-24 09:45", now=NOW)] == ["recompute", "edit"]
    text = zt("--lang", "zh", "log", now=NOW).stdout
    assert "李经理 → 张经理" in text and "经济发展局" in text


def test_entering_a_year_logs_each_case_whose_deadlines_moved(zt, tmp_path):
    zt("ent", "add", "新奥集团")
    ref = zt.json("new", "新奥集团", "年底", "-c", "major", "--at", "2026-12-30 10:00", now="2026-12-30T11:00")["ref"]
    schedule = tmp_path / "2027.csv"
    schedule.write_text("date,kind,name\n2027-01-01,holiday,元旦\n2027-01-04,holiday,元旦\n", encoding="utf-8")
    zt("calendar", "import", schedule, now="2026-12-30T11:00")
    (entry,) = [e for e in zt.json("log", now="2026-12-30T11:00") if e["record"] == "calendar"]
    assert entry["action"] == "enter" and entry["data"]["years"] == [2027]
    (case,) = entry["data"]["cases"]
    assert case["ref"] == ref and {move["milestone"] for move in case["moved"]} >= {"resolve"}


def test_the_log_is_append_only_and_check_says_so(zt, isolated):
    zt("dept", "add", "经济发展局")
    conn = sqlite3.connect(isolated / "zhitong.db")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE records_log SET actor = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM records_log")
    conn.execute("DROP TRIGGER records_log_append_only_delete")
    conn.commit()
    conn.close()
    result = zt("check", code=1)
    assert "records_log_append_only_delete" in result.stdout + result.stderr


def test_renames_and_merges_keep_old_names_finding_the_record(zt):
    zt("dept", "add", "工管委")
    zt("dept", "add", "科技局")
    zt("ent", "add", "华翔物流有限公司")
    zt("ent", "add", "华翔物流公司")
    one = zt.json("new", "华翔物流公司", "路灯", "-c", "routine", "-d", "工管委", "--at", "2026-11-24 10:00", now=NOW)["ref"]
    two = zt.json("new", "华翔物流有限公司", "用电", "-c", "routine", "-d", "科技局", "--at", "2026-11-24 11:00", now=NOW)["ref"]
    zt("dept", "rename", "工管委", "工业和信息化局", now=NOW)
    case = zt.json("show", one, now=NOW)
    assert case["department"] == "工业和信息化局" and case["events"][-1]["kind"] == "move"
    assert [c["ref"] for c in zt.json("list", "--dept", "工管委", now=NOW)] == [one]  # the old name still finds it
    zt("ent", "merge", "华翔物流公司", "--into", "华翔物流有限公司", now=NOW)
    assert zt.json("show", one, now=NOW)["enterprise"] == "华翔物流有限公司"
    assert zt.json("new", "华翔物流公司", "又一件", "-c", "routine", now=NOW)["enterprise"] == "华翔物流有限公司"
    zt("dept", "merge", "科技局", "--into", "工业和信息化局", now=NOW)
    assert zt.json("show", two, now=NOW)["department"] == "工业和信息化局"
    assert zt.json("assign", zt.json("list", now=NOW)[-1]["ref"], "科技局", now=NOW)["department"] == "工业和信息化局"
    actions = [(e["record"], e["action"]) for e in zt.json("log", now=NOW)][:3]
    assert actions == [("department", "merge"), ("enterprise", "merge"), ("department", "rename")]
    zt("check", now=NOW)


def test_rename_refusals(zt, isolated):
    zt("dept", "add", "工管委")
    zt("dept", "add", "科技局")
    before = (isolated / "zhitong.db").read_bytes()
    for args, message in (
        (("dept", "rename", "工管委", "科技局"), "the name '科技局' is taken"),
        (("dept", "merge", "工管委", "--into", "工管委"), "工管委 cannot be merged into itself"),
        (("dept", "rename", "工管委", " "), "name must not be empty"),
    ):
        result = zt(*args, code=2)
        assert message in result.stderr and "internal error" not in result.stderr
    assert (isolated / "zhitong.db").read_bytes() == before


def test_ent_edit_corrects_code_group_key_contact_phone_each_logged_old_to_new(zt, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # the whole line of changes, untruncated
    zt("ent", "add", "华翔物流", "--contact", "李经理", "--phone", "0316-1111111", now="2026-11-24T09:00")
    zt("ent", "rename", "华翔物流", "华翔物流有限公司", now="2026-11-24T09:10")
    # the old name still finds the record it became (fmt: skip keeps each option beside its value)
    zt(
        "ent", "edit", "华翔物流", "--code", "91131000601172867X", "--group", "包联帮扶企业", "--key",
        "--contact", "张经理", "--phone", "0316-2222222", "--officer", "王专员",
        now="2026-11-24T10:00",
    )  # fmt: skip
    shown = zt.json("ent", "show", "华翔物流有限公司", now=NOW)
    entry = shown.get("enterprise", shown)
    # fmt: skip below keeps the expected values in one row, as the fields they match
    assert (entry["credit_code"], entry["group"], entry["key"], entry["contact"], entry["phone"], entry["officer"]) == (
        "91131000601172867X", "liaison", True, "张经理", "0316-2222222", "王专员",
    )  # fmt: skip
    zt("ent", "edit", "华翔物流有限公司", "--no-key", now="2026-11-24T11:00")
    key_off, edit = zt.json("log", now=NOW)[:2]
    assert key_off["data"] == {"key": [True, False]} and key_off["name"] == "华翔物流有限公司"
    assert edit["action"] == "edit" and edit["data"] == {
        "credit_code": [None, "91131000601172867X"],
        "group": ["service", "liaison"],
        "key": [False, True],
        "contact": ["李经理", "张经理"],
        "phone": ["0316-1111111", "0316-2222222"],
        "officer": [None, "王专员"],
    }
    text = zt("--lang", "zh", "log", now=NOW).stdout
    assert "类型: 规上企业 → 包联帮扶企业" in text and "重点: 是 → 否" in text and "— → 91131000601172867X" in text
    assert "联系人: 李经理 → 张经理" in text


def test_dept_edit_changes_head_and_phone_logged_old_to_new(zt):
    zt("dept", "add", "工管委", "--head", "王局长", now="2026-11-24T09:00")
    zt("dept", "rename", "工管委", "工业和信息化局", now="2026-11-24T09:10")
    result = zt("dept", "edit", "工管委", "--head", "刘局长", "--phone", "0316-2912300", now="2026-11-24T10:00")
    assert "department 工业和信息化局 changed" in result.stdout + result.stderr
    (dept,) = zt.json("dept", "list", now=NOW)
    assert (dept["name"], dept["head"], dept["phone"]) == ("工业和信息化局", "刘局长", "0316-2912300")
    entry = zt.json("log", now=NOW)[0]
    assert (entry["record"], entry["name"], entry["action"]) == ("department", "工业和信息化局", "edit")
    assert entry["data"] == {"head": ["王局长", "刘局长"], "phone": [None, "0316-2912300"]}
    text = zt("--lang", "zh", "log", now=NOW).stdout
    assert "负责人: 王局长 → 刘局长" in text and "电话: — → 0316-2912300" in text
    said = zt("--lang", "zh", "dept", "edit", "工业和信息化局", "--head", "陈局长", now=NOW)
    assert "部门 工业和信息化局 已修改" in said.stdout + said.stderr


def test_record_edit_refusals_are_one_line_and_change_nothing(zt, isolated):
    zt("dept", "add", "经济发展局", "--head", "王局长")
    zt("ent", "add", "新奥集团", "--code", "91131000601172867X", "--contact", "李经理")
    zt("ent", "add", "华翔物流")
    before = (isolated / "zhitong.db").read_bytes()
    for args, message in (
        (("ent", "edit", "华翔物流", "--code", "91131000601172867X"), "credit code 91131000601172867X already belongs to 新奥集团"),
        (("ent", "edit", "华翔物流", "--code", "91131000601172868X"), "credit code"),
        (("ent", "edit", "没有这家"), "nothing to change"),
        (("ent", "edit", "没有这家", "--contact", "张"), "no enterprise '没有这家'"),
        (("ent", "edit", "新奥集团", "--contact", "李经理"), "新奥集团 already reads so; nothing to change"),
        (("ent", "edit", "新奥集团", "--group", "什么组"), "group"),
        (("dept", "edit", "经济发展局"), "nothing to change"),
        (("dept", "edit", "经济发展局", "--head", "王局长"), "经济发展局 already reads so; nothing to change"),
        (("dept", "edit", "不存在局", "--head", "刘"), "no department '不存在局'"),
    ):
        result = zt(*args, code=2)
        lines = result.stderr.strip().splitlines()
        assert message in result.stderr and len(lines) <= 2, (args, result.stderr)
        assert "internal error" not in result.stderr
    zh = zt("--lang", "zh", "ent", "edit", "华翔物流", "--code", "91131000601172867X", code=2).stderr
    assert "统一社会信用代码 91131000601172867X 已属于 新奥集团" in zh and "内部错误" not in zh
    assert "没有要修改的内容" in zt("--lang", "zh", "dept", "edit", "经济发展局", "--head", "王局长", code=2).stderr
    assert (isolated / "zhitong.db").read_bytes() == before


def test_changed_fields_keeps_only_what_differs():
    from zhitong.core.models import changed_fields

    current = {"contact": "李经理", "key": False, "credit_code": None}
    assert changed_fields(current, {"contact": "李经理", "key": True, "credit_code": None}) == {"key": True}
    assert changed_fields(current, {"contact": "李经理"}) == {}
