"""What the officer reads: the history says what each action changed, and a paused case shows
one deadline — the one its time left is counted to — wherever it appears."""

from __future__ import annotations

from datetime import datetime

import pytest

from zhitong.core.instants import ZONE
from zhitong.core.models import Case, EventRecord, Milestone
from zhitong.core.verdicts import Late, late_milestones
from zhitong.edge import language as languages
from zhitong.edge.when import parse_iso
from zhitong.text.views import case_detail, event_summary, overdue_table, pending_table

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=ZONE)


@pytest.fixture(autouse=True)
def english():
    languages.set_language("en")
    yield
    languages.set_language("en")


# -- event_summary: one line per kind ------------------------------------------------------------


def test_escalate_names_the_new_category_and_the_old_one_when_known():
    data = {"category": "major", "limits": {"response": ["24h", "workdays"]}}
    assert event_summary("escalate", "需请示管委会", data, "经济发展局") == "→ major  需请示管委会"
    assert event_summary("escalate", "需请示管委会", data, "经济发展局", previous_category="routine") == "routine → major  需请示管委会"
    assert (
        event_summary("escalate", "需请示管委会", data, None, previous_category="routine", lang="zh") == "一般问题 → 重大问题  需请示管委会"
    )


def test_respond_says_who_how_and_by_when_and_the_plan_once():
    data = {"owner": "陈局长", "plan": "一小时内协调放行", "eta": "2026-11-24T18:00:00+08:00"}
    line = event_summary("respond", "一小时内协调放行", data, "交通运输局")
    assert line == "who 陈局长 · how 一小时内协调放行 · by 2026-11-24 18:00"
    assert (
        event_summary("respond", "一小时内协调放行", data, None, lang="zh")
        == "谁负责：陈局长 · 如何办：一小时内协调放行 · 何时解决：2026-11-24 18:00"
    )
    # a text that is not the plan is kept
    assert event_summary("respond", "另附说明", data, None).endswith("  另附说明")


def test_rate_shows_the_score_and_the_comment():
    assert event_summary("rate", "当天解决", {"rating": 4}, None) == "★★★★☆ 4/5  当天解决"
    assert event_summary("rate", "", {"rating": 5}, None) == "★★★★★ 5/5"


def test_recompute_shows_the_limits_now_in_force():
    limits = {"resolve": ["3d", "calendar"], "response": ["48h", "workdays"]}
    assert event_summary("recompute", "", {"limits": limits}, None) == "response 48h · resolve 3d (calendar)"
    assert event_summary("recompute", "", {"limits": limits}, None, lang="zh") == "答复 48h · 办结 3d (自然日)"


def test_transfer_and_assign_name_the_department_then_the_reason():
    assert event_summary("transfer", "属交通运输局职责", {}, "交通运输局") == "交通运输局  属交通运输局职责"
    assert event_summary("assign", "", {}, "工管委") == "工管委"


def test_other_kinds_and_old_events_without_data_show_their_text():
    assert event_summary("urge", "电话督办", {}, "工管委") == "电话督办"
    assert event_summary("escalate", "需请示", {}, None) == "需请示"  # recorded before data was kept
    assert event_summary("respond", "协调", None, None) == "协调"
    assert event_summary("rate", "", {"rating": "five"}, None) == ""  # never trusts what it cannot read


def test_user_text_in_the_history_is_shown_not_obeyed():
    line = event_summary("respond", "", {"owner": "\x1b[2J张", "plan": "p\u202e", "eta": "not a date"}, None)
    assert "\x1b" not in line and "\u202e" not in line and "not a date" in line


# -- the case card -------------------------------------------------------------------------------


def _case(**changes) -> Case:
    received = parse_iso("2026-11-23T10:00")
    base = Case(
        ref="ZT-2026-0001",
        enterprise="华翔物流有限公司",
        credit_code=None,
        title="华翔路封闭施工",
        detail=None,
        category="major",
        channel="service-group",
        department="经济发展局",
        status="responded",
        received_at=received,
        responded_at=None,
        reported_at=None,
        resolved_at=None,
        filed_at=None,
        owner=None,
        plan=None,
        eta=None,
        rating=None,
        rating_comment=None,
        urges=0,
        transfers=0,
        paused_since=None,
        milestones=(Milestone("response", "24h", "workdays", parse_iso("2026-11-24T10:00"), None, False),),
    )
    return base._replace(**changes)


def test_the_history_of_the_case_card_tells_what_changed():
    at = parse_iso("2026-11-23T10:00")
    events = (
        EventRecord(at, "intake", "张专员", None, "华翔路封闭施工", {"category": "routine", "limits": {}, "channel": "service-group"}),
        EventRecord(at, "assign", "张专员", "经济发展局", ""),
        EventRecord(at, "escalate", "张专员", "经济发展局", "需请示管委会", {"category": "major", "limits": {}}),
        EventRecord(at, "respond", "张专员", "经济发展局", "协调", {"owner": "王局长", "plan": "协调", "eta": "2026-11-30T00:00:00+08:00"}),
        EventRecord(at, "recompute", "张专员", "经济发展局", "", {"limits": {"response": ["48h", "workdays"]}}),
    )
    card = case_detail(_case(events=events), NOW, color=False)
    history = card.split("History")[1]
    assert "routine → major  需请示管委会" in history
    assert "who 王局长 · how 协调 · by 2026-11-29 24:00" in history
    assert "recompute  response 48h" in history
    assert "assign     经济发展局" in history


def test_events_keep_their_data_in_json():
    event = EventRecord(NOW, "rate", "张专员", None, "好", {"rating": 5})
    shown = event.to_json()
    assert set(shown) >= {"at", "kind", "actor", "department", "text"}
    assert shown["data"] == {"rating": 5}
    assert EventRecord(NOW, "note", "张专员", None, "x").to_json()["data"] == {}
    hash(event)  # still usable in sets, as every record is


# -- a paused case shows the deadline its time left counts to -----------------------------------------


class _Calendar:
    """Every second counts (a calendar clock): enough to see where a pause moves a deadline."""

    def elapsed(self, start, end, clock="workdays"):
        return end - start

    def shift(self, due, seconds, clock="workdays"):
        from zhitong.sla import Due

        return Due(due + seconds, False)


def test_pending_shows_the_effective_due_of_a_paused_case_with_its_flag():
    paused = _case(paused_since=parse_iso("2026-11-24T09:00"))  # 24 h before now: the deadline moved a day
    text = pending_table([paused], _Calendar(), NOW, max_width=200, color=False)
    row = text.splitlines()[1]
    assert "11-25 10:00" in row and "11-24 10:00" not in row
    assert "1h" in row and "paused" in row


def test_overdue_shows_the_due_it_counts_from_and_marks_a_paused_case():
    late = _case(paused_since=parse_iso("2026-11-24T11:00"))  # paused after it was already late: nothing moves
    items = late_milestones([late], _Calendar(), NOW)
    assert [item.due for item in items] == [parse_iso("2026-11-24T10:00")]
    text = overdue_table(items, now=NOW, color=False)
    assert "11-24 10:00 (paused)" in text and "23h" in text
    soon = overdue_table([Late(_case(), _case().milestones[0], -3600)], now=NOW, label="left", color=False)
    assert "11-24 10:00" in soon and "(paused)" not in soon


def test_overdue_table_takes_now_from_its_caller():
    item = Late(_case(), _case().milestones[0], 3600)
    assert "2026-11-24 10:00" in overdue_table([item], now=datetime(2027, 1, 5, tzinfo=ZONE), color=False)
    with pytest.raises(TypeError):
        overdue_table([item])  # no hidden clock


def test_pending_end_to_end_shows_one_deadline_for_a_paused_case(book):
    book("new", "新奥集团", "等待企业补充材料", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-24 10:00")
    book("pause", "ZT-2026-0001", "--reason", "等材料", "--at", "2026-11-24 12:00")
    # response was due 11-25 10:00; 21 working hours of pause so far push it to 11-26 07:00
    row = book("pending").stdout.splitlines()[1]
    assert "11-26 07:00" in row and "11-25 10:00" not in row
    assert "22h" in row and "paused" in row
    item = book.json("pending")[0]
    assert item["left_seconds"] == 22 * 3600
