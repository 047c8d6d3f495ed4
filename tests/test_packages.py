"""Service packages and special funds, end to end: items are cases, money is exact, refusals change nothing."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import error_line

ADD = ("--dept", "经济发展局", "--contact", "刘科长", "--phone", "0316-2912301")


@pytest.fixture
def funded(book):
    book("fund", "add", "企业云服务专项资金", "--budget", "1000万", "--dept", "经济发展局")
    book("package", "new", "新奥集团", "--title", "新奥集团综合服务包", "--leader", "王主任")
    return book


def counts(tmp_path) -> tuple[int, int, int]:
    with sqlite3.connect(tmp_path / "zhitong.db") as conn:
        return tuple(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in ("events", "package_items", "payments"))


def test_a_fund_is_shown_in_exact_yuan(book):
    book("fund", "add", "企业云服务专项资金", "--budget", "10,000,000.00")
    shown = book.json("fund", "show", "企业云")
    assert shown["budget"] == "10000000.00" and shown["budget_fen"] == 1_000_000_000
    assert shown["paid"] == "0.00" and shown["remaining"] == "10000000.00" and shown["enterprises_paid"] == 0
    assert "budget: 10,000,000 yuan" in book("fund", "show", "企业云").stdout


def test_package_new_prints_its_id_and_makes_a_key_enterprise(book):
    result = book("package", "new", "华翔物流", "--leader", "李副主任")
    assert result.stdout.strip() == "PKG-2026-01"
    assert book("package", "new", "新奥集团").stdout.strip() == "PKG-2026-02"
    listed = {e["name"]: e for e in book.json("ent", "list")}
    assert listed["华翔物流有限公司"]["key"] is True
    shown = book.json("package", "show", "PKG-2026-01")
    assert shown["leader"] == "李副主任" and shown["enterprise"] == "华翔物流有限公司" and shown["items"] == []
    error_line(book("package", "new", "华翔物流", code=2), "already has the package PKG-2026-01")


def test_items_are_cases_with_the_deadline_as_their_resolve_milestone(funded):
    ref = funded(
        "package", "add", "新奥集团", "--kind", "policy", "高新技术企业认定奖励", *ADD, "--due", "10d", "--how", "登录平台申请"
    ).stdout.split()[0]
    assert ref == "ZT-2026-0001"
    other = funded("package", "add", "PKG-2026-01", "--kind", "专项措施", "用电增容", *ADD, "--due", "2026-11-26 18:00").stdout.split()[0]
    case = funded.json("show", ref)
    assert case["channel"] == "package" and case["department"] == "经济发展局" and case["status"] == "assigned"
    assert [m["name"] for m in case["milestones"]] == ["resolve"]
    # 10 working days after Wednesday 2026-11-25: due at the end of Wednesday 2026-12-09
    assert case["resolve_due"] == "2026-12-10T00:00:00+08:00"
    assert funded.json("show", other)["resolve_due"] == "2026-11-26T18:00:00+08:00"
    # the daily views hold them with everything else, and --channel package narrows to them
    funded("new", "华翔物流", "华翔路封路", "--category", "routine")
    assert {c["ref"] for c in funded.json("pending", "--channel", "package")} == {ref, other}
    assert len(funded.json("pending")) == 3
    late = funded.json("overdue", "--channel", "服务包", now="2026-11-27T09:00:00+08:00")
    assert [item["ref"] for item in late] == [other]
    shown = funded.json("package", "show", "新奥集团", now="2026-11-27T09:00:00+08:00")
    assert [item["ref"] for item in shown["items"]] == [ref, other]
    assert shown["items"][0]["contact"] == "刘科长" and shown["items"][0]["how"] == "登录平台申请"
    assert (shown["done"], shown["open"], shown["overdue"]) == (0, 2, 1)
    # the same lifecycle: an item is resolved like any case
    funded("resolve", ref, "--note", "已兑现")
    listed = funded.json("package", "list")
    assert listed[0]["id"] == "PKG-2026-01" and (listed[0]["done"], listed[0]["open"]) == (1, 1)


def test_a_deadline_beyond_the_calendar_is_provisional(funded):
    ref = funded("package", "add", "新奥集团", "--kind", "policy", "x", *ADD, "--due", "30d").stdout.split()[0]
    assert funded.json("show", ref)["provisional"] is True
    assert funded.json("package", "show", "新奥集团")["items"][0]["provisional"] is True


def test_disbursements_never_pass_the_application_nor_the_budget(funded, tmp_path):
    ref = funded(
        "package", "add", "新奥集团", "--kind", "policy", "上云补贴", *ADD, "--due", "10d", "--fund", "企业云", "--amount", "30万"
    ).stdout.split()[0]
    funded("fund", "pay", ref, "--amount", "10万")
    funded("fund", "pay", ref, "--amount", "150,000.50")
    shown = funded.json("fund", "show", "企业云服务专项资金")
    assert shown["applied"] == "300000.00" and shown["paid"] == "250000.50" and shown["remaining"] == "9749999.50"
    assert shown["enterprises_paid"] == 1
    assert [e["kind"] for e in funded.json("show", ref)["events"]][-2:] == ["pay", "pay"]
    before = counts(tmp_path)
    error_line(funded("fund", "pay", ref, "--amount", "50000", code=2), "more than applied for")
    error_line(funded("fund", "pay", ref, "--amount", "1.234", code=2), "not an amount of money")
    plain = funded("package", "add", "新奥集团", "--kind", "measure", "y", *ADD, "--due", "10d").stdout.split()[0]
    before = counts(tmp_path)
    error_line(funded("fund", "pay", plain, "--amount", "1", code=2), "applied to no fund")
    # an application larger than what remains of the budget is refused, and nothing is written
    error_line(
        funded("package", "add", "新奥集团", "--kind", "policy", "z", *ADD, "--due", "10d", "--fund", "企业云", "--amount", "1亿", code=2),
        "more than the 企业云服务专项资金 has left",
    )
    assert counts(tmp_path) == before
    assert funded.json("pending", "--channel", "package")[-1]["ref"] == plain


def test_payments_are_append_only(funded, tmp_path):
    ref = funded(
        "package", "add", "新奥集团", "--kind", "policy", "上云补贴", *ADD, "--due", "10d", "--fund", "企业云", "--amount", "30万"
    ).stdout.split()[0]
    funded("fund", "pay", ref, "--amount", "10万")
    with sqlite3.connect(tmp_path / "zhitong.db") as conn:
        for sql in ("UPDATE payments SET amount_fen = 1", "DELETE FROM payments"):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                conn.execute(sql)
    assert funded("check").exit_code == 0


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--kind", "gift", "x", *ADD, "--due", "10d"), "unknown item kind"),
        (("x", *ADD, "--due", "10d"), "--kind is required"),
        (("--kind", "policy", "x", *ADD), "--due is required"),
        (("--kind", "policy", "x", *ADD, "--due", "soon"), "neither a time limit nor an instant"),
        (("--kind", "policy", "x", *ADD, "--due", "2026-11-20 10:00"), "is not after"),
        (("--kind", "policy", "x", *ADD, "--due", "10d", "--fund", "企业云"), "--fund and --amount go together"),
        (("--kind", "policy", "x", *ADD, "--due", "10d", "--fund", "nofund", "--amount", "1"), "no fund 'nofund'"),
        (("--kind", "policy", "x", "--dept", "经济发展局", "--phone", "1", "--due", "10d"), "contact is required"),
    ],
)
def test_bad_items_are_refused_with_nothing_written(funded, tmp_path, args, expected):
    before = counts(tmp_path)
    error_line(funded("package", "add", "新奥集团", *args, code=2), expected)
    assert counts(tmp_path) == before


def test_unknown_packages_are_named(funded):
    error_line(funded("package", "show", "PKG-2026-09", code=2), "no package 'PKG-2026-09'")
    error_line(funded("package", "show", "华翔物流", code=2), "华翔物流有限公司 has no service package")


def test_the_letter_tells_each_item_in_chinese(funded, tmp_path):
    funded(
        "package", "add", "新奥集团", "--kind", "policy", "高新技术企业认定奖励", *ADD, "--due", "10d", "--how", "登录企业服务平台提交申请"
    )
    letter = funded("package", "letter", "新奥集团").stdout
    for text in (
        "新奥集团综合服务包（PKG-2026-01）",
        "高新技术企业认定奖励",
        "办理方式：登录企业服务平台提交申请",
        "联系人：刘科长",
        "联系电话：0316-2912301",
        "办理时限：2026-12-10 00:00",
        "包联领导：王主任",
    ):
        assert text in letter
    target = tmp_path / "letter.txt"
    funded("package", "letter", "PKG-2026-01", "-o", target)
    assert target.read_text(encoding="utf-8") == letter
    assert "How: 登录企业服务平台提交申请" in funded("--lang", "en", "package", "letter", "新奥集团").stdout


def test_recompute_keeps_an_items_own_deadline(funded, tmp_path):
    ref = funded("package", "add", "新奥集团", "--kind", "policy", "x", *ADD, "--due", "10d").stdout.split()[0]
    funded("new", "华翔物流", "华翔路封路", "--category", "routine")
    policy = tmp_path / "policy.toml"
    policy.write_text('[routine]\nresponse = "8h"\nresolve = "48h"\n', encoding="utf-8")
    funded("--policy", policy, "recompute", "--all")
    assert funded.json("show", ref)["resolve_due"] == "2026-12-10T00:00:00+08:00"
    assert funded.json("show", "ZT-2026-0002")["resolve_due"] != "2026-11-26T09:00:00+08:00"


def test_items_show_in_every_view_with_everything_else(funded):
    ref = funded("package", "add", "新奥集团", "--kind", "policy", "高新技术企业认定奖励", *ADD, "--due", "4h").stdout.split()[0]
    funded("new", "华翔物流", "华翔路封路", "--category", "routine", "--dept", "经济发展局")
    assert [c["ref"] for c in funded.json("due", "--within", "8h", "--channel", "package")] == [ref]
    assert [c["ref"] for c in funded.json("list", "--channel", "综合服务包")] == [ref]
    assert [c["ref"] for c in funded.json("search", "高新技术", "--channel", "package")] == [ref]
    assert ref in funded.json("digest")["new"]
    exported = funded("export", "--channel", "package").stdout
    assert ref in exported and "ZT-2026-0002" not in exported
    assert sum(row["received"] for row in funded.json("stats")["departments"]) == 2


def test_the_pure_rules():
    from datetime import datetime, timedelta

    from zhitong.core import packages as rules
    from zhitong.core.errors import InputError, RefusedError

    assert rules.package_ref(2026, 1) == "PKG-2026-01" and rules.package_ref_parts("pkg-2026-1") == (2026, 1)
    assert rules.package_ref_parts("新奥集团") is None
    start = datetime.fromisoformat("2026-11-25T09:00:00+08:00")
    assert rules.limits_until(start, start + timedelta(hours=33)) == {"resolve": ["1980m", "calendar"]}
    with pytest.raises(InputError):
        rules.limits_until(start, start)
    assert rules.progress([(True, False), (False, True), (False, False)]) == rules.Progress(1, 2, 1)
    fund = rules.FundTotals("云", budget=1000, applied=900, paid=800, enterprises_paid=1)
    assert fund.remaining == 200
    rules.check_payment(fund, 300, 100, 200, "ZT-2026-0001")  # up to the application and the budget exactly
    for applied, paid, amount in ((300, 100, 201), (None, 0, 1), (1000, 0, 201)):
        with pytest.raises(RefusedError):
            rules.check_payment(fund, applied, paid, amount, "ZT-2026-0001")
    rules.check_application(fund, 200)
    with pytest.raises(RefusedError):
        rules.check_application(fund, 201)
