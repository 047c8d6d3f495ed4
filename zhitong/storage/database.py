"""The database file: where it lives, creating it safely, refusing anything that is not one.

A new database is built in a private file and linked into place, so a file found at the path
is always judged as it stands; schema changes are applied through ``migrations``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from zhitong.core.errors import DatabaseError, os_error_reason
from zhitong.edge import files

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000


def default_path() -> Path:
    """ZHITONG_DB, or zhitong.db in the platform's user data directory."""
    if os.environ.get("ZHITONG_DB"):
        return Path(os.environ["ZHITONG_DB"]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("zhitong", appauthor=False)) / "zhitong.db"


def connect(path: Path | str | None = None) -> tuple[sqlite3.Connection, Path]:
    """Open (creating on first use) a zhitong database; refuse anything that is not one."""
    path = Path(path).expanduser() if path else default_path()
    _refuse_non_regular(path)  # a device or FIFO refused as the database is not one in use
    files.register_database(path)
    if not path.exists():
        _create(path)
    _refuse_non_sqlite(path)
    try:
        # Judged first through a read-only, immutable look, which leaves another application's
        # WAL, journal or newer schema exactly as found: a normal open could checkpoint its WAL,
        # roll back its hot journal or delete its -wal on close.
        try:
            peeked = _peek_migrations(path)
        except sqlite3.DatabaseError:
            # The file alone does not read (a checkpoint cut short leaves it needing its WAL):
            # judged by the normal open below, as before.
            peeked = ["?"]
        if not peeked:
            raise DatabaseError(
                "{path} is an SQLite database, but not zhitong's; it was left untouched",
                hint="name another file with --db",
                path=str(path),
            )
        _refuse_newer(path, [name for name in peeked if name != "?"])
        if "?" not in peeked and _read_only_place(path):
            return _open_read_only(path, peeked), path
        # check_same_thread off: the bulk import runs its inserts on a second thread (storage/queries._Writer),
        # one statement at a time while the first waits; SQLite itself serialises a connection's calls
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        applied = _applied_migrations(conn)
        if not applied:
            conn.close()
            raise DatabaseError(
                "{path} is an SQLite database, but not zhitong's; it was left untouched",
                hint="name another file with --db",
                path=str(path),
            )
        from zhitong.storage.migrations import KNOWN

        unknown = [name for name in applied if name not in KNOWN]
        if unknown:
            conn.close()
            raise DatabaseError(
                "{path} was made by a newer zhitong (schema {name}); upgrade zhitong to use it",
                path=str(path),
                name=unknown[-1],
            )
        _configure(conn)
        if len(applied) < len(KNOWN):
            _migrate(conn)
    except sqlite3.DatabaseError as error:
        raise DatabaseError("{path} cannot be read as a zhitong database: {reason}", path=str(path), reason=str(error)) from None
    return conn, path


def _read_only_place(path: Path) -> bool:
    """Whether the database sits where nothing may be written (a read-only folder, disk or file).

    SQLite in WAL mode writes its -shm beside the file even to read, so there a normal open
    fails; a file with a -wal to replay is left to the normal open, which says why it cannot.
    """
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size:
        return False
    return not (os.access(path.parent, os.W_OK) and os.access(path, os.W_OK))


def _open_read_only(path: Path, applied: list[str]) -> sqlite3.Connection:
    """A read-only, immutable connection: every read works, every write says why it cannot."""
    from zhitong.storage.migrations import KNOWN

    if len(applied) < len(KNOWN):
        raise DatabaseError(
            "{path} needs upgrading, and its folder cannot be written",
            hint="copy it to a folder you may write to, or run zhitong once where it can be written",
            path=str(path),
        )
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _refuse_non_regular(path: Path) -> None:
    """A FIFO, socket, device or directory is refused before anything opens it (opening a FIFO would wait forever)."""
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return  # absent (created next) or unreadable (the open says why)
    if stat.S_ISDIR(mode):
        raise DatabaseError("cannot open {path}: {reason}", path=str(path), reason="it is a directory, not a file")
    if not stat.S_ISREG(mode):
        raise DatabaseError(
            "{path} is not a regular file (a directory, device, FIFO or socket); it was left untouched",
            hint="name another file with --db",
            path=str(path),
        )


def _peek_migrations(path: Path) -> list[str] | None:
    """The applied migrations as the file itself holds them, read without touching it or anything beside it."""
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return _applied_migrations(conn)
    finally:
        conn.close()


def _refuse_newer(path: Path, applied: list[str]) -> None:
    from zhitong.storage.migrations import KNOWN

    unknown = [name for name in applied if name not in KNOWN]
    if unknown:
        raise DatabaseError(
            "{path} was made by a newer zhitong (schema {name}); upgrade zhitong to use it",
            path=str(path),
            name=unknown[-1],
        )


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    # FULL: the WAL is flushed to the disk at every commit, so a case reported saved survives a
    # power cut. It costs one fsync a write (median 7.9 ms against 0.06 ms, on a command of
    # ~200 ms) and nothing measurable on the bulk import, which commits once.
    conn.execute("PRAGMA synchronous = FULL")


def _create(path: Path) -> None:
    """Build the schema in a private file, then link it into place in one step.

    A database is never visible half-made, so any file found at the path — empty ones
    included — is judged as it stands; when several processes race to create it, the first
    link wins and the others use its file.
    """
    import tempfile

    try:
        files.make_private_directory(path.parent)
        fd, building = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
    except OSError as error:
        raise DatabaseError("cannot create the database {path}: {reason}", path=str(path), reason=os_error_reason(error)) from None
    os.close(fd)  # mkstemp made it 0600, and SQLite keeps that mode for the WAL beside it
    try:
        conn = sqlite3.connect(building, isolation_level=None)
        try:
            _configure(conn)
            _migrate(conn)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        try:
            os.link(building, path)
        except FileExistsError:
            pass
    finally:
        for leftover in (building, f"{building}-wal", f"{building}-shm"):
            Path(leftover).unlink(missing_ok=True)


def _refuse_non_sqlite(path: Path) -> None:
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseError("cannot open {path}: {reason}", path=str(path), reason=os_error_reason(error)) from None
    if header != SQLITE_HEADER:
        raise DatabaseError(
            "{path} is not a zhitong database (not an SQLite file); it was left untouched",
            hint="name another file with --db",
            path=str(path),
        )


def is_demo_database(path: Path) -> bool:
    """Whether ``path`` holds a database that ``zhitong demo`` built (and may rebuild)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'zhitong_demo'").fetchone() is not None
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def _applied_migrations(conn: sqlite3.Connection) -> list[str] | None:
    """Names of applied zhitong migrations; None for a database that has other tables only."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "_sqlite_migrations" not in tables:
        return None
    names = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = 'zhitong' ORDER BY id")]
    return names or None


def _migrate(conn: sqlite3.Connection) -> None:
    from sqlite_utils import Database

    from zhitong.storage.migrations import migrations

    db = Database(conn, execute_plugins=False, recursive_triggers=False)
    conn.execute("BEGIN IMMEDIATE")
    try:
        migrations().apply(db)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


# Writes are refused on a damaged file: ``PRAGMA quick_check`` runs before the first write of a
# command (~10 ms a MiB), unless the file is exactly as a zhitong command that checked it left
# it (``remember_checked``): then nothing outside zhitong has touched it since, and a book of a
# million cases is not read whole before every ``new``.
CHECKED_SUFFIX = "-checked"


def _fingerprint(path: Path) -> list:
    """What changes whenever anything writes the file or its WAL: device, inode, size, mtime and ctime
    (ctime cannot be set back by hand, as mtime can)."""
    found: list = []
    for name in (path, Path(f"{path}-wal")):
        try:
            status = os.stat(name)
        except OSError:
            status = None
        # an empty WAL (each connection makes one as it opens) holds nothing of the book
        is_empty_wal = status is not None and name != path and status.st_size == 0
        found.append(
            None
            if status is None or is_empty_wal
            else [status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]
        )
    return found


def _as_checked(path: Path) -> bool:
    import json

    try:
        return json.loads(Path(f"{path}{CHECKED_SUFFIX}").read_text(encoding="utf-8")) == _fingerprint(path)
    except (OSError, ValueError):
        return False


def remember_checked(path: Path) -> None:
    """Note the file as a command that checked it and wrote leaves it, for the next one.

    The note is a cache: a failure to write it (a read-only place, a full disk) costs the next
    command its check, nothing else.
    """
    import json

    note = Path(f"{path}{CHECKED_SUFFIX}")
    try:
        temporary = files.temporary_beside(note)
    except OSError:
        return
    try:
        temporary.write_text(json.dumps(_fingerprint(path)), encoding="utf-8")
        files.place(temporary, note, force=True)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """SQLite's quick check: ["ok"], or the first problems it finds."""
    try:
        return [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as error:
        return [str(error)]


def refuse_damaged(conn: sqlite3.Connection, path: Path, *, always: bool = False) -> None:
    """Refuse to write to (or back up) a file whose quick check fails, with the advice to restore it.

    The check is skipped on a file just as a checked command left it, except for a backup (``always``).
    """
    if not always and _as_checked(path):
        return
    found = quick_check(conn)
    if found != ["ok"]:
        lines = [line for text in found for line in str(text).splitlines() if line.strip() and not line.startswith("***")]
        raise DatabaseError(
            "{path} is damaged ({reason}); nothing was written",
            hint="restore it from a backup (see the README) and run zhitong check",
            path=str(path),
            reason=(lines or found)[0],
        )
