"""Help in the officer's language: every text, heading and Click's own words in Chinese under zh,
English under en, the language chosen as for the rest of the interface, the examples unchanged.

When you add a command or an option, add the Chinese of its help to zhitong/text/help_catalog.py;
the first test lists what is missing, by command.
"""

from __future__ import annotations

import inspect
import re
import shlex
import subprocess
import sys

import pytest
import typer.main

from zhitong.cli import app
from zhitong.commands import help as helps
from zhitong.text.help_catalog import ARGUMENTS, HELP, METAVARS
from zhitong.text.render import width

ROOT = typer.main.get_command(app)

# Click's and Typer's words that zhitong's help prints whatever the commands are.
CLICK_WORDS = ("Usage:", "[OPTIONS]", "COMMAND [ARGS]...", "Arguments", "Options", "Commands", "default: {}", "env var: {}", "required")
CLICK_WORDS_ONLY_IF_USED = ("(DEPRECATED)",)

CJK = re.compile(r"[\u4e00-\u9fff]")


def _walk(command, path=()):
    yield path, command
    for name, sub in (getattr(command, "commands", None) or {}).items():
        yield from _walk(sub, (*path, name))


ALL = list(_walk(ROOT))
PATHS = [path for path, _command in ALL]


def _context(command):
    return command.context_class(command, info_name=command.name)


def _texts():
    """Every help text the commands print → the commands that print it."""
    found: dict[str, set[str]] = {}
    arguments: dict[str, set[str]] = {}
    metavars: dict[str, set[str]] = {}

    def add(into, text, path):
        into.setdefault(text, set()).add(" ".join(("zhitong", *path)))

    for path, command in ALL:
        for text in helps.prose(inspect.cleandoc(command.help or "")):
            add(found, text, path)
        if command.short_help:
            add(found, helps.key(command.short_help), path)
        panel = getattr(command, "rich_help_panel", None)
        if path and panel:
            add(found, panel, path)
        ctx = _context(command)
        for param in command.get_params(ctx):
            if param.help:
                add(found, helps.key(param.help), path)
            if param.param_type_name == "argument" and param.metavar is None:
                add(arguments, param.name, path)
            elif param.param_type_name == "option" and not (param.is_flag or param.metavar) and _named_by_type(param, ctx):
                add(metavars, param.type.name, path)
    return found, arguments, metavars


def _named_by_type(param, ctx) -> bool:
    return param.make_metavar(ctx).removesuffix("...") == f"<{param.type.name}>"


FOUND, FOUND_ARGUMENTS, FOUND_METAVARS = _texts()


# -- the catalogue -------------------------------------------------------------------------------------


def test_the_walk_finds_every_kind_of_text():
    assert "Log a new case and print its reference and deadlines." in FOUND  # a docstring's first line
    assert "Example:" in FOUND and "where hotline-2026-11.csv reads:" in FOUND  # prose around examples
    assert "Print JSON (stable keys) instead of a table." in FOUND  # an option's help
    assert "Show this message and exit." in FOUND  # Click's own option
    assert {"Cases", "Views", "Reports", "Records", "Calendar", "Maintenance", "Getting started"} <= set(FOUND)
    assert {"ref", "enterprise", "title"} <= set(FOUND_ARGUMENTS)
    assert {"str", "path"} <= set(FOUND_METAVARS)
    assert not [text for text in FOUND if re.match(r"zhitong [a-z]", text)]  # examples are not prose
    assert len(PATHS) > 40


def test_every_help_text_has_chinese():
    missing = [f"{', '.join(sorted(where))}: {text!r}" for text, where in FOUND.items() if text not in HELP]
    missing += [f"{', '.join(sorted(where))}: argument {name!r}" for name, where in FOUND_ARGUMENTS.items() if name not in ARGUMENTS]
    missing += [f"{', '.join(sorted(where))}: metavar <{name}>" for name, where in FOUND_METAVARS.items() if name not in METAVARS]
    missing += [f"Click: {word!r}" for word in CLICK_WORDS if word not in HELP]
    assert not missing, "add these to zhitong/text/help_catalog.py:\n" + "\n".join(missing)


def test_the_catalogue_holds_no_text_that_is_gone():
    used = set(FOUND) | set(CLICK_WORDS) | set(CLICK_WORDS_ONLY_IF_USED)
    stale = [text for text in HELP if text not in used] + [f"argument {name}" for name in ARGUMENTS if name not in FOUND_ARGUMENTS]
    assert not stale, "no command prints these any more; update or remove them:\n" + "\n".join(stale)


def test_catalogue_keys_are_as_the_help_finds_them():
    assert all(text == helps.key(text) for text in HELP), "keys have single spaces between words"


# What a Chinese text must keep of its English: options, commands, variables, files, placeholders.
KEPT = re.compile(
    r"--[a-z][a-z-]*|`[^`]+`|\bZHITONG_[A-Z_]+\b|\b[\w-]+\.(?:csv|toml|db)\b|ZT-\d{4}-\d{4}|\{\}"
    + r"|\bzhitong (?:"
    + "|".join(ROOT.commands)
    + r")\b"
)


@pytest.mark.parametrize("english", sorted(HELP), ids=lambda text: text[:40])
def test_the_chinese_keeps_what_the_officer_types(english):
    chinese = HELP[english]
    assert CJK.search(chinese), f"not Chinese: {chinese!r}"
    assert sorted(KEPT.findall(english)) == sorted(KEPT.findall(chinese)), (english, chinese)
    assert "\n" not in chinese and "  " not in chinese


# -- the language is chosen as for the rest of the interface ----------------------------------------------


def _zh(result) -> str:
    text = result.stdout
    assert text.startswith("用法："), text  # then the program: zhitong, or the test runner's name
    for english in ("Usage:", "Options:", "Arguments:", "Commands:", "[required]", "[default:", "Show this message"):
        assert english not in text, (english, text)
    return text


def _en(result) -> str:
    text = result.stdout
    assert text.startswith("Usage: "), text
    assert not re.search("用法|选项：|参数：|命令：|必填|默认：|示例：", text), text
    return text


def test_lang_zh_gives_the_whole_help_in_chinese(zt):
    text = _zh(zt("--lang", "zh", "--help"))
    assert text.splitlines()[0].endswith(" [选项] 命令 [参数]...")
    headings = [line.removesuffix("：") for line in text.splitlines() if re.fullmatch(r"\S+：", line)]
    assert headings == ["选项", "入门", "诉求", "查看", "报表", "名录", "日历", "维护", "综合服务包"]
    assert "  -h, --help            显示本帮助并退出。" in text
    assert "  --db <路径>" in text and "  --lang <文本>" in text
    assert re.search(r"\n  new +登记一件新诉求，显示其编号和各项时限。\n", text)
    assert "直通（zhitong）：园区兑现对企业承诺的诉求台账。" in text


def test_zhitong_lang_zh_gives_a_commands_help_in_chinese(zt, monkeypatch):
    monkeypatch.setenv("ZHITONG_LANG", "zh")
    text = _zh(zt("new", "--help"))
    assert text.splitlines()[0].endswith(" new [选项] {企业} {标题}")
    assert re.search(r"\n  企业 +企业名称（全称，或能唯一确定该企业的部分）。 \[必填\]\n", text)
    assert re.search(r"\n  -c, --category <文本> +政策咨询、一般问题、重大问题或政策限制", text)  # the choices, in Chinese
    assert "\n参数：\n" in text and "\n选项：\n" in text and "\n  示例：\n" in text


def test_a_chinese_locale_gives_the_help_in_chinese(zt, monkeypatch):
    for name in ("ZHITONG_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    text = _zh(zt("export", "--help"))
    assert "[默认：csv]" in text  # what Click adds after a help text
    assert re.search(r"\n  -o, --output <路径> +写入该文件（默认：标准输出）。\n", text)
    assert "      zhitong export --month 2026-11 --lang zh -o 2026-11.csv" in text


def test_the_config_files_language_gives_the_help_in_chinese(zt, monkeypatch):
    zt("config", "set", "language", "zh")
    for name in ("ZHITONG_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    _zh(zt("--help"))  # before the callback has read the config
    _zh(zt("ent", "add", "--help"))  # after it
    _en(zt("--lang", "en", "--help"))  # --lang wins over the config
    monkeypatch.setenv("ZHITONG_LANG", "en")
    _en(zt("ent", "add", "--help"))  # so does ZHITONG_LANG


def test_english_stays_english(zt, monkeypatch):
    text = _en(zt("--help"))
    assert "\nOptions:\n" in text and "\nCases:\n" in text and "  -h, --help            Show this message and exit." in text
    assert "[required]" in _en(zt("new", "--help"))
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    _en(zt("--lang", "en", "export", "--help"))


def test_a_group_without_a_command_shows_its_help_in_chinese(zt):
    result = zt("--lang", "zh", "ent", code=2)  # as in English: the help, and status 2
    assert re.match(r"用法：\S+ ent \[选项\] 命令 \[参数\]\.\.\.\n", result.stderr), result.stderr
    assert re.search(r"\n命令：\n  add +把一家企业加入企业名录。\n", result.stderr)


def test_an_unknown_language_gives_english_help(zt):
    _en(zt("--lang", "fr", "--help"))


@pytest.mark.parametrize(
    "env, argv",
    [({"ZHITONG_LANG": "zh"}, ["--help"]), ({"ZHITONG_LANG": "zh"}, ["new", "--help"]), ({"LANG": "zh_CN.UTF-8"}, ["export", "--help"])],
)
def test_the_entry_point_prints_chinese_help(env, argv, monkeypatch):
    """Through the entry point, which loads only the command's module: the help is still Chinese."""
    for name in ("ZHITONG_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    script = f"import sys; from zhitong.commands.launch import run; sys.argv = ['zhitong', *{argv!r}]; run()"
    result = subprocess.run([sys.executable, "-c", script], env={**__import__("os").environ, **env}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("用法：zhitong"), result.stdout
    assert "选项：" in result.stdout and "Options:" not in result.stdout


# -- every command, in Chinese -----------------------------------------------------------------------------


def _examples(command) -> list[str]:
    return [line for verbatim, lines in helps.paragraphs(inspect.cleandoc(command.help or "")) if verbatim for line in lines]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "zhitong")
def test_every_help_reads_in_chinese_with_its_examples_as_written(zt, monkeypatch, path):
    command = dict(ALL)[path]
    monkeypatch.setenv("COLUMNS", "80")
    chinese = _zh(zt("--lang", "zh", *path, "--help"))
    english = zt("--lang", "en", *path, "--help").stdout
    examples = _examples(command)
    # the examples are the English ones, line for line, in the same place after the same prose
    assert [line for line in chinese.splitlines() if line.strip() in map(str.strip, examples)] == [
        line for line in english.splitlines() if line.strip() in map(str.strip, examples)
    ]
    assert len(chinese.splitlines()) >= len([line for line in english.splitlines() if line.strip()]) // 2
    # every other line fits the width the runner gives Click (80), measured in display cells
    too_wide = [line for line in chinese.splitlines() if width(line) > 80 and line.strip() not in map(str.strip, examples)]
    assert not too_wide, too_wide
    assert not [line for line in chinese.splitlines() if line.lstrip()[:1] in tuple("，。；：、）")]  # no line starts with a stop


@pytest.mark.parametrize("command", [("demo",), ("ent", "add")])
def test_the_chinese_help_examples_work_as_written(zt, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    text = zt("--lang", "zh", *command, "--help").stdout
    block = text.split("示例：")[1]
    examples = [shlex.split(line) for line in block.splitlines() if line.strip().startswith("zhitong ")]
    assert examples
    for args in examples:
        zt(*args[1:])


# -- laying out Chinese -------------------------------------------------------------------------------------


def test_lines_break_between_characters_never_before_a_stop_nor_inside_brackets():
    text = "把诉求转给另一个部门（转办）；时限仍从受理时起算，用 --from 给出时刻。  [默认：csv；必填]"
    for cells in range(8, 40):
        lines = helps.wrap(text, cells)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert all(width(line) <= cells or (" " not in line and len(helps.words(line)) == 1) for line in lines), (cells, lines)
        assert not any(line[:1] in "，。；：、）" for line in lines), lines
        assert not any(line.endswith("（") for line in lines), lines
        assert any("[默认：csv；必填]" in line for line in lines), lines
        assert any("--from" in line for line in lines)


def test_a_long_summary_is_cut_after_a_clause():
    class Command:
        short_help = None
        help = "Every unmet milestone past its deadline, most overdue first, then a count per department."

    def chinese(text):
        return "所有已过时限未完成的节点，超期最久的在前，并按部门计数。"

    assert helps.short_help(Command, chinese, 60) == "所有已过时限未完成的节点，超期最久的在前，并按部门计数。"
    assert helps.short_help(Command, chinese, 50) == "所有已过时限未完成的节点，超期最久的在前…"
    assert helps.short_help(Command, chinese, 20) == "所有已过时限未完成…"
