"""Parquet files of trade records (a data vendor's export, a Spark job's output) as a sheet.

I/O at the edge. A Parquet file is one sheet named after the file: its column names are
the header row (row 1) and each record a row of cell text below it, so the trade reader
finds its columns the way it finds a CSV's. Rows stream a batch at a time, under the
same ingest limits as any sheet; dates are written as ISO dates, lists joined by "; ".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from bomtrace.errors import UnreadableFile
from bomtrace.ingest.limits import Limits
from bomtrace.ingest.sheets import RawSheet, Row, RowStream, guard_rows

MAGIC = b"PAR1"
_BATCH = 65_536


def is_parquet(path: Path) -> bool:
    """True when the file starts (and so is laid out) as Apache Parquet."""
    with path.open("rb") as handle:
        return handle.read(4) == MAGIC


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(_text(v) for v in value)
    return str(value)


def read_parquet_sheet(path: Path, display_name: str, limits: Limits) -> RawSheet:
    """Opens a Parquet file as one sheet; a damaged file is an ``UnreadableFile``."""
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise UnreadableFile(
            f"the Parquet file cannot be read ({exc})"[:300],
            file=display_name,
            remedy="Write the file again, or export the records as CSV",
        ) from None
    sheet = RawSheet(name=Path(display_name).stem, rows=RowStream(()))
    sheet.notes.append(f"Parquet, {parquet.metadata.num_rows:,} records")
    sheet.rows = RowStream(
        guard_rows(
            _rows(parquet, display_name), file=display_name, sheet=sheet, limits=limits
        )
    )
    return sheet


def _rows(parquet: pq.ParquetFile, display_name: str) -> Iterator[Row]:
    yield 1, [field.name for field in parquet.schema_arrow]
    number = 1
    try:
        for batch in parquet.iter_batches(batch_size=_BATCH):
            columns = [
                [_text(v) for v in batch.column(i).to_pylist()]
                for i in range(batch.num_columns)
            ]
            for cells in zip(*columns, strict=True):
                number += 1
                yield number, list(cells)
    except (pa.ArrowException, OSError) as exc:
        raise UnreadableFile(
            f"the Parquet file is damaged after row {number} ({exc})"[:300],
            file=display_name,
            remedy="Write the file again, or export the records as CSV",
        ) from None
