"""Writing several named tables as one XLSX workbook (the manufacturer's view).

I/O. Each table becomes a sheet with a bold, frozen, filtered header; text cells are
stored as text and OWASP-neutralised like the run's own XLSX, so no cell can run as a
formula in the reader's spreadsheet program. Widths follow the longest value (capped).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bomtrace.export.xlsx_file import new_book, write_cell
from bomtrace.files import atomic_write

Table = tuple[str, Sequence[str], Sequence[Sequence[Any]]]
_MAX_WIDTH = 60


def write_tables(tables: Sequence[Table], target: Path) -> Path:
    """Writes each (sheet name, headers, rows) table as a sheet of ``target``."""
    with atomic_write(target, "wb") as handle:
        book = new_book(handle)
        bold = book.add_format({"bold": True})
        for name, headers, rows in tables:
            ws = book.add_worksheet(name[:31])
            for index, header in enumerate(headers):
                longest = max(
                    [len(str(header))] + [len(str(r[index] or "")) for r in rows[:500]]
                )
                ws.set_column(index, index, min(_MAX_WIDTH, max(8, longest + 2)))
            ws.freeze_panes(1, 0)
            for index, header in enumerate(headers):
                write_cell(ws, 0, index, header, bold)
            for number, row in enumerate(rows, start=1):
                for index, value in enumerate(row):
                    write_cell(ws, number, index, value)
            ws.autofilter(0, 0, len(rows), len(headers) - 1)
        book.close()
    return target
