"""No command writes over the database or a file it should not; every file written is private."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import error_line

from zhitong.edge import files
from zhitong.store import open_store

MON = "2026-11-23 10:00"


@pytest.fixture
def case_book(book):
    book("new", "新奥集团", "华翔路封路", "--category", "routine", "--dept", "经济发展局", "--at", MON)
    return book


def _cases(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT COUNT(*) FROM cases").fetchone()[0]


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_export_onto_the_live_database_or_its_companions_is_refused(case_book, isolated, suffix):
    database = isolated / "zhitong.db"
    target = Path(f"{database}{suffix}")
    before = target.read_bytes() if target.exists() else None
    result = case_book("export", "--all", "-o", target, code=2)
    error_line(result, str(target), "zhitong will not write over it")
    assert (target.read_bytes() if target.exists() else None) == before
    assert _cases(database) == 1
    assert "all checks passed" in case_book("check").stderr


def test_export_onto_the_live_database_by_another_name_is_refused(case_book, isolated):
    link = isolated / "another-name.db"
    link.symlink_to(isolated / "zhitong.db")
    error_line(case_book("export", "--all", "-o", link, code=2), "zhitong will not write over it")
    assert _cases(isolated / "zhitong.db") == 1


def test_export_onto_any_sqlite_database_is_refused_even_with_force(case_book, tmp_path):
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    result = case_book("export", "--all", "-o", other, "--force", code=2)
    error_line(result, f"{other} is an SQLite database; zhitong will not write over it")
    assert other.read_bytes() == before


def test_an_existing_output_is_replaced_only_with_force(case_book, tmp_path):
    target = tmp_path / "report.csv"
    target.write_text("keep me")
    result = case_book("export", "--all", "-o", target, code=2)
    error_line(result, f"{target} already exists; add --force to replace it")
    assert target.read_text() == "keep me"
    case_book("export", "--all", "-o", target, "--force")
    assert "华翔路封路" in target.read_text(encoding="utf-8-sig")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


def test_a_directory_fifo_or_device_as_output_is_refused(case_book, tmp_path):
    error_line(case_book("export", "--all", "-o", tmp_path, code=2), f"{tmp_path} is a directory")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    error_line(case_book("export", "--all", "-o", fifo, "--force", code=2), "is a device, FIFO or socket")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    result = case_book("export", "--all", "-o", "/dev/null", "--force", code=2)
    error_line(result, "/dev/null is a device, FIFO or socket", "-o -")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_dash_is_standard_output(case_book):
    assert "华翔路封路" in case_book("export", "--all", "-o", "-").stdout


@pytest.fixture
def open_umask():
    previous = os.umask(0)
    yield
    os.umask(previous)


def test_files_and_directories_made_are_owner_only_whatever_the_umask(case_book, tmp_path, isolated, open_umask):
    export = tmp_path / "out.csv"
    case_book("export", "--all", "-o", export)
    assert stat.S_IMODE(export.stat().st_mode) == 0o600
    forced = tmp_path / "forced.csv"
    forced.write_text("old")
    os.chmod(forced, 0o666)
    case_book("export", "--all", "-o", forced, "--force")
    assert stat.S_IMODE(forced.stat().st_mode) == 0o600
    copy = tmp_path / "copy.db"
    case_book("backup", copy)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    case_book("config", "set", "officer", "张专员")
    config = isolated / "config"
    assert stat.S_IMODE(config.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in config.iterdir())
    nested = tmp_path / "a" / "b" / "zhitong.db"
    case_book("--db", nested, "dept", "list")
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "a" / "b").stat().st_mode) == 0o700
    assert stat.S_IMODE(nested.stat().st_mode) == 0o600


def test_backup_never_deletes_a_file_it_did_not_make(case_book, tmp_path):
    target = tmp_path / "copy.db"
    unrelated = tmp_path / "copy.db.partial"
    unrelated.write_text("someone else's")
    case_book("backup", target)
    assert unrelated.read_text() == "someone else's"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".copy", "copy"))) == ["copy.db", "copy.db.partial"]


def test_backup_refuses_the_live_database_and_replaces_an_old_backup_only_with_force(case_book, isolated, tmp_path):
    database = isolated / "zhitong.db"
    error_line(case_book("backup", database, "--force", code=2), "is the zhitong database in use")
    assert _cases(database) == 1
    copy = tmp_path / "copy.db"
    case_book("backup", copy)
    case_book("new", "新奥集团", "第二件", "--category", "routine", "--at", MON)
    error_line(case_book("backup", copy, code=2), "already exists; add --force to replace it")
    assert _cases(copy) == 1
    case_book("backup", copy, "--force")
    assert _cases(copy) == 2
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    error_line(case_book("backup", foreign, "--force", code=2), "is an SQLite database")


BACKUP_WORKER = textwrap.dedent(
    """
    import sys
    from zhitong.store import open_store
    from zhitong.core.errors import ZhitongError

    store = open_store()
    print("ready", flush=True)
    sys.stdin.readline()
    try:
        store.backup(sys.argv[1])
    except ZhitongError as error:
        print(error.render(), file=sys.stderr)
        sys.exit(2)
    """
)


def test_six_backups_to_one_destination_leave_one_backup_and_five_refusals(case_book, tmp_path):
    target = tmp_path / "copy.db"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", BACKUP_WORKER, str(target)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    for worker in workers:
        assert worker.stdout.readline() == "ready\n", worker.stderr.read()
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    results = [(worker.wait(timeout=120), worker.communicate()[1]) for worker in workers]
    codes = sorted(code for code, _err in results)
    assert codes == [0, 2, 2, 2, 2, 2], results
    for code, err in results:
        if code:
            assert err.strip() == f"{target} already exists; add --force to replace it", err
    store = open_store(target)
    assert store.problems() == []
    assert store.case("ZT-2026-0001").title == "华翔路封路"
    store.close()
    assert sorted(p.name for p in tmp_path.iterdir() if "copy" in p.name) == ["copy.db"]


def test_output_stream_writes_aside_and_links_into_place(tmp_path):
    target = tmp_path / "x.txt"
    with files.output_stream(target, "utf-8") as stream:
        stream.write("hello")
        assert not target.exists()
        assert next(p.name for p in tmp_path.iterdir()).startswith(".x.txt.")
    assert target.read_text() == "hello"
    with pytest.raises(files.InputError, match="add --force"), files.output_stream(target, "utf-8"):
        pass
    with files.output_stream(target, "utf-8", force=True) as stream:
        stream.write("again")
    assert target.read_text() == "again"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def test_package_letter_is_guarded_like_every_output(book, isolated, tmp_path):
    book("fund", "add", "企业云服务专项资金", "--budget", "1000万", "--dept", "经济发展局")
    book("package", "new", "新奥集团", "--title", "新奥集团综合服务包", "--leader", "王主任")
    error_line(book("package", "letter", "PKG-2026-01", "-o", isolated / "zhitong.db", code=2), "zhitong will not write over it")
    target = tmp_path / "letter.txt"
    target.write_text("keep me")
    error_line(book("package", "letter", "PKG-2026-01", "-o", target, code=2), "already exists; add --force to replace it")
    assert target.read_text() == "keep me"
    book("package", "letter", "PKG-2026-01", "-o", target, "--force")
    assert "新奥集团" in target.read_text()


def test_the_import_template_and_the_urge_notice_are_guarded(case_book, isolated, tmp_path):
    database = isolated / "zhitong.db"
    for name in ("zhitong.db", "zhitong.db-wal"):
        result = case_book("import", "--template", "-o", isolated / name.replace("zhitong.db", "zhitong.db"), code=2)
        assert "zhitong will not write over it" in result.stderr
    xlsx = tmp_path / "t.xlsx"
    case_book("import", "--template", "-o", xlsx)
    assert "already exists" in case_book("import", "--template", "-o", xlsx, code=2).stderr
    # refused before a workbook is begun: the process prints the one line and nothing else
    again = subprocess.run([sys.executable, "-m", "zhitong", "import", "--template", "-o", str(xlsx)], capture_output=True, text=True)
    assert again.returncode == 2 and again.stderr.strip().splitlines() == [f"error: {xlsx} already exists; add --force to replace it"]
    before = xlsx.stat().st_mtime_ns
    case_book("import", "--template", "--lang", "zh", "-o", xlsx, "--force")
    assert xlsx.stat().st_mtime_ns != before
    notice = tmp_path / "notice.txt"
    notice.write_text("old")
    case_book("urge", "ZT-2026-0001", "--notice", "-o", notice, "--force")
    assert notice.read_text() != "old"
    assert _cases(database) == 1
