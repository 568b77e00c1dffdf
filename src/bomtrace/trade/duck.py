"""The DuckDB engine: the linking SQL run in-process over Parquet and Arrow tables.

I/O. The default engine, embedded: no server, no Java. A store's Parquet files are
read where they lie (only the columns the SQL needs); shipments read in this run are
handed over as Arrow tables. Every part's ids are offset so that ids follow the order
the files and stores were given. DuckDB works in a memory budget and spills to a
temporary folder past it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from bomtrace.model import TradeRecord
from bomtrace.trade.linking import LinkRow, QueryTables, TradeSource
from bomtrace.trade.records import LINK_RECORDS, NUMBERS, READINGS, to_records
from bomtrace.trade.sql import links_sql
from bomtrace.trade.store import TradeStore

# The columns the linking SQL reads of each table.
_RECORD_COLUMNS = tuple(LINK_RECORDS.names)
_NUMBER_COLUMNS = (
    "record_id", "number", "full_key", "base_key", "from_mpn", "day_from", "day_to",
)  # fmt: skip


def _files(paths: Sequence[object]) -> str:
    listed = ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths)
    return f"read_parquet([{listed}], hive_partitioning = false)"


class DuckEngine:
    """Runs the linking SQL with DuckDB.

    Args:
        threads: worker threads (default: DuckDB's, one per core).
        memory_limit: DuckDB's memory budget ("1GB"); past it, it spills to disk.
    """

    def __init__(self, threads: int | None = None, memory_limit: str = "1GB") -> None:
        self.threads = threads
        self.memory_limit = memory_limit

    @contextmanager
    def _connect(self, source: TradeSource) -> Iterator[duckdb.DuckDBPyConnection]:
        with tempfile.TemporaryDirectory(prefix="bomtrace-duckdb-") as spill:
            config: dict[str, str | bool | int | float | list[str]] = {
                "memory_limit": self.memory_limit,
                "temp_directory": spill,
            }
            if self.threads:
                config["threads"] = self.threads
            con = duckdb.connect(config=config)
            try:
                self._views(con, source)
                yield con
            finally:
                con.close()

    def _views(self, con: duckdb.DuckDBPyConnection, source: TradeSource) -> None:
        for table, wanted in (
            ("records", _RECORD_COLUMNS),
            ("numbers", _NUMBER_COLUMNS),
        ):
            selects = []
            for index, part in enumerate(source.parts):
                shifted = ", ".join(
                    f"record_id + {part.offset} AS record_id" if c == "record_id" else c
                    for c in wanted
                )
                if part.store is not None:
                    files = part.store.parquet(table)
                    if files:
                        selects.append(f"SELECT {shifted} FROM {_files(files)}")
                else:
                    name = f"memory_{table}_{index}"
                    con.register(name, part.tables()[0 if table == "records" else 1])
                    selects.append(f"SELECT {shifted} FROM {name}")
            if not selects:
                empty = f"empty_{table}"
                con.register(
                    empty,
                    (LINK_RECORDS if table == "records" else NUMBERS).empty_table(),
                )
                selects.append(f"SELECT {', '.join(wanted)} FROM {empty}")
            con.execute(f"CREATE VIEW {table} AS " + " UNION ALL ".join(selects))

    def distinct(self, source: TradeSource, column: str) -> list[str]:
        table = "numbers" if column == "number" else "records"
        with self._connect(source) as con:
            rows = con.execute(
                f"SELECT DISTINCT {column} FROM {table} WHERE {column} <> ''"
                f" ORDER BY {column}"
            ).fetchall()
        return [row[0] for row in rows]

    def store_readings(self, store: TradeStore) -> pa.Table:
        return pq.read_table(store.readings_path, schema=READINGS)

    def run(
        self,
        source: TradeSource,
        tables: QueryTables,
        readings: pa.Table,
        makers: pa.Table,
        limit: int,
    ) -> list[LinkRow]:
        with self._connect(source) as con:
            for name, table in (
                ("queries", tables.queries), ("query_numbers", tables.numbers),
                ("query_hs", tables.hs), ("readings", readings), ("makers", makers),
            ):  # fmt: skip
                con.register(name, table)
            rows = con.execute(links_sql(limit)).fetchall()
        return [tuple(int(v) for v in row) for row in rows]  # type: ignore[misc]

    def fetch(self, source: TradeSource, ids: Sequence[int]) -> dict[int, TradeRecord]:
        found: dict[int, TradeRecord] = {}
        wanted = sorted(ids)
        for part in source.parts:
            mine = [
                i - part.offset
                for i in wanted
                if part.offset <= i < part.offset + part.size
            ]
            if not mine:
                continue
            if part.store is None:
                found.update({i + part.offset: part.records[i] for i in mine})
                continue
            files = part.store.parquet("records")
            with duckdb.connect() as con:
                con.register(
                    "wanted", pa.table({"record_id": pa.array(mine, pa.int64())})
                )
                cursor = con.execute(
                    f"SELECT r.* FROM {_files(files)} r"
                    " JOIN wanted w ON w.record_id = r.record_id"
                )
                names = [d[0] for d in cursor.description or ()]
                rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            found.update({i + part.offset: r for i, r in to_records(rows).items()})
        return found
