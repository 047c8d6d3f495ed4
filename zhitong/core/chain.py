"""The history's hash chain: each event's hash covers the event and the hash before it.

As in Git's history, changing, removing or inserting any event changes every hash after it,
so a head printed once (``zhitong anchor``, the month's report) fixes everything up to it: the
history is unchanged up to that moment exactly when one of the hashes recomputed from the
events that are there now begins with that code.

The canonical form of an event is the hash before it, then its stored columns in a fixed
order written as Python writes a tuple of them (``repr``): unambiguous for the integers,
strings and None the columns hold (strings quoted and escaped), stable across versions, and
written in C, so the bulk import's hundred thousand events cost little to chain.
"""

from __future__ import annotations

from hashlib import sha256

GENESIS = "0" * 64
# The columns an event's hash covers, in order (the events table's, less its id and hash).
FIELDS = ("case_id", "at", "kind", "actor", "department", "text", "data", "recorded_at")
# Hex digits of an anchor code: 64 bits, printed in four groups of four.
ANCHOR_DIGITS = 16


def canonical(values, previous: str = "") -> bytes:
    """The event's fields (``FIELDS``, in order), after the hash before it, as the unambiguous bytes the hash covers."""
    return f"{previous}{tuple(values)!r}".encode()


def link(previous: str, values) -> str:
    """The hash of an event whose fields are ``values``, chained to ``previous``."""
    return sha256(canonical(values, previous)).hexdigest()


def hashes(previous: str, rows) -> list[str]:
    """The hashes of ``rows`` (each the fields of one event, in order), chained from ``previous``: ``link`` row after row."""
    out = []
    for row in rows:
        previous = sha256(f"{previous}{tuple(row)!r}".encode()).hexdigest()
        out.append(previous)
    return out


def anchor_code(head: str) -> str:
    """A head as the officer copies it: ``3f2a-9c1b-07de-44a0``."""
    digits = head[:ANCHOR_DIGITS]
    return "-".join(digits[i : i + 4] for i in range(0, ANCHOR_DIGITS, 4))


def parse_anchor(text: str) -> str | None:
    """The hex digits of an anchor code as typed (dashes, spaces and case are free); None if it is not one."""
    digits = "".join(ch for ch in text.strip().lower() if ch not in "- ")
    if len(digits) != ANCHOR_DIGITS or any(ch not in "0123456789abcdef" for ch in digits):
        return None
    return digits
