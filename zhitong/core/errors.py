"""Errors the core raises; the CLI turns each into one line on stderr and an exit status.

Messages are English templates with named fields; ``i18n`` renders them in the officer's
language, so the core never needs to know which one that is.
"""


class ZhitongError(Exception):
    """A problem the user can fix: bad input, a refused action, a foreign file."""

    exit_code = 2

    def __init__(self, template: str, *, hint: str | None = None, **fields):
        self.template = template
        self.hint = hint
        self.fields = fields
        super().__init__(self.render())

    def render(self, lang: str = "en") -> str:
        from zhitong.text.i18n import tr

        text = tr(self.template, lang, **self.fields)
        if self.hint:
            text += tr(" — {hint}", lang, hint=tr(self.hint, lang, **self.fields))
        return text


class InputError(ZhitongError):
    """An argument, date, CSV row or config value that cannot be used as given."""


class NotFoundError(ZhitongError):
    """A reference, department or enterprise that does not exist (or is ambiguous)."""


class RefusedError(ZhitongError):
    """An action the case's state does not allow."""


class DatabaseError(ZhitongError):
    """A database file that is not zhitong's, is damaged, or is newer than this zhitong."""
