"""Writing several named tables as one XLSX workbook (the manufacturer's view).

I/O. Each table becomes a sheet with a bold, frozen, filtered header; text cells are
stored as text and OWASP-neutralised like the run's own XLSX, so no cell can run as a
formula in the reader's spreadsheet program. Widths follow the longest value (capped).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bomtrace.export._atomic import atomic_write
from bomtrace.export.xlsx_file import _cell

Table = tuple[str, Sequence[str], Sequence[Sequence[Any]]]
_MAX_WIDTH = 60


def write_tables(tables: Sequence[Table], target: Path) -> Path:
    """Writes each (sheet name, headers, rows) table as a sheet of ``target``."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for name, headers, rows in tables:
        ws = book.create_sheet(name[:31])
        for index, header in enumerate(headers, start=1):
            longest = max(
                [len(str(header))] + [len(str(r[index - 1] or "")) for r in rows[:500]]
            )
            ws.column_dimensions[get_column_letter(index)].width = min(
                _MAX_WIDTH, max(8, longest + 2)
            )
        ws.freeze_panes = "A2"
        ws.append([_cell(ws, h, font=bold) for h in headers])
        for row in rows:
            ws.append([_cell(ws, "" if v is None else v) for v in row])
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    with atomic_write(target, "wb") as handle:
        book.save(handle)
    return target
