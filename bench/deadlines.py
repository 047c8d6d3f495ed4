"""Deadlines per second: zhitong's index method (WorkCalendar.due) against a day-by-day loop
over ``chinese_calendar.is_workday``, for hour limits (24h, 48h) and day limits (5d), on one
core, in one run. Both methods are checked to agree (outside the days zhitong corrects).

    python bench/deadlines.py [--n 200000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from zhitong.core.calendar_data import CORRECTIONS, work_calendar
from zhitong.core.instants import ZONE
from zhitong.sla import Limit

DAY = 86400


def loop_due(start: int, limit: Limit, is_workday) -> int:
    """The naive way: walk the calendar a day at a time, asking the package about each day."""
    moment = datetime.fromtimestamp(start, ZONE)
    day = moment.date()
    midnight = datetime(day.year, day.month, day.day, tzinfo=ZONE)
    if limit.unit == "d":
        left = limit.amount
        while left:
            day += timedelta(days=1)
            if is_workday(day):
                left -= 1
        end = day + timedelta(days=1)
        return int(datetime(end.year, end.month, end.day, tzinfo=ZONE).timestamp())
    remaining = limit.amount * 3600
    offset = int((moment - midnight).total_seconds())
    while True:
        if is_workday(day):
            available = DAY - offset
            if remaining <= available:
                return int(midnight.timestamp()) + offset + remaining
            remaining -= available
        day += timedelta(days=1)
        midnight += timedelta(days=1)
        offset = 0


def starts(n: int, seed: int = 6) -> list[int]:
    rng = random.Random(seed)
    lo = int(datetime(2005, 1, 1, tzinfo=ZONE).timestamp())
    hi = int(datetime(2025, 12, 1, tzinfo=ZONE).timestamp())
    return [rng.randrange(lo, hi) for _ in range(n)]


def rate(function, items) -> float:
    """Items per second, the best of five passes: the machine is shared, and a pass that another
    process slowed down says nothing about the method."""
    best = 0.0
    for _ in range(5):
        t0 = time.perf_counter()
        function(items)
        best = max(best, len(items) / (time.perf_counter() - t0))
    return best


def measure(n: int = 200_000, loop_n: int | None = None) -> dict:
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass
    from chinese_calendar import is_workday

    calendar = work_calendar()
    loop_n = loop_n or max(n // 20, 2000)
    sample = starts(n)

    result = {"n_index": n, "n_loop": loop_n}
    corrected = {day for day in CORRECTIONS}
    for label, limits in (("hours", [Limit(24, "h"), Limit(48, "h")]), ("days", [Limit(5, "d")])):
        pairs = [(s, limits[i % len(limits)]) for i, s in enumerate(sample)]
        loop_pairs = pairs[:loop_n]
        due = calendar.due
        index_rate = rate(lambda items, due=due: [due(s, limit) for s, limit in items], pairs)
        loop_rate = rate(lambda items: [loop_due(s, limit, is_workday) for s, limit in items], loop_pairs)
        mismatches = 0
        for s, limit in loop_pairs:
            ours, theirs = due(s, limit).at, loop_due(s, limit, is_workday)
            if ours != theirs:
                span = {
                    date.fromordinal(o)
                    for o in range(date.fromtimestamp(s).toordinal(), date.fromtimestamp(max(ours, theirs)).toordinal() + 2)
                }
                if not span & corrected:
                    mismatches += 1
        result[label] = {"index_per_s": index_rate, "loop_per_s": loop_rate, "ratio": index_rate / loop_rate, "mismatches": mismatches}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.n)
    if args.json:
        print(json.dumps(result))
        return 0
    for label in ("hours", "days"):
        r = result[label]
        print(
            f"{label:5}  index {r['index_per_s']:>12,.0f}/s   loop {r['loop_per_s']:>10,.0f}/s   ×{r['ratio']:.0f}   mismatches {r['mismatches']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
