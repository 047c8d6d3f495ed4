"""The entry point: load only the module that holds the command being run.

Building every command's parameters costs the officer ~30 ms at each start; `zhitong pending`
needs the views and nothing else. Completion and unknown names get the whole app; the root's
help gets every command without its parameters.
Plain `pending` and `overdue` command lines skip Typer altogether (``quick``).
"""

from __future__ import annotations

import os
import sys

from zhitong.commands import argv as argv_reader

# Every module that registers commands, in the order `zhitong --help` lists their commands.
MODULES = ("cases", "hotline", "views", "reports", "records", "packages", "calendar", "maintenance", "officer")

# Each top-level command (or group) and the modules that register it and its subcommands.
COMMAND_MODULES = {
    **dict.fromkeys(
        (
            "new",
            "assign",
            "transfer",
            "respond",
            "escalate",
            "report",
            "resolve",
            "file",
            "rate",
            "urge",
            "pause",
            "resume",
            "reopen",
            "note",
            "show",
            "edit",
            "withdraw",
            "merge",
        ),
        ("cases",),
    ),
    **dict.fromkeys(("sign", "return", "extend", "approve", "refuse"), ("hotline",)),
    **dict.fromkeys(("pending", "overdue", "due", "list", "promises"), ("views",)),
    **dict.fromkeys(("search", "stats", "export", "import"), ("reports",)),
    "ent": ("records", "reports"),
    **dict.fromkeys(("dept", "init", "demo", "log"), ("records",)),
    **dict.fromkeys(("calendar", "policy", "deadline", "explain", "recompute"), ("calendar",)),
    **dict.fromkeys(("check", "anchor", "backup"), ("maintenance",)),
    **dict.fromkeys(("config", "digest"), ("officer",)),
    **dict.fromkeys(("package", "fund", "benefit"), ("packages",)),
}

# The commands ``quick`` may run without Typer (when their command line is a plain one).
QUICK_COMMANDS = ("pending", "overdue")


def command_name(argv: list[str]) -> str | None:
    """The command a command line names, or None when it asks for help or names none."""
    return argv_reader.read(argv).command


def load(modules) -> object:
    from importlib import import_module

    from zhitong.commands.app import app
    from zhitong.commands.help import prepare

    for module in modules:
        import_module(f"zhitong.commands.{module}")
    prepare(app)
    return app


def load_all():
    """Every command, with completion from the database wired into their parameters."""
    from zhitong.commands.completion import wire_completion

    app = load(MODULES)
    wire_completion(app)
    return app


def asks_for_the_command_list(argv: list[str]) -> bool:
    """`zhitong`, `zhitong --help`, `zhitong --lang zh -h`: the root's help and nothing else."""
    front = argv_reader.scan(argv, argv_reader.GLOBAL_OPTIONS)
    return argv[front.stop :] in ([], ["--help"], ["-h"])


def command_list_app(app):
    """A copy of ``app`` whose commands have no parameters, for printing the root's help.

    That help shows each command's name and first line only, and Typer building every option
    of every command (most of `zhitong --help`'s time) would be spent on nothing.
    ``tests/test_launch.py`` holds its output equal to the full app's.
    """
    from copy import copy

    def without_parameters(callback):
        def stub():
            pass

        stub.__name__, stub.__doc__ = callback.__name__, callback.__doc__
        return stub

    lean = copy(app)
    lean.registered_commands = []
    for info in app.registered_commands:
        info = copy(info)
        if info.callback is not None:
            info.callback = without_parameters(info.callback)
        lean.registered_commands.append(info)
    lean.registered_groups = []
    for group in app.registered_groups:
        group = copy(group)
        group.typer_instance = command_list_app(group.typer_instance)
        lean.registered_groups.append(group)
    return lean


def _undecodable(args: list[str]) -> bool:
    return any(not arg.isascii() and any("\ud800" <= ch <= "\udfff" for ch in arg) for arg in args)


def run() -> None:
    completing = any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ)
    name = None if completing else command_name(sys.argv[1:])
    if name in QUICK_COMMANDS and all(
        arg.isascii() or arg.encode("utf-8", "surrogatepass") == arg.encode("utf-8", "ignore") for arg in sys.argv[1:]
    ):
        # (an argument that is not valid UTF-8 goes the Typer way, which refuses it by name)
        from zhitong.commands import quick

        status = quick.run(sys.argv[1:])
        if status is not None:
            quick.leave(status)
    modules = COMMAND_MODULES.get(name or "")
    if modules:
        app = load(modules)
    elif not completing and asks_for_the_command_list(sys.argv[1:]):
        app = command_list_app(load(MODULES))
    else:
        app = load_all()
    app(prog_name="zhitong")
