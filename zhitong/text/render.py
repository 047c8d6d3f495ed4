"""Plain-text tables that line up Chinese text, fast enough for thousands of rows.

Rich lays out a table at about a third of a millisecond per row; the morning view can hold
tens of thousands, so tables are drawn here by display width (East Asian wide characters take
two cells). Every cell passes through ``clean`` first: user text is shown, never obeyed.
"""

import os
import re
import sys
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

# C0 and C1 controls and DEL, the bidi overrides that can reorder what a terminal shows, and
# the Unicode line and paragraph separators (U+2028, U+2029; U+0085 is in \x7f-\x9f), which a
# terminal or a group chat would break a line on.
# Every one of them is unprintable (str.isprintable), so printable text, as nearly all is, is
# let through without a search, and the patterns are compiled on first use (re's cache).
_CONTROL = r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
_ANSI = r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])"

COLORS = {
    "red": "31",
    "green": "32",
    "amber": "33",
    "blue": "34",
    "dim": "2",
    "bold": "1",
    "match": "7",
}  # match: reverse video, as less marks what it found
GAP = 2  # cells between columns


def clean(value) -> str:
    """A cell's text with escape sequences and control characters removed, one line."""
    if value is None:
        return ""
    text = str(value)
    if text.isprintable():  # no control character, and every escape sequence starts with one
        return text
    text = re.sub(_ANSI, "", text)
    return re.sub(_CONTROL, " ", text)


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Cells one character takes: 2 for East Asian wide and full-width, 0 for marks and joiners."""
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


@lru_cache(maxsize=65536)
def _wide_width(text: str) -> int:
    return sum(map(char_width, text))


def width(text: str) -> int:
    """How many terminal cells ``text`` takes."""
    return len(text) if text.isascii() else _wide_width(text)


def fit(text: str, cells: int) -> str:
    """Cut ``text`` to ``cells`` display cells, ending with … when cut; never mid-character."""
    return fitted(text, width(text), cells)[0]


def fitted(text: str, size: int, cells: int) -> tuple[str, int]:
    """``fit`` for a text known to take ``size`` cells, with the cells the result takes.

    A table cuts a thousand titles: their widths are worked out, not measured again.
    """
    if size <= cells:
        return text, size
    if cells <= 0:
        return "", 0
    if text.isascii():  # one cell a character; … takes one
        return text[: cells - 1] + "…", cells
    if size == 2 * len(text):  # two cells a character (Chinese text, full-width punctuation)
        kept = (cells - 1) // 2
        return text[:kept] + "…", 2 * kept + 1
    # the longest prefix that leaves a cell for the ellipsis (zero-width marks stay with their character)
    cut = text[: bisect_right(list(accumulate(map(char_width, text))), cells - 1)] + "…"
    return cut, width(cut)


def pad(text: str, cells: int, align: str = "left") -> str:
    """``text`` fitted to exactly ``cells`` display cells (cut with …, or padded with spaces)."""
    text = fit(text, cells)
    room = " " * (cells - width(text))
    return room + text if align == "right" else text + room


def use_color(stream=None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    stream = stream or sys.stdout
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def paint(text: str, color: str | None, enabled: bool) -> str:
    if not enabled or not color or not text:
        return text
    return f"\x1b[{COLORS[color]}m{text}\x1b[0m"


def terminal_width(default: int = 100) -> int:
    columns = os.environ.get("COLUMNS")
    if columns and columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return default


class Short(NamedTuple):
    """A cell with a shorter form (a mark for a word), shown once its column gives way (``Column.short``)."""

    full: str
    brief: str


class Marked(NamedTuple):
    """A cell's text with spans to mark, such as a search's matches (``Column.marked``).

    Cut to its column, the text keeps the first span in view with what surrounds it on both
    sides; the spans are painted on a terminal, or put between 【】 when colour is off.
    """

    text: str
    spans: tuple[tuple[int, int], ...] = ()


class Column(NamedTuple):
    """One column of a table, and how it gives way on a narrow terminal (see ``plan``)."""

    header: str
    align: str = "left"  # or "right"
    flexible: bool = False  # may be cut (with …) to fit the terminal
    minimum: int = 4  # a flexible column is not cut below this while a give-way step remains
    optional: int = 0  # the give-way step at which the column is hidden (0: never)
    short: int = 0  # the step at which it takes its short form: Short cells' brief text, short_header
    short_header: str = ""  # the header of the short form ("" keeps the header)
    legend: str = ""  # printed under the table while the column shows its short form
    squeeze: int = 0  # the step at which its floor falls from ``minimum`` to ``floor``
    floor: int = 0
    marked: bool = False  # its cells are Marked texts


class Plan(NamedTuple):
    widths: list[int]  # each column's width in cells; 0: hidden
    short: frozenset[int]  # the columns shown in their short form


def layout(columns: list[Column], natural: list[int], limit: int) -> list[int]:
    """Each column's width in cells (0: hidden) so that the table fits ``limit`` cells."""
    return plan(columns, natural, limit).widths


def plan(columns: list[Column], natural: list[int], limit: int, brief: list[int] | None = None) -> Plan:
    """How a table fits ``limit`` cells: each column's width, and which take their short form.

    ``natural`` is each column's widest cell (its header included), ``brief`` the same in its
    short form. The order in which columns give way is part of each view's spec:

    1. While the table cannot fit with every flexible column at its floor (its ``minimum``,
       never more than its natural width nor less than its header), give-way steps are taken,
       the highest number first; equal numbers one at a time, the rightmost column first. At
       its ``optional`` step a column is hidden; at its ``short`` step it takes its short form
       (marks for words, a shorter header, a shorter bar) and its legend is printed under the
       table; at its ``squeeze`` step a flexible column's floor falls to ``floor``.
    2. Once it fits, each earlier step that a later one has made needless is undone, the
       latest first (when hiding a column leaves room for the flags' words, they come back).
    3. The flexible columns then give up what still overflows, in proportion to what each has
       above its floor, so the widest gives most and a long title keeps a fair share.

    No column is cut below its floor: on a terminal too narrow even for the floors after every
    step, the lines wrap instead.
    """
    brief = brief or natural
    taken: dict[str, set[int]] = {"hide": set(), "short": set(), "squeeze": set()}
    hidden, short, squeezed = taken["hide"], taken["short"], taken["squeeze"]

    def size(i: int) -> int:
        return brief[i] if i in short else natural[i]

    def floor(i: int) -> int:
        column = columns[i]
        if not column.flexible:
            return size(i)
        header = width(column.short_header if i in short and column.short_header else column.header)
        least = column.floor if i in squeezed else column.minimum
        return min(size(i), max(least, header))

    def needed(sizes) -> int:
        shown = [i for i in range(len(columns)) if i not in hidden]
        return sum(sizes(i) for i in shown) + GAP * (len(shown) - 1)

    steps = [(c.optional, i, "hide") for i, c in enumerate(columns) if c.optional]
    steps += [(c.short, i, "short") for i, c in enumerate(columns) if c.short]
    steps += [(c.squeeze, i, "squeeze") for i, c in enumerate(columns) if c.squeeze and c.flexible]
    done = []
    for _step, index, action in sorted(steps, key=lambda step: (-step[0], -step[1])):
        if needed(floor) <= limit:
            break
        taken[action].add(index)
        done.append((index, action))
    for index, action in reversed(done[:-1]):  # a step that a later one made needless is undone
        taken[action].discard(index)
        if needed(floor) > limit:
            taken[action].add(index)
    shown = [i for i in range(len(columns)) if i not in hidden]
    widths = [size(i) if i in shown else 0 for i in range(len(columns))]
    overflow = needed(widths.__getitem__) - limit
    if overflow > 0:
        flexible = [i for i in shown if columns[i].flexible]
        _shrink(widths, flexible, {i: floor(i) for i in flexible}, overflow)
    return Plan(widths, frozenset(short - hidden))


def _shrink(widths: list[int], indexes: list[int], floors: dict[int, int], overflow: int) -> int:
    """Take ``overflow`` cells from the columns, each in proportion to its room above its floor."""
    room = {i: max(widths[i] - floors[i], 0) for i in indexes}
    total = sum(room.values())
    if total <= 0:
        return overflow
    take = min(overflow, total)
    shares = {i: take * room[i] / total for i in indexes}
    cuts = {i: int(shares[i]) for i in indexes}
    # largest remainders first, widest first on ties, never past a column's floor
    leftover = take - sum(cuts.values())
    for i in sorted(indexes, key=lambda i: (-(shares[i] - cuts[i]), -widths[i], i)):
        if leftover <= 0:
            break
        if cuts[i] < room[i]:
            cuts[i] += 1
            leftover -= 1
    for i in indexes:
        widths[i] -= cuts[i]
    return overflow - take


def table(
    columns: list[Column], rows: list[list], *, colors: list[list] | None = None, max_width: int | None = None, color: bool = False
) -> str:
    """Render rows under headers, columns separated by two spaces, fitted to ``max_width``.

    Worked column by column: a column of plain text (most are) is cleaned and measured with
    one scan, not cell by cell, which keeps a thousand-row table to a few milliseconds. A
    column with a short form holds Short cells (or plain text, the same in both forms); a
    marked column holds Marked texts.
    """
    count = len(columns)
    blank = ("",) * count
    values = list(zip(*[(*row, *blank)[:count] for row in rows])) or [() for _ in columns]
    headers = [clean(column.header) for column in columns]
    short_headers = [clean(column.short_header) or header for column, header in zip(columns, headers)]
    texts, briefs = [], []
    for column, cells in zip(columns, values):
        if column.marked:
            texts.append([_marked_text(cell, color) for cell in cells])
            briefs.append(texts[-1])
        elif column.short:
            texts.append(_column_texts([cell.full if type(cell) is Short else cell for cell in cells]))
            briefs.append(_column_texts([cell.brief if type(cell) is Short else cell for cell in cells]))
        else:
            texts.append(_column_texts(cells))
            briefs.append(texts[-1])
    sizes = [_column_widths(cells) for cells in texts]
    brief_sizes = [size if brief is text else _column_widths(brief) for size, brief, text in zip(sizes, briefs, texts)]
    natural = [max([width(header), *column_sizes]) for header, column_sizes in zip(headers, sizes)]
    brief = [max([width(header), *column_sizes]) for header, column_sizes in zip(short_headers, brief_sizes)]
    fitted = plan(
        [c._replace(header=h, short_header=s) for c, h, s in zip(columns, headers, short_headers)],
        natural,
        max_width or terminal_width(),
        brief,
    )
    widths = fitted.widths
    shown = [index for index, size in enumerate(widths) if size > 0 or not columns[index].optional]
    laid_out = []
    for index in shown:
        right = columns[index].align == "right"
        padded = right or index != shown[-1]  # the last left-aligned column gets no trailing spaces
        tints = None
        if color:
            tints = ["bold", *(row[index] if row else None for row in colors)] if colors else ["bold"] + [None] * len(rows)
        if index in fitted.short:
            header, cells, cell_sizes = short_headers[index], briefs[index], brief_sizes[index]
        else:
            header, cells, cell_sizes = headers[index], texts[index], sizes[index]
        if columns[index].marked:
            laid_out.append(_marked_cells(header, values[index], widths[index], right, padded, color))
        else:
            laid_out.append(_cells([header, *cells], [width(header), *cell_sizes], widths[index], right, padded, tints))
    if not laid_out:  # every column hidden: a line each, all empty
        return "\n" * len(rows)
    text = "\n".join((" " * GAP).join(parts).rstrip() for parts in zip(*laid_out))
    legends = [clean(columns[index].legend) for index in shown if index in fitted.short and columns[index].legend]
    return "\n\n".join([text, "\n".join(legends)]) if legends else text


def _column_texts(values) -> list[str]:
    texts = [value if type(value) is str else clean(value) for value in values]
    if "".join(texts).isprintable():  # one scan for the whole column
        return texts
    return [clean(text) for text in texts]


def _column_widths(texts: list[str]) -> list[int]:
    if "".join(texts).isascii():
        return list(map(len, texts))
    return list(map(width, texts))


def _cells(texts: list[str], sizes: list[int], cells: int, right: bool, padded: bool, tints) -> list[str]:
    """One column's cells fitted to ``cells`` display cells (cut with …, padded unless last)."""
    laid_out = []
    for number, (text, size) in enumerate(zip(texts, sizes)):
        if size > cells:
            text, size = fitted(text, size, cells)
        if padded and size < cells:
            text = " " * (cells - size) + text if right else text + " " * (cells - size)
        if tints and tints[number]:
            text = paint(text, tints[number], True)
        laid_out.append(text)
    return laid_out


MARK_OPEN, MARK_CLOSE = "【", "】"  # around a mark when colour is off


def _pieces(cell: Marked) -> list[tuple[str, bool]]:
    """The cell's text in runs, marked or not, each cleaned on its own so the spans stay true."""
    pieces, at = [], 0
    text = str(cell.text)
    for start, end in sorted(cell.spans):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        if start > at:
            pieces.append((clean(text[at:start]), False))
        pieces.append((clean(text[start:end]), True))
        at = end
    if at < len(text):
        pieces.append((clean(text[at:]), False))
    return pieces


def _marked_text(cell, color: bool) -> str:
    """A cell of a marked column as shown whole: its marks between 【】 when colour is off."""
    if type(cell) is not Marked:
        return clean(cell)
    return "".join(MARK_OPEN + text + MARK_CLOSE if marked and not color else text for text, marked in _pieces(cell))


def fit_marked(cell: Marked, cells: int, brackets: bool) -> list[tuple[str, bool]]:
    """The runs of ``cell`` (text, marked) that fit ``cells`` cells, the first mark in view.

    The first mark is kept, then as many of the marks after it as fit whole, then the text
    around them on both sides in turn, so a match at the end of a long text is not cut away;
    each cut end shows …. With ``brackets`` every mark shown (or the part of it that fits)
    stands between 【】, which count in the width.
    """
    chars: list[str] = []
    owner: list[int] = []  # the number of the mark each character belongs to; -1: none
    for number, (text, marked) in enumerate(_pieces(cell)):
        chars.extend(text)
        owner.extend([number if marked else -1] * len(text))
    size = len(chars)
    anchor = next((i for i, mark in enumerate(owner) if mark >= 0), None)
    if anchor is None or cells <= 0:
        return [(fit("".join(chars), cells), False)]
    sizes = [char_width(char) for char in chars]
    extra = width(MARK_OPEN + MARK_CLOSE) if brackets else 0

    def ellipses(lo: int, hi: int) -> int:
        return (lo > 0) + (hi < size)

    lo = hi = anchor
    while hi < size and owner[hi] == owner[anchor]:
        hi += 1
    used = sum(sizes[lo:hi]) + extra
    while hi > lo + 1 and used + ellipses(lo, hi) > cells:  # the mark alone is too wide: its start
        hi -= 1
        used -= sizes[hi]
    if used + ellipses(lo, hi) > cells:
        return [(fit("".join(chars), cells), False)]
    while True:  # as many of the marks that follow as fit whole, before any context is added
        start = next((i for i in range(hi, size) if owner[i] >= 0), None)
        if start is None:
            break
        end = start
        while end < size and owner[end] == owner[start]:
            end += 1
        cost = sum(sizes[hi:end]) + extra
        if used + cost + ellipses(lo, end) > cells:
            break
        hi, used = end, used + cost
    before = after = 0  # cells of context taken on each side
    grew = True
    while grew:
        grew = False
        for side in ("before", "after") if before <= after else ("after", "before"):
            if side == "before" and lo > 0:
                cost = sizes[lo - 1] + (extra if owner[lo - 1] >= 0 and owner[lo - 1] != owner[lo] else 0)
                if used + cost + ellipses(lo - 1, hi) <= cells:
                    lo, used, before, grew = lo - 1, used + cost, before + sizes[lo - 1], True
                    break
            elif side == "after" and hi < size:
                cost = sizes[hi] + (extra if owner[hi] >= 0 and owner[hi] != owner[hi - 1] else 0)
                if used + cost + ellipses(lo, hi + 1) <= cells:
                    hi, used, after, grew = hi + 1, used + cost, after + sizes[hi], True
                    break
    runs: list[tuple[str, bool]] = [("…", False)] if lo > 0 else []
    start = lo
    for index in range(lo + 1, hi + 1):
        if index == hi or owner[index] != owner[start]:
            text, marked = "".join(chars[start:index]), owner[start] >= 0
            runs.append((MARK_OPEN + text + MARK_CLOSE if marked and brackets else text, marked))
            start = index
    if hi < size:
        runs.append(("…", False))
    return runs


def _marked_cells(header: str, values, cells: int, right: bool, padded: bool, color: bool) -> list[str]:
    """A marked column's cells fitted to ``cells`` cells: marks painted, or between 【】."""
    laid_out = []
    for number, value in enumerate([header, *values]):
        if type(value) is Marked:
            runs = fit_marked(value, cells, brackets=not color)
        else:
            runs = [(fit(clean(value), cells), False)]
        size = sum(width(text) for text, _marked in runs)
        text = "".join(paint(text, "match", color) if marked else text for text, marked in runs)
        if number == 0:
            text = paint(text, "bold", color)
        if padded and size < cells:
            text = " " * (cells - size) + text if right else text + " " * (cells - size)
        laid_out.append(text)
    return laid_out


def bar(fraction: float, cells: int = 20) -> str:
    """A horizontal bar of ``cells`` cells, filled to ``fraction`` (0–1), in eighths."""
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * cells * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest] if rest else ""
    return ("█" * full + partial).ljust(cells)
