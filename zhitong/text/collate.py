"""The order of names in the registry's lists: Chinese by pinyin, Latin alphabetically, as an
officer looks a department or an enterprise up in a Chinese directory.

pypinyin reads each name with its phrase dictionary, so that a character with two readings
sorts by the one the name uses (重庆 chóng, 银行 háng). Importing it costs ~0.2 s, so it is
imported here, when a list is sorted, and never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from zhitong.core.normalize import normalize

T = TypeVar("T")


def name_key(name: str) -> tuple:
    """A sort key: each Chinese character by its pinyin and tone, each other character folded.

    A syllable compares with Latin letters as letters (安 an before Bosch, Apple before 安), so
    Chinese and Latin names interleave as in a Chinese directory; ties go to the name itself.
    """
    from pypinyin import Style, lazy_pinyin

    folded = normalize(name)
    readings = lazy_pinyin(folded, style=Style.TONE3, neutral_tone_with_five=True, errors=list)
    key = []
    for reading in readings:
        if len(reading) > 1 and reading[-1].isdigit():  # a syllable: zhong1
            key.append((reading[:-1], int(reading[-1])))
        else:  # a letter, digit or sign, one at a time
            key.append((reading.casefold(), 0))
    return (tuple(key), folded.casefold(), name)


def by_name(items: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """``items`` in the order of their names (``name_key``)."""
    return sorted(items, key=lambda item: name_key(name(item)))
