"""Short references: 7, 0007, 2026-7, 26-7 and lower case are the full ZT-2026-0007, in every
command; a bare number is the current year's (the frozen clock's); an unknown one names the
nearest that exist."""

from __future__ import annotations

import pytest


@pytest.fixture
def seven(book, built_once):
    """Cases ZT-2026-0001 … ZT-2026-0007 and one of 2025 (ZT-2025-0001)."""

    def steps():
        book("new", "新奥集团", "去年的", "-c", "routine", "--at", "2025-12-30 10:00")
        for number in range(1, 8):
            book("new", "新奥集团", f"第{number}件", "-c", "routine", "--at", "2026-11-24 10:00")

    built_once(steps)
    return book


@pytest.mark.parametrize(
    "typed",
    [
        "ZT-2026-0007",
        "zt-2026-0007",
        "zt-2026-7",
        "2026-7",
        "2026-0007",
        "26-7",
        "0007",
        "7",
        "ZT-7",
        "ZT20260007",
        "ｚｔ－２０２６－０００７",
        " 7 ",
    ],
)
def test_every_short_form_is_the_full_reference(seven, typed):
    assert seven.json("show", typed)["ref"] == "ZT-2026-0007"


def test_a_bare_number_is_the_current_years(seven):
    assert seven.json("show", "1")["title"] == "第1件"
    # in 2025 (by the clock), 1 is last year's case
    assert seven.json("show", "1", now="2025-12-31T09:00")["title"] == "去年的"
    assert seven.json("show", "25-1")["title"] == "去年的"


def test_actions_take_short_references(seven):
    seven("assign", "7", "工管委")
    seven("urge", "26-7", "--note", "电话督办")
    seven("respond", "2026-7", "--owner", "张科长", "--plan", "更换", "--eta", "周五")
    case = seven.json("show", "ZT-2026-0007")
    assert case["department"] == "工管委" and case["urges"] == 1 and case["status"] == "responded"
    assert "ZT-2026-0007 urged" in seven("urge", "0007").stderr  # the message names the full reference


def test_recompute_takes_short_references(seven, tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text('[routine]\nresponse = "48h"\n', encoding="utf-8")
    assert "1 cases recomputed" in seven("--policy", policy, "recompute", "3").stderr
    assert seven.json("show", "3")["milestones"][0]["limit"] == "48h"


def test_an_unknown_reference_names_the_nearest(seven):
    result = seven("show", "9", code=2)
    assert "no case '9'; the nearest are ZT-2026-0005, ZT-2026-0006, ZT-2026-0007" in result.stderr
    result = seven("--lang", "zh", "show", "2026-20", code=2)
    assert "没有编号为 '2026-20' 的诉求；最接近的是 ZT-2026-0005, ZT-2026-0006, ZT-2026-0007" in result.stderr
    # the same number in another year is near too
    assert "ZT-2025-0001" in seven("show", "2024-1", code=2).stderr


def test_an_unknown_reference_in_an_empty_book_says_how_to_list(zt):
    result = zt("show", "7", code=2)
    assert "no case '7' — list them with zhitong list" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("typed", ["ZT-2026-", "seven", "2026-7-1", "ZT-1999-0001x", ""])
def test_what_is_no_reference_is_refused(seven, typed):
    assert "no case" in seven("show", typed, code=2).stderr


def test_an_action_on_an_unknown_reference_writes_nothing(seven):
    before = seven.json("show", "7")["events"]
    seven("urge", "17", code=2)
    assert seven.json("show", "7")["events"] == before
