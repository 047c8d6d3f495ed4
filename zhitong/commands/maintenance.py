"""Maintenance: check the database, print its anchor, back it up."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from zhitong.commands.app import JsonOption, app, emit_json, out, say, state
from zhitong.text.i18n import tr

MAINTENANCE = "Maintenance"


@app.command(rich_help_panel=MAINTENANCE)
def check(
    anchor: Annotated[
        Optional[str],
        typer.Option(
            "--anchor", help="Also prove the history up to this anchor code (from zhitong anchor or stats) unchanged.", show_default=False
        ),
    ] = None,
    as_json: JsonOption = False,
):
    """Verify the database: SQLite's integrity and foreign keys, then zhitong's own invariants.

    The triggers must be zhitong's, word for word; the history's hash chain must hold; every
    case must begin with its intake event, its stored fields must be what its history
    recorded, and its deadlines what the policy it recorded and the calendar give. With
    --anchor, the history up to that code must be unchanged since it was printed. Each problem
    is listed; the exit status is 1 when there is any (for cron), 0 when all is well.

    Example:

        zhitong check || mail -s "zhitong check failed" officer@example.org
        zhitong check --anchor 3f2a-9c1b-07de-44a0
    """
    from zhitong.core import chain
    from zhitong.core.errors import DatabaseError, InputError
    from zhitong.storage import check as checks

    if anchor is not None and chain.parse_anchor(anchor) is None:
        raise InputError(
            "{value!r} is not an anchor code", hint="an anchor reads like 3f2a-9c1b-07de-44a0, as zhitong anchor prints it", value=anchor
        )
    context = state()
    try:
        store = context.store
    except DatabaseError:
        from zhitong.storage.database import default_path

        damaged = checks.integrity_of(context.db_path or default_path())
        if not damaged:
            raise
        _tell(damaged, as_json)
        raise typer.Exit(1) from None
    problems = checks.problems(store)
    proved = None
    if anchor is not None and not any(template.startswith("integrity") for template, _fields in problems):
        event_id, _count = checks.anchor(store.conn, anchor)
        code = chain.anchor_code(chain.parse_anchor(anchor))
        if event_id is None and chain.parse_anchor(anchor) != chain.GENESIS[: chain.ANCHOR_DIGITS]:
            problems.append(("no event's hash is the anchor {code}: the history up to it was changed or removed", {"code": code}))
        else:
            proved = ("the history up to anchor {code} (event {id}) is unchanged", {"code": code, "id": event_id or 0})
    _tell(problems, as_json)
    if problems:
        raise typer.Exit(1)
    if not as_json:
        if proved:
            say(*proved[:1], **proved[1])
        say("all checks passed")


def _tell(problems, as_json: bool) -> None:
    if as_json:
        emit_json([tr(template, **fields) for template, fields in problems])
    else:
        for template, fields in problems:
            out(tr(template, **fields))


@app.command(rich_help_panel=MAINTENANCE)
def anchor(as_json: JsonOption = False):
    """Print the history's anchor: a short code that fixes every event recorded so far.

    Write it down or hand it on (the month's report prints it too): zhitong check --anchor
    CODE later proves that nothing recorded up to that moment was changed or removed since,
    even by someone who could edit the file.

    Example:

        zhitong anchor
        zhitong check --anchor 3f2a-9c1b-07de-44a0
    """
    from zhitong.storage import chain as history

    code, count = history.anchor(state().store.conn)
    if as_json:
        emit_json({"anchor": code, "events": count})
    else:
        out(code)


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
