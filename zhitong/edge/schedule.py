"""A holiday schedule typed as CSV (date,kind,name): read whole, every bad line named, or refused."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from zhitong.core import vocabulary
from zhitong.core.errors import InputError, Lines


def parse_kind(text: str) -> bool:
    """True for a working day: workday (上班, 班, 调休上班), False for a holiday (放假, 休, 假日)."""
    return vocabulary.parse("day kind", text) == "workday"


def read_schedule(path: Path) -> dict[date, tuple[bool, str | None]]:
    """Read a date,kind,name CSV; every bad line is reported, nothing is half-read."""
    from zhitong.edge.when import parse_day

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("{path} is not UTF-8 text", hint="save the CSV as UTF-8", path=str(path)) from None
    rows = list(csv.reader(text.splitlines()))
    if not rows or [cell.strip().lower() for cell in rows[0][:3]] != ["date", "kind", "name"][: len(rows[0][:3])] or len(rows[0]) < 2:
        raise InputError("{path}: the first line must be the header date,kind,name", path=str(path))
    days: dict[date, tuple[bool, str | None]] = {}
    problems = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            if len(row) < 2:
                raise InputError("expected date,kind,name")
            day = parse_day(row[0])
            if day in days:
                raise InputError("{day} appears twice", day=day.isoformat())
            days[day] = (parse_kind(row[1]), row[2].strip() if len(row) > 2 and row[2].strip() else None)
        except InputError as error:
            problems.append(InputError("line {line}: {reason}", line=number, reason=error))
    if problems:
        raise InputError("{path} has bad lines, nothing was imported:\n{lines}", path=str(path), lines=Lines(problems))
    if not days:
        raise InputError("{path} holds no days", path=str(path))
    return days
