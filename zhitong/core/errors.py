"""Errors the core raises; the CLI turns each into one line on stderr and an exit status.

Messages are English templates with named fields; ``zhitong.text.i18n.message`` renders them
in the officer's language, so the core never needs to know which one that is.
"""

import errno
from datetime import datetime

from zhitong.core.instants import readable


class ZhitongError(Exception):
    """A problem the user can fix: bad input, a refused action, a foreign file."""

    exit_code = 2

    def __init__(self, template: str, *, hint: str | None = None, **fields):
        self.template = template
        self.hint = hint
        self.fields = fields
        super().__init__(self.render())

    def render(self, translate=None) -> str:
        """The message, through ``translate(template, **fields)`` (default: English as written)."""
        translate = translate or _as_written
        fields = {name: _told(value, translate) for name, value in self.fields.items()}
        text = translate(self.template, **fields)
        if self.hint:
            text += translate(" — {hint}", hint=translate(self.hint, **fields))
        return text


def _told(value, translate):
    """A field as the sentence tells it: an error (or several), or a list of choices, in the sentence's
    language; an instant as the officer reads it (2026-12-11 00:00, never a stored stamp)."""
    if isinstance(value, (ZhitongError, Problems, Choices)):
        return value.render(translate)
    if isinstance(value, datetime):
        return readable(value)
    return value


class Problems(tuple):
    """Several problems told in one message (every problem of an imported line, every bad line)."""

    separator = "; "

    def render(self, translate=None) -> str:
        return self.separator.join(problem.render(translate) for problem in self)


class Choices(tuple):
    """The words an option takes, listed in the message's language: each key, and its Chinese name
    beside it in Chinese (一般问题（routine）), so the officer can type either."""

    def render(self, translate=None) -> str:
        translate = translate or _as_written
        names = [(word, translate(word)) for word in self]
        if all(name == word for word, name in names):
            return ", ".join(self)
        return "、".join(f"{name}（{word}）" for word, name in names)


class Lines(Problems):
    """Problems told one a line."""

    separator = "\n"


def _as_written(template: str, **fields) -> str:
    return template.format(**fields) if fields else template


class InputError(ZhitongError):
    """An argument, date, CSV row or config value that cannot be used as given."""


class NotFoundError(ZhitongError):
    """A reference, department or enterprise that does not exist (or is ambiguous)."""


class RefusedError(ZhitongError):
    """An action the case's state does not allow."""


class DatabaseError(ZhitongError):
    """A database file that is not zhitong's, is damaged, or is newer than this zhitong."""


# errno name → what it means, in our words (each has its Chinese in the catalogue, and a
# ``reason`` field is translated with its sentence); an errno not listed keeps the system's text.
OS_REASONS = {
    "ENOENT": "no such file or directory",
    "EACCES": "permission denied",
    "EPERM": "permission denied",
    "EISDIR": "it is a directory, not a file",
    "ENOTDIR": "a part of the path is not a directory",
    "ENOSPC": "no space left on the disk",
    "EDQUOT": "the disk quota is used up",
    "EROFS": "the file system is read-only",
    "EEXIST": "the file already exists",
    "ENAMETOOLONG": "the name is too long",
    "EIO": "the disk could not be read or written (input/output error)",
    "EMFILE": "too many open files",
    "ENFILE": "too many open files",
    "ELOOP": "too many levels of symbolic links",
    "EBUSY": "the file is in use",
    "ETXTBSY": "the file is in use",
    "EFBIG": "the file is too large",
    "ENOTEMPTY": "the directory is not empty",
    "EXDEV": "a file cannot be moved to another file system",
}


def os_error_reason(error: BaseException) -> str:
    """Why an OSError happened, by its errno, as an English template the catalogue translates."""
    name = errno.errorcode.get(getattr(error, "errno", None) or -1)
    return OS_REASONS.get(name) or str(getattr(error, "strerror", None) or error)
