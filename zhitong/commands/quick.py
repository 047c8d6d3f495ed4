"""`zhitong pending` and `zhitong overdue` without the command framework.

The officer runs these two every morning and scripts run them from cron; importing Typer
and Click costs them ~30 ms, more than the query on a million cases. A command line made
only of what these views accept (``--db``/``--lang`` before the command; the filters,
``--json`` and ``--fail`` after it) is read here and run through ``daily``, the same code the
commands call. Anything else (help, completion, another option, a value that looks like an
option) returns None, and the full application reads it, with Click's messages for mistakes.
``tests/test_quick.py`` keeps the accepted options equal to the commands' and the output
identical to theirs.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

GLOBAL_OPTIONS = {"--db": "db", "--lang": "lang"}
FILTER_OPTIONS = {"--dept": "dept", "--enterprise": "enterprise", "--category": "category", "--channel": "channel", "--officer": "officer"}
FLAGS = {"pending": {"--json": "as_json"}, "overdue": {"--json": "as_json", "--fail": "fail"}}


class QuickCall(NamedTuple):
    command: str
    db: str | None = None
    lang: str | None = None
    filters: Mapping[str, str] = MappingProxyType({})
    as_json: bool = False
    fail: bool = False


def parse(argv: list[str]) -> QuickCall | None:
    """The call a plain `pending`/`overdue` command line makes, or None to leave it to Click."""
    options: dict = {}
    command = None
    words = iter(argv)
    for word in words:
        if not word.startswith("-"):
            if command is not None or word not in FLAGS:
                return None
            command = word
            continue
        name, equals, value = word.partition("=")
        if command is not None and not equals and name in FLAGS[command]:
            options[FLAGS[command][name]] = True
            continue
        known = FILTER_OPTIONS if command is not None else GLOBAL_OPTIONS
        if name not in known:
            return None
        if not equals:
            value = next(words, None)
            if value is None or value.startswith("-"):
                return None  # Click's to judge: a missing value, or an option where one should be
        if not value:
            return None
        options[known[name]] = value
    if command is None:
        return None
    filters = {key: options.pop(key) for key in FILTER_OPTIONS.values() if key in options}
    return QuickCall(command, filters=filters, **options)


def run(argv: list[str]) -> int | None:
    """Run a plain `pending`/`overdue` and return its exit status; None when it is not one."""
    call = parse(argv)
    if call is None:
        return None
    # The view builds a few thousand objects and the process ends: collecting garbage
    # meanwhile (~7% of the run, gen-2 passes over every module) only costs time.
    collecting = gc.isenabled()
    gc.disable()
    from zhitong.commands import daily
    from zhitong.edge.config import choose_language
    from zhitong.store import open_store
    from zhitong.text.console import (
        error_line,
        internal_error,
        known_error,
        silence_stdout,
    )

    store = None
    try:
        choose_language(call.lang)
        store = open_store(call.db)
        filters = daily.build_filter(store, **call.filters)
        if call.command == "pending":
            daily.pending(store, filters, as_json=call.as_json)
            return 0
        return 1 if daily.overdue(store, filters, as_json=call.as_json) and call.fail else 0
    except BrokenPipeError:
        silence_stdout()  # `zhitong overdue | head`: the reader has all it wanted
        return 0
    except KeyboardInterrupt:
        return 130  # as the Typer commands end on Ctrl-C: the status of SIGINT, no message
    except Exception as error:
        failure = known_error(error)
        if failure is None:
            if os.environ.get("ZHITONG_DEBUG"):
                raise
            failure = internal_error(error)
        error_line(failure)
        return failure.exit_code
    finally:
        if store is not None:
            store.close()
        if collecting:
            gc.enable()  # as it was, for a caller that goes on (tests run the view in process)


def leave(status: int):
    """End the process at once with ``status``: the view is printed and the database closed.

    Tearing the interpreter down (every module, every record of the view) would only cost
    time, ~4% of a `pending` run.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass  # the reader has gone, or the stream was closed: there is nobody left to tell
    os._exit(status)
