"""TODO docstring"""

from __future__ import annotations

import os

LANGS = ("zh", "en")


_current = "en"


_ALIASES = {
    "zh": "zh",
    "zh-cn": "zh",
    "zh_cn": "zh",
    "zh-hans": "zh",
    "cn": "zh",
    "chinese": "zh",
    "中文": "zh",
    "en": "en",
    "en-us": "en",
    "en_us": "en",
    "en-gb": "en",
    "en_gb": "en",
    "english": "en",
    "英文": "en",
}


def set_language(lang: str) -> None:
    global _current
    _current = lang


def language() -> str:
    return _current


def normalize_language(value: str) -> str:
    """zh or en for the usual spellings (ZH, zh-CN, en_US…); anything else is returned as given."""
    cleaned = value.strip()
    return _ALIASES.get(cleaned.lower(), cleaned)


def detect(explicit: str | None = None, configured: str | None = None) -> str:
    """--lang, then ZHITONG_LANG, then the config file, then the locale; English otherwise.


    The locale is LC_ALL, else LC_MESSAGES, else LANG (POSIX precedence); one that begins
    with ``zh`` (zh_CN.UTF-8, zh_TW…) means Chinese.
    """
    for choice in (explicit, os.environ.get("ZHITONG_LANG"), configured):
        if choice and str(choice).strip():
            return normalize_language(str(choice))
    return locale_language()


def locale_language() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
