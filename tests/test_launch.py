"""The entry point loads only the module a command lives in: the map must match the app."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from zhitong.cli import app
from zhitong.commands.launch import COMMAND_MODULES, MODULES, command_name


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
