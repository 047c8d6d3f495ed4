"""Guards against duplicates: a repeated case is warned of, a registered enterprise is not added twice."""

from __future__ import annotations

from zhitong.core.duplicates import fold_name, name_clash, repeat_of, similar_titles

NOW = "2026-11-25T10:00"


def test_names_fold_full_width_brackets_spaces_and_latin_case():
    assert fold_name("华翔（北京）物流") == fold_name("华翔(北京)物流")
    assert fold_name("ABC　Logistics") == fold_name("abc logistics")
    assert name_clash("华翔物流有限公司", ["华翔物流"]) == (None, "华翔物流")
    assert name_clash("华翔物流", ["华翔物流有限公司"]) == (None, "华翔物流有限公司")
    assert name_clash("新奥集团", ["华翔物流"]) == (None, None)


def test_similar_titles():
    assert similar_titles("路灯不亮", "路灯不亮！")
    assert similar_titles("华翔路封闭施工，货物无法运出", "华翔路封闭施工货物无法运出了")
    assert not similar_titles("路灯不亮", "用地指标不足")


def test_repeat_only_within_seven_days():
    from datetime import datetime, timedelta

    now = datetime.fromisoformat("2026-11-25T10:00:00+08:00")
    assert repeat_of("路灯不亮", now, [("ZT-2026-0001", "路灯不亮", now - timedelta(days=6))]) == "ZT-2026-0001"
    assert repeat_of("路灯不亮", now, [("ZT-2026-0001", "路灯不亮", now - timedelta(days=8))]) is None


def test_new_warns_of_a_repeat_and_still_logs_it(zt):
    zt("ent", "add", "新奥集团")
    zt("ent", "add", "华翔物流有限公司")
    first = zt("new", "新奥集团", "路灯不亮", "-c", "routine", "--at", "2026-11-24 10:00", now=NOW)
    assert "similar title" not in first.stderr
    second = zt("new", "新奥集团", "路灯不亮！", "-c", "routine", now=NOW)
    assert second.stdout.split()[0] == "ZT-2026-0002"
    assert (
        "新奥集团 has an open case ZT-2026-0001 with a similar title received in the last 7 days;"
        " if this repeats it, fold it in with zhitong merge ZT-2026-0002 --into ZT-2026-0001"
    ) in second.stderr
    other = zt("new", "华翔物流", "路灯不亮", "-c", "routine", now=NOW)  # another enterprise: no warning
    assert "similar title" not in other.stderr
    zt("resolve", "ZT-2026-0001", now=NOW)
    zt("resolve", "ZT-2026-0002", now=NOW)
    assert "similar title" not in zt("new", "新奥集团", "路灯不亮", "-c", "routine", now=NOW).stderr  # the first is closed
    zh = zt("--lang", "zh", "new", "新奥集团", "路灯不亮", "-c", "routine", now=NOW)
    assert "zhitong merge ZT-2026-0005 --into ZT-2026-0004 并单" in zh.stderr


def test_ent_add_refuses_the_same_name_and_warns_of_a_near_one(zt, isolated):
    zt("ent", "add", "华翔(北京)物流")
    before = (isolated / "zhitong.db").read_bytes()
    refused = zt("ent", "add", "华翔（北京）物流", code=2)
    assert "enterprise '华翔（北京）物流' is already registered as '华翔(北京)物流'" in refused.stderr
    assert "internal error" not in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert (isolated / "zhitong.db").read_bytes() == before
    zt("ent", "add", "ABC Logistics")
    assert "already registered as 'ABC Logistics'" in zt("ent", "add", "abc  logistics", code=2).stderr
    near = zt("ent", "add", "华翔(北京)物流有限公司")
    assert "华翔(北京)物流有限公司 and the registered 华翔(北京)物流 may be one enterprise" in near.stderr
    assert [e["name"] for e in zt.json("ent", "list")].count("华翔(北京)物流有限公司") == 1
