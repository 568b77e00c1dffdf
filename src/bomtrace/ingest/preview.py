"""What a run would read from a file, without reading it all: the web app's upload preview.

I/O at the edge. ``preview`` opens a teardown sheet as ``ingest_file`` would and says,
per sheet, which header row and columns a run would use, how many rows it has and what
its first data rows hold, so a person can check the mapping before starting the run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bomtrace.ingest import read_sheets
from bomtrace.ingest.headers import (
    HEADER_SEARCH_ROWS,
    apply_overrides,
    column_letter,
    find_header,
)
from bomtrace.ingest.sheets import RawSheet

__all__ = ["SheetPreview", "preview"]

# How many data rows and columns a preview shows.
PREVIEW_ROWS = 5
MAX_COLUMNS = 26


@dataclass(frozen=True, slots=True)
class SheetPreview:
    """One sheet as a run would read it: header row, role -> column letter, first rows."""

    name: str
    rows: int
    header_row: int
    columns: Mapping[str, str] = field(default_factory=dict)
    letters: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()
    sample: tuple[tuple[str, ...], ...] = ()


def preview(
    path: Path, name: str, overrides: Mapping[str, str] | None = None
) -> tuple[str, list[SheetPreview]]:
    """The file's kind and the preview of each sheet (raises ``InputError`` like a run)."""
    kind, sheets = read_sheets(path, name)
    return kind, [_sheet(sheet, overrides or {}) for sheet in sheets]


def _sheet(sheet: RawSheet, overrides: Mapping[str, str]) -> SheetPreview:
    head = sheet.rows.head(HEADER_SEARCH_ROWS)
    header = overrides.get("header", "")
    mapping = apply_overrides(
        find_header(head),
        overrides,
        sheet.rows.head(int(header)) if header.isdigit() else head,
    )
    width = min(max((len(cells) for _, cells in head), default=0), MAX_COLUMNS)
    after = mapping.header_row if mapping else 0
    sample: list[tuple[str, ...]] = []
    count = 0
    for number, cells in sheet.rows:
        count = number
        if number > after and any(cells) and len(sample) < PREVIEW_ROWS:
            sample.append(tuple(cells[:MAX_COLUMNS]))
    return SheetPreview(
        name=sheet.name,
        rows=count,
        header_row=after,
        columns={
            role: column_letter(col)
            for role, col in sorted(mapping.roles.items(), key=lambda i: i[1])
        }
        if mapping
        else {},
        letters=tuple(column_letter(i) for i in range(width)),
        headers=tuple(mapping.headers[:MAX_COLUMNS]) if mapping else (),
        sample=tuple(sample),
    )
