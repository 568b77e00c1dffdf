"""Writing the enriched rows as CSV (UTF-8, comma-separated, formula cells neutralised).

I/O. No byte-order mark, so scripts that read the header get ``source_file``, not
``\\ufeffsource_file``; spreadsheet users who need one open the XLSX instead.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from bomtrace.export.table import COLUMNS
from bomtrace.files import atomic_write


def write_csv(lines: Iterable[str], target: Path) -> Path:
    """Writes the header and then ``lines`` (``OutputRows(neutralise_text).csv_lines``:
    text already neutralised and quoted as the csv module quotes it) to ``target``."""
    with atomic_write(target, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerow(COLUMNS)
        handle.writelines(lines)
    return target
