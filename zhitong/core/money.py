"""Money, exactly: integer fen (分), typed as yuan, shown with thousands separators; never a float.

``parse_yuan`` reads what an officer types only when it can mean one amount: ``5370000``,
``5,370,000.00``, ``537万``, ``1.5亿``, ``¥5370000元``. A comma that does not group thousands
(``5,37,0000``), more than two decimals (``1.234``: a European thousands separator, or a
typo), or a dot as a thousands separator are refused with the forms it takes.
"""

from __future__ import annotations

import re

from zhitong.core.errors import InputError
from zhitong.core.normalize import normalize

FEN_PER_YUAN = 100
# 万 and 亿 as the article writes amounts: 537万 is 5,370,000 yuan.
_MULTIPLIERS = {"": 1, "万": 10_000, "亿": 100_000_000}
# What a budget or payment may reach: a trillion yuan is beyond any zone's fund.
MAX_FEN = 10**12 * FEN_PER_YUAN
_AMOUNT = r"^(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d+))?(?P<unit>万|亿)?$"


def _not_money(text: str) -> InputError:
    return InputError(
        "not an amount of money: {value!r}",
        hint="give yuan as 5370000, 5,370,000.00, 537万 or 1.5亿 (at most two decimals)",
        value=text,
    )


def parse_yuan(text: str) -> int:
    """An amount typed in yuan, as integer fen; InputError when it is not exactly one amount above zero."""
    cleaned = normalize(str(text)).replace(" ", "")
    cleaned = cleaned.removeprefix("¥").removeprefix("￥").removeprefix("RMB").removesuffix("元").removesuffix("人民币")
    match = re.match(_AMOUNT, cleaned)
    if not match:
        raise _not_money(text)
    whole = int(match.group("whole").replace(",", ""))
    fraction = match.group("fraction") or ""
    multiplier = _MULTIPLIERS[match.group("unit") or ""]
    # the exact amount in fen: whole.fraction × multiplier × 100, in integers throughout
    scale = 10 ** len(fraction)
    numerator = (whole * scale + (int(fraction) if fraction else 0)) * multiplier * FEN_PER_YUAN
    if numerator % scale:
        # more decimals than fen can hold (1.234 yuan, 1.0000001万)
        raise _not_money(text)
    fen = numerator // scale
    if fen <= 0:
        raise InputError("the amount must be more than zero: {value!r}", value=text)
    if fen > MAX_FEN:
        raise InputError("the amount {value!r} is too large", hint="give yuan, not fen", value=text)
    return fen


def format_yuan(fen: int) -> str:
    """Fen as yuan with thousands separators: 537000000 → 5,370,000; 12345 → 123.45."""
    sign = "-" if fen < 0 else ""
    yuan, rest = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{yuan:,}" + (f".{rest:02d}" if rest else "")


def yuan_json(fen: int) -> str:
    """Fen as a decimal string of yuan for JSON ("5370000.00"): exact, never a float."""
    sign = "-" if fen < 0 else ""
    yuan, rest = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{yuan}.{rest:02d}"
