"""Service packages (综合服务包) and the special funds (专项资金): make, fill, follow, pay, write the letter."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from zhitong.commands.app import JsonOption, app, emit_json, now, out, say, state, warn_coverage, when_option
from zhitong.edge.inputs import MAX_TITLE, resolve_when, text_field

PACKAGES = "Service packages"

package_app = typer.Typer(
    help="""Service packages (综合服务包, 一企一策): for a key enterprise, its policies and measures, each followed as a case.

Example:

\b
    zhitong package new 新奥集团 --title 新奥集团综合服务包 --leader 王主任
    zhitong package add 新奥集团 --kind policy 高新技术企业认定奖励 --dept 经济发展局 --contact 刘科长 --phone 0316-2912301 --due 10d
    zhitong package show 新奥集团""",
    no_args_is_help=True,
)
fund_app = typer.Typer(
    help="""Special funds (专项资金): budgets, applications and disbursements, in exact yuan.

Example:

\b
    zhitong fund add 企业云服务专项资金 --budget 1000万 --dept 经济发展局
    zhitong fund pay ZT-2026-0012 --amount 30万
    zhitong fund show 企业云服务专项资金""",
    no_args_is_help=True,
)
app.add_typer(package_app, name="package", rich_help_panel=PACKAGES)
app.add_typer(fund_app, name="fund", rich_help_panel=PACKAGES)

Pkg = Annotated[str, typer.Argument(help="The package: its id (PKG-2026-01) or its enterprise's name.", show_default=False)]
FundName = Annotated[str, typer.Argument(help="The fund's name (exact, or a unique part of it).", show_default=False)]
Item = Annotated[str, typer.Argument(help="The item: its case reference (ZT-2026-0012, or 12).", show_default=False)]


def _actor() -> str:
    from zhitong.edge.config import actor

    return actor()


# -- funds ----------------------------------------------------------------------------------------


@fund_app.command("add")
def fund_add(
    name: Annotated[str, typer.Argument(help="The fund's name, in full.", show_default=False)],
    budget: Annotated[str, typer.Option("--budget", help="The budget in yuan: 10000000, 10,000,000.00 or 1000万.", show_default=False)],
    dept: Annotated[Optional[str], typer.Option("--dept", help="The department that runs the fund.")] = None,
):
    """Add a special fund with its budget.

    Example:

        zhitong fund add 企业云服务专项资金 --budget 1000万 --dept 经济发展局
    """
    from zhitong.core.money import format_yuan, parse_yuan
    from zhitong.storage import packages as store_packages

    name = text_field(name, "name", required=True, limit=100)
    fen = parse_yuan(budget)
    store = state().store
    department = store.find_department(dept) if dept else None
    store_packages.add_fund(store, name, fen, department)
    say("fund {name} added with a budget of {budget} yuan", name=name, budget=format_yuan(fen))


@fund_app.command("show")
def fund_show(name: FundName, as_json: JsonOption = False):
    """Show a fund: budget, applied, paid, remaining, enterprises paid, and each application.

    Example:

        zhitong fund show 企业云服务专项资金
    """
    from zhitong.core.money import yuan_json
    from zhitong.storage import packages as store_packages
    from zhitong.text.packages import fund_card

    store = state().store
    fund_id, _name = store_packages.find_fund(store, name)
    totals = store_packages.fund_totals(store, fund_id)
    lines = store_packages.fund_lines(store, fund_id)
    if as_json:
        applications = [
            {
                "enterprise": line.enterprise,
                "ref": line.ref,
                "title": line.title,
                "applied": yuan_json(line.applied),
                "paid": yuan_json(line.paid),
                "applied_fen": line.applied,
                "paid_fen": line.paid,
            }
            for line in lines
        ]
        emit_json({**totals.to_json(), "applications": applications})
        return
    out(fund_card(totals, lines))


@fund_app.command("list")
def fund_list(as_json: JsonOption = False):
    """List the funds with their budget, applied, paid and remaining money.

    Example:

        zhitong fund list
    """
    from zhitong.storage import packages as store_packages
    from zhitong.text.packages import fund_list as render

    totals = store_packages.funds(state().store)
    if as_json:
        emit_json([t.to_json() for t in totals])
        return
    if not totals:
        say("no funds yet: add one with zhitong fund add NAME --budget YUAN")
        return
    out(render(totals))


@fund_app.command("pay")
def fund_pay(
    item: Item,
    amount: Annotated[str, typer.Option("--amount", help="The amount paid, in yuan: 300000, 300,000.00 or 30万.", show_default=False)],
    at: Annotated[Optional[str], when_option("When it was paid (default: now).")] = None,
):
    """Record a disbursement from the item's fund (never more than applied for, never past the budget).

    An item may be paid in more than one disbursement; each is an event in its case's history.

    Example:

        zhitong fund pay ZT-2026-0012 --amount 30万 --at 2026-06-20
    """
    from zhitong.core.money import format_yuan, parse_yuan
    from zhitong.storage import packages as store_packages

    fen = parse_yuan(amount)
    moment = resolve_when(at)
    case, totals = store_packages.pay(state().store, item, fen, at=moment, actor=_actor())
    say(
        "{ref}: {amount} yuan paid from {fund}; {remaining} yuan of its budget left",
        ref=case.ref,
        amount=format_yuan(fen),
        fund=totals.name,
        remaining=format_yuan(totals.remaining),
    )


# -- packages -------------------------------------------------------------------------------------


@package_app.command("new")
def package_new(
    enterprise: Annotated[str, typer.Argument(help="Enterprise name (exact, or a unique part of it).", show_default=False)],
    title: Annotated[Optional[str], typer.Option("--title", help="The package's title (default: none).")] = None,
    leader: Annotated[Optional[str], typer.Option("--leader", help="The zone leader paired with the enterprise (领导包联).")] = None,
):
    """Make a service package for an enterprise, which becomes a key enterprise; print its id.

    Example:

        zhitong package new 新奥集团 --title 新奥集团综合服务包 --leader 王主任
    """
    from zhitong.storage import packages as store_packages

    title = text_field(title, "title", limit=MAX_TITLE)
    leader = text_field(leader, "leader", limit=100)
    store = state().store
    found = store.find_enterprise(enterprise)
    ref = store_packages.new_package(store, found, title=title, leader=leader, at=now())
    out(ref)
    say("package {ref} made for {name}, now a key enterprise", ref=ref, name=found.name)


def item_limits(due: str, received, policy_clock: str = "workdays") -> dict:
    """An item's resolve milestone from --due: a limit (10d, 10天) on the working-time clock, or an instant."""
    from zhitong.core import packages as rules
    from zhitong.core.errors import InputError
    from zhitong.edge.when import parse_when
    from zhitong.sla import Limit

    try:
        limit = Limit.parse(due)
    except InputError:
        pass
    else:
        return rules.limits_within(str(limit), policy_clock)
    try:
        moment = parse_when(due, reference=received, future=True)
    except InputError as error:
        raise InputError(
            "--due {value!r} is neither a time limit nor an instant",
            hint="give a limit such as 10d (10 working days) or 24h, or an instant such as 2026-12-31 18:00",
            value=due,
        ) from error
    return rules.limits_until(received, moment)


@package_app.command("add")
def package_add(
    package: Pkg,
    title: Annotated[Optional[str], typer.Argument(help="The item, in a line (a --benefit gives its own).", show_default=False)] = None,
    kind: Annotated[
        Optional[str], typer.Option("--kind", help="policy (普惠政策, an inclusive policy) or measure (专项措施, a personalised measure).")
    ] = None,
    dept: Annotated[Optional[str], typer.Option("--dept", help="The responsible department.")] = None,
    contact: Annotated[Optional[str], typer.Option("--contact", help="The department's contact for the item.")] = None,
    phone: Annotated[Optional[str], typer.Option("--phone", help="The contact's phone.")] = None,
    due: Annotated[
        Optional[str],
        typer.Option(
            "--due", help="The deadline (办理时限): a limit on the working-time clock (10d, 10天, 24h) or an instant (2026-12-31 18:00)."
        ),
    ] = None,
    how: Annotated[Optional[str], typer.Option("--how", help="How to apply, or what will be done.")] = None,
    detail: Annotated[Optional[str], typer.Option("--detail", help="What the item is, in full.")] = None,
    fund: Annotated[Optional[str], typer.Option("--fund", help="The special fund applied to (with --amount).")] = None,
    amount: Annotated[Optional[str], typer.Option("--amount", help="The amount applied for, in yuan: 300000, 300,000.00 or 30万.")] = None,
    benefit: Annotated[
        Optional[int],
        typer.Option(
            "--benefit", help="A policy of the catalogue (its id in zhitong benefit list): its title, department, contact and how-to."
        ),
    ] = None,
    as_json: JsonOption = False,
):
    """Add an item to a package: it becomes a case (channel package) due at its deadline.

    The deadline is the item's resolve milestone: a limit such as 10d runs on the working-time
    clock (provisional beyond the calendar), an instant is kept as given. An item from the
    policy catalogue (--benefit) is due in 10 working days unless --due says otherwise.

    Example:

        zhitong package add 新奥集团 --kind policy 高新技术企业认定奖励 --dept 经济发展局 --contact 刘科长 --phone 0316-2912301 --due 10d --how 登录企业服务平台提交申请
        zhitong package add PKG-2026-01 --kind measure 新厂区用电增容 --dept 工管委 --contact 赵科长 --phone 0316-2912302 --due "2026-12-31 18:00"
        zhitong package add 新奥集团 --benefit 1
    """
    from zhitong.core import packages as rules
    from zhitong.core.errors import InputError
    from zhitong.core.money import parse_yuan
    from zhitong.storage import packages as store_packages

    store = state().store
    chosen = store_packages.find_benefit(store, benefit) if benefit is not None else None
    benefit_fund = chosen.fund_id if chosen else None
    if (fund is None and benefit_fund is None and amount is not None) or (fund is not None and amount is None):
        raise InputError("--fund and --amount go together: an application names its fund and the amount applied for")
    kind = rules.parse_item_kind(kind) if kind else ("policy" if chosen else None)
    if kind is None:
        raise InputError("--kind is required", hint="use policy (普惠政策) or measure (专项措施)")
    title = text_field(title, "title", required=chosen is None, limit=MAX_TITLE) or (chosen.title if chosen else None)
    contact = text_field(contact, "contact", required=chosen is None, limit=100) or (chosen.contact if chosen else None)
    phone = text_field(phone, "phone", required=chosen is None, limit=50) or (chosen.phone if chosen else None)
    how = text_field(how, "how") or (chosen.how if chosen else None)
    detail = text_field(detail, "detail")
    if dept is None and chosen is None:
        raise InputError("--dept is required", hint="name the responsible department")
    if due is None and chosen is None:
        raise InputError("--due is required", hint="give a limit such as 10d (10 working days) or an instant such as 2026-12-31 18:00")
    received = now()
    limits = item_limits(due or rules.BENEFIT_DUE, received)
    found = store_packages.find_package(store, package)
    department = store.find_department(dept) if dept else store.find_department(chosen.department)
    fund_id = amount_fen = None
    if amount is not None:
        fund_id = store_packages.find_fund(store, fund)[0] if fund is not None else benefit_fund
        amount_fen = parse_yuan(amount)
    item = store_packages.NewItem(kind, title, department, contact, phone, limits, detail, how, fund_id, amount_fen, benefit)
    ref = store_packages.add_item(store, found, item, at=received, actor=_actor())
    warn_coverage(store)
    case = store.case(ref)
    if as_json:
        emit_json(case.to_json(now()))
        return
    from zhitong.text.views import deadline_lines

    out(ref)
    out(deadline_lines(case, now()))


@package_app.command("show")
def package_show(package: Pkg, as_json: JsonOption = False):
    """Show a package: its items with state, deadline and department contact, its progress, and its money.

    Example:

        zhitong package show 新奥集团
        zhitong package show PKG-2026-01 --json
    """
    from zhitong.storage import packages as store_packages
    from zhitong.text.packages import package_card, package_json

    store = state().store
    found = store_packages.find_package(store, package)
    items = store_packages.items(store, found.id)
    if as_json:
        emit_json(package_json(found, items, now()))
        return
    out(package_card(found, items, now()))


@package_app.command("list")
def package_list(
    officer: Annotated[Optional[str], typer.Option("--officer", help="Only enterprises of this assistance officer.")] = None,
    as_json: JsonOption = False,
):
    """List every package: enterprise, leader, items done, open and overdue, money applied for and paid.

    Example:

        zhitong package list
        zhitong package list --officer 张专员
    """
    from zhitong.storage import packages as store_packages
    from zhitong.text.packages import package_json
    from zhitong.text.packages import package_list as render

    store = state().store
    packages = store_packages.packages(store)
    if officer:
        theirs = {e.name for e in store.enterprises() if e.officer == officer.strip()}
        packages = [package for package in packages if package.enterprise in theirs]
    entries = [(package, store_packages.items(store, package.id)) for package in packages]
    if as_json:
        emit_json([package_json(package, items, now(), with_items=False) for package, items in entries])
        return
    if not entries:
        say("no packages yet: make one with zhitong package new ENTERPRISE")
        return
    out(render(entries, now()))


@package_app.command("letter")
def package_letter(
    package: Pkg,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write the letter to this file (default: standard output).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")] = False,
):
    """Write the letter for the enterprise: each item, how to apply, the contact and phone, the deadline.

    Plain text, in Chinese unless --lang says otherwise, to send or print (政策、办理方式、联系人、联系电话、办理时限).

    Example:

        zhitong package letter 新奥集团 -o 新奥集团服务包.txt
    """
    from zhitong.edge.files import output_stream
    from zhitong.edge.language import language
    from zhitong.storage import packages as store_packages
    from zhitong.text.packages import letter

    context = state()
    store = context.store
    found = store_packages.find_package(store, package)
    items = store_packages.items(store, found.id)
    enterprise = store.find_enterprise(found.enterprise)
    lang = language() if context.explicit_lang else "zh"
    text = letter(found, items, enterprise.contact, now(), lang)
    with output_stream(output, "utf-8", force=force) as stream:
        stream.write(text)
    if output is not None and str(output) != "-":
        say("the letter for {name} written to {path}", name=found.enterprise, path=str(output))


# -- the policy catalogue (惠企政策, 送政策上门) ----------------------------------------------------------

benefit_app = typer.Typer(
    help="""The zone's enterprise policies (惠企政策), delivered to the door (送政策上门): who is entitled, who has been told.

Example:

\b
    zhitong benefit add 高新技术企业认定奖励 --dept 经济发展局 --contact 刘科长 --phone 0316-2912301 --how 登录企业服务平台申报 --for 高新技术企业
    zhitong benefit match 新奥集团
    zhitong benefit reach 1""",
    no_args_is_help=True,
)
app.add_typer(benefit_app, name="benefit", rich_help_panel=PACKAGES)

BenefitId = Annotated[int, typer.Argument(help="The policy's id (zhitong benefit list).", show_default=False)]


@benefit_app.command("add")
def benefit_add(
    title: Annotated[str, typer.Argument(help="The policy, in a line.", show_default=False)],
    dept: Annotated[str, typer.Option("--dept", help="The responsible department.", show_default=False)],
    contact: Annotated[str, typer.Option("--contact", help="The department's contact for the policy.", show_default=False)],
    phone: Annotated[str, typer.Option("--phone", help="The contact's phone.", show_default=False)],
    how: Annotated[str, typer.Option("--how", help="How to apply.", show_default=False)],
    tags: Annotated[
        Optional[list[str]],
        typer.Option("--for", help="A tag the enterprise must have (高新技术企业, 专精特新, 规上企业, 重点企业…); give it again for more."),
    ] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="The last day the policy holds (default: no end).")] = None,
    fund: Annotated[Optional[str], typer.Option("--fund", help="The special fund the policy pays from.")] = None,
):
    """Add a policy to the catalogue and print its id.

    An enterprise is entitled when it has every --for tag; its group and the key flag count
    as tags (规上企业, 包联帮扶企业, 重点企业).

    Example:

        zhitong benefit add 企业上云补贴 --dept 经济发展局 --contact 刘科长 --phone 0316-2912301 --how 登录企业服务平台申报 --for 规上企业 --until 2026-12-31 --fund 企业云服务专项资金
    """
    from zhitong.core import packages as rules
    from zhitong.edge.when import parse_when
    from zhitong.storage import packages as store_packages

    title = text_field(title, "title", required=True, limit=MAX_TITLE)
    contact = text_field(contact, "contact", required=True, limit=100)
    phone = text_field(phone, "phone", required=True, limit=50)
    how = text_field(how, "how", required=True)
    wanted = rules.parse_tags(tags or [])
    last_day = parse_when(until, reference=now()).date().isoformat() if until else None
    store = state().store
    department = store.find_department(dept)
    fund_id = store_packages.find_fund(store, fund)[0] if fund else None
    benefit_id = store_packages.add_benefit(
        store, title=title, department=department, contact=contact, phone=phone, how=how, tags=wanted, until=last_day, fund_id=fund_id
    )
    out(str(benefit_id))
    say("policy {id} added to the catalogue: {title}", id=benefit_id, title=title)


def _benefit_table(benefits) -> str:
    from zhitong.text.i18n import tr
    from zhitong.text.render import Column, table

    columns = [
        Column(tr("id"), align="right"),
        Column(tr("policy"), flexible=True),
        Column(tr("department")),
        Column(tr("contact")),
        Column(tr("phone")),
        Column(tr("for")),
        Column(tr("until")),
    ]
    rows = [[b.id, b.title, b.department, b.contact, b.phone, "、".join(b.tags), b.until] for b in benefits]
    return table(columns, rows)


@benefit_app.command("list")
def benefit_list(as_json: JsonOption = False):
    """List the policies of the catalogue.

    Example:

        zhitong benefit list --json
    """
    from zhitong.storage import packages as store_packages

    benefits = store_packages.benefits(state().store)
    if as_json:
        emit_json([b.to_json() for b in benefits])
        return
    if not benefits:
        say("the catalogue is empty: add a policy with zhitong benefit add TITLE …")
        return
    out(_benefit_table(benefits))


@benefit_app.command("show")
def benefit_show(benefit: BenefitId, as_json: JsonOption = False):
    """Show a policy: its department, contact, how to apply, who it is for and until when.

    Example:

        zhitong benefit show 1
    """
    from zhitong.storage import packages as store_packages
    from zhitong.text.i18n import tr
    from zhitong.text.render import clean

    found = store_packages.find_benefit(state().store, benefit)
    if as_json:
        emit_json(found.to_json())
        return
    lines = [f"{found.id}  {clean(found.title)}"]
    for label, value in (
        ("department", found.department),
        ("contact", found.contact),
        ("phone", found.phone),
        ("how", found.how),
        ("for", "、".join(found.tags)),
        ("until", found.until),
        ("fund", found.fund),
    ):
        if value:
            lines.append(f"  {tr(label)}: {clean(value)}")
    out("\n".join(lines))


def _reach(store, benefit):
    """(entitled and told, entitled and not told) enterprises of one policy."""
    from zhitong.core import packages as rules
    from zhitong.storage import packages as store_packages
    from zhitong.text.collate import name_key

    tags = store_packages.all_enterprise_tags(store)
    told = store_packages.benefits_in_packages(store).get(benefit.id, set())
    entitled = [e for e in store.enterprises() if rules.entitled(benefit.tags, rules.effective_tags(tags.get(e.id, ()), e.group, e.key))]
    entitled.sort(key=lambda e: name_key(e.name))
    return [e for e in entitled if e.id in told], [e for e in entitled if e.id not in told]


@benefit_app.command("match")
def benefit_match(
    enterprise: Annotated[str, typer.Argument(help="Enterprise name (exact, or a unique part of it).", show_default=False)],
    as_json: JsonOption = False,
):
    """The policies an enterprise is entitled to, still valid, and not yet in its package.

    Example:

        zhitong benefit match 新奥集团
    """
    from zhitong.core import packages as rules
    from zhitong.storage import packages as store_packages

    store = state().store
    found = store.find_enterprise(enterprise)
    tags = rules.effective_tags(store_packages.enterprise_tags(store, found.id), found.group, found.key)
    told = store_packages.benefits_in_packages(store)
    today = now().date().isoformat()
    matches = [
        b
        for b in store_packages.benefits(store)
        if rules.entitled(b.tags, tags) and rules.valid_on(b.until, today) and found.id not in told.get(b.id, set())
    ]
    if as_json:
        emit_json([b.to_json() for b in matches])
        return
    if not matches:
        say("no policy in the catalogue is due to {name} that is not in its package already", name=found.name)
        return
    out(_benefit_table(matches))
    package = store_packages.enterprise_package(store, found.id)
    say("add one with zhitong package add {package} --benefit ID", package=package.ref if package else found.name)


@benefit_app.command("reach")
def benefit_reach(benefit: BenefitId, as_json: JsonOption = False):
    """Which entitled enterprises have been told of a policy (it is in their package) and which not yet (应享尽享).

    Example:

        zhitong benefit reach 1
    """
    from zhitong.storage import packages as store_packages
    from zhitong.text.i18n import tr
    from zhitong.text.render import clean

    store = state().store
    found = store_packages.find_benefit(store, benefit)
    told, untold = _reach(store, found)
    if as_json:
        emit_json(
            {
                **found.to_json(),
                "entitled": len(told) + len(untold),
                "told": [e.name for e in told],
                "not_told": [e.name for e in untold],
            }
        )
        return
    lines = [f"{found.id}  {clean(found.title)}"]
    lines.append("  " + tr("{told} of {entitled} entitled enterprises told", told=len(told), entitled=len(told) + len(untold)))
    lines.append(f"  {tr('told')}: " + ("、".join(clean(e.name) for e in told) or "—"))
    lines.append(f"  {tr('not yet told')}: " + ("、".join(clean(e.name) for e in untold) or "—"))
    out("\n".join(lines))
