"""The store builds its records by position (``_make``, for speed): every column lands in its field."""

from __future__ import annotations

from datetime import datetime

from zhitong.core.models import Case, EventRecord, Milestone
from zhitong.store import _CASE_COLUMNS, Store


def test_every_case_column_lands_in_the_field_of_its_name():
    columns = [column.strip() for column in _CASE_COLUMNS.split(",")]
    # a distinct value for each column: its own name, an instant for the instants, a number for the counts
    instants = {"c.received_at", "c.responded_at", "c.reported_at", "c.resolved_at", "c.filed_at", "c.eta", "c.paused_since"}
    row = [f"2026-11-{1 + i:02d}T09:00:00+08:00" if column in instants else column for i, column in enumerate(columns)]
    milestones = (Milestone("resolve", "5d", "workdays", datetime.fromisoformat("2026-12-01T09:00:00+08:00"), None, False, 1),)
    events = (EventRecord(datetime.fromisoformat("2026-11-10T09:00:00+08:00"), "intake", "officer", None, ""),)
    case = Store._case(row, list(milestones), events)
    value = dict(zip(columns, row))
    at = datetime.fromisoformat
    assert case == Case(
        ref=value["c.ref"],
        enterprise=value["e.name"],
        credit_code=value["e.credit_code"],
        title=value["c.title"],
        detail=value["c.detail"],
        category=value["c.category"],
        channel=value["c.channel"],
        department=value["d.name"],
        status=value["c.status"],
        received_at=at(value["c.received_at"]),
        responded_at=at(value["c.responded_at"]),
        reported_at=at(value["c.reported_at"]),
        resolved_at=at(value["c.resolved_at"]),
        filed_at=at(value["c.filed_at"]),
        owner=value["c.owner"],
        plan=value["c.plan"],
        eta=at(value["c.eta"]),
        rating=value["c.rating"],
        rating_comment=value["c.rating_comment"],
        urges=value["c.urges"],
        transfers=value["c.transfers"],
        paused_since=at(value["c.paused_since"]),
        milestones=milestones,
        events=events,
        reopens=value["c.reopens"],
        corrections=value["c.corrections"],
        merged_into=value["c.merged_into"],
        merged_cases=(),
        returns=value["c.returns"],
        redos=value["c.redos"],
        extensions=value["c.extensions"],
    )
