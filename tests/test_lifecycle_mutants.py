"""The reducer's rules for corrections, rounds and the hotline windows, edge by edge.

``test_lifecycle.py`` holds each action to its rule; these hold the edges a mutation pass of
core/lifecycle.py found unguarded: what a withdrawn or merged case still allows and how reopen
restores it, what a redo keeps of the round that ended, corrections and record moves, the
limits a later round takes from an escalation, the exact ends of the return window and of the
time an extension may be asked, and what each approved extension does to the deadline. All
pure: events built here, no store.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_lifecycle import HOUR, RECEIVED, assign, at, refused, respond, state_of

from zhitong.core.calendar_data import work_calendar
from zhitong.core.errors import RefusedError
from zhitong.core.lifecycle import CaseState, Event, ExtensionMove, apply, check, extension_moves, milestones, replay
from zhitong.core.policy import DEFAULT_POLICY, limits_for
from zhitong.sla import Due

CALENDAR = work_calendar()


def event(when: int, kind: str, department: str | None = None, text: str = "", **data) -> Event:
    return Event(when, kind, "张三", department, text, data)


def resolved(*events: Event, category: str = "routine") -> CaseState:
    return state_of(assign(), *events, event(RECEIVED + 4 * HOUR, "resolve"), category=category)


def refused_on(state: CaseState, happening: Event, message: str) -> None:
    """Refused with the calendar the store gives (the hotline windows are worked out on it)."""
    with pytest.raises(RefusedError) as caught:
        check(state, happening, CALENDAR)
    assert str(caught.value).startswith(message), str(caught.value)


# -- withdrawn and merged cases (撤销, 并单) ----------------------------------------------------------


def test_withdraw_sets_the_case_aside_and_remembers_where_it_stood():
    for events, status in (((), "open"), ((assign(),), "assigned"), ((assign(), respond(RECEIVED + HOUR)), "responded")):
        before = state_of(*events)
        withdrawn = apply(before, event(RECEIVED + 2 * HOUR, "withdraw", text="录错了"))
        assert (withdrawn.status, withdrawn.set_aside_from, withdrawn.merged_into) == ("withdrawn", status, None)
        assert withdrawn.closed
        assert replace(withdrawn, status=before.status, set_aside_from=None) == before  # nothing else changes


def test_merge_sets_the_case_aside_into_the_case_it_repeats():
    before = state_of(assign())
    merged = apply(before, event(RECEIVED + HOUR, "merge", into="ZT-2026-0007"))
    assert (merged.status, merged.set_aside_from, merged.merged_into) == ("merged", "assigned", "ZT-2026-0007")
    assert merged.closed
    assert replace(merged, status="assigned", set_aside_from=None, merged_into=None) == before


def test_the_case_merged_into_counts_each_case_it_absorbs():
    target = state_of(assign())
    once = apply(target, event(RECEIVED + HOUR, "absorb", case="ZT-2026-0002"))
    twice = apply(once, event(RECEIVED + 2 * HOUR, "absorb", case="ZT-2026-0003"))
    assert twice.absorbed == ("ZT-2026-0002", "ZT-2026-0003")
    assert replace(twice, absorbed=()) == target  # its status and clocks are its own


@pytest.mark.parametrize("status", ["open", "assigned", "responded"])
def test_reopening_a_set_aside_case_restores_it_as_it_stood_in_the_same_round(status):
    events = {"open": (), "assigned": (assign(),), "responded": (assign(), respond(RECEIVED + HOUR))}[status]
    before = state_of(*events)
    for set_aside in (
        event(RECEIVED + 2 * HOUR, "withdraw"),
        event(RECEIVED + 2 * HOUR, "merge", into="ZT-2026-0007"),
    ):
        aside = apply(before, set_aside)
        check(aside, event(RECEIVED + 3 * HOUR, "reopen"))
        restored = apply(aside, event(RECEIVED + 3 * HOUR, "reopen", text="撤错了"))
        assert restored == before  # not a redo: same round, no new clock, nothing counted
        assert (restored.status, restored.round, restored.redos, restored.set_aside_from, restored.merged_into) == (
            status,
            1,
            0,
            None,
            None,
        )


def test_a_set_aside_case_without_a_status_to_restore_opens():
    aside = replace(state_of(assign()), status="withdrawn", set_aside_from=None)
    assert apply(aside, event(RECEIVED + HOUR, "reopen")).status == "open"


def test_a_set_aside_case_takes_notes_and_corrections_but_nothing_else_until_reopened():
    for aside in (
        apply(state_of(assign()), event(RECEIVED + HOUR, "withdraw")),
        apply(state_of(assign()), event(RECEIVED + HOUR, "merge", into="ZT-2026-0007")),
    ):
        later = RECEIVED + 2 * HOUR
        for kind in ("note", "pay", "absorb", "move"):
            check(aside, event(later, kind, "经济发展局", case="ZT-2026-0009", record="department"))
        note = apply(aside, event(later, "note", text="打过电话"))
        assert note is aside  # a note restores nothing
        check(aside, event(later, "edit", changes={"title": ["路灯", "路灯损坏"]}))
        refused(
            aside,
            event(later, "edit", changes={"received_at": ["2026-11-23T10:00:00+08:00", "2026-11-23T09:00:00+08:00"]}),
            f"the case is {aside.status}: its intake time can no longer change",
        )
        refused(aside, event(later, "rate", rating=5), f"the case is {aside.status}: only a resolved or filed case can be rated")
        for kind in ("assign", "transfer", "respond", "resolve", "urge", "pause", "withdraw", "merge", "sign", "return", "extend"):
            refused(
                aside,
                event(later, kind, "工管委", category="major", into="ZT-2026-0008", limit="3d", eta="2026-11-30T10:00:00+08:00"),
                f"the case is already {aside.status}; reopen it first",
            )


def test_a_closed_case_cannot_be_withdrawn_or_merged_before_it_is_reopened():
    for kind in ("withdraw", "merge"):
        refused(resolved(), event(RECEIVED + 5 * HOUR, kind, into="ZT-2026-0007"), "the case is already resolved; reopen it first")
        check(state_of(assign()), event(RECEIVED + HOUR, kind, into="ZT-2026-0007"))


# -- corrections (更正) and record moves --------------------------------------------------------------


def test_an_edit_counts_a_correction_and_a_corrected_intake_moves_the_received_time():
    state = state_of(assign(RECEIVED + HOUR))
    titled = apply(state, event(RECEIVED + 2 * HOUR, "edit", changes={"title": ["路灯", "路灯损坏"]}))
    assert titled == replace(state, corrections=1)
    earlier = "2026-11-23T08:30:00+08:00"
    moved = apply(titled, event(RECEIVED + 3 * HOUR, "edit", changes={"received_at": ["2026-11-23T10:00:00+08:00", earlier]}))
    assert moved == replace(state, corrections=2, received_at=at("2026-11-23T08:30"))
    # the deadlines follow the corrected intake: 24 working hours from 08:30
    assert {m.name: m.due for m in milestones(moved, CALENDAR)}["response"] == at("2026-11-24T08:30")
    assert apply(state, event(RECEIVED + 2 * HOUR, "edit")) == replace(state, corrections=1)  # no changes named: still counted


def test_the_intake_time_may_be_corrected_while_the_case_is_open_and_the_rest_even_once_closed():
    correction = {"received_at": ["2026-11-23T10:00:00+08:00", "2026-11-23T09:00:00+08:00"]}
    check(state_of(assign()), event(RECEIVED + HOUR, "edit", changes=correction))
    check(state_of(assign()), event(RECEIVED + HOUR, "edit"))
    for closed in (resolved(), state_of(assign(), event(RECEIVED + HOUR, "file"), category="restricted")):
        refused(
            closed,
            event(RECEIVED + 5 * HOUR, "edit", changes=correction),
            f"the case is {closed.status}: its intake time can no longer change, its verdicts are given",
        )
        check(closed, event(RECEIVED + 5 * HOUR, "edit", changes={"detail": ["", "灯杆倾斜"]}))
        check(closed, event(RECEIVED + 5 * HOUR, "edit"))


def test_a_renamed_department_takes_its_cases_along_and_another_records_move_changes_nothing():
    state = state_of(assign())
    renamed = apply(state, event(RECEIVED + HOUR, "move", "经发局", record="department", **{"from": "经济发展局", "to": "经发局"}))
    assert renamed == replace(state, department="经发局")
    enterprise = event(RECEIVED + HOUR, "move", "经济发展局", record="enterprise", **{"from": "新奥", "to": "新奥集团"})
    assert apply(state, enterprise) is state


def test_a_closed_case_still_takes_notes_payments_absorbed_cases_and_moves():
    for closed in (resolved(), state_of(assign(), event(RECEIVED + HOUR, "file"), category="restricted")):
        later = RECEIVED + 5 * HOUR
        for kind in ("note", "pay", "absorb", "move"):
            check(closed, event(later, kind, "经发局", case="ZT-2026-0009", record="department"))
        assert apply(closed, event(later, "pay", text="拨付 10000 元")) is closed
        assert apply(closed, event(later, "note", text="已回访")) is closed


def test_closing_decides_nothing_left_waiting_and_a_case_never_answered_is_answered_by_its_resolution():
    asked = state_of(assign(), event(RECEIVED + HOUR, "extend", "经济发展局", limit="3d"))
    closed = apply(asked, event(RECEIVED + 2 * HOUR, "resolve"))
    assert (closed.requested, closed.extended, closed.extensions) == (None, (), 0)  # the request lapses, unapproved
    assert closed.responded_at == RECEIVED + 2 * HOUR and closed.met["response"] == RECEIVED + 2 * HOUR
    reopened = apply(closed, event(RECEIVED + 3 * HOUR, "reopen"))
    check(reopened, event(RECEIVED + 4 * HOUR, "extend", limit="3d"), CALENDAR)  # nothing waits: the redo may ask
    answered = resolved(respond(RECEIVED + HOUR))
    assert answered.responded_at == RECEIVED + HOUR  # the answer, not the resolution
    limits = {"resolve": ["24h", "workdays"]}  # a policy without a response milestone
    unanswered = replay([Event(RECEIVED, "intake", "张三", None, "路灯", {"category": "routine", "limits": limits})])
    assert apply(unanswered, event(RECEIVED + HOUR, "resolve")).responded_at is None


# -- redo (重办): what the new round keeps of the one that ended -------------------------------------


def test_a_redo_restarts_only_the_resolution_and_keeps_round_ones_clocks_as_they_ended():
    closed = resolved(respond(RECEIVED + HOUR))
    reopened = apply(closed, event(RECEIVED + 6 * HOUR, "reopen", text="没修好"))
    assert (reopened.round, reopened.redos, reopened.status) == (2, 1, "responded")
    assert reopened.limits == {"resolve": ["24h", "workdays"], "callback": ["1d", "workdays"]}
    assert reopened.starts == {"resolve": RECEIVED + 6 * HOUR} and reopened.met == {}
    past = {clock.name: clock for clock in reopened.past}
    # the sign-for keeps its own start (the assignment); a callback never made is not kept as owed
    assert list(past) == ["sign", "response", "resolve"]
    assert (past["sign"].start, past["sign"].met_at, past["sign"].round) == (RECEIVED, RECEIVED + HOUR, 1)
    assert (past["resolve"].start, past["resolve"].met_at) == (RECEIVED, RECEIVED + 4 * HOUR)


def test_a_redo_after_a_rating_keeps_the_callback_the_rating_made():
    rated = apply(resolved(), event(RECEIVED + 5 * HOUR, "rate", text="不满意", rating=2))
    assert rated.rated_this_round
    reopened = apply(rated, event(RECEIVED + 5 * HOUR, "reopen", text="不满意", redo=True, rating=2))
    callback = {clock.name: clock for clock in reopened.past}["callback"]
    assert (callback.start, callback.met_at, callback.round) == (RECEIVED + 4 * HOUR, RECEIVED + 5 * HOUR, 1)
    # the redo the rating started keeps that rating for the assessment; the round owes a new one
    assert (reopened.rating, reopened.rating_comment, reopened.rated_this_round) == (2, "不满意", False)
    assert reopened.limits == {"resolve": ["24h", "workdays"], "callback": ["1d", "workdays"]}
    assert "callback" not in reopened.starts  # due again from the next resolution


def test_each_redo_counts_and_drops_the_rounds_approved_extensions():
    state = state_of(assign(), event(RECEIVED + HOUR, "extend", "经济发展局", limit="3d"), event(RECEIVED + 2 * HOUR, "approve"))
    assert state.extended == (("3d", RECEIVED + 2 * HOUR),)
    closed = apply(state, event(RECEIVED + 3 * HOUR, "resolve"))
    once = apply(closed, event(RECEIVED + 4 * HOUR, "reopen"))
    assert (once.redos, once.round, once.extended, once.extensions) == (1, 2, (), 1)
    twice = apply(apply(once, event(RECEIVED + 5 * HOUR, "resolve")), event(RECEIVED + 6 * HOUR, "reopen"))
    assert (twice.redos, twice.round, twice.reopens) == (2, 3, 2)
    assert [(clock.name, clock.round) for clock in twice.past if clock.name == "resolve"] == [("resolve", 1), ("resolve", 2)]


def test_an_unassigned_closed_case_reopens_open():
    closed = replace(resolved(), department=None, owner=None)
    assert apply(closed, event(RECEIVED + 5 * HOUR, "reopen")).status == "open"


# -- rounds and escalation ------------------------------------------------------------------------------


def test_an_escalation_in_round_one_takes_every_milestone_of_the_new_category():
    state = state_of(assign(), respond(RECEIVED + HOUR))
    major = limits_for(DEFAULT_POLICY, "major")
    escalated = apply(state, event(RECEIVED + 2 * HOUR, "escalate", category="major", limits=major))
    assert escalated.limits == major and "feedback" in escalated.limits


def test_an_escalation_in_a_later_round_changes_only_the_limits_that_round_owes():
    reopened = apply(resolved(), event(RECEIVED + 5 * HOUR, "reopen"))
    assert set(reopened.limits) == {"resolve", "callback"}
    major = limits_for(DEFAULT_POLICY, "major")
    escalated = apply(reopened, event(RECEIVED + 6 * HOUR, "escalate", category="major", limits=major))
    assert escalated.category == "major"
    assert escalated.limits == {"resolve": ["5d", "workdays"], "callback": ["1d", "workdays"]}
    third = apply(apply(escalated, event(RECEIVED + 7 * HOUR, "resolve")), event(RECEIVED + 8 * HOUR, "reopen"))
    recomputed = apply(
        third, event(RECEIVED + 9 * HOUR, "recompute", limits={"response": ["8h", "workdays"], "resolve": ["3d", "workdays"]})
    )
    assert recomputed.limits == {"resolve": ["3d", "workdays"]}


# -- the hotline windows (回退, 延期) -------------------------------------------------------------------


def test_sign_for_and_return_need_a_department_and_sign_for_comes_once():
    for kind in ("sign", "return"):
        refused_on(state_of(), event(RECEIVED + HOUR, kind, window="2d"), "the case has no department yet; use assign first")
    check(state_of(assign()), event(RECEIVED + HOUR, "sign"), CALENDAR)
    signed = state_of(assign(), event(RECEIVED + HOUR, "sign", "经济发展局"))
    refused_on(signed, event(RECEIVED + 2 * HOUR, "sign"), "经济发展局 has already signed for the case")
    check(signed, event(RECEIVED + 2 * HOUR, "return", window="2d"), CALENDAR)  # a signed case may still go back


def test_an_answered_case_cannot_be_returned():
    refused_on(
        state_of(assign(), respond(RECEIVED + HOUR)),
        event(RECEIVED + 2 * HOUR, "return", window="2d"),
        "the case was answered by 李四: an answered case cannot be returned",
    )


def test_the_return_window_closes_at_the_end_of_its_last_working_day_after_the_assignment():
    state = state_of(assign())  # Monday 10:00; 2d: the end of Wednesday
    closes = at("2026-11-26T00:00")
    check(state, event(closes, "return", window="2d"), CALENDAR)
    refused_on(
        state,
        event(closes + 1, "return", window="2d"),
        "the return window closed at 2026-11-26 00:00 (2d after its assignment); ask the officer to transfer it instead",
    )
    # counted from the latest assignment: a transfer opens it again
    transferred = apply(state, Event(at("2026-11-25T12:00"), "transfer", "张三", "工管委"))
    check(transferred, event(closes + 1, "return", window="2d"), CALENDAR)


def test_without_a_window_or_a_calendar_a_return_is_not_timed():
    state = state_of(assign())
    late = at("2026-12-10T10:00")
    check(state, event(late, "return"), CALENDAR)
    check(state, event(late, "return", window=None), CALENDAR)
    check(state, event(late, "return", window="2d"))  # no calendar given: no window worked out


def test_a_return_sends_the_case_back_unassigned_with_its_clocks_running_from_intake():
    state = state_of(assign(), event(RECEIVED + HOUR, "sign", "经济发展局"))
    back = apply(state, event(RECEIVED + 2 * HOUR, "return", window="2d"))
    assert (back.department, back.status, back.assigned_at, back.returns) == (None, "open", None, 1)
    assert "sign" not in back.starts and "sign" not in back.met
    assert back.limits == state.limits and back.received_at == RECEIVED


def test_an_extension_waits_for_one_decision_at_a_time():
    asked = state_of(assign(), event(RECEIVED + HOUR, "extend", "经济发展局", limit="3d"))
    assert asked.requested == ("3d", RECEIVED + HOUR)
    refused_on(asked, event(RECEIVED + 2 * HOUR, "extend", limit="2d"), "an extension of 3d is already waiting for approval")
    for kind in ("approve", "refuse"):
        refused_on(state_of(assign()), event(RECEIVED + 2 * HOUR, kind), "no extension is waiting for approval")
        check(asked, event(RECEIVED + 2 * HOUR, kind), CALENDAR)
    approved = apply(asked, event(RECEIVED + 2 * HOUR, "approve"))
    assert (approved.requested, approved.extended, approved.extensions) == (None, (("3d", RECEIVED + 2 * HOUR),), 1)
    refusal = apply(asked, event(RECEIVED + 2 * HOUR, "refuse"))
    assert (refusal.requested, refusal.extended, refusal.extensions) == (None, (), 0)


def test_an_extension_is_at_most_the_cap_and_the_cap_itself_is_allowed():
    state = state_of(assign(), category="major")
    check(state, event(RECEIVED + HOUR, "extend", limit="10d", cap="10d"), CALENDAR)
    check(state, event(RECEIVED + HOUR, "extend", limit="3d", cap="10d"), CALENDAR)
    check(state, event(RECEIVED + HOUR, "extend", limit="30d"), CALENDAR)  # no cap given: none applies
    check(state, event(RECEIVED + HOUR, "extend", limit="30d", cap=None), CALENDAR)
    refused_on(state, event(RECEIVED + HOUR, "extend", limit="11d", cap="10d"), "an extension is at most 10d, not 11d")


def test_only_an_open_resolution_deadline_is_extended():
    without = replay(
        [Event(RECEIVED, "intake", "张三", None, "路灯", {"category": "routine", "limits": {"response": ["24h", "workdays"]}})]
    )
    refused_on(without, event(RECEIVED + HOUR, "extend", limit="3d"), "the case has no open resolution deadline to extend")
    met = replace(state_of(assign()), met={"resolve": RECEIVED + HOUR})
    refused_on(met, event(RECEIVED + 2 * HOUR, "extend", limit="3d"), "the case has no open resolution deadline to extend")


def test_an_extension_is_asked_before_the_resolution_deadline_not_at_it():
    routine = state_of(assign())  # resolution due Tuesday 10:00, sign-for Wednesday 00:00
    due = at("2026-11-24T10:00")
    check(routine, event(due - 1, "extend", limit="3d"), CALENDAR)
    refused_on(
        routine,
        event(due, "extend", limit="3d"),
        "the resolution deadline 2026-11-24 10:00 has passed: an extension is asked before it",
    )
    check(routine, event(due, "extend", limit="3d"))  # no calendar given: no deadline worked out
    major = state_of(assign(), category="major")  # resolution due the end of Monday 30th, sign-for long before
    check(major, event(at("2026-11-27T10:00"), "extend", limit="3d"), CALENDAR)
    refused_on(major, event(at("2026-12-01T00:00"), "extend", limit="3d"), "the resolution deadline 2026-12-01 00:00 has passed")


def test_the_deadline_an_extension_is_asked_before_is_the_running_rounds():
    reopen_at = at("2026-11-26T15:00")  # a Thursday: the redo's resolution is due Friday 15:00
    state = apply(resolved(), Event(reopen_at, "reopen", "张三"))
    check(state, event(at("2026-11-27T14:59"), "extend", limit="3d"), CALENDAR)
    refused_on(state, event(at("2026-11-27T15:00"), "extend", limit="3d"), "the resolution deadline 2026-11-27 15:00 has passed")


def test_an_approved_extension_moves_the_deadline_later_asks_are_timed_against():
    state = state_of(assign(), event(RECEIVED + HOUR, "extend", "经济发展局", limit="1d"), event(RECEIVED + 2 * HOUR, "approve"))
    # Tuesday 10:00 plus a working day after its last one: the end of Wednesday
    check(state, event(at("2026-11-25T23:59"), "extend", limit="1d"), CALENDAR)
    refused_on(state, event(at("2026-11-26T00:00"), "extend", limit="1d"), "the resolution deadline 2026-11-26 00:00 has passed")


def approved(state: CaseState, asked: int, decided: int, limit: str) -> CaseState:
    return apply(apply(state, event(asked, "extend", "经济发展局", limit=limit)), event(decided, "approve"))


def resolution(state: CaseState, round_number: int | None = None):
    return next(m for m in milestones(state, CALENDAR) if m.name == "resolve" and m.round == (round_number or state.round))


def test_approved_extensions_move_only_the_running_rounds_resolution_each_from_the_last():
    plain = state_of(assign())  # resolution due Tuesday 10:00
    once = approved(plain, RECEIVED + HOUR, RECEIVED + 2 * HOUR, "1d")
    twice = approved(once, RECEIVED + 3 * HOUR, RECEIVED + 4 * HOUR, "2d")
    assert resolution(once).due == at("2026-11-26T00:00")  # after Tuesday: Wednesday
    assert resolution(twice).due == at("2026-11-28T00:00")  # after Wednesday: Thursday and Friday
    others = {m.name: m.due for m in milestones(plain, CALENDAR) if m.name != "resolve"}
    assert {m.name: m.due for m in milestones(twice, CALENDAR) if m.name != "resolve"} == others  # sign-for, response
    # a redo's extension moves the redo's resolution, not the one round 1 was judged on
    redo = apply(apply(plain, event(RECEIVED + 4 * HOUR, "resolve")), Event(at("2026-11-26T15:00"), "reopen", "张三"))
    extended = approved(redo, at("2026-11-26T16:00"), at("2026-11-26T17:00"), "1d")
    assert resolution(extended, 1).due == resolution(redo, 1).due == at("2026-11-24T10:00")
    assert resolution(redo).due == at("2026-11-27T15:00") and resolution(extended).due == at("2026-12-01T00:00")


def test_an_extension_approved_at_the_deadline_moves_nothing_and_says_so():
    due = resolution(state_of(assign())).due
    late = approved(state_of(assign()), due - HOUR, due, "1d")
    assert resolution(late).due == due
    assert extension_moves(CALENDAR, Due(due, False), "workdays", late.extended) == [ExtensionMove("1d", due, Due(due, False), False)]
    in_time = approved(state_of(assign()), due - HOUR, due - 1, "1d")
    assert extension_moves(CALENDAR, Due(due, False), "workdays", in_time.extended) == [
        ExtensionMove("1d", due - 1, Due(at("2026-11-26T00:00"), False), True)
    ]


def test_each_extension_is_listed_with_the_deadline_after_it_and_judged_against_the_deadline_before_it():
    due = Due(at("2026-11-24T10:00"), False)
    extended = (
        ("1d", RECEIVED + HOUR),
        ("2d", at("2026-11-25T10:00")),  # after the original deadline, before the one the first extension set
        ("1d", at("2026-11-27T12:00")),
        ("3d", at("2026-12-01T00:00")),  # at the deadline: too late
    )
    assert extension_moves(CALENDAR, due, "workdays", extended) == [
        ExtensionMove("1d", RECEIVED + HOUR, Due(at("2026-11-26T00:00"), False), True),
        ExtensionMove("2d", at("2026-11-25T10:00"), Due(at("2026-11-28T00:00"), False), True),
        ExtensionMove("1d", at("2026-11-27T12:00"), Due(at("2026-12-01T00:00"), False), True),
        ExtensionMove("3d", at("2026-12-01T00:00"), Due(at("2026-12-01T00:00"), False), False),
    ]


def test_an_extension_past_the_calendar_makes_the_deadline_provisional():
    december = Event(
        at("2026-12-28T10:00"), "intake", "张三", None, "路灯", {"category": "routine", "limits": limits_for(DEFAULT_POLICY, "routine")}
    )
    state = approved(replay([december, assign(at("2026-12-28T10:00"))]), at("2026-12-28T11:00"), at("2026-12-28T12:00"), "3d")
    plain = replay([december, assign(at("2026-12-28T10:00"))])
    assert (resolution(plain).due, resolution(plain).provisional) == (at("2026-12-29T10:00"), False)
    # Wednesday 30th, Thursday 31st, and a first of January the calendar does not yet know
    assert (resolution(state).due, resolution(state).provisional) == (at("2027-01-02T00:00"), True)
