"""Maintenance: check the database, back it up."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zhitong.commands.app import JsonOption, app, emit_json, out, say, state
from zhitong.text.i18n import tr

MAINTENANCE = "Maintenance"


@app.command(rich_help_panel=MAINTENANCE)
def check(as_json: JsonOption = False):
    """Verify the database: SQLite's integrity and foreign keys, then zhitong's own invariants.

    Every case must begin with its intake event, its stored state must be what its history
    says, and its deadlines what the policy it recorded and the calendar give. Each problem is
    listed; the exit status is 1 when there is any (for cron), 0 when all is well.

    Example:

        zhitong check || mail -s "zhitong check failed" officer@example.org
    """
    problems = state().store.problems()
    if as_json:
        emit_json([tr(template, **fields) for template, fields in problems])
    elif problems:
        for template, fields in problems:
            out(tr(template, **fields))
    else:
        say("all checks passed")
    if problems:
        raise typer.Exit(1)


@app.command(rich_help_panel=MAINTENANCE)
def backup(
    destination: Annotated[Path, typer.Argument(help="The new file to write the copy to.", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file (an older backup, never the database in use).")] = False,
):
    """Write a consistent copy of the database, safe while other zhitong processes write.

    To restore, stop using zhitong, then copy the backup over the database file (or point
    --db / ZHITONG_DB at it) and run zhitong check.

    Example:

        zhitong backup ~/backups/zhitong-$(date +%F).db
    """
    store = state().store
    store.backup(destination.expanduser(), force=force)
    say("backup written to {path}", path=str(destination))
