"""What the officer sees of cases: pure functions from records to rows and text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .i18n import tr
from .models import Case, Milestone
from .render import Column, clean, paint, table, use_color
from .when import DAY, iso, to_epoch

MILESTONE_ORDER = ("response", "feedback", "resolve")


def _rank(name: str) -> int:
    return MILESTONE_ORDER.index(name) if name in MILESTONE_ORDER else len(MILESTONE_ORDER)


def duration(seconds: int) -> str:
    """Working time as the officer reads it: 2d 4h, 3h 20m, 45m (a day is 24 working hours)."""
    seconds = abs(int(seconds))
    days, rest = divmod(seconds, DAY)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    return f"{minutes}m"


def short_time(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""


@dataclass(frozen=True, slots=True)
class Late:
    """One unmet milestone past its deadline."""

    case: Case
    milestone: Milestone
    overdue_seconds: int

    def to_json(self) -> dict:
        return {
            "ref": self.case.ref,
            "enterprise": self.case.enterprise,
            "department": self.case.department,
            "title": self.case.title,
            "milestone": self.milestone.name,
            "due": iso(self.milestone.due),
            "overdue_seconds": self.overdue_seconds,
            "urges": self.case.urges,
            "provisional": self.milestone.provisional,
            "paused": self.case.paused,
        }


def effective_due(case: Case, milestone: Milestone, calendar, now: datetime) -> int:
    """The deadline as it stands now: a running pause pushes every open deadline along."""
    due = to_epoch(milestone.due)
    if case.paused_since is not None and milestone.due > case.paused_since:
        paused = calendar.elapsed(to_epoch(case.paused_since), to_epoch(now), milestone.clock)
        due = calendar.shift(due, paused, milestone.clock).at
    return due


def time_left(case: Case, milestone: Milestone, calendar, now: datetime) -> int:
    """Time from now to the deadline on the milestone's clock; negative when late."""
    due = effective_due(case, milestone, calendar, now)
    current = to_epoch(now)
    if due >= current:
        return calendar.elapsed(current, due, milestone.clock)
    return -calendar.elapsed(due, current, milestone.clock)


def next_milestone(case: Case) -> Milestone | None:
    open_ones = [m for m in case.milestones if m.met_at is None]
    return min(open_ones, key=lambda m: m.due) if open_ones else None


def late_milestones(cases: list[Case], calendar, now: datetime) -> list[Late]:
    items = []
    for case in cases:
        for milestone in case.milestones:
            if milestone.met_at is not None:
                continue
            left = time_left(case, milestone, calendar, now)
            if left < 0 or (left == 0 and to_epoch(milestone.due) < to_epoch(now)):
                items.append(Late(case, milestone, -left))
    items.sort(key=lambda item: (-item.overdue_seconds, item.case.ref, _rank(item.milestone.name)))
    return items


def flags(case: Case, milestone: Milestone | None = None) -> str:
    parts = []
    if case.provisional or (milestone is not None and milestone.provisional and milestone.met_at is None):
        parts.append(tr("provisional"))
    if case.paused:
        parts.append(tr("paused"))
    if case.urges:
        parts.append(tr("urged ×{count}", count=case.urges))
    return " ".join(parts)


def deadline_lines(case: Case, now: datetime) -> str:
    lines = []
    for milestone in case.milestones:
        mark = f" ({tr('provisional')})" if milestone.provisional and milestone.met_at is None else ""
        state = tr(milestone.state(now, case.paused_since))
        lines.append(f"  {tr(milestone.name)}: {short_time(milestone.due)}{mark}  {state}")
    return "\n".join(lines)


TIMELINE_MARK = {"met": "✔", "late": "✘", "pending": "…", "provisional": "?"}
TIMELINE_COLOR = {"met": "green", "late": "red", "pending": "amber", "provisional": "blue"}


def case_detail(case: Case, now: datetime, *, color: bool | None = None) -> str:
    """The case card: facts, deadlines as a timeline, and the history."""
    color = use_color() if color is None else color
    head = f"{case.ref}  {clean(case.enterprise)}  ·  {tr(case.status)}"
    if case.paused:
        head += f"  ({tr('paused')})"
    lines = [paint(head, "bold", color), clean(case.title)]
    if case.detail:
        lines.append(clean(case.detail))
    facts = [
        (tr("category"), tr(case.category)),
        (tr("channel"), tr(case.channel)),
        (tr("department"), case.department or "—"),
        (tr("received"), short_time(case.received_at)),
    ]
    if case.owner:
        facts += [(tr("owner"), case.owner), (tr("plan"), case.plan or ""), (tr("eta"), short_time(case.eta))]
    if case.rating:
        facts.append((tr("rating"), "★" * case.rating + (f"  {case.rating_comment}" if case.rating_comment else "")))
    if case.urges or case.transfers:
        facts.append((tr("urges"), f"{case.urges}   {tr('transfers')}: {case.transfers}"))
    lines += [f"  {label}: {clean(value)}" for label, value in facts]
    lines.append("")
    lines.append(paint(tr("Deadlines"), "bold", color))
    for milestone in case.milestones:
        state = milestone.state(now, case.paused_since)
        mark = paint(TIMELINE_MARK[state], TIMELINE_COLOR[state], color)
        met = f"  {tr('met at')} {short_time(milestone.met_at)}" if milestone.met_at else ""
        lines.append(
            f"  {mark} {tr(milestone.name):<10} {tr('due')} {short_time(milestone.due)}  [{milestone.limit}]"
            f"  {paint(tr(state), TIMELINE_COLOR[state], color)}{met}"
        )
    if case.events:
        lines.append("")
        lines.append(paint(tr("History"), "bold", color))
        for event in case.events:
            who = f"  {clean(event.department)}" if event.department and event.kind in ("assign", "transfer") else ""
            text = f"  {clean(event.text)}" if event.text else ""
            lines.append(f"  {short_time(event.at)}  {tr(event.kind)}{who}{text}  — {clean(event.actor)}")
    return "\n".join(lines)


def reply_text(case: Case) -> str:
    """The department's answer in the form the WeChat group expects; plain text, no markup."""
    return "\n".join(
        [
            f"【答复】{case.ref}",
            f"企业：{clean(case.enterprise)}",
            f"诉求：{clean(case.title)}",
            f"责任部门：{clean(case.department or '')}",
            f"责任人：{clean(case.owner or '')}",
            f"办理方式：{clean(case.plan or '')}",
            f"办结时限：{short_time(case.eta)}",
        ]
    )


def pending_table(cases: list[Case], calendar, now: datetime, *, max_width: int | None = None, color: bool | None = None) -> str:
    color = use_color() if color is None else color
    rows, tints = [], []
    for case in cases:
        milestone = next_milestone(case)
        left = time_left(case, milestone, calendar, now) if milestone else 0
        if milestone is None:
            left_text, tint = "", None
        elif left < 0:
            left_text, tint = "-" + duration(left), "red"
        else:
            left_text, tint = duration(left), ("amber" if left <= 4 * 3600 else "green")
        rows.append([
            case.ref, case.enterprise, case.title, case.department or "—", tr(case.status),
            tr(milestone.name) if milestone else "", short_time(milestone.due) if milestone else "",
            left_text, flags(case, milestone),
        ])  # fmt: skip
        tints.append([None, None, None, None, None, None, None, tint, "amber" if case.urges else None])
    columns = [
        Column(tr("ref")), Column(tr("enterprise"), flexible=True, minimum=8), Column(tr("title"), flexible=True, minimum=10),
        Column(tr("department"), flexible=True, minimum=6), Column(tr("status")), Column(tr("next")), Column(tr("due")),
        Column(tr("left"), align="right"), Column(tr("flags")),
    ]  # fmt: skip
    return table(columns, rows, colors=tints, max_width=max_width, color=color)


def overdue_table(items: list[Late], *, label: str = "overdue by", max_width: int | None = None, color: bool | None = None) -> str:
    color = use_color() if color is None else color
    rows = [
        [item.case.ref, item.case.enterprise, item.case.department or "—", tr(item.milestone.name),
         short_time(item.milestone.due), duration(item.overdue_seconds), str(item.case.urges or "")]
        for item in items
    ]  # fmt: skip
    tints = [[None, None, None, None, None, "red" if label == "overdue by" else "amber", None] for _ in items]
    columns = [
        Column(tr("ref")), Column(tr("enterprise"), flexible=True, minimum=8), Column(tr("department"), flexible=True, minimum=6),
        Column(tr("milestone")), Column(tr("due")), Column(tr(label), align="right"), Column(tr("urges"), align="right"),
    ]  # fmt: skip
    return table(columns, rows, colors=tints, max_width=max_width, color=color)


def per_department(items: list[Late]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for item in items:
        name = item.case.department or tr("(unassigned)")
        counts[name] = counts.get(name, 0) + 1
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
