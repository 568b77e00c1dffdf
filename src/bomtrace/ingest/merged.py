"""Merged cells that span rows: their value applies to every row they cover.

Pure. Researchers merge a manufacturer or board cell over the rows it belongs to; a
spreadsheet program shows the value across the whole block, but the file stores it
only in the top cell and the rows below read blank. openpyxl's streaming reader does not
apply merges, so the workbook reader passes the sheet's merged ranges here and the
value of each range's top-left cell is copied down its first column. Nothing is copied
across columns: a title or heading merged across a row would otherwise become a row
full of values, and a block's value shows once, in its first column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bomtrace.ingest.headers import column_index
from bomtrace.ingest.sheets import Row

_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})$")


@dataclass(frozen=True, slots=True)
class Span:
    """A merged range that spans rows: 0-based columns, 1-based rows, inclusive."""

    first_col: int
    last_col: int
    top: int
    bottom: int


def spans(refs: Iterable[str]) -> list[Span]:
    """The ranges of ``refs`` ('B2:B4') that cover more than one row, top first."""
    found = []
    for ref in refs:
        match = _REF.match(ref.strip().upper())
        if not match:
            continue
        first, top, last, bottom = match.groups()
        top_row, bottom_row = sorted((int(top), int(bottom)))
        if bottom_row > top_row:
            columns = sorted((column_index(first), column_index(last)))
            found.append(Span(columns[0], columns[1], top_row, bottom_row))
    return sorted(found, key=lambda s: (s.top, s.first_col))


def fill_down(rows: Iterable[Row], ranges: list[Span]) -> Iterable[Row]:
    """The rows with each span's top-left value in the blank cells of its first column."""
    return _filled(rows, ranges) if ranges else rows


def _filled(rows: Iterable[Row], ranges: list[Span]) -> Iterator[Row]:
    starts: dict[int, list[Span]] = {}
    for span in ranges:
        starts.setdefault(span.top, []).append(span)
    active: list[tuple[Span, str]] = []
    for number, cells in rows:
        active = [(s, v) for s, v in active if s.bottom >= number]
        if active:
            cells = list(cells)
            for span, value in active:
                col = span.first_col
                if len(cells) <= col:
                    cells.extend([""] * (col + 1 - len(cells)))
                if not cells[col].strip():
                    cells[col] = value
        for span in starts.pop(number, ()):
            value = cells[span.first_col] if span.first_col < len(cells) else ""
            if value.strip():
                active.append((span, value))
        yield number, cells
