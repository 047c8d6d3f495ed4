"""Work done aside (``edge.aside``): in a child process where there is fork, here where there is not
or the child fails, and a child nobody asked is stopped."""

from __future__ import annotations

import os
import time

import pytest

from zhitong.edge.aside import aside


def where_and_what(value):
    return os.getpid(), [value, {"中文": value * 2}]


def test_the_work_runs_in_a_child_and_its_result_comes_back():
    with aside(where_and_what, 21) as result:
        pid, value = result()
    assert pid != os.getpid() and value == [21, {"中文": 42}]


def test_without_fork_the_work_is_done_here_when_asked(monkeypatch):
    monkeypatch.delattr(os, "fork")
    with aside(where_and_what, 21) as result:
        pid, value = result()
    assert pid == os.getpid() and value == [21, {"中文": 42}]


def fails_in_the_child_only(parent: int) -> str:
    if os.getpid() != parent:
        raise RuntimeError("no database in the child")
    return "done here"


def test_a_failed_child_is_done_again_here():
    with aside(fails_in_the_child_only, os.getpid()) as result:
        assert result() == "done here"


def always_fails() -> None:
    raise ValueError("the month cannot be read")


def test_an_error_of_the_work_is_raised_where_the_result_is_asked():
    with aside(always_fails) as result, pytest.raises(ValueError, match="the month cannot be read"):
        result()


def sleeps(path: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(str(os.getpid()))
    time.sleep(60)


def test_a_child_nobody_asked_is_stopped(tmp_path):
    note = tmp_path / "pid"
    started = time.monotonic()
    with pytest.raises(KeyError), aside(sleeps, str(note)):
        while not note.exists() or not note.read_text():
            time.sleep(0.01)
        raise KeyError("the caller failed meanwhile")
    assert time.monotonic() - started < 30
    with pytest.raises(ProcessLookupError):  # killed and reaped: no such process any more
        os.kill(int(note.read_text()), 0)
