"""Output and errors without the command framework: what every command prints, and how.

Data goes to stdout, messages for the officer to stderr in their language. Typer is not
imported here, so that the quick path of the daily views (``quick``) can use the same
functions as the commands.
"""

from __future__ import annotations

import os
import sqlite3
import sys

from zhitong.core.errors import DatabaseError, InputError, ZhitongError
from zhitong.text import i18n


def out(text: str = "") -> None:
    _write(sys.stdout, text)


def say(template: str, **fields) -> None:
    """A message for the officer (stderr, their language); data goes to stdout."""
    _write(sys.stderr, printable(i18n.tr(template, **fields)))


def emit_json(value) -> None:
    import json

    out(json.dumps(value, ensure_ascii=False, indent=2))


def error_line(error: ZhitongError) -> None:
    _write(sys.stderr, printable(i18n.tr("error: ") + i18n.message(error)))


def _write(stream, text: str) -> None:
    if stream is None:  # started with the stream closed (`2>&-`): nothing to say it to, as click.echo
        return
    line = text + "\n"
    buffer = getattr(stream, "buffer", None)
    if buffer is not None and _says_ascii(stream):
        # A stream set up for ASCII (PYTHONIOENCODING=ascii) cannot carry Chinese: UTF-8 bytes
        # instead, as click.echo does.
        stream.flush()
        buffer.write(line.encode("utf-8", "replace"))
        buffer.flush()
        return
    stream.write(line)
    stream.flush()


def _says_ascii(stream) -> bool:
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "ascii"
    except LookupError:
        return False


def printable(text: str) -> str:
    """Text for the terminal: user input inside a message is shown, never obeyed."""
    from zhitong.text.render import clean

    return "\n".join(clean(line) for line in text.split("\n"))


def known_error(error: BaseException) -> ZhitongError | None:
    """The one-line error a failure while running a command becomes; None for a bug of ours.

    SQLite's errors name a database that cannot be written or is not zhitong's; OS errors
    name the file and why, in the officer's language.
    """
    if isinstance(error, ZhitongError):
        return error
    if isinstance(error, sqlite3.OperationalError):
        if "disk is full" in str(error) or getattr(error, "sqlite_errorname", "") == "SQLITE_FULL":
            return DatabaseError("the disk is full; nothing was saved", hint="free some space on it and try again")
        if "readonly" in str(error):
            return DatabaseError(
                "the database cannot be written here: {reason}", hint="it needs a folder and file zhitong may write to", reason=str(error)
            )
        return DatabaseError("the database could not be written: {reason}", reason=str(error))
    if isinstance(error, sqlite3.DatabaseError):
        if "malformed" in str(error):
            return DatabaseError(
                "the database is damaged: {reason}",
                hint="restore it from a backup (see the README) and run zhitong check",
                reason=str(error),
            )
        return DatabaseError("the database is damaged or not zhitong's: {reason}", reason=str(error))
    if isinstance(error, OSError) and not isinstance(error, BrokenPipeError):
        if error.filename is None:  # the output itself: stdout to a full disk, say
            return InputError("the output could not be written: {reason}", reason=i18n.os_error_reason(error))
        return InputError("{path}: {reason}", path=str(error.filename), reason=i18n.os_error_reason(error))
    if isinstance(error, ValueError) and "null byte" in str(error):
        return InputError("a file name or argument cannot contain a NUL character")
    return None


def warn_coverage(store) -> None:
    """Every command that computes deadlines warns when the calendar is about to run out."""
    from zhitong.core.calendar_data import coverage_warning
    from zhitong.edge.when import now

    message = coverage_warning(store.covered_years(), now())
    if message:
        say(message[0], **message[1])


def internal_error(error: BaseException) -> ZhitongError:
    """A bug of ours: still one line, never a traceback."""
    return ZhitongError(
        "internal error, nothing was saved: {kind}: {reason} (ZHITONG_DEBUG=1 shows details)", kind=type(error).__name__, reason=str(error)
    )


def silence_stdout() -> None:
    """Point stdout at /dev/null so that the flush at exit cannot fail on a closed pipe again."""
    import io

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass
