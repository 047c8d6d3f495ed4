"""Instants as zhitong keeps them: aware datetimes in the zone's time, or whole epoch seconds.

Asia/Shanghai (+08:00) throughout; days are proleptic ordinals (``date.toordinal``) in the
zone. Parsing what the officer types, and the clock, live at the edge (``zhitong.edge.when``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

# Asia/Shanghai has kept +08:00 without daylight saving since 1991; a fixed offset avoids
# loading tzdata at every start and makes local-day arithmetic exact.
ZONE = timezone(timedelta(hours=8), "Asia/Shanghai")
DAY = 86400
_LOCAL_OFFSET = 8 * 3600

# The deadline engine's calendar spans these days; instants outside them are refused.
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)


def iso(moment: datetime | None) -> str | None:
    """Format for storage and JSON: ISO 8601 in the zone's time with its offset, seconds kept."""
    if moment is None:
        return None
    return moment.astimezone(ZONE).isoformat(timespec="seconds")


def readable(moment: datetime) -> str:
    """An instant as the officer reads it in a message: 2026-12-11 00:00 (seconds only when there are any)."""
    moment = moment.astimezone(ZONE)
    text = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} {moment.hour:02d}:{moment.minute:02d}"
    return text + f":{moment.second:02d}" if moment.second else text


def to_epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def from_epoch(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, ZONE)


def epoch_from_iso(text: str) -> int:
    """Fast path for stored values, which are always our own ISO format."""
    return int(datetime.fromisoformat(text).timestamp())


def local_day(seconds: int) -> int:
    """The zone's calendar day of an epoch instant, as a proleptic ordinal (date.toordinal)."""
    return (seconds + _LOCAL_OFFSET) // DAY + _EPOCH_ORDINAL


def day_start(ordinal: int) -> int:
    """Epoch seconds of 00:00 in the zone on the given day ordinal."""
    return (ordinal - _EPOCH_ORDINAL) * DAY - _LOCAL_OFFSET


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
