"""Every file zhitong writes: guarded, private, written aside and moved into place.

This module is the one home of writing a file the officer names. A command that writes one
(``export -o``, ``digest -o``, ``urge --notice -o``, ``import --template -o``, ``package letter
-o``, ``backup``) opens it with ``output_stream(path, encoding, force=force)`` — or, for a file
another library fills (the backup), calls ``guard_output`` and ``place`` — and never ``open(path,
"w")`` itself. That is what makes these hold for every writer:

- the live database, its ``-wal``/``-shm``/``-journal``, and any SQLite file are never written
  over (even with ``--force``: a backup may replace an older zhitong backup, nothing else);
- a device, FIFO, socket or directory is refused (``-o -`` means standard output);
- an existing file is replaced only with ``--force``, and the message says so;
- the data goes to a unique private temporary file beside the target, which is linked into
  place (or, with ``--force``, renamed over it), so a reader never sees half a file and two
  writers at once leave one whole file and one refusal;
- files are 0600 and directories 0700, whatever the umask (``protect``).
"""

from __future__ import annotations

import io
import os
import stat
import sys
from contextlib import contextmanager
from pathlib import Path

from zhitong.core.errors import InputError

SQLITE_HEADER = b"SQLite format 3\x00"
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
FILE_MODE = 0o600
DIRECTORY_MODE = 0o700

# The databases this process opened (storage/database.connect registers them), so that a
# write to one by another name (a link, a relative path) is refused too.
_live_databases: set[Path] = set()


def register_database(path: Path) -> None:
    """Mark ``path`` as a database in use: no output may be written over it or its companions."""
    try:
        _live_databases.add(Path(path).resolve())
    except OSError:
        _live_databases.add(Path(path).absolute())


def is_stdout(path: Path | str | None) -> bool:
    return path is None or str(path) == "-"


def protect(path: Path | str, *, directory: bool = False) -> None:
    """Owner-only: 0600 for a file, 0700 for a directory, whatever the umask."""
    os.chmod(path, DIRECTORY_MODE if directory else FILE_MODE)


def make_private_directory(path: Path) -> None:
    """Create ``path`` and any missing parent, each one 0700 whatever the umask."""
    missing = []
    current = Path(path)
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=DIRECTORY_MODE)
        except FileExistsError:
            continue
        protect(directory, directory=True)


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _is_live(path: Path) -> bool:
    try:
        resolved = path.resolve()
    except OSError:
        resolved = path.absolute()
    if resolved in _live_databases:
        return True
    try:
        return any(live.exists() and os.path.samefile(live, path) for live in _live_databases)
    except OSError:
        return False


def _database_of_companion(path: Path) -> Path | None:
    """The database whose ``-wal``, ``-shm`` or ``-journal`` ``path`` is, if it is one."""
    for suffix in COMPANION_SUFFIXES:
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            database = path.with_name(path.name[: -len(suffix)])
            if _is_live(database) or _is_sqlite(database):
                return database
    return None


def _is_zhitong_database(path: Path) -> bool:
    import sqlite3

    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'").fetchone() is not None
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def guard_output(path: Path | str | None, force: bool = False, *, replaces_backup: bool = False) -> Path | None:
    """The file to write, checked; None for standard output (no path, or ``-``).

    Refuses the live database and its companions, any SQLite file, anything that is not a
    regular file, and an existing file unless ``force``. ``replaces_backup`` (``backup
    --force``): an older zhitong database that is not in use may be replaced.
    """
    if is_stdout(path):
        return None
    path = Path(path).expanduser()
    shown = str(path)
    if _is_live(path):
        raise InputError("{path} is the zhitong database in use; zhitong will not write over it", hint="name another file", path=shown)
    database = _database_of_companion(path)
    if database is not None:
        raise InputError(
            "{path} belongs to the database {database}; zhitong will not write over it",
            hint="name another file",
            path=shown,
            database=str(database),
        )
    try:
        found = path.stat()
    except FileNotFoundError:
        return path
    except OSError:
        return path  # the write itself says why (permission, a part of the path not a directory)
    if stat.S_ISDIR(found.st_mode):
        raise InputError("{path} is a directory", hint="name a file inside it", path=shown)
    if not stat.S_ISREG(found.st_mode):
        raise InputError(
            "{path} is a device, FIFO or socket, not a file; zhitong writes only to files",
            hint="name a file, or give -o - for standard output",
            path=shown,
        )
    if _is_sqlite(path) and not (replaces_backup and _is_zhitong_database(path)):
        raise InputError("{path} is an SQLite database; zhitong will not write over it", hint="name another file", path=shown)
    if not force:
        raise InputError("{path} already exists; add --force to replace it", path=shown)
    return path


def temporary_beside(path: Path) -> Path:
    """A new, unique, private (0600) empty file beside ``path``, to be ``place``d over it."""
    import tempfile

    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    return Path(name)


def place(temporary: Path, path: Path, force: bool) -> None:
    """Move the finished ``temporary`` to ``path``: linked (refused if someone got there first), or with
    ``force`` renamed over it. The temporary name is gone afterwards either way."""
    protect(temporary)
    if force:
        os.replace(temporary, path)
        return
    try:
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise InputError("{path} already exists; add --force to replace it", path=str(path)) from None
        except OSError:
            # A file system without hard links: claim the name exclusively, then rename over it.
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
            os.close(fd)
            os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


@contextmanager
def output_stream(path: Path | str | None, encoding: str = "utf-8", *, force: bool = False, binary: bool = False):
    """A stream to ``path`` (guarded, written aside, then moved into place) or to stdout (None or ``-``).

    ``force``: the command's ``--force``; without it an existing file is refused, before
    anything is written and again when the file is put in place.
    """
    target = guard_output(path, force)
    if target is None:
        sys.stdout.flush()
        if binary:
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
            return
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding=encoding, newline="")
        try:
            yield stream
            stream.flush()
        finally:
            try:
                stream.detach()
            except (BrokenPipeError, ValueError):
                pass
        return
    try:
        partial = temporary_beside(target)
    except OSError as error:
        error.filename = str(target)
        raise
    try:
        mode = "wb" if binary else "w"
        options = {} if binary else {"encoding": encoding, "newline": ""}
        with open(partial, mode, **options) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        place(partial, target, force)
    except OSError as error:
        if error.filename in (partial, str(partial)):
            error.filename = str(target)  # the officer named the target, not the file written beside it first
        raise
    finally:
        partial.unlink(missing_ok=True)
