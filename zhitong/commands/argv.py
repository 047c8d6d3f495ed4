"""The one reading of a command line before Click's: global options, the command, what follows.

Three things need it before the command framework is loaded: the entry point (which module
holds the command), the quick path of `pending`/`overdue` (is this a plain command line?) and
the language of a usage error that comes before the callback has chosen it. Each reads the
words with ``scan``, so `--opt value`, `--opt=value`, a missing value and `--` mean the same
to all three, and whatever is not plain is left to Click.
"""

from typing import NamedTuple

# The application's own options, given before the command; each takes a value.
GLOBAL_OPTIONS = ("--db", "--lang", "--policy")


class Scan(NamedTuple):
    options: dict[str, str | bool]  # each option read, by its name: its value, or True for a flag
    stop: int  # the index of the first word that is not an option read here (len(words): none)
    plain: bool  # nothing for Click to judge: no unknown option, no missing, empty or option-like value


def scan(words: list[str], valued, flags=()) -> Scan:
    """Read the options at the front of ``words``: ``valued`` take a value, ``flags`` none.

    Stops at the first word that is not an option, or at an option it does not know (`--help`,
    `--`, a misspelling), which makes the command line not plain.
    """
    options: dict[str, str | bool] = {}
    plain = True
    index = 0
    while index < len(words):
        word = words[index]
        if not word.startswith("-") or word == "-":
            break
        name, equals, value = word.partition("=")
        if name in flags and not equals:
            options[name] = True
            index += 1
            continue
        if name not in valued:
            return Scan(options, index, False)
        if not equals:
            if index + 1 == len(words):
                return Scan(options, len(words), False)
            index += 1
            value = words[index]
            plain = plain and not value.startswith("-")  # an option where its value should be
        plain = plain and bool(value)
        options[name] = value
        index += 1
    return Scan(options, index, plain)


class CommandLine(NamedTuple):
    options: dict[str, str | bool]  # the global options before the command
    command: str | None  # None when the line asks for help or names no command
    rest: list[str]  # the words after the command
    plain: bool


def read(argv: list[str]) -> CommandLine:
    front = scan(argv, GLOBAL_OPTIONS)
    if front.stop == len(argv) or argv[front.stop].startswith("-"):
        return CommandLine(front.options, None, [], False)
    return CommandLine(front.options, argv[front.stop], argv[front.stop + 1 :], front.plain)
