"""Text as typed on a Chinese IME, folded before it is read as a date, code or number."""

from __future__ import annotations

import re
import unicodedata

_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})


def normalize(text: str) -> str:
    """Fold full-width digits and punctuation (NFKC) and dashes, and trim; officers type on Chinese IMEs."""
    return unicodedata.normalize("NFKC", text).translate(_DASHES).strip()


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# A run of Chinese numerals, unless it names a weekday (周一, 星期三, 礼拜五 keep theirs).
_NUMERALS = r"(?<![周期拜])[零〇一二两三四五六七八九十]+"  # compiled on first use


def arabic_numerals(text: str) -> str:
    """Chinese numerals as digits, as spoken times and durations use them: 下午三点 → 下午3点, 两天 → 2天,
    二十四小时 → 24小时, 二〇二七年 → 2027年. A run that is no number below a hundred is left as it is."""
    return re.sub(_NUMERALS, _number, text)


def _number(match: re.Match) -> str:
    chars = match.group()
    if "十" not in chars:
        return "".join(str(_DIGITS[c]) for c in chars)
    tens, _, ones = chars.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones or tens in ("零", "〇", "两") or ones in ("两",):
        return chars
    return str((_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0))
