"""The registry serves the officers: leaders, officers and tags; filtered lists with counts; each
officer's own enterprises in every view."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import error_line

ADD = ("--dept", "经济发展局", "--contact", "刘科长", "--phone", "0316-2912301")


@pytest.fixture
def registry(zt):
    zt("dept", "add", "经济发展局")
    zt("ent", "add", "新奥集团", "--key", "--officer", "张专员", "--leader", "王主任", "--tag", "高新技术企业", "--tag", "专精特新")
    zt("ent", "add", "华翔物流有限公司", "--group", "liaison", "--officer", "李专员")
    zt("ent", "add", "廊坊智造科技有限公司", "--officer", "张专员")
    zt("new", "新奥集团", "扩产用地", "--category", "routine", "--dept", "经济发展局", "--at", "2026-11-23 10:00")  # late by now
    zt("new", "华翔物流", "华翔路封路", "--category", "routine", "--dept", "经济发展局")
    zt("new", "廊坊智造", "施工许可", "--category", "routine", "--dept", "经济发展局")
    return zt


def names(rows) -> list[str]:
    return [row["name"] for row in rows]


def test_ent_list_filters_and_counts(registry):
    listed = {e["name"]: e for e in registry.json("ent", "list")}
    xinao = listed["新奥集团"]
    assert (xinao["officer"], xinao["leader"], xinao["tags"]) == ("张专员", "王主任", ["专精特新", "高新技术企业"])
    assert (xinao["open"], xinao["overdue"]) == (1, 1)
    assert (listed["华翔物流有限公司"]["open"], listed["华翔物流有限公司"]["overdue"]) == (1, 0)
    assert names(registry.json("ent", "list", "--officer", "张专员")) == ["新奥集团", "廊坊智造科技有限公司"]
    assert names(registry.json("ent", "list", "--leader", "王主任")) == ["新奥集团"]
    assert names(registry.json("ent", "list", "--tag", "专精特新")) == ["新奥集团"]
    assert names(registry.json("ent", "list", "--tag", "包联帮扶企业")) == ["华翔物流有限公司"]
    assert names(registry.json("ent", "list", "--group", "规上企业", "--not-key")) == ["廊坊智造科技有限公司"]
    assert names(registry.json("ent", "list", "--key")) == ["新奥集团"]
    table = registry("ent", "list").stdout
    assert "open cases" in table and "王主任" in table


def test_ent_edit_changes_only_what_is_given(registry):
    registry("ent", "edit", "华翔物流", "--officer", "张专员", "--leader", "赵副主任", "--tag", "物流")
    edited = registry.json("ent", "show", "华翔物流")
    assert (edited["officer"], edited["leader"], edited["tags"], edited["group"]) == ("张专员", "赵副主任", ["物流"], "liaison")
    error_line(registry("ent", "edit", "华翔物流", code=2), "nothing to change")


def test_ent_show_tells_the_history_the_package_and_the_funds(registry):
    registry("fund", "add", "企业云服务专项资金", "--budget", "1000万")
    registry("package", "new", "新奥集团")
    ref = registry(
        "package", "add", "新奥集团", "--kind", "policy", "上云补贴", *ADD, "--due", "10d", "--fund", "企业云", "--amount", "30万"
    ).stdout.split()[0]
    registry("fund", "pay", ref, "--amount", "10万")
    registry("resolve", ref)
    registry("rate", ref, "4")
    registry("resolve", "ZT-2026-0001")
    registry("rate", "ZT-2026-0001", "3")
    shown = registry.json("ent", "show", "新奥集团")
    assert shown["on_time"] == {"met": 1, "judged": 2, "rate": 0.5}
    assert shown["ratings"] == {"count": 2, "mean": 3.5}
    assert shown["package"]["id"] == "PKG-2026-01" and shown["package"]["done"] == 1
    assert shown["funds"] == [
        {"fund": "企业云服务专项资金", "applied": "300000.00", "paid": "100000.00", "applied_fen": 30000000, "paid_fen": 10000000}
    ]
    text = registry("ent", "show", "新奥集团").stdout
    assert "resolved on time 1 of 2 (50%)" in text and "3.5/5" in text and "package PKG-2026-01" in text
    assert "企业云服务专项资金: applied for 300,000 yuan, paid 100,000 yuan" in text


@pytest.mark.parametrize(
    "view",
    [("pending",), ("overdue",), ("list",), ("due", "--within", "30d"), ("search", "施工许可")],
)
def test_every_view_takes_officer(registry, view):
    refs = {row["ref"] for row in registry.json(*view, "--officer", "张专员")}
    assert refs and refs <= {"ZT-2026-0001", "ZT-2026-0003"}
    assert not {row["ref"] for row in registry.json(*view, "--officer", "无此人")}


def test_digest_stats_and_export_take_officer(registry):
    digest = registry.json("digest", "--officer", "李专员")
    assert digest["new"] == ["ZT-2026-0002"]
    assert "ZT-2026-0002" in registry.json("digest")["new"] and len(registry.json("digest")["new"]) == 2
    stats = registry.json("stats", "--officer", "李专员")
    assert sum(row["received"] for row in stats["departments"]) == 1
    exported = registry("export", "--officer", "张专员").stdout
    refs = [row[0] for row in csv.reader(io.StringIO(exported.lstrip("\ufeff")))][1:]
    assert refs == ["ZT-2026-0001", "ZT-2026-0003"]


def test_package_list_takes_officer(registry):
    registry("package", "new", "新奥集团")
    registry("package", "new", "华翔物流")
    assert [p["enterprise"] for p in registry.json("package", "list", "--officer", "李专员")] == ["华翔物流有限公司"]
    assert len(registry.json("package", "list")) == 2
