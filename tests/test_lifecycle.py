"""The lifecycle reducer itself (core/lifecycle.py): what each action may do and what it changes.

The commands' tests go through the store; these hold the pure functions to each rule, so that a
rule broken in the reducer fails here with the rule's name.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from zhitong.core.calendar_data import work_calendar
from zhitong.core.errors import RefusedError
from zhitong.core.instants import ZONE, to_epoch
from zhitong.core.lifecycle import CaseState, Event, MilestoneClock, apply, check, milestone_clocks, milestones, replay
from zhitong.core.policy import DEFAULT_POLICY, limits_for
from zhitong.sla import Limit, Pause, due_with_pauses

HOUR = 3600


def at(text: str) -> int:
    return to_epoch(datetime.fromisoformat(text).replace(tzinfo=ZONE))


RECEIVED = at("2026-11-23T10:00")  # a Monday


def intake(category: str = "routine", when: int = RECEIVED) -> Event:
    return Event(
        when, "intake", "张三", None, "路灯", {"category": category, "limits": limits_for(DEFAULT_POLICY, category), "channel": "hotline"}
    )


def state_of(*events: Event, category: str = "routine") -> CaseState:
    return replay([intake(category), *events])


def assign(when: int = RECEIVED, department: str = "经济发展局") -> Event:
    return Event(when, "assign", "张三", department)


def respond(when: int, eta: str = "2026-11-30T10:00:00+08:00", owner: str = "李四", plan: str = "换灯") -> Event:
    return Event(when, "respond", "张三", "经济发展局", "", {"owner": owner, "plan": plan, "eta": eta})


def refused(state: CaseState, event: Event, message: str) -> None:
    with pytest.raises(RefusedError) as caught:
        check(state, event)
    assert str(caught.value).startswith(message), str(caught.value)


# -- apply: what each event changes -----------------------------------------------------------------


def test_intake_starts_an_open_case_with_the_policys_limits_and_nothing_else():
    state = apply(None, intake("major"))
    assert state == CaseState(received_at=RECEIVED, category="major", limits=limits_for(DEFAULT_POLICY, "major"))
    assert (state.status, state.department, state.urges, state.transfers, state.pauses, state.met) == ("open", None, 0, 0, (), {})
    assert not state.closed


def test_the_intakes_limits_are_copied_not_shared():
    event = intake()
    state = apply(None, event)
    event.data["limits"]["response"] = ["1h", "workdays"]
    assert state.limits["response"] == ["24h", "workdays"]


def test_assign_sets_the_department_and_an_open_case_becomes_assigned():
    state = state_of(assign())
    assert (state.status, state.department, state.transfers) == ("assigned", "经济发展局", 0)


def test_assign_after_a_response_keeps_the_status():
    responded = replace(state_of(respond(RECEIVED + HOUR)), department=None)
    assert responded.status == "responded"
    assert apply(responded, assign(RECEIVED + 2 * HOUR)).status == "responded"


def test_transfer_moves_the_department_and_counts():
    state = state_of(
        assign(), Event(RECEIVED + HOUR, "transfer", "张三", "工管委"), Event(RECEIVED + 2 * HOUR, "transfer", "张三", "城建局")
    )
    assert (state.department, state.transfers, state.status) == ("城建局", 2, "assigned")


def test_respond_meets_the_response_and_records_owner_plan_and_eta():
    state = state_of(assign(), respond(RECEIVED + HOUR))
    assert state.status == "responded"
    assert (state.owner, state.plan, state.eta) == ("李四", "换灯", "2026-11-30T10:00:00+08:00")
    assert state.responded_at == RECEIVED + HOUR
    assert state.met == {"response": RECEIVED + HOUR, "sign": RECEIVED + HOUR}  # an answer signs for the case too


def test_a_second_response_updates_the_plan_but_not_when_it_was_first_met():
    state = state_of(assign(), respond(RECEIVED + HOUR), respond(RECEIVED + 5 * HOUR, owner="王五", plan="改线"))
    assert (state.owner, state.plan) == ("王五", "改线")
    assert state.responded_at == RECEIVED + HOUR
    assert state.met == {"response": RECEIVED + HOUR, "sign": RECEIVED + HOUR}


def test_respond_on_an_unassigned_case_makes_it_responded_and_on_a_reported_one_keeps_reported():
    assert state_of(respond(RECEIVED + HOUR)).status == "responded"
    reported = state_of(assign(), Event(RECEIVED + HOUR, "report", "张三", "经济发展局"), category="major")
    assert reported.status == "reported"
    assert apply(reported, respond(RECEIVED + 2 * HOUR)).status == "reported"


def test_report_meets_the_feedback_milestone():
    state = state_of(assign(), respond(RECEIVED + HOUR), Event(RECEIVED + 3 * HOUR, "report", "张三", "经济发展局"), category="major")
    assert state.status == "reported"
    assert state.reported_at == RECEIVED + 3 * HOUR
    assert state.met == {"sign": RECEIVED + HOUR, "response": RECEIVED + HOUR, "feedback": RECEIVED + 3 * HOUR}


def test_resolve_meets_every_milestone_not_yet_met_and_closes():
    state = state_of(assign(), respond(RECEIVED + HOUR), Event(RECEIVED + 4 * HOUR, "resolve", "张三", "经济发展局"), category="major")
    assert (state.status, state.resolved_at, state.filed_at) == ("resolved", RECEIVED + 4 * HOUR, None)
    assert state.met == {
        "sign": RECEIVED + HOUR,
        "response": RECEIVED + HOUR,
        "feedback": RECEIVED + 4 * HOUR,
        "resolve": RECEIVED + 4 * HOUR,
    }
    assert state.starts["callback"] == RECEIVED + 4 * HOUR  # the callback is due from the resolution
    assert state.closed


def test_file_closes_a_restricted_case_as_filed():
    state = state_of(assign(), Event(RECEIVED + 2 * HOUR, "file", "张三", "经济发展局"), category="restricted")
    assert (state.status, state.filed_at, state.resolved_at) == ("filed", RECEIVED + 2 * HOUR, None)
    assert state.met == {"sign": RECEIVED + 2 * HOUR, "response": RECEIVED + 2 * HOUR, "resolve": RECEIVED + 2 * HOUR}
    assert "callback" not in state.starts  # a filing owes no callback
    assert state.closed


@pytest.mark.parametrize("kind", ["resolve", "file"])
def test_closing_a_paused_case_ends_its_pause(kind):
    category = "restricted" if kind == "file" else "routine"
    state = state_of(assign(), Event(RECEIVED + HOUR, "pause", "张三"), Event(RECEIVED + 3 * HOUR, kind, "张三"), category=category)
    assert state.paused_since is None
    assert state.pauses == (Pause(RECEIVED + HOUR, RECEIVED + 3 * HOUR),)


def test_closing_an_unpaused_case_adds_no_pause():
    state = state_of(assign(), Event(RECEIVED + 3 * HOUR, "resolve", "张三"))
    assert state.pauses == ()


def test_pause_and_resume_record_each_pause_in_order():
    state = state_of(
        assign(),
        Event(RECEIVED + HOUR, "pause", "张三"),
        Event(RECEIVED + 2 * HOUR, "resume", "张三"),
        Event(RECEIVED + 3 * HOUR, "pause", "张三"),
    )
    assert state.paused_since == RECEIVED + 3 * HOUR
    assert state.pauses == (Pause(RECEIVED + HOUR, RECEIVED + 2 * HOUR),)
    resumed = apply(state, Event(RECEIVED + 5 * HOUR, "resume", "张三"))
    assert resumed.paused_since is None
    assert resumed.pauses == (Pause(RECEIVED + HOUR, RECEIVED + 2 * HOUR), Pause(RECEIVED + 3 * HOUR, RECEIVED + 5 * HOUR))


def test_urge_counts_and_note_changes_nothing():
    state = state_of(assign(), Event(RECEIVED + HOUR, "urge", "张三"), Event(RECEIVED + 2 * HOUR, "urge", "张三"))
    assert state.urges == 2
    assert apply(state, Event(RECEIVED + 3 * HOUR, "note", "张三", text="打过电话")) is state


def test_rate_records_the_rating_and_its_comment_and_a_later_one_replaces_it():
    resolved = state_of(assign(), Event(RECEIVED + HOUR, "resolve", "张三"))
    rated = apply(resolved, Event(RECEIVED + 2 * HOUR, "rate", "张三", text="很快", data={"rating": 5}))
    assert (rated.rating, rated.rating_comment) == (5, "很快")
    again = apply(rated, Event(RECEIVED + 3 * HOUR, "rate", "张三", data={"rating": 2, "previous": 5}))
    assert (again.rating, again.rating_comment) == (2, None)
    assert again.status == "resolved"


def test_escalation_changes_the_category_and_limits_and_keeps_only_the_met_milestones_that_remain():
    state = state_of(assign(), respond(RECEIVED + HOUR), Event(RECEIVED + 2 * HOUR, "report", "张三"), category="major")
    assert set(state.met) == {"sign", "response", "feedback"}
    limits = limits_for(DEFAULT_POLICY, "restricted")
    escalated = apply(state, Event(RECEIVED + 3 * HOUR, "escalate", "张三", data={"category": "restricted", "limits": limits}))
    assert (escalated.category, escalated.limits) == ("restricted", limits)
    assert escalated.met == {"sign": RECEIVED + HOUR, "response": RECEIVED + HOUR}
    limits["resolve"] = ["1h", "workdays"]
    assert escalated.limits["resolve"] == ["24h", "workdays"], "the event's limits are copied"


def test_recompute_takes_new_limits_and_keeps_the_category():
    state = state_of(assign(), respond(RECEIVED + HOUR))
    limits = {"response": ["8h", "workdays"], "resolve": ["3d", "calendar"]}
    recomputed = apply(state, Event(RECEIVED + 2 * HOUR, "recompute", "张三", data={"limits": limits}))
    assert (recomputed.category, recomputed.limits, recomputed.met) == ("routine", limits, {"response": RECEIVED + HOUR})


@pytest.mark.parametrize(
    ("events", "status"),
    [
        ((), "open"),
        ((assign(),), "assigned"),
        ((assign(), respond(RECEIVED + HOUR)), "responded"),
    ],
)
def test_reopen_goes_back_to_where_the_case_stood_and_restarts_the_resolution_clock(events, status):
    closed = state_of(*events, Event(RECEIVED + 4 * HOUR, "resolve", "张三"))
    rated = apply(closed, Event(RECEIVED + 5 * HOUR, "rate", "张三", text="不满意", data={"rating": 1}))
    reopened = apply(rated, Event(RECEIVED + 6 * HOUR, "reopen", "张三", text="没修好"))
    assert reopened.status == status
    # round 1 keeps its resolution and verdicts; the new round owes a resolution from the reopening
    assert (reopened.resolved_at, reopened.filed_at, reopened.rating, reopened.rating_comment) == (RECEIVED + 4 * HOUR, None, None, None)
    assert {name: when for name, when in reopened.starts.items() if name != "sign"} == {"resolve": RECEIVED + 6 * HOUR}
    assert reopened.redos == 1 and reopened.reopens == 1 and "callback" not in reopened.met
    assert "resolve" not in reopened.met
    first = {clock.name: clock.met_at for clock in reopened.past}
    assert first["response"] == (RECEIVED + HOUR if status == "responded" else RECEIVED + 4 * HOUR)
    assert first["resolve"] == RECEIVED + 4 * HOUR
    assert not reopened.closed


def test_reopening_a_filed_case_keeps_when_round_1_was_filed():
    filed = state_of(assign(), Event(RECEIVED + HOUR, "file", "张三"), category="restricted")
    reopened = apply(filed, Event(RECEIVED + 2 * HOUR, "reopen", "张三"))
    assert (reopened.status, reopened.filed_at, reopened.round) == ("assigned", RECEIVED + HOUR, 2)


def test_a_history_that_does_not_begin_with_its_intake_is_a_bug():
    with pytest.raises(AssertionError, match="a case's first event is its intake"):
        replay([assign()])


def test_an_unknown_event_is_a_bug_not_a_state():
    with pytest.raises(ValueError, match="unknown event kind 'demolish'"):
        apply(state_of(), Event(RECEIVED, "demolish", "张三"))


def test_replay_folds_every_event_in_order():
    events = [intake(), assign(), respond(RECEIVED + HOUR), Event(RECEIVED + 2 * HOUR, "resolve", "张三")]
    state = None
    for event in events:
        state = apply(state, event)
    assert replay(events) == state
    assert replay(events[:2]).status == "assigned"


# -- check: what each state refuses ---------------------------------------------------------------


def test_a_note_is_allowed_in_every_state():
    for state in (state_of(), state_of(assign(), Event(RECEIVED + HOUR, "resolve", "张三"))):
        check(state, Event(RECEIVED + 2 * HOUR, "note", "张三", text="x"))


@pytest.mark.parametrize(("kind", "action"), [("rate", "rated"), ("reopen", "reopened")])
def test_only_a_closed_case_can_be_rated_or_reopened(kind, action):
    for state in (state_of(), state_of(assign()), state_of(assign(), respond(RECEIVED + HOUR))):
        refused(
            state,
            Event(RECEIVED + 2 * HOUR, kind, "张三", data={"rating": 4}),
            f"the case is {state.status}: only a resolved or filed case can be {action}",
        )
    check(state_of(assign(), Event(RECEIVED + HOUR, "resolve", "张三")), Event(RECEIVED + 2 * HOUR, kind, "张三", data={"rating": 4}))
    check(
        state_of(assign(), Event(RECEIVED + HOUR, "file", "张三"), category="restricted"),
        Event(RECEIVED + 2 * HOUR, kind, "张三", data={"rating": 4}),
    )


@pytest.mark.parametrize("kind", ["assign", "transfer", "respond", "report", "resolve", "urge", "pause", "resume", "escalate"])
def test_a_closed_case_takes_no_other_action_until_reopened(kind):
    resolved = state_of(assign(), Event(RECEIVED + HOUR, "resolve", "张三"))
    refused(
        resolved,
        Event(RECEIVED + 2 * HOUR, kind, "张三", "工管委", data={"category": "major"}),
        "the case is already resolved; reopen it first",
    )
    filed = state_of(assign(), Event(RECEIVED + HOUR, "file", "张三"), category="restricted")
    refused(
        filed, Event(RECEIVED + 2 * HOUR, kind, "张三", "工管委", data={"category": "major"}), "the case is already filed; reopen it first"
    )


def test_assign_is_refused_once_the_case_has_a_department():
    check(state_of(), assign())
    refused(state_of(assign()), assign(RECEIVED + HOUR, "工管委"), "the case is already assigned to 经济发展局; use transfer to move it")


def test_transfer_needs_a_department_and_another_one():
    refused(state_of(), Event(RECEIVED + HOUR, "transfer", "张三", "工管委"), "the case has no department yet; use assign first")
    refused(state_of(assign()), Event(RECEIVED + HOUR, "transfer", "张三", "经济发展局"), "the case is already with 经济发展局")
    check(state_of(assign()), Event(RECEIVED + HOUR, "transfer", "张三", "工管委"))


def test_only_a_case_with_a_feedback_milestone_reports():
    refused(
        state_of(assign()), Event(RECEIVED + HOUR, "report", "张三"), "only a major case reports a research result; this one is routine"
    )
    check(state_of(assign(), category="major"), Event(RECEIVED + HOUR, "report", "张三"))
    # A policy file may give another category the milestone: then it reports.
    with_feedback = replace(state_of(assign()), limits={**state_of().limits, "feedback": ["48h", "workdays"]})
    check(with_feedback, Event(RECEIVED + HOUR, "report", "张三"))


def test_a_restricted_case_is_filed_and_only_it():
    refused(
        state_of(assign(), category="restricted"), Event(RECEIVED + HOUR, "resolve", "张三"), "a restricted case is closed by filing it"
    )
    check(state_of(assign(), category="restricted"), Event(RECEIVED + HOUR, "file", "张三"))
    for category in ("consult", "routine", "major"):
        refused(
            state_of(assign(), category=category),
            Event(RECEIVED + HOUR, "file", "张三"),
            f"only a restricted case is filed; this one is {category}",
        )
        check(state_of(assign(), category=category), Event(RECEIVED + HOUR, "resolve", "张三"))


def test_escalation_to_the_same_category_is_refused():
    refused(state_of(assign()), Event(RECEIVED + HOUR, "escalate", "张三", data={"category": "routine"}), "the case is already routine")
    check(state_of(assign()), Event(RECEIVED + HOUR, "escalate", "张三", data={"category": "major"}))


def test_a_promised_date_before_the_intake_is_refused_and_one_at_it_is_not():
    refused(
        state_of(assign()),
        respond(RECEIVED + HOUR, eta="2026-11-23T09:59:59+08:00"),
        "the promised date 2026-11-23 09:59:59 is before the case was received",
    )
    check(state_of(assign()), respond(RECEIVED + HOUR, eta="2026-11-23T10:00:00+08:00"))


def test_pause_and_resume_refuse_what_does_not_follow():
    paused = state_of(assign(), Event(RECEIVED + HOUR, "pause", "张三"))
    refused(paused, Event(RECEIVED + 2 * HOUR, "pause", "张三"), "the case is already paused")
    refused(state_of(assign()), Event(RECEIVED + 2 * HOUR, "resume", "张三"), "the case is not paused")
    refused(paused, Event(RECEIVED + HOUR - 1, "resume", "张三"), "a case cannot resume before it was paused")
    check(paused, Event(RECEIVED + HOUR, "resume", "张三"))  # at the same instant: a pause of nothing
    check(state_of(assign()), Event(RECEIVED + HOUR, "pause", "张三"))


# -- milestones: what each deadline is worked out from ------------------------------------------------


def test_milestone_clocks_in_the_policys_order_then_any_other_and_from_their_start():
    state = replace(
        state_of(assign(), respond(RECEIVED + HOUR), category="major"),
        limits={
            "resolve": ["5d", "workdays"],
            "visit": ["2d", "calendar"],
            "response": ["24h", "workdays"],
            "feedback": ["48h", "workdays"],
        },
        starts={"resolve": RECEIVED + 9 * HOUR},
    )
    assert milestone_clocks(state) == [
        MilestoneClock("response", RECEIVED, "24h", "workdays", RECEIVED + HOUR),
        MilestoneClock("feedback", RECEIVED, "48h", "workdays", None),
        MilestoneClock("resolve", RECEIVED + 9 * HOUR, "5d", "workdays", None),
        MilestoneClock("visit", RECEIVED, "2d", "calendar", None),
    ]
    assert [clock.name for clock in milestone_clocks(state, order=("resolve", "response"))] == ["resolve", "response", "visit", "feedback"]


def test_milestones_are_due_by_the_limits_and_moved_by_pauses():
    calendar = work_calendar()
    state = state_of(
        assign(),
        Event(at("2026-11-23T12:00"), "pause", "张三"),
        Event(at("2026-11-24T12:00"), "resume", "张三"),
        respond(at("2026-11-24T13:00")),
        category="major",
    )
    found = {m.name: m for m in milestones(state, calendar)}
    assert list(found) == ["sign", "response", "feedback", "resolve"]
    # sign-for: the end of Tuesday, a day after the assignment, and the pause adds its day
    assert found["sign"].due == at("2026-11-26T00:00")
    # 24 working hours from Mon 10:00 is Tue 10:00; the day-long pause moves it to Wed 10:00.
    assert found["response"].due == at("2026-11-25T10:00")
    assert (found["response"].limit, found["response"].clock, found["response"].met_at) == ("24h", "workdays", at("2026-11-24T13:00"))
    assert found["feedback"].due == at("2026-11-26T10:00")
    assert found["feedback"].met_at is None
    # 5 working days: the end of Mon Nov 30; the pause adds its 24 working hours.
    assert found["resolve"].due == at("2026-12-02T00:00")
    assert not any(m.provisional for m in found.values())
    for m in found.values():
        expected = due_with_pauses(calendar, RECEIVED, Limit.parse(m.limit), m.clock, state.pauses, m.met_at)
        assert (m.due, m.provisional) == (expected.at, expected.provisional)


def test_a_reopened_case_is_due_again_from_the_reopening():
    calendar = work_calendar()
    reopen_at = at("2026-11-26T15:00")  # a Thursday
    state = state_of(assign(), Event(RECEIVED + HOUR, "resolve", "张三"), Event(reopen_at, "reopen", "张三"))
    found = {m.name: m for m in milestones(state, calendar)}
    assert found["resolve"].due == at("2026-11-27T15:00")
    assert found["resolve"].met_at is None
    assert found["response"].met_at == RECEIVED + HOUR


def test_a_provisional_deadline_says_so():
    calendar = work_calendar()
    late = at("2099-12-31T10:00")
    state = replay([intake(when=late)])
    assert all(m.provisional for m in milestones(state, calendar) if m.limit != "0")


def test_the_reducers_replace_is_dataclasses_replace():
    from zhitong.core.lifecycle import _replace

    state = CaseState(received_at=1, category="routine", limits={"resolve": ["5d", "workdays"]}, urges=2, owner="张科长")
    for changes in ({}, {"urges": 3}, {"owner": None, "status": "resolved", "round": 2}, {"pauses": ((1, 2),)}):
        made = _replace(state, **changes)
        assert made == replace(state, **changes) and type(made) is CaseState
    assert _replace(state, urges=3).urges == 3 and state.urges == 2  # the old state is left as it was
    every = {name: getattr(state, name) for name in CaseState.__dataclass_fields__} | {"urges": 9}
    assert _replace(state, **every) == replace(state, **every)  # every field given at once
    with pytest.raises(TypeError, match="no field"):
        _replace(state, urge=3)
