"""`zhitong --help` and every command's help: commands grouped by what they are for, examples kept as written."""

from __future__ import annotations

import typer

PANEL_ORDER = ("Getting started", "Cases", "Views", "Reports", "Records", "Calendar", "Maintenance")


def format_command_sections(group, ctx, formatter) -> None:
    """List the sub-commands under their panel headings (Cases, Views, Reports, …).


    Typer draws rich_help_panel sections only through Rich, which zhitong turns off
    (rich_markup_mode=None) for fast, plain help; this does the same with Click's formatter.
    Names line up across sections.
    """
    sections: dict[str, list] = {}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        sections.setdefault(getattr(command, "rich_help_panel", None) or "Commands", []).append((name, command))
    if not sections:
        return
    cells = max(len(name) for entries in sections.values() for name, _command in entries)
    limit = formatter.width - 6 - cells
    order = [title for title in PANEL_ORDER if title in sections] + [title for title in sections if title not in PANEL_ORDER]
    for title in order:
        rows = [(name.ljust(cells), command.get_short_help_str(limit)) for name, command in sections[title]]
        with formatter.section(title):
            formatter.write_dl(rows)


def keep_examples_verbatim(typer_app: typer.Typer) -> None:
    """Mark each indented block of every command's help (its examples) as not to be re-wrapped.


    Click re-flows help paragraphs unless they start with a \\b line; writing that marker into
    every docstring would clutter them, so it is added here once, before Typer reads them.
    """
    import inspect

    for info in typer_app.registered_commands:
        _mark(info.callback, inspect)
    for group in typer_app.registered_groups:
        keep_examples_verbatim(group.typer_instance)


def _mark(function, inspect) -> None:
    if function is None or not function.__doc__ or "\b" in function.__doc__:
        return
    paragraphs = inspect.cleandoc(function.__doc__).split("\n\n")
    function.__doc__ = "\n\n".join("\b\n" + p if p.startswith("    ") else p for p in paragraphs)
