"""Made for the officer: config file, group texts (digest, reply), pictures, completion, help."""

from __future__ import annotations

import json
import os
import re
import stat
import tomllib

import pytest

from zhitong.edge.config import config_file, toml_string

ANSI = re.compile(r"\x1b\[")


# -- config ----------------------------------------------------------------------------------------


def test_config_show_when_nothing_is_set(zt):
    shown = zt.json("config", "show")
    assert shown == {"path": str(config_file()), "settings": dict.fromkeys(["officer", "language", "timezone", "policy", "channel"])}
    table = zt("config", "show").stdout
    assert "officer" in table and "(not set)" in table


def test_config_set_writes_a_private_file_atomically(zt, isolated):
    zt("config", "set", "officer", "张专员")
    path = config_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {"officer": "张专员"}
    zt("config", "set", "language", "ZH")
    zt("config", "set", "timezone", "+08:00")
    zt("config", "set", "channel", "热线")
    assert zt.json("config", "show")["settings"] == {
        "officer": "张专员",
        "language": "zh",
        "timezone": "+08:00",
        "policy": None,
        "channel": "hotline",
    }
    assert sorted(os.listdir(path.parent)) == ["config.toml"]  # no temporary files left behind
    assert "officer set to 张专员" not in zt("config", "set", "officer", "李专员").stdout  # messages go to stderr


@pytest.mark.parametrize(
    "value",
    ['张"专员"', "back\\slash", "tab\there", "line\nbreak", "\x07bell", "=[]# toml ' chars", "🙂 emoji", ""],
)
def test_toml_strings_are_escaped(value):
    assert tomllib.loads(f"officer = {toml_string(value)}")["officer"] == value


def test_config_set_refuses_bad_values_and_writes_nothing(zt, isolated):
    cases = [
        (["language", "fr"], "unknown language 'fr'"),
        (["timezone", "Europe/Berlin"], "must be Asia/Shanghai or +08:00"),
        (["timezone", "UTC"], "must be Asia/Shanghai or +08:00"),
        (["policy", str(isolated / "missing.toml")], "no policy file"),
        (["channel", "email"], "unknown channel 'email'"),
        (["officer", "   "], "must not be empty"),
        (["colour", "red"], "unknown setting 'colour'"),
    ]
    for args, message in cases:
        result = zt("config", "set", *args, code=2)
        assert message in result.stderr, (args, result.stderr)
    bad_policy = isolated / "bad.toml"
    bad_policy.write_text('[routine]\nresponse = "soon"\n', encoding="utf-8")
    assert "policy file" in zt("config", "set", "policy", str(bad_policy), code=2).stderr
    assert not config_file().exists()


def test_config_policy_is_used(zt, isolated):
    policy = isolated / "zone.toml"
    policy.write_text('[routine]\nresponse = "8h"\n', encoding="utf-8")
    zt("config", "set", "policy", str(policy))
    assert zt.json("config", "show")["settings"]["policy"] == str(policy.resolve())
    assert zt.json("policy", "show")["routine"]["response"]["limit"] == "8h"


def test_config_unset(zt):
    zt("config", "set", "language", "zh")
    assert "language removed" in zt("--lang", "en", "config", "unset", "language").stderr
    assert "was not set" in zt("config", "unset", "language").stderr
    assert zt.json("config", "show")["settings"]["language"] is None


def test_the_officer_is_recorded_as_the_actor_and_the_channel_is_the_default(book):
    book("config", "set", "officer", "张专员")
    book("config", "set", "channel", "liaison-group")
    book("new", "新奥集团", "用电增容", "-c", "routine", "-d", "经济发展局")
    case = book.json("show", "ZT-2026-0001")
    assert {event["actor"] for event in case["events"]} == {"张专员"}
    assert case["channel"] == "liaison-group"


def test_a_config_file_with_an_unknown_key_is_reported(zt):
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text('officer = "张"\ncolor = "red"\n', encoding="utf-8")
    assert "unknown key 'color'" in zt("pending", code=2).stderr


def test_a_config_file_with_another_time_zone_is_refused(zt):
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text('timezone = "America/New_York"\n', encoding="utf-8")
    assert "Asia/Shanghai" in zt("pending", code=2).stderr


# -- texts for the WeChat groups -----------------------------------------------------------------


def _day(book):
    """Cases that moved on Wednesday 2026-11-25 (the frozen now is 09:00 that day)."""
    book("new", "新奥集团", "氢能产业园配套电力增容", "-c", "major", "-d", "经济发展局", "--at", "2026-11-20 10:00")
    book(
        "new", "华翔物流", "华翔路封闭施工，货物无法运出，绕行创业路又有限高杆", "-c", "routine", "-d", "工管委", "--at", "2026-11-24 10:00"
    )
    book("new", "华翔物流", "冷库消防验收", "-c", "routine", "-d", "工管委", "--at", "2026-11-25 08:00")
    book("new", "新奥集团", "申报材料咨询", "-c", "consult", "--answer", "按通知准备", "--at", "2026-11-25 08:30")
    book("respond", "ZT-2026-0002", "--owner", "陈局长", "--plan", "一小时内协调放行", "--eta", "today 18:00", "--at", "2026-11-25 08:45")


def test_digest_is_plain_chinese_text_for_the_group(book):
    _day(book)
    text = book("digest").stdout.strip()
    lines = text.splitlines()
    assert lines[0] == "【直通日报】2026-11-25（星期三）"
    assert lines[1] == "新受理 2 件，已答复 1 件，已办结 1 件，今日到期 1 件，超期 1 件"
    assert "一、新受理" in lines and "二、已答复" in lines and "三、已办结" in lines and "四、今日到期" in lines
    assert "1. ZT-2026-0003 华翔物流有限公司：冷库消防验收（工管委）" in lines
    assert any(line.startswith("1. ZT-2026-0002 华翔物流有限公司：华翔路封闭施工") and line.endswith("…（工管委）") for line in lines)
    assert "五、超期（按部门）" in lines and "经济发展局：1 件" in lines
    assert "  ZT-2026-0001 新奥集团：氢能产业园配套电力增容 签收、答复、研究结果反馈" in lines
    assert any(line.startswith("1. ZT-2026-0002 ") and line.endswith(" 答复 10:00 按时、办结 10:00") for line in lines)
    assert "ZT-2026-0004" not in text.split("四、今日到期")[1]  # answered on the spot: nothing falls due
    assert not ANSI.search(text) and not re.search(r"[*#`<>]|\[.*\]\(", text)  # no markup
    assert len(text) <= 1500


def test_digest_in_english_only_when_asked(book, monkeypatch):
    _day(book)
    monkeypatch.setenv("ZHITONG_LANG", "en")  # the officer's own language does not change the group's
    assert book("digest").stdout.startswith("【直通日报】")
    english = book("--lang", "en", "digest").stdout
    assert english.startswith("[Daily digest] 2026-11-25 (Wednesday)")
    assert "New 2 · answered 1 · resolved 1 · due today 1 · overdue 1" in english


def test_digest_for_another_day(book):
    _day(book)
    yesterday = book("digest", "--date", "昨天").stdout
    assert yesterday.startswith("【直通日报】2026-11-24（星期二）")
    assert "ZT-2026-0002" in yesterday and "ZT-2026-0003" not in yesterday
    assert book("digest", "--date", "2026-11-24").stdout == yesterday
    assert "今日无新增" in book("digest", "--date", "2026-11-01").stdout
    assert "two ways" in book("digest", "--date", "11/24", code=2).stderr


def test_digest_json(book):
    _day(book)
    data = book.json("digest")
    assert data["date"] == "2026-11-25"
    assert data["new"] == ["ZT-2026-0003", "ZT-2026-0004"]
    assert data["answered"] == ["ZT-2026-0002"] and data["resolved"] == ["ZT-2026-0004"]
    assert [item["ref"] for item in data["due_today"]] == ["ZT-2026-0002"]
    assert data["due_today"][0]["milestones"][0] == {
        "name": "response",
        "due": "2026-11-25T10:00:00+08:00",
        "met_at": "2026-11-25T08:45:00+08:00",
    }
    assert data["overdue"][0]["department"] == "经济发展局"
    assert [m["name"] for m in data["overdue"][0]["cases"][0]["milestones"]] == ["sign", "response", "feedback"]


def _busy_month(book):
    """_day's cases, and others in every relation to the days around it."""
    _day(book)
    book("new", "新奥集团", "早已办结", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-02 10:00")  # 0005
    book("respond", "ZT-2026-0005", "--owner", "王局长", "--plan", "协调", "--eta", "2026-11-02 18:00", "--at", "2026-11-02 11:00")
    book("resolve", "ZT-2026-0005", "--at", "2026-11-02 12:00")
    book("rate", "ZT-2026-0005", "5", "--at", "2026-11-02 15:00")  # the callback made: nothing left open
    book("new", "新奥集团", "迟来的答复", "-c", "routine", "-d", "工管委", "--at", "2026-11-02 10:00")  # 0006
    book("respond", "ZT-2026-0006", "--owner", "赵主任", "--plan", "排查", "--eta", "2026-11-30", "--at", "2026-11-24 09:00")
    book("new", "华翔物流", "政策不允许的补贴", "-c", "restricted", "-d", "工管委", "--at", "2026-11-16 10:00")  # 0007
    book("respond", "ZT-2026-0007", "--owner", "赵主任", "--plan", "说明原因", "--eta", "2026-11-24", "--at", "2026-11-17 09:00")
    book("file", "ZT-2026-0007", "--reason", "政策限制", "--at", "2026-11-24 15:00")
    book("new", "华翔物流", "用地指标", "-c", "major", "-d", "经济发展局", "--at", "2026-11-16 10:00")  # 0008
    book("respond", "ZT-2026-0008", "--owner", "王局长", "--plan", "请示", "--eta", "2026-11-30", "--at", "2026-11-16 12:00")
    book("report", "ZT-2026-0008", "领导同意", "--at", "2026-11-24 10:00")
    book("resolve", "ZT-2026-0008", "--at", "2026-11-25 08:50")
    book("new", "新奥集团", "等企业补材料", "-c", "routine", "-d", "工管委", "--at", "2026-11-19 10:00")  # 0009
    book("pause", "ZT-2026-0009", "--reason", "等材料", "--at", "2026-11-19 11:00")
    book("new", "新奥集团", "不满意重办", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-03 10:00")  # 0010
    book("resolve", "ZT-2026-0010", "--at", "2026-11-03 11:00")
    book("reopen", "ZT-2026-0010", "--reason", "企业不满意", "--at", "2026-11-24 10:00")


def test_digest_loads_only_the_days_cases_and_lists_what_every_case_would(book, isolated, monkeypatch):
    from datetime import date, timedelta

    from zhitong.edge import when
    from zhitong.storage import queries as store_reports
    from zhitong.store import Store, open_store
    from zhitong.text import views

    _busy_month(book)
    current = when.now()
    store = open_store(isolated / "zhitong.db")
    try:
        everything = store.cases()
        for offset in range(-1, 28):
            day = date(2026, 11, 1) + timedelta(days=offset)
            loaded = store_reports.digest_cases(store, day)
            assert views.digest(loaded, day, store.calendar, current) == views.digest(everything, day, store.calendar, current), day
        today = [case.ref for case in store_reports.digest_cases(store, date(2026, 11, 25))]
        assert "ZT-2026-0005" not in today  # settled on 11-02: never loaded for the 25th
        assert today == sorted(today, key=lambda ref: next(c.received_at for c in everything if c.ref == ref))
    finally:
        store.close()
    expected = {day: book.json("digest", "--date", day) for day in ("2026-11-24", "2026-11-25")}
    assert expected["2026-11-24"]["answered"] == ["ZT-2026-0006"] and expected["2026-11-24"]["resolved"] == ["ZT-2026-0007"]
    assert expected["2026-11-25"]["resolved"] == ["ZT-2026-0008", "ZT-2026-0004"]  # in order of intake

    def every_case(*args, **kwargs):
        raise AssertionError("digest loaded every case")

    monkeypatch.setattr(Store, "cases", every_case)
    assert {day: book.json("digest", "--date", day) for day in expected} == expected


def test_digest_stays_within_1500_characters(book):
    for number in range(60):
        book(
            "new",
            "新奥集团",
            f"第{number}号诉求：厂区周边道路施工影响货车通行，请协调",
            "-c",
            "routine",
            "-d",
            "经济发展局",
            "--at",
            "2026-11-25 08:00",
        )
    text = book("digest").stdout.strip()
    assert len(text) <= 1500
    assert "新受理 60 件" in text
    assert "…等60件" in text


def test_the_reply_for_the_group(book):
    book("new", "华翔物流", "华翔路封闭施工，货物无法运出", "-c", "routine", "-d", "工管委", "--at", "2026-11-25 08:00")
    printed = book("respond", "ZT-2026-0001", "--owner", "陈局长", "--plan", "一小时内协调放行", "--eta", "today 18:00", "--print").stdout
    expected = [
        "【答复】ZT-2026-0001",
        "企业：华翔物流有限公司",
        "诉求：华翔路封闭施工，货物无法运出",
        "责任部门：工管委",
        "责任人：陈局长",
        "办理方式：一小时内协调放行",
        "办结时限：2026-11-25 18:00",
    ]
    assert printed.splitlines() == expected
    assert book("show", "ZT-2026-0001", "--reply").stdout.splitlines() == expected
    assert not ANSI.search(printed)


def test_the_reply_of_an_unanswered_case_says_so(book):
    book("new", "华翔物流", "限高杆", "-c", "routine", "--at", "2026-11-25 08:00")
    reply = book("show", "ZT-2026-0001", "--reply").stdout
    assert "责任人：（尚未答复）" in reply and "办结时限：（尚未答复）" in reply


# -- pictures --------------------------------------------------------------------------------------


def test_show_draws_each_deadline_state(book):
    book("new", "新奥集团", "准时答复的重大问题", "-c", "major", "-d", "经济发展局", "--at", "2026-11-20 10:00")
    book("respond", "ZT-2026-0001", "--owner", "王局长", "--plan", "协调", "--eta", "2026-12-10", "--at", "2026-11-20 15:00")
    book("new", "新奥集团", "跨年的诉求", "-c", "major", "--at", "2026-12-30 10:00", now="2026-12-30T11:00:00+08:00")
    card = book("show", "ZT-2026-0001").stdout
    deadlines = card.split("Deadlines\n", 1)[1].split("\n\n")[0].splitlines()
    assert deadlines[0].strip().startswith("received 11-20 10:00 →")
    states = {line.split()[1]: line for line in deadlines[1:]}
    assert "✔" in states["response"] and " met " in states["response"] and "met at 11-20 15:00" in states["response"]
    assert "✘" in states["feedback"] and " late " in states["feedback"]
    assert "…" in states["resolve"] and " pending " in states["resolve"] and "▲" in states["resolve"]
    later = book("show", "ZT-2026-0002", now="2026-12-30T11:00:00+08:00").stdout
    assert "? feedback" in later and "provisional" in later


def test_calendar_show_draws_month_grids(zt):
    october = zt("calendar", "show", "2026-10").stdout
    lines = october.splitlines()
    assert lines[0] == "2026-10"
    assert lines[1].split() == ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    assert " 1休" in lines[2] and "10班" in october
    assert "休 10-01 – 10-07  National Day" in october and "班 10-10  National Day" in october
    chinese = zt("--lang", "zh", "calendar", "show", "2026-10").stdout
    assert chinese.splitlines()[1].split() == ["一", "二", "三", "四", "五", "六", "日"]
    assert "休 10-01 – 10-07  国庆节" in chinese
    assert "provisional" in zt("calendar", "show", "2027-01").stdout


def test_a_year_stands_three_months_across_when_there_is_room(zt, monkeypatch):
    wide = zt("calendar", "show", "2026").stdout
    assert wide.splitlines()[0].split() == ["2026-01", "2026-02", "2026-03"]
    monkeypatch.setenv("COLUMNS", "40")
    narrow = zt("calendar", "show", "2026").stdout
    titles = [line for line in narrow.splitlines() if line.startswith("2026-")]
    assert titles == [f"2026-{month:02d}" for month in range(1, 13)]  # one month at a time


# -- shell completion --------------------------------------------------------------------------------


def _complete(zt, words: str, *, db=None) -> list[str]:
    line = words.split(" ")
    env = {"_ZHITONG_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(line) - 1)}
    result = zt.runner.invoke(__import__("zhitong.cli", fromlist=["app"]).app, [], env=env, prog_name="zhitong")
    assert result.exit_code == 0, result.output
    return [value for value in result.stdout.splitlines() if value]


def test_completion_offers_refs_departments_and_enterprises(book):
    book("new", "新奥集团", "用电增容", "-c", "routine", "-d", "经济发展局")
    book("new", "华翔物流", "限高杆", "-c", "routine")
    book("resolve", "ZT-2026-0001")
    assert _complete(book, "zhitong show ZT-2026-") == ["ZT-2026-0002", "ZT-2026-0001"]  # open ones first
    assert _complete(book, "zhitong urge ZT-2026-0002") == ["ZT-2026-0002"]
    assert _complete(book, "zhitong assign ZT-2026-0002 ") == ["工管委", "经济发展局"]
    assert _complete(book, "zhitong assign ZT-2026-0002 经") == ["经济发展局"]
    assert _complete(book, "zhitong pending --dept 工") == ["工管委"]
    assert _complete(book, "zhitong new 华") == ["华翔物流有限公司"]
    assert _complete(book, "zhitong list --enterprise 新") == ["新奥集团"]
    assert _complete(book, "zhitong ent show 新") == ["新奥集团"]
    assert _complete(book, "zhitong dept add 经") == []  # a new name: nothing to complete
    assert _complete(book, "zhitong config set la") == ["language"]


def test_completion_of_refs_queries_at_most_50_by_prefix(book, monkeypatch):
    from zhitong.store import Store

    for number in range(60):
        book("new", "新奥集团", f"诉求{number}", "-c", "routine", "--at", "2026-11-20 10:00")
    for ref in ("ZT-2026-0001", "ZT-2026-0002"):
        book("resolve", ref)

    def every_case(*args, **kwargs):
        raise AssertionError("completion loaded every case")

    monkeypatch.setattr(Store, "cases", every_case)
    offered = _complete(book, "zhitong show ZT-2026-")
    assert len(offered) == 50
    assert offered == [f"ZT-2026-{n:04d}" for n in range(3, 53)]  # open ones first, by ref
    assert _complete(book, "zhitong show ZT-2026-000") == [f"ZT-2026-{n:04d}" for n in range(3, 10)] + ["ZT-2026-0001", "ZT-2026-0002"]
    assert _complete(book, "zhitong show ZT-2026-00_") == [] and _complete(book, "zhitong show %") == []


def test_completion_reads_the_database_the_command_line_names(book, isolated):
    other = isolated / "other.db"
    assert _complete(book, f"zhitong --db {other} show ZT") == []
    assert not other.exists()  # completion never creates a database
    book("--db", str(other), "dept", "add", "双创办")
    assert _complete(book, f"zhitong --db {other} assign ZT-2026-0001 ") == ["双创办"]
    (isolated / "junk.db").write_text("not a database")
    assert _complete(book, f"zhitong --db {isolated / 'junk.db'} show ZT") == []


def test_install_completion_is_offered(zt):
    assert "--install-completion" in zt("--help").stdout


# -- help -----------------------------------------------------------------------------------------------


def test_help_groups_the_commands(zt):
    text = zt("--help").stdout
    headings = [line.rstrip(":") for line in text.splitlines() if re.fullmatch(r"[A-Z][a-z ]+:", line)]
    order = [h for h in headings if h not in ("Options", "Usage", "Example")]
    assert order[: len(order)] == sorted(
        order, key=["Getting started", "Cases", "Views", "Reports", "Records", "Calendar", "Maintenance", "Service packages"].index
    )
    assert {"Cases", "Views", "Reports", "Records", "Calendar", "Maintenance"} <= set(order)
    sections = dict(re.findall(r"\n([A-Z][a-z ]+):\n((?:  .*\n?)+)", text))
    assert "  digest" in sections["Reports"] and "  config" in sections["Maintenance"]
    assert "  new " in sections["Cases"] and "  pending" in sections["Views"]
    assert "Commands:" not in text  # every command has its group


@pytest.mark.parametrize("command", [("config",), ("config", "show"), ("config", "set"), ("config", "unset"), ("digest",)])
def test_new_commands_have_an_example(zt, command):
    text = zt(*command, "--help").stdout
    block = text.split("Example:", 1)[1]
    assert "zhitong " + " ".join(command) in block


def test_json_of_config_show_is_machine_readable(zt):
    assert json.loads(zt("config", "show", "--json").stdout)["settings"]["officer"] is None
