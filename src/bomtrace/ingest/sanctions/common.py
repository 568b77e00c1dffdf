"""What every list layout shares: null cells, ';'-lists, rows with their header, files.

I/O at the edge (``read_rows`` reads a file beside the one given).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from bomtrace.ingest.delimited import detect_encoding

NULL = "-0-"


def split(value: str, sep: str = ";") -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(sep) if v.strip() and v.strip() != NULL)


def value(cells: list[str], index: int) -> str:
    found = cells[index].strip() if index < len(cells) else ""
    return "" if found == NULL else found


def read_rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    text = data.decode(detect_encoding(data[:65536]), errors="replace")
    return list(csv.reader(text.replace("\x1a", "").splitlines()))


def records(rows: list[list[str]]) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows under a header row as dicts, with their 1-based row numbers."""
    header = [c.strip().lower() for c in rows[0]]
    for number, cells in enumerate(rows[1:], start=2):
        if any(c.strip() for c in cells):
            yield (
                number,
                {
                    h: (cells[i].strip() if i < len(cells) else "")
                    for i, h in enumerate(header)
                },
            )


def one_country(cell: str) -> str:
    """The one ISO country of a list entry ('' when it names none or several)."""
    codes = {c.strip().upper() for c in cell.split(";") if c.strip()}
    return next(iter(codes)) if len(codes) == 1 and len(next(iter(codes))) == 2 else ""
