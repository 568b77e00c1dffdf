"""Writing the enriched rows as CSV (UTF-8, comma-separated, formula cells neutralised).

I/O. No byte-order mark, so scripts that read the header get ``source_file``, not
``\\ufeffsource_file``; spreadsheet users who need one open the XLSX instead.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from bomtrace.export.cells import neutralise
from bomtrace.export.table import COLUMNS
from bomtrace.files import atomic_write


def write_csv(records: Iterable[Mapping[str, Any]], target: Path) -> Path:
    """Writes the records to ``target`` as CSV with the contract's columns in order."""
    with atomic_write(target, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for record in records:
            writer.writerow(
                ["" if record[c] is None else neutralise(record[c]) for c in COLUMNS]
            )
    return target
