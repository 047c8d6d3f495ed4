"""The promises: for each category, which milestones a case has and their time limits.

A policy is data — category → milestone → (limit, clock) — so a new milestone needs no change
to the engine. The default is DOMAIN.md's table; a TOML file may override any part of it:

    [routine]
    response = "24h"                         # a limit on the working-day clock
    resolve = { limit = "48h", clock = "calendar" }
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


Policy = dict[str, dict[str, Rule]]

DEFAULT_POLICY: Policy = {
    "consult": {"response": Rule(Limit(0, "h")), "resolve": Rule(Limit(0, "h"))},
    "routine": {"response": Rule(Limit(24, "h")), "resolve": Rule(Limit(24, "h"))},
    "major": {
        "response": Rule(Limit(24, "h")),
        "feedback": Rule(Limit(48, "h")),
        "resolve": Rule(Limit(5, "d")),
    },
    "restricted": {"response": Rule(Limit(24, "h")), "resolve": Rule(Limit(24, "h"))},
}


def limits_for(policy: Policy, category: str) -> dict[str, list[str]]:
    """What a case records of the policy at intake (or escalation): milestone -> [limit, clock]."""
    return {name: rule.as_pair() for name, rule in policy[category].items()}


def parse_category(text: str) -> str:
    """consult, routine, major or restricted, by its key or any of its Chinese names (一般问题, 重大…)."""
    return vocabulary.parse("category", text)
