"""Scanning a worksheet's XML as bytes, before any reader parses it.

I/O (reads one part of the zip in chunks; parses nothing). One pass gives what the
readers need to know beforehand and cannot tell cheaply themselves:

- formula cells saved without a value (both readers read them as blank; a note says how
  many) and the merged ranges (neither reader applies them);
- what the sheet costs when read whole: its cells, the highest row and column any cell
  names, the shared strings it refers to and whether it holds inline text, so that a
  sheet is loaded whole only when that fits the memory budget (a lone cell named
  ``XFD1048576`` would otherwise ask for 17 billion cells);
- the cells a whole-sheet reader shows differently from a spreadsheet program: numbers
  in a style whose format changes how they look (dates, ``0000``, ``0.00``), error values
  (``#N/A``), ISO dates (``t="d"``), integers too long for a float and formula text
  holding Excel's escapes (``_x000D_``). These are kept raw, to be read the way the
  streaming reader reads them.

The scan relies on the shape every spreadsheet program writes (cells named by an ``r``
attribute that comes first, no namespace prefix, UTF-8). A sheet in another shape is
marked ``whole_ok=False`` and is left to the streaming reader, which parses it properly.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from bomtrace.ingest.headers import column_index, column_letter

_CHUNK = 1 << 20
# A formula cell written without the value a spreadsheet program would have calculated
# (``<f>..</f>`` or a shared ``<f .../>`` followed by no or an empty ``<v>``): read as blank.
_UNCACHED_FORMULA = re.compile(
    rb"(?:</f>|<f\b[^>]*/>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>"
)
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Za-z0-9:]{1,40})"')
MAX_MERGES = 100_000
# Cells as spreadsheet programs write them: ``<c r="B7" ...>``, the reference first.
_COLUMNS = re.compile(rb'<c r="([A-Z]{1,3})[0-9]{1,7}"')
_ROWS = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
_ROW_AT = re.compile(rb'<row r="([0-9]{1,7})"')
_UNNUMBERED_ROW = re.compile(rb'<row (?!r=")')
_SHARED_INDEX = re.compile(rb't="s"[^>]*><v>([0-9]{1,10})</v>')
_LONG_INTEGER = re.compile(rb"<v>-?[0-9]{16,}</v>")
_CELL_AT = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"([^>]*?)(/?)>')
_FORMULA_TEXT = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"([^>]*?\st="str"[^>]*?)(/?)>'
)
_TYPE = re.compile(rb'\st="([^"]*)"')
_STYLE = re.compile(rb'\ss="([0-9]{1,9})"')
_VALUE = re.compile(rb"<v(?:\s[^>]*)?>([^<]*)</v>")
_ROOT = re.compile(rb"<[A-Za-z_:]")
_WORKSHEET = re.compile(rb"<worksheet[\s>/]")
_MAX_PIECE = 64 * _CHUNK
_STRING_END = re.compile(rb"</si>|<si\s*/>")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
# Types whose value the whole-sheet reader may show otherwise: numbers, ISO dates,
# errors, and formula text (calamine leaves Excel's ``_x000D_`` escapes in it).
_RECHECKED_TYPES = (b"", b"n", b"d", b"e", b"str")
# Raw cells kept for re-reading; past this a sheet is left to the streaming reader.
MAX_RAW_CELLS = 2_000_000
# Heap bytes a string costs besides its text (allocation header and rounding).
STRING_OVERHEAD = 32


RawCell = tuple[int, int, int, str, str | None]
"""A cell kept raw: 1-based row, 0-based column, style index, type, value text."""


@dataclass(slots=True)
class SheetScan:
    """What one pass over a worksheet part found (see the module docstring)."""

    part_bytes: int = 0
    uncached: int = 0
    merges: list[str] = field(default_factory=list)
    cells: int = 0
    max_row: int = 0
    max_col: int = 0
    last_row: int = 0
    """The last row the sheet holds, with or without cells (a merged block's rows)."""
    string_bytes: int = 0
    """Heap the sheet's strings take when loaded whole (an upper estimate)."""
    raw_cells: dict[tuple[int, int], RawCell] = field(default_factory=dict)
    whole_ok: bool = True
    """False: the part is not in the shape scanned; leave it to the streaming reader."""
    why_not: str = ""


def utf8_part(archive: zipfile.ZipFile, part: str) -> bool:
    """True when an XML part is UTF-8 (no UTF-16 byte-order mark or other encoding)."""
    try:
        with archive.open(part) as stream:
            head = stream.read(256)
    except KeyError:
        return True  # a part that is not there is read by nobody
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:2] in (b"<\x00", b"\x00<"):
        return False
    declared = (
        _ENCODING.search(head.split(b"?>", 1)[0])
        if head.startswith((b"<?xml", b"\xef\xbb\xbf<?xml"))
        else None
    )
    return declared is None or declared[1].lower().replace(b"_", b"-") in (
        b"utf-8",
        b"utf8",
    )


def string_costs(archive: zipfile.ZipFile, part: str) -> list[int]:
    """The heap each shared string takes once read (from its XML size, an upper bound).

    The XML of a string is never shorter than its text in UTF-8 (entities and tags only
    add bytes), so its length bounds the text's.
    """
    costs: list[int] = []
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            if not costs and not tail:
                chunk = chunk[max(0, chunk.find(b"<si")) :]
            pieces = _STRING_END.split(tail + chunk)
            tail = pieces.pop()
            costs.extend(len(p) + STRING_OVERHEAD for p in pieces)
    return costs


def scan_sheet(
    path: Path,
    part: str,
    *,
    special_styles: frozenset[int] = frozenset(),
    string_cost: list[int] | None = None,
    string_budget: int = 0,
) -> SheetScan:
    """Scans a worksheet part of the workbook at ``path`` (see the module docstring).

    ``special_styles`` are the style indices whose number format changes how a number
    looks; ``string_cost`` is ``string_costs`` of the workbook's shared strings. Shared
    strings are first counted at the cost of the dearest; past ``string_budget`` bytes
    each is looked up.
    """
    scan = SheetScan()
    if not part:
        scan.whole_ok, scan.why_not = False, "no worksheet part"
        return scan
    scanner = _Scanner(scan, special_styles, string_cost or [], string_budget)
    try:
        with zipfile.ZipFile(path) as archive, archive.open(part.lstrip("/")) as stream:
            for body in _whole_cells(stream):
                if not scan.part_bytes:
                    _check_root(body, scan)
                scan.part_bytes += len(body)
                scanner.read(body)
    except (KeyError, OSError, zipfile.BadZipFile, EOFError, ValueError) as exc:
        # The readers meet the same damage and report it; nothing to add here.
        scan.whole_ok, scan.why_not = False, f"part unreadable ({type(exc).__name__})"
        return scan
    if len(scan.raw_cells) > MAX_RAW_CELLS:
        scan.whole_ok, scan.why_not = False, "too many cells to re-read"
    return scan


def _rechecked_pattern(special_styles: frozenset[int]) -> re.Pattern[bytes]:
    """Cells with a special style or an error or ISO-date type, by their opening tag."""
    marks = [rb'\st="[ed]"']
    if special_styles:
        ids = b"|".join(str(i).encode("ascii") for i in sorted(special_styles))
        marks.append(rb'\ss="(?:' + ids + rb')"')
    return re.compile(
        rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?=[^>]*?(?:'
        + b"|".join(marks)
        + rb"))([^>]*?)(/?)>"
    )


def _whole_cells(stream: IO[bytes]) -> Iterator[bytes]:
    """The part in pieces of about a megabyte, each ending after a whole cell or tag."""
    buffer = b""
    while chunk := stream.read(_CHUNK):
        buffer += chunk
        cut = buffer.rfind(b"</c>")
        cut = cut + 4 if cut >= 0 else buffer.rfind(b">") + 1
        if cut <= 0:
            if len(buffer) < _MAX_PIECE:
                continue
            cut = len(buffer)  # a text node larger than any cell: cut it anywhere
        yield buffer[:cut]
        buffer = buffer[cut:]
    if buffer:
        yield buffer


def _check_root(head: bytes, scan: SheetScan) -> None:
    """The part must be UTF-8 with an unprefixed ``<worksheet>`` root."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:2] in (b"<\x00", b"\x00<"):
        scan.whole_ok, scan.why_not = False, "not UTF-8"
        return
    root = _ROOT.search(head)
    if root is None or not _WORKSHEET.match(head, root.start()):
        scan.whole_ok, scan.why_not = False, "unusual worksheet XML"


def _greater(text: str, alphabet: str, tail: bytes) -> re.Pattern[bytes]:
    """Matches a cell reference whose row number (or column letters) is past ``text``.

    Longer is greater; at equal length, the first place that differs decides. So
    ``_greater("F", letters, ...)`` matches ``G``..``Z`` and any two or three letters.
    """
    first, last = alphabet[0], alphabet[-1]
    options = [f"[{first}-{last}]{{{len(text) + 1},}}"]
    for place, char in enumerate(text):
        if char != last:
            higher = alphabet[alphabet.index(char) + 1]
            rest = len(text) - place - 1
            options.append(f"{text[:place]}[{higher}-{last}][{first}-{last}]{{{rest}}}")
    return re.compile(rb'<c r="' + tail + b"(?:" + "|".join(options).encode() + b")")


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class _Scanner:
    """The scan's state across the pieces of one part."""

    def __init__(
        self,
        scan: SheetScan,
        special_styles: frozenset[int],
        costs: list[int],
        string_budget: int,
    ) -> None:
        self.scan = scan
        self.special = bool(special_styles)
        self.rechecked = _rechecked_pattern(special_styles)
        self.costs = costs
        self.dearest = max(costs, default=STRING_OVERHEAD)
        self.string_budget = string_budget
        self.past_row: tuple[int, re.Pattern[bytes]] | None = None
        self.past_col: re.Pattern[bytes] | None = None

    def read(self, body: bytes) -> None:
        scan = self.scan
        if b"<f" in body:
            scan.uncached += len(_UNCACHED_FORMULA.findall(body))
        if b"mergeCell" in body and len(scan.merges) < MAX_MERGES:
            scan.merges.extend(m.decode("ascii") for m in _MERGE.findall(body))
        if scan.whole_ok and b"<row" in body:
            self._rows(body)
        if scan.whole_ok and b"<c" in body:
            self._cells(body)
        if scan.whole_ok and b"<c" in body:
            self._raw_cells(body)

    def _rows(self, body: bytes) -> None:
        if b"<row>" in body or _UNNUMBERED_ROW.search(body):
            self.scan.whole_ok, self.scan.why_not = False, "rows without a number"
            return
        last = _ROW_AT.match(body, body.rfind(b'<row r="'))
        if last is not None:
            self.scan.last_row = max(self.scan.last_row, int(last[1]))

    def _cells(self, body: bytes) -> None:
        """Counts the cells and finds the highest row and column they name."""
        scan = self.scan
        cells = body.count(b"<c ")
        if b"<c>" in body or b"<c/>" in body or body.count(b'<c r="') != cells:
            scan.whole_ok, scan.why_not = False, "cells without a plain reference"
            return
        scan.cells += cells
        # Usually no cell names a row past the last row element, nor a column past those
        # seen before: one search says so; otherwise every reference in the piece is read.
        scan.max_row = max(scan.max_row, scan.last_row)
        if self.past_row is None or self.past_row[0] != scan.max_row:
            bound = scan.max_row
            self.past_row = (bound, _greater(str(bound), "0123456789", rb"[A-Z]{1,3}"))
        if not scan.max_row or self.past_row[1].search(body):
            rows = _ROWS.findall(body)
            if len(rows) != cells:
                scan.whole_ok, scan.why_not = False, "cells without a plain reference"
                return
            scan.max_row = max(scan.max_row, max(map(int, rows), default=0))
        scan.last_row = scan.max_row
        if self.past_col is None or self.past_col.search(body):
            found = {
                column_index(c.decode("ascii")) for c in set(_COLUMNS.findall(body))
            }
            scan.max_col = max(scan.max_col, max(found, default=-1) + 1)
            self.past_col = _greater(column_letter(scan.max_col - 1), _LETTERS, b"")
        self._strings(body)

    def _strings(self, body: bytes) -> None:
        """The heap the sheet's text takes once loaded (shared strings are copied)."""
        scan = self.scan
        shared = body.count(b't="s"')
        if shared and scan.string_bytes + shared * self.dearest > self.string_budget:
            indices = _SHARED_INDEX.findall(body)
            try:
                scan.string_bytes += sum(map(self.costs.__getitem__, map(int, indices)))
            except IndexError:
                # A string the table does not hold: calamine refuses the sheet, and the
                # streaming reader reports it.
                scan.whole_ok, scan.why_not = False, "string index out of range"
                return
            shared -= len(indices)
        scan.string_bytes += shared * self.dearest
        if b"inlineStr" in body or b't="str"' in body:
            scan.string_bytes += len(body) + STRING_OVERHEAD * body.count(b"<c ")

    def _raw_cells(self, body: bytes) -> None:
        scan = self.scan
        if b' t="e"' in body or b' t="d"' in body or (self.special and b' s="' in body):
            for found in self.rechecked.finditer(body):
                _keep_raw(body, found, scan)
        if b"_x00" in body and b't="str"' in body:
            for found in _FORMULA_TEXT.finditer(body):
                _keep_raw(body, found, scan)
        if b"<v>" in body and _LONG_INTEGER.search(body):
            for found in _LONG_INTEGER.finditer(body):
                start = body.rfind(b"<c ", 0, found.start())
                cell = _CELL_AT.match(body, start) if start >= 0 else None
                if cell is not None:
                    _keep_raw(body, cell, scan)


def _keep_raw(body: bytes, found: re.Match[bytes], scan: SheetScan) -> None:
    """Keeps one cell's style, type and value text as written."""
    letters, number, attributes, closed = found.groups()
    kind = _TYPE.search(attributes)
    kind_text = kind[1] if kind else b""
    if closed or kind_text not in _RECHECKED_TYPES:
        return  # empty, or text and booleans, which read the same either way
    style = _STYLE.search(attributes)
    end = body.find(b"</c>", found.end())
    value = _VALUE.search(body, found.end(), end if end >= 0 else len(body))
    text = None
    if value is not None:
        # As an XML parser reads it: line ends made "\n", then entities.
        text = value[1].decode("utf-8", errors="replace")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if "&" in text:
            text = html.unescape(text)
    row, col = int(number), column_index(letters.decode("ascii"))
    scan.raw_cells[(row, col)] = (
        row,
        col,
        int(style[1]) if style else 0,
        kind_text.decode("ascii"),
        text,
    )
