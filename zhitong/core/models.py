"""What the store hands out: frozen records with aware datetimes, never raw rows.

Named tuples rather than frozen dataclasses: as immutable, but a thousand cases are built
three times faster, and each class costs a tenth as much to define at every start. The
annotations are real types, not strings: NamedTuple compiles every string annotation, one
compile a field, at each start.
"""

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import NamedTuple

from zhitong.core.instants import iso
from zhitong.core.verdicts import kept, state

NO_DATA: Mapping = MappingProxyType({})


class Department(NamedTuple):
    id: int
    name: str
    head: str | None = None
    phone: str | None = None

    def to_json(self) -> dict:
        return {"name": self.name, "head": self.head, "phone": self.phone}


class Enterprise(NamedTuple):
    id: int
    name: str
    credit_code: str | None = None
    group: str = "service"
    key: bool = False
    contact: str | None = None
    phone: str | None = None
    officer: str | None = None
    leader: str | None = None  # the zone leader paired with it (领导包联)

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "credit_code": self.credit_code,
            "group": self.group,
            "key": self.key,
            "contact": self.contact,
            "phone": self.phone,
            "officer": self.officer,
            "leader": self.leader,
        }


class Milestone(NamedTuple):
    name: str
    limit: str
    clock: str
    due: datetime
    met_at: datetime | None
    provisional: bool
    round: int = 1  # 1 for the original; each reopen starts the next (重办)

    def state(self, now: datetime, paused_since: datetime | None = None) -> str:
        """met, late, pending or provisional (``verdicts.state``)."""
        return state(self.due, self.met_at, self.provisional, now, paused_since)

    def to_json(self, now: datetime, paused_since: datetime | None = None) -> dict:
        return {
            "name": self.name,
            "limit": self.limit,
            "clock": self.clock,
            "due": iso(self.due),
            "met_at": iso(self.met_at),
            "met": None if self.met_at is None else kept(self.due, self.met_at, now, paused_since),
            "provisional": self.provisional,
            "state": self.state(now, paused_since),
            "round": self.round,
        }


class EventRecord(NamedTuple):
    """One entry of a case's history; ``data`` is what the action recorded beyond its text
    (escalate: category and limits; respond: owner, plan, eta; rate: rating; recompute: limits)."""

    at: datetime
    kind: str
    actor: str
    department: str | None
    text: str
    data: Mapping = NO_DATA

    def __hash__(self) -> int:
        return hash(self[:5])  # a dict cannot be hashed; the rest identifies the event

    def to_json(self) -> dict:
        return {
            "at": iso(self.at),
            "kind": self.kind,
            "actor": self.actor,
            "department": self.department,
            "text": self.text,
            "data": dict(self.data),
        }


class Case(NamedTuple):
    ref: str
    enterprise: str
    credit_code: str | None
    title: str
    detail: str | None
    category: str
    channel: str
    department: str | None
    status: str
    received_at: datetime
    responded_at: datetime | None
    reported_at: datetime | None
    resolved_at: datetime | None
    filed_at: datetime | None
    owner: str | None
    plan: str | None
    eta: datetime | None
    rating: int | None
    rating_comment: str | None
    urges: int
    transfers: int
    paused_since: datetime | None
    milestones: tuple[Milestone, ...] = ()  # every round's, round by round
    events: tuple[EventRecord, ...] = ()
    reopens: int = 0
    corrections: int = 0
    merged_into: str | None = None
    merged_cases: tuple[str, ...] = ()  # the cases merged into this one
    returns: int = 0  # times a department gave it back (回退)
    redos: int = 0  # times it was reopened (重办)
    extensions: int = 0  # extensions approved (延期)

    def milestone(self, name: str) -> Milestone | None:
        """The milestone of round 1 by that name: the promise as first made."""
        return next((m for m in self.milestones if m.name == name and m.round == 1), None)

    @property
    def open_round(self) -> int:
        return self.reopens + 1

    @property
    def resolution_due(self) -> datetime | None:
        """The resolution deadline of the round now running (办结时限), as the SLA sets it."""
        dues = [m.due for m in self.milestones if m.name == "resolve"]
        return dues[-1] if dues else None

    def due(self, name: str) -> datetime | None:
        milestone = self.milestone(name)
        return milestone.due if milestone else None

    @property
    def provisional(self) -> bool:
        return any(m.provisional and m.met_at is None for m in self.milestones)

    @property
    def paused(self) -> bool:
        return self.paused_since is not None

    def to_json(self, now: datetime) -> dict:
        return {
            "ref": self.ref,
            "enterprise": self.enterprise,
            "credit_code": self.credit_code,
            "title": self.title,
            "detail": self.detail,
            "category": self.category,
            "channel": self.channel,
            "department": self.department,
            "status": self.status,
            "received_at": iso(self.received_at),
            "response_due": iso(self.due("response")),
            "feedback_due": iso(self.due("feedback")),
            "resolve_due": iso(self.due("resolve")),
            "responded_at": iso(self.responded_at),
            "reported_at": iso(self.reported_at),
            "resolved_at": iso(self.resolved_at),
            "filed_at": iso(self.filed_at),
            "owner": self.owner,
            "plan": self.plan,
            "eta": iso(self.eta),
            "rating": self.rating,
            "rating_comment": self.rating_comment,
            "urges": self.urges,
            "transfers": self.transfers,
            "sign_due": iso(self.due("sign")),
            "callback_due": iso(self.due("callback")),
            "returns": self.returns,
            "redos": self.redos,
            "extensions": self.extensions,
            "provisional": self.provisional,
            "paused": self.paused,
            "paused_since": iso(self.paused_since),
            "milestones": [m.to_json(now, self.paused_since) for m in self.milestones],
            "reopens": self.reopens,
            "corrections": self.corrections,
            "merged_into": self.merged_into,
            "merged_cases": list(self.merged_cases),
            "events": [event.to_json() for event in self.events],
        }


def changed_fields(current: dict, wanted: dict) -> dict:
    """Of the fields asked for, those whose value differs from the record's now: field → new value."""
    return {field: value for field, value in wanted.items() if current.get(field) != value}
