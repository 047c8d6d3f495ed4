"""Text as typed on a Chinese IME, folded before it is read as a date, code or number."""

from __future__ import annotations

import unicodedata

_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})


def normalize(text: str) -> str:
    """Fold full-width digits and punctuation (NFKC) and dashes, and trim; officers type on Chinese IMEs."""
    return unicodedata.normalize("NFKC", text).translate(_DASHES).strip()
