"""Policies delivered to the door: the catalogue, tags, who is entitled, who has been told."""

from __future__ import annotations

import pytest
from conftest import error_line

from zhitong.core.packages import effective_tags, entitled, valid_on

POLICY = ("--dept", "经济发展局", "--contact", "刘科长", "--phone", "0316-2912301", "--how", "登录企业服务平台申报")


@pytest.fixture
def catalogue(book):
    book("fund", "add", "企业云服务专项资金", "--budget", "1000万")
    book("ent", "tag", "新奥集团", "高新技术企业", "专精特新")
    assert book("benefit", "add", "高新技术企业认定奖励", *POLICY, "--for", "高新技术企业").stdout.strip() == "1"
    book("benefit", "add", "企业上云补贴", *POLICY, "--for", "规上企业", "--until", "2026-12-31", "--fund", "企业云")
    book("benefit", "add", "过期政策", *POLICY, "--until", "2026-11-24")
    book("benefit", "add", "专精特新小巨人奖励", *POLICY, "--for", "专精特新", "--for", "重点企业")
    book("package", "new", "新奥集团")
    return book


def test_the_catalogue_lists_each_policy_with_its_id_and_title(catalogue):
    listed = catalogue.json("benefit", "list")
    assert [(b["id"], b["title"]) for b in listed] == [
        (1, "高新技术企业认定奖励"),
        (2, "企业上云补贴"),
        (3, "过期政策"),
        (4, "专精特新小巨人奖励"),
    ]
    shown = catalogue.json("benefit", "show", "2")
    assert shown["for"] == ["规上企业"] and shown["until"] == "2026-12-31" and shown["fund"] == "企业云服务专项资金"
    error_line(catalogue("benefit", "show", "9", code=2), "no policy 9 in the catalogue")


def test_match_lists_what_is_due_valid_and_not_yet_in_the_package(catalogue):
    # the group (规上企业: service) and the key flag count as tags; an expired policy is left out
    assert [b["id"] for b in catalogue.json("benefit", "match", "新奥集团")] == [1, 2, 4]
    # 华翔 is liaison, untagged, not key: only what is for everyone, and that has expired
    assert catalogue.json("benefit", "match", "华翔物流") == []
    ref = catalogue("package", "add", "新奥集团", "--benefit", "1").stdout.split()[0]
    item = catalogue.json("package", "show", "新奥集团")["items"][0]
    assert item["ref"] == ref and item["kind"] == "policy" and item["title"] == "高新技术企业认定奖励"
    assert (item["department"], item["contact"], item["how"]) == ("经济发展局", "刘科长", "登录企业服务平台申报")
    assert catalogue.json("show", ref)["resolve_due"] == "2026-12-10T00:00:00+08:00"  # 10 working days
    assert [b["id"] for b in catalogue.json("benefit", "match", "新奥集团")] == [2, 4]
    error_line(catalogue("package", "add", "新奥集团", "--benefit", "1", code=2), "the policy is already in PKG-2026-01")
    # a policy with a fund: --amount alone applies to it
    catalogue("package", "add", "新奥集团", "--benefit", "2", "--amount", "5万")
    assert catalogue.json("fund", "show", "企业云")["applied"] == "50000.00"


def test_reach_tells_who_has_been_told_and_who_not(catalogue):
    catalogue("ent", "add", "廊坊云科技有限公司")
    catalogue("package", "add", "新奥集团", "--benefit", "2")
    reach = catalogue.json("benefit", "reach", "2")
    assert reach["entitled"] == 2 and reach["told"] == ["新奥集团"] and reach["not_told"] == ["廊坊云科技有限公司"]
    assert "1 of 2 entitled enterprises told" in catalogue("benefit", "reach", "2").stdout


def test_tags_are_added_and_removed(book):
    book("ent", "tag", "新奥集团", "高新技术企业，专精特新")
    result = book("ent", "tag", "新奥集团", "专精特新", "--remove")
    assert "高新技术企业" in result.stderr and "专精特新" not in result.stderr


def test_entitlement_rules():
    tags = effective_tags(["高新技术企业"], "service", True)
    assert {"规上企业", "service", "重点企业", "高新技术企业"} <= tags
    assert entitled(["高新技术企业", "规上企业"], tags) and not entitled(["专精特新"], tags)
    assert entitled([], frozenset())
    assert "包联帮扶企业" in effective_tags([], "liaison", False) and "重点企业" not in effective_tags([], "liaison", False)
    assert valid_on("2026-12-31", "2026-12-31") and not valid_on("2026-12-31", "2027-01-01") and valid_on(None, "2099-01-01")
