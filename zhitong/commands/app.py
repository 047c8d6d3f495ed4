"""The Typer application and what every command shares: options, the store, errors, output.

Command modules register on ``app`` (or its sub-apps); ``cli`` imports them all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from zhitong.commands import argv as argv_reader
from zhitong.commands.help import HelpInLanguage
from zhitong.core.errors import InputError, ZhitongError
from zhitong.edge import language as languages
from zhitong.text import i18n
from zhitong.text.console import (  # noqa: F401  (the commands' output)
    emit_json,
    error_line,
    internal_error,
    known_error,
    out,
    printable,
    say,
    silence_stdout,
    warn_coverage,
)


class ZhitongGroup(HelpInLanguage, TyperGroup):
    """Turns every zhitong error into one line on stderr and exit status 2, never a traceback.

    Its help, like every command's, is in the officer's language (``help.HelpInLanguage``).
    """

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except typer.Exit:
            raise
        except BrokenPipeError:
            # `zhitong stats | head`: the reader has all it wanted; that is not an error.
            silence_stdout()
            raise typer.Exit(0) from None
        except Exception as error:
            known = known_error(error)
            if known is not None:
                fail(known)
            if _is_usage_error(error):
                fail_usage(error)
            # Click's other exceptions (aborts, exits) carry their own status: re-raised as they are.
            if hasattr(error, "exit_code") or type(error).__name__ == "Abort" or os.environ.get("ZHITONG_DEBUG"):
                raise
            fail(internal_error(error))

    def make_context(self, info_name, args, parent=None, **extra):
        if parent is None:  # Click's own errors can come before the callback has chosen the language
            languages.set_language(language_of(args))
            from zhitong.edge.inputs import refuse_undecodable

            try:
                refuse_undecodable(args)
            except ZhitongError as error:
                fail(error)
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except Exception as error:
            if _is_usage_error(error):
                fail_usage(error)
            raise

    def format_commands(self, ctx, formatter):
        """`zhitong --help` lists commands in their groups (cases, views, reports…)."""
        from zhitong.commands.help import format_command_sections

        format_command_sections(self, ctx, formatter)

    def list_commands(self, ctx):
        return list(self.commands)  # keep the order commands were defined in


def language_of(args) -> str:
    """The language a command line asks for, read before Click has parsed it.

    A usage error in the command line itself (an unknown command, a bad global option) comes
    before the callback that chooses the language; this reads ``--lang`` as the entry point
    reads the command line, then ZHITONG_LANG and the locale.
    """
    explicit = argv_reader.read([str(arg) for arg in args or ()]).options.get("--lang")
    chosen = languages.detect(explicit if isinstance(explicit, str) else None)
    return chosen if chosen in languages.LANGS else "en"


def _is_usage_error(error: Exception) -> bool:
    if type(error).__name__ == "NoArgsIsHelpError":  # a bare group: Click prints its help
        return False
    return hasattr(error, "format_message") and getattr(error, "exit_code", None) == 2


def fail_usage(error) -> None:
    """Click's usage errors span four lines; the officer gets one, with where to look."""
    context = getattr(error, "ctx", None)
    command = context.command_path.replace(context.find_root().info_name or "zhitong", "zhitong", 1) if context else "zhitong"
    template, fields = i18n.usage_detail(error)
    fail(InputError(template, hint="see {command} --help", command=command, **fields))


def fail(error: ZhitongError):
    error_line(error)
    raise typer.Exit(error.exit_code)


app = typer.Typer(
    cls=ZhitongGroup,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="""zhitong (直通): the case book for keeping the zone's promises to its enterprises.

Log each problem an enterprise raises as a case, route it to a department, record the
written answer (who, how, by when) and close it; every case runs on SLA clocks that pause
over Chinese public holidays. Check `zhitong overdue` every morning.

Example:


    zhitong demo
    zhitong new 新奥集团 "华翔路封路，货物无法运出" --category routine --dept 经济发展局
    zhitong overdue
""",
)


@dataclass
class Context:
    db_path: Path | None = None
    policy_path: Path | None = None
    explicit_lang: str | None = None  # --lang as given on this command line, if at all
    _store: object = field(default=None, repr=False)

    @property
    def store(self):
        if self._store is None:
            from zhitong.store import open_store

            self._store = open_store(self.db_path)
        return self._store

    @property
    def policy(self):
        from zhitong.edge.config import policy_path
        from zhitong.edge.policy_file import load_policy

        return load_policy(self.policy_path or policy_path())

    def close(self):
        if self._store is not None:
            self._store.close()


_current = Context()


def state() -> Context:
    """The running command's context (one command runs per process, or per test invocation)."""
    return _current


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        Optional[Path],
        typer.Option("--db", help="Database file (default: ZHITONG_DB, or zhitong.db in the user data directory).", show_default=False),
    ] = None,
    lang: Annotated[
        Optional[str], typer.Option("--lang", help="Interface language: zh or en (default: ZHITONG_LANG, config, locale).")
    ] = None,
    policy: Annotated[Optional[Path], typer.Option("--policy", help="A TOML policy file overriding the default time limits.")] = None,
):
    from zhitong.edge.config import choose_language

    config = choose_language(lang)
    if policy is not None and not policy.expanduser().is_file():
        fail(InputError("no policy file at {path}", hint="give the path of a TOML policy file", path=str(policy)))
    context = Context(
        db_path=db,
        policy_path=policy or (Path(config["policy"]) if config.get("policy") else None),
        explicit_lang=languages.language() if lang else None,
    )
    global _current
    _current = context
    ctx.call_on_close(context.close)


def now():
    from zhitong.edge.when import now as current

    return current()


def when_option(help_text: str = "When it happened (default: now). E.g. 2026-11-24 09:30, today 14:00, -2h."):
    return typer.Option("--at", help=help_text, show_default=False)


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (stable keys) instead of a table.")]
