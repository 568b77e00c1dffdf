"""Reading a user's own parts catalog: a maker's product export or a distributor list, CSV or XLSX.

I/O. The file is read with the same sheet reader as teardown sheets, so any header row
position, encoding or delimiter works. It needs a part-number column. The maker comes
from a manufacturer column, or, in a maker's own export that has none, from the maker
named in the title rows above the header or in the file name (``parts_<maker>.xlsx``);
``catalog.load`` resolves it through the makers' aliases. Rows without a ``source`` cite
the file they came from.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from bomtrace.errors import CatalogError, InputError
from bomtrace.ingest import read_sheets
from bomtrace.ingest.headers import HEADER_SEARCH_ROWS, find_header, normalise_header

# Optional columns, found by a word in their header (a maker's export says "Marketing
# Status" or "Lifecycle", "Package" or "Package Type").
_OPTIONAL = {
    "category": ("category",),
    "source": ("source",),
    "hs_code": ("hs code",),
    "eccn": ("eccn",),
    "package": ("package", "case", "корпус"),
    "datasheet": ("datasheet",),
    "status": ("status", "lifecycle"),
}
# How many rows above the header are read for the maker's name.
TITLE_ROWS = 5


def read_user_parts(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Reads the parts of a user catalog file as catalog rows (mpn, maker, ...)."""
    return list(iter_user_parts(path))


def iter_user_parts(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """The parts of a user catalog file as catalog rows, one at a time (a catalog of
    millions of rows is never held whole); an error after the last when it has none."""
    try:
        _, sheets = read_sheets(path, path.name)
    except InputError as exc:
        raise CatalogError(exc.told_as("catalog"), remedy=exc.remedy) from exc
    found = 0
    for sheet in sheets:
        columns = find_header(sheet.rows.head(HEADER_SEARCH_ROWS), free_text=False)
        if columns is None:
            continue
        roles = dict(columns.roles)
        mpn_col = roles.get("part_number", roles.get("marking"))
        maker_col = roles.get("manufacturer")
        if mpn_col is None:
            raise CatalogError(
                f'catalog {path.name}, sheet "{sheet.name}" has no part-number column',
                remedy="Name it 'Part number' in the header row",
            )
        headers = [normalise_header(h) for h in columns.headers]
        extra = {
            field: _column(headers, words, exclude={mpn_col, maker_col})
            for field, words in _OPTIONAL.items()
        }
        # No maker column: the maker is named in the title rows or the file name.
        named_in = " | ".join(
            [
                path.stem,
                *(
                    " ".join(c for c in cells if c.strip())
                    for number, cells in sheet.rows.head(TITLE_ROWS)
                    if number < columns.header_row
                ),
            ]
        )
        for number, cells in sheet.rows:
            if number <= columns.header_row:
                continue
            mpn = _cell(cells, mpn_col)
            maker = _cell(cells, maker_col)
            if not mpn or (maker_col is not None and not maker):
                continue
            row = {
                "mpn": mpn,
                "maker": maker,
                "description": _cell(cells, roles.get("description")),
                **{field: _cell(cells, index) for field, index in extra.items()},
            }
            row["source"] = row["source"] or f"user catalog {path.name}"
            if maker_col is None:
                row["maker_named_in"] = named_in
            found += 1
            yield number, row
    if not found:
        raise CatalogError(
            f"catalog {path.name} holds no part rows", remedy="Check its header row"
        )


def _column(
    headers: list[str], words: Sequence[str], exclude: set[int | None]
) -> int | None:
    for index, header in enumerate(headers):
        if index not in exclude and any(word in header for word in words):
            return index
    return None


def _cell(cells: Sequence[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""
