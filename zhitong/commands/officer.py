"""Made for the officer: the config file, the day's digest for the WeChat group, shell
completion from the database, and `zhitong --help` grouped by what the commands are for."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from zhitong.commands.app import JsonOption, app, emit_json, now, out, say, state
from zhitong.core.errors import InputError
from zhitong.text.i18n import tr

REPORTS = "Reports"
MAINTENANCE = "Maintenance"

config_app = typer.Typer(
    help="""The officer's settings: name, language, time zone, policy file, default channel.

They live in config.toml in the user config directory (ZHITONG_CONFIG_DIR overrides it).

Example:

    zhitong config set officer 张专员
    zhitong config show
""",
    no_args_is_help=True,
)
app.add_typer(config_app, name="config", rich_help_panel=MAINTENANCE)


# -- config -------------------------------------------------------------------------------------


@config_app.command("show")
def config_show(as_json: JsonOption = False):
    """Show every setting, its value and what it does.

    Example:

        zhitong config show --json
    """
    from zhitong.edge.config import KEYS, config_file, load_config
    from zhitong.text.render import Column, table

    settings = load_config()
    if as_json:
        emit_json({"path": str(config_file()), "settings": {key: settings.get(key) for key in KEYS}})
        return
    say("config file: {path}", path=str(config_file()))
    rows = [[key, settings.get(key) or tr("(not set)"), tr(meaning)] for key, meaning in KEYS.items()]
    out(table([Column(tr("setting")), Column(tr("value"), flexible=True, minimum=12), Column(tr("meaning"), flexible=True)], rows))


@config_app.command("set")
def config_set(
    key: Annotated[
        str,
        typer.Argument(
            help="officer, language, timezone, policy or channel.",
            show_default=False,
            autocompletion=lambda: ["officer", "language", "timezone", "policy", "channel"],
        ),
    ],
    value: Annotated[str, typer.Argument(help="The new value (checked before it is written).", show_default=False)],
):
    """Change one setting; the value is checked first and the file rewritten atomically.

    language is zh or en; timezone only Asia/Shanghai (or +08:00); policy a TOML file that
    parses; channel one of new's channels; officer any non-empty name.

    Example:

        zhitong config set language zh
    """
    from zhitong.edge.config import config_file, set_value

    stored = set_value(key.strip().lower(), value)
    say("{key} set to {value} in {path}", key=key.strip().lower(), value=stored, path=str(config_file()))


@config_app.command("unset")
def config_unset(key: Annotated[str, typer.Argument(help="The setting to remove.", show_default=False)]):
    """Remove one setting, so its default applies again.

    Example:

        zhitong config unset language
    """
    from zhitong.edge.config import config_file, unset_value

    name = key.strip().lower()
    if unset_value(name):
        say("{key} removed from {path}", key=name, path=str(config_file()))
    else:
        say("{key} was not set", key=name)


# -- texts for the WeChat groups -------------------------------------------------------------------


def paste_language(ctx: typer.Context | None) -> str:
    """The language of texts pasted into the groups: Chinese, unless --lang was given.

    The groups read Chinese whatever the officer's own interface language (ZHITONG_LANG, the
    config file, the locale); only an explicit ``zhitong --lang en …`` switches.
    """
    from zhitong.edge.language import LANGS, normalize_language

    explicit = ctx.find_root().params.get("lang") if ctx is not None else None
    chosen = normalize_language(explicit) if explicit else "zh"
    return chosen if chosen in LANGS else "zh"


@app.command(rich_help_panel=REPORTS)
def digest(
    ctx: typer.Context,
    day: Annotated[
        Optional[str],
        typer.Option(
            "--date",
            help="The day to sum up (default: today), e.g. 2026-11-24, 昨天, 上周五, 11-24 (the latest 11-24 that has come).",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
):
    """The day's summary ready to paste into the WeChat group (plain text, at most 1,500 characters).

    New cases, answers, resolutions, what falls due today and what is overdue, by department,
    each case by reference and enterprise. Chinese unless --lang en is given.

    Example:

        zhitong digest
        zhitong digest --date 昨天
    """
    from zhitong.core.instants import iso
    from zhitong.edge.when import parse_when
    from zhitong.storage.queries import digest_cases
    from zhitong.text.views import digest as gather
    from zhitong.text.views import digest_text

    current = now()
    chosen = parse_when(day, reference=current, past=True).date() if day else current.date()
    if chosen > current.date():
        raise InputError("{day} has not come yet", hint="the digest sums up a day that has begun", day=chosen.isoformat())
    store = state().store
    summary = gather(digest_cases(store, chosen), chosen, store.calendar, current)
    text = digest_text(summary, lang=paste_language(ctx))
    if as_json:

        def item(case, milestones):
            return {
                "ref": case.ref,
                "enterprise": case.enterprise,
                "department": case.department,
                "milestones": [{"name": m.name, "due": iso(m.due), "met_at": iso(m.met_at)} for m in milestones],
            }

        emit_json(
            {
                "date": chosen.isoformat(),
                "new": [case.ref for case in summary.new],
                "answered": [case.ref for case in summary.answered],
                "resolved": [case.ref for case in summary.closed],
                "due_today": [item(case, milestones) for case, milestones in summary.due_today],
                "overdue": [{"department": d or None, "cases": [item(c, late) for c, late in items]} for d, items in summary.overdue],
                "text": text,
            }
        )
        return
    out(text)


# -- shell completion from the database ---------------------------------------------------------------


def _completion_store(ctx):
    """The database the command line names (--db, ZHITONG_DB, default), only if it exists.

    Completion must never create a database or fail loudly: any problem means no candidates.
    """
    from pathlib import Path

    from zhitong.store import default_path, open_store

    root = ctx.find_root() if ctx is not None else None
    given = root.params.get("db") if root is not None else None
    path = Path(given).expanduser() if given else default_path()
    if not path.is_file():
        return None
    try:
        return open_store(path)
    except Exception:
        return None


def _candidates(ctx, incomplete: str, names) -> list[tuple[str, str]]:
    """(value, help) pairs starting with ``incomplete``; a name with control characters in it
    is left out (the shell would take it apart), and help text is shown, never obeyed."""
    from zhitong.text.render import clean

    store = _completion_store(ctx)
    if store is None:
        return []
    try:
        return [
            (value, clean(help_text))
            for value, help_text in names(store)
            if value.startswith(incomplete) and value == clean(value) and value.strip() == value
        ]
    except Exception:
        return []
    finally:
        store.close()


def complete_ref(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Case references, open cases first, each with its enterprise and title (the first 50)."""
    prefix = incomplete.strip().upper()

    def names(store):
        from zhitong.storage.queries import ref_candidates

        return [(ref, f"{enterprise}: {title}"[:60]) for ref, enterprise, title in ref_candidates(store, prefix)]

    return _candidates(ctx, prefix, names)


def complete_department(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return _candidates(ctx, incomplete, lambda store: [(d.name, d.head or "") for d in store.departments()])


def complete_enterprise(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return _candidates(ctx, incomplete, lambda store: [(e.name, e.credit_code or "") for e in store.enterprises()])


# Which parameters complete from the database, by name, in every command that has one; plus the
# few whose name does not say what they hold.
COMPLETE_BY_NAME = {"ref": complete_ref, "refs": complete_ref, "dept": complete_department, "enterprise": complete_enterprise}
COMPLETE_BY_COMMAND = {("ent", "show", "name"): complete_enterprise}


def wire_completion(typer_app: typer.Typer, path: tuple[str, ...] = ()) -> None:
    """Give every case-reference, department and enterprise parameter its completion.

    THE ONE PLACE where zhitong patches parameters it does not define: the commands live in
    cli.py, cli_views.py and cli_records.py, and the completions here. Each parameter's Typer
    info gets ``autocompletion`` (unless it already has one); because those modules use
    ``from __future__ import annotations``, the evaluated annotation is written back so that
    Typer, which re-evaluates string annotations on every run, sees the same object.
    Idempotent; run after every command module has registered (cli.py imports this module last).
    """
    import typing

    from typer.models import ParameterInfo

    for info in typer_app.registered_commands:
        callback = info.callback
        if callback is None:
            continue
        name = info.name or callback.__name__.replace("_", "-")
        try:
            hints = typing.get_type_hints(callback, include_extras=True)
        except Exception:
            continue
        for parameter, annotation in hints.items():
            completer = COMPLETE_BY_COMMAND.get((*path, name, parameter)) or COMPLETE_BY_NAME.get(parameter)
            if completer is None or typing.get_origin(annotation) is not typing.Annotated:
                continue
            for meta in annotation.__metadata__:
                if isinstance(meta, ParameterInfo) and meta.autocompletion is None and meta.shell_complete is None:
                    meta.autocompletion = completer
                    callback.__annotations__[parameter] = annotation
    for group in typer_app.registered_groups:
        wire_completion(group.typer_instance, (*path, group.name or ""))


# -- zhitong --help, grouped ------------------------------------------------------------------------

PANEL_ORDER = ("Getting started", "Cases", "Views", "Reports", "Records", "Calendar", "Maintenance")


def format_command_sections(group, ctx, formatter) -> None:
    """List the sub-commands under their panel headings (Cases, Views, Reports, …).

    Typer draws rich_help_panel sections only through Rich, which zhitong turns off
    (rich_markup_mode=None) for fast, plain help; this does the same with Click's formatter.
    Names line up across sections.
    """
    sections: dict[str, list] = {}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        sections.setdefault(getattr(command, "rich_help_panel", None) or "Commands", []).append((name, command))
    if not sections:
        return
    cells = max(len(name) for entries in sections.values() for name, _command in entries)
    limit = formatter.width - 6 - cells
    order = [title for title in PANEL_ORDER if title in sections] + [title for title in sections if title not in PANEL_ORDER]
    for title in order:
        rows = [(name.ljust(cells), command.get_short_help_str(limit)) for name, command in sections[title]]
        with formatter.section(title):
            formatter.write_dl(rows)


wire_completion(app)
