"""Writing the enriched rows as CSV (UTF-8, comma-separated, formula cells neutralised).

I/O. No byte-order mark, so scripts that read the header get ``source_file``, not
``\\ufeffsource_file``; spreadsheet users who need one open the XLSX instead.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from bomtrace.export.table import COLUMNS
from bomtrace.files import atomic_write


def write_csv(rows: Iterable[Sequence[Any]], target: Path) -> Path:
    """Writes rows of cells in ``COLUMNS`` order to ``target`` as CSV.

    The cells come from ``OutputRows(neutralise_text)``: text already neutralised; a
    blank (None) is written as an empty field.
    """
    with atomic_write(target, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return target
