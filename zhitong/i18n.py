"""Two interface languages. English templates are the keys; CATALOG holds their Chinese.

A template with no Chinese entry falls back to English at run time, and a test fails on it.
"""

from __future__ import annotations

import os

LANGS = ("zh", "en")
_current = "en"


def set_language(lang: str) -> None:
    global _current
    _current = lang


def language() -> str:
    return _current


def detect(explicit: str | None = None, configured: str | None = None) -> str:
    """--lang, then ZHITONG_LANG, then the config file, then the locale; English otherwise."""
    for choice in (explicit, os.environ.get("ZHITONG_LANG"), configured):
        if choice:
            return choice
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def tr(template: str, lang: str | None = None, /, **fields) -> str:
    """Render a message template in ``lang`` (default: the current language)."""
    lang = lang or _current
    text = CATALOG.get(template, template) if lang == "zh" else template
    return text.format(**fields) if fields else text


CATALOG: dict[str, str] = {
    " — {hint}": "——{hint}",
}
