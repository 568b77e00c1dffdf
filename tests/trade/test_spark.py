"""The linking SQL on Spark (#15): pyspark in local mode, on the same data as DuckDB,
gives the same links row for row.

Needs pyspark (the ``spark`` extra) and Java 17 or newer (Debian's
default-jre-headless; ``make test`` installs both). Without them the tests are skipped,
unless BOMTRACE_REQUIRE_SPARK=1 (CI) makes that a failure. One Spark session serves the
module; it starts in about ten seconds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from tests.conftest import DATA

from bomtrace.api import _outcomes, trade_catalogs
from bomtrace.catalog import Catalog, CatalogIndex
from bomtrace.ingest import ingest_file
from bomtrace.ingest.trade import read_trade_file
from bomtrace.match import Matcher
from bomtrace.provenance.chain import ChainBuilder
from bomtrace.provenance.trade import LinkResult, PartQuery
from bomtrace.trade.api import import_trade, link_runs
from bomtrace.trade.duck import DuckEngine
from bomtrace.trade.linking import Catalogs, TradeSource, link_parts

HAVE_SPARK = importlib.util.find_spec("pyspark") is not None and bool(
    shutil.which("java") or os.environ.get("JAVA_HOME")
)
if not HAVE_SPARK and os.environ.get("BOMTRACE_REQUIRE_SPARK") == "1":
    raise RuntimeError(
        "BOMTRACE_REQUIRE_SPARK=1 but pyspark or Java is missing: pip install"
        " '.[spark]' and apt-get install default-jre-headless"
    )
pytestmark = pytest.mark.skipif(not HAVE_SPARK, reason="pyspark or Java not installed")

TRADE = DATA / "trade"
ROOT = Path(__file__).parent.parent.parent


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    from bomtrace.trade.spark import SparkEngine

    engine = SparkEngine("local[2]")
    yield engine
    engine.stop()


def _rows(result: dict[PartQuery, LinkResult]) -> list[tuple[object, ...]]:
    """Every link of every part, in order: part, rank, shipment, strength, evidence."""
    return [
        (str(query), rank, link.record.ref, link.strength, link.evidence, found.total)
        for query, found in result.items()
        for rank, link in enumerate(found.links, start=1)
    ] + [(str(query), 0, found.total) for query, found in result.items()]


def test_the_unit_cases_link_the_same(spark: object) -> None:
    """Every lookup of the linking tests: the same links on both engines."""
    sys.path.insert(0, str(Path(__file__).parent))
    import test_linking as cases

    for index, query in (
        (cases.INDEX, cases.QUERY),
        (cases.INDEX, PartQuery(number="STM32F405RGT6")),
        (cases.DECLARED_INDEX, PartQuery(
            number="NEO-M8N", printed=("NEO-M8N-0-10",),
            distributor_codes=("672-NEO-M8N-0-10",), maker="u-blox", hs_code="852691",
        )),
    ):  # fmt: skip
        duck = link_parts([query], index.source, index.catalogs, engine=DuckEngine())
        on_spark = link_parts([query], index.source, index.catalogs, engine=spark)  # type: ignore[arg-type]
        assert _rows(on_spark) == _rows(duck)
        assert duck[query].links


def test_runs_linked_to_a_store_are_the_same_files(
    spark: object, tmp_path: Path
) -> None:
    """trade link on Spark writes the same links.parquet as on DuckDB, row for row."""
    from bomtrace import trace, write_outputs

    store = tmp_path / "store"
    import_trade([TRADE / "declarations_ru.csv", TRADE / "vendor_en.xlsx"], store)
    run = trace([TRADE / "teardown.csv"], recovered="2023-05-01")
    write_outputs(run, tmp_path / "run", formats=["json"])
    runs = [tmp_path / "run" / "teardown.json"]
    duck = link_runs(runs, [store], tmp_path / "duck", engine="duckdb")
    on_spark = link_runs(runs, [store], tmp_path / "spark", engine=spark)  # type: ignore[arg-type]
    assert duck.rows_linked == on_spark.rows_linked == 5
    assert (
        pq.read_table(tmp_path / "spark" / "links.parquet").to_pylist()
        == pq.read_table(tmp_path / "duck" / "links.parquet").to_pylist()
    )


def test_many_parts_and_shipments_link_the_same(
    spark: object, tmp_path: Path, catalog: Catalog
) -> None:
    """Twenty thousand synthetic shipments and three hundred parts, with and without
    date windows: the same links, ranks and totals on both engines."""
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_chain import write_teardown, write_trade

    write_trade(tmp_path / "trade.csv", 20_000)
    write_teardown(tmp_path / "teardown.csv", 300)
    matcher = Matcher(CatalogIndex(catalog))
    records = read_trade_file(tmp_path / "trade.csv", logos=matcher.index.logos).records
    rows = [r for s in ingest_file(tmp_path / "teardown.csv").sheets for r in s.rows]
    chains = ChainBuilder(catalog, recovered=dt.date(2023, 5, 1))
    queries = [
        q for o in _outcomes(rows, matcher, catalog, None) if (q := chains.query(o))
    ]
    queries += [dataclasses.replace(q, earliest=None) for q in queries[:50]]
    queries += [
        dataclasses.replace(q, earliest=None, latest=None) for q in queries[:50]
    ]
    source = TradeSource()
    source.add_records(records)
    reading: Catalogs = trade_catalogs(catalog, matcher)
    duck = link_parts(queries, source, reading, engine=DuckEngine())
    on_spark = link_parts(queries, source, reading, engine=spark)  # type: ignore[arg-type]
    assert sum(1 for r in duck.values() if r.links) > 250
    assert _rows(on_spark) == _rows(duck)
