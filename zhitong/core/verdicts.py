"""Deadlines and verdicts: whether a milestone is met, late, pending or provisional, and by how much.

The one home of the lateness rule. Every view, report, export and stats asks here; the CSV
export's SQL twin (``zhitong.storage.queries._verdict_sql``) is held equal to ``kept`` by
``tests/test_verdicts.py`` on random instants. A paused case is not late while it stays
paused, unless its deadline had already passed when the pause began; a running pause pushes
every open deadline along by the working time it has lasted.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from zhitong.core.instants import from_epoch, iso, to_epoch
from zhitong.core.vocabulary import MILESTONES as MILESTONE_ORDER

if TYPE_CHECKING:  # the records import the verdicts; these names are for annotations only
    from zhitong.core.models import Case, Milestone


def kept(due, met_at, now, paused_since):
    """Whether a milestone was kept: True, False (met late, or unmet past due), None (pending).

    Instants may be datetimes or stored ISO stamps (which share the zone's offset and width, so
    they compare as strings exactly as the instants do); all four of one kind.
    """
    if due is None:
        return None
    if met_at is not None:
        return met_at <= due
    if due < now and (paused_since is None or due <= paused_since):
        return False
    return None


def state(due, met_at, provisional: bool, now, paused_since) -> str:
    """met, late, pending or provisional: the milestone as every view shows it."""
    verdict = kept(due, met_at, now, paused_since)
    if verdict is not None:
        return "met" if verdict else "late"
    return "provisional" if provisional else "pending"


def milestone_rank(name: str) -> int:
    return MILESTONE_ORDER.index(name) if name in MILESTONE_ORDER else len(MILESTONE_ORDER)


class Late(NamedTuple):
    """One unmet milestone past its deadline."""

    case: Case
    milestone: Milestone
    overdue_seconds: int
    effective_due: datetime | None = None  # where a running pause has pushed the deadline; None: not moved
    flagged: bool = False  # overdue by more than the policy's limit: flagged for the leaders (通报)
    escalated: bool = False  # redone as often as the policy's limit: escalated supervision (提级督办)

    @property
    def due(self) -> datetime:
        """The deadline as it stands now, the one the overdue time is counted from."""
        return self.effective_due or self.milestone.due

    def to_json(self) -> dict:
        return {
            "ref": self.case.ref,
            "enterprise": self.case.enterprise,
            "department": self.case.department,
            "title": self.case.title,
            "milestone": self.milestone.name,
            "due": iso(self.milestone.due),
            "effective_due": iso(self.due),
            "overdue_seconds": self.overdue_seconds,
            "urges": self.case.urges,
            "provisional": self.milestone.provisional,
            "paused": self.case.paused,
            "flagged": self.flagged,
            "escalated": self.escalated,
        }


def effective_due(case: Case, milestone: Milestone, calendar, now: datetime) -> int:
    """The deadline as it stands now: a running pause pushes every open deadline along."""
    due = to_epoch(milestone.due)
    if case.paused_since is not None and milestone.due > case.paused_since:
        paused = calendar.elapsed(to_epoch(case.paused_since), to_epoch(now), milestone.clock)
        due = calendar.shift(due, paused, milestone.clock).at
    return due


def current_due(case: Case, milestone: Milestone, calendar, now: datetime) -> datetime:
    """``effective_due`` as an instant: the stored deadline unless a running pause moved it."""
    if case.paused_since is None:
        return milestone.due
    due = effective_due(case, milestone, calendar, now)
    return milestone.due if due == to_epoch(milestone.due) else from_epoch(due)


class Upcoming(NamedTuple):
    """A case with its next deadline as it stands now: a row of the pending view."""

    case: Case
    milestone: Milestone | None
    due: datetime | None  # where a running pause has pushed the deadline
    left: int | None  # working time from now to that deadline; negative when late


def upcoming(case: Case, calendar, now: datetime) -> Upcoming:
    milestone = next_milestone(case)
    if milestone is None:
        return Upcoming(case, None, None, None)
    return Upcoming(case, milestone, current_due(case, milestone, calendar, now), time_left(case, milestone, calendar, now))


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


def late_milestones(
    cases: list[Case], calendar, now: datetime, *, flag_after: int | None = None, escalate_at: int | None = None
) -> list[Late]:
    """Every unmet milestone past its deadline, the latest first.

    ``flag_after``: working seconds overdue beyond which a milestone is flagged for the leaders
    (通报); ``escalate_at``: the number of redos that puts a case under escalated supervision.
    """
    items = []
    for case in cases:
        escalated = escalate_at is not None and case.redos >= escalate_at
        for milestone in case.milestones:
            if milestone.met_at is not None:
                continue
            if kept(milestone.due, None, now, case.paused_since) is False:
                left = time_left(case, milestone, calendar, now)
                flagged = flag_after is not None and -left > flag_after
                items.append(Late(case, milestone, -left, current_due(case, milestone, calendar, now), flagged, escalated))
    items.sort(key=lambda item: (-item.overdue_seconds, item.case.ref, milestone_rank(item.milestone.name)))
    return items


def due_within(cases: list[Case], calendar, now: datetime, seconds: int) -> list[Late]:
    """Unmet milestones of running cases that fall due within ``seconds`` of working time, nearest first."""
    items = []
    for case in cases:
        if case.paused:  # a stopped clock breaches nothing
            continue
        for milestone in case.milestones:
            if milestone.met_at is None and kept(milestone.due, None, now, None) is None:
                left = time_left(case, milestone, calendar, now)
                if 0 <= left <= seconds:
                    items.append(Late(case, milestone, -left, escalated=False))
    items.sort(key=lambda item: (-item.overdue_seconds, item.case.ref))
    return items
