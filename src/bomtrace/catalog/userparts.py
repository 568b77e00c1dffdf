"""Reading a user's own parts catalog: a maker's product export in CSV or XLSX.

I/O. The file is read with the same sheet reader as teardown sheets, so any header row
position, encoding or delimiter works. It needs a part-number column and a maker column;
rows without a ``source`` cite the file they came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bomtrace.errors import CatalogError, InputError
from bomtrace.ingest import read_sheets
from bomtrace.ingest.headers import find_header, normalise_header


def read_user_parts(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Reads the parts of a user catalog file as catalog rows (mpn, maker, ...)."""
    try:
        _, sheets = read_sheets(path, path.name)
    except InputError as exc:
        raise CatalogError(f"catalog {exc}") from exc
    rows: list[tuple[int, dict[str, str]]] = []
    for sheet in sheets:
        columns = find_header(sheet.rows)
        if columns is None:
            continue
        roles = dict(columns.roles)
        mpn_col = roles.get("part_number", roles.get("marking"))
        maker_col = roles.get("manufacturer")
        if mpn_col is None or maker_col is None:
            raise CatalogError(
                f'catalog {path.name}, sheet "{sheet.name}" needs a part-number and a manufacturer column',
                remedy="Name them 'Part number' and 'Manufacturer' in the header row",
            )
        headers = [normalise_header(h) for h in columns.headers]
        extra = {
            name: headers.index(name)
            for name in ("category", "source", "hs code", "eccn")
            if name in headers
        }
        for number, cells in sheet.rows:
            if number <= columns.header_row:
                continue
            mpn, maker = _cell(cells, mpn_col), _cell(cells, maker_col)
            if not mpn or not maker:
                continue
            rows.append(
                (
                    number,
                    {
                        "mpn": mpn,
                        "maker": maker,
                        "description": _cell(cells, roles.get("description")),
                        "category": _cell(cells, extra.get("category")),
                        "hs_code": _cell(cells, extra.get("hs code")),
                        "eccn": _cell(cells, extra.get("eccn")),
                        "source": _cell(cells, extra.get("source"))
                        or f"user catalog {path.name}",
                    },
                )
            )
    if not rows:
        raise CatalogError(
            f"catalog {path.name} holds no part rows", remedy="Check its header row"
        )
    return rows


def _cell(cells: Sequence[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""
