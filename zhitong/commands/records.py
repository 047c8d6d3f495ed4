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


@ent_app.command("add")
def ent_add(
    name: Name,
    code: Annotated[Optional[str], typer.Option("--code", help="Unified social credit code (18 characters).")] = None,
    group: Annotated[str, typer.Option("--group", help="service or liaison, or 规上企业, 包联帮扶企业.")] = "service",
    key: Annotated[bool, typer.Option("--key", help="A key enterprise (重点骨干企业).")] = False,
    contact: Annotated[Optional[str], typer.Option("--contact", help="Contact person.")] = None,
    phone: Annotated[Optional[str], typer.Option("--phone", help="Contact phone.")] = None,
    officer: Annotated[Optional[str], typer.Option("--officer", help="Assigned assistance officer.")] = None,
):
    """Add an enterprise to the registry.

    Example:

        zhitong ent add 新奥集团 --code 91131000601172867X --group service --key --contact 李经理
    """
    from zhitong.core.uscc import parse_uscc
    from zhitong.edge.inputs import parse_group, text_field

    enterprise = Enterprise(
        0,
        text_field(name, "name", required=True, limit=100),
        parse_uscc(code) if code else None,
        parse_group(group),
        key,
        text_field(contact, "contact", limit=100),
        text_field(phone, "phone", limit=50),
        text_field(officer, "officer", limit=100),
    )
    from zhitong.core.duplicates import name_clash
    from zhitong.core.errors import InputError

    store = state().store
    same, near = name_clash(enterprise.name, store.enterprise_names())
    if same is not None:
        raise InputError(
            "enterprise {name!r} is already registered as {other!r}",
            hint="use the registered name, or zhitong ent rename",
            name=enterprise.name,
            other=same,
        )
    store.add_enterprise(enterprise)
    say("enterprise {name} added", name=enterprise.name)
    if near is not None:
        say(
            "warning: {name} and the registered {other} may be one enterprise; if so, zhitong ent merge {name} --into {other}",
            name=enterprise.name,
            other=near,
        )


@ent_app.command("list")
def ent_list(as_json: JsonOption = False):
    """List the enterprises, key enterprises first, each part by name (Chinese by pinyin).

    Example:

        zhitong ent list
    """
    from zhitong.text.collate import name_key
    from zhitong.text.i18n import tr
    from zhitong.text.render import Column, table

    enterprises = sorted(state().store.enterprises(), key=lambda e: (not e.key, name_key(e.name)))
    if as_json:
        emit_json([e.to_json() for e in enterprises])
        return
    columns = [
        Column(tr("name"), flexible=True),
        Column(tr("credit code")),
        Column(tr("group")),
        Column(tr("key")),
        Column(tr("contact")),
        Column(tr("officer")),
    ]
    rows = [[e.name, e.credit_code, tr(e.group), "★" if e.key else "", e.contact, e.officer] for e in enterprises]
    out(table(columns, rows))


@ent_app.command("show")
def ent_show(name: Name, as_json: JsonOption = False):
    """Show an enterprise and its cases.

    Example:

        zhitong ent show 新奥
    """
    from zhitong.text.views import pending_table

    store = state().store
    enterprise = store.find_enterprise(name)
    cases = store.enterprise_cases(enterprise)
    if as_json:
        emit_json({**enterprise.to_json(), "cases": [case.to_json(now()) for case in cases]})
        return
    from zhitong.text.i18n import tr
    from zhitong.text.render import clean

    lines = [clean(enterprise.name)]
    for label, value in (
        (tr("credit code"), enterprise.credit_code),
        (tr("group"), tr(enterprise.group)),
        (tr("contact"), enterprise.contact),
        (tr("phone"), enterprise.phone),
        (tr("officer"), enterprise.officer),
    ):
        if value:
            lines.append(f"  {label}: {clean(value)}")
    out("\n".join(lines))
    if cases:
        out()
        out(pending_table(cases, store.calendar, now()))


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
