"""The lateness rule has one home (zhitong.core.verdicts); its SQL twin and every view agree with it."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from zhitong.core.instants import ZONE, iso
from zhitong.core.models import Case, Milestone
from zhitong.core.verdicts import due_within, kept, late_milestones, state
from zhitong.sla import WorkCalendar
from zhitong.storage.queries import _verdict_sql

BASE = datetime(2026, 11, 23, 0, 0, tzinfo=ZONE)
moments = st.integers(0, 20 * 24 * 4).map(lambda quarter: BASE + timedelta(minutes=15 * quarter))
maybe = st.none() | moments


def test_the_rule_in_words():
    due, before, after = BASE, BASE - timedelta(hours=1), BASE + timedelta(hours=1)
    assert kept(due, before, after, None) is True  # met in time stays met
    assert kept(due, due, after, None) is True  # met at the very deadline is in time
    assert kept(due, after, after, None) is False  # met late stays late
    assert kept(due, None, after, None) is False  # unmet past the deadline
    assert kept(due, None, due, None) is None  # at the deadline itself not yet late
    assert kept(due, None, after, before) is None  # paused before the deadline: the clock stopped
    assert kept(due, None, after, due) is False  # paused once it had already run out
    assert kept(None, None, after, None) is None  # a milestone the category does not have
    assert state(due, None, True, before, None) == "provisional"
    assert state(due, None, False, before, None) == "pending"
    assert state(due, after, True, after, None) == "late"


@given(due=maybe, met_at=maybe, now=moments, paused_since=maybe)
def test_the_exports_sql_says_what_kept_says(due, met_at, now, paused_since):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE c (paused_since TEXT)")
    db.execute("CREATE TABLE m (due TEXT, met_at TEXT)")
    db.execute("INSERT INTO c VALUES (?)", (iso(paused_since),))
    db.execute("INSERT INTO m VALUES (?, ?)", (iso(due), iso(met_at)))
    (cell,) = db.execute(f"SELECT {_verdict_sql('m')} FROM c, m", (iso(now),)).fetchone()
    verdict = kept(due, met_at, now, paused_since)
    assert cell == {True: "yes", False: "no", None: ""}[verdict]
    assert kept(iso(due), iso(met_at), iso(now), iso(paused_since)) == verdict  # stamps compare as instants


def _case(due: datetime, paused_since: datetime | None) -> Case:
    milestone = Milestone("resolve", "24h", "workdays", due, None, False)
    fields = dict.fromkeys(Case._fields)
    fields.update(ref="ZT-2026-0001", received_at=BASE, milestones=(milestone,), paused_since=paused_since, urges=0, transfers=0, events=())
    return Case(**fields)


@given(due=moments, now=moments, paused_since=maybe)
def test_the_overdue_and_due_views_follow_the_rule(due, now, paused_since):
    if paused_since is not None and paused_since > now:
        paused_since = now  # a pause cannot begin in the future
    case = _case(due, paused_since)
    calendar = WorkCalendar({}, {2026})
    late = late_milestones([case], calendar, now)
    verdict = kept(due, None, now, paused_since)
    assert bool(late) == (verdict is False)
    if late:
        assert late[0].overdue_seconds >= 0
    soon = due_within([case], calendar, now, 10 * 86400)
    assert not (soon and verdict is False)  # a late milestone is never "due soon"
