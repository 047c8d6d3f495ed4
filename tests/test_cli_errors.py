"""Bad input of every kind: one line on stderr, exit 2, no traceback, nothing changed.

Also: every command's --help carries an Example block.
"""

from __future__ import annotations

import os
import sqlite3

import pytest
import typer
import typer.main
import typer.testing
from conftest import error_line

from zhitong.cli import app

MON = "2026-11-23 10:00"


def event_count(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]


@pytest.fixture
def case_book(book, tmp_path, built_once):
    """The book with one assigned routine case, ZT-2026-0001."""

    def steps():
        book("new", "新奥集团", "华翔路封路", "--category", "routine", "--dept", "经济发展局", "--at", MON)

    built_once(steps)
    return book


def assert_unchanged(zt, tmp_path, run):
    """Run ``run()``; the case and the events table must be exactly as before."""
    before_case = zt.json("show", "ZT-2026-0001")
    before_events = event_count(tmp_path / "zhitong.db")
    before_cases = zt.json("list")
    result = run()
    assert zt.json("show", "ZT-2026-0001") == before_case
    assert event_count(tmp_path / "zhitong.db") == before_events
    assert zt.json("list") == before_cases
    return result


# -- unknown references ------------------------------------------------------------------------------


UNKNOWN_REF_COMMANDS = [
    ("show", "ZT-2026-9999"),
    ("show", "nonsense"),
    ("assign", "ZT-2026-9999", "工管委"),
    ("transfer", "ZT-2026-9999", "工管委", "--reason", "x"),
    ("respond", "ZT-2026-9999", "--owner", "a", "--plan", "b", "--eta", "2026-11-30"),
    ("escalate", "ZT-2026-9999", "--reason", "x"),
    ("report", "ZT-2026-9999", "结果"),
    ("resolve", "ZT-2026-9999"),
    ("file", "ZT-2026-9999", "--reason", "x"),
    ("rate", "ZT-2026-9999", "5"),
    ("urge", "ZT-2026-9999"),
    ("pause", "ZT-2026-9999", "--reason", "x"),
    ("resume", "ZT-2026-9999"),
    ("reopen", "ZT-2026-9999", "--reason", "x"),
    ("note", "ZT-2026-9999", "备注"),
]


NO_CASE = {"en": "no case {ref!r}", "zh": "没有编号为 {ref!r} 的诉求"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_unknown_reference(case_book, tmp_path, monkeypatch, lang):
    monkeypatch.setenv("ZHITONG_LANG", lang)

    def run_all():
        for args in UNKNOWN_REF_COMMANDS:
            error_line(case_book(*args, code=2), NO_CASE[lang].format(ref=args[1]), "zhitong list")

    assert_unchanged(case_book, tmp_path, run_all)


# -- malformed input -----------------------------------------------------------------------------------


# 11/24/2026 and 03/04/2026 can be read two ways; zhitong must not guess. Each refusal says
# why, as the officer reads it in English and in Chinese.
BAD_DATES = [
    ("11/24/2026 10:00", "'11/24/2026 10:00' could be read two ways", "'11/24/2026 10:00' 有两种读法，无法确定"),
    ("03/04/2026", "'03/04/2026' could be read two ways", "'03/04/2026' 有两种读法，无法确定"),
    ("2026-13-01", "impossible date '2026-13-01': there is no month 13", "不存在的日期 '2026-13-01'：没有 13 月"),
    (
        "2026-02-30 10:00",
        "impossible date '2026-02-30 10:00': 2026-02 has no day 30",
        "不存在的日期 '2026-02-30 10:00'：2026 年 02 月没有 30 日",
    ),
    ("2026-11-31", "impossible date '2026-11-31': 2026-11 has no day 31", "不存在的日期 '2026-11-31'：2026 年 11 月没有 31 日"),
    ("tomorrow", "2026-11-26 00:00 is in the future", "2026-11-26 00:00 晚于当前时间"),
    ("soon", "cannot read the date-time 'soon'", "无法识别的时间 'soon'"),
    ("24.11.2026", "'24.11.2026' could be read two ways", "'24.11.2026' 有两种读法，无法确定"),
    ("2026-11-24 25:00", "impossible time '2026-11-24 25:00': there is no hour 25", "不存在的时间 '2026-11-24 25:00'：没有 25 点"),
    ("1999-12-31 10:00", "'1999-12-31 10:00' is outside 2000–2099", "'1999-12-31 10:00' 超出直通支持的 2000–2099 年"),
    ("", "empty date-time", "时间为空"),
]


def _why(expected: tuple[str, str], lang: str) -> str:
    return expected[0] if lang == "en" else expected[1]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_malformed_date_on_new(case_book, tmp_path, monkeypatch, lang):
    monkeypatch.setenv("ZHITONG_LANG", lang)

    def run_all():
        for when, *why in BAD_DATES:
            error_line(case_book("new", "新奥", "问题", "--category", "routine", "--at", when, code=2), _why(why, lang))

    assert_unchanged(case_book, tmp_path, run_all)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_malformed_date_on_actions(case_book, tmp_path, monkeypatch, lang):
    monkeypatch.setenv("ZHITONG_LANG", lang)

    def run_all():
        for when, *why in BAD_DATES:
            for args in (("urge", "ZT-2026-0001"), ("resolve", "ZT-2026-0001"), ("note", "ZT-2026-0001", "x")):
                error_line(case_book(*args, "--at", when, code=2), _why(why, lang))

    assert_unchanged(case_book, tmp_path, run_all)


def test_malformed_eta(case_book, tmp_path):
    result = assert_unchanged(
        case_book,
        tmp_path,
        lambda: case_book("respond", "ZT-2026-0001", "--owner", "张", "--plan", "p", "--eta", "2026-02-30", code=2),
    )
    error_line(result, "impossible date '2026-02-30': 2026-02 has no day 30 — it has 28 days")


def test_empty_title(case_book, tmp_path):
    def run_all():
        for title in ("", "   ", "\u3000"):
            error_line(case_book("new", "新奥", title, "--category", "routine", code=2), "title must not be empty")

    assert_unchanged(case_book, tmp_path, run_all)


def test_overlong_title(case_book, tmp_path):
    result = assert_unchanged(case_book, tmp_path, lambda: case_book("new", "新奥", "长" * 1000, "--category", "routine", code=2))
    error_line(result, "title is 1000 characters long; the limit is 200")


def test_rating_out_of_range(case_book, tmp_path):
    case_book("resolve", "ZT-2026-0001", "--at", "2026-11-23 12:00")

    def run_all():
        for score in ("6", "0"):
            error_line(case_book("rate", "ZT-2026-0001", score, code=2), f"a rating is a whole number from 1 to 5, not '{score}'")

    assert_unchanged(case_book, tmp_path, run_all)


def test_unknown_category_and_channel(case_book, tmp_path):
    result = assert_unchanged(case_book, tmp_path, lambda: case_book("new", "新奥", "问题", "--category", "urgent", code=2))
    error_line(result, "unknown category 'urgent' — use one of: consult, routine, major, restricted")
    result = assert_unchanged(
        case_book, tmp_path, lambda: case_book("new", "新奥", "问题", "--category", "routine", "--channel", "fax", code=2)
    )
    error_line(result, "unknown channel 'fax' — use one of: service-group, liaison-group, hotline, visit, package")


def test_refused_action_is_one_line_with_a_reason(case_book, tmp_path):
    result = assert_unchanged(case_book, tmp_path, lambda: case_book("report", "ZT-2026-0001", "结果", code=2))
    error_line(result, "only a major case reports a research result; this one is routine")


def test_usage_errors_are_one_line_too(case_book, tmp_path):
    # "bad input of every kind → one line on stderr": a missing required option or a
    # non-number rating is bad input as much as a malformed date is
    result = assert_unchanged(case_book, tmp_path, lambda: case_book("transfer", "ZT-2026-0001", "工管委", code=2))
    error_line(result, "missing option --reason — see zhitong transfer --help")
    result = assert_unchanged(case_book, tmp_path, lambda: case_book("respond", "ZT-2026-0001", "--owner", "张", "--plan", "p", code=2))
    error_line(result, "missing option --eta — see zhitong respond --help")
    result = assert_unchanged(case_book, tmp_path, lambda: case_book("rate", "ZT-2026-0001", "five", code=2))
    error_line(result, "a rating is a whole number from 1 to 5, not 'five'")


def test_unknown_command_and_option_exit_2(case_book, tmp_path):
    result = assert_unchanged(case_book, tmp_path, lambda: case_book("frobnicate", code=2))
    error_line(result, "no such command 'frobnicate'")
    result = assert_unchanged(case_book, tmp_path, lambda: case_book("resolve", "ZT-2026-0001", "--bogus", code=2))
    error_line(result, "no such option --bogus")


# -- a database that is not zhitong's --------------------------------------------------------------------


def snapshot(path):
    stat = path.stat()
    return path.read_bytes(), stat.st_mtime_ns, stat.st_size


def siblings(path):
    return sorted(p.name for p in path.parent.iterdir())


NOT_OURS = "is an SQLite database, but not zhitong's; it was left untouched"

FOREIGN_COMMANDS = [
    ("init",),
    ("dept", "list"),
    ("dept", "add", "经济发展局"),
    ("ent", "add", "新奥集团"),
    ("ent", "list"),
    ("new", "新奥集团", "问题", "--category", "routine"),
    ("show", "ZT-2026-0001"),
    ("resolve", "ZT-2026-0001"),
    ("list",),
]


def _check_foreign(zt, path, args, expected):
    """``expected``: the refusal, after the file's path that every one of them names first."""
    before, listing = snapshot(path), siblings(path)
    result = zt("--db", str(path), *args, code=2)
    line = error_line(result, f"{path} {expected}")
    assert snapshot(path) == before
    assert siblings(path) == listing  # no -wal, -shm or -journal left behind
    return line


@pytest.mark.parametrize("args", FOREIGN_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_text_file_as_database(zt, tmp_path, args):
    path = tmp_path / "foreign" / "notes.txt"
    path.parent.mkdir()
    path.write_text("这不是数据库\nnot a database either\n", encoding="utf-8")
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    _check_foreign(zt, path, args, "is not a zhitong database (not an SQLite file); it was left untouched")


@pytest.mark.parametrize("args", FOREIGN_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_foreign_sqlite_database(zt, tmp_path, args):
    path = tmp_path / "foreign" / "other.db"
    path.parent.mkdir()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO customers (name) VALUES ('某客户')")
    conn.close()
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    _check_foreign(zt, path, args, NOT_OURS)
    with sqlite3.connect(path) as conn:
        assert {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} == {"customers"}
    conn.close()


def test_foreign_sqlite_with_another_migration_set(zt, tmp_path):
    path = tmp_path / "foreign" / "migrated.db"
    path.parent.mkdir()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT, name TEXT, applied_at TEXT)")
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('other', 'm001', '2026-01-01')")
    conn.close()
    _check_foreign(zt, path, ("dept", "list"), NOT_OURS)
    _check_foreign(zt, path, ("dept", "add", "工管委"), NOT_OURS)


def test_database_from_a_newer_zhitong(zt, tmp_path):
    path = tmp_path / "foreign" / "newer.db"
    path.parent.mkdir()
    zt("--db", str(path), "dept", "add", "双创办")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('zhitong', 'm999_from_the_future', '2030-01-01')"
        )
    conn.execute("PRAGMA journal_mode = DELETE")  # fold the WAL in, so the bytes can be compared
    conn.close()
    newer = "was made by a newer zhitong (schema m999_from_the_future); upgrade zhitong to use it"
    _check_foreign(zt, path, ("dept", "list"), newer)
    _check_foreign(zt, path, ("dept", "add", "工管委"), newer)


def test_damaged_sqlite_file(zt, tmp_path):
    path = tmp_path / "foreign" / "damaged.db"
    path.parent.mkdir()
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    _check_foreign(zt, path, ("dept", "list"), "cannot be read as a zhitong database: file is not a database")
    _check_foreign(
        zt, path, ("new", "新奥", "问题", "--category", "routine"), "cannot be read as a zhitong database: file is not a database"
    )


def test_directory_as_database(zt, tmp_path):
    path = tmp_path / "adir"
    path.mkdir()
    result = zt("--db", str(path), "dept", "list", code=2)
    error_line(result, f"cannot open {path}: it is a directory, not a file")
    assert list(path.iterdir()) == []


def test_foreign_file_via_environment(zt, tmp_path, monkeypatch):
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    monkeypatch.setenv("ZHITONG_DB", str(path))
    before = snapshot(path)
    error_line(zt("dept", "list", code=2), f"{path} is not a zhitong database (not an SQLite file)")
    assert snapshot(path) == before


def test_zhitong_database_via_db_option_is_used(zt, tmp_path):
    path = tmp_path / "mine.db"
    zt("--db", str(path), "dept", "add", "双创办")
    zt("--db", str(path), "ent", "add", "新奥集团")
    ref = zt.json("--db", str(path), "new", "新奥", "问题", "--category", "routine")["ref"]
    assert ref == "ZT-2026-0001"
    before = event_count(path)
    result = zt("--db", str(path), "rate", ref, "6", code=2)
    error_line(result, "a rating is a whole number from 1 to 5, not '6'")
    assert event_count(path) == before


# -- every command's help has an Example block -------------------------------------------------------------


def _is_group(command) -> bool:
    # Typer may vendor its own copy of Click, so ask for sub-commands instead of the class
    return isinstance(getattr(command, "commands", None), dict)


def _walk(command, path: tuple[str, ...] = ()):
    yield path, command
    if _is_group(command):
        for name, sub in command.commands.items():
            yield from _walk(sub, path + (name,))


ALL = list(_walk(typer.main.get_command(app)))
LEAVES = [path for path, command in ALL if path and not _is_group(command)]
GROUPS = [path for path, command in ALL if _is_group(command)]


def test_the_walk_finds_every_documented_command():
    names = {" ".join(path) for path in LEAVES}
    expected = {
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
        "dept add",
        "dept list",
        "ent add",
        "ent list",
        "ent show",
    }
    assert expected <= names
    assert any(name.startswith("calendar ") for name in names)
    assert any(name.startswith("policy ") for name in names)
    assert {"dept", "ent", "calendar", "policy"} <= {" ".join(p) for p in GROUPS}


def _example_block(text: str) -> list[str]:
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.strip().rstrip(":") in ("Example", "Examples")]
    assert starts, f"no Example heading in:\n{text}"
    block = []
    for line in lines[starts[0] + 1 :]:
        if line.strip() == "":
            continue
        if not line.startswith("    "):
            break
        block.append(line.strip())
    return block


@pytest.mark.parametrize("path", LEAVES, ids=lambda p: " ".join(p))
def test_every_command_help_has_an_example(zt, path):
    result = zt(*path, "--help")
    block = _example_block(result.stdout)
    assert block, result.stdout
    assert all(line.startswith("zhitong") for line in block if line), block
    # the example names the command it documents, on one unwrapped line
    assert any(line.startswith("zhitong") and " ".join(path) in line for line in block), block


@pytest.mark.parametrize("path", GROUPS, ids=lambda p: " ".join(p) or "zhitong")
def test_every_group_help_has_an_example(zt, path):
    result = zt(*path, "--help")
    block = _example_block(result.stdout)
    assert any(line.startswith("zhitong") for line in block), result.stdout


def test_an_action_cannot_predate_the_last_recorded_one(book):
    ref = book.json("new", "新奥", "例", "--category", "routine", "--at", "2026-11-24 09:00")["ref"]
    book("respond", ref, "--owner", "王", "--plan", "办", "--eta", "2026-11-26", "--at", "2026-11-24 15:00")
    before = book.json("show", ref)
    result = book("resolve", ref, "--at", "2026-11-24 10:00", code=2)
    error_line(result, "2026-11-24 10:00 is before the case's last recorded action (respond at 2026-11-24 15:00)")
    assert book.json("show", ref) == before
    book("resolve", ref, "--at", "2026-11-24 15:00")  # the same instant is fine


@pytest.mark.parametrize("command", [["stats"], ["calendar", "show", "2026"], ["list"], ["show", "ZT-2026-0001"]])
def test_piping_into_a_reader_that_has_gone_is_not_an_error(book, command):
    """`zhitong stats | head -1`: once the reader has what it wanted, zhitong stops quietly."""
    import os
    import subprocess
    import sys

    book("new", "新奥", "管道测试", "--category", "routine")
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written
    script = f"import sys; from zhitong.commands.launch import run; sys.argv = ['zhitong', *{command!r}]; run()"
    writer = subprocess.run([sys.executable, "-c", script], stdout=write_end, stderr=subprocess.PIPE, text=True)
    os.close(write_end)
    assert writer.returncode == 0, writer.stderr
    assert "error" not in writer.stderr.lower()


def test_a_missing_policy_file_is_an_error_even_for_views(book, tmp_path):
    result = book("--policy", tmp_path / "nowhere.toml", "pending", code=2)
    error_line(result, f"no policy file at {tmp_path / 'nowhere.toml'}")


def test_respond_print_and_json_together_are_refused(book):
    ref = book.json("new", "新奥", "例", "--category", "routine")["ref"]
    result = book("respond", ref, "--owner", "王", "--plan", "办", "--eta", "2026-11-26", "--print", "--json", code=2)
    error_line(result, "--print and --json cannot be combined")
    assert book.json("show", ref)["status"] == "open"
