"""The officer's config file: config.toml in the user config directory (ZHITONG_CONFIG_DIR).

A flat table of strings::

    officer = "张专员"          # recorded as the actor of every action
    language = "zh"            # zh or en
    timezone = "Asia/Shanghai" # the only zone zhitong keeps (+08:00 is accepted too)
    policy = "/home/zhang/.config/zhitong/policy.toml"
    channel = "service-group"  # default channel for new cases

``zhitong config set`` validates a value before writing, and writes the whole file atomically
(a private temporary file renamed over the old one), 0600 in a 0700 directory: the file names
the officer, and nobody else on the machine needs to read it.
"""

from __future__ import annotations

import os
from pathlib import Path

from zhitong.core.errors import InputError, os_error_reason
from zhitong.edge import language as languages
from zhitong.edge.files import make_private_directory

KEYS = {
    "officer": "the name recorded as the actor of every action",
    "language": "interface language: zh or en",
    "timezone": "the zone's time zone (only Asia/Shanghai is supported)",
    "policy": "path of a TOML policy file",
    "channel": "default channel for new cases",
}
TIMEZONES = {"asia/shanghai": "Asia/Shanghai", "+08:00": "+08:00", "+0800": "+08:00", "utc+8": "+08:00", "utc+08:00": "+08:00"}


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
        raise InputError(
            "config file {path} cannot be read: {reason}", hint="fix it or remove it", path=str(path), reason=str(error)
        ) from None
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise InputError(
            "config file {path}: unknown key {value!r}",
            hint="known keys: {choices}",
            path=str(path),
            value=unknown[0],
            choices=", ".join(KEYS),
        )
    for key, value in data.items():
        if not isinstance(value, str):
            raise InputError(
                "config file {path}: {key} must be text, not {value!r}", hint="fix it or remove it", path=str(path), key=key, value=value
            )
    if data.get("timezone"):
        check_value("timezone", data["timezone"])
    return data


def choose_language(explicit: str | None) -> dict:
    """Set the interface language from --lang, ZHITONG_LANG, the config file or the locale.

    Returns the config, read once. Messages before the choice is known (a bad config file,
    a bad --lang) use the locale's language.
    """
    languages.set_language(languages.locale_language())
    config = load_config()
    chosen = languages.detect(explicit, config.get("language"))
    if chosen not in languages.LANGS:
        raise InputError("unknown language {value!r}", hint="use zh or en", value=chosen)
    languages.set_language(chosen)
    return config


def check_value(key: str, value: str) -> str:
    """The value as it will be stored, or an InputError saying why it cannot be."""
    if key not in KEYS:
        raise InputError("unknown setting {value!r}", hint="known keys: {choices}", value=key, choices=", ".join(KEYS))
    cleaned = value.strip()
    if key == "officer":
        if not cleaned:
            raise InputError("the officer's name must not be empty")
        if len(cleaned) > 100:
            raise InputError("{field} is {count} characters long; the limit is {limit}", field="officer", count=len(cleaned), limit=100)
        return cleaned
    if key == "language":
        from zhitong.edge.language import LANGS, normalize_language

        chosen = normalize_language(cleaned)
        if chosen not in LANGS:
            raise InputError("unknown language {value!r}", hint="use zh or en", value=value)
        return chosen
    if key == "timezone":
        zone = TIMEZONES.get(cleaned.lower().replace(" ", ""))
        if zone is None:
            raise InputError(
                "the time zone must be Asia/Shanghai or +08:00, not {value!r}",
                hint="zhitong keeps the zone's time, China Standard Time",
                value=value,
            )
        return zone
    if key == "policy":
        path = Path(cleaned).expanduser()
        if not cleaned or not path.is_file():
            raise InputError("no policy file at {path}", path=cleaned)
        from zhitong.edge.policy_file import load_policy

        load_policy(path)  # refuses a file that does not parse, naming its line
        return str(path.resolve())
    # channel: the same names and aliases `new --channel` takes
    from zhitong.edge.inputs import parse_channel

    return parse_channel(cleaned)


def set_value(key: str, value: str) -> str:
    """Validate and store one setting; returns the value stored."""
    stored = check_value(key, value)
    data = load_config()
    data[key] = stored
    save_config(data)
    return stored


def unset_value(key: str) -> bool:
    """Remove one setting; False when it was not set."""
    if key not in KEYS:
        raise InputError("unknown setting {value!r}", hint="known keys: {choices}", value=key, choices=", ".join(KEYS))
    data = load_config()
    if key not in data:
        return False
    del data[key]
    save_config(data)
    return True


def save_config(data: dict) -> Path:
    """Write the settings atomically: 0600 file, 0700 directory."""
    import tempfile

    path = config_file()
    text = "".join(f"{key} = {toml_string(str(data[key]))}\n" for key in KEYS if key in data)
    try:
        if not path.parent.exists():
            make_private_directory(path.parent)  # 0700 whatever the umask
        fd, temporary = tempfile.mkstemp(prefix=".config.", suffix=".toml", dir=path.parent)  # 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise InputError("cannot write the config file {path}: {reason}", path=str(path), reason=os_error_reason(error)) from None
    return path


def toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = ['"']
    for char in value:
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char in "\b\t\n\f\r":
            out.append({"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def policy_path() -> Path | None:
    path = config_dir() / "policy.toml"
    return path if path.exists() else None


def actor() -> str:
    """Who is acting: the configured officer, else the login name."""
    name = load_config().get("officer")
    if name:
        return str(name)
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "officer"
