"""Reading ``.xlsx`` and ``.xlsm`` workbooks: every sheet, cells as Excel displays them.

I/O at the edge. The zip container is inspected first (``container``: zip bombs, DTDs);
no reader opens a workbook it refuses. Two readers then share the sheets:

- calamine (``whole_sheets``, Rust) loads a sheet whole, about ten times faster than
  parsing it in Python. It is used for every sheet that the scan of its XML
  (``sheet_scan``) shows to fit the memory budget (``Limits.max_sheet_in_memory_mb``).
- openpyxl streams every other sheet row by row, in read-only mode, with
  ``data_only=True`` so formulas give the value Excel cached when the file was saved,
  and with the sheet's declared dimensions ignored (a hostile ``<dimension
  ref="A1:XFD1048576">`` would otherwise pad every row to 16,384 cells). openpyxl parses
  every XML part through defusedxml, which refuses entity declarations; that is checked
  when this module is imported, so bomtrace will not run with an unsafe parser.

openpyxl reads the workbook's structure for both (sheets, their state, chart sheets,
number formats), leaving its shared strings until a sheet streams. Cells read the same
with either reader: numbers are shown as Excel would show them in the common formats
(zero-padded ``0000`` date codes keep their zeros; ``2.0`` reads ``2``), and the cells
whose look depends on their format (dates, ``0000``, ``0.00``), error values and ISO
dates are read from their XML the way openpyxl reads them, also on the calamine path.
Excel's escapes for control characters in text (``_x000D_``) are decoded by both.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, cast
from xml.etree.ElementTree import Element, ParseError, SubElement

import openpyxl
import openpyxl.xml
from defusedxml import DefusedXmlException
from openpyxl.cell.text import Text
from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import (
    CELL_TAG,
    VALUE_TAG,
    WorkSheetParser,
)
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from bomtrace.errors import EmptyInput, UnreadableFile
from bomtrace.ingest.container import check_container
from bomtrace.ingest.headers import column_letter
from bomtrace.ingest.limits import DEFAULT_LIMITS, Limits
from bomtrace.ingest.merged import fill_down, spans
from bomtrace.ingest.sheet_scan import SheetScan, scan_sheet, string_costs
from bomtrace.ingest.sheets import RawSheet, Row, RowStream, guard_rows
from bomtrace.ingest.whole_sheets import Patches, WholeSheets, serial_is_safe
from bomtrace.model import Problem, Severity

if (
    not openpyxl.xml.DEFUSEDXML
):  # pragma: no cover - only with OPENPYXL_DEFUSEDXML=False
    raise ImportError(
        "openpyxl is not using defusedxml (is OPENPYXL_DEFUSEDXML set to False?);"
        " bomtrace refuses to parse workbooks with an unprotected XML parser"
    )

_ZERO_PAD = re.compile(r"^0+$")
_DECIMALS = re.compile(r"^0\.(0+)$")
_RESAVE = "Open it in Excel or LibreOffice and save it again as .xlsx"
# What openpyxl and the XML parsers raise on a damaged or hostile part.
_DAMAGE = (
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    OSError,
    TypeError,
    EOFError,
    AttributeError,
    IndexError,
    ParseError,
    DefusedXmlException,
)
_BATCH = 2000
# Excel's escape for a character XML cannot hold (``_x000D_`` is a carriage return).
_ESCAPE = re.compile(r"_x00([0-9A-Fa-f]{2})_")
# A number format that shows numbers otherwise than General: dates and times (their
# letters), literal text, colours and conditions, or the two formats ``display_value``
# honours (``0000``, ``0.00``). Anything else (``0``, ``#,##0``, ``@``) shows as General.
_FORMAT_SIGNS = re.compile(r'[dDmMhHyYsSaApP\[\]"\\]')
_SHARED_STRING = f"{{{SHEET_MAIN_NS}}}si"


def display_value(value: object, number_format: str = "General") -> str:
    """Renders a cell value the way a spreadsheet program shows it (for common formats)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) or "h" not in number_format.lower():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int | float):
        fmt = number_format or "General"
        if _ZERO_PAD.match(fmt) and float(value).is_integer():
            return str(int(value)).zfill(len(fmt))
        if found := _DECIMALS.match(fmt):
            return f"{value:.{len(found[1])}f}"
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else repr(value)
        return str(value)
    return str(value).strip()


def unescape_excel(text: str) -> str:
    """Decodes Excel's ``_x00HH_`` escapes (``_x005F_`` is a literal underscore)."""
    if "_x00" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)


def format_matters(number_format: str) -> bool:
    """True when a number in this format may be shown otherwise than in General."""
    if number_format.lower() == "general":
        return False
    if _ZERO_PAD.match(number_format):
        return len(number_format) > 1
    return bool(_DECIMALS.match(number_format) or _FORMAT_SIGNS.search(number_format))


class _Reader(ExcelReader):
    """openpyxl's workbook reader, reading the shared strings on demand.

    The sheets it creates share ``shared_strings`` (one list), so filling the list
    later serves every sheet that streams.
    """

    lazy_strings = False
    strings_read = False

    def read_strings(self) -> None:
        if not self.lazy_strings:
            self.fill_strings()

    def read_worksheets(self) -> None:
        """openpyxl's read-only branch, with sheets that skip reading their dimensions.

        openpyxl reads a sheet's ``<dimension>`` when it opens the workbook and, for a
        sheet that declares none (openpyxl's own write-only mode writes none), parses
        the whole sheet to look for it: 40 seconds for a million rows, spent for a
        size the rows are then read without.
        """
        book: Any = self.wb  # openpyxl keeps the sheets in a private list
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(cast(Any, sheet), rel)
                continue
            relations = cast(Any, get_rels_path)(rel.target)
            if relations in self.valid_files:
                get_dependents(self.archive, relations)  # damaged relations fail here
            ws = _Sheet(book, sheet.name, rel.target, self.shared_strings)
            ws.sheet_state = cast(Any, sheet.state)
            book._sheets.append(ws)

    def fill_strings(self) -> None:
        if self.strings_read:
            return
        self.strings_read = True
        package: Any = self.package
        part = package.find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings.extend(_string_table(source))


class _Sheet(ReadOnlyWorksheet):
    """openpyxl's read-only sheet without a size: its rows are read without one."""

    def _get_size(self) -> None:
        return


def _string_table(source: IO[bytes]) -> Iterator[str]:
    """The shared strings as written (escapes are decoded with every cell's text)."""
    for _, node in iterparse(source):
        if node.tag == _SHARED_STRING:
            text = Text.from_tree(node)
            yield text.content if text is not None else ""
            node.clear()


def read_workbook(
    path: Path, display_name: str, limits: Limits = DEFAULT_LIMITS
) -> Iterator[RawSheet]:
    """Opens a workbook (errors now) and yields its worksheets, rows read as used.

    Read each sheet's rows before asking for the next sheet; the workbook is closed
    when the last sheet has been yielded.
    """
    check_container(path, display_name, limits)
    costs = _string_costs(path)
    whole = WholeSheets.open(path, limits.max_sheet_in_memory_mb << 20, costs)
    # A file object, not the path: openpyxl refuses a path whose suffix is not .xlsx,
    # and a workbook named .csv is still a workbook.
    handle = path.open("rb")
    try:
        reader, notes = _open(handle, display_name, lazy_strings=whole is not None)
        book = reader.wb
        charts = [str(c.title) for c in getattr(book, "chartsheets", [])]
        if not book.worksheets:
            book.close()
            raise EmptyInput(
                "the workbook has no worksheets"
                + (f", only chart sheets ({', '.join(charts)})" if charts else ""),
                file=display_name,
                remedy="Check that the right file was exported"
                + ("; charts hold no parts list" if charts else ""),
            )
    except BaseException:
        handle.close()
        if whole is not None:
            whole.close()
        raise
    if charts:
        notes.append(
            f"chart sheets hold no cells and were not read: {', '.join(charts)}"
        )
    source = _Source(reader, handle, path, display_name, whole, costs)
    return _sheets(source, limits, notes)


def _string_costs(path: Path) -> list[int]:
    try:
        with zipfile.ZipFile(path) as archive:
            if "xl/sharedStrings.xml" not in archive.namelist():
                return []
            return string_costs(archive, "xl/sharedStrings.xml")
    except (OSError, zipfile.BadZipFile, EOFError, KeyError, ValueError):
        return []


def _open(
    handle: BinaryIO, display_name: str, *, lazy_strings: bool
) -> tuple[_Reader, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            reader = _Reader(handle, read_only=True, data_only=True, keep_links=False)
            reader.lazy_strings = lazy_strings
            reader.read()
        except _DAMAGE as exc:
            raise UnreadableFile(
                f"the workbook cannot be opened ({type(exc).__name__}: {exc})",
                file=display_name,
                remedy=_RESAVE,
            ) from exc
    return reader, sorted({f"reader: {w.message}" for w in caught})


class _Source:
    """The open workbook: openpyxl's structure, calamine when usable, and the formats."""

    def __init__(
        self,
        reader: _Reader,
        handle: BinaryIO,
        path: Path,
        name: str,
        whole: WholeSheets | None,
        costs: list[int],
    ) -> None:
        self.reader = reader
        self.book: Any = cast(
            Any, reader.wb
        )  # openpyxl keeps the styles in private fields
        self.handle = handle
        self.path = path
        self.name = name
        self.whole = whole
        self.costs = costs
        self.formats = [_number_format(self.book, s) for s in self.book._cell_styles]
        dates = self.book._date_formats | self.book._timedelta_formats
        self.special = frozenset(
            i for i, fmt in enumerate(self.formats) if format_matters(fmt) or i in dates
        )
        # Styles calamine may read as a date or a duration (any date letter or bracket).
        self.datelike = frozenset(
            i
            for i, fmt in enumerate(self.formats)
            if (fmt.lower() != "general" and _FORMAT_SIGNS.search(fmt)) or i in dates
        )

    def close(self) -> None:
        self.book.close()
        self.handle.close()
        if self.whole is not None:
            self.whole.close()


def _number_format(book: Any, style: Any) -> str:
    """A style's number format, as openpyxl's read-only cell gives it."""
    number = style.numFmtId
    if number < BUILTIN_FORMATS_MAX_SIZE:
        return str(BUILTIN_FORMATS.get(number, "General"))
    return str(book._number_formats[number - BUILTIN_FORMATS_MAX_SIZE])


def _sheets(source: _Source, limits: Limits, notes: list[str]) -> Iterator[RawSheet]:
    try:
        for index, ws in enumerate(source.book.worksheets):
            sheet = RawSheet(name=str(ws.title), rows=RowStream(()))
            if index == 0:
                sheet.notes.extend(notes)
            state = getattr(ws, "sheet_state", "visible")
            if state != "visible":
                sheet.hidden = True
                sheet.notes.append(f"sheet is {state} in the workbook; read anyway")
            scan = scan_sheet(
                source.path,
                getattr(ws, "_worksheet_path", ""),
                special_styles=source.special,
                string_cost=source.costs,
                string_budget=limits.max_sheet_in_memory_mb << 20,
            )
            merged = spans(scan.merges)
            if merged:
                sheet.notes.append(
                    f"{len(merged)} merged cell(s) span rows; each value was applied to"
                    " every row it covers"
                )
            if scan.uncached:
                sheet.problems.append(
                    Problem(
                        file=source.name,
                        sheet=sheet.name,
                        message=f"{scan.uncached} formula cell(s) were saved without their"
                        " values and read as blank",
                        remedy="Open the file in Excel or LibreOffice and save it, so the"
                        " calculated values are stored",
                        severity=Severity.NOTE,
                    )
                )
            rows = _whole_rows(source, ws, scan, sheet)
            sheet.reader = "whole"
            if rows is None:
                rows = _streamed_rows(source, ws, sheet)
                sheet.reader = "streamed"
            sheet.rows = RowStream(
                guard_rows(
                    fill_down(rows, merged),
                    file=source.name,
                    sheet=sheet,
                    limits=limits,
                )
            )
            yield sheet
    finally:
        source.close()


def _whole_rows(
    source: _Source, ws: Any, scan: SheetScan, sheet: RawSheet
) -> Iterator[Row] | None:
    """The sheet read whole by calamine, or None when it must stream."""
    if source.whole is None or not source.whole.fits(scan):
        return None
    patches = _patches(source, scan, sheet)
    if patches is None:
        return None
    return source.whole.rows(str(ws.title), scan, patches, display_value, source.name)


def _patches(source: _Source, scan: SheetScan, sheet: RawSheet) -> Patches | None:
    """The raw cells of the scan as openpyxl shows them; None when one cannot be read."""
    book = source.book
    parser = WorkSheetParser(
        io.BytesIO(),  # never parsed: only its parse_cell is used
        [],
        data_only=True,
        epoch=book.epoch,
        date_formats=book._date_formats,
        timedelta_formats=book._timedelta_formats,
    )
    patches: Patches = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            for row, col, style, kind, text in scan.raw_cells.values():
                if style in source.datelike and not serial_is_safe(text):
                    return None
                cell = Element(CELL_TAG, r=f"{column_letter(col)}{row}")
                if style:
                    cell.set("s", str(style))
                if kind:
                    cell.set("t", kind)
                if text is not None:
                    SubElement(cell, VALUE_TAG).text = text
                value = parser.parse_cell(cell)["value"]
                if kind == "str":
                    value = unescape_excel(value or "")
                shown = display_value(value, source.formats[style])
                patches.setdefault(row, {})[col] = shown
        except _DAMAGE:
            return None  # streamed, the sheet reports the damage at its row
    for warning in caught:
        note = f"reader: {warning.message}"
        if note not in sheet.notes:
            sheet.notes.append(note)
    return patches


def _streamed_rows(source: _Source, ws: Any, sheet: RawSheet) -> Iterator[Row]:
    try:
        source.reader.fill_strings()
    except _DAMAGE as exc:
        raise UnreadableFile(
            f"the workbook's shared text cannot be read ({type(exc).__name__}: {exc})",
            file=source.name,
            sheet=sheet.name,
            remedy=_RESAVE,
        ) from exc
    return _rows(ws, source.name, sheet)


def _rows(ws: Any, display_name: str, sheet: RawSheet) -> Iterator[Row]:
    """The sheet's rows as displayed text, read in batches with warnings kept as notes."""
    ws.reset_dimensions()
    source = enumerate(ws.iter_rows(min_row=1), start=1)
    while True:
        batch: list[Row] = []
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                for number, cells in source:
                    batch.append((number, [_shown(c) for c in cells]))
                    if len(batch) == _BATCH:
                        break
            except _DAMAGE as exc:
                yield from batch
                raise UnreadableFile(
                    f"the sheet is damaged ({type(exc).__name__}: {exc})",
                    file=display_name,
                    sheet=sheet.name,
                    remedy=_RESAVE,
                ) from exc
        for warning in caught:
            note = f"reader: {warning.message}"
            if note not in sheet.notes:
                sheet.notes.append(note)
        yield from batch
        if len(batch) < _BATCH:
            return


def _shown(cell: Any) -> str:
    value = cell.value
    if value.__class__ is str and "_x00" in value:
        value = unescape_excel(value)
    return display_value(value, getattr(cell, "number_format", "General"))
