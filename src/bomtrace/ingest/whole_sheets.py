"""Reading a worksheet whole with calamine (Rust): about ten times faster than streaming.

I/O. python-calamine loads one sheet into memory at a time, in Rust, and hands its rows
over as Python values, so a sheet of 100,000 rows reads in a fraction of a second
instead of the ten seconds that parsing its XML in Python takes. The workbook reader
(``workbook``) uses it behind the same defences as the streaming reader: the container
check has passed before calamine opens the file, calamine's XML parser (quick-xml)
expands no entities and fetches nothing, and a sheet is loaded whole only when the
scan of its XML (``sheet_scan``) says what that costs and it fits the budget
(``Limits.max_sheet_in_memory_mb``); any other sheet streams.

Values read the same as with the streaming reader: text as is, numbers shown as in
General. The cells whose look depends on their number format (dates, ``0000``,
``0.00``), error values and ISO dates are read by the caller from their XML and passed
here as ``patches``, which replace what calamine gives for those cells.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from bomtrace.errors import UnreadableFile
from bomtrace.ingest.sheet_scan import SheetScan, utf8_part
from bomtrace.ingest.sheets import Row

Patches = dict[int, dict[int, str]]
"""Cells to show instead of calamine's values: row number -> 0-based column -> text."""

# Bytes calamine holds per cell while it loads a sheet: the cells as read (40 each),
# then the sheet as a grid of every row times every column (32 each, twice while its
# values are copied out of the shared strings).
_READ_CELL = 40
_GRID_CELL = 32
# A kept raw cell or patch: a tuple and its text in Python.
_PATCH_CELL = 200
_STRING_HANDLE = 24
# calamine turns a number in a date or duration format into days as milliseconds in an
# i64 and panics when that overflows (-1e300 in a time format): such a sheet streams.
_SAFE_SERIAL = 1e10


class WholeSheets:
    """A workbook open in calamine, giving a sheet's rows when it fits the budget."""

    def __init__(self, book: Any, budget: int, resident: int) -> None:
        self._book = book
        self._names = list(book.sheet_names)
        self.budget = budget
        self.resident = resident
        """Bytes calamine holds for the whole workbook (its shared strings)."""

    @classmethod
    def open(
        cls, path: Path, budget: int, string_costs: list[int]
    ) -> WholeSheets | None:
        """Opens the workbook, or None when calamine cannot read it or cannot be used.

        Only for a workbook that passed the container check. None leaves every sheet to
        the streaming reader, which reports whatever is wrong in its own words.
        """
        resident = sum(string_costs) + _STRING_HANDLE * len(string_costs)
        if budget <= 0 or resident > budget or not _all_utf8(path):
            return None
        try:
            book = CalamineWorkbook.from_path(str(path))
        except (
            Exception
        ):  # calamine raises its own errors and others; the streaming reader explains
            return None
        return cls(book, budget, resident)

    def fits(self, scan: SheetScan) -> bool:
        """True when loading the scanned sheet whole stays within the budget."""
        grid = scan.max_row * scan.max_col
        loading = _READ_CELL * scan.cells + _GRID_CELL * grid
        copying = 2 * _GRID_CELL * grid + scan.string_bytes
        need = max(loading, copying) + self.resident + _PATCH_CELL * len(scan.raw_cells)
        return scan.whole_ok and need <= self.budget

    def rows(
        self,
        name: str,
        scan: SheetScan,
        patches: Patches,
        shown: Callable[[object], str],
        file: str,
    ) -> Iterator[Row] | None:
        """Loads the sheet and returns its rows, or None when calamine cannot read it.

        ``shown`` renders a value that is not text (numbers, booleans, dates).
        """
        if self._names.count(name) != 1:
            return None  # a repeated name: which sheet calamine gives is not certain
        try:
            sheet = self._book.get_sheet_by_name(name)
        except (
            BaseException
        ) as exc:  # damage: the streaming reader keeps the rows before it
            if not _is_panic(exc) and not isinstance(exc, Exception):
                raise
            return None
        return _rows(sheet, scan.last_row, patches, shown, file)

    def close(self) -> None:
        try:
            self._book.close()
        except Exception:  # already closed
            return


def serial_is_safe(text: str | None) -> bool:
    """True when calamine can turn this number into a date without overflowing."""
    try:
        return text is None or abs(float(text)) < _SAFE_SERIAL
    except ValueError:
        return True  # not a number: calamine reads it as text


def _is_panic(exc: BaseException) -> bool:
    """A Rust panic inside calamine (pyo3's PanicException derives from BaseException)."""
    return type(exc).__name__ == "PanicException"


def _all_utf8(path: Path) -> bool:
    """calamine reads XML as UTF-8 only; a part in another encoding must stream."""
    with zipfile.ZipFile(path) as archive:
        return all(
            utf8_part(archive, name)
            for name in archive.namelist()
            if name.lower().endswith((".xml", ".rels"))
        )


def _rows(
    sheet: Any,
    last_row: int,
    patches: Patches,
    shown: Callable[[object], str],
    file: str,
) -> Iterator[Row]:
    """The sheet's rows from row 1 to ``last_row``, numbered as Excel shows them.

    calamine's rows start at row 1 (blank above its first cell) and at the first
    column holding anything, so that many blank cells are put back in front. They end
    at its last value: the empty cells after it (those of a merged range, say) and the
    error values it holds as empty are still rows, as they are to the streaming reader.
    """
    start = sheet.start
    number = 0
    if start is not None:  # an empty sheet has no rows to iterate (and no start)
        pad = [""] * start[1]
        try:
            for number, values in enumerate(sheet.iter_rows(), start=1):
                cells = [
                    v.strip()
                    if v.__class__ is str
                    else (_number(v) if v.__class__ is float else shown(v))
                    for v in values
                ]
                if pad and cells:
                    cells = pad + cells
                while cells and not cells[-1]:
                    cells.pop()
                fixes = patches.pop(number, None)
                yield number, _patched(cells, fixes) if fixes else cells
        except BaseException as exc:
            if not _is_panic(exc):
                raise
            raise UnreadableFile(
                f"the sheet could not be read past row {number} (calamine: {exc})",
                file=file,
                sheet=sheet.name,
                remedy="Open it in Excel or LibreOffice and save it again as .xlsx",
            ) from None
    for later in range(number + 1, max(last_row, *patches, 0) + 1):
        yield later, _patched([], patches.pop(later, None))


def _number(value: float) -> str:
    """A number as General shows it (``display_value`` for a float, inlined for speed)."""
    return str(int(value)) if value.is_integer() else repr(value)


def _patched(cells: list[str], fixes: dict[int, str] | None) -> list[str]:
    if not fixes:
        return cells
    width = max(fixes) + 1
    if len(cells) < width:
        cells = cells + [""] * (width - len(cells))
    for col, text in fixes.items():
        cells[col] = text
    while cells and not cells[-1]:
        cells.pop()
    return cells
