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

import gc
import os
import sys
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from zhitong.commands import argv as argv_reader

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
    line = argv_reader.read(argv)
    if line.command not in FLAGS or not line.plain or not set(line.options) <= set(GLOBAL_OPTIONS):
        return None
    after = argv_reader.scan(line.rest, FILTER_OPTIONS, FLAGS[line.command])
    if not after.plain or after.stop != len(line.rest):
        return None  # Click's to judge: an extra word, another option, a missing value
    flags = FLAGS[line.command]
    return QuickCall(
        line.command,
        **{GLOBAL_OPTIONS[name]: value for name, value in line.options.items()},
        filters={FILTER_OPTIONS[name]: value for name, value in after.options.items() if name in FILTER_OPTIONS},
        **{flags[name]: True for name in after.options if name in flags},
    )


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
    time, ~4% of a `pending` run. So would a collection: ``run`` put the collector back on,
    and the first allocation of a flush would walk every object the view made (~1.7 ms on a
    thousand cases).
    """
    gc.disable()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass  # the reader has gone, or the stream was closed: there is nobody left to tell
    os._exit(status)
