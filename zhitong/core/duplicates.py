"""Guards against duplicates: the same enterprise twice, the same problem logged twice.

Names and titles are compared once folded: NFKC (full-width and half-width brackets, spaces
and digits are one), Latin letters without case, and for titles without spaces or
punctuation. Pure functions; the store hands over the candidates.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import datetime, timedelta

# How far back a case counts as a possible repeat, and how close two titles must be.
REPEAT_WINDOW = timedelta(days=7)
SIMILAR_TITLES = 0.8
_NOT_WORDS = r"[\s\W_]+"  # compiled on first use


def fold_name(name: str) -> str:
    """A name as it is compared: NFKC, case-insensitive, inner spaces as one."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def fold_title(title: str) -> str:
    """A title as it is compared: folded like a name, without spaces or punctuation."""
    return re.sub(_NOT_WORDS, "", fold_name(title))


def name_clash(name: str, existing: list[str]) -> tuple[str | None, str | None]:
    """(an existing name equal to ``name`` once folded, an existing name it contains or is contained in)."""
    folded = fold_name(name)
    same = next((other for other in existing if fold_name(other) == folded), None)
    if same is not None:
        return same, None
    near = next((other for other in existing if (o := fold_name(other)) and (o in folded or folded in o)), None)
    return None, near


def similar_titles(a: str, b: str) -> bool:
    """The same title, one inside the other, or nearly the same (SIMILAR_TITLES of difflib's ratio)."""
    x, y = fold_title(a), fold_title(b)
    if not x or not y:
        return False
    if x == y or x in y or y in x:
        return True
    return difflib.SequenceMatcher(None, x, y).ratio() >= SIMILAR_TITLES


def repeat_of(title: str, received: datetime, candidates: list[tuple[str, str, datetime]]) -> str | None:
    """The ref of the open case (ref, title, received) that ``title`` seems to repeat, received within the window."""
    for ref, other, when in candidates:
        if abs(received - when) <= REPEAT_WINDOW and similar_titles(title, other):
            return ref
    return None
