"""Service packages (综合服务包), their items, the policy catalogue and the special funds: the pure rules.

A package belongs to one key enterprise ("一企一策") and is named ``PKG-YYYY-NN``. Each item is
a case (channel ``package``) whose deadline is its resolve milestone; the package's progress is
its items' states. A fund's money is integer fen: an item with a fund and an amount is an
application, and disbursements never exceed what was applied for, nor the budget.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import NamedTuple

from zhitong.core import vocabulary
from zhitong.core.errors import InputError, RefusedError
from zhitong.core.money import format_yuan, yuan_json
from zhitong.core.normalize import normalize

# The category an item is logged under: a department acting on its own powers (its deadline
# is the item's, not the category's).
ITEM_CATEGORY = "routine"
CHANNEL = "package"
# The deadline of an item taken from the policy catalogue when --due is not given.
BENEFIT_DUE = "10d"

_PKG = r"^PKG[-\s]*(\d{4})[-\s]*(\d{1,4})$"


def package_ref(year: int, seq: int) -> str:
    return f"PKG-{year}-{seq:02d}"


def package_ref_parts(text: str) -> tuple[int, int] | None:
    """(year, number) of a package id as typed (PKG-2026-01, pkg-2026-1), or None when it is no id."""
    match = re.match(_PKG, normalize(text).upper())
    return (int(match.group(1)), int(match.group(2))) if match else None


def parse_item_kind(text: str) -> str:
    """policy or measure, by its key or Chinese name (普惠政策, 专项措施, 政策, 措施)."""
    return vocabulary.parse("item kind", text)


def limits_until(received: datetime, due: datetime) -> dict:
    """The resolve milestone of an item due at an instant: the minutes to it on the plain clock."""
    seconds = int((due - received).total_seconds())
    if seconds <= 0:
        raise InputError(
            "the deadline {due} is not after {received}", hint="give a later time, or a limit such as 10d", due=due, received=received
        )
    return {"resolve": [f"{-(-seconds // 60)}m", "calendar"]}


def limits_within(limit: str, clock: str) -> dict:
    """The resolve milestone of an item due within a limit (10d on the working-time clock)."""
    return {"resolve": [limit, clock]}


def parse_tags(texts) -> list[str]:
    """Tags as typed, trimmed, each once, in the order given; 高新技术企业,专精特新 splits too."""
    tags: list[str] = []
    for text in texts:
        for part in re.split(r"[,，、;；\s]+", normalize(text)):
            if not part:
                continue
            if len(part) > 50:
                raise InputError("the tag {tag!r} is longer than 50 characters", tag=part)
            if part not in tags:
                tags.append(part)
    return tags


# -- funds ----------------------------------------------------------------------------------------


class FundTotals(NamedTuple):
    name: str
    budget: int  # fen
    applied: int
    paid: int
    enterprises_paid: int
    department: str | None = None

    @property
    def remaining(self) -> int:
        """What the budget can still pay out."""
        return self.budget - self.paid

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "department": self.department,
            "budget": yuan_json(self.budget),
            "applied": yuan_json(self.applied),
            "paid": yuan_json(self.paid),
            "remaining": yuan_json(self.remaining),
            "budget_fen": self.budget,
            "applied_fen": self.applied,
            "paid_fen": self.paid,
            "remaining_fen": self.remaining,
            "enterprises_paid": self.enterprises_paid,
        }


def check_application(fund: FundTotals, amount: int) -> None:
    """Refuse an application for more than the fund can still pay."""
    if amount > fund.remaining:
        raise RefusedError(
            "the application for {amount} yuan is more than the {fund} has left ({remaining} yuan)",
            amount=format_yuan(amount),
            fund=fund.name,
            remaining=format_yuan(fund.remaining),
        )


def check_payment(fund: FundTotals, applied: int | None, paid_to_item: int, amount: int, ref: str) -> None:
    """Refuse a disbursement to an item that applied for nothing, beyond its application, or past the budget."""
    if applied is None:
        raise RefusedError("{ref} applied to no fund", hint="add the item with --fund FUND --amount YUAN", ref=ref)
    if paid_to_item + amount > applied:
        raise RefusedError(
            "{ref} applied for {applied} yuan and has been paid {paid}; {amount} more is more than applied for",
            ref=ref,
            applied=format_yuan(applied),
            paid=format_yuan(paid_to_item),
            amount=format_yuan(amount),
        )
    if amount > fund.remaining:
        raise RefusedError(
            "paying {amount} yuan would pass the budget of {fund}: {remaining} yuan left",
            amount=format_yuan(amount),
            fund=fund.name,
            remaining=format_yuan(fund.remaining),
        )


# -- progress -------------------------------------------------------------------------------------


class Progress(NamedTuple):
    done: int
    open: int
    overdue: int

    @property
    def total(self) -> int:
        return self.done + self.open

    def to_json(self) -> dict:
        return {"done": self.done, "open": self.open, "overdue": self.overdue, "total": self.total}


def progress(item_states) -> Progress:
    """Done, open and overdue items of a package, from each item's (closed, late) pair."""
    done = open_ = overdue = 0
    for closed, late in item_states:
        if closed:
            done += 1
        else:
            open_ += 1
            overdue += bool(late)
    return Progress(done, open_, overdue)


def on_time_rate(verdicts) -> tuple[int, int]:
    """(met on time, judged) over the resolve verdicts of an enterprise's closed cases."""
    judged = [verdict for verdict in verdicts if verdict in ("met", "late")]
    return sum(verdict == "met" for verdict in judged), len(judged)


# -- the policy catalogue: who is entitled ----------------------------------------------------------

KEY_TAGS = ("key", "重点企业", "重点骨干企业", "重点")


def effective_tags(tags, group: str, key: bool) -> frozenset[str]:
    """An enterprise's tags as a policy's --for reads them: its own, its group's names, and the key flag's."""
    names = set(tags)
    _words, aliases, _noun = vocabulary.TYPED["group"]
    names |= {group, vocabulary.CHINESE[group]} | {alias for alias, word in aliases.items() if word == group}
    if key:
        names |= set(KEY_TAGS)
    return frozenset(names)


def entitled(benefit_tags, enterprise_tags: frozenset[str]) -> bool:
    """Whether an enterprise has every tag a policy is for (a policy for no tag is for every enterprise)."""
    return all(tag in enterprise_tags for tag in benefit_tags)


def valid_on(until: str | None, day: str) -> bool:
    """Whether a policy valid until ``until`` (an ISO date, inclusive; None: no end) still holds on ``day``."""
    return until is None or day <= until
