"""The teardown report's view model: a ``TraceResult`` -> figures, charts, rows and notes.

Pure. Every figure the report shows is computed from the run's output rows by
``figures`` (so a test can recount it); this module adds what only a live run knows
(the catalog rows behind identifications, every candidate with its evidence) and the
sources the report cites.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import pycountry
from markupsafe import Markup

from bomtrace.catalog.partstore import PartsByRef
from bomtrace.export.table import COLUMNS
from bomtrace.model import RowOutcome, Status
from bomtrace.report import figures as fg
from bomtrace.report import parties as pt
from bomtrace.report import reported as rp
from bomtrace.report.chains import intermediary_chains
from bomtrace.report.legend import confidence_by_method
from bomtrace.report.notices import illustrative_notices, sheet_titles
from bomtrace.report.parts_table import (
    RowEvidence,
    anchor,
    column_styles,
    render_rows,
    shared_evidence,
    table_columns,
)
from bomtrace.report.sources import control_lines, part_libraries_used, party_label

if TYPE_CHECKING:
    from bomtrace.catalog.records import Catalog, PartRecord
    from bomtrace.result import TraceResult

TOP_MAKERS = 15
TOP_CHAINS = 12


def country_name(code: str) -> str:
    """'US' -> 'United States' (the code itself when pycountry does not know it)."""
    if not code:
        return "unknown"
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def origin_charts(rows: Sequence[fg.Row]) -> dict[str, Any]:
    """The bar-chart data of identified rows: by maker country, maker and category."""
    identified = [r for r in rows if fg.is_identified(r)]
    by_maker = fg.count_by(identified, lambda r: str(r["manufacturer"]))
    return {
        "by_country": fg.count_by(
            identified,
            lambda r: country_name(str(r.get("manufacturer_country") or "")),
            empty="unknown",
        ),
        "by_maker": by_maker[:TOP_MAKERS],
        "other_makers": sum(n for _, n in by_maker[TOP_MAKERS:]),
        "other_maker_names": len(by_maker[TOP_MAKERS:]),
        "by_category": fg.count_by(
            identified, lambda r: str(r.get("category") or ""), empty="no category"
        ),
    }


def year_context(rows: Sequence[fg.Row], columns: Sequence[str]) -> dict[str, Any]:
    """The production-year histogram's data, or why it is not available."""
    if fg.PRODUCED_FROM not in columns:
        return {"available": False, "years": [], "spanning": 0, "dated": 0}
    parts = [r for r in rows if fg.is_part(r)]
    years, spanning = fg.production_years(parts)
    return {
        "available": True,
        "years": years,
        "spanning": spanning,
        "dated": sum(n for _, n in years),
        "undated": len(parts) - sum(n for _, n in years) - spanning,
    }


def _catalog_rows(catalog: Catalog) -> Callable[[str], PartRecord | None]:
    """The catalog part a ref (``file:line``) cites, looked up one at a time."""
    found = PartsByRef(catalog.parts)

    def part(ref: str) -> PartRecord | None:
        file, _, line = ref.rpartition(":")
        return found.get(file, int(line)) if line.isdigit() else None

    return part


def row_evidence(
    outcome: RowOutcome, parts: Callable[[str], PartRecord | None]
) -> RowEvidence | None:
    """The candidates and catalog row behind one row (None for skipped rows)."""
    if outcome.status is Status.SKIPPED:
        return None
    ident = outcome.identification
    if ident is None:
        return RowEvidence()
    # One line per distinct candidate, as the candidates column lists them.
    distinct: dict[tuple[str, str], tuple[str, str, str, float, str]] = {}
    for c in ident.candidates:
        distinct.setdefault(
            (c.maker, c.mpn),
            (c.maker, c.mpn, c.method.value, c.score, str(c.catalog_ref or "")),
        )
    candidates = tuple(distinct.values())
    first = ident.candidates[0] if ident.candidates else None
    ref = str(first.catalog_ref) if first is not None and first.catalog_ref else ""
    part = parts(ref) if ref else None
    return RowEvidence(
        candidates=candidates,
        catalog_ref=ref if part is not None else "",
        description=part.description if part is not None else "",
    )


def distributors_by_maker(rows: Iterable[fg.Row]) -> list[tuple[str, list[str], int]]:
    """Per maker of identified rows: the distributors its rows name, and how many rows."""
    found: dict[str, tuple[set[str], list[int]]] = {}
    for row in rows:
        names = pt.distributors(row)
        if fg.is_identified(row) and names:
            entry = found.setdefault(str(row["manufacturer"]), (set(), [0]))
            entry[0].update(names)
            entry[1][0] += 1
    return [(maker, sorted(names, key=str.casefold), count[0])
            for maker, (names, count) in sorted(found.items())]  # fmt: skip


def optional_columns(columns: Sequence[str]) -> dict[str, bool]:
    """Which provenance columns the parts table shows (those the run has)."""
    return {
        "chpl": fg.CHPL_TIER in columns,
        "produced": fg.PRODUCED_FROM in columns,
        "intermediaries": fg.INTERMEDIARIES in columns,
        "reported": rp.has_column(columns),
    }


def sources_used(result: TraceResult, rows: Iterable[fg.Row]) -> list[dict[str, str]]:
    """The sources behind the report's claims, with their dates where the data has one."""
    catalog = result.catalog
    used: list[dict[str, str]] = []
    if catalog.coalition:
        first = next(iter(catalog.coalition.values()))
        used.append({"what": "export-control coalition countries", "source": first.source,
                     "date": first.as_of})  # fmt: skip
    if catalog.chpl:
        first_tier = next(iter(catalog.chpl.values()))
        used.append({"what": "Common High Priority List tiers", "source": first_tier.source,
                     "date": first_tier.list_date})  # fmt: skip
    used.extend(part_libraries_used(catalog))
    for label, date, source in control_lines(catalog):
        used.append({"what": label, "source": source, "date": date})
    used.extend(reported_sources(catalog, rows))
    for item in used:
        item["party"] = party_label(item["source"])
    return used


def reported_context(
    records: Sequence[fg.Row], columns: Sequence[str]
) -> dict[str, Any]:
    """The "Reported before" section: parts reported in other weapons, every link, and
    the rows that are themselves published records."""
    if not rp.has_column(columns):
        return {"available": False}
    identified = [r for r in records if fg.is_identified(r)]
    links = rp.link_lines(records)
    published = [r for r in records if rp.is_published(r)]
    return {
        "available": True,
        "identified": len(identified),
        "count": sum(1 for r in identified if rp.elsewhere(r)),
        "parts": rp.reported_parts(records),
        "unidentified": sum(
            1
            for r in records
            if fg.is_part(r) and not fg.is_identified(r) and rp.elsewhere(r)
        ),
        "links": links,
        "published": len(published),
        "publishers": sorted({e.source for r in published for e in rp.own_records(r)}),
        "part_rows": sum(1 for r in records if fg.is_part(r)),
        "disagreements": rp.disagreements(identified),
    }


def reported_sources(
    catalog: Catalog, records: Iterable[fg.Row]
) -> list[dict[str, str]]:
    """The published-record catalogs the rows' ``reported_in`` cites, once each."""
    cited = {e.record for r in records for e in rp.entries(r)}
    if not cited:
        return []
    by_file: dict[str, str] = {}
    for record in catalog.reported:
        if str(record.ref) in cited:
            by_file.setdefault(record.ref.file, record.source)
    return [
        {"what": f"components published as found in weapons ({name}), with the source's maker attribution",
         "source": source, "date": ""}
        for name, source in sorted(by_file.items())
    ]  # fmt: skip


def build_context(result: TraceResult) -> dict[str, Any]:
    """Everything the teardown template shows, computed from the rows."""
    counts = result.counts
    records = result.records()
    columns = list(records[0]) if records else list(COLUMNS)
    figures = fg.teardown_figures(records, columns)
    parts = _catalog_rows(result.catalog)
    platform = result.info.platform
    evidence = [row_evidence(o, parts) for o in result.outcomes]
    cited = sorted(
        {e.catalog_ref for e in evidence if e is not None and e.catalog_ref},
        key=lambda ref: (ref.rpartition(":")[0], int(ref.rpartition(":")[2] or 0)),
    )
    cols = table_columns(optional_columns(columns))
    shared = shared_evidence(records)
    identified_makers = sorted(
        {str(r["manufacturer"]) for r in records if fg.is_identified(r)}
    )
    maker_sources = {}
    for maker in identified_makers:
        record = result.catalog.makers.get(maker)
        if record is not None:
            maker_sources[maker] = f"{record.source} ({record.ref})"
    chains = (
        intermediary_chains(records, lambda _r: platform or result.info.name)
        if fg.INTERMEDIARIES in columns
        else []
    )
    coalition = list(result.catalog.coalition.values())
    return {
        "info": result.info,
        "counts": counts,
        "reconciliation": counts.line(),
        "reconciles": counts.reconciles(),
        "figures": figures,
        "fig": fg.by_key(figures),
        "not_available": fg.NOT_AVAILABLE,
        "notices": illustrative_notices(records),
        "titles": sheet_titles(records),
        "problems": result.problems,
        "columns": cols,
        # render_rows and column_styles escape every value themselves.
        "table_rows": Markup(
            render_rows(zip(records, evidence, strict=True), cols, platform, shared)
        ),
        "shared_evidence": [
            (ident, line, rows, party_label(line))
            for line, (ident, rows) in shared.items()
        ],
        "table_css": Markup(column_styles("parts-table", cols)),
        "cited": [(anchor(ref), parts(ref)) for ref in cited],
        "chains_available": fg.INTERMEDIARIES in columns,
        "distributors_available": fg.DISTRIBUTORS in columns,
        "distributors": distributors_by_maker(records),
        "chains": chains[:TOP_CHAINS],
        "more_chains": chains[TOP_CHAINS:],
        "year": year_context(records, columns),
        "control_lines": control_lines(result.catalog),
        "confidence_by_method": confidence_by_method(records),
        "maker_sources": maker_sources,
        "sources": sources_used(result, records),
        "coalition_as_of": coalition[0].as_of if coalition else "",
        "coalition_source": coalition[0].source if coalition else "",
        "coalition_count": sum(1 for c in coalition if c.member),
        "status_counts": Counter(str(r["status"]) for r in records),
        "reported": reported_context(records, columns),
        **origin_charts(records),
    }
