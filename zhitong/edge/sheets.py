"""Sheets read and written: .xlsx and CSV in the encodings spreadsheets save, read row by row; CSV lines as the csv module writes them.

``read_sheet`` is the one reader of every import (cases, enterprises, the calendar): the first
sheet of a workbook (or the one named), or a CSV in UTF-8 with or without its byte-order mark,
GB18030 or UTF-16, commas or (Excel's "Unicode text") tabs between the cells.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

from zhitong.core.errors import Choices, InputError


def sniff_encoding(path: Path) -> str:
    """utf-16 when the file starts with its byte-order mark (Excel's and WPS's "Unicode text"),
    else utf-8-sig, or gb18030 (what Excel on a Chinese Windows saves) when the file is not UTF-8."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as handle:
        if handle.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return "utf-16"
        handle.seek(0)
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8-sig"
        except UnicodeDecodeError:
            pass
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("gb18030")()
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "gb18030"
        except UnicodeDecodeError:
            raise InputError("{path} is neither UTF-8, GB18030 nor UTF-16 text", hint="save the CSV as UTF-8", path=str(path)) from None


XLSX_SUFFIXES = (".xlsx", ".xlsm")


def read_sheet(path: Path, sheet: str | None = None) -> tuple[list[str], object]:
    """The header cells and an iterator of (line number, cells) for the rows below it, from a
    workbook (by its suffix) or a CSV. Cells are text, as the officer would type them."""
    path = path.expanduser()
    if path.suffix.lower() in XLSX_SUFFIXES:
        return read_xlsx(path, sheet)
    if sheet is not None:
        raise InputError("--sheet goes with a workbook (.xlsx); {path} is a CSV", path=str(path))
    return read_csv(path)


def read_xlsx(path: Path, sheet: str | None = None) -> tuple[list[str], object]:
    """A workbook's sheet in streaming mode (openpyxl read-only): never held whole.

    Line numbers are the sheet's row numbers, as the spreadsheet shows them.
    """
    import zipfile

    from openpyxl import load_workbook

    if not path.exists():
        raise FileNotFoundError(2, "No such file or directory", str(path))
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        if isinstance(error, FileNotFoundError):
            raise
        raise InputError("{path} is not a workbook that can be read", hint="save it again as .xlsx, or as CSV", path=str(path)) from None
    names = book.sheetnames
    if sheet is not None and sheet not in names:
        book.close()
        raise InputError(
            "{path} has no sheet {value!r}", hint="its sheets are: {choices}", path=str(path), value=sheet, choices=Choices(names)
        )
    worksheet = book[sheet if sheet is not None else names[0]]
    rows = _sheet_rows(book, worksheet)
    header = next(rows, (1, None))[1]
    while header and not header[-1]:
        header.pop()
    if not header:
        book.close()
        raise InputError("{path} is empty; its first line must be the header", path=str(path))

    def records():
        try:
            for line, cells in rows:
                if any(cells):
                    yield line, cells
        finally:
            book.close()

    return header, records()


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _VALUE, _INLINE, _TEXT = _MAIN + "row", _MAIN + "v", _MAIN + "is", _MAIN + "t"


def _sheet_rows(book, worksheet):
    """(row number, cell texts) of a read-only sheet, streamed from its XML.

    openpyxl's read-only rows build a dictionary per cell and a Cell per value, three times
    the time of the import that follows; this reads the same XML part with the same shared
    strings and date styles, cell by cell, and clears each row once read. When the workbook
    does not offer them (another openpyxl), its own rows are read instead.
    """
    try:
        source, shared, dates, epoch = worksheet._get_source(), worksheet._shared_strings, book._date_formats, book.epoch
    except AttributeError:
        return (
            (line, [cell_text(value) for value in values]) for line, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
        )
    return _xml_rows(source, shared, dates, epoch)


def _xml_rows(source, shared, dates, epoch):
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.datetime import from_excel

    columns: dict[str, int] = {}
    number = 0
    with source:
        for _event, row in iterparse(source):
            if row.tag != _ROW:
                continue
            number = int(row.get("r") or number + 1)
            cells: list[str] = []
            for cell in row:
                reference = cell.get("r")
                if reference:
                    letters = reference.rstrip("0123456789")
                    column = columns.get(letters)
                    if column is None:
                        column = 0
                        for letter in letters:
                            column = column * 26 + ord(letter) - 64
                        column = columns[letters] = column - 1
                    if column > len(cells):
                        cells.extend([""] * (column - len(cells)))
                kind = cell.get("t", "n")
                if kind == "inlineStr":
                    node = cell.find(_INLINE)
                    cells.append("".join(part.text or "" for part in node.iter(_TEXT)) if node is not None else "")
                    continue
                value = cell.findtext(_VALUE)
                if not value:
                    cells.append("")
                elif kind == "s":
                    cells.append(shared[int(value)])
                elif kind == "n":
                    style = cell.get("s")
                    number_value = float(value) if ("." in value or "E" in value or "e" in value) else int(value)
                    if style and int(style) in dates:
                        try:
                            cells.append(cell_text(from_excel(number_value, epoch)))
                        except (OverflowError, ValueError):
                            cells.append(value)
                    else:
                        cells.append(cell_text(number_value))
                elif kind == "b":
                    cells.append(cell_text(value == "1"))
                else:  # str (a formula's text), e (an error such as #N/A), d (an ISO date)
                    cells.append(value)
            row.clear()
            yield number, cells


def cell_text(value) -> str:
    """A workbook cell as the text it shows: dates as 2026-11-24 09:30, whole numbers without .0."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    return str(value)


def read_csv(path: Path) -> tuple[list[str], object]:
    """The header cells and an iterator of (line number, cells) for the rows below it.


    The file is read as it is iterated, never whole. Line numbers count records as a
    spreadsheet numbers its rows: the header is line 1.
    """
    path = path.expanduser()
    handle = open(path, encoding=sniff_encoding(path), newline="")  # noqa: SIM115 (closed when the rows run out)
    first = handle.readline()
    handle.seek(0)
    # Excel's and WPS's "Unicode text" separates the cells with tabs.
    reader = csv.reader(handle, delimiter="\t" if "\t" in first and "," not in first else ",")
    try:
        header = next(reader, None)
    except csv.Error as error:
        handle.close()
        raise InputError("{path}, line {line}: {reason}", path=str(path), line=1, reason=str(error)) from None
    if header is None or not any(cell.strip() for cell in header):
        handle.close()
        raise InputError("{path} is empty; its first line must be the header", path=str(path))

    def records():
        line = 1
        try:
            for line, cells in enumerate(reader, start=2):
                if any(cells) and (cells[0].strip() or any(cell.strip() for cell in cells)):
                    yield line, cells
        except csv.Error as error:
            raise InputError("{path}, line {line}: {reason}", path=str(path), line=line + 1, reason=str(error)) from None
        finally:
            handle.close()

    return header, records()


# Between the cells of a line as the export reads it, and between the lines of a batch: two
# characters no typed text holds, and when one does the line is read again cell by cell.
CELL_SEPARATOR, _LINE_SEPARATOR = b"\x1f", b"\x1e"
_QUOTED_IF_HELD = (b",", b'"', b"\n", b"\r")


def csv_lines(lines: list[tuple[bytes]], width: int, cells_of: Callable[[bytes], tuple[bytes, ...]]) -> bytes:
    """Lines of ``width`` UTF-8 cells (two or more) joined by ``CELL_SEPARATOR`` as CSV lines,
    exactly as ``csv.writer`` writes the cells (the excel dialect); ``cells_of(line)`` gives
    the cells of a line whose cells hold the separator themselves.

    A batch in which no cell holds a comma, quote, line break or either separator is its lines
    with commas and line ends for the separators, which bytes operations do at once; the csv
    module would look at every character one call at a time. Any other line is quoted cell by cell.
    """
    joined = [line for (line,) in lines]
    block = _LINE_SEPARATOR.join(joined)
    if (
        block.count(CELL_SEPARATOR) == (width - 1) * len(joined)
        and block.count(_LINE_SEPARATOR) == len(joined) - 1
        and not any(held in block for held in _QUOTED_IF_HELD)
    ):
        return block.replace(CELL_SEPARATOR, b",").replace(_LINE_SEPARATOR, b"\r\n") + b"\r\n"
    out = []
    for line in joined:
        cells = line.split(CELL_SEPARATOR)
        if len(cells) != width:
            cells = cells_of(line)
        out.append(b",".join([_csv_cell(cell) for cell in cells]) + b"\r\n")
    return b"".join(out)


def _csv_cell(cell: bytes) -> bytes:
    """A cell as the csv module writes it: in quotes, its quotes doubled, when it holds a comma, quote or line break."""
    if any(held in cell for held in _QUOTED_IF_HELD):
        return b'"' + cell.replace(b'"', b'""') + b'"'
    return cell


def batches(cursor, size: int):
    """A cursor's rows, ``size`` at a time: a large export is never held whole."""
    while batch := cursor.fetchmany(size):
        yield batch


def write_csv(stream, header: list[str], line_batches, cells_of, advance) -> int:
    """The byte-order mark, the header and every batch of lines (``csv_lines``) to the binary
    ``stream``; ``advance(n)`` after each batch."""
    text = io.StringIO()
    csv.writer(text).writerow(header)
    stream.write(codecs.BOM_UTF8 + text.getvalue().encode("utf-8"))
    written = 0
    for batch in line_batches:
        stream.write(csv_lines(batch, len(header), cells_of))
        written += len(batch)
        advance(len(batch))
    return written


def write_json_array(stream, record_batches, advance) -> int:
    """Batches of records as one JSON array, one record a line, written as they come."""
    import json

    written = 0
    stream.write("[")
    for batch in record_batches:
        for record in batch:
            stream.write(("\n  " if not written else ",\n  ") + json.dumps(record, ensure_ascii=False))
            written += 1
        advance(len(batch))
    stream.write("\n]\n" if written else "]\n")
    return written


def write_template(path: Path, header: list[str], example: list[str], *, force: bool = False) -> None:
    """An empty sheet with ``header`` and one example row: .xlsx by its suffix, else CSV (UTF-8 with BOM)."""

    path = path.expanduser()
    if path.suffix.lower() not in XLSX_SUFFIXES:
        from zhitong.edge.files import output_stream

        with output_stream(path, "utf-8-sig", force=force) as stream:
            writer = csv.writer(stream)
            writer.writerow(header)
            writer.writerow(example)
        return
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from zhitong.edge.files import guard_output

    guard_output(path, force)  # refused before a workbook is begun: a refusal leaves nothing half-made
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    for index, (name, value) in enumerate(zip(header, example)):
        width = max(_display_width(name), _display_width(value)) + 4
        sheet.column_dimensions[get_column_letter(index + 1)].width = max(10, width)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    texts = []
    for value in example:
        cell = WriteOnlyCell(sheet, value=value or None)
        cell.number_format = "@"  # typed as text: a code or a time stays as it is written
        texts.append(cell)
    sheet.append(texts)
    from zhitong.edge.files import output_stream

    with output_stream(path, binary=True, force=force) as stream:  # guarded like every output, aside, linked into place
        book.save(stream)


def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
