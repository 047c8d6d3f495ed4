"""The officer's config file: config.toml in the user config directory (ZHITONG_CONFIG_DIR)."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from .errors import InputError

KEYS = {
    "officer": "the name recorded as the actor of every action",
    "language": "interface language: zh or en",
    "timezone": "the zone's time zone (only Asia/Shanghai is supported)",
    "policy": "path of a TOML policy file",
    "channel": "default channel for new cases",
}


def config_dir() -> Path:
    if os.environ.get("ZHITONG_CONFIG_DIR"):
        return Path(os.environ["ZHITONG_CONFIG_DIR"]).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("zhitong", appauthor=False))


def config_file() -> Path:
    return config_dir() / "config.toml"


def load_config() -> dict:
    path = config_file()
    if not path.exists():
        return {}
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError("config file {path} cannot be read: {reason}", hint="fix it or remove it", path=str(path), reason=str(error)) from None
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise InputError("config file {path}: unknown key {value!r}", hint="known keys: " + ", ".join(KEYS), path=str(path), value=unknown[0])
    return data


def policy_path() -> Path | None:
    path = config_dir() / "policy.toml"
    return path if path.exists() else None


def actor() -> str:
    """Who is acting: the configured officer, else the login name."""
    name = load_config().get("officer")
    if name:
        return str(name)
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "officer"
