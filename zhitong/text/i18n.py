"""Messages in the officer's language: English templates are the keys; the catalogue holds their Chinese.

Every message is an English template with named fields (``"{ref} resolved"``); ``tr`` renders
it in the officer's language. The words zhitong stores — statuses, categories, channels,
milestones, event kinds — are English too and shown through ``tr`` as well, so JSON and CSV
keep stable English values whatever the language. The Chinese is data, in ``catalog``;
which language is current is the edge's (``zhitong.edge.language``). ``tests/test_i18n.py``
fails when a template in the sources has no Chinese in the catalogue, or when the Chinese drops or adds a field.
"""

from __future__ import annotations

from zhitong.core import errors
from zhitong.core.errors import ZhitongError
from zhitong.edge.language import language
from zhitong.text.catalog import CATALOG

# Fields whose value is a vocabulary word ("the case is {status}") are translated with the
# sentence, so a Chinese message never carries an English status in the middle of it.
# A ``reason`` is one too when it is an operating system's error told in our words (os_error_reason),
# a ``weekday`` (Monday … Sunday) reads 星期一 … 星期日, and a ``field`` is the name of what was
# typed (title, reason…), told in the sentence's language too, like the ``earlier`` one it follows.
_WORD_FIELDS = frozenset(
    {
        "status",
        "category",
        "action",
        "milestone",
        "clock",
        "channel",
        "group",
        "state",
        "kind",
        "noun",
        "reason",
        "weekday",
        "field",
        "earlier",
    }
)


def tr(template: str, lang: str | None = None, /, **fields) -> str:
    """Render a message template in ``lang`` (default: the current language)."""
    lang = lang or language()
    if lang != "zh":
        return template.format(**fields) if fields else template
    text = CATALOG.get(template, template)
    if not fields:
        return text
    if not _WORD_FIELDS.isdisjoint(fields):  # most messages carry none: no set is built for them
        for name in _WORD_FIELDS.intersection(fields):
            value = fields[name]
            if isinstance(value, str) and value in CATALOG:
                fields[name] = CATALOG[value]
    return text.format(**fields)


def message(error: ZhitongError, lang: str | None = None) -> str:
    """An error's message (and its hint) in ``lang`` (default: the current language)."""
    return error.render(lambda template, **fields: tr(template, lang, **fields))


def os_error_reason(error: BaseException, lang: str | None = None) -> str:
    """Why an OSError happened, in ``lang`` (default: the current language), by its errno."""
    return tr(errors.os_error_reason(error), lang)


def placeholders(template: str) -> set[str]:
    """The field names a template uses, e.g. {"ref", "department"}."""
    from string import Formatter

    names = set()
    for _literal, field, _spec, _conversion in Formatter().parse(template):
        if field is not None:
            names.add(field.split(".")[0].split("[")[0])
    return names


# -- messages that come from outside zhitong ------------------------------------------------------
# Click's usage errors and the operating system's errors arrive as English sentences. They are
# mapped to our own templates by what they carry (the exception's class and attributes, the
# errno), so a Chinese officer never reads "Missing option" or "No such file or directory".


def usage_detail(error) -> tuple[str, dict]:
    """A Click usage error as one of our templates and its fields.

    Goes by the class name and attributes (MissingParameter.param, NoSuchOption.option_name,
    BadOptionUsage.option_name, BadParameter.param), so it works for Click and for the copy
    Typer vendors; an error it does not know keeps Click's own text as ``{detail}``.
    """
    import re

    try:
        message = str(error.format_message())
    except Exception:
        message = str(error)
    try:
        kind = type(error).__name__
        param = getattr(error, "param", None)
        if kind == "MissingParameter":
            name = _param_name(error)
            param_type = getattr(error, "param_type", None) or getattr(param, "param_type_name", None)
            if param_type == "argument":
                return ("missing argument {name}", {"name": name})
            if param_type == "option":
                return ("missing option {name}", {"name": name})
            return ("missing {name}", {"name": name})
        if kind == "NoSuchOption":
            option = str(getattr(error, "option_name", "") or "")
            possibilities = getattr(error, "possibilities", None)
            if possibilities:
                return ("no such option {name}; did you mean {names}?", {"name": option, "names": ", ".join(possibilities)})
            return ("no such option {name}", {"name": option})
        if kind == "BadOptionUsage":
            option = str(getattr(error, "option_name", "") or "")
            if "requires" in message:  # "Option '--at' requires an argument."
                return ("option {name} needs a value", {"name": option})
            if "does not take a value" in message:
                return ("option {name} takes no value", {"name": option})
            return ("option {name}: {detail}", {"name": option, "detail": message})
        if kind == "BadParameter" or (param is not None and hasattr(error, "param_hint")):
            name = _param_name(error)
            reason = str(getattr(error, "message", "") or message)
            type_name = getattr(getattr(param, "type", None), "name", None)
            number = re.match(r"^(.*) is not a valid (\w+)\.?$", reason)
            if number and type_name in ("int", "integer"):
                return ("invalid value for {name}: {value} is not a whole number", {"name": name, "value": number.group(1)})
            if number and type_name == "float":
                return ("invalid value for {name}: {value} is not a number", {"name": name, "value": number.group(1)})
            return ("invalid value for {name}: {detail}", {"name": name, "detail": reason})
        command = getattr(error, "command_name", None)
        possibilities = getattr(error, "possibilities", None)
        if command is None and (match := re.match(r"^No such command '(.*)'\.(?: Did you mean (.*)\?)?$", message)):
            command = match.group(1)
            possibilities = re.findall(r"'([^']*)'", match.group(2) or "")
        if command is not None:
            if possibilities:
                return ("no such command {name!r}; did you mean {names}?", {"name": command, "names": ", ".join(possibilities)})
            return ("no such command {name!r}", {"name": command})
        if match := re.match(r"^Got unexpected extra arguments?(?:\(s\))? \((.*)\)$", message):
            return ("unexpected extra arguments: {args} (put a text with spaces in quotes)", {"args": match.group(1)})
        if message.strip() == "Missing command.":
            return ("missing command", {})
    except Exception:
        pass
    return ("{detail}", {"detail": message})


def _param_name(error) -> str:
    """How the command line names the parameter: --reason, or ENTERPRISE as the usage line shows it."""
    hint = getattr(error, "param_hint", None)
    if hint:
        return hint if isinstance(hint, str) else " / ".join(str(h) for h in hint)
    param = getattr(error, "param", None)
    if param is None:
        return ""
    if getattr(param, "param_type_name", None) == "option" and getattr(param, "opts", None):
        return " / ".join(param.opts)
    return str(getattr(param, "human_readable_name", None) or getattr(param, "name", "") or "").upper()
