"""The entry point loads only the module a command lives in: the map must match the app."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from zhitong.cli import app
from zhitong.commands.launch import COMMAND_MODULES, MODULES, asks_for_the_command_list, command_name


def _top_level_names():
    names = {}
    for info in app.registered_commands:
        names[info.name or info.callback.__name__.replace("_", "-")] = {info.callback.__module__}
    for group in app.registered_groups:
        instance = group.typer_instance
        names[group.name] = {info.callback.__module__ for info in instance.registered_commands}
    return names


def test_every_command_is_mapped_to_the_modules_that_register_it():
    registered = _top_level_names()
    assert set(registered) == set(COMMAND_MODULES)
    for name, modules in registered.items():
        assert {f"zhitong.commands.{module}" for module in COMMAND_MODULES[name]} == modules, name
    assert set(module for modules in COMMAND_MODULES.values() for module in modules) == set(MODULES)


@pytest.mark.parametrize(
    "argv, name",
    [
        (["pending"], "pending"),
        (["--db", "x.db", "overdue", "--fail"], "overdue"),
        (["--db=x.db", "--lang", "zh", "ent", "list"], "ent"),
        (["--help"], None),
        (["--install-completion"], None),
        ([], None),
        (["--lang", "zh"], None),
    ],
)
def test_command_name(argv, name):
    assert command_name(argv) == name


COMMAND_FILES = sorted(f"zhitong.commands.{module}" for module in MODULES)


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["due", "--within", "4h", "--json"], "['typer', 'zhitong.commands.views']"),
        (["pending", "--json"], "[]"),  # the quick path: no command module, no Typer
        (["overdue", "--json", "--fail"], "[]"),
    ],
)
def test_a_command_loads_only_what_it_needs(isolated, argv, expected):
    env = {key: value for key, value in os.environ.items() if not key.endswith("_COMPLETE")}
    probe = (
        f"import sys; sys.argv = ['zhitong'] + {argv!r}\n"
        "from zhitong.commands import launch, quick\n"
        "quick.leave = sys.exit  # the quick path ends the process at once; the probe has more to say\n"
        "try:\n    launch.run()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        f"loaded = [m for m in sys.modules if m in {COMMAND_FILES!r} or m in ('sqlite_utils', 'typer')]\n"
        "print(sorted(loaded), file=sys.stderr)\n"
    )
    subprocess.run([sys.executable, "-c", probe], capture_output=True, env=env)  # first use creates the database
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert result.stderr.strip().splitlines()[-1] == expected


@pytest.mark.parametrize("argv", [["--help"], ["-h"], ["--lang", "zh", "--help"], ["--db", "x.db", "-h"], []])
def test_the_command_list_is_asked_for(argv):
    assert asks_for_the_command_list(argv)


@pytest.mark.parametrize("argv", [["--version"], ["new", "--help"], ["--help", "new"], ["--install-completion"]])
def test_other_command_lines_are_not_the_command_list(argv):
    assert not asks_for_the_command_list(argv)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_command_list_without_parameters_prints_what_the_full_app_prints(lang, monkeypatch):
    """`zhitong --help` is built from commands without their options; the page must not change."""
    from typer.testing import CliRunner

    from zhitong.commands.launch import command_list_app, load_all

    monkeypatch.setenv("ZHITONG_LANG", lang)
    monkeypatch.setenv("COLUMNS", "100")
    full = load_all()
    lean = command_list_app(full)
    full_page = CliRunner().invoke(full, ["--help"], prog_name="zhitong")
    lean_page = CliRunner().invoke(lean, ["--help"], prog_name="zhitong")
    assert full_page.exit_code == lean_page.exit_code == 0
    assert lean_page.output == full_page.output
    assert "ent" in lean_page.output and ("calendar" in lean_page.output)
    # the lean copy leaves the app itself whole: its commands still take their options
    assert CliRunner().invoke(full, ["new", "--help"], prog_name="zhitong").output.count("--category") >= 1
