"""Work done aside, in a forked process, while this one goes on: its result comes back by a pipe.

For work that is all Python (the interpreter runs one thread at a time) and needs nothing of
the caller but its arguments: the month's assessment, made on the second core while the
workbook's cases are written on the first. The child opens whatever it reads itself (an SQLite
connection must not cross a fork) and leaves by ``os._exit``, so nothing of the parent is
closed, flushed or cleaned up twice. Where there is no fork, or the child fails in any way, the
work is done here, when its result is asked for: the answer is the same, only later, and an
error is raised where the caller expects it.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

Result = TypeVar("Result")


@contextmanager
def aside(work: Callable[..., Result], *args) -> Iterator[Callable[[], Result]]:
    """Start ``work(*args)`` in a child process; yield the function that waits for its result.

    Leaving the block without having asked (an error meanwhile) stops the child.
    """
    fork = getattr(os, "fork", None)
    if fork is None:
        yield lambda: work(*args)
        return
    read, write = os.pipe()
    pid = fork()
    if pid == 0:  # the child: the work, its result down the pipe, and out
        status = 1
        try:
            os.close(read)
            with os.fdopen(write, "wb") as pipe:
                pipe.write(pickle.dumps(work(*args), protocol=pickle.HIGHEST_PROTOCOL))
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    pipe = os.fdopen(read, "rb")
    waiting = True

    def result() -> Result:
        nonlocal waiting
        with pipe:
            payload = pipe.read()
        _pid, status = os.waitpid(pid, 0)
        waiting = False
        if status != 0 or not payload:
            return work(*args)  # the child failed: the work again here, so its error is raised here
        return pickle.loads(payload)

    try:
        yield result
    finally:
        pipe.close()  # once is enough: a closed file closes again without complaint
        if waiting:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
