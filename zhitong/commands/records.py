"""Records: the database itself, departments and enterprises."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from zhitong.commands.app import JsonOption, app, emit_json, now, out, say, state
from zhitong.core.models import Enterprise

RECORDS = "Records"
MAINTENANCE = "Maintenance"

dept_app = typer.Typer(
    help="Departments that cases are routed to.\n\nExample:\n\n\b\n    zhitong dept add 经济发展局 --head 王局长\n    zhitong dept list",
    no_args_is_help=True,
)
ent_app = typer.Typer(
    help="Enterprises that raise cases.\n\nExample:\n\n\b\n    zhitong ent add 新奥集团 --key\n    zhitong ent show 新奥",
    no_args_is_help=True,
)
app.add_typer(dept_app, name="dept", rich_help_panel=RECORDS)
app.add_typer(ent_app, name="ent", rich_help_panel=RECORDS)

Name = Annotated[str, typer.Argument(help="The name, in full.", show_default=False)]


@app.command(rich_help_panel=MAINTENANCE)
def init():
    """Create the database (if needed) and say where it is.

    Any command creates it on first use; init only makes it explicit.

    Example:

        zhitong --db ~/zone/cases.db init
    """
    store = state().store
    out(str(store.path.resolve()))


@dept_app.command("add")
def dept_add(
    name: Name,
    head: Annotated[Optional[str], typer.Option("--head", help="The department head.")] = None,
    phone: Annotated[Optional[str], typer.Option("--phone", help="Contact phone.")] = None,
):
    """Add a department.

    Example:

        zhitong dept add 经济发展局 --head 王局长 --phone 0316-2912345
    """
    from zhitong.edge.inputs import text_field

    department = state().store.add_department(
        text_field(name, "name", required=True, limit=100), text_field(head, "head", limit=100), text_field(phone, "phone", limit=50)
    )
    say("department {name} added", name=department.name)


@dept_app.command("list")
def dept_list(as_json: JsonOption = False):
    """List the departments, Chinese names by pinyin and Latin ones alphabetically.

    Example:

        zhitong dept list --json
    """
    from zhitong.text.collate import by_name
    from zhitong.text.i18n import tr
    from zhitong.text.render import Column, table

    departments = by_name(state().store.departments(), lambda d: d.name)
    if as_json:
        emit_json([d.to_json() for d in departments])
        return
    out(table([Column(tr("name")), Column(tr("head")), Column(tr("phone"))], [[d.name, d.head, d.phone] for d in departments]))


@dept_app.command("edit")
def dept_edit(
    name: Name,
    head: Annotated[Optional[str], typer.Option("--head", help="The department head.")] = None,
    phone: Annotated[Optional[str], typer.Option("--phone", help="Contact phone.")] = None,
):
    """Change a department's head or phone; each change is logged old → new (zhitong log).

    Example:

        zhitong dept edit 经济发展局 --head 刘局长 --phone 0316-2912300
    """
    from zhitong.core.errors import InputError
    from zhitong.core.models import changed_fields
    from zhitong.edge.inputs import text_field

    wanted = {
        field: text_field(value, field, limit=50 if field == "phone" else 100)
        for field, value in (("head", head), ("phone", phone))
        if value is not None
    }
    if not wanted:
        raise InputError("nothing to change", hint="give --head or --phone")
    store = state().store
    department = store.find_department(name)
    changes = changed_fields(department.to_json(), wanted)
    if not changes:
        raise InputError(
            "{name} already reads so; nothing to change",
            hint="give a value that differs from the entry (zhitong dept list)",
            name=department.name,
        )
    store.edit_department(department, changes)
    say("department {name} changed", name=department.name)


Leader = Annotated[Optional[str], typer.Option("--leader", help="The zone leader paired with it (领导包联).")]
Officer = Annotated[Optional[str], typer.Option("--officer", help="Assigned assistance officer.")]
Tags = Annotated[Optional[list[str]], typer.Option("--tag", help="A tag (高新技术企业, 专精特新 …); give it again for more.")]


@ent_app.command("add")
def ent_add(
    name: Name,
    code: Annotated[Optional[str], typer.Option("--code", help="Unified social credit code (18 characters).")] = None,
    group: Annotated[str, typer.Option("--group", help="service or liaison, or 规上企业, 包联帮扶企业.")] = "service",
    key: Annotated[bool, typer.Option("--key", help="A key enterprise (重点骨干企业).")] = False,
    contact: Annotated[Optional[str], typer.Option("--contact", help="Contact person.")] = None,
    phone: Annotated[Optional[str], typer.Option("--phone", help="Contact phone.")] = None,
    officer: Officer = None,
    leader: Leader = None,
    tags: Tags = None,
):
    """Add an enterprise to the registry.

    Example:

        zhitong ent add 新奥集团 --code 91131000601172867X --group service --key --contact 李经理 --officer 张专员 --leader 王主任 --tag 高新技术企业
    """
    from zhitong.core.packages import parse_tags
    from zhitong.core.uscc import parse_uscc
    from zhitong.edge.inputs import parse_group, text_field
    from zhitong.storage import packages as store_packages

    enterprise = Enterprise(
        0,
        text_field(name, "name", required=True, limit=100),
        parse_uscc(code) if code else None,
        parse_group(group),
        key,
        text_field(contact, "contact", limit=100),
        text_field(phone, "phone", limit=50),
        text_field(officer, "officer", limit=100),
        text_field(leader, "leader", limit=100),
    )
    from zhitong.core.duplicates import name_clash
    from zhitong.core.errors import InputError

    store = state().store
    same, near = name_clash(enterprise.name, store.enterprise_names())
    if same is not None and same != enterprise.name:  # the very same name: the store says it already exists
        raise InputError(
            "enterprise {name!r} is already registered as {other!r}",
            hint="use the registered name, or zhitong ent rename",
            name=enterprise.name,
            other=same,
        )
    wanted = parse_tags(tags or [])
    store.add_enterprise(enterprise, along=lambda conn, added: store_packages.set_enterprise_tags(conn, added.id, wanted))
    say("enterprise {name} added", name=enterprise.name)
    if near is not None:
        say(
            "warning: {name} and the registered {other} may be one enterprise; if so, zhitong ent merge {name} --into {other}",
            name=enterprise.name,
            other=near,
        )


@ent_app.command("edit")
def ent_edit(
    name: Name,
    code: Annotated[Optional[str], typer.Option("--code", help="Unified social credit code (18 characters).")] = None,
    group: Annotated[Optional[str], typer.Option("--group", help="service or liaison, or 规上企业, 包联帮扶企业.")] = None,
    key: Annotated[
        Optional[bool], typer.Option("--key/--no-key", help="A key enterprise (重点骨干企业), or no longer one.", show_default=False)
    ] = None,
    contact: Annotated[Optional[str], typer.Option("--contact", help="Contact person.")] = None,
    phone: Annotated[Optional[str], typer.Option("--phone", help="Contact phone.")] = None,
    officer: Officer = None,
    leader: Leader = None,
    tags: Tags = None,
):
    """Change an enterprise's registry entry: its credit code, group, key mark, contact, assistance officer, paired leader, tags.

    Only what is given changes, each change logged old → new (zhitong log); --tag adds tags (ent tag NAME TAG --remove takes one away).

    Example:

        zhitong ent edit 新奥集团 --code 91131000601172867X --no-key --officer 李专员 --leader 王主任 --tag 专精特新
    """
    from zhitong.core.errors import InputError
    from zhitong.core.models import changed_fields
    from zhitong.core.packages import parse_tags
    from zhitong.core.uscc import parse_uscc
    from zhitong.edge.inputs import parse_group, text_field
    from zhitong.storage import packages as store_packages

    wanted = {
        field: text_field(value, field, limit=50 if field == "phone" else 100)
        for field, value in (("contact", contact), ("phone", phone), ("officer", officer), ("leader", leader))
        if value is not None
    }
    if code is not None:
        wanted["credit_code"] = parse_uscc(code)
    if group is not None:
        wanted["group"] = parse_group(group)
    if key is not None:
        wanted["key"] = key
    new_tags = parse_tags(tags or [])
    if not wanted and not new_tags:
        raise InputError("nothing to change", hint="give --code, --group, --key/--no-key, --contact, --phone, --officer, --leader or --tag")
    store = state().store
    enterprise = store.find_enterprise(name)
    changes = changed_fields(enterprise.to_json(), wanted)
    new_tags = [tag for tag in new_tags if tag not in store_packages.enterprise_tags(store, enterprise.id)]
    if not changes and not new_tags:
        raise InputError(
            "{name} already reads so; nothing to change",
            hint="give a value that differs from the entry (zhitong ent show NAME)",
            name=enterprise.name,
        )
    store.edit_enterprise(enterprise, changes, along=lambda conn: store_packages.set_enterprise_tags(conn, enterprise.id, new_tags))
    say("enterprise {name} changed", name=enterprise.name)


@ent_app.command("list")
def ent_list(
    group: Annotated[Optional[str], typer.Option("--group", help="Only this group: service or liaison, or 规上企业, 包联帮扶企业.")] = None,
    officer: Annotated[Optional[str], typer.Option("--officer", help="Only enterprises of this assistance officer.")] = None,
    leader: Annotated[Optional[str], typer.Option("--leader", help="Only enterprises paired with this leader.")] = None,
    tag: Annotated[Optional[str], typer.Option("--tag", help="Only enterprises with this tag (the group and 重点企业 count).")] = None,
    key: Annotated[
        Optional[bool], typer.Option("--key/--not-key", help="Only key enterprises, or only the others.", show_default=False)
    ] = None,
    as_json: JsonOption = False,
):
    """List the enterprises, key enterprises first, each part by name (Chinese by pinyin).

    Each with its open cases and how many of them are overdue.

    Example:

        zhitong ent list --officer 张专员 --key
        zhitong ent list --tag 高新技术企业
    """
    from zhitong.core.packages import effective_tags
    from zhitong.edge.inputs import parse_group
    from zhitong.storage import packages as store_packages
    from zhitong.text.collate import name_key
    from zhitong.text.i18n import tr
    from zhitong.text.render import Column, table

    store = state().store
    wanted_group = parse_group(group) if group else None
    all_tags = store_packages.all_enterprise_tags(store)
    enterprises = [
        e
        for e in store.enterprises()
        if (wanted_group is None or e.group == wanted_group)
        and (officer is None or e.officer == officer.strip())
        and (leader is None or e.leader == leader.strip())
        and (key is None or e.key == key)
        and (tag is None or tag.strip() in effective_tags(all_tags.get(e.id, ()), e.group, e.key))
    ]
    enterprises.sort(key=lambda e: (not e.key, name_key(e.name)))
    counts = store_packages.enterprise_counts(store, now())
    if as_json:
        emit_json(
            [
                {**e.to_json(), "tags": all_tags.get(e.id, []), "open": counts.get(e.id, (0, 0))[0], "overdue": counts.get(e.id, (0, 0))[1]}
                for e in enterprises
            ]
        )
        return
    columns = [
        Column(tr("name"), flexible=True),
        Column(tr("credit code"), optional=3),
        Column(tr("group")),
        Column(tr("key")),
        Column(tr("contact"), optional=2),
        Column(tr("officer")),
        Column(tr("leader"), optional=1),
        Column(tr("open cases"), align="right"),
        Column(tr("overdue"), align="right"),
    ]
    rows = [
        [e.name, e.credit_code, tr(e.group), "★" if e.key else "", e.contact, e.officer, e.leader, *counts.get(e.id, (0, 0))]
        for e in enterprises
    ]
    out(table(columns, rows))


@ent_app.command("show")
def ent_show(name: Name, as_json: JsonOption = False):
    """Show an enterprise: its entry, its cases with the on-time rate and ratings, its package and its funds.

    Example:

        zhitong ent show 新奥
    """
    from zhitong.core.money import format_yuan, yuan_json
    from zhitong.core.packages import on_time_rate
    from zhitong.storage import packages as store_packages
    from zhitong.text.packages import package_progress
    from zhitong.text.views import pending_table

    store = state().store
    current = now()
    enterprise = store.find_enterprise(name)
    cases = store.enterprise_cases(enterprise)
    tags = store_packages.enterprise_tags(store, enterprise.id)
    verdicts = [m.state(current, case.paused_since) for case in cases for m in case.milestones if m.name == "resolve"]
    met, judged = on_time_rate(verdicts)
    ratings = [case.rating for case in cases if case.rating is not None]
    package = store_packages.enterprise_package(store, enterprise.id)
    items = store_packages.items(store, package.id) if package else []
    funds = store_packages.enterprise_funds(store, enterprise.id)
    if as_json:
        emit_json(
            {
                **enterprise.to_json(),
                "tags": tags,
                "on_time": {"met": met, "judged": judged, "rate": round(met / judged, 4) if judged else None},
                "ratings": {"count": len(ratings), "mean": round(sum(ratings) / len(ratings), 2) if ratings else None},
                "package": {"id": package.ref, **package_progress(items, current).to_json()} if package else None,
                "funds": [
                    {"fund": fund, "applied": yuan_json(applied), "paid": yuan_json(paid), "applied_fen": applied, "paid_fen": paid}
                    for fund, applied, paid in funds
                ],
                "cases": [case.to_json(current) for case in cases],
            }
        )
        return
    from zhitong.text.i18n import tr
    from zhitong.text.render import clean

    lines = [clean(enterprise.name)]
    for label, value in (
        (tr("credit code"), enterprise.credit_code),
        (tr("group"), tr(enterprise.group) + (" ★" if enterprise.key else "")),
        (tr("contact"), enterprise.contact),
        (tr("phone"), enterprise.phone),
        (tr("officer"), enterprise.officer),
        (tr("leader"), enterprise.leader),
        (tr("tags"), "、".join(tags)),
    ):
        if value:
            lines.append(f"  {label}: {clean(value)}")
    if cases:
        lines.append(
            "  "
            + tr("{count} cases; resolved on time {met} of {judged}", count=len(cases), met=met, judged=judged)
            + (f" ({round(100 * met / judged)}%)" if judged else "")
        )
    if ratings:
        lines.append("  " + tr("rated {count} times, {mean}/5 on average", count=len(ratings), mean=f"{sum(ratings) / len(ratings):.1f}"))
    if package:
        progress = package_progress(items, current)
        lines.append(
            "  "
            + tr(
                "package {ref}: {done} done, {open} open, {overdue} overdue",
                ref=package.ref,
                done=progress.done,
                open=progress.open,
                overdue=progress.overdue,
            )
        )
    for fund, applied, paid in funds:
        lines.append(
            "  "
            + tr("{fund}: applied for {applied} yuan, paid {paid} yuan", fund=fund, applied=format_yuan(applied), paid=format_yuan(paid))
        )
    out("\n".join(lines))
    if cases:
        out()
        out(pending_table(cases, store.calendar, current))


@ent_app.command("tag")
def ent_tag(
    name: Name,
    tags: Annotated[list[str], typer.Argument(help="Tags to give it: 高新技术企业 专精特新 ….", show_default=False)],
    remove: Annotated[bool, typer.Option("--remove", help="Take these tags away instead.")] = False,
):
    """Tag an enterprise (高新技术企业, 专精特新 …): the policy catalogue finds what it is entitled to by its tags.

    Its group and the key flag count as tags without being given (规上企业, 包联帮扶企业, 重点企业).

    Example:

        zhitong ent tag 新奥集团 高新技术企业 专精特新
        zhitong ent tag 新奥集团 专精特新 --remove
    """
    from zhitong.core.packages import parse_tags
    from zhitong.storage import packages as store_packages

    store = state().store
    enterprise = store.find_enterprise(name)
    wanted = parse_tags(tags)
    if not wanted:
        from zhitong.core.errors import InputError

        raise InputError("give at least one tag")
    now_tagged = store_packages.tag_enterprise(store, enterprise, wanted, remove=remove)
    say("{name}: tags {tags}", name=enterprise.name, tags="、".join(now_tagged) or "—")


@app.command(rich_help_panel="Getting started")
def demo(
    db: Annotated[
        Optional[Path], typer.Option("--db", help="Where to build the demo (default: zhitong-demo.db beside your own database).")
    ] = None,
):
    """Build the demo case book from the article and show the morning view.

    The demo never writes into your own database: it builds a separate file, says where,
    and rebuilds it from scratch each time it runs. Its cases are laid out in working time
    before now, so some are late and one is provisional on whatever day it is run.

    Example:

        zhitong demo --db demo.db
        zhitong --db demo.db show ZT-2026-0001
        zhitong --db demo.db overdue
    """
    import shlex

    from zhitong.storage.demo import build_file
    from zhitong.store import default_path

    target = (db or default_path().with_name("zhitong-demo.db")).expanduser()
    refs = build_file(target, now(), state().policy)
    state().db_path = target
    say("demo database built at {path}", path=str(target))
    from zhitong.commands.views import overdue, pending

    out()
    pending(as_json=False)
    out()
    overdue(as_json=False)
    say("try: zhitong --db {path} show {ref}", path=shlex.quote(str(target)), ref=refs[0])


@app.command("log", rich_help_panel=RECORDS)
def log_command(
    since: Annotated[Optional[str], typer.Option("--since", help="Only changes made at or after this time.")] = None,
    as_json: JsonOption = False,
):
    """Every change to a record, newest first: departments, enterprises, the calendar, policy recomputes.

    The log, like a case's history, is append-only: the database refuses to change or delete a
    row of it, and zhitong check says so if that protection is missing.

    Example:

        zhitong log --since 2026-11-01
    """
    from zhitong.edge.when import parse_when
    from zhitong.text.i18n import tr
    from zhitong.text.render import Column, table
    from zhitong.text.views import record_change, short_time

    start = parse_when(since, reference=now(), past=True) if since else None
    entries = state().store.records_log(start)
    if as_json:
        emit_json(entries)
        return
    from datetime import datetime

    out(
        table(
            [Column(tr("when")), Column(tr("who")), Column(tr("record")), Column(tr("what changed"), flexible=True)],
            [
                [short_time(datetime.fromisoformat(e["at"])), e["actor"], f"{tr(e['record'])} {e['name']}", record_change(e)]
                for e in entries
            ],
        )
    )


def _rename(table: str, old: str, new: str) -> None:
    from zhitong.edge.config import actor
    from zhitong.edge.inputs import text_field

    new = text_field(new, "name", required=True, limit=100)
    was = state().store.rename_record(table, old, new, at=now(), actor=actor())
    say("{old} renamed {new}; the old name still finds it", old=was, new=new)


def _merge(table: str, name: str, into: str) -> None:
    from zhitong.edge.config import actor

    source, target = state().store.merge_record(table, name, into, at=now(), actor=actor())
    say("{name} merged into {into}; its cases moved and its name still finds it", name=source, into=target)


@ent_app.command("rename")
def ent_rename(
    old: Annotated[str, typer.Argument(help="The enterprise's name now.", show_default=False)],
    new: Annotated[str, typer.Argument(help="Its new name.", show_default=False)],
):
    """Rename an enterprise; its cases follow, each with an event, and the old name still finds it.

    Example:

        zhitong ent rename 华翔物流 华翔物流有限公司
    """
    _rename("enterprises", old, new)


@ent_app.command("merge")
def ent_merge(
    name: Annotated[str, typer.Argument(help="The enterprise to fold in.", show_default=False)],
    into: Annotated[str, typer.Option("--into", help="The enterprise it is.", show_default=False)],
):
    """Fold a second spelling of an enterprise into the registered one; its cases move with an event each.

    Example:

        zhitong ent merge 华翔物流 --into 华翔物流有限公司
    """
    _merge("enterprises", name, into)


@dept_app.command("rename")
def dept_rename(
    old: Annotated[str, typer.Argument(help="The department's name now.", show_default=False)],
    new: Annotated[str, typer.Argument(help="Its new name.", show_default=False)],
):
    """Rename a department; its cases follow, each with an event, and the old name still finds it.

    Example:

        zhitong dept rename 工管委 工业和信息化局
    """
    _rename("departments", old, new)


@dept_app.command("merge")
def dept_merge(
    name: Annotated[str, typer.Argument(help="The department to fold in.", show_default=False)],
    into: Annotated[str, typer.Option("--into", help="The department that takes over its cases.", show_default=False)],
):
    """Fold a department into another (an office reorganised); its cases move with an event each.

    Example:

        zhitong dept merge 科技局 --into 经济发展局
    """
    _merge("departments", name, into)
