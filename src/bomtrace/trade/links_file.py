"""The links of ``bomtrace trade link``: Parquet for programs and read-back, CSV for people.

I/O. ``DIR/links.parquet`` and ``DIR/links.csv`` hold the same rows: one per matched
row of a run and shipment linked to its part, in rank order, with the part's lookup
(``part_*``), the link (``rank``, ``strength``, ``total``, ``evidence``) and the
shipment's columns as the store holds them. A matched row with no shipment has one row
with rank 0, so every matched row is accounted for. ``read_links`` turns a links folder
back into each part's ``LinkResult``: ``bomtrace trace --links DIR`` attaches them to
the rows whose lookup is the same, with no engine run. CSV cells that a spreadsheet
would run as formulas are neutralised.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from bomtrace.errors import TradeStoreError
from bomtrace.export.cells import neutralise
from bomtrace.files import atomic_write
from bomtrace.model import LinkStrength, TradeLink
from bomtrace.provenance.trade import LinkResult, PartQuery
from bomtrace.remedies import Phrase, Setting
from bomtrace.trade.records import RECORDS, to_records, to_tables

LINKS_PARQUET = "links.parquet"
LINKS_CSV = "links.csv"
GIVE_A_LINKS_FOLDER = Phrase(
    "Give as {setting} a folder that trade linking wrote", Setting.LINKS
)
_INTS = ("source_row", "rank", "total", "trade_row")
_ASKED = ("run", "run_file", "source_file", "source_sheet", "source_row", "marking")
_PART = (
    "part_number", "part_number_basis", "part_printed", "part_distributor_codes",
    "part_maker", "part_hs_code", "part_earliest", "part_latest",
)  # fmt: skip
_LINK = ("rank", "strength", "total", "evidence")
# The shipment's columns, as the store holds them (lists and dates as text).
_RECORD = tuple(
    n for n in RECORDS.names if n not in ("record_id", "day_from", "day_to")
)
COLUMNS: tuple[str, ...] = (*_ASKED, *_PART, *_LINK, *_RECORD)
_SCHEMA = pa.schema([(c, pa.int64() if c in _INTS else pa.string()) for c in COLUMNS])


@dataclass(frozen=True, slots=True)
class AskedRow:
    """A matched row of a run, and the lookup of its part."""

    run: str
    run_file: str
    source_file: str
    source_sheet: str
    source_row: int
    marking: str
    query: PartQuery


def _part_cells(query: PartQuery) -> dict[str, Any]:
    return {
        "part_number": query.number,
        "part_number_basis": query.number_basis,
        "part_printed": json.dumps(list(query.printed)),
        "part_distributor_codes": json.dumps(list(query.distributor_codes)),
        "part_maker": query.maker,
        "part_hs_code": query.hs_code,
        "part_earliest": query.earliest.isoformat() if query.earliest else "",
        "part_latest": query.latest.isoformat() if query.latest else "",
    }


def _record_cells(link: TradeLink) -> dict[str, Any]:
    table = to_tables([link.record], 0)[0].to_pylist()[0]
    cells: dict[str, Any] = {}
    for name in _RECORD:
        value = table[name]
        if name == "numbers":
            value = json.dumps(value or [])
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif value is not None and name != "trade_row":
            value = str(value)
        cells[name] = value
    return cells


def link_rows(
    asked: Iterable[AskedRow], linked: Mapping[PartQuery, LinkResult]
) -> list[dict[str, Any]]:
    """One row per asked row and link (rank 0 for a row whose part linked nothing)."""
    rows: list[dict[str, Any]] = []
    empty = dict.fromkeys(_RECORD)
    for ask in asked:
        result = linked.get(ask.query, LinkResult(links=(), total=0))
        base = {
            "run": ask.run, "run_file": ask.run_file, "source_file": ask.source_file,
            "source_sheet": ask.source_sheet, "source_row": ask.source_row,
            "marking": ask.marking, **_part_cells(ask.query), "total": result.total,
        }  # fmt: skip
        if not result.links:
            rows.append({**base, "rank": 0, "strength": "", "evidence": "", **empty})
        for rank, link in enumerate(result.links, start=1):
            rows.append(
                {
                    **base, "rank": rank, "strength": link.strength.value,
                    "evidence": link.evidence, **_record_cells(link),
                }
            )  # fmt: skip
    return rows


def write_links(rows: Sequence[Mapping[str, Any]], folder: Path) -> list[Path]:
    """Writes ``links.parquet`` and ``links.csv`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist([dict(r) for r in rows], schema=_SCHEMA)
    parquet = folder / LINKS_PARQUET
    temporary = folder / f".{LINKS_PARQUET}.tmp"
    pq.write_table(table, temporary)
    temporary.replace(parquet)
    text = folder / LINKS_CSV
    with atomic_write(text, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(
                ["" if row.get(c) is None else neutralise(row[c]) for c in COLUMNS]
            )
    return [parquet, text]


def _query(row: Mapping[str, Any]) -> PartQuery:
    def day(text: str | None) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None

    return PartQuery(
        number=row["part_number"] or "",
        number_basis=row["part_number_basis"] or "",
        printed=tuple(json.loads(row["part_printed"] or "[]")),
        distributor_codes=tuple(json.loads(row["part_distributor_codes"] or "[]")),
        maker=row["part_maker"] or "",
        hs_code=row["part_hs_code"] or "",
        earliest=day(row["part_earliest"]),
        latest=day(row["part_latest"]),
    )


def read_links(folder: str | Path) -> dict[PartQuery, LinkResult]:
    """Each part's links from a links folder (or its ``links.parquet``)."""
    path = Path(folder)
    parquet = path / LINKS_PARQUET if path.is_dir() else path
    try:
        table = pq.read_table(parquet)
    except (OSError, pa.ArrowException) as exc:
        raise TradeStoreError(
            f"{parquet} cannot be read as links ({exc})"[:300],
            remedy=GIVE_A_LINKS_FOLDER,
        ) from None
    missing = [c for c in COLUMNS if c not in table.column_names]
    if missing:
        raise TradeStoreError(
            f"{parquet} is not a links file (no column {', '.join(missing[:3])})",
            remedy=GIVE_A_LINKS_FOLDER,
        )
    found: dict[PartQuery, dict[int, TradeLink]] = {}
    totals: dict[PartQuery, int] = {}
    for row in table.to_pylist():
        query = _query(row)
        totals[query] = int(row["total"] or 0)
        links = found.setdefault(query, {})
        rank = int(row["rank"] or 0)
        if rank == 0 or rank in links:
            continue
        cells = {**row, "record_id": 0, "numbers": json.loads(row["numbers"] or "[]")}
        cells["quantity_value"] = (
            float(row["quantity_value"]) if row["quantity_value"] else None
        )
        record = to_records([cells])[0]
        links[rank] = TradeLink(
            record=record,
            strength=LinkStrength(row["strength"]),
            evidence=row["evidence"] or "",
        )
    return {
        query: LinkResult(
            links=tuple(links[r] for r in sorted(links)), total=totals[query]
        )
        for query, links in found.items()
    }
