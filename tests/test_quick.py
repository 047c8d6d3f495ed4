"""The quick path of `pending` and `overdue` is the same program as the commands, only faster.

It reads the command line itself, so these tests hold it to the commands: the same options,
the same reading of every command line it accepts (Click decides the rest), and the same
output, errors and exit status, byte for byte.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys

import pytest
import typer.main
from conftest import error_line
from hypothesis import given, settings
from hypothesis import strategies as st

from zhitong.cli import app
from zhitong.commands.launch import QUICK_COMMANDS
from zhitong.commands.quick import (
    FILTER_OPTIONS,
    FLAGS,
    GLOBAL_OPTIONS,
    QuickCall,
    parse,
)

ROOT = typer.main.get_command(app)


def option_names(command, *, flags: bool) -> set[str]:
    return {name for param in command.params if getattr(param, "is_flag", False) == flags for name in param.opts}


def test_the_launcher_hands_the_quick_path_exactly_its_commands():
    assert sorted(QUICK_COMMANDS) == sorted(FLAGS)


@pytest.mark.parametrize("name", sorted(FLAGS))
def test_the_quick_path_knows_exactly_the_options_of_the_command(name):
    command = ROOT.commands[name]
    assert option_names(command, flags=False) == set(FILTER_OPTIONS)
    assert option_names(command, flags=True) - {"--help", "-h"} == set(FLAGS[name])
    assert set(GLOBAL_OPTIONS) <= option_names(ROOT, flags=False)


@pytest.mark.parametrize(
    "argv, call",
    [
        (["pending"], QuickCall("pending")),
        (["--db", "x.db", "--lang=zh", "overdue", "--fail", "--json"], QuickCall("overdue", db="x.db", lang="zh", as_json=True, fail=True)),
        (
            ["overdue", "--dept", "经济发展局", "--category=major", "--dept", "工管委"],
            QuickCall("overdue", filters={"dept": "工管委", "category": "major"}),
        ),
        (
            ["pending", "--enterprise", "新奥", "--channel", "hotline", "--officer", "张专员"],
            QuickCall("pending", filters={"enterprise": "新奥", "channel": "hotline", "officer": "张专员"}),
        ),
    ],
)
def test_plain_command_lines_take_the_quick_path(argv, call):
    assert parse(argv) == call


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["pending", "--help"],
        ["-h", "overdue"],
        ["overdue", "-h"],
        ["due", "--within", "4h"],
        ["show", "ZT-2026-0001"],
        ["pending", "overdue"],
        ["pending", "extra"],
        ["--policy", "p.toml", "pending"],
        ["pending", "--db", "x.db"],
        ["--json", "pending"],
        ["--dept", "x", "pending"],
        ["pending", "--fail"],
        ["pending", "--json=1"],
        ["pending", "--dept"],
        ["pending", "--dept", "--json"],
        ["pending", "--dept="],
        ["--db", "", "pending"],
        ["pending", "--"],
        ["pending", "-"],
        ["overdue", "--fai"],
    ],
)
def test_anything_else_is_left_to_click(argv):
    assert parse(argv) is None


WORDS = [
    "pending",
    "overdue",
    "due",
    "--db",
    "--db=x.db",
    "--lang",
    "--lang=zh",
    "zh",
    "x.db",
    "--dept",
    "--dept=工管委",
    "工管委",
    "--enterprise",
    "--category",
    "--channel",
    "--officer",
    "--json",
    "--fail",
    "--help",
    "-h",
    "--",
    "-",
    "--policy",
    "major",
    "",
    "=",
    "--json=",
    "-x",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=7))
def test_what_the_quick_path_reads_click_reads_the_same(argv):
    """Every command line the quick path accepts, Click accepts too, with the same values."""
    call = parse(argv)
    if call is None:
        return
    context = ROOT.make_context("zhitong", list(argv), resilient_parsing=False)
    words = [*context._protected_args, *context.args]  # the command's name and its words, as Group.invoke takes them
    command = ROOT.commands[words[0]]
    sub = command.make_context(words[0], words[1:], parent=context)
    assert words[0] == call.command
    db = context.params["db"]  # Typer turns it into a Path when the command runs
    assert (None if db is None else str(db)) == call.db
    assert context.params["lang"] == call.lang and context.params["policy"] is None
    assert {key: value for key, value in sub.params.items() if key in FILTER_OPTIONS.values() and value is not None} == call.filters
    assert sub.params["as_json"] == call.as_json
    assert sub.params.get("fail", False) == call.fail


# -- the same output as the commands ---------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo book, built once: late, paused and provisional cases in several departments."""
    path = tmp_path_factory.mktemp("quick") / "demo.db"
    env = {**os.environ, "ZHITONG_NOW": "2026-11-25T09:00:00+08:00", "ZHITONG_LANG": "en"}
    subprocess.run([sys.executable, "-m", "zhitong", "demo", "--db", str(path)], env=env, capture_output=True, check=True)
    return path


CASES = [
    ["overdue"],
    ["overdue", "--json"],
    ["overdue", "--fail"],
    ["--lang", "zh", "overdue", "--dept", "工管委"],
    ["pending"],
    ["--lang=zh", "pending", "--json"],
    ["pending", "--category", "major"],
    ["pending", "--channel", "hotline", "--officer", "nobody"],
    ["overdue", "--enterprise", "新奥"],
    ["pending", "--dept", "no such department"],
    ["overdue", "--category", "urgent"],
    ["--lang", "xx", "pending"],
]


@pytest.mark.parametrize("argv", CASES, ids=" ".join)
def test_the_quick_path_prints_what_the_command_prints(zt, demo, argv):
    assert parse(argv) is not None
    argv = ["--db", str(demo), *argv]
    env = {**os.environ, "COLUMNS": "160", "PYTHONIOENCODING": "utf-8"}
    quick = subprocess.run([sys.executable, "-m", "zhitong", *argv], capture_output=True, text=True, env=env)
    command = zt(*argv, code=None)
    assert (quick.returncode, quick.stdout, quick.stderr) == (command.exit_code, command.stdout, command.stderr)
    assert "Traceback" not in quick.stderr


def test_a_foreign_file_and_a_bad_config_fail_on_one_line_as_the_command_does(zt, tmp_path):
    foreign = tmp_path / "notes.db"
    foreign.write_text("not a database\n")
    (tmp_path / "config").mkdir()
    cases = (
        (["--db", str(foreign), "overdue"], None, f"{foreign} is not a zhitong database (not an SQLite file)"),
        (["pending"], "language = [1\n", f"config file {tmp_path / 'config' / 'config.toml'} cannot be read: "),
    )
    for argv, setup, why in cases:
        if setup:
            (tmp_path / "config" / "config.toml").write_text(setup)
        quick = subprocess.run([sys.executable, "-m", "zhitong", *argv], capture_output=True, text=True)
        command = zt(*argv, code=2)
        assert (quick.returncode, quick.stdout, quick.stderr) == (2, "", command.stderr)
        error_line(quick, why)
    assert foreign.read_text() == "not a database\n"


@pytest.mark.parametrize("command", sorted(FLAGS))
def test_a_reader_that_has_gone_ends_the_quick_path_quietly(demo, command):
    """`zhitong overdue | head -1`: writing to a closed pipe is not an error, as for every command."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written
    try:
        result = subprocess.run(
            [sys.executable, "-m", "zhitong", "--db", str(demo), command], stdout=write_end, stderr=subprocess.PIPE, text=True
        )
    finally:
        os.close(write_end)
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr and "Traceback" not in result.stderr


# -- streams that are closed, full or ASCII-only: as click.echo treats them, on both paths ----------


def _zhitong_in_shell(demo, argv: str, redirect: str, **env) -> subprocess.CompletedProcess:
    shell = f"{sys.executable} -m zhitong --db {demo} {argv} {redirect}"
    return subprocess.run(["bash", "-c", shell], capture_output=True, text=True, env={**os.environ, **env})


@pytest.mark.parametrize("argv", ["pending", "overdue", "list"])  # the quick path, and a Typer command
def test_a_closed_stdout_is_not_an_error(demo, argv):
    result = _zhitong_in_shell(demo, argv, "1>&-")
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("argv", ["pending", "list"])
def test_a_closed_stderr_still_gets_the_table_out(demo, argv):
    result = _zhitong_in_shell(demo, argv, "2>&-")
    assert result.returncode == 0
    assert result.stdout.startswith("ref") and "ZT-2026-0003" in result.stdout


@pytest.mark.parametrize(
    "argv, code, stream, text",
    [
        ("--lang zh pending", 0, "stdout", "部门"),
        ("--lang zh overdue --dept 没有", 2, "stderr", "错误：没有部门"),
        ("--lang zh stats --month 2026-11", 0, "stdout", "部门考核"),
    ],
)
def test_an_ascii_only_stream_gets_utf8_not_an_error(demo, argv, code, stream, text):
    result = _zhitong_in_shell(demo, argv, "", PYTHONIOENCODING="ascii")
    assert result.returncode == code, result.stderr
    assert text in getattr(result, stream) and "\\u" not in result.stderr  # messages too: UTF-8, not escapes


@pytest.mark.parametrize("argv", ["pending", "list"])
def test_a_full_disk_is_one_line_and_status_2(demo, argv):
    result = _zhitong_in_shell(demo, argv, ">/dev/full")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == "error: the output could not be written: no space left on the disk"


def test_ctrl_c_ends_the_quick_path_as_it_ends_the_commands(demo, monkeypatch, capsys):
    from zhitong.commands import daily, quick

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(daily, "pending", interrupted)
    assert quick.run(["--db", str(demo), "pending"]) == 130  # Typer's status for SIGINT, and no message
    assert capsys.readouterr().err == ""
    assert gc.isenabled()  # the collector, off during the view, is back on for whoever goes on


def test_a_bug_on_the_quick_path_is_one_line_and_status_2(demo, monkeypatch, capsys):
    from zhitong.commands import daily, quick

    def broken(*args, **kwargs):
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(daily, "overdue", broken)
    monkeypatch.delenv("ZHITONG_DEBUG", raising=False)
    assert quick.run(["--db", str(demo), "overdue"]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1].startswith("error: internal error, nothing was saved: RuntimeError: a bug of ours")


def test_leaving_flushes_and_ends_with_the_collector_off(monkeypatch):
    """`leave` ends the process: a collection then (run put the collector back) would only walk the view's objects."""
    from zhitong.commands import quick

    ended, flushed = [], []

    class Stream:
        def flush(self):
            flushed.append(gc.isenabled())

    monkeypatch.setattr(os, "_exit", ended.append)
    monkeypatch.setattr(sys, "stdout", Stream())
    monkeypatch.setattr(sys, "stderr", Stream())
    assert gc.isenabled()
    try:
        quick.leave(3)
        assert (ended, flushed) == ([3], [False, False])
    finally:
        gc.enable()
