"""The entry point: load only the module that holds the command being run.

Building every command's parameters costs the officer ~30 ms at each start; `zhitong pending`
needs the views and nothing else. Help, completion and unknown names get the whole app.
Plain `pending` and `overdue` command lines skip Typer altogether (``quick``).
"""

from __future__ import annotations

import os
import sys
from importlib import import_module

from zhitong.commands import argv as argv_reader

# Every module that registers commands, in the order `zhitong --help` lists their commands.
MODULES = ("cases", "views", "reports", "records", "calendar", "maintenance", "officer")

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
        ),
        ("cases",),
    ),
    **dict.fromkeys(("pending", "overdue", "due", "list"), ("views",)),
    **dict.fromkeys(("search", "stats", "export", "import"), ("reports",)),
    "ent": ("records", "reports"),
    **dict.fromkeys(("dept", "init", "demo"), ("records",)),
    **dict.fromkeys(("calendar", "policy", "deadline", "recompute"), ("calendar",)),
    **dict.fromkeys(("check", "backup"), ("maintenance",)),
    **dict.fromkeys(("config", "digest"), ("officer",)),
}

# The commands ``quick`` may run without Typer (when their command line is a plain one).
QUICK_COMMANDS = ("pending", "overdue")


def command_name(argv: list[str]) -> str | None:
    """The command a command line names, or None when it asks for help or names none."""
    return argv_reader.read(argv).command


def load(modules) -> object:
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


def run() -> None:
    completing = any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ)
    name = None if completing else command_name(sys.argv[1:])
    if name in QUICK_COMMANDS:
        from zhitong.commands import quick

        status = quick.run(sys.argv[1:])
        if status is not None:
            quick.leave(status)
    modules = COMMAND_MODULES.get(name or "")
    app = load(modules) if modules else load_all()
    app(prog_name="zhitong")
