"""The promises: for each category, which milestones a case has and their time limits.

A policy is data — category → milestone → (limit, clock) — so a new milestone needs no change
to the engine. The default is DOMAIN.md's table; a TOML file may override any part of it:

    [routine]
    response = "24h"                         # a limit on the working-day clock
    resolve = { limit = "48h", clock = "calendar" }

Every category also has the hotline workflow's two later-starting milestones: ``sign`` (签收,
due after each assignment or transfer) and ``callback`` (回访, due after resolution). The
workflow's other limits are in ``[hotline]`` (``Hotline``), the ranking's weights in ``[rank]``:

    [hotline]
    return_window = "2d"      # a department may give a case back within this of its assignment
    extension_cap = "10d"     # the most one approved extension may add
    reply_by = "1d"           # the reply a supervision notice asks for
    flag_after = "5d"         # overdue by more than this: flagged for the leaders (通报)
    redo_escalation = 3       # this many redos of one case: escalated supervision (提级督办)
"""

from __future__ import annotations

from typing import NamedTuple

from zhitong.core import vocabulary
from zhitong.sla import WORKDAYS, Limit


class Rule(NamedTuple):
    limit: Limit
    clock: str = WORKDAYS

    def as_pair(self) -> list[str]:
        return [str(self.limit), self.clock]


# The weights of the department ranking (考核), by component; a score is their weighted mean.
RANK_COMPONENTS = ("sign", "response", "resolve", "returns", "redos", "satisfaction")
DEFAULT_WEIGHTS = {"sign": 10, "response": 20, "resolve": 30, "returns": 10, "redos": 15, "satisfaction": 15}


class Hotline(NamedTuple):
    """The hotline workflow's limits beside the milestones (every one on the working-day clock)."""

    return_window: Limit = Limit(2, "d")
    extension_cap: Limit = Limit(10, "d")
    reply_by: Limit = Limit(1, "d")
    flag_after: Limit = Limit(5, "d")
    redo_escalation: int = 3
    weights: dict = DEFAULT_WEIGHTS


DEFAULT_HOTLINE = Hotline()


class Policy(dict):
    """category -> milestone -> Rule, with the hotline workflow's other limits as ``hotline``."""

    def __init__(self, rules=(), hotline: Hotline = DEFAULT_HOTLINE):
        super().__init__(rules)
        self.hotline = hotline


SIGN = Rule(Limit(1, "d"))
CALLBACK = Rule(Limit(1, "d"))

DEFAULT_POLICY: Policy = Policy(
    {
        # a consult is answered on the spot, in the enterprise's hearing: no callback is owed
        "consult": {"sign": SIGN, "response": Rule(Limit(0, "h")), "resolve": Rule(Limit(0, "h"))},
        "routine": {"sign": SIGN, "response": Rule(Limit(24, "h")), "resolve": Rule(Limit(24, "h")), "callback": CALLBACK},
        "major": {
            "sign": SIGN,
            "response": Rule(Limit(24, "h")),
            "feedback": Rule(Limit(48, "h")),
            "resolve": Rule(Limit(5, "d")),
            "callback": CALLBACK,
        },
        "restricted": {"sign": SIGN, "response": Rule(Limit(24, "h")), "resolve": Rule(Limit(24, "h")), "callback": CALLBACK},
    }
)


def limits_for(policy: Policy, category: str) -> dict[str, list[str]]:
    """What a case records of the policy at intake (or escalation): milestone -> [limit, clock]."""
    return {name: rule.as_pair() for name, rule in policy[category].items()}


def parse_category(text: str) -> str:
    """consult, routine, major or restricted, by its key or any of its Chinese names (一般问题, 重大…)."""
    return vocabulary.parse("category", text)
