"""Reading ``.xlsx`` and ``.xlsm`` workbooks: every sheet, cells as Excel displays them.

I/O at the edge. openpyxl reads in read-only mode (streaming, bounded memory) with
``data_only=True`` so formulas give the value Excel cached when the file was saved.
openpyxl parses the XML through defusedxml when it is installed (it is a dependency), so
entity-expansion attacks are refused. Numbers are shown as Excel would show them in the
common formats (zero-padded ``0000`` date codes keep their zeros; ``2.0`` reads ``2``).
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from pathlib import Path

import openpyxl

from bomtrace.errors import UnreadableFile
from bomtrace.ingest.sheets import RawSheet

_ZERO_PAD = re.compile(r"^0+$")
_DECIMALS = re.compile(r"^0\.(0+)$")


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


def read_workbook(path: Path, display_name: str) -> list[RawSheet]:
    """Reads every worksheet of a workbook; chart sheets are listed in a note."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            book = openpyxl.load_workbook(
                path, read_only=True, data_only=True, keep_links=False
            )
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
            raise UnreadableFile(
                f"the workbook cannot be opened ({type(exc).__name__}: {exc})",
                file=display_name,
                remedy="Open it in Excel or LibreOffice and save it again as .xlsx",
            ) from exc
        try:
            sheets = [_read_sheet(ws) for ws in book.worksheets]
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
            raise UnreadableFile(
                f"the workbook is damaged ({type(exc).__name__}: {exc})",
                file=display_name,
                remedy="Open it in Excel or LibreOffice and save it again as .xlsx",
            ) from exc
        finally:
            book.close()
    notes = sorted({f"reader: {w.message}" for w in caught})
    if sheets and notes:
        sheets[0].notes.extend(notes)
    return sheets


def _read_sheet(ws: object) -> RawSheet:
    rows: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(ws.iter_rows(min_row=1), start=1):  # type: ignore[attr-defined]
        rows.append(
            (
                number,
                [
                    display_value(c.value, getattr(c, "number_format", "General"))
                    for c in cells
                ],
            )
        )
    while rows and not any(rows[-1][1]):
        rows.pop()
    sheet = RawSheet(name=str(ws.title), rows=rows)  # type: ignore[attr-defined]
    state = getattr(ws, "sheet_state", "visible")
    if state != "visible":
        sheet.hidden = True
        sheet.notes.append(f"sheet is {state} in the workbook; read anyway")
    return sheet
