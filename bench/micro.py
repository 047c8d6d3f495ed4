"""Table rendering per row: zhitong's renderer against Rich's Table, on the overdue view's
columns with Chinese enterprise and department names (CJK is two cells a character).

    python bench/micro.py [--rows 10000] [--json]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import _CORES, _FORMS, _PLACES, DEPARTMENTS

HEADERS = ["编号", "企业", "部门", "时限", "截止", "逾期", "督办"]


def rows(n: int, seed: int = 6) -> list[list[str]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        out.append(
            [
                f"ZT-2026-{i + 1:04d}",
                rng.choice(_PLACES) + rng.choice(_CORES) + rng.choice(_FORMS),
                rng.choice(DEPARTMENTS)[0],
                rng.choice(["答复", "反馈", "办结"]),
                f"2026-11-{rng.randrange(1, 25):02d} {rng.randrange(24):02d}:00",
                f"{rng.randrange(1, 30)}d {rng.randrange(24)}h",
                str(rng.randrange(0, 4) or ""),
            ]
        )
    return out


def zhitong_table(data) -> str:
    from zhitong.text.render import Column, table

    columns = [
        Column(HEADERS[0]),
        Column(HEADERS[1], flexible=True, minimum=8),
        Column(HEADERS[2], flexible=True, minimum=6),
        Column(HEADERS[3]),
        Column(HEADERS[4]),
        Column(HEADERS[5], align="right"),
        Column(HEADERS[6], align="right"),
    ]
    return table(columns, data, max_width=120)


def rich_table(data) -> str:
    from rich.console import Console
    from rich.table import Table

    t = Table(box=None)
    for header in HEADERS:
        t.add_column(header)
    for row in data:
        t.add_row(*row)
    buffer = io.StringIO()
    Console(file=buffer, width=120, color_system=None).print(t)
    return buffer.getvalue()


def per_row_ms(function, data, repeat: int = 3) -> float:
    """Best of ``repeat`` cold calls (width caches cleared: every command starts cold)."""
    from zhitong.text import render

    best = float("inf")
    for _ in range(repeat):
        for cached in vars(render).values():
            if hasattr(cached, "cache_clear"):
                cached.cache_clear()
        t0 = time.perf_counter()
        function(data)
        best = min(best, time.perf_counter() - t0)
    return best / len(data) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    data = rows(args.rows)
    result = {
        "rows": args.rows,
        "zhitong_ms_per_row": per_row_ms(zhitong_table, data),
        "rich_rows": min(args.rows, 2000),
        "rich_ms_per_row": per_row_ms(rich_table, data[:2000], repeat=1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"zhitong render.table: {result['zhitong_ms_per_row']:.4f} ms/row ({args.rows:,} rows); "
            f"Rich Table: {result['rich_ms_per_row']:.4f} ms/row ({result['rich_rows']:,} rows)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
