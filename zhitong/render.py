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
from dataclasses import dataclass
from functools import lru_cache

# C0 and C1 controls, DEL, and the bidi overrides that can reorder what a terminal shows.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")

COLORS = {"red": "31", "green": "32", "amber": "33", "blue": "34", "dim": "2", "bold": "1"}


def clean(value) -> str:
    """A cell's text with escape sequences and control characters removed, one line."""
    if value is None:
        return ""
    text = str(value)
    if text.isascii() and text.isprintable():
        return text
    text = _ANSI.sub("", text)
    return _CONTROL.sub(" ", text)


@lru_cache(maxsize=65536)
def _wide_width(text: str) -> int:
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return width


def width(text: str) -> int:
    """How many terminal cells ``text`` takes."""
    return len(text) if text.isascii() else _wide_width(text)


def fit(text: str, cells: int) -> str:
    """Cut ``text`` to ``cells`` display cells, ending with … when cut; never mid-character."""
    if width(text) <= cells:
        return text
    if cells <= 0:
        return ""
    out, used = [], 0
    for char in text:
        w = 0 if unicodedata.combining(char) else (2 if unicodedata.east_asian_width(char) in "WF" else 1)
        if used + w > cells - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…"


def use_color(stream=None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()


def paint(text: str, color: str | None, enabled: bool) -> str:
    if not enabled or not color or not text:
        return text
    return f"\x1b[{COLORS[color]}m{text}\x1b[0m"


def terminal_width(default: int = 100) -> int:
    columns = os.environ.get("COLUMNS")
    if columns and columns.isdigit():
        return int(columns)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return default


@dataclass(frozen=True)
class Column:
    header: str
    align: str = "left"  # or "right"
    flexible: bool = False  # shrinks first when the table is too wide
    minimum: int = 4


def table(columns: list[Column], rows: list[list], *, colors: list[list] | None = None, max_width: int | None = None, color: bool = False) -> str:
    """Render rows under headers, columns separated by two spaces, fitted to ``max_width``."""
    texts = [[clean(cell) for cell in row] for row in rows]
    headers = [clean(column.header) for column in columns]
    widths = [width(header) for header in headers]
    for row in texts:
        for index, cell in enumerate(row):
            cell_width = width(cell)
            if cell_width > widths[index]:
                widths[index] = cell_width
    limit = max_width or terminal_width()
    overflow = sum(widths) + 2 * (len(widths) - 1) - limit
    if overflow > 0:
        for index, column in enumerate(columns):
            if column.flexible and overflow > 0:
                cut = min(overflow, widths[index] - max(column.minimum, width(headers[index])))
                if cut > 0:
                    widths[index] -= cut
                    overflow -= cut
    lines = [_line(headers, widths, columns, None, color, header=True)]
    for number, row in enumerate(texts):
        lines.append(_line(row, widths, columns, colors[number] if colors else None, color))
    return "\n".join(lines)


def _line(cells, widths, columns, colors, color, header=False) -> str:
    parts = []
    last = len(cells) - 1
    for index, cell in enumerate(cells):
        cell = fit(cell, widths[index])
        pad = widths[index] - width(cell)
        if index == last and columns[index].align == "left":
            padded = cell  # no trailing spaces
        elif columns[index].align == "right":
            padded = " " * pad + cell
        else:
            padded = cell + " " * pad
        tint = "bold" if header else (colors[index] if colors else None)
        parts.append(paint(padded, tint, color))
    return "  ".join(parts).rstrip()


def bar(fraction: float, cells: int = 20) -> str:
    """A horizontal bar of ``cells`` cells, filled to ``fraction`` (0–1), in eighths."""
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * cells * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest] if rest else ""
    return ("█" * full + partial).ljust(cells)
