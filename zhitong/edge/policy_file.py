"""The policy file: a TOML file that lays its limits over the default policy, checked line by line."""

from __future__ import annotations

import re
from pathlib import Path

from zhitong.core.errors import Choices, InputError, os_error_reason
from zhitong.core.policy import DEFAULT_POLICY, RANK_COMPONENTS, Hotline, Policy, Rule
from zhitong.core.vocabulary import CATEGORIES, CLOCKS, MILESTONES, WORKDAYS, lookup
from zhitong.sla import Limit


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
    policy = Policy({category: dict(rules) for category, rules in DEFAULT_POLICY.items()})
    for name, rules in data.items():
        where = dict(path=str(path), line=_line_of(text, name))
        if name in ("hotline", "rank"):
            if not isinstance(rules, dict):
                raise InputError("policy file {path}, line {line}: [{value}] must be a table", value=name, **where)
            policy.hotline = _parse_hotline(policy.hotline, name, rules, text, where)
            continue
        category = lookup("category", name)  # ["一般问题"] as well as [routine]
        if category is None:
            raise InputError(
                "policy file {path}, line {line}: unknown category {value!r}",
                hint="use one of: {choices}",
                value=name,
                choices=Choices(CATEGORIES),
                **where,
            )
        if not isinstance(rules, dict):
            raise InputError("policy file {path}, line {line}: [{value}] must be a table", value=name, **where)
        for milestone, spec in rules.items():
            where["line"] = _line_of(text, milestone, after=name)
            rule_milestone = lookup("milestone", milestone)
            policy[category][rule_milestone] = _parse_rule(rule_milestone, milestone, spec, where)
    return policy


_HOTLINE_LIMITS = ("return_window", "extension_cap", "reply_by", "flag_after")


def _parse_hotline(hotline: Hotline, table: str, rules: dict, text: str, where: dict) -> Hotline:
    """[hotline]'s limits and count, or [rank]'s weights, laid over ``hotline``."""
    weights = dict(hotline.weights)
    for key, value in rules.items():
        where = {**where, "line": _line_of(text, key, after=table)}
        known = RANK_COMPONENTS if table == "rank" else _HOTLINE_LIMITS + ("redo_escalation",)
        if key not in known:
            raise InputError(
                "policy file {path}, line {line}: unknown {table} setting {value!r}",
                hint="use one of: {choices}",
                table=table,
                value=key,
                choices=Choices(known),
                **where,
            )
        if table == "rank" or key == "redo_escalation":
            if isinstance(value, bool) or not isinstance(value, int) or value < (0 if table == "rank" else 1):
                raise InputError(
                    "policy file {path}, line {line}: {value} must be a whole number ({least} or more)",
                    value=key,
                    least=0 if table == "rank" else 1,
                    **where,
                )
            if table == "rank":
                weights[key] = value
            else:
                hotline = hotline._replace(redo_escalation=value)
            continue
        try:
            limit = Limit.parse(str(value))
        except InputError:
            raise InputError(
                "policy file {path}, line {line}: malformed limit {value!r}",
                hint="use 0 (at intake), working days (5d, 5天), hours (24h, 4小时), minutes (30分钟) or both (1天4小时: 28 working hours)",
                value=value,
                **where,
            ) from None
        hotline = hotline._replace(**{key: limit})
    if table == "rank" and not any(weights.values()):
        raise InputError("policy file {path}, line {line}: [rank] needs at least one weight above 0", **where)
    return hotline._replace(weights=weights)


def _parse_rule(milestone: str | None, typed: str, spec, where: dict) -> Rule:
    if milestone is None:
        raise InputError(
            "policy file {path}, line {line}: unknown milestone {value!r}",
            hint="use one of: {choices}",
            value=typed,
            choices=Choices(MILESTONES),
            **where,
        )
    if isinstance(spec, str):
        spec = {"limit": spec}
    if not isinstance(spec, dict) or set(spec) - {"limit", "clock"} or "limit" not in spec:
        raise InputError(
            'policy file {path}, line {line}: {value} must be a limit such as "24h" or a table {{ limit = "24h", clock = "workdays" }}',
            value=typed,
            **where,
        )
    clock = lookup("clock", str(spec.get("clock", WORKDAYS)))
    if clock is None:
        raise InputError(
            "policy file {path}, line {line}: unknown clock {value!r}",
            hint="use one of: {choices}",
            value=spec["clock"],
            choices=Choices(CLOCKS),
            **where,
        )
    try:
        limit = Limit.parse(str(spec["limit"]))
    except InputError:
        raise InputError(
            "policy file {path}, line {line}: malformed limit {value!r}",
            hint="use 0 (at intake), working days (5d, 5天), hours (24h, 4小时), minutes (30分钟) or both (1天4小时: 28 working hours)",
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
            if re.match(rf"^\s*\[\s*[\"']?{re.escape(after)}[\"']?\s*[\].]", line):
                start = number
                break
    # a key may be quoted, as a Chinese one must be: ["一般问题"], "答复" = "4小时"
    quoted = rf"[\"']?{re.escape(key)}[\"']?"
    pattern = re.compile(rf"^\s*(\[\s*)?{quoted}\s*[=\].]|^\s*\[\s*[^\]]*\.\s*{quoted}\s*\]")
    for number in range(start, len(lines)):
        if pattern.match(lines[number]):
            return number + 1
    return start + 1
