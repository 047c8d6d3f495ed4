"""The life of a case as a pure reducer over its events.

``check`` says whether an action is allowed in a state; ``apply`` folds one event into the
state. The store uses both on every write, and ``zhitong check`` replays every case's events
through ``apply`` to prove that the stored state is what the history says.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import NamedTuple

from zhitong.core.errors import RefusedError
from zhitong.core.vocabulary import CLOSED, EVENT_KINDS, MILESTONES, SET_ASIDE, STATUSES  # noqa: F401  (the lifecycle's words)
from zhitong.sla import Due, Limit, Pause, WorkCalendar, due_with_pauses


@dataclass(frozen=True, slots=True)
class Event:
    at: int  # epoch seconds: when it happened
    kind: str
    actor: str = ""
    department: str | None = None  # the case's department after the event
    text: str = ""
    data: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
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

    @property
    def closed(self) -> bool:
        """Resolved, filed, withdrawn or merged: nothing more is done until it is reopened."""
        return self.status in CLOSED or self.status in SET_ASIDE

    @property
    def reopens(self) -> int:
        return self.round - 1


@dataclass(frozen=True, slots=True)
class MilestoneDue:
    name: str
    limit: str
    clock: str
    due: int
    provisional: bool
    met_at: int | None
    round: int = 1


def check(state: CaseState, event: Event) -> None:
    """Refuse, with the reason, an action the case's state does not allow."""
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
    if kind == "pause" and state.paused_since is not None:
        raise RefusedError("the case is already paused")
    if kind == "resume":
        if state.paused_since is None:
            raise RefusedError("the case is not paused")
        if at < state.paused_since:
            raise RefusedError("a case cannot resume before it was paused")


def apply(state: CaseState | None, event: Event) -> CaseState:
    """The state after ``event``; ``state`` is None only for the intake event."""
    kind, at, data = event.kind, event.at, event.data
    if kind == "intake":
        return CaseState(received_at=at, category=data["category"], limits=dict(data["limits"]))
    assert state is not None, "a case's first event is its intake"
    if kind == "assign":
        return replace(state, department=event.department, status="assigned" if state.status == "open" else state.status)
    if kind == "transfer":
        return replace(state, department=event.department, transfers=state.transfers + 1)
    if kind == "respond":
        return replace(
            _meet(state, at, "response"),
            owner=data["owner"],
            plan=data["plan"],
            eta=data["eta"],
            responded_at=state.responded_at or at,
            status="responded" if state.status in ("open", "assigned") else state.status,
        )
    if kind in ("escalate", "recompute"):
        limits = round_limits(state, data["limits"])
        met = {name: when for name, when in state.met.items() if name in limits}
        return replace(state, category=data.get("category", state.category), limits=limits, met=met)
    if kind == "report":
        return replace(_meet(state, at, "feedback"), reported_at=at, status="reported")
    if kind in ("resolve", "file"):
        closed = _meet(state, at, *state.limits)
        if state.paused_since is not None:
            closed = replace(closed, paused_since=None, pauses=state.pauses + (Pause(state.paused_since, at),))
        # A case never answered separately is answered by its resolution: the response
        # milestone is met now, and that is when it was responded to.
        responded = state.responded_at or (at if "response" in state.limits else None)
        closed = replace(closed, responded_at=responded)
        # The top-level times describe round 1: the promise as first kept or broken.
        if kind == "resolve":
            return replace(closed, status="resolved", resolved_at=state.resolved_at or at)
        return replace(closed, status="filed", filed_at=state.filed_at or at)
    if kind == "rate":
        return replace(state, rating=data["rating"], rating_comment=event.text or None)
    if kind == "urge":
        return replace(state, urges=state.urges + 1)
    if kind == "pause":
        return replace(state, paused_since=at)
    if kind == "resume":
        return replace(state, paused_since=None, pauses=state.pauses + (Pause(state.paused_since, at),))
    if kind == "reopen" and state.status in SET_ASIDE:
        # Withdrawn or merged by mistake: the case takes up again where it was.
        return replace(state, status=state.set_aside_from or "open", set_aside_from=None, merged_into=None)
    if kind == "reopen":
        # The enterprise was not satisfied: a new round (重办). The department owes a
        # resolution again, on the same limit, counted from the reopening; the round that
        # ended keeps its milestones and verdicts as they were.
        status = "responded" if state.owner else ("assigned" if state.department else "open")
        return replace(start_round(state, at), status=status, rating=None, rating_comment=None)
    if kind == "withdraw":
        return replace(state, status="withdrawn", set_aside_from=state.status)
    if kind == "merge":
        return replace(state, status="merged", set_aside_from=state.status, merged_into=data["into"])
    if kind == "absorb":
        return replace(state, absorbed=state.absorbed + (data["case"],))
    if kind == "edit":
        changes = data.get("changes", {})
        received = changes.get("received_at")
        if received:
            state = replace(state, received_at=int(datetime.fromisoformat(received[1]).timestamp()))
        return replace(state, corrections=state.corrections + 1)
    if kind == "move":  # the department's record was renamed or merged: the case follows it
        return replace(state, department=event.department) if data.get("record") == "department" else state
    if kind in ("note", "pay"):
        return state
    raise ValueError(f"unknown event kind {kind!r}")


def start_round(state: CaseState, at: int, names: tuple[str, ...] = ("resolve",)) -> CaseState:
    """The next round of the case from ``at``: the milestones ``names`` again, on the limits in force.

    The milestones of the round that ends are kept in ``past`` as they stand, so a verdict
    once given never changes; the new round's clocks start at ``at``.
    """
    limits = {name: state.limits[name] for name in names if name in state.limits}
    return replace(
        state,
        past=state.past + tuple(milestone_clocks(state, rounds="current")),
        round=state.round + 1,
        limits=limits,
        starts=dict.fromkeys(limits, at),
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
        if name in state.limits and name not in met:
            met[name] = at
    return replace(state, met=met)


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
    current = [
        MilestoneClock(name, state.starts.get(name, state.received_at), *state.limits[name], state.met.get(name), state.round)
        for name in names
    ]
    return current if rounds == "current" else list(state.past) + current


def milestones(state: CaseState, calendar: WorkCalendar, order=MILESTONES) -> list[MilestoneDue]:
    """Every milestone of every round of the case with its deadline, pauses taken into account."""
    result = []
    for name, start, limit_text, clock, met_at, round_number in milestone_clocks(state, order):
        due: Due = due_with_pauses(calendar, start, Limit.parse(limit_text), clock, state.pauses, met_at)
        result.append(MilestoneDue(name, limit_text, clock, due.at, due.provisional, met_at, round_number))
    return result
