"""Reading ``.xlsx`` and ``.xlsm`` workbooks: every sheet, cells as Excel displays them.

I/O at the edge. The zip container is inspected first (``container``: zip bombs, DTDs).
openpyxl then reads in read-only mode, streaming rows as they are used, with
``data_only=True`` so formulas give the value Excel cached when the file was saved, and
with the sheet's declared dimensions ignored (a hostile ``<dimension ref="A1:XFD1048576">``
would otherwise pad every row to 16,384 cells). openpyxl parses every XML part through
defusedxml, which refuses entity declarations; that is checked when this module is
imported, so bomtrace will not run with an unsafe parser. Numbers are shown as Excel
would show them in the common formats (zero-padded ``0000`` date codes keep their zeros;
``2.0`` reads ``2``).
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree.ElementTree import ParseError

import openpyxl
import openpyxl.xml
from defusedxml import DefusedXmlException

from bomtrace.errors import EmptyInput, UnreadableFile
from bomtrace.ingest.container import check_container
from bomtrace.ingest.limits import DEFAULT_LIMITS, Limits
from bomtrace.ingest.merged import fill_down, spans
from bomtrace.ingest.sheets import RawSheet, Row, RowStream, guard_rows
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
# A formula cell written without the value a spreadsheet program would have calculated
# (``<f>..</f>`` or a shared ``<f .../>`` followed by no or an empty ``<v>``): read as blank.
_UNCACHED_FORMULA = re.compile(
    rb"(?:</f>|<f\b[^>]*/>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>"
)
_SCAN_CHUNK = 1 << 20
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Za-z0-9:]{1,40})"')
_MAX_MERGES = 100_000


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


def read_workbook(
    path: Path, display_name: str, limits: Limits = DEFAULT_LIMITS
) -> Iterator[RawSheet]:
    """Opens a workbook (errors now) and yields its worksheets, rows read as used.

    Read each sheet's rows before asking for the next sheet; the workbook is closed
    when the last sheet has been yielded.
    """
    check_container(path, display_name, limits)
    # A file object, not the path: openpyxl refuses a path whose suffix is not .xlsx,
    # and a workbook named .csv is still a workbook.
    handle = path.open("rb")
    try:
        book, notes = _open(handle, display_name)
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
        raise
    if charts:
        notes.append(
            f"chart sheets hold no cells and were not read: {', '.join(charts)}"
        )
    return _sheets(book, handle, path, display_name, limits, notes)


def _open(handle: BinaryIO, display_name: str) -> tuple[Any, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            book = openpyxl.load_workbook(
                handle, read_only=True, data_only=True, keep_links=False
            )
        except _DAMAGE as exc:
            raise UnreadableFile(
                f"the workbook cannot be opened ({type(exc).__name__}: {exc})",
                file=display_name,
                remedy=_RESAVE,
            ) from exc
    return book, sorted({f"reader: {w.message}" for w in caught})


def _sheets(
    book: Any,
    handle: BinaryIO,
    path: Path,
    display_name: str,
    limits: Limits,
    notes: list[str],
) -> Iterator[RawSheet]:
    try:
        for index, ws in enumerate(book.worksheets):
            sheet = RawSheet(name=str(ws.title), rows=RowStream(()))
            if index == 0:
                sheet.notes.extend(notes)
            state = getattr(ws, "sheet_state", "visible")
            if state != "visible":
                sheet.hidden = True
                sheet.notes.append(f"sheet is {state} in the workbook; read anyway")
            part = getattr(ws, "_worksheet_path", "")
            uncached, merges = scan_sheet_part(path, part)
            merged = spans(merges)
            if merged:
                sheet.notes.append(
                    f"{len(merged)} merged cell(s) span rows; each value was applied to"
                    " every row it covers"
                )
            if uncached:
                sheet.problems.append(
                    Problem(
                        file=display_name,
                        sheet=sheet.name,
                        message=f"{uncached} formula cell(s) were saved without their"
                        " values and read as blank",
                        remedy="Open the file in Excel or LibreOffice and save it, so the"
                        " calculated values are stored",
                        severity=Severity.NOTE,
                    )
                )
            sheet.rows = RowStream(
                guard_rows(
                    fill_down(_rows(ws, display_name, sheet), merged),
                    file=display_name,
                    sheet=sheet,
                    limits=limits,
                )
            )
            yield sheet
    finally:
        book.close()
        handle.close()


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


def scan_sheet_part(path: Path, part: str) -> tuple[int, list[str]]:
    """Formula cells saved without a value, and the merged ranges, of a worksheet part.

    openpyxl reads uncached formula cells as empty (there is no value to read), so
    without this count a researcher would not learn that a column came out blank; its
    streaming reader does not report merged cells either. Scans the part's XML as bytes,
    in chunks, without parsing it.
    """
    if not part:
        return 0, []
    count = 0
    merges: list[str] = []
    tail = b""
    try:
        with zipfile.ZipFile(path) as archive, archive.open(part.lstrip("/")) as stream:
            while chunk := stream.read(_SCAN_CHUNK):
                text = tail + chunk
                matches = list(_UNCACHED_FORMULA.finditer(text))
                merged = list(_MERGE.finditer(text))
                if len(merges) < _MAX_MERGES:
                    merges.extend(m[1].decode("ascii") for m in merged)
                # A match may straddle chunks: keep what follows the last whole match.
                end = max(
                    matches[-1].end() if matches else 0,
                    merged[-1].end() if merged else 0,
                )
                count += len(matches)
                tail = text[max(end, len(text) - 256) :]
    except (KeyError, OSError, zipfile.BadZipFile, EOFError):
        return 0, []
    return count, merges[:_MAX_MERGES]


def _shown(cell: Any) -> str:
    return display_value(cell.value, getattr(cell, "number_format", "General"))
