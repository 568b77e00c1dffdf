"""Writing the enriched rows as an XLSX workbook a researcher can filter and read.

I/O. Streams rows with openpyxl's write-only mode (bounded memory). The header is frozen
and filtered, columns get readable widths, text is stored as text (never as a formula,
and OWASP-neutralised like the CSV), and a second sheet records the run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bomtrace.export._atomic import atomic_write
from bomtrace.export.cells import fit_excel_cell, neutralise
from bomtrace.export.table import COLUMNS

# Width (characters) per column; long free-text columns are capped and wrap in Excel.
_WIDTHS = {
    "source_file": 22, "source_sheet": 16, "source_row": 9, "marking": 24, "manufacturer_given": 18,
    "quantity": 8, "date_code": 10, "status": 11, "reason": 40, "mpn": 20, "manufacturer": 24,
    "manufacturer_parent": 20, "manufacturer_country": 10, "coalition_origin": 10, "category": 18,
    "match_method": 14, "confidence": 11, "candidates": 36, "evidence": 60,
}  # fmt: skip
_DEFAULT_WIDTH = 16
_STATUS_FILL = {
    "matched": "E2F0D9", "ambiguous": "FFF2CC", "unmatched": "F8CBAD", "skipped": "EDEDED",
}  # fmt: skip


def _cell(ws: Worksheet, value: Any, **style: Any) -> Cell:
    cell: Cell = WriteOnlyCell(ws, value=fit_excel_cell(neutralise(value)))  # type: ignore[arg-type]  # neutralise keeps the type
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text, whatever it starts with
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def write_xlsx(
    records: Iterable[Mapping[str, Any]],
    target: Path,
    run_facts: Sequence[tuple[str, str]] = (),
) -> Path:
    """Writes the records to ``target`` as XLSX: frozen header, autofilter, widths, run sheet."""
    book = Workbook(write_only=True)
    ws = book.create_sheet("bomtrace")
    for index, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(
            column, _DEFAULT_WIDTH
        )
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    ws.append([_cell(ws, c, font=bold) for c in COLUMNS])
    count = 0
    for record in records:
        fill = _STATUS_FILL.get(str(record["status"]))
        row = []
        for column in COLUMNS:
            value = record[column]
            style: dict[str, Any] = {}
            if column == "status" and fill:
                style["fill"] = PatternFill("solid", fgColor=fill)
            if column == "confidence" and isinstance(value, float):
                style["number_format"] = "0.00"
            if column == "marking" and isinstance(value, str) and "\n" in value:
                style["alignment"] = Alignment(wrap_text=True, vertical="top")
            row.append(_cell(ws, value, **style))
        ws.append(row)
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"
    info = book.create_sheet("run")
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 90
    for key, value in run_facts:
        info.append([_cell(info, key, font=bold), _cell(info, value)])
    with atomic_write(target, "wb") as handle:
        book.save(handle)
    return target
