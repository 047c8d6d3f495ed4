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
from zhitong.core.normalize import arabic_numerals, normalize

# -2h, +30m, -1d, -2小时: an offset from now
# The patterns of spoken times are compiled on first use (re's cache): a command that reads no
# time, such as the morning's pending, never pays for them.
_RELATIVE = r"^([+-])\s*(\d+)\s*(m|min|h|d|分钟|分|小时|钟头|天)$"
# 2小时前, 30分钟前, 3天前, 2h ago, 3天后: the same, said the way people say it
_AGO = r"^(\d+)\s*(m|mins?|minutes?|h|hours?|d|days?|分钟|分|小时|钟头|天)\s*(前|以前|之前|ago|后|以后|之后|later)$"
_UNIT_SECONDS = {"m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60, "分钟": 60, "分": 60}
_UNIT_SECONDS.update(dict.fromkeys(("h", "hour", "hours", "小时", "钟头"), 3600))
_BEFORE = ("前", "以前", "之前", "ago")
_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?"
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]" + _TIME + r")?\s*(Z|[+-]\d{2}:?\d{2})?$", re.IGNORECASE)
# The parts of the day a clock may be said in, and what each makes of the hour typed with 点.
_PERIODS = "凌晨|早上|早晨|清晨|上午|中午|下午|傍晚|晚上|夜里"
# A clock: 14:00, 9:30:15, 9点, 9点30, 9点30分, 9时30分, 下午4点, 上午9:30, 中午12点
_CLOCK = r"^(?:(" + _PERIODS + r")\s*)?(\d{1,2})(?::(\d{2})(?::(\d{2}))?|[点时](?:(\d{1,2})分?)?)$"
# What may come before the clock: a day named one of these ways (each tried from the start).
_DAY_FORMS = (
    ("date", r"^(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"),  # 2026-11-24 (with a time: the ISO forms go first)
    ("date", r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)"),  # 2026/11/24, 2026.11.24: the year first cannot be misread
    ("chinese", r"^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]?"),  # 2026年11月24日, 11月24号
    ("month-day", r"^(\d{1,2})-(\d{1,2})(?!\d|-\d)"),  # 11-24 (not 26-11-24: a year of two digits)
    ("named", r"^(today|yesterday|tomorrow|今天|今日|昨天|昨日|大前天|前天|明天|明日|大后天|后天)"),
    ("weekday", r"^(上上|上|本|这|下下|下)?(?:周|星期|礼拜)([一二三四五六日天1-7])"),  # 周五, 上周五, 本周一
    ("weekend", r"^(上上|上|本|这|下下|下)?(?:周|星期|礼拜)?末"),  # 周末, 上周末: Saturday or Sunday?
    ("week", r"^(上上|上|本|这|下下|下)(?:周|星期|礼拜)"),  # 下周: which day of it?
    ("days-off", r"^(\d{1,4})\s*天(前|以前|之前|后|以后|之后)"),  # 3天前 10:00
)
_NAMED_OFFSET = {"today": 0, "今天": 0, "今日": 0, "yesterday": -1, "昨天": -1, "昨日": -1, "前天": -2, "大前天": -3}
_NAMED_OFFSET.update({"tomorrow": 1, "明天": 1, "明日": 1, "后天": 2, "大后天": 3})
_WEEK_OFFSET = {None: 0, "本": 0, "这": 0, "上": -1, "上上": -2, "下": 1, "下下": 2}
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
# 今晚 = 今天晚上, 明早 = 明天早上
_SHORT_DAY_PART = r"^(今|昨|明|前)(晚|早)(?!上)"
# 11/24 and 03/04/2026 can be read two ways (month or day first)
_SLASHED = r"^\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?(?:\s.*)?$"

FORMATS_HELP = (
    "2026-11-24 09:30, 11-24 9:30, 11月24日 下午3点, 14:00, 上午9:30, 今天 14:00, 昨天 16:00, 前天, 周五, 上周五 10:00, "
    "2小时前, 3天前, -2h, now"
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


# Years an instant may fall in: the arithmetic of a wilder one (-99999999999h) overflows.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def parse_when(text: str, *, reference: datetime, past: bool = False, future: bool = False) -> datetime:
    """An instant as typed (``_parse_when``), refused with the value when it is beyond the years zhitong reckons."""
    try:
        moment = _parse_when(text, reference=reference, past=past, future=future)
    except OverflowError:
        moment = None
    if moment is None or not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise InputError(
            "{value!r} is too far from today", hint="give a time between {first} and {last}", value=text, first=FIRST_YEAR, last=LAST_YEAR
        )
    return moment


def _parse_when(text: str, *, reference: datetime, past: bool, future: bool) -> datetime:
    """Parse an instant as the officer types or says it, relative to `reference` (usually now).

    A day, then a time of day, each optional (at least one given), in the zone's time:

    - the day: ISO (2026-11-24; with a time and an offset, the offset is honoured), a
      month-day (11-24, 11月24日), a named day (today, 今天, 昨天, 前天, 大前天, 明天…),
      a weekday (周五, 星期五, 上周五, 本周一, 下周二) or a count of days (3天前);
    - the time: 14:00, 9点, 9点半, 下午3点, 上午9:30, 中午12点, 晚上8点. A time alone
      means today; a day alone means its 00:00.

    Or an offset from `reference`: -2h, +30m, 2小时前, 30分钟前, 3天前, 2h ago. Chinese
    numerals read as digits (下午三点, 两天前). Anything else is refused, and so is anything
    that could be read two ways, with the readings (11/24, 晚上12点, 下午13点, 下周, 周末):
    zhitong never guesses.

    ``past``: the instant is when something happened (``--at``, ``--since``, the digest's day).
    A month-day without a year (12-31) is then the latest such day not after today's date, and
    a bare weekday (周五) the latest such day not after today: 12-31 typed on 2027-01-06 is
    2026-12-31. ``future``: the instant is a promise (``--eta``); a month-day or weekday is the
    next such day from today on, and a day without a time means by its end: 00:00 of the next
    day, as a days limit is (shown as that day's 24:00, ``views.promise_time``). Otherwise a month-day is in the reference's year and a bare
    weekday in the reference's week (Monday to Sunday).
    """
    cleaned = _fold(text)
    if not cleaned:
        raise InputError("empty date-time", hint="use one of: {formats}", formats=FORMATS_HELP)
    if match := re.match(_RELATIVE, cleaned):
        sign, amount, unit = match.groups()
        seconds = int(amount) * _UNIT_SECONDS.get(unit, DAY)
        return reference + timedelta(seconds=seconds if sign == "+" else -seconds)
    if match := re.match(_AGO, cleaned):
        amount, unit, direction = match.groups()
        seconds = int(amount) * _UNIT_SECONDS.get(unit, DAY)
        return reference + timedelta(seconds=-seconds if direction in _BEFORE else seconds)
    if cleaned in ("now", "现在"):
        return reference
    if re.match(r"^(now|现在)[\s\d]", cleaned):
        raise InputError("{value!r}: 'now' takes no time of day", value=text)
    if iso_match := _ISO.match(cleaned):
        moment = parse_iso(text)  # as typed: a refusal quotes the officer's text, not our folding of it
        # a promise by a day means by the end of it: 00:00 of the next, as a days limit is
        return moment + timedelta(days=1) if future and iso_match.group(4) is None else moment
    if re.match(_SLASHED, cleaned):
        raise InputError("{value!r} could be read two ways", hint="write the year first: YYYY-MM-DD, e.g. 2026-11-24", value=text)
    day, rest = _day_part(text, cleaned, reference, past, future)
    if not rest:  # a day alone (with no day named, the rest is the whole text)
        moment = _build(text, day.year, day.month, day.day, None, None, None)
        return moment + timedelta(days=1) if future else moment  # a promised day: by its end
    clock = re.match(_CLOCK, rest)
    if not clock:
        raise _unreadable(text)
    if day is None:
        day = reference.date()  # a time alone is today's
    period, hour, minute, second, cn_minute = clock.groups()
    hour = _hour_in(text, day, period, int(hour), colon=cn_minute is None and ":" in rest)
    return _build(text, day.year, day.month, day.day, hour, minute if minute is not None else cn_minute, second)


def _unreadable(text: str) -> InputError:
    return InputError("cannot read the date-time {value!r}", hint="use one of: {formats}", value=text, formats=FORMATS_HELP)


def _fold(text: str) -> str:
    """The text as the patterns read it: full width folded, lower case, Chinese numerals as digits."""
    cleaned = normalize(text).lower()
    for said, written in (
        ("点半", "点30"),
        ("点一刻", "点15"),
        ("点三刻", "点45"),
        ("点整", "点"),
        ("半小时", "30分钟"),
        ("半个小时", "30分钟"),
    ):
        cleaned = cleaned.replace(said, written)
    cleaned = re.sub(_SHORT_DAY_PART, lambda m: m[1] + "天" + ("晚上" if m[2] == "晚" else "早上"), cleaned)
    cleaned = arabic_numerals(cleaned)
    return re.sub(r"(\d)\s*个\s*(?=小时|钟头|星期|礼拜)", r"\1", cleaned)  # 两个小时前


def _day_part(text: str, cleaned: str, reference: datetime, past: bool, future: bool):
    """(the day named at the start of ``cleaned`` or None, what follows it)."""
    today = reference.date()
    for form, pattern in _DAY_FORMS:
        match = re.match(pattern, cleaned)
        if not match:
            continue
        rest = cleaned[match.end() :].strip()
        if form == "date":
            year, month, day = map(int, match.groups())
            return _day(text, year, month, day), rest
        if form == "chinese":
            year, month, day = match.groups()
            month, day = int(month), int(day)
            year = int(year) if year else _year_of(today, month, day, past, future)
            return _day(text, year, month, day), rest
        if form == "month-day":
            month, day = map(int, match.groups())
            return _day(text, _year_of(today, month, day, past, future), month, day), rest
        if form == "named":
            return today + timedelta(days=_NAMED_OFFSET[match[1]]), rest
        monday = today - timedelta(days=today.weekday())
        if form == "weekday":
            week, weekday = match.groups()
            day = monday + timedelta(weeks=_WEEK_OFFSET[week], days=_WEEKDAY[weekday])
            if week is None and past and day > today:
                day -= timedelta(weeks=1)
            elif week is None and future and day < today:
                day += timedelta(weeks=1)
            return day, rest
        if form == "weekend":
            saturday = monday + timedelta(weeks=_WEEK_OFFSET[match[1]], days=5)
            raise InputError(
                "{value!r} could mean {first} or {second}",
                hint="name the day, e.g. 周六 or 周日",
                value=text,
                first=saturday,
                second=saturday + timedelta(days=1),
            )
        if form == "week":
            first = monday + timedelta(weeks=_WEEK_OFFSET[match[1]])
            raise InputError(
                "{value!r} is a whole week, {first} – {last}",
                hint="name the day, e.g. 上周五 10:00",
                value=text,
                first=first,
                last=first + timedelta(days=6),
            )
        # days-off: 3天前 with a time (without one, _AGO took it as an offset)
        count, direction = match.groups()
        return today + timedelta(days=-int(count) if direction in _BEFORE else int(count)), rest
    return None, cleaned


def _day(text: str, year: int, month: int, day: int) -> date:
    return _build(text, year, month, day, None, None, None).date()


def _year_of(today: date, month: int, day: int, past: bool, future: bool) -> int:
    """The year of a month-day typed without one.

    ``past``: the latest such day not after ``today`` (this year's, or last year's);
    ``future``: the next one from ``today`` on; otherwise this year's. When neither year has
    the day (2-29), this year's: the refusal then names the year.
    """
    if past or future:
        step = -1 if past else 1
        for year in (today.year, today.year + step):
            try:
                candidate = date(year, month, day)
            except ValueError:
                continue
            if (candidate <= today) if past else (candidate >= today):
                return year
    return today.year


# For each part of the day: the hours taken as typed, and those that get twelve added (下午3点 is 15:00).
_PERIOD_HOURS = {
    "凌晨": (range(0, 6), range(0)),
    "上午": (range(0, 13), range(0)),
    "中午": (range(11, 13), range(1, 3)),
    "下午": (range(12, 13), range(1, 12)),
    "傍晚": (range(0), range(4, 9)),
    "晚上": (range(0), range(6, 12)),
}
for _alias, _same in (("早上", "上午"), ("早晨", "上午"), ("清晨", "上午"), ("夜里", "晚上")):
    _PERIOD_HOURS[_alias] = _PERIOD_HOURS[_same]
# With a colon (下午14:00) the hour is the 24-hour clock's already; it must lie in the part of the day.
_PERIOD_SPAN = {"凌晨": (0, 5), "上午": (0, 12), "中午": (11, 14), "下午": (12, 23), "傍晚": (16, 20), "晚上": (18, 23)}
for _alias, _same in (("早上", "上午"), ("早晨", "上午"), ("清晨", "上午"), ("夜里", "晚上")):
    _PERIOD_SPAN[_alias] = _PERIOD_SPAN[_same]


def _hour_in(text: str, day: date, period: str | None, hour: int, *, colon: bool) -> int:
    """The hour on the 24-hour clock of ``hour`` said in ``period``, or the readings when it is not clear.

    下午3点 is 15:00 and 中午12点 noon; 晚上12点 (which midnight?), 下午13点 (13:00, or twelve
    hours on?) and 上午15点 are refused with what they could mean.
    """
    if period is None:
        return hour
    as_typed, plus_twelve = _PERIOD_HOURS[period]
    low, high = _PERIOD_SPAN[period]
    if colon and hour > 12 and low <= hour <= high:
        return hour  # 下午14:00: the 24-hour clock, said twice
    if not colon or hour <= 12:
        if hour in as_typed:
            return hour
        if hour in plus_twelve:
            return hour + 12
    start = datetime(day.year, day.month, day.day, tzinfo=ZONE)
    if period in ("晚上", "夜里") and hour <= 12:
        # after midnight, or twelve hours after it: 晚上12点 is the end of the day or its start
        first = start + timedelta(days=1, hours=hour % 12)
        second = start + timedelta(hours=hour % 12 + (0 if hour == 12 else 12))
    elif period in ("凌晨", "上午", "早上", "早晨", "清晨"):
        first, second = start + timedelta(hours=hour % 24), start + timedelta(hours=(hour - 12) % 24)
    else:
        first, second = start + timedelta(hours=hour), start + timedelta(hours=hour + 12)
    raise InputError(
        "{value!r} could mean {first} or {second}",
        hint="use the 24-hour clock, e.g. 今天 23:59 or 明天 0:00",
        value=text,
        first=min(first, second),
        second=max(first, second),
    )


def parse_day(text: str) -> date:
    """Parse a calendar day (YYYY-MM-DD)."""
    match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", normalize(text))
    if not match:
        raise InputError("not a date: {value!r}", hint="use YYYY-MM-DD, e.g. 2027-01-01", value=text)
    return _build(text, *map(int, match.groups()), None, None, None).date()


def period(since: str | None, until: str | None, *, reference: datetime) -> tuple[datetime | None, datetime | None]:
    """--since/--until as a half-open interval of instants; a bare day as --until includes all of it.

    --since is a day that has come (12-01 typed in January is last December's); --until is read as typed.
    """
    start = parse_when(since, reference=reference, past=True) if since else None
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
