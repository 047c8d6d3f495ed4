"""Made for the officer: the config file and the day's digest for the WeChat group."""

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
    officer: Annotated[Optional[str], typer.Option("--officer", help="Only enterprises of this assistance officer.")] = None,
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
    cases = digest_cases(store, chosen)
    if officer:
        theirs = {e.name for e in store.enterprises() if e.officer == officer.strip()}
        cases = [case for case in cases if case.enterprise in theirs]
    summary = gather(cases, chosen, store.calendar, current)
    summary = summary._replace(flagged=_flagged(summary, store.calendar, current))
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
                "flagged": [case.ref for case in summary.flagged],
                "text": text,
            }
        )
        return
    out(text)


def _flagged(summary, calendar, current) -> tuple:
    """The digest's late cases overdue by more than the policy's limit at the end of its day (or now)."""
    from datetime import datetime, timedelta

    from zhitong.core.verdicts import late_milestones

    hotline = state().policy.hotline
    end = datetime(summary.day.year, summary.day.month, summary.day.day, tzinfo=current.tzinfo) + timedelta(days=1)
    as_of = min(end, current)
    cases = [case for _department, items in summary.overdue for case, _late in items]
    late = late_milestones(cases, calendar, as_of, flag_after=hotline.flag_after.seconds)
    flagged = {item.case.ref for item in late if item.flagged}
    return tuple(case for case in cases if case.ref in flagged)


# -- shell completion from the database ---------------------------------------------------------------
