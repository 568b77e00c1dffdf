"""The report's view model: a ``TraceResult`` -> counts, shares, tables and notes.

Pure. Every figure the report shows is computed here from the rows, so a test can check
that each equals the rows it summarises.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pycountry

from bomtrace.model import CoalitionOrigin, RowOutcome, Status

if TYPE_CHECKING:
    from bomtrace.api import TraceResult

TOP_MAKERS = 15


def country_name(code: str) -> str:
    """'US' -> 'United States' (the code itself when pycountry does not know it)."""
    if not code:
        return "unknown"
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def _identified(outcomes: Iterable[RowOutcome]) -> list[RowOutcome]:
    return [
        o
        for o in outcomes
        if o.status is Status.MATCHED and o.identification and o.identification.maker
    ]


def build_context(result: TraceResult) -> dict[str, Any]:
    """Everything the template shows, computed from the rows."""
    counts = result.counts
    outcomes = result.outcomes
    identified = _identified(outcomes)
    by_country = Counter(
        country_name(o.origin.country if o.origin else "") for o in identified
    )
    by_maker = Counter(o.identification.maker for o in identified if o.identification)
    coalition = sum(
        1 for o in identified if o.origin and o.origin.coalition is CoalitionOrigin.YES
    )
    info = result.info
    sources = {}
    for maker in sorted(by_maker):
        record = result.catalog.makers.get(maker)
        if record is not None:
            sources[maker] = f"{record.source} ({record.ref})"
    return {
        "info": info,
        "counts": counts,
        "reconciliation": counts.line(),
        "reconciles": counts.reconciles(),
        "identified": len(identified),
        "coalition": coalition,
        "coalition_share": round(100 * coalition / len(identified))
        if identified
        else 0,
        "by_country": by_country.most_common(),
        "by_maker": by_maker.most_common(TOP_MAKERS),
        "other_makers": sum(by_maker.values())
        - sum(v for _, v in by_maker.most_common(TOP_MAKERS)),
        "rows": result.records(),
        "problems": result.problems,
        "maker_sources": sources,
        "coalition_files": [f for f in info.catalogs if f.kind == "coalition"],
        "coalition_source": next(iter(result.catalog.coalition.values())).source
        if result.catalog.coalition
        else "",
        "coalition_as_of": next(iter(result.catalog.coalition.values())).as_of
        if result.catalog.coalition
        else "",
        "coalition_count": sum(
            1 for c in result.catalog.coalition.values() if c.member
        ),
    }
