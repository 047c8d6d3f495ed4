"""User input at the edge, shared by every command: channels, bounded texts, instants."""

from __future__ import annotations

from zhitong.core import vocabulary
from zhitong.core.errors import InputError
from zhitong.core.normalize import normalize
from zhitong.core.vocabulary import GROUPS

MAX_TITLE = 200
MAX_TEXT = 5000


def parse_channel(text: str) -> str:
    """A channel by its key or any of its Chinese names (政企服务专线, 专线, 2912345…)."""
    return vocabulary.parse("channel", text)


def parse_group(text: str) -> str:
    """service or liaison, by its key or Chinese name; an empty cell means service, the default."""
    if not normalize(text):
        return GROUPS[0]
    return vocabulary.parse("group", text)


def parse_status(text: str) -> str:
    """A status by its key or Chinese name (已办结, 办结…)."""
    return vocabulary.parse("status", text)


def text_field(value: str | None, name: str, *, required: bool = False, limit: int = MAX_TEXT) -> str | None:
    """A user text, trimmed and bounded; refused when required and empty.

    Chinese punctuation is kept as typed (no NFKC here: "，" is not ","); control characters
    are stored as given and neutralised wherever text is shown.
    """
    if value is None:
        if required:
            raise InputError("{field} is required", field=name)
        return None
    cleaned = value.strip()
    if required and not cleaned:
        raise InputError("{field} must not be empty", field=name)
    if len(cleaned) > limit:
        raise InputError("{field} is {count} characters long; the limit is {limit}", field=name, count=len(cleaned), limit=limit)
    return cleaned or None


def resolve_when(text: str | None, *, not_after_now: bool = True):
    """When something happened: now by default, never in the future."""
    from zhitong.edge.when import now, parse_when

    current = now()
    if text is None:
        return current
    moment = parse_when(text, reference=current, past=not_after_now)
    if not_after_now and moment > current:
        raise InputError("{when} is in the future", hint="give the time it happened", when=moment)
    return moment
