"""Two complete interface languages: every message has its Chinese, every stored word reads
naturally in Chinese, and what machines read (JSON) stays English whatever the language.

When you add a message, add its Chinese to zhitong/text/catalog.py CATALOG; the first test lists what
is missing, with the file and line.
"""

from __future__ import annotations

import ast
import functools
import json
from pathlib import Path

import pytest

from zhitong.core import errors, vocabulary
from zhitong.core.vocabulary import VOCABULARY
from zhitong.edge import language as languages
from zhitong.text import i18n
from zhitong.text.catalog import CATALOG
from zhitong.text.i18n import message, placeholders, tr

SOURCES = Path(i18n.__file__).parent.parent

# What passes a template on to tr(): the error classes (first argument and hint=), say(), tr()
# with a literal, message=/label=/advice= keywords, and (template, fields) pairs.
TEMPLATE_KEYWORDS = ("message", "label", "advice")


def _error_classes(trees) -> set[str]:
    names, changed = {"ZhitongError"}, True
    while changed:
        changed = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names:
                    bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", None) for b in node.bases}
                    if bases & names:
                        names.add(node.name)
                        changed = True
    return names


def _literal(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


@functools.cache  # the sources are read once a session: two tests ask
def templates() -> dict[str, str]:
    """Every message template in zhitong's sources → where it first appears (file:line)."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in sorted(SOURCES.rglob("*.py"))}
    errors = _error_classes(trees)
    found: dict[str, str] = {}
    for path, tree in trees.items():
        for node in ast.walk(tree):
            texts = []
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
                if (name in errors or name in ("say", "tr")) and node.args:
                    texts.append(_literal(node.args[0]))
                for keyword in node.keywords:
                    if keyword.arg in TEMPLATE_KEYWORDS or (keyword.arg == "hint" and name in errors):
                        texts.append(_literal(keyword.value))
            elif isinstance(node, ast.Tuple) and len(node.elts) == 2 and isinstance(node.elts[1], ast.Dict):
                texts.append(_literal(node.elts[0]))
            for text in texts:
                if text:
                    found.setdefault(text, f"{path.name}:{node.lineno}")
    return found


def test_the_scan_finds_the_kinds_of_template():
    found = templates()
    assert "{ref} resolved" in found  # _act(message=…)
    assert "nothing pending" in found  # say(…)
    assert "use one of: {formats}" in found  # hint=
    assert "the case is already paused" in found  # RefusedError(…)
    assert "integrity: {detail}" in found  # (template, fields) pairs
    assert "[Answer] {ref}" in found  # tr(…) with a literal
    assert len(found) > 200


def test_every_message_has_chinese_with_the_same_fields():
    problems = []
    for template, where in sorted(templates().items(), key=lambda item: item[1]):
        if template not in CATALOG:
            problems.append(f"{where}: no Chinese for {template!r}")
        elif placeholders(template) != placeholders(CATALOG[template]):
            problems.append(f"{where}: fields differ: {template!r} → {CATALOG[template]!r}")
    assert not problems, "add these to zhitong/text/catalog.py CATALOG:\n" + "\n".join(problems)


def test_every_catalog_entry_formats_in_both_languages():
    for template, chinese in CATALOG.items():
        fields = {name: f"<{name}>" for name in placeholders(template)}
        assert tr(template, "en", **fields) == template.format(**fields)
        assert tr(template, "zh", **fields) == chinese.format(**fields)  # the catalogue's Chinese, not the English
        assert chinese.strip() or template.strip() == ""


@pytest.mark.parametrize("word", VOCABULARY)
def test_every_stored_word_reads_in_chinese(word):
    assert word in CATALOG and CATALOG[word] != word


@pytest.mark.parametrize(
    ("word", "chinese"),
    [
        ("open", "已受理"),
        ("assigned", "已交办"),
        ("responded", "已答复"),
        ("reported", "已反馈"),
        ("resolved", "已办结"),
        ("filed", "已备案"),
        ("response", "答复"),
        ("feedback", "研究结果反馈"),
        ("resolve", "办结"),
        ("consult", "政策咨询"),
        ("major", "重大问题"),
        ("urge", "督办"),
        ("transfer", "转办"),
        ("late", "超期"),
        ("workdays", "工作日"),
    ],
)
def test_statuses_and_milestones_read_naturally(word, chinese):
    assert tr(word, "zh") == chinese


def test_the_vocabulary_is_defined_once():
    """No module but core/vocabulary.py spells out a list of stored words (a copy would drift)."""
    lists = {
        frozenset(words)
        for words in (
            vocabulary.STATUSES,
            vocabulary.CATEGORIES,
            vocabulary.CHANNELS,
            vocabulary.MILESTONES,
            vocabulary.EVENT_KINDS,
            vocabulary.GROUPS,
            vocabulary.CLOSED,
        )
    }
    copies = []
    for path in sorted(SOURCES.rglob("*.py")):
        if path.name == "vocabulary.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and len(node.elts) >= 2:
                words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                if len(words) == len(node.elts) and frozenset(words) in lists:
                    copies.append(f"{path.relative_to(SOURCES)}:{node.lineno} {words}")
    assert not copies, "use zhitong.core.vocabulary instead of these copies:\n" + "\n".join(copies)


def test_words_inside_a_message_are_translated_with_it():
    from zhitong.core.errors import RefusedError

    error = RefusedError("the case is {status}: only a resolved or filed case can be {action}", status="assigned", action="rated")
    assert message(error, "zh") == "该诉求已交办：只有已办结或已备案的诉求才能评价"
    assert "assigned" in message(error, "en")
    # user text is never translated, even when it happens to be a stored word
    assert tr("unknown channel {value!r}", "zh", value="open") == "未知的渠道 'open'"


# -- choosing the language ----------------------------------------------------------------------


@pytest.fixture
def no_language(monkeypatch):
    for var in ("ZHITONG_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("explicit", "env", "configured", "locale", "expected"),
    [
        ("zh", "en", "en", "en_US.UTF-8", "zh"),
        (None, "zh", "en", "en_US.UTF-8", "zh"),
        (None, None, "zh", "en_US.UTF-8", "zh"),
        (None, None, None, "zh_CN.UTF-8", "zh"),
        (None, None, None, "zh_TW.Big5", "zh"),
        (None, None, None, "en_US.UTF-8", "en"),
        (None, None, None, "C.UTF-8", "en"),
        (None, None, None, None, "en"),
        ("ZH", None, None, None, "zh"),
        ("zh-CN", None, None, None, "zh"),
        ("en_US", None, None, "zh_CN.UTF-8", "en"),
    ],
)
def test_language_order_flag_env_config_locale(no_language, explicit, env, configured, locale, expected):
    if env:
        no_language.setenv("ZHITONG_LANG", env)
    if locale:
        no_language.setenv("LANG", locale)
    assert languages.detect(explicit, configured) == expected


def test_lc_all_wins_over_lang(no_language):
    no_language.setenv("LANG", "en_US.UTF-8")
    no_language.setenv("LC_ALL", "zh_CN.UTF-8")
    assert languages.detect() == "zh"


def test_the_locale_chooses_chinese_end_to_end(zt, no_language):
    no_language.setenv("LANG", "zh_CN.UTF-8")
    assert zt("pending").stderr.splitlines()[-1] == "没有在办的诉求"
    assert zt("--lang", "en", "pending").stderr.splitlines()[-1] == "nothing pending"


def test_the_config_file_chooses_the_language(zt, no_language):
    zt("config", "set", "language", "zh")
    assert zt("pending").stderr.splitlines()[-1] == "没有在办的诉求"
    no_language.setenv("ZHITONG_LANG", "en")
    assert zt("pending").stderr.splitlines()[-1] == "nothing pending"


def test_an_unknown_language_is_refused(zt):
    result = zt("--lang", "fr", "pending", code=2)
    assert "'fr'" in result.stderr


def test_errors_come_in_chinese(book):
    result = book("--lang", "zh", "show", "ZT-2026-0099", code=2)
    assert result.stderr.strip() == "错误：没有编号为 'ZT-2026-0099' 的诉求——可用 zhitong list 查看全部诉求"
    result = book("--lang", "zh", "new", "新奥集团", "标题", "-c", "routine", "--at", "11/24", code=2)
    assert result.stderr.startswith("错误：'11/24' 有两种读法")


def test_tables_and_the_case_card_in_chinese(book):
    book("new", "新奥集团", "华翔路封路", "-c", "major", "-d", "经济发展局", "--channel", "hotline", "--at", "2026-11-24 10:00")
    pending = book("--lang", "zh", "pending").stdout
    assert pending.splitlines()[0].split() == ["编号", "企业", "诉求", "部门", "状态", "下一节点", "时限", "剩余", "标记"]
    assert "已交办" in pending and "答复" in pending
    card = book("--lang", "zh", "show", "ZT-2026-0001").stdout
    for text in ("已交办", "重大问题", "政企服务专线", "研究结果反馈", "办理中", "办理记录", "受理", "交办"):
        assert text in card, text
    for english in ("assigned", "major", "hotline", "pending", "History", "intake"):
        assert english not in card, english


# -- machines read English --------------------------------------------------------------------------


def test_json_is_the_same_in_both_languages(book):
    book("new", "新奥集团", "华翔路封路", "-c", "major", "-d", "经济发展局", "--at", "2026-11-20 10:00")
    book("new", "华翔物流", "限高杆", "-c", "routine", "--at", "2026-11-25 08:00")
    book("respond", "ZT-2026-0001", "--owner", "王局长", "--plan", "协调", "--eta", "2026-12-01")
    for command in (
        ["pending"],
        ["overdue"],
        ["list"],
        ["show", "ZT-2026-0001"],
        ["due", "--within", "5d"],
        ["config", "show"],
        ["digest"],
    ):
        english = book("--lang", "en", *command, "--json").stdout
        chinese = book("--lang", "zh", *command, "--json").stdout
        if command == ["digest"]:  # the digest's text is in the chosen language; its keys and refs are not
            english, chinese = json.loads(english), json.loads(chinese)
            assert english.pop("text") != chinese.pop("text")
        assert english == chinese, command
    case = json.loads(book("--lang", "zh", "show", "ZT-2026-0001", "--json").stdout)
    assert case["status"] == "responded" and case["category"] == "major"
    assert [m["name"] for m in case["milestones"]] == ["sign", "response", "feedback", "resolve"]
    assert {e["kind"] for e in case["events"]} == {"intake", "assign", "respond"}


# -- what comes from outside: Click's usage errors, the operating system's errors -------------------------


class _Caught(Exception):
    pass


@pytest.fixture
def usage_error(zt, monkeypatch):
    """The exception Click raises for a command line, as app.fail_usage receives it."""
    import zhitong.commands.app

    def capture(error):
        raise _Caught(error)

    monkeypatch.setattr(zhitong.commands.app, "fail_usage", capture)

    def run(*args):
        result = zt.runner.invoke(zhitong.commands.app.app, list(args))
        assert isinstance(result.exception, _Caught), (result.exception, result.stderr)
        return result.exception.args[0]

    return run


@pytest.mark.parametrize(
    ("args", "english", "chinese"),
    [
        (["new"], "missing argument ENTERPRISE", "缺少参数 ENTERPRISE"),
        (["new", "新奥集团"], "missing argument TITLE", "缺少参数 TITLE"),
        (["transfer", "ZT-2026-0001", "工管委"], "missing option --reason", "缺少选项 --reason"),
        (["resolve", "ZT-2026-0001", "--x"], "no such option --x", "没有选项 --x"),
        (["show", "ZT-2026-0001", "--jsn"], "no such option --jsn; did you mean --json?", "没有选项 --jsn；您是指 --json 吗？"),
        (["rate", "ZT-2026-0001", "-1"], "no such option -1", "没有选项 -1"),
        (
            ["resolve", "ZT-2026-0001", "绕行", "已拆除"],
            "unexpected extra arguments: 绕行 已拆除 (put a text with spaces in quotes)",
            "多余的参数：绕行 已拆除（含空格的文字请加引号）",
        ),
        (["resolve", "ZT-2026-0001", "--at"], "option --at needs a value", "选项 --at 后面需要一个值"),
        (["pending", "--json=yes"], "option --json takes no value", "选项 --json 不带值"),
        (
            ["search", "限高杆", "--limit", "five"],
            "invalid value for --limit: 'five' is not a whole number",
            "--limit 的值无效：'five' 不是整数",
        ),
        (["resov"], "no such command 'resov'; did you mean resolve, respond?", "没有命令 'resov'；您是指 resolve, respond 吗？"),
        (["frobnicate"], "no such command 'frobnicate'", "没有命令 'frobnicate'"),
    ],
)
def test_click_usage_errors_become_our_own_messages(usage_error, args, english, chinese):
    template, fields = i18n.usage_detail(usage_error(*args))
    assert template != "{detail}", template
    assert template in CATALOG
    assert tr(template, "en", **fields) == english
    assert tr(template, "zh", **fields) == chinese


def test_an_unknown_usage_error_keeps_its_text():
    class Odd(Exception):
        def format_message(self):
            return "something Click has not said before"

    assert i18n.usage_detail(Odd()) == ("{detail}", {"detail": "something Click has not said before"})

    class Broken(Exception):
        def format_message(self):
            raise RuntimeError("no")

    assert i18n.usage_detail(Broken("still a line"))[1] == {"detail": "still a line"}


@pytest.mark.parametrize(
    ("number", "english", "chinese"),
    [
        ("ENOENT", "no such file or directory", "文件或目录不存在"),
        ("EACCES", "permission denied", "没有访问权限"),
        ("EPERM", "permission denied", "没有访问权限"),
        ("EISDIR", "it is a directory, not a file", "这是目录，不是文件"),
        ("ENOTDIR", "a part of the path is not a directory", "路径中有一部分不是目录"),
        ("ENOSPC", "no space left on the disk", "磁盘空间已满"),
        ("EROFS", "the file system is read-only", "文件系统为只读"),
    ],
)
def test_os_errors_are_told_by_their_errno(number, english, chinese):
    import errno

    error = OSError(getattr(errno, number), "the system's own words", "/tmp/x")
    assert i18n.os_error_reason(error, "en") == english
    assert i18n.os_error_reason(error, "zh") == chinese
    languages.set_language("zh")
    try:
        assert i18n.os_error_reason(error) == chinese  # the current language by default
    finally:
        languages.set_language("en")


def test_an_os_error_without_a_known_errno_keeps_the_systems_words():
    assert i18n.os_error_reason(OSError(99999, "strange failure")) == "strange failure"
    assert i18n.os_error_reason(OSError("no errno at all")) == "no errno at all"
    assert all(template in CATALOG for template in errors.OS_REASONS.values())


def test_a_real_missing_file_reads_in_chinese(tmp_path):
    with pytest.raises(OSError) as caught:
        (tmp_path / "missing.csv").read_text(encoding="utf-8")
    assert i18n.os_error_reason(caught.value, "zh") == "文件或目录不存在"


def test_the_coverage_warning_once_the_calendar_has_ended():
    from datetime import datetime

    from zhitong.core.calendar_data import coverage_warning, covered_years
    from zhitong.core.instants import ZONE

    template, fields = coverage_warning(covered_years(), datetime(2027, 3, 2, 9, 0, tzinfo=ZONE))
    text = tr(template, "en", **fields)
    assert text.startswith("warning: the holiday calendar ended on 2026-12-31 (61 days ago)")
    assert "days away" not in text and "zhitong calendar import" in text
    assert "已于 2026-12-31 结束（61 天前）" in tr(template, "zh", **fields)
    template, fields = coverage_warning(covered_years(), datetime(2026, 12, 31, 9, 0, tzinfo=ZONE))
    assert tr(template, "en", **fields).startswith("warning: the holiday calendar ends on 2026-12-31 (0 days away)")
    assert coverage_warning(covered_years({2027}), datetime(2027, 3, 2, tzinfo=ZONE)) is None


def test_the_language_of_a_command_line_that_click_cannot_parse(no_language):
    from zhitong.commands.app import language_of

    assert language_of(["--lang", "zh", "frobnicate"]) == "zh"
    assert language_of(["--lang=ZH", "--bogus"]) == "zh"
    assert language_of(["frobnicate"]) == "en"
    assert language_of(["--lang", "fr", "x"]) == "en"  # refused later, by the callback
    assert language_of(["note", "ZT-2026-0001", "--", "--lang", "zh"]) == "en"
    no_language.setenv("ZHITONG_LANG", "zh")
    assert language_of(["frobnicate"]) == "zh"
    assert language_of(["--lang", "en", "frobnicate"]) == "en"
    no_language.delenv("ZHITONG_LANG")
    no_language.setenv("LANG", "zh_CN.UTF-8")
    assert language_of(["--lang"]) == "zh"  # a global option without its value: the locale's
