"""Messages as the officer reads them: instants as 2026-12-11 00:00 (never a stored stamp), field
names in the current language (no title不能为空); and a second rating told as a change."""

from __future__ import annotations

import re

import pytest

STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\+08:00")


def _closed_case(book) -> str:
    ref = book("new", "新奥集团", "路灯损坏", "-c", "routine", "--dept", "工管委", "--at", "2026-11-24 10:00").stdout.split()[0]
    book("resolve", ref, "--note", "已更换灯具", "--at", "2026-11-24 15:00")
    return ref


# -- a second rating --------------------------------------------------------------------------------


def test_a_changed_rating_is_its_own_event_and_is_said(book):
    ref = _closed_case(book)
    first = book("rate", ref, "4", "--comment", "满意")
    assert "rating changed" not in first.stderr
    second = book("rate", ref, "2", "--comment", "灯又坏了")
    assert "the rating changed from 4 to 2; the latest counts and the history keeps both" in second.stderr
    case = book.json("show", ref)
    assert case["rating"] == 2 and case["rating_comment"] == "灯又坏了"  # the latest counts
    rates = [event for event in case["events"] if event["kind"] == "rate"]
    assert [event["data"]["rating"] for event in rates] == [4, 2]  # the history keeps both
    assert rates[1]["data"]["previous"] == 4 and "previous" not in rates[0]["data"]
    history = book("show", ref).stdout.split("History")[1]
    assert "★★★★☆ 4/5  满意" in history and "★★☆☆☆ 2/5  (was 4/5)  灯又坏了" in history


def test_a_changed_rating_in_chinese(book):
    ref = _closed_case(book)
    book("rate", ref, "5")
    said = book("--lang", "zh", "rate", ref, "3").stderr
    assert "评价由 5 分改为 3 分；以最新评价为准，办理记录保留两次评价" in said
    assert "（原为 5/5）" in book("--lang", "zh", "show", ref).stdout


def test_the_same_rating_again_is_recorded_and_said(book):
    ref = _closed_case(book)
    book("rate", ref, "4")
    assert "rated 4 again; the history keeps both ratings" in book("rate", ref, "4").stderr
    assert len([e for e in book.json("show", ref)["events"] if e["kind"] == "rate"]) == 2


def test_stats_count_the_latest_rating_only(book):
    ref = _closed_case(book)
    book("rate", ref, "5")
    book("rate", ref, "1")
    (row,) = [row for row in book.json("stats", "--month", "2026-11")["departments"] if row["department"] == "工管委"]
    assert row["ratings"] == 1 and row["mean_rating"] == 1


def test_a_rating_after_a_reopen_is_a_new_round_not_a_change(book):
    ref = _closed_case(book)
    book("rate", ref, "2")  # a poor rating reopens the case as a redo (重办)
    book("resolve", ref, "--note", "再次更换")
    assert "rating changed" not in book("rate", ref, "5").stderr


# -- instants in messages -----------------------------------------------------------------------------


def test_an_at_in_the_future_reads_as_the_officer_writes_it(book):
    for lang, said in (("en", "2026-11-25 15:00 is in the future"), ("zh", "2026-11-25 15:00 晚于当前时间")):
        result = book("--lang", lang, "new", "新奥集团", "x", "-c", "routine", "--at", "today 15:00", code=2)
        assert said in result.stderr and not STAMP.search(result.stderr), result.stderr


def test_before_intake_and_before_the_last_action_read_plainly(book):
    ref = book("new", "新奥集团", "路灯", "-c", "routine", "--at", "2026-11-24 10:00").stdout.split()[0]
    result = book("urge", ref, "--at", "2026-11-24 09:00", code=2)
    assert "2026-11-24 09:00 is before the case was received (2026-11-24 10:00)" in result.stderr
    book("urge", ref, "--at", "2026-11-24 12:00:30")
    result = book("--lang", "zh", "urge", ref, "--at", "2026-11-24 11:00", code=2)
    assert "2026-11-24 11:00 早于该诉求最近一次记录的操作（督办，2026-11-24 12:00:30）" in result.stderr
    assert not STAMP.search(result.stderr)


def test_a_promise_before_intake_reads_plainly(book):
    ref = book("new", "新奥集团", "路灯", "-c", "routine", "--at", "2026-11-24 10:00").stdout.split()[0]
    result = book("respond", ref, "--owner", "张", "--plan", "修", "--eta", "2026-11-23 18:00", code=2)
    assert "the promised date 2026-11-23 18:00 is before the case was received" in result.stderr


def test_an_import_in_the_future_reads_plainly(book, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("企业,标题,类别,受理时间\n新奥集团,路灯,一般,2026-12-11 00:00\n新奥集团,门禁,一般,2026/12/11\n", encoding="utf-8")
    result = book("--lang", "zh", "import", path, code=2)
    assert "第 2 行：2026-12-11 00:00 晚于当前时间" in result.stderr
    assert "第 3 行：2026-12-11 00:00 晚于当前时间" in result.stderr
    assert not STAMP.search(result.stderr), result.stderr


# -- field names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "chinese"),
    [
        (["new", "新奥集团", "  ", "-c", "routine"], "诉求不能为空"),
        (["transfer", "1", "工管委", "--reason", " "], "原因不能为空"),
        (["respond", "1", "--owner", " ", "--plan", "修", "--eta", "周五"], "责任人不能为空"),
        (["respond", "1", "--owner", "张", "--plan", " ", "--eta", "周五"], "办理方式不能为空"),
        (["note", "1", " "], "内容不能为空"),
        (["new", "新奥集团", "x" * 201, "-c", "routine"], "诉求长 201 个字符，上限为 200"),
        (["dept", "add", " "], "名称不能为空"),
    ],
)
def test_field_names_are_told_in_chinese(book, args, chinese):
    book("new", "新奥集团", "路灯", "-c", "routine", "--dept", "经济发展局")
    result = book("--lang", "zh", *args, code=2)
    assert chinese in result.stderr
    assert not re.search(r"[a-z_]{3,}(不能为空|长 )", result.stderr), result.stderr


def test_field_names_stay_english_in_english(book):
    assert "title must not be empty" in book("new", "新奥集团", " ", "-c", "routine", code=2).stderr


def test_import_field_names_in_chinese(book, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("企业,标题,类别,受理时间\n,路灯,一般,2026-11-24 09:00\n新奥集团,,,\n", encoding="utf-8")
    result = book("--lang", "zh", "import", path, code=2)
    assert "第 2 行：缺少企业" in result.stderr
    assert "缺少类别" in result.stderr and "缺少受理时间" in result.stderr and "诉求不能为空" in result.stderr
    assert "received_at" not in result.stderr and "category" not in result.stderr


def test_user_text_that_happens_to_be_a_field_name_is_not_translated(book):
    result = book("--lang", "zh", "show", "title", code=2)
    assert "'title'" in result.stderr


def test_a_header_that_lacks_columns_names_them_in_chinese(book, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("企业,标题\n新奥集团,路灯\n", encoding="utf-8")
    result = book("--lang", "zh", "import", path, code=2)
    assert "表头缺少 类别（category）、受理时间（received_at）" in result.stderr
    assert "line 1: the header lacks category, received_at" in book("import", path, code=2).stderr


def test_every_column_named_in_chinese_is_a_header_the_import_takes():
    from zhitong.edge.import_rows import CASE_ALIASES, CASE_FIELDS, ENTERPRISE_ALIASES, ENTERPRISE_FIELDS, header_key
    from zhitong.text.i18n import tr

    for fields, aliases in ((CASE_FIELDS, CASE_ALIASES), (ENTERPRISE_FIELDS, ENTERPRISE_ALIASES)):
        for field in fields:
            shown = header_key(tr(field, "zh"))
            assert aliases.get(shown, shown) == field, (field, tr(field, "zh"))
