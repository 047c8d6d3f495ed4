"""The promises: for each category, which milestones a case has and their time limits.

A policy is data — category → milestone → (limit, clock) — so a new milestone needs no change
to the engine. The default is DOMAIN.md's table; a TOML file may override any part of it:

    [routine]
    response = "24h"                         # a limit on the working-day clock
    resolve = { limit = "48h", clock = "calendar" }
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from zhitong.core.errors import InputError
from zhitong.sla import CLOCKS, WORKDAYS, Limit
from zhitong.text.i18n import os_error_reason

CATEGORIES = ("consult", "routine", "major", "restricted")
# The order milestones are shown in; each fills the case's `<name>_due` field.
MILESTONES = ("response", "feedback", "resolve")

CATEGORY_ALIASES = {
    "政策咨询": "consult",
    "政策咨询类": "consult",
    "咨询": "consult",
    "一般": "routine",
    "一般问题": "routine",
    "重大": "major",
    "重大问题": "major",
    "政策限制": "restricted",
    "限制": "restricted",
}


class Rule(NamedTuple):
    limit: Limit
    clock: str = WORKDAYS

    def as_pair(self) -> list[str]:
        return [str(self.limit), self.clock]

    @classmethod
    def from_pair(cls, pair) -> Rule:
        return cls(Limit.parse(pair[0]), pair[1])


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
    cleaned = text.strip()
    category = CATEGORY_ALIASES.get(cleaned, cleaned.lower())
    if category not in CATEGORIES:
        raise InputError(
            "unknown category {value!r}",
            hint="use consult, routine, major or restricted (政策咨询, 一般, 重大, 政策限制)",
            value=text,
        )
    return category


def load_policy(path: Path | None) -> Policy:
    """The default policy with the file's entries laid over it; errors name the file's line."""
    if path is None:
        return DEFAULT_POLICY
    import tomllib

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise InputError("cannot read the policy file {path}: {reason}", path=str(path), reason=os_error_reason(error)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError("policy file {path}: {reason}", path=str(path), reason=str(error)) from None
    policy = {category: dict(rules) for category, rules in DEFAULT_POLICY.items()}
    for category, rules in data.items():
        where = dict(path=str(path), line=_line_of(text, category))
        if category not in CATEGORIES:
            raise InputError(
                "policy file {path}, line {line}: unknown category {value!r}",
                hint="use consult, routine, major or restricted",
                value=category,
                **where,
            )
        if not isinstance(rules, dict):
            raise InputError("policy file {path}, line {line}: [{value}] must be a table", value=category, **where)
        for milestone, spec in rules.items():
            where["line"] = _line_of(text, milestone, after=category)
            policy[category][milestone] = _parse_rule(milestone, spec, where)
    return policy


def _parse_rule(milestone: str, spec, where: dict) -> Rule:
    if milestone not in MILESTONES:
        raise InputError(
            "policy file {path}, line {line}: unknown milestone {value!r}",
            hint="use response, feedback or resolve",
            value=milestone,
            **where,
        )
    if isinstance(spec, str):
        spec = {"limit": spec}
    if not isinstance(spec, dict) or set(spec) - {"limit", "clock"} or "limit" not in spec:
        raise InputError(
            "policy file {path}, line {line}: {value} must be a limit such as \"24h\" or a table {{ limit = \"24h\", clock = \"workdays\" }}",
            value=milestone,
            **where,
        )
    clock = spec.get("clock", WORKDAYS)
    if clock not in CLOCKS:
        raise InputError(
            "policy file {path}, line {line}: unknown clock {value!r}", hint="use workdays or calendar", value=clock, **where
        )
    try:
        limit = Limit.parse(str(spec["limit"]))
    except InputError:
        raise InputError(
            "policy file {path}, line {line}: malformed limit {value!r}",
            hint="use 0, Nh or Nd, e.g. 24h or 5d",
            value=spec["limit"],
            **where,
        ) from None
    return Rule(limit, clock)


def _line_of(text: str, key: str, after: str | None = None) -> int:
    """The 1-based line where ``key`` is defined (searching after ``[after]`` when given)."""
    lines = text.splitlines()
    start = 0
    if after is not None:
        for number, line in enumerate(lines):
            if re.match(rf"^\s*\[\s*{re.escape(after)}\s*[\].]", line):
                start = number
                break
    pattern = re.compile(rf"^\s*(\[\s*)?{re.escape(key)}\s*[=\].]|^\s*\[\s*[^\]]*\.\s*{re.escape(key)}\s*\]")
    for number in range(start, len(lines)):
        if pattern.match(lines[number]):
            return number + 1
    return start + 1
