"""Every test gets its own database, config directory and a frozen clock; none touches $HOME."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import sys
import tempfile
from contextlib import closing
from pathlib import Path

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner

from zhitong.cli import app

FROZEN_NOW = "2026-11-25T09:00:00+08:00"  # a Wednesday

# The suite keeps its bytecode, as an installed zhitong does: where the environment sets
# PYTHONDONTWRITEBYTECODE, each of the hundreds of zhitong processes the crash, concurrency and
# terminal tests start would recompile every module it imports (some 0.1 s a process), and each
# worker would rewrite and compile every test module anew. The workers and children get the
# setting from the environment; this process, already started, from sys. Not for the mutation
# runner (tests/mutation/run.py): its mutants are never cached.
if not os.environ.get("ZHITONG_MUTANT"):
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ.setdefault("PYTHONPYCACHEPREFIX", os.path.join(tempfile.gettempdir(), f"zhitong-tests-pycache-{os.getuid()}"))
    sys.dont_write_bytecode = False
    sys.pycache_prefix = os.environ["PYTHONPYCACHEPREFIX"]

# What a bug of ours prints instead of a refusal (zhitong/text/console.py, internal_error), in
# both languages. A test of a refusal that let it through would pass on a KeyError too.
CATCH_ALL = ("internal error, nothing was saved", "内部错误，未保存任何内容")


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("ZHITONG_DB", str(tmp_path / "zhitong.db"))
    monkeypatch.setenv("ZHITONG_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("ZHITONG_NOW", FROZEN_NOW)
    monkeypatch.setenv("ZHITONG_LANG", "en")
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


_cached_command = functools.cache(typer.main.get_command)


@pytest.fixture(autouse=True)
def build_the_cli_once(monkeypatch):
    """Typer rebuilds the Click command tree on every invoke (~20 ms); build it once per session.

    The tree is the same object a user's `zhitong` runs; only the rebuilding is skipped.
    """
    monkeypatch.setattr(typer.testing, "_get_command", _cached_command)


class Zhitong:
    """Runs the CLI in-process, as a user would type it."""

    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int | None = 0, now: str | None = None, input: str | None = None):
        env = {"ZHITONG_NOW": now} if now else None
        result = self.runner.invoke(app, [str(arg) for arg in args], env=env, input=input)
        if code is not None:
            assert result.exit_code == code, (
                f"zhitong {' '.join(map(str, args))} exited {result.exit_code}, expected {code}\n"
                f"stdout: {result.stdout}\nstderr: {result.stderr}\n{result.exception!r}"
            )
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    def json(self, *args: str, now: str | None = None):
        return json.loads(self(*args, "--json", now=now).stdout)


def error_line(result, *expected: str, stdout: bool = False) -> str:
    """The one line a refused command prints on stderr, checked to be the refusal meant.

    ``expected``: texts the line must hold, at least one (the message, or its distinctive
    part, in the language the test runs in). The line is never a traceback and never the
    catch-all a bug of ours prints. ``stdout``: the command may have written to stdout
    before it was refused; by default nothing belongs there.
    """
    assert expected, "name the message the refusal must give"
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected exactly one line on stderr, got {result.stderr!r}"
    line = lines[0]
    assert not any(text in line for text in CATCH_ALL), f"a bug's catch-all, not a refusal: {line}"
    assert line.startswith(("error: ", "错误：")), line
    for text in expected:
        assert text in line, f"expected {text!r} in {line!r}"
    if not stdout:
        assert result.stdout.strip() == "", f"nothing belongs on stdout, got {result.stdout!r}"
    return line


@pytest.fixture
def zt():
    return Zhitong()


@pytest.fixture(scope="session")
def _built_books(tmp_path_factory) -> tuple[Path, dict]:
    return tmp_path_factory.mktemp("built-books"), {}


class BuiltOnce:
    """A book that many tests start from, built by the commands once and copied after.

    ``built_once(steps)`` runs ``steps()`` (the zhitong commands that make the book) the first
    time a worker meets it, and saves the database and config directory it left; a later test
    that starts from the same state gets a copy (SQLite's backup API) instead of the commands'
    ~20 ms each. The same state means: the same steps (by their code), the same ZHITONG_*
    settings (the frozen clock, the language), and a book before them that is itself a copy of
    the same saved one (or none at all). A book that anything else wrote to is built by its
    steps, as if nothing were saved. The copy is the same book, event for event; only
    ``events.recorded_at`` (the wall clock of the writes) is the first build's.
    """

    def __init__(self, store: Path, saved: dict):
        self.store, self.saved = store, saved
        self.state: tuple | None = None  # the key of the saved book this test's book is, if any
        self.printed: str | None = None  # its fingerprint then

    @staticmethod
    def _paths() -> tuple[Path, Path]:
        return Path(os.environ["ZHITONG_DB"]), Path(os.environ["ZHITONG_CONFIG_DIR"])

    def _fingerprint(self) -> str | None:
        db, config = self._paths()
        files = [Path(f"{db}{suffix}") for suffix in ("", "-wal")] + (sorted(config.rglob("*")) if config.exists() else [])
        found = [path for path in files if path.is_file()]
        if not found:
            return None
        digest = hashlib.sha256()
        for path in found:
            digest.update(str(path).encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()

    def __call__(self, steps):
        printed = self._fingerprint()
        if printed is None:
            base = ()
        elif self.state is not None and printed == self.printed:
            base = self.state
        else:
            return steps()  # a book something else has written to: nothing saved applies
        settings = tuple(
            sorted((k, v) for k, v in os.environ.items() if k.startswith("ZHITONG_") and k not in ("ZHITONG_DB", "ZHITONG_CONFIG_DIR"))
        )
        key = (base, steps.__code__.co_filename, steps.__code__.co_firstlineno, settings)
        db, config = self._paths()
        if key in self.saved:
            folder, result, mode = self.saved[key]
            with closing(sqlite3.connect(folder / "zhitong.db")) as source, closing(sqlite3.connect(db)) as target:
                source.backup(target)
            os.chmod(db, mode)  # as zhitong made it (0600), not as the copy was created
            if (folder / "config").exists():
                shutil.copytree(folder / "config", config, dirs_exist_ok=True)
        else:
            result = steps()
            folder = self.store / f"book-{len(self.saved)}"
            folder.mkdir()
            with closing(sqlite3.connect(db)) as source, closing(sqlite3.connect(folder / "zhitong.db")) as target:
                source.backup(target)
            if config.exists():
                shutil.copytree(config, folder / "config")
            self.saved[key] = (folder, result, stat.S_IMODE(db.stat().st_mode))
        self.state, self.printed = key, self._fingerprint()
        return result


@pytest.fixture
def built_once(_built_books) -> BuiltOnce:
    return BuiltOnce(*_built_books)


@pytest.fixture
def book(zt, built_once):
    """A case book with two departments and two enterprises."""

    def steps():
        zt("dept", "add", "经济发展局", "--head", "王局长")
        zt("dept", "add", "工管委")
        zt("ent", "add", "新奥集团", "--code", "91110000600037341L", "--key")
        zt("ent", "add", "华翔物流有限公司", "--group", "liaison")

    built_once(steps)
    return zt
