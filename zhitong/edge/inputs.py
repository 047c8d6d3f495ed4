"""User input at the edge, shared by every command: channels, bounded texts, instants."""

from __future__ import annotations

from zhitong.core.errors import InputError

CHANNELS = ("service-group", "liaison-group", "hotline", "visit", "package")
CHANNEL_ALIASES = {"直通群": "service-group", "政企服务直通群": "service-group", "联络员群": "liaison-group",
                   "政企联络员直通群": "liaison-group", "专线": "hotline", "热线": "hotline", "2912345": "hotline",
                   "政企面对面": "visit", "走访": "visit", "服务包": "package", "综合服务包": "package"}  # fmt: skip

MAX_TITLE = 200
MAX_TEXT = 5000


def parse_channel(text: str) -> str:
    cleaned = text.strip()
    channel = CHANNEL_ALIASES.get(cleaned, cleaned.lower())
    if channel not in CHANNELS:
        raise InputError("unknown channel {value!r}", hint="use one of: {choices}", value=text, choices=", ".join(CHANNELS))
    return channel


def text_field(value: str | None, name: str, *, required: bool = False, limit: int = MAX_TEXT) -> str | None:
    """A user text, trimmed and bounded; refused when required and empty.

    Chinese punctuation is kept as typed (no NFKC here: "，" is not ","); control characters
    are stored as given and neutralised wherever text is shown.
    """
    if value is None:
        if required:
            raise InputError("{name} is required", name=name)
        return None
    cleaned = value.strip()
    if required and not cleaned:
        raise InputError("{name} must not be empty", name=name)
    if len(cleaned) > limit:
        raise InputError("{name} is {count} characters long; the limit is {limit}", name=name, count=len(cleaned), limit=limit)
    return cleaned or None


def resolve_when(text: str | None, *, not_after_now: bool = True):
    """When something happened: now by default, never in the future."""
    from zhitong.edge.when import now, parse_when

    current = now()
    if text is None:
        return current
    moment = parse_when(text, reference=current, past=not_after_now)
    if not_after_now and moment > current:
        from zhitong.core.instants import iso

        raise InputError("{when} is in the future", hint="give the time it happened", when=iso(moment))
    return moment
