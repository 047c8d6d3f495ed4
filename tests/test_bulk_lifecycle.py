"""The bulk import builds cases directly, for speed; the result must be what the commands make.

For random rows (every category and channel, intake on holidays, make-up days, nights and
beyond the calendar's data, with or without a department) the imported case and the same
case logged with `zhitong new` agree on everything the lifecycle decides: status, milestones,
deadlines, provisional flags, and `zhitong check` replays the imported history to the same
projection.
"""

from __future__ import annotations

import csv
import uuid
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhitong.core.instants import ZONE
from zhitong.core.vocabulary import CATEGORIES, CHANNELS

NOW = "2026-12-31T20:00:00+08:00"
FIRST = datetime(2025, 9, 26, tzinfo=ZONE)  # before the 2025 National Day holiday
SPAN_MINUTES = int((datetime(2026, 12, 31, 20, 0, tzinfo=ZONE) - FIRST).total_seconds() // 60)

rows = st.lists(
    st.tuples(
        st.sampled_from(CATEGORIES),
        st.sampled_from(CHANNELS),
        st.sampled_from([None, "经济发展局", "工管委"]),
        # minutes since FIRST, dense near holidays and the end of the data (a case near New
        # Year 2027 has deadlines beyond it: provisional)
        st.one_of(
            st.integers(0, SPAN_MINUTES),
            st.integers(0, 14 * 1440),
            st.integers(SPAN_MINUTES - 6 * 1440, SPAN_MINUTES),
        ),
    ),
    min_size=1,
    max_size=5,
)

DECIDED = ("status", "category", "channel", "department", "received_at", "response_due", "feedback_due", "resolve_due", "provisional")


def _decided(case: dict) -> dict:
    shown = {key: case.get(key) for key in DECIDED}
    shown["milestones"] = case["milestones"]
    return shown


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows)
def test_imported_cases_are_what_new_makes(zt, tmp_path, rows):
    run = tmp_path / uuid.uuid4().hex
    run.mkdir()
    imported, logged = str(run / "imported.db"), str(run / "logged.db")
    for db in (imported, logged):
        zt("--db", db, "dept", "add", "经济发展局", now=NOW)
        zt("--db", db, "dept", "add", "工管委", now=NOW)
        zt("--db", db, "ent", "add", "新奥集团", now=NOW)
    sheet = run / "cases.csv"
    with open(sheet, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["enterprise", "title", "category", "channel", "department", "received_at"])
        for number, (category, channel, department, minutes) in enumerate(rows):
            received = (FIRST + timedelta(minutes=minutes)).isoformat(timespec="minutes")
            writer.writerow(["新奥集团", f"问题{number}", category, channel, department or "", received])
    zt("--db", imported, "import", str(sheet), now=NOW)
    # `new` numbers cases as they come; the import numbers them in order of intake
    order = sorted(range(len(rows)), key=lambda n: (rows[n][3], n))
    for number in order:
        category, channel, department, minutes = rows[number]
        received = (FIRST + timedelta(minutes=minutes)).isoformat(timespec="minutes")
        args = ["--db", logged, "new", "新奥集团", f"问题{number}", "--category", category, "--channel", channel, "--at", received]
        zt(*args, *(["--dept", department] if department else []), now=NOW)
    for db in (imported, logged):
        zt("--db", db, "check", now=NOW)
    got = {case["title"]: case for case in zt.json("--db", imported, "list", now=NOW)}
    want = {case["title"]: case for case in zt.json("--db", logged, "list", now=NOW)}
    assert got.keys() == want.keys()
    for title, case in want.items():
        imported_case = zt.json("--db", imported, "show", got[title]["ref"], now=NOW)
        logged_case = zt.json("--db", logged, "show", case["ref"], now=NOW)
        assert _decided(imported_case) == _decided(logged_case), title
        assert [e["kind"] for e in imported_case["events"]] == [e["kind"] for e in logged_case["events"]]
