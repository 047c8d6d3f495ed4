"""What a case's history shows, and errors in the officer's language, end to end."""

from __future__ import annotations


def test_history_shows_what_changed(book, tmp_path):
    book("new", "新奥集团", "用地指标", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-24 10:00")
    book("escalate", "ZT-2026-0001", "--to", "major", "--reason", "需请示管委会")
    book("respond", "ZT-2026-0001", "--owner", "王局长", "--plan", "报管委会研究", "--eta", "2026-12-01")
    policy = tmp_path / "p.toml"
    policy.write_text('[major]\nresponse = "48h"\n', encoding="utf-8")
    book("--policy", policy, "recompute", "ZT-2026-0001")
    history = book("show", "ZT-2026-0001").stdout.split("History")[1]
    assert "routine → major  需请示管委会" in history
    assert "who 王局长 · how 报管委会研究 · by 2026-12-01 24:00" in history
    assert "response 48h" in history
    events = book.json("show", "ZT-2026-0001")["events"]
    assert events[2]["data"]["category"] == "major" and events[3]["data"]["owner"] == "王局长"
    book("new", "新奥集团", "x", "-c", "routine", "--at", "2026-11-20 10:00")
    book("resolve", "ZT-2026-0002")
    book("rate", "ZT-2026-0002", "4", "--comment", "满意")
    assert "★★★★☆ 4/5  满意" in book("show", "ZT-2026-0002").stdout


def test_usage_and_os_errors_in_chinese(book, tmp_path):
    for args, expected in [
        (["new"], "错误：缺少参数 ENTERPRISE——参见 zhitong new --help"),
        (["transfer", "ZT-2026-0001", "工管委"], "错误：缺少选项 --reason——参见 zhitong transfer --help"),
        (["resolve", "ZT-2026-0001", "--x"], "错误：没有选项 --x——参见 zhitong resolve --help"),
        (["frobnicate"], "错误：没有命令 'frobnicate'——参见 zhitong --help"),
    ]:
        assert book("--lang", "zh", *args, code=2).stderr.strip() == expected
    missing = tmp_path / "missing.csv"
    assert book("--lang", "zh", "import", missing, code=2).stderr.strip() == f"错误：{missing}：文件或目录不存在"


def test_a_month_day_across_new_year_is_last_year(book):
    case = book.json("new", "新奥集团", "跨年", "-c", "routine", "--at", "12-30 10:00", now="2027-01-02T10:00")
    assert case["received_at"] == "2026-12-30T10:00:00+08:00"
    # the latest 11-26 that has come is last year's; later today is today's, and still the future
    assert book.json("new", "新奥集团", "x", "-c", "routine", "--at", "11-26 10:00")["received_at"] == "2025-11-26T10:00:00+08:00"
    assert "in the future" in book("new", "新奥集团", "x", "-c", "routine", "--at", "11-25 18:00", code=2).stderr
