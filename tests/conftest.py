"""Every test gets its own database, config directory and a frozen clock; none touches $HOME."""

from __future__ import annotations

import functools
import json

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner

from zhitong.cli import app

FROZEN_NOW = "2026-11-25T09:00:00+08:00"  # a Wednesday

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


@pytest.fixture
def book(zt):
    """A case book with two departments and two enterprises."""
    zt("dept", "add", "经济发展局", "--head", "王局长")
    zt("dept", "add", "工管委")
    zt("ent", "add", "新奥集团", "--code", "91110000600037341L", "--key")
    zt("ent", "add", "华翔物流有限公司", "--group", "liaison")
    return zt
