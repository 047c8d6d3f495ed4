"""What the officer reads of packages and funds: the package card, the package list, the fund's
account and the letter for the enterprise (政策、办理方式、联系人、联系电话、办理时限)."""

from __future__ import annotations

from datetime import datetime

from zhitong.core import packages as rules
from zhitong.core.instants import readable
from zhitong.core.money import format_yuan, yuan_json
from zhitong.core.vocabulary import CLOSED
from zhitong.text.i18n import tr
from zhitong.text.render import Column, bar, clean, table


def item_late(item, now: datetime) -> bool:
    milestone = item.case.milestone("resolve")
    return milestone is not None and milestone.state(now, item.case.paused_since) == "late"


def item_closed(item) -> bool:
    return item.case.status in CLOSED


def package_progress(items, now: datetime) -> rules.Progress:
    return rules.progress((item_closed(item), item_late(item, now)) for item in items)


def money_of(items) -> tuple[int, int]:
    """(applied, paid) in fen over a package's items."""
    return sum(item.amount or 0 for item in items), sum(item.paid for item in items)


def item_state(item, now: datetime) -> str:
    if item_closed(item):
        return item.case.status
    milestone = item.case.milestone("resolve")
    return milestone.state(now, item.case.paused_since) if milestone else item.case.status


def item_json(item, now: datetime) -> dict:
    milestone = item.case.milestone("resolve")
    return {
        "ref": item.case.ref,
        "kind": item.kind,
        "title": item.case.title,
        "detail": item.case.detail,
        "department": item.case.department,
        "contact": item.contact,
        "phone": item.phone,
        "how": item.how,
        "status": item.case.status,
        "state": item_state(item, now),
        "due": milestone.to_json(now, item.case.paused_since)["due"] if milestone else None,
        "provisional": bool(milestone and milestone.provisional and milestone.met_at is None),
        "fund": item.fund,
        "applied": yuan_json(item.amount) if item.amount is not None else None,
        "applied_fen": item.amount,
        "paid": yuan_json(item.paid),
        "paid_fen": item.paid,
        "benefit": item.benefit_id,
    }


def package_json(package, items, now: datetime, *, with_items: bool = True) -> dict:
    applied, paid = money_of(items)
    result = {
        "id": package.ref,
        "enterprise": package.enterprise,
        "title": package.title,
        "leader": package.leader,
        "created_at": package.created_at.isoformat(),
        **package_progress(items, now).to_json(),
        "applied": yuan_json(applied),
        "paid": yuan_json(paid),
        "applied_fen": applied,
        "paid_fen": paid,
    }
    if with_items:
        result["items"] = [item_json(item, now) for item in items]
    return result


def _due_text(item, lang: str | None = None) -> str:
    milestone = item.case.milestone("resolve")
    if milestone is None:
        return ""
    text = readable(milestone.due)
    if milestone.provisional and milestone.met_at is None:
        text += tr(" (provisional)", lang)
    return text


def progress_line(progress: rules.Progress, cells: int = 20) -> str:
    fraction = progress.done / progress.total if progress.total else 0.0
    return f"{bar(fraction, cells)} {progress.done}/{progress.total}"


def package_card(package, items, now: datetime) -> str:
    progress = package_progress(items, now)
    applied, paid = money_of(items)
    lines = [f"{package.ref}  {clean(package.enterprise)}" + (f"  {clean(package.title)}" if package.title else "")]
    if package.leader:
        lines.append(f"  {tr('leader')}: {clean(package.leader)}")
    lines.append(f"  {tr('progress')}: {progress_line(progress)}")
    lines.append("  " + tr("{done} done, {open} open, {overdue} overdue", done=progress.done, open=progress.open, overdue=progress.overdue))
    if applied or paid:
        lines.append("  " + tr("applied for {applied} yuan, paid {paid} yuan", applied=format_yuan(applied), paid=format_yuan(paid)))
    if not items:
        lines.append("")
        lines.append(tr("no items yet: add one with zhitong package add {ref} --kind policy …", ref=package.ref))
        return "\n".join(lines)
    columns = [
        Column(tr("ref")),
        Column(tr("kind"), optional=3),
        Column(tr("item"), flexible=True, minimum=12),
        Column(tr("state")),
        Column(tr("deadline")),
        Column(tr("department"), optional=2),
        Column(tr("contact"), optional=4),
        Column(tr("phone"), optional=5),
        Column(tr("applied"), align="right"),
        Column(tr("paid"), align="right"),
    ]
    rows = [
        [
            item.case.ref,
            tr(item.kind),
            item.case.title,
            tr(item_state(item, now)),
            _due_text(item),
            item.case.department,
            item.contact,
            item.phone,
            format_yuan(item.amount) if item.amount else "",
            format_yuan(item.paid) if item.amount else "",
        ]
        for item in items
    ]
    return "\n".join(lines) + "\n\n" + table(columns, rows)


def package_list(entries, now: datetime) -> str:
    """``entries``: (package, items) pairs."""
    columns = [
        Column(tr("id")),
        Column(tr("enterprise"), flexible=True),
        Column(tr("leader")),
        Column(tr("items done"), align="right"),
        Column(tr("items open"), align="right"),
        Column(tr("items overdue"), align="right"),
        Column(tr("progress")),
        Column(tr("applied"), align="right"),
        Column(tr("paid"), align="right"),
    ]
    rows = []
    for package, items in entries:
        progress = package_progress(items, now)
        applied, paid = money_of(items)
        rows.append(
            [
                package.ref,
                package.enterprise,
                package.leader,
                progress.done,
                progress.open,
                progress.overdue,
                progress_line(progress, 10),
                format_yuan(applied),
                format_yuan(paid),
            ]
        )
    return table(columns, rows)


def fund_card(totals: rules.FundTotals, lines) -> str:
    head = [clean(totals.name)]
    if totals.department:
        head.append(f"  {tr('department')}: {clean(totals.department)}")
    for label, fen in (("budget", totals.budget), ("applied", totals.applied), ("paid", totals.paid), ("remaining", totals.remaining)):
        head.append(f"  {tr(label)}: {format_yuan(fen)} {tr('yuan')}")
    head.append(f"  {tr('enterprises paid')}: {totals.enterprises_paid}")
    fraction = totals.paid / totals.budget if totals.budget else 0.0
    head.append(f"  {bar(fraction)} {tr('{percent}% of the budget paid', percent=round(100 * fraction))}")
    if not lines:
        return "\n".join(head)
    columns = [
        Column(tr("enterprise"), flexible=True),
        Column(tr("ref")),
        Column(tr("item"), flexible=True),
        Column(tr("applied"), align="right"),
        Column(tr("paid"), align="right"),
    ]
    rows = [[line.enterprise, line.ref, line.title, format_yuan(line.applied), format_yuan(line.paid)] for line in lines]
    return "\n".join(head) + "\n\n" + table(columns, rows)


def fund_list(all_totals) -> str:
    columns = [
        Column(tr("name"), flexible=True),
        Column(tr("budget"), align="right"),
        Column(tr("applied"), align="right"),
        Column(tr("paid"), align="right"),
        Column(tr("remaining"), align="right"),
        Column(tr("enterprises paid"), align="right"),
    ]
    rows = [
        [t.name, format_yuan(t.budget), format_yuan(t.applied), format_yuan(t.paid), format_yuan(t.remaining), t.enterprises_paid]
        for t in all_totals
    ]
    return table(columns, rows)


def letter(package, items, enterprise_contact: str | None, today: datetime, lang: str = "zh") -> str:
    """The plain text for the enterprise: for each item what it is, how, who to call and by when.

    Chinese unless the officer asked for another language on the command line (``--lang``).
    """

    def t(template: str, **fields) -> str:
        return tr(template, lang, **fields)

    lines = [t("{enterprise} service package ({ref})", enterprise=package.enterprise, ref=package.ref), ""]
    lines.append(t("To {name}:", name=enterprise_contact or package.enterprise))
    lines.append(
        t(
            "The zone has prepared this service package for your enterprise. For each item: what it is, how to apply or what will be done, whom to contact, and the deadline."
        )
    )
    for number, item in enumerate(items, 1):
        lines.append("")
        lines.append(f"{number}. [{t(item.kind)}] {item.case.title}")
        if item.case.detail:
            lines.append("   " + t("Content: {text}", text=item.case.detail))
        if item.how:
            lines.append("   " + t("How: {text}", text=item.how))
        lines.append("   " + t("Department: {value}", value=item.case.department or "—"))
        lines.append("   " + t("Contact: {name}  Phone: {phone}", name=item.contact, phone=item.phone))
        lines.append("   " + t("Deadline: {due}", due=_due_text(item, lang)))
        if item.fund and item.amount:
            lines.append("   " + t("Fund: {fund}, {amount} yuan applied for", fund=item.fund, amount=format_yuan(item.amount)))
        if item_closed(item):
            lines.append("   " + t("Status: done"))
    lines.append("")
    if package.leader:
        lines.append(t("Paired zone leader: {leader}", leader=package.leader))
    lines.append(t("Zone Double Innovation, Double Service Office, {day}", day=today.strftime("%Y-%m-%d")))
    return "\n".join(clean(line) if line else "" for line in lines) + "\n"
