"""The library API of trade records at archive scale: import into a store, link runs.

Orchestration, like ``bomtrace.api``. ``import_trade`` reads declaration files into a
store folder with the catalogs' reading of their numbers. ``link_runs`` looks up the
shipments of every matched row of ``bomtrace trace`` runs (their JSON files) in trade
records, with DuckDB or Spark, and writes the links (``links_file``) that ``bomtrace
trace --links`` reads back. Never prints; the CLI shows what they return.

    >>> from bomtrace.trade.api import import_trade, link_runs
    >>> import_trade(["declarations_2022.csv"], "store/")
    >>> link_runs(["reports/teardown.json"], ["store/"], "links/", engine="spark")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bomtrace.api import read_column_overrides, trade_catalogs
from bomtrace.catalog import Catalog, CatalogIndex, load_catalogs
from bomtrace.errors import TradeStoreError
from bomtrace.export.run_document import RunDocument, read_run
from bomtrace.ingest.limits import Limits
from bomtrace.ingest.trade_columns import TRADE_ROLES
from bomtrace.match import Matcher
from bomtrace.model import Problem, Severity
from bomtrace.provenance.chain import part_query
from bomtrace.provenance.trade import LinkResult, PartQuery
from bomtrace.references import load_references
from bomtrace.remedies import Setting
from bomtrace.report.run_files import find_run_files
from bomtrace.trade.linking import ENGINES, Engine, link_parts, read_numbers
from bomtrace.trade.links_file import AskedRow, link_rows, write_links
from bomtrace.trade.store import IMPORT_LIMITS, ImportResult, import_files


def import_trade(
    files: Sequence[str | Path],
    store: str | Path,
    *,
    catalog: Catalog | None = None,
    extra_catalogs: Sequence[str | Path] = (),
    columns: str | Path | Mapping[str, str] | None = None,
    limits: Limits = IMPORT_LIMITS,
    progress: Callable[[str, int], None] | None = None,
) -> ImportResult:
    """Reads customs declaration files (CSV, XLSX, Parquet) into a store folder.

    Args:
        files: the declaration files; one already in the store is not read again.
        store: the store folder (made when new or empty).
        catalog / extra_catalogs: the catalogs numbers are read with.
        columns: a trade column mapping for layouts whose headers are not recognised.
        progress: called as ``progress(file name, records read so far)``.
    """
    catalog = catalog or load_catalogs(None, extra_catalogs)
    matcher = Matcher(CatalogIndex(catalog))
    reading = trade_catalogs(catalog, matcher)
    return import_files(
        files,
        store,
        readings=lambda numbers: read_numbers(numbers, reading.identify_number),
        catalogs=reading.fingerprint,
        columns=read_column_overrides(columns, TRADE_ROLES, Setting.TRADE_COLUMNS),
        logos=matcher.index.logos,
        limits=limits,
        progress=progress,
    )


@dataclass(slots=True)
class LinkRunsResult:
    """What ``link_runs`` linked and wrote."""

    runs: list[RunDocument] = field(default_factory=list)
    asked: list[AskedRow] = field(default_factory=list)
    linked: dict[PartQuery, LinkResult] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def rows_linked(self) -> int:
        """Matched rows with at least one shipment."""
        return sum(1 for a in self.asked if self.linked.get(a.query, _NONE).links)


_NONE = LinkResult(links=(), total=0)


def _date(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def asked_rows(run: RunDocument, catalog: Catalog) -> list[AskedRow]:
    """The matched rows of a run, each with its part's shipment lookup, made as
    ``bomtrace trace`` makes it (``provenance.chain.part_query``)."""
    codes: dict[tuple[str, str], tuple[str, ...]] = {}
    for part in catalog.parts:
        codes.setdefault((part.maker, part.mpn), part.distributor_pns)
    latest = _date(run.recovered)
    asked = []
    for row in run.rows:
        if row.get("status") != "matched":
            continue
        mpn, maker = str(row.get("mpn") or ""), str(row.get("manufacturer") or "")
        query = part_query(
            mpn=mpn,
            method=str(row.get("match_method") or ""),
            marking_normalised=str(row.get("marking_normalised") or ""),
            cells=(
                str(row.get("part_number_given") or ""),
                str(row.get("marking") or ""),
            ),
            distributor_codes=codes.get((maker, mpn), ()),
            maker=maker,
            hs_code=str(row.get("hs_code") or ""),
            earliest=_date(row.get("produced_from"))
            if row.get("produced_to")
            else None,
            latest=latest,
        )
        asked.append(
            AskedRow(
                run=run.name,
                run_file=Path(run.path).name,
                source_file=str(row.get("source_file") or ""),
                source_sheet=str(row.get("source_sheet") or ""),
                source_row=int(row.get("source_row") or 0),
                marking=str(row.get("marking") or ""),
                query=query,
            )
        )
    return asked


def make_engine(engine: str, spark_master: str | None = None) -> Engine:
    """The engine named: ``duckdb`` (embedded) or ``spark`` (local or a cluster)."""
    if engine == "duckdb":
        from bomtrace.trade.duck import DuckEngine

        return DuckEngine()
    if engine == "spark":
        from bomtrace.trade.spark import SparkEngine

        return SparkEngine(spark_master)
    raise TradeStoreError(
        f"unknown linking engine '{engine}'", remedy=f"Choose {' or '.join(ENGINES)}"
    )


def link_runs(
    runs: Sequence[str | Path],
    trade: Sequence[str | Path],
    out_dir: str | Path,
    *,
    engine: str | Engine = "duckdb",
    spark_master: str | None = None,
    catalog: Catalog | None = None,
    extra_catalogs: Sequence[str | Path] = (),
    trade_columns: str | Path | Mapping[str, str] | None = None,
) -> LinkRunsResult:
    """Links the matched rows of runs to trade records and writes the links.

    Args:
        runs: JSON run files of ``bomtrace trace``, or folders holding them.
        trade: store folders, or declaration files (CSV, XLSX, Parquet).
        out_dir: the folder for ``links.parquet`` and ``links.csv``.
        engine: ``duckdb`` (the default), ``spark``, or an engine object.
        spark_master: Spark's master URL (default ``local[2]``).
    """
    catalog = catalog or load_catalogs(None, extra_catalogs)
    matcher = Matcher(CatalogIndex(catalog))
    result = LinkRunsResult()
    for path in find_run_files(runs):
        run = read_run(path)
        result.runs.append(run)
        result.asked.extend(asked_rows(run, catalog))
    references = load_references(
        trade,
        trade_columns=read_column_overrides(
            trade_columns, TRADE_ROLES, Setting.TRADE_COLUMNS
        ),
        logos=matcher.index.logos,
    )
    result.problems.extend(references.problems)
    chosen = make_engine(engine, spark_master) if isinstance(engine, str) else engine
    notes: list[str] = []
    try:
        result.linked = link_parts(
            [a.query for a in result.asked],
            references.source,
            trade_catalogs(catalog, matcher),
            engine=chosen,
            notes=notes,
        )
    finally:
        stop = getattr(chosen, "stop", None)
        if isinstance(engine, str) and callable(stop):
            stop()
    result.problems.extend(
        Problem(file="trade records", message=n, severity=Severity.NOTE) for n in notes
    )
    result.written = write_links(link_rows(result.asked, result.linked), Path(out_dir))
    return result
