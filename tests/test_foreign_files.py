"""Foreign and damaged files are left exactly as found; a full disk and a damaged file are told plainly."""

from __future__ import annotations

import os
import socket
import sqlite3
import stat
import threading
from pathlib import Path

from conftest import error_line

from zhitong.storage import database


def _snapshot(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir()) if p.name.startswith(path.name)}


def _foreign_wal(path: Path) -> None:
    """Another application's WAL database with committed rows still in its -wal (not checkpointed)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("INSERT INTO notes VALUES ('only in the wal')")
    conn.commit()
    # Copy the three files as they stand while the writer still holds them: a crash, in effect.
    saved = {name: (path.parent / name).read_bytes() for name in os.listdir(path.parent) if name.startswith(path.name)}
    conn.close()
    for name in os.listdir(path.parent):
        if name.startswith(path.name):
            (path.parent / name).unlink()
    for name, data in saved.items():
        (path.parent / name).write_bytes(data)


def test_another_applications_wal_database_is_left_exactly_as_found(zt, tmp_path):
    target = tmp_path / "other.db"
    _foreign_wal(target)
    before = _snapshot(target)
    assert f"{target.name}-wal" in before
    error_line(zt("--db", target, "pending", code=2), "but not zhitong's", "it was left untouched")
    error_line(zt("--db", target, "new", "新奥", "x", "-c", "routine", code=2), "but not zhitong's")
    assert _snapshot(target) == before


def test_a_newer_zhitongs_database_keeps_its_wal(book, isolated):
    book("new", "新奥集团", "x", "-c", "routine")
    path = isolated / "zhitong.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('zhitong', '9999_future', 'x')")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT INTO departments (name, created_at) VALUES ('未来的部门', 'x')")
    conn.commit()
    saved = {name: (path.parent / name).read_bytes() for name in os.listdir(path.parent) if name.startswith(path.name)}
    conn.close()
    for name, data in saved.items():
        (path.parent / name).write_bytes(data)
    before = _snapshot(path)
    error_line(book("dept", "list", code=2), "was made by a newer zhitong")
    assert _snapshot(path) == before


def test_a_hot_journal_of_a_foreign_database_is_not_rolled_back(zt, tmp_path):
    target = tmp_path / "journaled.db"
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    Path(f"{target}-journal").write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + b"\x00" * 504)
    before = _snapshot(target)
    error_line(zt("--db", target, "list", code=2), "it was left untouched")
    assert _snapshot(target) == before


def test_a_fifo_socket_or_directory_as_the_database_is_refused_at_once(zt, tmp_path):
    fifo = tmp_path / "fifo.db"
    os.mkfifo(fifo)
    sock_path = tmp_path / "sock.db"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    outcome = {}

    def run():
        for name, target in (("fifo", fifo), ("socket", sock_path), ("dir", tmp_path), ("device", Path("/dev/null"))):
            outcome[name] = zt("--db", target, "pending", code=2)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=60)
    server.close()
    assert not worker.is_alive(), "a command waited on a FIFO"
    error_line(outcome.pop("dir"), "it is a directory, not a file")
    for result in outcome.values():
        error_line(result, "is not a regular file", "it was left untouched")


def _flip_a_page(target: Path, name: str = "cases_received") -> None:
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    conn.close()
    data = bytearray(target.read_bytes())
    start = (root - 1) * page_size
    data[start + 8 : start + page_size] = bytes(b ^ 0xFF for b in data[start + 8 : start + page_size])
    target.write_bytes(bytes(data))


def test_writes_and_backup_are_refused_on_a_damaged_file(book, isolated, tmp_path):
    for n in range(30):
        book("new", "新奥集团", f"诉求 {n}", "-c", "routine")
    path = isolated / "zhitong.db"
    _flip_a_page(path)
    before = path.read_bytes()
    error_line(book("new", "新奥集团", "再来一件", "-c", "routine", code=2), "is damaged", "restore it from a backup")
    error_line(book("backup", tmp_path / "copy.db", code=2), "is damaged", "restore it from a backup")
    assert path.read_bytes() == before and not (tmp_path / "copy.db").exists()


def _keep_times(path: Path, change) -> None:
    """``change(path)``, then the file's access and modification times put back as they were."""
    before = path.stat()
    change(path)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_a_write_notes_the_file_as_checked_and_any_change_outside_is_checked_again(book, isolated, tmp_path):
    for n in range(30):
        book("new", "新奥集团", f"诉求 {n}", "-c", "routine")
    path = isolated / "zhitong.db"
    note = Path(f"{path}{database.CHECKED_SUFFIX}")
    assert note.exists() and stat.S_IMODE(note.stat().st_mode) == 0o600
    assert database._as_checked(path)
    assert not Path(f"{path}-wal").exists()  # the last connection folded its WAL into the file
    # a page flipped in place, with the modification time put back: the change time still tells
    reader = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    page_size = reader.execute("PRAGMA page_size").fetchone()[0]
    root = reader.execute("SELECT rootpage FROM sqlite_master WHERE name = 'cases_received'").fetchone()[0]
    reader.close()

    def flip(target):
        with open(target, "r+b") as handle:
            handle.seek((root - 1) * page_size + 8)
            page = handle.read(page_size - 8)
            handle.seek((root - 1) * page_size + 8)
            handle.write(bytes(b ^ 0xFF for b in page))

    _keep_times(path, flip)
    assert not database._as_checked(path)
    error_line(book("new", "新奥集团", "又一件", "-c", "routine", code=2), "is damaged", "restore it from a backup")


def test_a_file_as_a_checked_command_left_it_is_not_read_whole_again(book, isolated, tmp_path, monkeypatch):
    checks = []
    real = database.quick_check
    monkeypatch.setattr(database, "quick_check", lambda conn: checks.append(1) or real(conn))
    book("new", "新奥集团", "先来的", "-c", "routine")
    book("respond", "ZT-2026-0001", "--owner", "张科长", "--plan", "现场查看", "--eta", "2026-12-04")
    path = isolated / "zhitong.db"
    assert len(checks) == 1  # the book was new to this process once; after that, as zhitong left it
    sqlite3.connect(path).execute("PRAGMA user_version = 0").close()  # anything written from outside
    book("note", "ZT-2026-0001", "已电话联系")
    assert len(checks) == 2
    book("backup", tmp_path / "copy.db")  # a backup checks whatever the note says
    assert len(checks) == 3


def test_a_note_that_cannot_be_written_costs_nothing_but_the_next_check(book, isolated, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    book("new", "新奥集团", "先来的", "-c", "routine")
    path = isolated / "zhitong.db"
    Path(f"{path}{database.CHECKED_SUFFIX}").unlink()
    monkeypatch.setattr(database.os, "open", refuse)
    book("new", "新奥集团", "再来一件", "-c", "routine")
    monkeypatch.undo()
    assert not Path(f"{path}{database.CHECKED_SUFFIX}").exists()
    assert [name for name in os.listdir(isolated) if name.startswith(".zhitong")] == []


def test_a_full_disk_says_so(book, monkeypatch):
    book("new", "新奥集团", "先来的", "-c", "routine")
    configure = database._configure

    def full(conn):
        configure(conn)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(database, "_configure", full)
    result = book("new", "新奥集团", "很长的一件", "--detail", "说明" * 2400, "-c", "routine", code=2)
    error_line(result, "the disk is full; nothing was saved")
    monkeypatch.setattr(database, "_configure", configure)
    assert len(book.json("list")) == 1


def test_a_commit_is_flushed_to_the_disk(book, isolated):
    from zhitong.store import open_store

    book("dept", "list")
    store = open_store(isolated / "zhitong.db")
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
