"""The unified social credit code (统一社会信用代码), GB 32100-2015."""

from __future__ import annotations

from zhitong.core.errors import InputError
from zhitong.core.normalize import normalize

# The code's alphabet: digits and capital letters without I, O, Z, S, V.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {char: value for value, char in enumerate(ALPHABET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_digit(first17: str) -> str:
    total = sum(_VALUE[char] * weight for char, weight in zip(first17, _WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def parse_uscc(text: str) -> str:
    """Normalise (full-width, lower case) and validate a code; return it in canonical form."""
    code = normalize(text).upper().replace(" ", "")
    if len(code) != 18:
        raise InputError(
            "credit code {value!r} has {count} characters; a unified social credit code has 18",
            value=text,
            count=len(code),
        )
    bad = [char for char in code if char not in _VALUE]
    if bad:
        raise InputError(
            "credit code {value!r} contains {char!r}, which is not used in credit codes",
            hint="the letters I, O, S, V and Z never appear",
            value=text,
            char=bad[0],
        )
    expected = check_digit(code[:17])
    if code[17] != expected:
        raise InputError(
            "credit code {value!r} fails its check digit (the last character should be {expected})",
            hint="check for a mistyped character",
            value=text,
            expected=expected,
        )
    return code
