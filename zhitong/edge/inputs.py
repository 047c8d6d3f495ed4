"""User input at the edge, shared by every command: channels, bounded texts, instants."""

from __future__ import annotations

from zhitong.core import vocabulary
from zhitong.core.errors import InputError
from zhitong.core.normalize import normalize
from zhitong.core.vocabulary import GROUPS

MAX_TITLE = 200
MAX_TEXT = 5000
MAX_DAY_NAME = 50  # a holiday's name in the calendar (春节, 国庆节、中秋节)


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
    if "\x00" in cleaned:
        raise InputError("{field} holds a NUL character", hint="remove it", field=name)
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


def undecodable_argument(args) -> str | None:
    """The first argument that is not valid UTF-8, its bad bytes shown as \\xNN; None when all are.

    Python hands such bytes over as lone surrogates (surrogateescape), which no file or
    database can store.
    """
    for arg in args:
        if not isinstance(arg, str):
            continue
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            try:
                return arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            except UnicodeEncodeError:
                return arg.encode("utf-8", "backslashreplace").decode("utf-8")
    return None


def refuse_undecodable(args) -> None:
    """Refuse a command line with an argument that is not valid UTF-8, naming it."""
    shown = undecodable_argument(args)
    if shown is not None:
        raise InputError("the argument {value} is not valid UTF-8", hint="type it again, or set the terminal to UTF-8", value=shown)
