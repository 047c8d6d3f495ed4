"""Instants at the edge: parse what the officer types, format what we store.

Everything inside zhitong is an aware datetime in the zone's time (Asia/Shanghai, +08:00, no
daylight saving since 1991) or, in the deadline engine, whole epoch seconds.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta, timezone

from zhitong.core.errors import InputError
from zhitong.core.instants import DAY, EARLIEST, LATEST, ZONE
from zhitong.core.normalize import normalize

_RELATIVE = re.compile(r"^([+-])\s*(\d+)\s*(m|min|h|d|分钟|小时|天)$")
_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?"
# 9:30, 9点, 9点30, 9点30分, 9时30分, 下午4点 — the clock as Chinese is typed
_CN_TIME = r"(上午|早上|下午|晚上)?\s*(\d{1,2})(?::(\d{2})(?::(\d{2}))?|[点时](?:(\d{1,2})分?)?)"
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]" + _TIME + r")?\s*(Z|[+-]\d{2}:?\d{2})?$", re.IGNORECASE)
_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})(?:\s+" + _TIME + r")?$")
_NAMED_DAY = re.compile(r"^(today|yesterday|tomorrow|now|今天|昨天|前天|明天|后天|现在)(?:\s*" + _TIME + r")?$")
_NAMED_OFFSET = {"today": 0, "今天": 0, "yesterday": -1, "昨天": -1, "前天": -2, "tomorrow": 1, "明天": 1, "后天": 2}
# 2026年11月24日 9:30, 11月24日 14点 — the year is optional, the day's 日/号 too
_CHINESE_DATE = re.compile(r"^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]?(?:\s*" + _CN_TIME + r")?$")
_NAMED_CN_TIME = re.compile(r"^(今天|昨天|前天|明天|后天)\s*" + _CN_TIME + r"$")
# 2026/11/24 and 2026.11.24 name the year first and cannot be misread; 11/24 or 03/04/2026 can
_YEAR_FIRST = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:\s+" + _TIME + r")?$")
_SLASHED = re.compile(r"^\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?(?:\s.*)?$")

FORMATS_HELP = (
    "2026-11-24T09:30, 2026-11-24 09:30, 11-24 9:30, 11月24日 9:30, today 14:00, 今天 14:00, yesterday, 昨天 16:00, -2h, -30m, now"
)


def now() -> datetime:
    """The current instant, or the frozen one in ZHITONG_NOW (tests and demos)."""
    frozen = os.environ.get("ZHITONG_NOW")
    if frozen:
        try:
            return parse_iso(frozen)
        except InputError:
            raise InputError("ZHITONG_NOW={value!r} is not an ISO date-time", hint="use e.g. 2026-11-24T09:30", value=frozen) from None
    return datetime.now(ZONE).replace(microsecond=0)


def parse_iso(text: str) -> datetime:
    """Parse an ISO 8601 date or date-time; no offset means the zone's time."""
    match = _ISO.match(normalize(text))
    if not match:
        raise InputError("not an ISO date-time: {value!r}", hint="use e.g. 2026-11-24T09:30", value=text)
    year, month, day, hour, minute, second, offset = match.groups()
    moment = _build(text, int(year), int(month), int(day), hour, minute, second)
    if offset:
        if offset.upper() == "Z":
            tz = UTC
        else:
            sign = -1 if offset[0] == "-" else 1
            digits = offset[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:])
            if hours > 14 or minutes > 59:  # real offsets run from -12:00 to +14:00
                raise InputError("not an ISO date-time: {value!r}", hint="use e.g. 2026-11-24T09:30", value=text)
            tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
        moment = moment.replace(tzinfo=tz).astimezone(ZONE)
    return moment


def parse_when(text: str, *, reference: datetime, past: bool = False) -> datetime:
    """Parse an instant as the officer types it, relative to `reference` (usually now).

    Accepts ISO (an offset is honoured, otherwise the zone's time), month-day in the
    reference's year, Chinese dates (11月24日 14点), today/yesterday (Chinese too), and offsets
    such as -2h. Anything else is refused, and so is any date that could be read two ways
    (11/24, 03/04/2026): zhitong never guesses.

    ``past``: the instant is when something happened (``--at``). A month-day without a year
    (12-30, 12月30日) that would lie ahead is then last year's when that is the nearer of the
    two: 12-30 typed on 2 January is three days ago, not next December. A date only a little
    ahead (11-26 typed on 11-25) stays this year's, so that a slip is refused as in the
    future rather than quietly filed a year back.
    """
    cleaned = normalize(text).lower().replace("点半", "点30")
    if not cleaned:
        raise InputError("empty date-time", hint="use one of: {formats}", formats=FORMATS_HELP)
    if match := _RELATIVE.match(cleaned):
        sign, amount, unit = match.groups()
        seconds = int(amount) * {"m": 60, "min": 60, "分钟": 60, "h": 3600, "小时": 3600}.get(unit, DAY)
        return reference + timedelta(seconds=seconds if sign == "+" else -seconds)
    if match := _NAMED_DAY.match(cleaned):
        word, hour, minute, second = match.groups()
        if word in ("now", "现在"):
            if hour is not None:
                raise InputError("{value!r}: 'now' takes no time of day", value=text)
            return reference
        day = reference.date() + timedelta(days=_NAMED_OFFSET[word])
        return _build(text, day.year, day.month, day.day, hour, minute, second)
    if match := _NAMED_CN_TIME.match(cleaned):
        word, *clock = match.groups()
        day = reference.date() + timedelta(days=_NAMED_OFFSET[word])
        return _build(text, day.year, day.month, day.day, *_cn_clock(text, *clock))
    if match := _MONTH_DAY.match(cleaned):
        month, day, hour, minute, second = match.groups()
        return _build(text, _year_of(reference, int(month), int(day), past), int(month), int(day), hour, minute, second)
    if match := _CHINESE_DATE.match(cleaned):
        year, month, day, *clock = match.groups()
        year = int(year) if year else _year_of(reference, int(month), int(day), past)
        return _build(text, year, int(month), int(day), *_cn_clock(text, *clock))
    if match := _YEAR_FIRST.match(cleaned):
        year, month, day, hour, minute, second = match.groups()
        return _build(text, int(year), int(month), int(day), hour, minute, second)
    if _SLASHED.match(cleaned):
        raise InputError("{value!r} could be read two ways", hint="write the year first: YYYY-MM-DD, e.g. 2026-11-24", value=text)
    if _ISO.match(cleaned):
        return parse_iso(text)  # as typed: a refusal quotes the officer's text, not our folding of it
    raise InputError("cannot read the date-time {value!r}", hint="use one of: {formats}", value=text, formats=FORMATS_HELP)


def _year_of(reference: datetime, month: int, day: int, past: bool) -> int:
    """The year of a month-day typed without one: the reference's, or for ``past`` the one before
    when the date would otherwise lie ahead and last year's is nearer."""
    if not past:
        return reference.year
    today = reference.date()
    try:
        ahead = (date(reference.year, month, day) - today).days
        behind = (today - date(reference.year - 1, month, day)).days
    except ValueError:
        return reference.year  # no such day (this year or last): _build says which
    return reference.year - 1 if ahead > 0 and behind < ahead else reference.year


def _cn_clock(text, period, hour, minute, second, cn_minute):
    """The clock of 9:30, 9点30分 or 下午4点 as (hour, minute, second); None when not given.

    下午/晚上 add twelve hours to 1–11; 晚上12点 (which midnight?) and 上午15点 are refused.
    """
    minute = minute if minute is not None else cn_minute
    if period and hour is not None:
        value = int(hour)
        if period in ("下午", "晚上") and 1 <= value <= 11:
            hour = str(value + 12)
        elif (period in ("上午", "早上") and value > 12) or (period == "晚上" and value == 12) or (period == "下午" and value == 0):
            raise InputError("{value!r} could be read two ways", hint="use the 24-hour clock, e.g. 今天 23:59 or 明天 0:00", value=text)
    return hour, minute, second


def parse_day(text: str) -> date:
    """Parse a calendar day (YYYY-MM-DD)."""
    match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", normalize(text))
    if not match:
        raise InputError("not a date: {value!r}", hint="use YYYY-MM-DD, e.g. 2027-01-01", value=text)
    return _build(text, *map(int, match.groups()), None, None, None).date()


def period(since: str | None, until: str | None, *, reference: datetime) -> tuple[datetime | None, datetime | None]:
    """--since/--until as a half-open interval of instants; a bare day as --until includes all of it."""
    start = parse_when(since, reference=reference) if since else None
    end = parse_when(until, reference=reference) if until else None
    if end is not None and (end.hour, end.minute, end.second) == (0, 0, 0):
        end += timedelta(days=1)
    if start and end and end <= start:
        raise InputError("--until is before --since")
    return start, end


def parse_month(text: str) -> tuple[datetime, datetime]:
    """Parse YYYY-MM into the half-open interval [first day 00:00, next month's first 00:00)."""
    match = re.match(r"^(\d{4})-(\d{1,2})$", normalize(text))
    if not match:
        raise InputError("not a month: {value!r}", hint="use YYYY-MM, e.g. 2026-11", value=text)
    year, month = map(int, match.groups())
    start = _build(text, year, month, 1, None, None, None)
    end = _build(text, year + month // 12, month % 12 + 1, 1, None, None, None)
    return start, end


def _build(text, year, month, day, hour, minute, second) -> datetime:
    """The instant, or the reason in the officer's language why there is none (never Python's)."""
    hour, minute, second = int(hour or 0), int(minute or 0), int(second or 0)
    if not EARLIEST.year <= year <= LATEST.year:
        raise InputError("{value!r} is outside 2000–2099, the years zhitong keeps", value=text)
    if not 1 <= month <= 12:
        raise InputError("impossible date {value!r}: there is no month {month}", hint="months run from 1 to 12", value=text, month=month)
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day  # the month's last day
    if not 1 <= day <= last:
        raise InputError(
            "impossible date {value!r}: {year}-{month} has no day {day}",
            hint="it has {last} days",
            value=text,
            year=year,
            month=f"{month:02d}",
            day=day,
            last=last,
        )
    if not 0 <= hour <= 23:
        raise InputError(
            "impossible time {value!r}: there is no hour {hour}",
            hint="hours run from 0 to 23; midnight is 0:00 of the next day",
            value=text,
            hour=hour,
        )
    if not 0 <= minute <= 59:
        raise InputError(
            "impossible time {value!r}: there is no minute {minute}", hint="minutes run from 0 to 59", value=text, minute=minute
        )
    if not 0 <= second <= 59:
        raise InputError(
            "impossible time {value!r}: there is no second {second}", hint="seconds run from 0 to 59", value=text, second=second
        )
    return datetime(year, month, day, hour, minute, second, tzinfo=ZONE)
