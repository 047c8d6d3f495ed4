"""Plain-text tables that line up Chinese text, fast enough for thousands of rows.

Rich lays out a table at about a third of a millisecond per row; the morning view can hold
tens of thousands, so tables are drawn here by display width (East Asian wide characters take
two cells). Every cell passes through ``clean`` first: user text is shown, never obeyed.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

# C0 and C1 controls, DEL, and the bidi overrides that can reorder what a terminal shows.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")

COLORS = {"red": "31", "green": "32", "amber": "33", "blue": "34", "dim": "2", "bold": "1"}
GAP = 2  # cells between columns


def clean(value) -> str:
    """A cell's text with escape sequences and control characters removed, one line."""
    if value is None:
        return ""
    text = str(value)
    if _CONTROL.search(text) is None:  # every escape sequence starts with a control character
        return text
    text = _ANSI.sub("", text)
    return _CONTROL.sub(" ", text)


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
    size = width(text)
    if size <= cells:
        return text
    if cells <= 0:
        return ""
    if text.isascii():  # one cell a character
        return text[: cells - 1] + "…"
    if size == 2 * len(text):  # two cells a character (Chinese text, full-width punctuation)
        return text[: (cells - 1) // 2] + "…"
    # the longest prefix that leaves a cell for the ellipsis (zero-width marks stay with their character)
    return text[: bisect_right(list(accumulate(map(char_width, text))), cells - 1)] + "…"


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


class Column(NamedTuple):
    header: str
    align: str = "left"  # or "right"
    flexible: bool = False  # may be cut (with …) to fit the terminal
    minimum: int = 4  # a flexible column is not cut below this while another column can go
    optional: int = 0  # 0: always shown; otherwise hidden when the table cannot fit, highest first


def layout(columns: list[Column], natural: list[int], limit: int) -> list[int]:
    """Each column's width in cells (0: hidden) so that the table fits ``limit`` cells.

    Optional columns go first (highest ``optional`` first) while the rest cannot fit with every
    flexible column at its minimum; then the flexible columns give up the overflow in
    proportion to what each has above its minimum, so the widest gives most and a long title
    keeps a fair share. No column is cut below its minimum.
    """
    headers = [width(column.header) for column in columns]
    floors = [
        min(size, max(column.minimum, header)) if column.flexible else size for column, size, header in zip(columns, natural, headers)
    ]
    shown = list(range(len(columns)))

    def needed(sizes) -> int:
        return sum(sizes[i] for i in shown) + GAP * (len(shown) - 1)

    optional = sorted((i for i, c in enumerate(columns) if c.optional), key=lambda i: (-columns[i].optional, -i))
    for index in optional:
        if needed(floors) <= limit:
            break
        shown.remove(index)
    widths = [natural[i] if i in shown else 0 for i in range(len(columns))]
    overflow = needed(widths) - limit
    if overflow > 0:
        flexible = [i for i in shown if columns[i].flexible]
        # Never below the floor: a name cut to a stub says nothing; on a terminal too narrow
        # even for the floors, the lines wrap instead.
        _shrink(widths, flexible, {i: floors[i] for i in flexible}, overflow)
    return widths


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
    one scan, not cell by cell, which keeps a thousand-row table to a few milliseconds.
    """
    count = len(columns)
    blank = ("",) * count
    headers = [clean(column.header) for column in columns]
    texts = [_column_texts(cells) for cells in zip(*[(*row, *blank)[:count] for row in rows])] or [[] for _ in columns]
    sizes = [_column_widths(cells) for cells in texts]
    natural = [max([width(header), *column_sizes]) for header, column_sizes in zip(headers, sizes)]
    widths = layout(
        [Column(h, c.align, c.flexible, c.minimum, c.optional) for h, c in zip(headers, columns)], natural, max_width or terminal_width()
    )
    shown = [index for index, size in enumerate(widths) if size > 0 or not columns[index].optional]
    laid_out = []
    for index in shown:
        right = columns[index].align == "right"
        padded = right or index != shown[-1]  # the last left-aligned column gets no trailing spaces
        tints = None
        if color:
            tints = ["bold", *(row[index] if row else None for row in colors)] if colors else ["bold"] + [None] * len(rows)
        laid_out.append(
            _cells([headers[index], *texts[index]], [width(headers[index]), *sizes[index]], widths[index], right, padded, tints)
        )
    if not laid_out:  # every column hidden: a line each, all empty
        return "\n" * len(rows)
    return "\n".join((" " * GAP).join(parts).rstrip() for parts in zip(*laid_out))


def _column_texts(values) -> list[str]:
    texts = [value if type(value) is str else clean(value) for value in values]
    if _CONTROL.search("".join(texts)) is None:  # one scan for the whole column
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
            text = fit(text, cells)
            size = width(text)
        if padded and size < cells:
            text = " " * (cells - size) + text if right else text + " " * (cells - size)
        if tints and tints[number]:
            text = paint(text, tints[number], True)
        laid_out.append(text)
    return laid_out


def bar(fraction: float, cells: int = 20) -> str:
    """A horizontal bar of ``cells`` cells, filled to ``fraction`` (0–1), in eighths."""
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * cells * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest] if rest else ""
    return ("█" * full + partial).ljust(cells)
