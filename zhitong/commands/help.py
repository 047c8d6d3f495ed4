"""`zhitong --help` and every command's help, in the officer's language.

Commands grouped by what they are for, examples kept as written. The help texts stay in
English where each command is defined (its docstring, each option's ``help=``); under zh they
are translated as the help is printed, keyed by the English, from ``zhitong.text.help_catalog``
(``tests/test_help_language.py`` fails when a text has no Chinese there). Nothing of this runs
unless help is asked for: an ordinary command pays one method call.
"""

from __future__ import annotations

import inspect
from contextlib import contextmanager

import typer

PANEL_ORDER = ("Getting started", "Cases", "Views", "Reports", "Records", "Calendar", "Maintenance")

# The root's command line, kept where every context of the run can read it: `zhitong --help`
# is printed while the line is still being parsed, before the callback has read --lang.
ARGV = "zhitong.argv"


class HelpInLanguage:
    """Mixed into every zhitong command and group (``prepare``): help in the officer's language."""

    def parse_args(self, ctx, args):
        if ctx.parent is None:
            ctx.meta[ARGV] = list(args)
        return super().parse_args(ctx, args)

    def get_help(self, ctx):
        if help_language(ctx) == "zh":
            return chinese_help(self, ctx)
        return super().get_help(ctx)


def help_language(ctx) -> str:
    """zh or en, chosen as for the rest of the interface: --lang, ZHITONG_LANG, config, locale.

    Read again here because `zhitong --help` comes before the callback that chooses it; the
    config file is read only when neither --lang nor ZHITONG_LANG decides.
    """
    import os

    from zhitong.commands import argv as argv_reader
    from zhitong.edge import language as languages

    root = ctx.find_root()
    explicit = root.params.get("lang") or argv_reader.read(root.meta.get(ARGV, [])).options.get("--lang")
    explicit = explicit if isinstance(explicit, str) else None
    if explicit or os.environ.get("ZHITONG_LANG", "").strip():
        chosen = languages.detect(explicit)
    else:
        chosen = languages.detect(None, _configured_language())
    return chosen if chosen in languages.LANGS else "en"


def _configured_language() -> str | None:
    from zhitong.core.errors import ZhitongError
    from zhitong.edge.config import load_config

    try:
        return load_config().get("language")
    except ZhitongError:  # a bad config file is reported by the command itself, not by its help
        return None


# -- preparing the commands (once, as they are loaded) ------------------------------------------------


def prepare(typer_app: typer.Typer) -> None:
    """Ready every registered command's help: examples kept verbatim, help in the officer's language."""
    keep_examples_verbatim(typer_app)
    speak_the_officers_language(typer_app)


def speak_the_officers_language(typer_app: typer.Typer) -> None:
    """Give every command and group (and the app itself) the HelpInLanguage mixin.

    Done on the registrations, as for the examples, so that a command added to any command
    module gets it without saying so; a command with a class of its own keeps it, mixed.
    """
    from typer.core import TyperCommand, TyperGroup
    from typer.models import DefaultPlaceholder

    def given(value):
        return None if isinstance(value, DefaultPlaceholder) else value

    typer_app.info.cls = _with_help(given(typer_app.info.cls) or TyperGroup)
    for info in typer_app.registered_commands:
        info.cls = _with_help(info.cls or TyperCommand)
    for group in typer_app.registered_groups:
        instance = group.typer_instance
        group.cls = _with_help(given(group.cls) or given(instance.info.cls) or TyperGroup)
        speak_the_officers_language(instance)


_MIXED: dict[type, type] = {}


def _with_help(cls: type) -> type:
    if issubclass(cls, HelpInLanguage):
        return cls
    if cls not in _MIXED:
        _MIXED[cls] = type(cls.__name__, (HelpInLanguage, cls), {"__module__": __name__})
    return _MIXED[cls]


def keep_examples_verbatim(typer_app: typer.Typer) -> None:
    """Mark each indented block of every command's and group's help (its examples) as not to be re-wrapped.


    Click re-flows help paragraphs unless they start with a \\b line; writing that marker into
    every docstring would clutter them, so it is added here once, before Typer reads them.
    """
    if isinstance(typer_app.info.help, str):
        typer_app.info.help = _marked(typer_app.info.help)
    for info in typer_app.registered_commands:
        if info.callback is not None and info.callback.__doc__:
            info.callback.__doc__ = _marked(info.callback.__doc__)
    for group in typer_app.registered_groups:
        if isinstance(group.help, str):
            group.help = _marked(group.help)
        keep_examples_verbatim(group.typer_instance)


def _marked(text: str) -> str:
    if "\b" in text:
        return text
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join("\b\n" + p if p.startswith("    ") else p for p in paragraphs)


# -- the command list, grouped -------------------------------------------------------------------------


def command_sections(group, ctx) -> list[tuple[str, list]]:
    """(panel title, [(name, command)…]) in PANEL_ORDER; commands without a panel under "Commands"."""
    sections: dict[str, list] = {}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        sections.setdefault(getattr(command, "rich_help_panel", None) or "Commands", []).append((name, command))
    order = [title for title in PANEL_ORDER if title in sections] + [title for title in sections if title not in PANEL_ORDER]
    return [(title, sections[title]) for title in order]


def format_command_sections(group, ctx, formatter) -> None:
    """List the sub-commands under their panel headings (Cases, Views, Reports, …).


    Typer draws rich_help_panel sections only through Rich, which zhitong turns off
    (rich_markup_mode=None) for fast, plain help; this does the same with Click's formatter.
    Names line up across sections.
    """
    sections = command_sections(group, ctx)
    if not sections:
        return
    cells = max(len(name) for _title, entries in sections for name, _command in entries)
    limit = formatter.width - 6 - cells
    for title, entries in sections:
        rows = [(name.ljust(cells), command.get_short_help_str(limit)) for name, command in entries]
        with formatter.section(title):
            formatter.write_dl(rows)


# -- help in Chinese -------------------------------------------------------------------------------------


def chinese_help(command, ctx) -> str:
    """The command's help with every text, heading and Click's own words in Chinese.

    Laid out as Click lays out the English (usage, text, arguments, options, commands), but by
    display width: a Chinese character takes two cells, and lines break between characters.
    Examples (the \\b blocks) are written as they are: they run the same in either language.
    """
    from zhitong.text.help_catalog import ARGUMENTS, HELP, METAVARS

    def in_chinese(text: str) -> str:
        return HELP.get(key(text), text)

    page = Page(ctx.make_formatter().width)
    pieces = [in_chinese(command.options_metavar)] if command.options_metavar else []
    params = command.get_params(ctx)
    for param in params:
        pieces += [_argument_name(param, piece, ARGUMENTS) for piece in param.get_usage_pieces(ctx)]
    if getattr(command, "commands", None) is not None:
        pieces.append(in_chinese(command.subcommand_metavar))
    page.usage(in_chinese("Usage:"), ctx.command_path, " ".join(pieces))

    text = inspect.cleandoc(command.help or "").partition("\f")[0]
    if command.deprecated:
        text = f"{text}\n\n{in_chinese('(DEPRECATED)')}"
    with page.indented():
        page.paragraphs(text, in_chinese)

    arguments, options = [], []
    for param in params:
        record = param.get_help_record(ctx)
        if record is None:
            continue
        term, described = record
        if param.param_type_name == "argument":
            arguments.append((_argument_name(param, term, ARGUMENTS), _described(param, described, in_chinese)))
        elif param.param_type_name == "option":
            options.append((_option_terms(param, ctx, term, METAVARS), _described(param, described, in_chinese)))
    for title, rows in (("Arguments", arguments), ("Options", options)):
        if rows:
            with page.section(in_chinese(title)):
                page.definitions(rows)

    if getattr(command, "commands", None) is not None:
        sections = command_sections(command, ctx)
        cells = max((len(name) for _title, entries in sections for name, _command in entries), default=0)
        for title, entries in sections:
            with page.section(in_chinese(title)):
                page.definitions([(name.ljust(cells), short_help(sub, in_chinese, page.width - 6 - cells)) for name, sub in entries])

    if command.epilog:
        with page.indented():
            page.paragraphs(inspect.cleandoc(command.epilog), in_chinese)
    return page.text()


def key(text: str) -> str:
    """The catalogue key of a help text: its words joined by single spaces (re-wrapping keeps it)."""
    return " ".join(text.split())


def paragraphs(text: str) -> list[tuple[bool, list[str]]]:
    """(verbatim, lines) for each paragraph, as Click splits them: at empty lines; \\b marks verbatim."""
    found: list[tuple[bool, list[str]]] = []
    lines: list[str] = []
    for line in [*text.expandtabs().splitlines(), ""]:
        if line:
            lines.append(line)
            continue
        if lines:
            verbatim = lines[0].strip() == "\b"
            found.append((verbatim, lines[1:] if verbatim else lines))
            lines = []
    return found


def prose(text: str) -> list[str]:
    """The paragraphs of a help text that are translated (all but the verbatim examples), as keys."""
    return [key(" ".join(lines)) for verbatim, lines in paragraphs(text) if not verbatim]


def short_help(command, in_chinese, cells: int) -> str:
    """The first sentence of the command's help in Chinese, within ``cells`` display cells.

    Too long, it is cut after its last clause (at ，；：) that fits, else between characters.
    """
    from zhitong.text.render import fit, width

    if command.short_help:
        summary = in_chinese(command.short_help)
    else:
        first = prose(inspect.cleandoc(command.help or ""))[:1]
        summary = in_chinese(first[0]) if first else ""
        ends = [at for at in map(summary.find, "。？！") if at != -1]
        summary = summary[: min(ends) + 1] if ends else summary
    cells = max(cells, 10)
    if width(summary) <= cells:
        return summary
    clauses = [at for at, char in enumerate(summary) if char in "，；：" and width(summary[:at]) + 1 <= cells]
    return summary[: clauses[-1]] + "…" if clauses else fit(summary, cells)


def _argument_name(param, text: str, names: dict[str, str]) -> str:
    if param.param_type_name != "argument" or param.metavar is not None or not param.name:
        return text
    return text.replace(param.name, names.get(param.name, param.name), 1)


def _option_terms(param, ctx, term: str, metavars: dict[str, str]) -> str:
    """`--db <path>` as `--db <路径>`: the type's name in Chinese; option names stay as typed."""
    if param.metavar is not None or param.is_flag or param.count:
        return term
    shown = param.make_metavar(ctx)
    name = getattr(param.type, "name", "")
    if shown.removesuffix("...") != f"<{name}>" or name not in metavars:
        return term
    return term.replace(shown, shown.replace(name, metavars[name], 1))


def _described(param, described: str, in_chinese) -> str:
    """A parameter's help in Chinese, and what Click appends to it ([default: …], [required])."""
    english = param.help or ""
    if not described.startswith(english):
        return described
    extras = described[len(english) :].strip()
    text = in_chinese(english) if english else ""
    if extras.startswith("[") and extras.endswith("]"):
        words = []
        for word in extras[1:-1].split("; "):
            name, colon, value = word.partition(": ")
            if colon and f"{name}: {{}}" in _EXTRAS:
                words.append(in_chinese(f"{name}: {{}}").format(value))
            else:
                words.append(in_chinese(word))
        extras = "[" + "；".join(words) + "]"
    return f"{text}  {extras}" if text and extras else text or extras


# Click's notes after a parameter's help: with a value after the colon, or a word on its own.
_EXTRAS = ("default: {}", "env var: {}", "required")


# -- laying out Chinese by display width ---------------------------------------------------------------

# Punctuation a line may not begin with (it joins the word before) or end with (it joins the next).
_CLOSING = frozenset("，。；：、！？）》」』】〕…—,.;:!?)]}")
_OPENING = frozenset("（《「『【〔")


def words(text: str) -> list[str]:
    """The pieces a line may break between: a Latin word, one Chinese character, or a space (" ").

    Closing punctuation sticks to the piece before it, opening punctuation to the one after;
    a bracketed word (`[选项]`, `{企业}`, `[默认：csv]`) is one piece.
    """
    from zhitong.text.render import char_width

    pieces: list[str] = []
    latin, bracketed = "", False
    for char in text:
        if bracketed and not char.isspace():
            latin += char
            bracketed = char not in "]}"
            continue
        bracketed = char in "[{"
        if char.isspace() or (char_width(char) == 2 and not bracketed):
            if latin:
                pieces.append(latin)
                latin = ""
            if not char.isspace():
                pieces.append(char)
            elif pieces and pieces[-1] != " ":
                pieces.append(" ")
        else:
            latin += char
    if latin:
        pieces.append(latin)
    glued: list[str] = []
    for piece in pieces:
        if glued and piece != " " and glued[-1] != " " and (piece[0] in _CLOSING or glued[-1][-1] in _OPENING):
            glued[-1] += piece
        else:
            glued.append(piece)
    return glued


def wrap(text: str, cells: int, first: str = "", rest: str = "") -> list[str]:
    """``text`` in lines of at most ``cells`` display cells (a longer word stands alone on its line).

    ``first`` begins the first line, ``rest`` every other one (both count in the cells).
    """
    from zhitong.text.render import width

    lines: list[str] = []
    line, used, empty, space = first, width(first), True, False
    for piece in words(text):
        if piece == " ":
            space = not empty
            continue
        size = width(piece)
        gap = 1 if space else 0
        if not empty and used + gap + size > cells:
            lines.append(line)
            line, used = rest + piece, width(rest) + size
        else:
            line, used = line + " " * gap + piece, used + gap + size
        empty, space = False, False
    lines.append(line)
    return lines


class Page:
    """A help page as Click's HelpFormatter writes one, measured in display cells."""

    def __init__(self, width: int):
        self.width = width
        self.indent = 0
        self.lines: list[str] = []

    def gap(self) -> None:
        if self.lines:
            self.lines.append("")

    @contextmanager
    def indented(self):
        self.indent += 2
        try:
            yield
        finally:
            self.indent -= 2

    @contextmanager
    def section(self, title: str):
        self.gap()
        self.lines.append(" " * self.indent + title + "：")
        with self.indented():
            yield

    def usage(self, prefix: str, prog: str, arguments: str) -> None:
        from zhitong.text.render import width

        lead = f"{' ' * self.indent}{prefix}{prog} "
        if self.width - self.indent >= width(lead) + 20:
            self.lines += wrap(arguments, self.width - self.indent, lead, " " * width(lead))
        else:
            self.lines.append(lead.rstrip())
            hang = " " * (max(self.indent, width(prefix)) + 4)
            self.lines += wrap(arguments, self.width - self.indent, hang, hang)

    def paragraphs(self, text: str, in_chinese) -> None:
        """Each paragraph of ``text``: prose translated and re-wrapped, verbatim blocks as written."""
        margin = " " * self.indent
        for verbatim, lines in paragraphs(text):
            self.gap()
            if verbatim:
                self.lines += [margin + line for line in lines]
                continue
            own = " " * (len(lines[0]) - len(lines[0].lstrip()))
            self.lines += wrap(in_chinese(" ".join(lines)), self.width, margin + own, margin + own)

    def definitions(self, rows: list[tuple[str, str]]) -> None:
        """Terms and their texts in two columns, as Click's write_dl sets them out."""
        from zhitong.text.render import width

        margin = " " * self.indent
        column = min(max(width(term) for term, _text in rows), 30) + 2
        for term, text in rows:
            if not text:
                self.lines.append(margin + term)
                continue
            lines = wrap(text, max(self.width - column - 2, 10))
            if width(term) <= column - 2:
                self.lines.append(margin + term + " " * (column - width(term)) + lines[0])
            else:
                self.lines += [margin + term, margin + " " * column + lines[0]]
            self.lines += [margin + " " * column + line for line in lines[1:]]

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.lines)
