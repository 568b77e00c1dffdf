"""The Spark engine: the same linking SQL on Apache Spark, past one machine.

I/O. Needs the ``spark`` extra (pyspark) and Java 17 or newer. Spark reads a store's
Parquet folders itself (``year=`` partitions and all), so on a cluster the store must
lie where every executor can read it (HDFS, S3, a shared folder); the parts' lookups
and the catalogs' readings are small and go from the driver. ``master`` is Spark's:
``local[2]`` (the default: two cores of this machine), ``spark://host:7077``,
``yarn``, ``k8s://...``.
"""

from __future__ import annotations

import os
import shutil
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from bomtrace.errors import TradeStoreError
from bomtrace.model import TradeRecord
from bomtrace.remedies import Phrase, Setting
from bomtrace.trade.linking import LinkRow, QueryTables, TradeSource
from bomtrace.trade.records import (
    LINK_RECORDS,
    NUMBERS,
    READINGS,
    RECORDS,
    to_records,
)
from bomtrace.trade.sql import links_sql
from bomtrace.trade.store import TradeStore

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

_RECORD_COLUMNS = tuple(LINK_RECORDS.names)
_NUMBER_COLUMNS = tuple(NUMBERS.names)
_INSTALL = "Install it with: pip install 'bomtrace[spark]'"


def _check_java() -> None:
    home = os.environ.get("JAVA_HOME", "")
    if not (home and (Path(home) / "bin" / "java").exists()) and not shutil.which(
        "java"
    ):
        raise TradeStoreError(
            "the Spark engine needs Java 17 or newer, and none was found",
            remedy="Install it (Debian and Ubuntu: apt-get install default-jre-headless)"
            " or set JAVA_HOME",
        )


class SparkEngine:
    """Runs the linking SQL with Spark.

    Args:
        master: the Spark master URL (default ``local[2]``).
        session: a running ``SparkSession`` to use instead of starting one.
        partitions: shuffle partitions (default: 4 in local mode, Spark's own on a cluster).
    """

    def __init__(
        self,
        master: str | None = None,
        session: SparkSession | None = None,
        partitions: int | None = None,
    ) -> None:
        self.master = master or "local[2]"
        self._spark = session
        self.partitions = partitions

    @property
    def spark(self) -> SparkSession:
        if self._spark is None:
            try:
                from pyspark.sql import SparkSession
            except ImportError:
                raise TradeStoreError(
                    "the Spark engine needs pyspark, which is not installed",
                    remedy=_INSTALL,
                ) from None
            _check_java()
            builder = (
                SparkSession.builder.master(self.master)
                .appName("bomtrace trade link")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.session.timeZone", "UTC")
            )
            if self.master.startswith("local"):
                # A local session listens on loopback only.
                builder = builder.config("spark.driver.host", "127.0.0.1").config(
                    "spark.driver.bindAddress", "127.0.0.1"
                )
            partitions = self.partitions or (
                4 if self.master.startswith("local") else None
            )
            if partitions:
                builder = builder.config(
                    "spark.sql.shuffle.partitions", str(partitions)
                )
            try:
                self._spark = builder.getOrCreate()
            except Exception as exc:  # Spark reports a failed start in many ways
                raise TradeStoreError(
                    f"Spark could not start on {self.master} ({type(exc).__name__}:"
                    f" {str(exc)[:200]})",
                    remedy=Phrase(
                        "Check the {setting} URL and that Java 17 or newer is installed",
                        Setting.SPARK_MASTER,
                    ),
                ) from None
            self._spark.sparkContext.setLogLevel("ERROR")
        return self._spark

    def stop(self) -> None:
        """Stops the session this engine started."""
        if self._spark is not None:
            self._spark.stop()
            self._spark = None

    def _frame(self, table: pa.Table) -> DataFrame:
        with warnings.catch_warnings():
            # pyspark checks the pandas version on every conversion; no pandas is used.
            warnings.filterwarnings(
                "ignore",
                message="PySpark does not yet fully support pandas",
                category=FutureWarning,
            )
            return self.spark.createDataFrame(table)

    def _table(
        self, source: TradeSource, table: str, wanted: Sequence[str]
    ) -> DataFrame:
        frames = []
        for part in source.parts:
            shifted = [
                f"record_id + {part.offset} AS record_id" if c == "record_id" else c
                for c in wanted
            ]
            if part.store is not None:
                if part.store.parquet(table):
                    frames.append(
                        self.spark.read.parquet(
                            str(part.store.path / table)
                        ).selectExpr(*shifted)
                    )
            else:
                tables = part.tables()
                frame = self._frame(tables[0] if table == "records" else tables[1])
                frames.append(frame.selectExpr(*shifted))
        if not frames:
            empty = (LINK_RECORDS if table == "records" else NUMBERS).empty_table()
            frames.append(self._frame(empty).selectExpr(*wanted))
        frame = frames[0]
        for other in frames[1:]:
            frame = frame.unionByName(other)
        return frame

    def _views(self, source: TradeSource) -> None:
        self._table(source, "records", _RECORD_COLUMNS).createOrReplaceTempView(
            "records"
        )
        self._table(source, "numbers", _NUMBER_COLUMNS).createOrReplaceTempView(
            "numbers"
        )

    def distinct(self, source: TradeSource, column: str) -> list[str]:
        table = "numbers" if column == "number" else "records"
        wanted = _NUMBER_COLUMNS if table == "numbers" else _RECORD_COLUMNS
        frame = self._table(source, table, wanted)
        rows = frame.where(f"{column} <> ''").select(column).distinct().collect()
        return sorted(str(row[0]) for row in rows)

    def store_readings(self, store: TradeStore) -> pa.Table:
        frame = self.spark.read.parquet(str(store.readings_path))
        return pa.Table.from_pylist(
            [row.asDict() for row in frame.collect()], schema=READINGS
        )

    def run(
        self,
        source: TradeSource,
        tables: QueryTables,
        readings: pa.Table,
        makers: pa.Table,
        limit: int,
    ) -> list[LinkRow]:
        self._views(source)
        for name, table in (
            ("queries", tables.queries), ("query_numbers", tables.numbers),
            ("query_hs", tables.hs), ("readings", readings), ("makers", makers),
        ):  # fmt: skip
            self._frame(table).createOrReplaceTempView(name)
        rows = self.spark.sql(links_sql(limit)).collect()
        return [tuple(int(v) for v in row) for row in rows]  # type: ignore[misc]

    def fetch(self, source: TradeSource, ids: Sequence[int]) -> dict[int, TradeRecord]:
        found: dict[int, TradeRecord] = {}
        columns = list(RECORDS.names)
        for part in source.parts:
            mine = [
                i - part.offset
                for i in ids
                if part.offset <= i < part.offset + part.size
            ]
            if not mine:
                continue
            if part.store is None:
                found.update({i + part.offset: part.records[i] for i in mine})
                continue
            frame = self.spark.read.parquet(str(part.store.path / "records")).select(
                *columns
            )
            wanted = self._frame(pa.table({"wanted": pa.array(mine, pa.int64())}))
            rows: list[dict[str, Any]] = [
                row.asDict()
                for row in frame.join(
                    wanted, frame.record_id == wanted.wanted
                ).collect()
            ]
            for row in rows:
                row.pop("wanted", None)
            found.update({i + part.offset: r for i, r in to_records(rows).items()})
        return found
