"""A holiday schedule as it reaches the officer: a CSV typed in a spreadsheet, or the State Council's notice.

The CSV is read whole, every bad line named, or refused. It is read as spreadsheets save it:
UTF-8 with or without BOM, GB18030 (Excel on a Chinese Windows), UTF-16 with its BOM (Excel's
and WPS's "Unicode text", tab-separated); with English or Chinese headers (date,kind,name or
日期,类型,名称), Chinese kinds (放假/休, 上班/班) and dates as 2027-01-01, 2027/1/1 or 2027年1月1日.

The notice is only read here (a file, or standard input for ``-``); zhitong.core.notice reads
what it says.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from zhitong.core import vocabulary
from zhitong.core.errors import InputError, Lines
from zhitong.core.normalize import normalize
from zhitong.edge.inputs import MAX_DAY_NAME, text_field

# Each column and the header words that name it.
HEADERS = {"date": ("date", "日期"), "kind": ("kind", "类型"), "name": ("name", "名称")}

_DAY = re.compile(r"^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?$")


def parse_kind(text: str) -> bool:
    """True for a working day: workday (上班, 班, 调休上班), False for a holiday (放假, 休, 假日)."""
    return vocabulary.parse("day kind", text) == "workday"


def parse_schedule_day(text: str) -> date:
    """A date as a spreadsheet shows it: 2027-01-01, 2027/1/1, 2027.1.1 or 2027年1月1日."""
    from zhitong.edge.when import parse_day

    # a workbook's date cell is a date-time at midnight
    match = _DAY.match(re.sub(r"\s+00:00(?::00)?$", "", normalize(text)))
    if not match:
        raise InputError("not a date: {value!r}", hint="use 2027-01-01, 2027/1/1 or 2027年1月1日", value=text)
    year, month, day = match.groups()
    return parse_day(f"{year}-{month}-{day}")


def read_schedule(path: Path, sheet: str | None = None) -> dict[date, tuple[bool, str | None]]:
    """Read a date,kind,name sheet (.xlsx or CSV, by ``sheets.read_sheet``); every bad line is reported, nothing is half-read."""
    from zhitong.edge.sheets import read_sheet

    cells, records = read_sheet(path, sheet)
    header = [normalize(cell).lower() for cell in cells[:3]]
    expected = [HEADERS["date"], HEADERS["kind"], HEADERS["name"]][: len(header)]
    if len(header) < 2 or not all(cell in words for cell, words in zip(header, expected)):
        raise InputError("{path}: the first line must be the header date,kind,name (or 日期,类型,名称)", path=str(path))
    days: dict[date, tuple[bool, str | None]] = {}
    problems = []
    for number, row in records:
        if not any(cell.strip() for cell in row):
            continue
        try:
            if len(row) < 2:
                raise InputError("expected date,kind,name")
            day = parse_schedule_day(row[0])
            if day in days:
                raise InputError("{day} appears twice", day=day.isoformat())
            days[day] = (parse_kind(row[1]), text_field(row[2], "name", limit=MAX_DAY_NAME) if len(row) > 2 else None)
        except InputError as error:
            problems.append(InputError("line {line}: {reason}", line=number, reason=error))
    if problems:
        raise InputError("{path} has bad lines, nothing was imported:\n{lines}", path=str(path), lines=Lines(problems))
    if not days:
        raise InputError("{path} holds no days", path=str(path))
    return days


def read_notice(source: str) -> str:
    """The notice's text: from the file named, or from standard input when ``source`` is ``-``."""
    if source == "-":
        import sys

        return sys.stdin.read()
    return _read_text(Path(source), hint="save the notice as UTF-8 text")


def _read_text(path: Path, *, hint: str) -> str:
    from zhitong.edge.sheets import sniff_encoding

    path = path.expanduser()
    try:  # an OSError (no such file, …) is told by the command line's one handler
        return path.read_text(encoding=sniff_encoding(path))
    except (UnicodeDecodeError, InputError):
        raise InputError("{path} is neither UTF-8, GB18030 nor UTF-16 text", hint=hint, path=str(path)) from None
