"""A case that arrives already worked on: the events its commands would have recorded.

An imported row may say who answered, how and by when (owner, plan, eta, responded_at), a
consult's on-the-spot answer, when it was resolved (and how: resolve_note) or filed, and the
enterprise's rating. Each becomes the event `respond`, `resolve`, `file` or `rate` would have
appended, in order; the store replays them through ``core.lifecycle`` like any other history, so
every verdict is judged against the case's own deadlines. Pure: no I/O.
"""

from __future__ import annotations

from typing import NamedTuple

from zhitong.core import lifecycle
from zhitong.core.errors import Choices, InputError, ZhitongError

# The columns of an import that carry a case's history, in the order the commands record it.
HISTORY_FIELDS = ("owner", "plan", "eta", "responded_at", "answer", "resolved_at", "resolve_note", "filed_at", "rating", "rating_comment")
_ANSWER = ("owner", "plan", "eta", "responded_at")


class Worked(NamedTuple):
    """What a row says was done; times in epoch seconds, the promise as stored (ISO 8601)."""

    owner: str | None = None
    plan: str | None = None
    eta: str | None = None
    responded: int | None = None
    answer: str | None = None
    resolved: int | None = None
    note: str | None = None
    filed: int | None = None
    rating: int | None = None
    comment: str | None = None


def history_events(received: int, category: str, department: str | None, worked: Worked, actor: str) -> list[lifecycle.Event]:
    """The events after intake (and assignment) that ``worked`` records, checked as the commands check them.

    InputError when the row is incomplete or out of order (an answer names who, how and by
    when; nothing happens before intake or before what it follows); the lifecycle's refusal
    when an action is not allowed (a rating of an open case, a filed consult).
    """
    given = {"owner": worked.owner, "plan": worked.plan, "eta": worked.eta, "responded_at": worked.responded}
    if any(value is not None for value in given.values()):
        missing = [name for name in _ANSWER if given[name] is None]
        if missing:
            raise InputError("an answer says who, how, by when and when it was given: the line lacks {names}", names=Choices(missing))
    if worked.answer is not None and category != "consult":
        raise InputError("answer is a consult's on-the-spot answer; this case is {category}", category=category)
    events: list[lifecycle.Event] = []
    if worked.responded is not None:
        events.append(
            lifecycle.Event(
                worked.responded,
                "respond",
                actor,
                department,
                worked.plan or "",
                {"owner": worked.owner, "plan": worked.plan, "eta": worked.eta},
            )
        )
    closed = None
    if worked.answer is not None or worked.resolved is not None:
        closed = worked.resolved if worked.resolved is not None else received
        text = worked.answer if worked.answer is not None else (worked.note or "")
        events.append(lifecycle.Event(closed, "resolve", actor, department, text, {}))
    if worked.filed is not None:
        closed = worked.filed
        events.append(lifecycle.Event(worked.filed, "file", actor, department, worked.note or "", {}))
    if worked.rating is not None:
        events.append(
            lifecycle.Event(
                closed if closed is not None else received, "rate", actor, department, worked.comment or "", {"rating": worked.rating}
            )
        )
    elif worked.comment is not None:
        raise InputError("rating_comment goes with a rating")
    _check(received, category, department, events, worked)
    return events


_TIMES = {"respond": "responded_at", "resolve": "resolved_at", "file": "filed_at"}


def _check(received: int, category: str, department: str | None, events: list[lifecycle.Event], worked: Worked) -> None:
    """Refuse what the commands would refuse: an action before intake or before the one it follows, one not allowed."""
    state = lifecycle.apply(None, lifecycle.Event(received, "intake", "", None, "", {"category": category, "limits": {}}))
    if department is not None:
        state = lifecycle.apply(state, lifecycle.Event(received, "assign", "", department, "", {}))
    last, last_name = received, "received_at"
    for event in events:
        name = _TIMES.get(event.kind, last_name)
        if event.at < last:
            raise InputError("{field} is before {earlier}", field=name, earlier=last_name)
        try:
            lifecycle.check(state, event)
        except ZhitongError as error:
            raise InputError("{field}: {reason}", field=name if event.kind != "rate" else "rating", reason=error) from None
        state = lifecycle.apply(state, event)
        last, last_name = event.at, name
