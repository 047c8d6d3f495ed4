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
from zhitong.core.vocabulary import CLOSED, MILESTONES
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

    @property
    def closed(self) -> bool:
        return self.status in CLOSED


@dataclass(frozen=True, slots=True)
class MilestoneDue:
    name: str
    limit: str
    clock: str
    due: int
    provisional: bool
    met_at: int | None


def check(state: CaseState, event: Event) -> None:
    """Refuse, with the reason, an action the case's state does not allow."""
    kind, data, at = event.kind, event.data, event.at
    if kind in ("note", "pay"):
        # a disbursement may follow the item's closing: the money comes when it comes
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
        limits = dict(data["limits"])
        met = {name: when for name, when in state.met.items() if name in limits}
        return replace(state, category=data.get("category", state.category), limits=limits, met=met)
    if kind == "report":
        return replace(_meet(state, at, "feedback"), reported_at=at, status="reported")
    if kind in ("resolve", "file"):
        closed = _meet(state, at, *state.limits)
        if state.paused_since is not None:
            closed = replace(closed, paused_since=None, pauses=state.pauses + (Pause(state.paused_since, at),))
        if kind == "resolve":
            return replace(closed, status="resolved", resolved_at=at)
        return replace(closed, status="filed", filed_at=at)
    if kind == "rate":
        return replace(state, rating=data["rating"], rating_comment=event.text or None)
    if kind == "urge":
        return replace(state, urges=state.urges + 1)
    if kind == "pause":
        return replace(state, paused_since=at)
    if kind == "resume":
        return replace(state, paused_since=None, pauses=state.pauses + (Pause(state.paused_since, at),))
    if kind == "reopen":
        # The enterprise was not satisfied: the department owes a resolution again, on the
        # same limit, counted from the reopening.
        met = {name: when for name, when in state.met.items() if name != "resolve"}
        status = "responded" if state.owner else ("assigned" if state.department else "open")
        return replace(
            state,
            met=met,
            starts={**state.starts, "resolve": at},
            status=status,
            resolved_at=None,
            filed_at=None,
            rating=None,
            rating_comment=None,
        )
    if kind in ("note", "pay"):
        return state
    raise ValueError(f"unknown event kind {kind!r}")


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


def milestone_clocks(state: CaseState, order=MILESTONES) -> list[MilestoneClock]:
    """Every milestone of the case, in order, with what its deadline is worked out from."""
    names = [name for name in order if name in state.limits] + [n for n in state.limits if n not in order]
    return [MilestoneClock(name, state.starts.get(name, state.received_at), *state.limits[name], state.met.get(name)) for name in names]


def milestones(state: CaseState, calendar: WorkCalendar, order=MILESTONES) -> list[MilestoneDue]:
    """Every milestone of the case with its deadline, pauses taken into account."""
    result = []
    for name, start, limit_text, clock, met_at in milestone_clocks(state, order):
        due: Due = due_with_pauses(calendar, start, Limit.parse(limit_text), clock, state.pauses, met_at)
        result.append(MilestoneDue(name, limit_text, clock, due.at, due.provisional, met_at))
    return result
