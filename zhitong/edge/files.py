"""Files zhitong writes: written aside and moved into place, or streamed to standard output."""

from __future__ import annotations

import io
import os
import sys
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def output_stream(path: Path | None, encoding: str):
    """A text stream to ``path`` (written aside, then moved into place) or to stdout."""
    if path is None or str(path) == "-":
        sys.stdout.flush()
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
    path = path.expanduser()
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with open(partial, "w", encoding=encoding, newline="") as stream:
            yield stream
        os.replace(partial, path)
    except OSError as error:
        if error.filename in (partial, str(partial)):
            error.filename = str(path)  # the officer named `path`, not the file written beside it first
        raise
    finally:
        partial.unlink(missing_ok=True)
