"""The supervision ladder (催办 → 督办 → 通报): when a written notice may go out, and what it says.

Before a deadline the ``due`` view is the reminder (催办). From the day after a breach the
officer may send the department a supervision notice (督办通知单) with a reply-by time; a case
more than the policy's limit overdue is flagged for the leaders (通报, ``verdicts.Late.flagged``).
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from zhitong.core.errors import RefusedError
from zhitong.core.instants import from_epoch, to_epoch
from zhitong.core.verdicts import effective_due, kept, milestone_rank, time_left
from zhitong.core.vocabulary import CLOSED


class Breach(NamedTuple):
    name: str  # the milestone
    due: datetime  # its deadline as it stands now
    overdue_seconds: int  # working time past it


def breaches(case, calendar, now: datetime) -> list[Breach]:
    """The case's unmet milestones past their deadline, in milestone order."""
    found = []
    for milestone in sorted(case.milestones, key=lambda m: milestone_rank(m.name)):
        if milestone.met_at is None and kept(milestone.due, None, now, case.paused_since) is False:
            due = from_epoch(effective_due(case, milestone, calendar, now))
            found.append(Breach(milestone.name, due, -time_left(case, milestone, calendar, now)))
    return found


def breach_day(due: datetime):
    """The day a deadline was broken on: a deadline at 00:00 is the end of the day before."""
    return from_epoch(to_epoch(due) - 1).date()


def notice_breaches(case, calendar, now: datetime) -> list[Breach]:
    """The breaches a supervision notice may name now (from the day after each), or RefusedError."""
    if case.status in CLOSED:
        raise RefusedError("the case is already {status}; reopen it first (zhitong reopen REF --reason …)", status=case.status)
    found = [breach for breach in breaches(case, calendar, now) if breach_day(breach.due) < now.date()]
    if not found:
        raise RefusedError(
            "no deadline of {ref} was broken before today: a supervision notice goes out from the day after a breach",
            hint="before that, zhitong due is the reminder; zhitong urge {ref} records a chase",
            ref=case.ref,
        )
    return found
