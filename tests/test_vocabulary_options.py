"""One vocabulary in both languages: every category, channel, status, group, milestone, clock
and day kind reads by its English key, by exactly the Chinese the tables print, and by its
aliases, in every option, importer and policy file alike; errors list the choices in the
officer's language; `list --open` is every case not yet closed."""

from __future__ import annotations

import pytest

from zhitong.core import vocabulary
from zhitong.core.errors import InputError
from zhitong.core.normalize import normalize
from zhitong.text.catalog import CATALOG
from zhitong.text.i18n import message, tr

TYPED_WORDS = [(kind, word) for kind, (words, _aliases, _noun) in vocabulary.TYPED.items() for word in words]


@pytest.mark.parametrize(("kind", "word"), TYPED_WORDS)
def test_every_word_reads_by_its_key_and_by_what_the_tables_print(kind, word):
    assert vocabulary.parse(kind, word) == word
    assert vocabulary.parse(kind, word.upper()) == word
    assert vocabulary.parse(kind, tr(word, "zh")) == word  # the catalogue's Chinese, as shown
    assert vocabulary.parse(kind, f"  {tr(word, 'zh')} ") == word


@pytest.mark.parametrize("kind", vocabulary.TYPED)
def test_each_alias_is_defined_once_and_names_one_word(kind):
    words, aliases, _noun = vocabulary.TYPED[kind]
    shown = {vocabulary.CHINESE[word] for word in words}
    for alias, word in aliases.items():
        assert word in words, (alias, word)
        assert alias not in shown, f"{alias!r} is already the Chinese the tables print: no alias needed"
        assert alias not in words
        assert normalize(alias).lower() == alias, "aliases are written folded, as lookup reads them"


def test_the_catalogue_takes_the_vocabulary_whole():
    for word, chinese in vocabulary.CHINESE.items():
        assert CATALOG[word] == chinese


@pytest.mark.parametrize(
    ("kind", "typed", "word"),
    [
        ("category", "一般", "routine"),
        ("category", "政策咨询类", "consult"),
        ("category", "需请示解决的重大问题", "major"),
        ("channel", '政企服务"直通"群', "service-group"),  # as the article writes it
        ("channel", "政企服务“直通”群", "service-group"),
        ("channel", "政企服务专线 2912345", "hotline"),
        ("channel", "专线", "hotline"),
        ("channel", "service group", "service-group"),
        ("channel", "SERVICE_GROUP", "service-group"),
        ("status", "办结", "resolved"),
        ("status", "待交办", "open"),
        ("group", "规上", "service"),
        ("group", "包联帮扶", "liaison"),
        ("milestone", "研究结果", "feedback"),
        ("clock", "7×24", "calendar"),
        ("day kind", "休", "holiday"),
        ("day kind", "调休上班", "workday"),
        ("channel", "ｈｏｔｌｉｎｅ", "hotline"),  # full width
    ],
)
def test_aliases(kind, typed, word):
    assert vocabulary.parse(kind, typed) == word


@pytest.mark.parametrize(
    ("kind", "english", "chinese"),
    [
        (
            "category",
            "use one of: consult, routine, major, restricted",
            "可选：政策咨询（consult）、一般问题（routine）、重大问题（major）、政策限制（restricted）",
        ),
        ("channel", "use one of: service-group, liaison-group, hotline, visit, package", "政企服务专线（hotline）"),
        ("status", "use one of: open, assigned, responded, reported, resolved, filed", "已办结（resolved）"),
        ("group", "unknown enterprise group 'x'", "未知的企业类型 'x'——可选：规上企业（service）、包联帮扶企业（liaison）"),
        ("clock", "use one of: workdays, calendar", "工作日（workdays）、自然日（calendar）"),
    ],
)
def test_errors_list_the_choices_in_the_officers_language(kind, english, chinese):
    with pytest.raises(InputError) as caught:
        vocabulary.parse(kind, "x")
    assert english in message(caught.value, "en")
    assert chinese in message(caught.value, "zh")


# -- end to end: the options ------------------------------------------------------------------------


def _case(book, *args):
    return book.json("new", "新奥集团", "路灯损坏", *args)


def test_the_channel_show_prints_is_taken_by_list(book):
    _case(book, "-c", "routine", "--channel", "hotline")
    shown = book("--lang", "zh", "show", "1").stdout
    assert "政企服务专线" in shown
    assert [c["channel"] for c in book.json("list", "--channel", "政企服务专线")] == ["hotline"]
    assert book.json("list", "--channel", "综合服务包") == []


@pytest.mark.parametrize("channel", vocabulary.CHANNELS)
def test_every_channel_by_its_chinese_in_new_and_list(book, channel):
    chinese = tr(channel, "zh")
    assert _case(book, "-c", "一般问题", "--channel", chinese)["channel"] == channel
    assert [c["channel"] for c in book.json("list", "--channel", chinese)] == [channel]
    assert [c["channel"] for c in book.json("pending", "--channel", chinese)] == [channel]


def test_status_by_its_chinese(book):
    ref = _case(book, "-c", "routine", "--dept", "工管委")["ref"]
    book("resolve", ref, "--note", "已修复")
    _case(book, "-c", "routine")
    assert [c["status"] for c in book.json("list", "--status", "已办结")] == ["resolved"]
    assert [c["status"] for c in book.json("list", "--status", "已受理")] == ["open"]
    assert [c["status"] for c in book.json("list", "--status", "OPEN")] == ["open"]


def test_list_open_is_every_state_not_closed(book):
    statuses = []
    for step in ("open", "assigned", "responded", "resolved"):
        ref = _case(book, "-c", "routine", "--at", "8:00")["ref"]
        if step != "open":
            book("assign", ref, "工管委")
        if step in ("responded", "resolved"):
            book("respond", ref, "--owner", "张科长", "--plan", "修", "--eta", "周五")
        if step == "resolved":
            book("resolve", ref)
        statuses.append(step)
    assert sorted(c["status"] for c in book.json("list", "--open")) == ["assigned", "open", "responded"]
    assert [c["status"] for c in book.json("list", "--status", "open")] == ["open"]  # still: not yet assigned
    assert [c["status"] for c in book.json("list", "--open", "--status", "已交办")] == ["assigned"]
    result = book("list", "--open", "--status", "已办结", code=2)
    assert "--open and --status resolved cannot be combined" in result.stderr


def test_category_by_every_name_the_tables_print(book):
    for category in vocabulary.CATEGORIES:
        assert _case(book, "-c", tr(category, "zh"))["category"] == category
    assert len(book.json("list", "--category", "重大问题")) == 1
    assert len(book.json("list", "--category", "一般")) == 1


def test_ent_add_group_by_its_chinese(book):
    book("ent", "add", "某某科技有限公司", "--group", "包联帮扶企业")
    book("ent", "add", "某某制造有限公司", "--group", "规上企业")
    groups = {e["name"]: e["group"] for e in book.json("ent", "list")}
    assert groups["某某科技有限公司"] == "liaison" and groups["某某制造有限公司"] == "service"


def test_ent_add_unknown_group_lists_the_choices_in_chinese(book):
    result = book("--lang", "zh", "ent", "add", "某某公司", "--group", "小微", code=2)
    assert "规上企业（service）、包联帮扶企业（liaison）" in result.stderr


def test_unknown_channel_in_chinese_lists_chinese_names(book):
    result = book("--lang", "zh", "list", "--channel", "微信", code=2)
    assert "未知的渠道 '微信'" in result.stderr
    assert "政企服务直通群（service-group）" in result.stderr and "综合服务包（package）" in result.stderr
    result = book("list", "--channel", "wechat", code=2)
    assert "use one of: service-group, liaison-group, hotline, visit, package" in result.stderr


def test_imports_read_what_the_tables_print(book, tmp_path):
    cases = tmp_path / "cases.csv"
    cases.write_text(
        '企业,标题,类别,渠道,受理时间\n新奥集团,路灯,一般问题,政企服务专线,2026-11-24 09:30\n新奥集团,用地,重大问题,政企服务""直通""群,2026-11-24 10:00\n',
        encoding="utf-8",
    )
    book("import", cases)
    assert [(c["category"], c["channel"]) for c in book.json("list")] == [("routine", "hotline"), ("major", "service-group")]
    enterprises = tmp_path / "ents.csv"
    enterprises.write_text("企业名称,分组\n某某科技有限公司,包联帮扶企业\n某某制造有限公司,规上企业\n", encoding="utf-8")
    book("ent", "import", enterprises)
    groups = {e["name"]: e["group"] for e in book.json("ent", "list")}
    assert groups["某某科技有限公司"] == "liaison" and groups["某某制造有限公司"] == "service"


def test_day_kinds_and_clocks_in_chinese(zt):
    zt("calendar", "set", "2027-02-06", "班", "--name", "春节调休")
    zt("calendar", "set", "2027-02-08", "放假")
    assert zt.json("deadline", "24h", "--from", "2027-02-05 10:00")["due"] == "2027-02-06T10:00:00+08:00"
    assert zt.json("deadline", "24h", "--from", "2027-02-05 10:00", "--clock", "自然日")["clock"] == "calendar"
    result = zt("--lang", "zh", "deadline", "24h", "--clock", "农历", code=2)
    assert "未知的计时方式 '农历'" in result.stderr and "工作日（workdays）" in result.stderr


def test_a_policy_file_in_chinese(zt, tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text('["一般问题"]\n"答复" = "4小时"\n"办结" = { limit = "两天", clock = "自然日" }\n', encoding="utf-8")
    shown = zt.json("--policy", policy, "policy", "show")
    assert shown["routine"] == {
        "sign": {"limit": "1d", "clock": "workdays"},
        "response": {"limit": "4h", "clock": "workdays"},
        "resolve": {"limit": "2d", "clock": "calendar"},
        "callback": {"limit": "1d", "clock": "workdays"},
    }
    policy.write_text('["一般问题"]\n"批复" = "4小时"\n', encoding="utf-8")
    result = zt("--lang", "zh", "--policy", policy, "policy", "show", code=2)
    assert "第 2 行" in result.stderr and "答复（response）" in result.stderr


def test_help_names_the_chinese_choices(zt):
    listing = zt("list", "--help").stdout
    assert "已办结" in listing and "--open" in listing
    assert "包联帮扶企业" in zt("ent", "add", "--help").stdout
