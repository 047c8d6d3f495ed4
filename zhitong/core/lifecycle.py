"""The life of a case as a pure reducer over its events.

``check`` says whether an action is allowed in a state; ``apply`` folds one event into the
state. The store uses both on every write, and ``zhitong check`` replays every case's events
through ``apply`` to prove that the stored state is what the history says.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from zhitong.core.errors import RefusedError
from zhitong.core.instants import from_epoch
from zhitong.core.vocabulary import CLOSED, MILESTONES, SET_ASIDE, STARTED_LATER
from zhitong.sla import Due, Limit, Pause, WorkCalendar, due_with_pauses


@dataclass(frozen=True, slots=True)
class Event:
    at: int  # epoch seconds: when it happened
    kind: str
    actor: str = ""
    department: str | None = None  # the case's department after the event
    text: str = ""
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)  # not slots: _replace makes each new state by merging the fields' dict
class CaseState:
    received_at: int
    category: str
    limits: dict  # milestone name -> [limit, clock], as the policy said when they were set
    starts: dict = field(default_factory=dict)  # milestone name -> clock start, if not intake
    met: dict = field(default_factory=dict)  # milestone name -> epoch met
    status: str = "open"
    department: str | None = None
    owner: str | None = None
    plan: str | None = None
    eta: int | None = None
    responded_at: int | None = None
    reported_at: int | None = None
    resolved_at: int | None = None
    filed_at: int | None = None
    rating: int | None = None
    rating_comment: str | None = None
    urges: int = 0
    transfers: int = 0
    paused_since: int | None = None
    pauses: tuple = ()
    round: int = 1  # the round now running: 1 until a reopen starts the next (重办)
    past: tuple = ()  # the milestones of the rounds before it (MilestoneClock), kept as they ended
    corrections: int = 0  # edits of the intake record
    merged_into: str | None = None  # the case a merged case was folded into
    set_aside_from: str | None = None  # the status a withdrawn or merged case had, to restore
    absorbed: tuple = ()  # the refs of the cases merged into this one
    assigned_at: int | None = None  # when the department that holds it got it (assignment or transfer)
    returns: int = 0  # times a department gave it back (回退)
    redos: int = 0  # times it was reopened (重办)
    extensions: int = 0  # extensions approved (延期)
    requested: tuple | None = None  # (limit, at) of an extension asked for and not yet decided
    extended: tuple = ()  # (limit, approved at) of each extension approved in this round
    rated_this_round: bool = False  # a rating since the last reopening: another one is a change of it

    @property
    def closed(self) -> bool:
        """Resolved, filed, withdrawn or merged: nothing more is done until it is reopened."""
        return self.status in CLOSED or self.status in SET_ASIDE

    @property
    def reopens(self) -> int:
        return self.round - 1


# The stored limits (24h, 5d …) of every milestone of every case a replay reads: a handful of
# texts, parsed once each (Limit is immutable).
_limit = lru_cache(maxsize=256)(Limit.parse)

_STATE_FIELD_SET = frozenset(item.name for item in fields(CaseState))


def _replace(state: CaseState, **changes) -> CaseState:
    """``dataclasses.replace`` for the reducer, which makes a new state for every event of every
    case (``zhitong check`` replays them all): the same state, its fields one dict merge, where
    replace looks at the fields and runs ``__init__`` on each call (a fifth of the time)."""
    if not changes.keys() <= _STATE_FIELD_SET:
        raise TypeError(f"CaseState has no field {sorted(changes.keys() - _STATE_FIELD_SET)}")
    new = object.__new__(CaseState)
    # A frozen dataclass refuses attribute assignment: object's own sets the fields at once.
    object.__setattr__(new, "__dict__", {**state.__dict__, **changes})
    return new


@dataclass(frozen=True, slots=True)
class MilestoneDue:
    name: str
    limit: str
    clock: str
    due: int
    provisional: bool
    met_at: int | None
    round: int = 1


def check(state: CaseState, event: Event, calendar: WorkCalendar | None = None) -> None:
    """Refuse, with the reason, an action the case's state does not allow.

    The windows of the hotline workflow (return, extension) are worked out on ``calendar``,
    which the store always gives; the limits come in the event's data, as the policy set them.
    """
    kind, data, at = event.kind, event.data, event.at
    if kind in ("note", "pay", "move", "absorb"):
        # a disbursement may follow the item's closing: the money comes when it comes
        return
    if kind == "edit":
        if "received_at" in data.get("changes", {}) and state.closed:
            raise RefusedError("the case is {status}: its intake time can no longer change, its verdicts are given", status=state.status)
        return
    if kind == "reopen" and state.status in SET_ASIDE:
        return
    if kind in ("rate", "reopen"):
        if state.status not in CLOSED:
            raise RefusedError(
                "the case is {status}: only a resolved or filed case can be {action}",
                status=state.status,
                action="rated" if kind == "rate" else "reopened",
            )
        return
    if state.closed:
        raise RefusedError("the case is already {status}; reopen it first (zhitong reopen REF --reason …)", status=state.status)
    if kind == "assign" and state.department is not None:
        raise RefusedError("the case is already assigned to {department}; use transfer to move it", department=state.department)
    if kind == "transfer":
        if state.department is None:
            raise RefusedError("the case has no department yet; use assign first")
        if event.department == state.department:
            raise RefusedError("the case is already with {department}", department=state.department)
    if kind == "report" and "feedback" not in state.limits:
        # The default policy gives only major cases a research-result milestone; a policy
        # file may give it to others, and then they can meet it.
        raise RefusedError("only a major case reports a research result; this one is {category}", category=state.category)
    if kind == "resolve" and state.category == "restricted":
        raise RefusedError("a restricted case is closed by filing it: zhitong file REF --reason …")
    if kind == "file" and state.category != "restricted":
        raise RefusedError(
            "only a restricted case is filed; this one is {category} (escalate it --to restricted first)",
            category=state.category,
        )
    if kind == "escalate" and data["category"] == state.category:
        raise RefusedError("the case is already {category}", category=state.category)
    if kind == "respond" and datetime.fromisoformat(data["eta"]).timestamp() < state.received_at:
        raise RefusedError("the promised date {eta} is before the case was received", eta=datetime.fromisoformat(data["eta"]))
    if kind in ("sign", "return", "extend", "approve", "refuse"):
        _check_hotline(state, event, calendar)
    if kind == "pause" and state.paused_since is not None:
        raise RefusedError("the case is already paused")
    if kind == "resume":
        if state.paused_since is None:
            raise RefusedError("the case is not paused")
        if at < state.paused_since:
            raise RefusedError("a case cannot resume before it was paused")


def _check_hotline(state: CaseState, event: Event, calendar: WorkCalendar | None) -> None:
    kind, data, at = event.kind, event.data, event.at
    if kind in ("sign", "return") and state.department is None:
        raise RefusedError("the case has no department yet; use assign first")
    if kind == "sign" and "sign" in state.met:
        raise RefusedError("{department} has already signed for the case", department=state.department)
    if kind == "return":
        if state.owner is not None:
            raise RefusedError("the case was answered by {owner}: an answered case cannot be returned", owner=state.owner)
        window = data.get("window")
        if window and calendar is not None and state.assigned_at is not None:
            closes = calendar.due(state.assigned_at, Limit.parse(window)).at
            if at > closes:
                raise RefusedError(
                    "the return window closed at {closes} ({window} after its assignment); ask the officer to transfer it instead",
                    closes=from_epoch(closes),
                    window=window,
                )
    if kind == "extend":
        if state.requested is not None:
            raise RefusedError("an extension of {limit} is already waiting for approval", limit=state.requested[0])
        cap = data.get("cap")
        if cap and Limit.parse(data["limit"]).seconds > Limit.parse(cap).seconds:
            raise RefusedError("an extension is at most {cap}, not {limit}", cap=cap, limit=data["limit"])
        if "resolve" not in state.limits or "resolve" in state.met:
            raise RefusedError("the case has no open resolution deadline to extend")
        if calendar is not None:
            due = next(m.due for m in milestones(state, calendar) if m.name == "resolve" and m.round == state.round)  # the running round's
            if at >= due:
                raise RefusedError("the resolution deadline {due} has passed: an extension is asked before it", due=from_epoch(due))
    if kind in ("approve", "refuse") and state.requested is None:
        raise RefusedError("no extension is waiting for approval", hint="a department asks with zhitong extend REF LIMIT --reason …")


def apply(state: CaseState | None, event: Event) -> CaseState:
    """The state after ``event``; ``state`` is None only for the intake event."""
    kind, at, data = event.kind, event.at, event.data
    if kind == "intake":
        return CaseState(received_at=at, category=data["category"], limits=dict(data["limits"]))
    assert state is not None, "a case's first event is its intake"
    if kind == "assign":
        return _replace(_handed(state, at), department=event.department, status="assigned" if state.status == "open" else state.status)
    if kind == "transfer":
        return _replace(_handed(state, at), department=event.department, transfers=state.transfers + 1)
    if kind == "sign":
        return _meet(state, at, "sign")
    if kind == "return":
        # Back to the officer, unassigned, for re-routing; the enterprise's clocks run on from intake.
        starts = {name: when for name, when in state.starts.items() if name != "sign"}
        met = {name: when for name, when in state.met.items() if name != "sign"}
        return _replace(state, department=None, status="open", starts=starts, met=met, assigned_at=None, returns=state.returns + 1)
    if kind == "extend":
        return _replace(state, requested=(data["limit"], at))
    if kind == "approve":
        return _replace(state, requested=None, extended=state.extended + ((state.requested[0], at),), extensions=state.extensions + 1)
    if kind == "refuse":
        return _replace(state, requested=None)
    if kind == "respond":
        # An answer shows the case was seen: it signs for it too, if nobody had.
        return _replace(
            _meet(state, at, "response", "sign"),
            owner=data["owner"],
            plan=data["plan"],
            eta=data["eta"],
            responded_at=state.responded_at or at,
            status="responded" if state.status in ("open", "assigned") else state.status,
        )
    if kind in ("escalate", "recompute"):
        limits = round_limits(state, data["limits"])
        met = {name: when for name, when in state.met.items() if name in limits}
        return _replace(state, category=data.get("category", state.category), limits=limits, met=met)
    if kind == "report":
        return _replace(_meet(state, at, "feedback"), reported_at=at, status="reported")
    if kind in ("resolve", "file"):
        closed = _meet(state, at, *[name for name in state.limits if name != "callback"])
        if state.paused_since is not None:
            closed = _replace(closed, paused_since=None, pauses=state.pauses + (Pause(state.paused_since, at),))
        closed = _replace(closed, requested=None)
        # A case never answered separately is answered by its resolution: the response
        # milestone is met now, and that is when it was responded to.
        responded = state.responded_at or (at if "response" in state.limits else None)
        closed = _replace(closed, responded_at=responded)
        # The top-level times describe round 1: the promise as first kept or broken.
        if kind == "resolve":
            # The callback (回访) is due from the resolution; the rating meets it.
            return _replace(closed, status="resolved", resolved_at=state.resolved_at or at, starts={**closed.starts, "callback": at})
        return _replace(closed, status="filed", filed_at=state.filed_at or at)
    if kind == "rate":
        return _replace(_meet(state, at, "callback"), rating=data["rating"], rating_comment=event.text or None, rated_this_round=True)
    if kind == "urge":
        return _replace(state, urges=state.urges + 1)
    if kind == "pause":
        return _replace(state, paused_since=at)
    if kind == "resume":
        return _replace(state, paused_since=None, pauses=state.pauses + (Pause(state.paused_since, at),))
    if kind == "reopen" and state.status in SET_ASIDE:
        # Withdrawn or merged by mistake: the case takes up again where it was.
        return _replace(state, status=state.set_aside_from or "open", set_aside_from=None, merged_into=None)
    if kind == "reopen":
        # The enterprise was not satisfied: a new round (重办). The department owes a
        # resolution again, on the same limit, counted from the reopening; the round that
        # ended keeps its milestones and verdicts as they were (a callback never made is
        # dropped: the next resolution owes it again).
        if "callback" not in state.met:
            state = _replace(state, starts={name: when for name, when in state.starts.items() if name != "callback"})
        status = "responded" if state.owner else ("assigned" if state.department else "open")
        return _replace(
            start_round(state, at, ("resolve", "callback")),
            status=status,
            redos=state.redos + 1,
            extended=(),
            rated_this_round=False,
            # a redo the rating started keeps that rating (the assessment counts it) until the next
            rating=state.rating if data.get("redo") else None,
            rating_comment=state.rating_comment if data.get("redo") else None,
        )
    if kind == "withdraw":
        return _replace(state, status="withdrawn", set_aside_from=state.status)
    if kind == "merge":
        return _replace(state, status="merged", set_aside_from=state.status, merged_into=data["into"])
    if kind == "absorb":
        return _replace(state, absorbed=state.absorbed + (data["case"],))
    if kind == "edit":
        changes = data.get("changes", {})
        received = changes.get("received_at")
        if received:
            state = _replace(state, received_at=int(datetime.fromisoformat(received[1]).timestamp()))
        return _replace(state, corrections=state.corrections + 1)
    if kind == "move":  # the department's record was renamed or merged: the case follows it
        return _replace(state, department=event.department) if data.get("record") == "department" else state
    if kind in ("note", "pay"):
        return state
    raise ValueError(f"unknown event kind {kind!r}")


def start_round(state: CaseState, at: int, names: tuple[str, ...] = ("resolve",)) -> CaseState:
    """The next round of the case from ``at``: the milestones ``names`` again, on the limits in force.

    The milestones of the round that ends are kept in ``past`` as they stand, so a verdict
    once given never changes; the new round's clocks start at ``at``.
    """
    limits = {name: state.limits[name] for name in names if name in state.limits}
    return _replace(
        state,
        past=state.past + tuple(milestone_clocks(state, rounds="current")),
        round=state.round + 1,
        limits=limits,
        starts={name: at for name in limits if name not in STARTED_LATER},
        met={},
    )


def round_limits(state: CaseState, limits: dict) -> dict:
    """The limits of ``limits`` that the running round has: a later round owes only what it restarted."""
    if state.round == 1:
        return dict(limits)
    return {name: pair for name, pair in limits.items() if name in state.limits}


def _meet(state: CaseState, at: int, *names: str) -> CaseState:
    met = dict(state.met)
    for name in names:
        if name in state.limits and name not in met and (name not in STARTED_LATER or name in state.starts):
            met[name] = at
    return _replace(state, met=met)


def _handed(state: CaseState, at: int) -> CaseState:
    """A department got the case: its sign-for clock starts afresh."""
    met = {name: when for name, when in state.met.items() if name != "sign"}
    return _replace(state, met=met, starts={**state.starts, "sign": at}, assigned_at=at)


def replay(events) -> CaseState:
    state = None
    for event in events:
        state = apply(state, event)
    return state


class MilestoneClock(NamedTuple):
    """What a milestone's deadline is worked out from."""

    name: str
    start: int  # when its clock starts: intake, unless the milestone says otherwise
    limit: str
    clock: str
    met_at: int | None
    round: int = 1


def milestone_clocks(state: CaseState, order=MILESTONES, *, rounds: str = "all") -> list[MilestoneClock]:
    """Every milestone of the case, round by round and in order within each, with what its deadline is worked out from.

    ``rounds="current"`` gives only the running round's.
    """
    names = [name for name in order if name in state.limits] + [n for n in state.limits if n not in order]
    names = [name for name in names if name not in STARTED_LATER or name in state.starts]
    current = [
        MilestoneClock(name, state.starts.get(name, state.received_at), *state.limits[name], state.met.get(name), state.round)
        for name in names
    ]
    return current if rounds == "current" else list(state.past) + current


def extends(state: CaseState, name: str, round_number: int) -> bool:
    """Whether the case's approved extensions apply to this milestone: the open round's resolution."""
    return name == "resolve" and bool(state.extended) and round_number == state.round


def milestones(state: CaseState, calendar: WorkCalendar, order=MILESTONES) -> list[MilestoneDue]:
    """Every milestone of every round of the case with its deadline, pauses and approved extensions taken into account."""
    result = []
    for name, start, limit_text, clock, met_at, round_number in milestone_clocks(state, order):
        due: Due = due_with_pauses(calendar, start, _limit(limit_text), clock, state.pauses, met_at)
        if extends(state, name, round_number):
            due = extended_due(calendar, due, clock, state.extended)
        result.append(MilestoneDue(name, limit_text, clock, due.at, due.provisional, met_at, round_number))
    return result


class ExtensionMove(NamedTuple):
    """One approved extension, and what it did to the resolution deadline."""

    limit: str
    approved_at: int
    due: Due  # the deadline after it
    moved: bool  # False: approved once the deadline had passed, so it moved nothing


def extension_moves(calendar: WorkCalendar, due: Due, clock: str, extended) -> list[ExtensionMove]:
    """Each approved extension in turn with the resolution deadline after it.

    An extension moves the deadline only when it was approved before the deadline it extends
    had passed: a promise already broken stays broken (the verdict is judged on the original).
    """
    at, provisional = due
    moves = []
    for limit_text, approved_at in extended:
        if approved_at >= at:
            moves.append(ExtensionMove(limit_text, approved_at, Due(at, provisional), False))
            continue
        moved = calendar.extend(at, _limit(limit_text), clock)
        at, provisional = moved.at, provisional or moved.provisional
        moves.append(ExtensionMove(limit_text, approved_at, Due(at, provisional), True))
    return moves


def extended_due(calendar: WorkCalendar, due: Due, clock: str, extended) -> Due:
    """The resolution deadline after every approved extension (``extension_moves``)."""
    moves = extension_moves(calendar, due, clock, extended)
    return moves[-1].due if moves else due
