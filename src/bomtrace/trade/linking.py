"""Linking parts to shipments with an engine: the tables the SQL reads, and its answer.

I/O around pure rules. ``TradeSource`` is where the shipments are: store folders and
files read in this run, in the order given (a shipment's id follows that order).
``link_parts`` turns the parts' ``PartQuery`` lookups into tables, has an engine run
``sql.links_sql`` on them (DuckDB by default, or Spark), fetches the linked shipments
and writes each link's evidence with ``provenance.trade.link_evidence``, so every
engine gives the same links, ranks and words.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import pyarrow as pa

from bomtrace.catalog.records import CatalogFile
from bomtrace.model import TradeLink, TradeRecord
from bomtrace.provenance.trade import (
    SHOWN_LINKS,
    STRENGTHS,
    LinkResult,
    PartQuery,
    days,
    hs_blocks,
    link_evidence,
    number_blocks,
)
from bomtrace.trade.records import MAKERS, READINGS, to_tables
from bomtrace.trade.store import TradeStore
from bomtrace.version import __version__

ENGINES = ("duckdb", "spark")
Identify = Callable[[str], str]


def catalogs_fingerprint(files: Iterable[CatalogFile]) -> str:
    """What the catalogs' readings of numbers depend on: the files and bomtrace's version."""
    digest = hashlib.sha256(__version__.encode())
    for sha in sorted(f.sha256 for f in files):
        digest.update(sha.encode())
    return digest.hexdigest()[:16]


def read_numbers(numbers: Sequence[str], identify: Identify | None) -> pa.Table:
    """The catalogs' reading of each declared number (``records.READINGS``).

    Without ``identify`` every number counts as naming a part, and base-part links
    (through the catalog part a number is read as) are not made.
    """
    from bomtrace.normalise.rules import compact

    parts = [compact(identify(n)) if identify else "" for n in numbers]
    return pa.Table.from_pydict(
        {
            "number": list(numbers),
            "part_key": parts,
            "names_part": [bool(p) or identify is None for p in parts],
        },
        schema=READINGS,
    )


@dataclass(slots=True)
class SourcePart:
    """A store folder or the shipments of one file, and where its ids start."""

    offset: int
    store: TradeStore | None = None
    records: Sequence[TradeRecord] = ()
    _tables: tuple[pa.Table, pa.Table] | None = None

    @property
    def size(self) -> int:
        return self.store.next_id if self.store is not None else len(self.records)

    def tables(self) -> tuple[pa.Table, pa.Table]:
        """The ``records`` (the columns linking reads) and ``numbers`` tables of
        shipments read in this run."""
        if self._tables is None:
            self._tables = to_tables(self.records, 0, link_only=True)
        return self._tables


@dataclass(slots=True)
class TradeSource:
    """The shipments a run links against, in the order its files and stores were given."""

    parts: list[SourcePart] = field(default_factory=list)

    def add_store(self, store: TradeStore) -> None:
        self.parts.append(SourcePart(offset=self._end(), store=store))

    def add_records(self, records: Sequence[TradeRecord]) -> None:
        if records:
            self.parts.append(SourcePart(offset=self._end(), records=records))

    def _end(self) -> int:
        return self.parts[-1].offset + self.parts[-1].size if self.parts else 0

    def __bool__(self) -> bool:
        return any(p.size for p in self.parts)


@dataclass(slots=True)
class QueryTables:
    """The parts' lookups as the SQL's ``queries``, ``query_numbers`` and ``query_hs``."""

    queries: pa.Table
    numbers: pa.Table
    hs: pa.Table
    # (qid, strength, block) -> the words of the evidence.
    why: dict[tuple[int, int, int], str]


def query_tables(queries: Sequence[PartQuery]) -> QueryTables:
    """Each part's lookups, numbered by its position in ``queries``."""
    rank = {s: i for i, s in enumerate(STRENGTHS)}
    q: dict[str, list[object]] = {"qid": [], "earliest": [], "latest": []}
    n: dict[str, list[object]] = {
        k: [] for k in ("qid", "strength", "block", "kind", "key")
    }
    h: dict[str, list[object]] = {
        k: [] for k in ("qid", "strength", "block", "maker", "hs")
    }
    why: dict[tuple[int, int, int], str] = {}
    for qid, query in enumerate(queries):
        q["qid"].append(qid)
        q["earliest"].append(days(query.earliest))
        q["latest"].append(days(query.latest))
        for block in number_blocks(query):
            strength = rank[block.strength]
            for name, value in zip(
                n, (qid, strength, block.order, block.column, block.key), strict=True
            ):
                n[name].append(value)
            why[(qid, strength, block.order)] = block.why
        for hs in hs_blocks(query):
            strength = rank[hs.strength]
            for name, value in zip(
                h, (qid, strength, hs.order, hs.maker, hs.hs), strict=True
            ):
                h[name].append(value)
            why[(qid, strength, hs.order)] = hs.why
    small = pa.int32()
    return QueryTables(
        queries=pa.table(
            {"qid": pa.array(q["qid"], small), "earliest": pa.array(q["earliest"], small),
             "latest": pa.array(q["latest"], small)}
        ),
        numbers=pa.table(
            {"qid": pa.array(n["qid"], small), "strength": pa.array(n["strength"], small),
             "block": pa.array(n["block"], small), "kind": pa.array(n["kind"], pa.string()),
             "key": pa.array(n["key"], pa.string())}
        ),
        hs=pa.table(
            {"qid": pa.array(h["qid"], small), "strength": pa.array(h["strength"], small),
             "block": pa.array(h["block"], small), "maker": pa.array(h["maker"], pa.string()),
             "hs": pa.array(h["hs"], pa.string())}
        ),
        why=why,
    )  # fmt: skip


# One row of the SQL's answer: qid, record_id, strength, block, position, total.
LinkRow = tuple[int, int, int, int, int, int]


class Engine(Protocol):
    """Runs the linking SQL over a source; fetches shipments by id."""

    def distinct(self, source: TradeSource, column: str) -> list[str]:
        """Distinct values of ``numbers.number`` or ``records.maker_written``."""
        ...

    def store_readings(self, store: TradeStore) -> pa.Table: ...

    def run(
        self,
        source: TradeSource,
        tables: QueryTables,
        readings: pa.Table,
        makers: pa.Table,
        limit: int,
    ) -> list[LinkRow]: ...

    def fetch(
        self, source: TradeSource, ids: Sequence[int]
    ) -> dict[int, TradeRecord]: ...


@dataclass(slots=True)
class Catalogs:
    """What linking needs from the catalogs: makers' names and numbers read as parts."""

    resolve_maker: Callable[[str], str]
    identify_number: Identify | None = None
    fingerprint: str = ""


def readings_for(
    engine: Engine, source: TradeSource, catalogs: Catalogs, notes: list[str]
) -> pa.Table:
    """The readings of every declared number: a store's own when its catalogs are the
    run's, else read now (for the numbers of files read in this run, always)."""
    found: list[pa.Table] = []
    stale = TradeSource()
    for part in source.parts:
        store = part.store
        if (
            store is not None
            and catalogs.identify_number is not None
            and store.readings_catalogs == catalogs.fingerprint
            and store.readings_path.is_file()
        ):
            found.append(engine.store_readings(store))
        else:
            stale.parts.append(part)
    if stale:
        numbers = engine.distinct(stale, "number")
        if any(p.store is not None for p in stale.parts):
            notes.append(
                f"{len(numbers):,} declared numbers of the store read with this run's"
                " catalogs (the store was made with other catalogs)"
            )
        found.append(read_numbers(numbers, catalogs.identify_number))
    if not found:
        return READINGS.empty_table()
    if len(found) == 1:
        return found[0]
    # Stores and files share numbers: one reading each.
    table = (
        pa.concat_tables(found)
        .group_by("number")
        .aggregate([("part_key", "max"), ("names_part", "any")])
    )
    return pa.table(
        {
            "number": table["number"],
            "part_key": table["part_key_max"],
            "names_part": table["names_part_any"],
        },
        schema=READINGS,
    )


def link_parts(
    queries: Sequence[PartQuery],
    source: TradeSource,
    catalogs: Catalogs,
    *,
    engine: Engine | None = None,
    limit: int = SHOWN_LINKS,
    notes: list[str] | None = None,
) -> dict[PartQuery, LinkResult]:
    """The links of each part (distinct queries), strongest first, with their totals."""
    unique = list(dict.fromkeys(queries))
    if not unique or not source:
        return {q: LinkResult(links=(), total=0) for q in unique}
    if engine is None:
        from bomtrace.trade.duck import DuckEngine

        engine = DuckEngine()
    said: list[str] = notes if notes is not None else []
    readings = readings_for(engine, source, catalogs, said)
    written = engine.distinct(source, "maker_written")
    makers = pa.Table.from_pydict(
        {"written": written, "maker": [catalogs.resolve_maker(w) for w in written]},
        schema=MAKERS,
    )
    tables = query_tables(unique)
    rows = engine.run(source, tables, readings, makers, limit)
    records = engine.fetch(source, sorted({row[1] for row in rows}))
    return assemble(unique, tables, rows, records)


def assemble(
    queries: Sequence[PartQuery],
    tables: QueryTables,
    rows: Iterable[LinkRow],
    records: Mapping[int, TradeRecord],
) -> dict[PartQuery, LinkResult]:
    """Each part's links in rank order, with the evidence of each."""
    links: dict[int, list[tuple[int, TradeLink]]] = {}
    totals: dict[int, int] = {}
    for qid, record_id, strength, block, position, total in rows:
        query = queries[qid]
        record = records[record_id]
        kind = STRENGTHS[strength]
        why = tables.why[(qid, strength, block)]
        links.setdefault(qid, []).append(
            (
                position,
                TradeLink(
                    record=record,
                    strength=kind,
                    evidence=link_evidence(record, kind, why, query),
                ),
            )
        )
        totals[qid] = int(total)
    return {
        query: LinkResult(
            links=tuple(
                link for _, link in sorted(links.get(qid, []), key=lambda x: x[0])
            ),
            total=totals.get(qid, 0),
        )
        for qid, query in enumerate(queries)
    }
