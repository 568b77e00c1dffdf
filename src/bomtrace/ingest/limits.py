"""How much of an input bomtrace will read before it stops: rows, cells, unpacked bytes.

Pure record. The defaults admit anything Excel itself can hold (1,048,576 rows, 32,767
characters in a cell) and a teardown sheet of a million rows, and stop the inputs that
exist only to exhaust memory or time: zip bombs, sheets claiming billions of cells. Each
limit has a command-line option, named in the error that reports it; the memory budget
for reading a sheet whole is not a limit (a larger sheet streams, more slowly) and has none.
"""

from __future__ import annotations

from dataclasses import dataclass

# Excel's own limits (Microsoft, "Excel specifications and limits").
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_CELL_CHARS = 32_767


@dataclass(frozen=True, slots=True)
class Limits:
    """The ceilings ingest enforces, with the option that raises each one."""

    max_rows: int = EXCEL_MAX_ROWS
    """Rows read per sheet (``--max-rows``); later rows are not read and are reported."""
    max_cells: int = 50_000_000
    """Cells scanned per sheet, blank ones included (``--max-cells``)."""
    max_unzipped_mb: int = 1024
    """Total unpacked size of a workbook's parts, in MiB (``--max-unzipped-mb``)."""
    max_cell_chars: int = EXCEL_MAX_CELL_CHARS
    """Longer cells are cut to this length with a note, so their row is still read."""
    max_ratio: int = 200
    """Compression ratio above which a large workbook part is taken for a zip bomb."""
    max_members: int = 10_000
    """Parts in a workbook's zip container."""
    max_sheet_in_memory_mb: int = 1024
    """Memory a worksheet may take when read whole by the fast reader, in MiB; a sheet
    that would take more streams through the slower reader instead (0: always stream)."""

    @property
    def max_unzipped_bytes(self) -> int:
        return self.max_unzipped_mb * 1024 * 1024


DEFAULT_LIMITS = Limits()
